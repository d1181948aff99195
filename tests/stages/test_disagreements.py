"""Disagreements in the summary: conflicting figures said in one sentence, each value cited to its outlets."""

from __future__ import annotations

import pytest

from newsfuse.model.results import FigureGroup
from newsfuse.stages.disagreements import disagreements_of
from newsfuse.stages.figures import make_groups

FOOTBRIDGE = "tests/fixtures/disagreements/footbridge"


@pytest.fixture(scope="module", params=[False, True], ids=["default", "fast"])
def example_brief(request, example_dir):
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles
    from newsfuse.settings import Settings

    return make_brief(read_articles([example_dir]), Settings(fast=request.param))


def _outlet(brief, sid: str) -> str:
    return brief.source(sid).article.outlet


def test_example_says_two_against_three_firefighters_injured(example_brief):
    (d,) = example_brief.disagreements
    assert d.text == "The reports disagree on the number of firefighters injured: 2 firefighters against 3 firefighters."
    assert [(v.value, [_outlet(example_brief, s) for s in v.sources]) for v in d.values] == [
        (2, ["Elling Daily News"]), (3, ["Northshore Radio"])]
    assert d.reports == 2


def test_each_value_cites_the_passage_of_its_outlet_that_states_it(example_brief):
    (d,) = example_brief.disagreements
    for v, word in zip(d.values, ("Two", "Three")):
        (c,) = v.citations
        article = example_brief.source(c.source_id).article
        assert article.text[c.start:c.end] == word
        sentence = next(s for s in _sentences(article) if s.index == c.sentence_index)
        assert sentence.start <= c.start < sentence.end and "firefighters" in sentence.text


def _sentences(article):
    from newsfuse.text.sentences import split_sentences

    return split_sentences(article)


def test_the_sentence_reaches_every_writer_with_its_marks(example_brief):
    numbers = {s.id: i for i, s in enumerate(example_brief.sources, 1)}
    elling = next(s.id for s in example_brief.sources if s.article.outlet == "Elling Daily News")
    radio = next(s.id for s in example_brief.sources if s.article.outlet == "Northshore Radio")
    line = (f"The reports disagree on the number of firefighters injured: 2 firefighters [{numbers[elling]}] "
            f"against 3 firefighters [{numbers[radio]}].")
    summary_md = example_brief.to_markdown().split("## Summary", 1)[1].split("##", 1)[0]
    assert line in summary_md
    summary_text = example_brief.to_text().split("Summary\n-------", 1)[1].split("\n\n", 2)[1]
    assert line in summary_text
    html = example_brief.to_html()
    summary_html = html.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert f'<b>2 firefighters</b><a class="cite" href="#{elling}-s2"' in summary_html
    assert f'<b>3 firefighters</b><a class="cite" href="#{radio}-s2"' in summary_html
    doc = example_brief.to_dict()
    (x,) = doc["disagreements"]
    assert [v["display"] for v in x["values"]] == ["2 firefighters", "3 firefighters"]
    assert [v["sources"] for v in x["values"]] == [[elling], [radio]]


def test_brief_json_with_a_disagreement_validates(example_brief):
    from newsfuse.schema import validate_brief

    validate_brief(example_brief.to_dict())


def test_a_wire_copy_is_cited_with_its_twin_and_counted_once(make_cluster):
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles

    brief = make_brief(read_articles([FOOTBRIDGE]))
    outlets = {s.id: s.article.outlet for s in brief.sources}
    (d,) = brief.disagreements
    assert [(v.value, sorted(outlets[s] for s in v.sources), v.independent) for v in d.values] == [
        (14, ["Brellin Herald", "Varn Post"], 1), (12, ["River Radio"], 1)]
    assert d.reports == 2
    assert d.text.startswith("The reports disagree on the number of people killed")


def test_values_the_support_relation_holds_unrelated_are_never_a_disagreement(make_cluster, example_dir):
    cluster = make_cluster(example_dir)
    figures = {(f.source_id, f.text): f for g in cluster.figures for f in g.figures}
    elling = next(sid for a, sid in zip(cluster.articles, cluster.source_ids) if a.outlet == "Elling Daily News")
    ledger = next(sid for a, sid in zip(cluster.articles, cluster.source_ids) if a.outlet == "Valley Ledger")
    # An alignment error made by hand: the Ledger's tonnes of fertiliser against the Elling Daily
    # News's 72 firefighters sent, values that cannot both be true, sentences about other facts.
    wrong = make_groups([[figures[(ledger, "Between 20 and 25 tonnes")], figures[(elling, "Seventy-two firefighters")]]],
                        dict(cluster.reports.of))
    assert [g.status for g in wrong] == ["conflict"]
    assert disagreements_of(cluster.assign(figures=wrong)) == ()
    real = tuple(g for g in cluster.figures if g.status == "conflict")
    assert [d.about for d in disagreements_of(cluster.assign(figures=real))] == ["firefighters injured"]


def test_only_conflicts_are_said_not_compatible_values(example_brief):
    evacuated = [g for g in example_brief.figures if isinstance(g, FigureGroup) and g.status == "compatible"]
    assert evacuated, "the example's 'more than 300' and 312 evacuated are compatible"
    assert all(d.about != g.about for g in evacuated for d in example_brief.disagreements)


def test_an_update_states_no_disagreement_between_old_and_new_reports(example_dir):
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles

    root = example_dir.parent / "kessel-flood"
    brief = make_brief(read_articles([root / "day2"]), earlier=read_articles([root / "day1"]))
    assert brief.update is not None and brief.update.changes, "12 dead then 31 is what changed"
    assert brief.disagreements == ()
