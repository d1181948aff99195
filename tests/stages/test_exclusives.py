"""Exclusives: what each outlet alone reports, by meaning, with wire copies as one report."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.model import Sentence
from newsfuse.settings import Settings
from newsfuse.stages.exclusives import stands_alone


def sid_where(cluster, pred) -> str:
    return next(sid for sid, a in zip(cluster.source_ids, cluster.articles) if pred(a))


def texts(cluster, sid: str) -> list[str]:
    ex = [e for e in cluster.exclusive if e.source == sid]
    return [i.text for e in ex for i in e.items]


@pytest.fixture(scope="module")
def seeds(seeds_dir, make_cluster):
    return make_cluster(seeds_dir, "exclusive")


@pytest.fixture(scope="module")
def harbour(example_dir, make_cluster):
    return make_cluster(example_dir, "exclusive")


def seed(cluster, prefix):
    return sid_where(cluster, lambda a: Path(a.source).name.startswith(prefix))


def test_seeds_washington_post_exclusives_include_tanf(seeds):
    assert any("Tanf" in t for t in texts(seeds, seed(seeds, "003")))


def test_seeds_cgtn_afp_exclusives_include_turkish_foreign_minister(seeds):
    assert any("Turkish Foreign Minister" in t for t in texts(seeds, seed(seeds, "000")))


def test_seeds_remark_every_outlet_reports_is_not_exclusive(seeds):
    """Trump's "100 percent of the caliphate ... next week" is told by all four outlets, in other words."""
    for sid in seeds.source_ids:
        assert not any("next week" in t for t in texts(seeds, sid)), sid


def test_seeds_shape_and_limits(seeds):
    for e in seeds.exclusive:
        d = e.to_dict()
        assert 1 <= len(d["items"]) <= Settings().exclusive_per_source
        for item in d["items"]:
            article = seeds.article(e.items[0].citation.article_id)
            assert article.text[item["start"]:item["end"]] == item["text"]
            assert isinstance(item["sentence"], int)


def test_harbour_each_report_has_its_own_news(harbour):
    afp = sid_where(harbour, lambda a: a.outlet == "The Coastal Times")
    courier = sid_where(harbour, lambda a: a.outlet == "Harbour Courier")
    elling = sid_where(harbour, lambda a: a.outlet == "Elling Daily News")
    radio = sid_where(harbour, lambda a: a.outlet == "Northshore Radio")
    ledger = sid_where(harbour, lambda a: a.outlet == "Valley Ledger")
    lead = min(afp, courier, key=lambda s: int(s[1:]))
    assert any("Marlow Bay" in t for t in texts(harbour, lead))
    assert any("Grain prices" in t for t in texts(harbour, elling))
    assert any("vigil" in t for t in texts(harbour, radio))
    assert any("inspection" in t for t in texts(harbour, ledger))


def test_harbour_wire_copies_are_one_report(harbour):
    afp = {sid_where(harbour, lambda a: a.outlet == "The Coastal Times"), sid_where(harbour, lambda a: a.outlet == "Harbour Courier")}
    listed = [e for e in harbour.exclusive if e.source in afp]
    assert len(listed) == 1  # listed once, under the first masthead
    assert set(listed[0].copies) == afp - {listed[0].source}
    assert listed[0].to_dict()["copies"] == sorted(afp - {listed[0].source})


def test_harbour_conflicting_figure_is_not_an_exclusive(harbour):
    """Two injured (Elling) against three hurt (Northshore): the same news, shown as a figure conflict."""
    allx = [t for e in harbour.exclusive for t in (i.text for i in e.items)]
    assert not any("firefighters were injured" in t or "firefighters were hurt" in t for t in allx)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("The port authority said ships had been diverted to Marlow Bay overnight.", True),
        ("He said the ships had been diverted to Marlow Bay overnight.", False),
        ("But the ships had been diverted to Marlow Bay overnight, officials said.", False),
        ("Were the ships diverted to Marlow Bay overnight by the port authority?", False),
        ("“We owe these crews more than we can say,” he said.", False),
        ("“We could see it from the other side of the bay.”", False),
        ("Ships diverted.", False),
    ],
)
def test_stands_alone(text, ok):
    assert stands_alone(Sentence("a", 0, 0, len(text), text)) is ok


def test_fast_mode_finds_exclusives(example_dir, make_cluster):
    cluster = make_cluster(example_dir, "exclusive", fast=True)
    radio = sid_where(cluster, lambda a: a.outlet == "Northshore Radio")
    assert any("vigil" in t for t in texts(cluster, radio))
