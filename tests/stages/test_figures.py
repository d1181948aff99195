"""Figures: extraction, alignment across outlets and the brief's ``figures`` section.

The seeds (real articles, via ``shared_dir``) carry the issue's acceptance
checks; ``tests/fixtures/figures/ferry`` (fictional, five outlets, one AFP
story under two mastheads) and the bundled harbour-fire example carry the
conflict, compatible, agree, wire-copy and same-number-different-quantity
cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.briefing import make_brief
from newsfuse.model import Article
from newsfuse.readers import read_articles
from newsfuse.stages.figures.extract import extract_figures
from newsfuse.stages.figures.groups import group_status
from newsfuse.stages.figures.scan import words_to_number

FERRY = Path(__file__).resolve().parents[1] / "fixtures" / "figures" / "ferry"


def sid_of(brief, prefix: str) -> str:
    """The source id of the seed file whose name starts with ``prefix``."""
    for s in brief.sources:
        if Path(s.article.source).name.startswith(prefix):
            return s.id
    raise AssertionError(f"no source {prefix}")


def sid_by_outlet(cluster_or_brief, outlet: str) -> str:
    if hasattr(cluster_or_brief, "sources"):
        return next(s.id for s in cluster_or_brief.sources if s.article.outlet == outlet)
    return next(sid for sid, a in zip(cluster_or_brief.source_ids, cluster_or_brief.articles) if a.outlet == outlet)


def find_group(groups, *, value=None, text=None):
    """The one figure group holding a value equal to ``value`` (or whose text contains ``text``)."""
    hits = [
        g for g in groups
        if any((value is not None and v["value"] == value) or (text is not None and text in v["text"]) for v in g["values"])
    ]
    assert len(hits) == 1, f"{len(hits)} groups hold {value or text}: {hits}"
    return hits[0]


@pytest.fixture(scope="module")
def seeds_brief(seeds_dir):
    return make_brief(read_articles([str(seeds_dir)]))


@pytest.fixture(scope="module")
def seeds_figures(seeds_brief):
    return seeds_brief.to_dict()["figures"]


@pytest.fixture(scope="module")
def ferry(make_cluster):
    return make_cluster(FERRY)


@pytest.fixture(scope="module")
def ferry_figures(ferry):
    return [g.to_dict() for g in ferry.figures]


@pytest.fixture(scope="module")
def harbour(example_dir, make_cluster):
    return make_cluster(example_dir)


@pytest.fixture(scope="module")
def harbour_figures(harbour):
    return [g.to_dict() for g in harbour.figures]


# ------------------------------------------------------------- the seeds


def test_seeds_meeting_size_is_one_compatible_group(seeds_brief, seeds_figures):
    g = find_group(seeds_figures, value=79)
    assert g["status"] == "compatible"
    by_value = {v["value"]: v for v in g["values"]}
    assert set(by_value) == {70, 79}
    assert by_value[70]["bound"] == "more than"
    assert sorted(by_value[70]["sources"]) == sorted([sid_of(seeds_brief, "000"), sid_of(seeds_brief, "003")])
    assert by_value[79]["bound"] == "exact"
    assert by_value[79]["sources"] == [sid_of(seeds_brief, "002")]
    assert "Seventy-nine countries" in by_value[79]["text"]
    assert "countr" in g["about"]


def test_seeds_troops_in_syria_agree_across_three_outlets(seeds_brief, seeds_figures):
    g = find_group(seeds_figures, value=2000)
    assert g["status"] == "agree"
    sources = {s for v in g["values"] for s in v["sources"]}
    assert sources == {sid_of(seeds_brief, p) for p in ("000", "002", "003")}
    assert "troop" in g["about"]
    # one outlet's two phrasings ("2,000" and "approximately 2,000") are listed once
    assert len(g["values"]) == 1


@pytest.mark.parametrize(("value", "prefix", "words"), [(7000, "002", "troops"), (350_000_000, "003", "$350 million"), (360_000, "000", "360,000")])
def test_seeds_single_outlet_figures(seeds_brief, seeds_figures, value, prefix, words):
    g = find_group(seeds_figures, value=value)
    assert g["status"] == "single"
    assert [s for v in g["values"] for s in v["sources"]] == [sid_of(seeds_brief, prefix)]
    assert words in g["values"][0]["text"]


def test_seeds_dead_are_deaths_and_at_least_360000(seeds_figures):
    v = find_group(seeds_figures, value=360_000)["values"][0]
    assert v["bound"] == "more than"
    assert "died" in find_group(seeds_figures, value=360_000)["about"] or "killed" in find_group(seeds_figures, value=360_000)["about"]


def test_seeds_one_outlets_two_phrasings_shown_once(seeds_figures):
    """ "17 years" and "more than 17 years" in one article: one value, both cited."""
    g = find_group(seeds_figures, value=17)
    assert g["status"] == "single"
    assert len(g["values"]) == 1
    assert len(g["values"][0]["citations"]) == 2


def test_seeds_groups_ordered_by_status_then_outlets(seeds_figures):
    order = {"conflict": 0, "compatible": 1, "agree": 2, "single": 3}
    ranks = [order[g["status"]] for g in seeds_figures]
    assert ranks == sorted(ranks)


def test_seeds_figure_json_shape(seeds_brief, seeds_figures):
    g = find_group(seeds_figures, value=79)
    assert {"about", "status", "values"} <= set(g)
    v = g["values"][0]
    assert {"value", "text", "bound", "sources", "independent", "citations"} <= set(v)
    c = v["citations"][0]
    article = seeds_brief.source(c["source"]).article
    assert article.text[c["start"]:c["end"]] in v["text"]


def test_seeds_markdown_lists_conflicts_and_compatible_first(seeds_brief):
    md = seeds_brief.to_markdown()
    assert "Seventy-nine countries" in md and "more than 70 countries" in md


# ------------------------------------------------------- extraction units


@pytest.mark.parametrize(
    ("words", "value"),
    [("Seventy-nine", 79), ("two thousand", 2000), ("three hundred and twelve", 312), ("2,000", 2000),
     ("1.5 million", 1_500_000), ("a dozen", 12), ("5bn", 5e9), ("Fourteen", 14), ("two three", None)],
)
def test_words_to_number(words, value):
    assert words_to_number(words) == value


def _figures(text: str, fast: bool = False):
    article = Article(id="x", outlet="Test", text=text)
    doc = None
    if not fast:
        from newsfuse.nlp import get_nlp

        doc = get_nlp()(text)
    return extract_figures(article, doc=doc)


@pytest.mark.parametrize("fast", [False, True])
def test_extracts_bounds_money_percent_ranges_fractions(fast):
    text = (
        "More than 200 passengers were on board. About 2,000 litres of diesel leaked. "
        "The company was fined $2.3 million last year. Insurers set aside 1.5 million euros. "
        "Ticket sales fell 35 percent. The ferry carried between 30 and 40 cars. "
        "Half of the fuel was recovered. Nearly 90% of the lake is closed. At least 12 people died."
    )
    figs = {f.text: f for f in _figures(text, fast)}
    by_value = {str(f.value): f for f in figs.values()}
    assert by_value["200"].bound == "more than" and by_value["200"].unit == "passenger"
    assert by_value["2000"].bound == "about" and by_value["2000"].low < 2000 < by_value["2000"].high
    assert by_value["2300000"].kind == "money" and by_value["2300000"].unit == "USD"
    assert by_value["1500000"].kind == "money" and by_value["1500000"].unit == "EUR"
    assert by_value["35"].kind == "percent"
    assert by_value["90"].kind == "percent" and by_value["90"].bound == "nearly"
    assert by_value["[30, 40]"].bound == "range" and by_value["[30, 40]"].unit == "car"
    assert by_value["1/2"].kind == "fraction"
    assert by_value["12"].bound == "at least" and by_value["12"].unit == "death"


def test_offsets_point_at_the_number():
    text = "Officials said that Seventy-nine countries and organizations met in the capital."
    (fig,) = [f for f in _figures(text) if f.value == 79]
    assert text[fig.start:fig.end] == "Seventy-nine"
    assert fig.text == "Seventy-nine countries and organizations"


def test_group_status_rules():
    figs = _figures("Exactly 12 people died. 14 people died. More than 10 people died. About 12 people died.")
    twelve, fourteen, more10, about12 = figs
    # give each its own article so the status is not "single"
    from dataclasses import replace

    twelve, fourteen, more10, about12 = (replace(f, article_id=f"a{i}") for i, f in enumerate((twelve, fourteen, more10, about12)))
    assert group_status([twelve, fourteen]) == "conflict"
    assert group_status([more10, fourteen]) == "compatible"
    assert group_status([twelve, about12]) == "agree"
    assert group_status([twelve, replace(fourteen, article_id="a0")]) == "single"


# --------------------------------------------------- the ferry fixtures


def test_ferry_true_conflict(ferry, ferry_figures):
    g = find_group(ferry_figures, value=14)
    assert g["status"] == "conflict"
    by_value = {v["value"]: v for v in g["values"]}
    assert set(by_value) == {12, 14}
    assert by_value[14]["sources"] == [sid_by_outlet(ferry, "Vorra Radio")]
    assert ferry_figures[0] is g or ferry_figures[0]["status"] == "conflict"


def test_ferry_compatible_pair(ferry, ferry_figures):
    g = find_group(ferry_figures, value=214)
    assert g["status"] == "compatible"
    assert {v["value"]: v["bound"] for v in g["values"]} == {200: "more than", 214: "exact"}


def test_ferry_number_words_agree_with_digits(ferry, ferry_figures):
    g = find_group(ferry_figures, text="Two thousand litres")
    assert g["status"] == "agree"
    assert {v["value"] for v in g["values"]} == {2000}
    assert {s for v in g["values"] for s in v["sources"]} == {sid_by_outlet(ferry, "County Gazette"), sid_by_outlet(ferry, "North Shore Times")}


def test_ferry_money_percent_range_listed(ferry_figures):
    assert find_group(ferry_figures, value=2_300_000)["status"] == "single"
    assert find_group(ferry_figures, value=1_500_000)["values"][0]["text"] == "1.5 million euros"
    assert find_group(ferry_figures, value=35)["values"][0]["text"] == "35 percent"
    assert find_group(ferry_figures, value=[30, 40])["values"][0]["bound"] == "range"


def test_ferry_same_number_different_quantity_not_grouped(ferry_figures):
    hours = find_group(ferry_figures, text="6 hours")
    boats = find_group(ferry_figures, text="6 lifeboats")
    assert hours is not boats
    assert hours["status"] == boats["status"] == "single"


def test_ferry_wire_copy_counts_as_one_report(ferry, ferry_figures):
    post, herald = sid_by_outlet(ferry, "Kessby Post"), sid_by_outlet(ferry, "Lakeside Herald")
    assert {frozenset((ferry.source_id(p.a), ferry.source_id(p.b))) for p in ferry.duplicates} == {frozenset((post, herald))}
    v12 = next(v for v in find_group(ferry_figures, value=12)["values"] if v["value"] == 12)
    assert sorted(v12["sources"]) == sorted([post, herald])  # sources stay complete
    assert v12["independent"] == 1
    # a figure only the two copies state is a single-report figure
    km = find_group(ferry_figures, text="two kilometres")
    assert km["status"] == "single" and len(km["values"][0]["sources"]) == 2


def test_ferry_wire_copy_noted_in_brief(ferry):
    from newsfuse.briefing import _notes

    notes = _notes(ferry)
    assert len(notes) == 1 and "AFP" in notes[0] and "one report" in notes[0]


# ------------------------------------------------- the bundled example


def test_harbour_injured_two_against_three_is_a_conflict(harbour_figures):
    g = find_group(harbour_figures, text="Three firefighters")
    assert g["status"] == "conflict"
    assert {v["value"] for v in g["values"]} == {2, 3}
    assert harbour_figures[0]["status"] == "conflict"


def test_harbour_evacuated_compatible(harbour, harbour_figures):
    g = find_group(harbour_figures, value=312)
    assert g["status"] == "compatible"
    by_value = {v["value"]: v for v in g["values"]}
    assert by_value[300]["bound"] == "more than"
    # the Courier and the Times are one AFP report
    assert by_value[300]["independent"] == len(by_value[300]["sources"]) - 1


def test_harbour_forty_engines_agree(harbour_figures):
    g = find_group(harbour_figures, value=40)
    assert g["status"] == "agree"
    assert len(g["values"][0]["sources"]) == 4


def test_harbour_twelve_hours_not_twelve_crews(harbour_figures):
    assert find_group(harbour_figures, text="12 hours") is not find_group(harbour_figures, text="12 crews")


def test_fast_mode_keeps_the_main_groups(example_dir, make_cluster):
    cluster = make_cluster(example_dir, fast=True)
    groups = [g.to_dict() for g in cluster.figures]
    assert find_group(groups, value=40)["status"] == "agree"
    assert find_group(groups, text="12 hours") is not find_group(groups, text="12 crews")


# ------------------------------------------------------------ evaluation


def test_eval_figures_fast_on_the_labels(shared_dir, tmp_path):
    """``newsfuse eval-figures`` on the hand labels (fast mode, to stay quick): scores are real and sane."""
    import json
    import subprocess
    import sys

    from newsfuse.evaluate.figures_eval import DEFAULT_LABELS, load_labels

    labels = load_labels(DEFAULT_LABELS)
    assert len(labels) >= 5 and sum(len(v) for v in labels.values()) >= 100
    out = tmp_path / "figures.json"
    data = shared_dir / "data" / "mds" / "duc2004_task2.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "newsfuse", "eval-figures", str(data), "--systems", "newsfuse-fast", "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    res = json.loads(out.read_text())["systems"]["newsfuse-fast"]
    assert res["extraction"]["precision"] >= 0.8 and res["extraction"]["recall"] >= 0.8
    assert res["alignment"]["precision"] >= 0.8 and res["alignment"]["recall"] >= 0.5
    assert "extraction" in proc.stdout


def test_score_cluster_counts_pairs_across_documents(make_cluster):
    from newsfuse.evaluate.figures_eval import GoldFigure, score_cluster

    a = Article(id="d1", outlet="A", text="The party won 64 of the 122 seats. Police said 12 people were hurt.")
    b = Article(id="d2", outlet="B", text="It won 64 seats in the vote, officials said. Later 9 boats sank.")
    cluster = make_cluster([a, b], "figures", fast=True)
    gold = [
        GoldFigure("d1", 14, 16, 64, "seats won"), GoldFigure("d1", 24, 27, 122, None), GoldFigure("d1", 47, 49, 12, None),
        GoldFigure("d2", 7, 9, 64, "seats won"), GoldFigure("d2", 51, 52, 9, None),
    ]
    counts = score_cluster(gold, cluster)
    assert counts["gold"] == 5 and counts["matched"] == 5
    assert counts["gold_pairs"] == 1 and counts["pair_tp"] == 1 and counts["pred_pairs"] == 1


def test_eval_figures_missing_labels_is_one_line_error(tmp_path, shared_dir):
    import subprocess
    import sys

    data = shared_dir / "data" / "mds" / "duc2004_task2.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "newsfuse", "eval-figures", str(data), "--labels", str(tmp_path / "none.json")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("newsfuse: error:") and "none.json" in proc.stderr


# ------------------------------------------------------------- issue 16

BRIDGE = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "bridge"


@pytest.fixture(scope="module", params=[False, True], ids=["default", "fast"])
def bridge_figures(request, make_cluster):
    return [g.to_dict() for g in make_cluster(BRIDGE, "figures", fast=request.param).figures]


def test_issue_16_time_phrases_are_not_figures(bridge_figures):
    # "Two years ago", "her two years in office", "one day after a vote": when, not how many
    durations = [v["text"] for g in bridge_figures if g["kind"] == "duration" for v in g["values"]]
    assert durations == []


@pytest.mark.parametrize("fast", [False, True])
def test_issue_16_durations_that_measure_are_kept(fast):
    figs = _figures("Crews fought the blaze for 12 hours. Two years ago the pier burned. He said so one day after the vote.", fast)
    assert [(f.kind, f.value) for f in figs] == [("duration", 12)]


def test_issue_16_bare_percent_and_sum_say_what_they_measure(bridge_figures):
    about = {g["kind"]: g["about"] for g in bridge_figures if g["kind"] in ("money", "percent")}
    assert about == {"money": "repairs", "percent": "shares fell"}


def test_issue_16_figure_values_displayed_for_reading(bridge_figures):
    shown = {v["display"] for g in bridge_figures for v in g["values"]}
    assert {"20-25 tonnes", "$4.5 million", "4%"} <= shown


@pytest.mark.parametrize("fast", [False, True], ids=["default", "fast"])
def test_issue_16_harbour_percents_labelled_by_what_they_measure(example_dir, make_cluster, fast):
    groups = [g.to_dict() for g in make_cluster(example_dir, fast=fast).figures]
    about = {v["value"]: g["about"] for g in groups if g["kind"] == "percent" for v in g["values"]}
    # "The fire is 90 percent contained", "Grain prices ... rose 4 percent": never "percent" alone
    assert about[90] == "fire contained" and about[4] == "grain prices rose"
    assert about[60].startswith("percent of ")  # "about 60 percent of the grain stock"
