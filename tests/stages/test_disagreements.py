"""Disagreements in the summary: conflicting figures said in one sentence, each value cited to its outlets."""

from __future__ import annotations

import pytest

from newsfuse.model.results import FigureGroup
from newsfuse.stages.disagreements import disagreements_of

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


VOLUNTEERS = [
    ("Varn Post", "Forty volunteers cleaned the riverbank below the old mill in Brellin on Sunday morning, the town "
     "council said. They filled two skips with plastic and old tyres. The council thanked the rowing club for its boats."),
    ("River Radio", "Twelve volunteers from the rowing club received medals from the mayor on Friday for rescuing swimmers "
     "last summer. The ceremony was held in the town hall. The club has trained lifeguards since 1988."),
]


@pytest.mark.parametrize("fast", [False, True], ids=["default", "fast"])
def test_values_of_sentences_the_support_relation_holds_unrelated_never_conflict(make_cluster, fast):
    import numpy as np

    from newsfuse.model import Article
    from newsfuse.stages.figures import align_figures
    from newsfuse.stages.figures.stage import related_sentences

    articles = [Article(text=t, outlet=o) for o, t in VOLUNTEERS]
    cluster = make_cluster(articles, upto="figures", fast=fast)
    figures = [f for g in cluster.figures for f in g.figures if f.unit.startswith("volunteer")]
    assert sorted(f.value for f in figures) == [12, 40]
    assert related_sentences(cluster, figures, fast)([(0, 1)]) == [False]
    alike = np.ones((2, 2))  # sentences as close as can be: only the support relation keeps them apart
    assert len(align_figures(figures, alike)) == 1
    assert len(align_figures(figures, alike, related=related_sentences(cluster, figures, fast))) == 2
    assert all(g.status == "single" for g in cluster.figures if g.figures[0].unit.startswith("volunteer"))
    assert disagreements_of(cluster.assign(disagreements=())) == ()


def test_a_conflict_the_support_relation_holds_the_same_fact_is_kept(make_cluster, example_dir):
    from newsfuse.stages.figures.stage import related_sentences

    cluster = make_cluster(example_dir, upto="figures")
    (group,) = [g for g in cluster.figures if g.status == "conflict"]
    assert related_sentences(cluster, list(group.figures), False)([(0, 1)]) == [True]


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


def _contradictions(cluster) -> list[str]:
    """Where the summary, the figures and the exclusives tell different stories about one outlet."""
    from newsfuse.stages.figures import values_equal

    out = []
    at: dict = {}
    for g in cluster.figures:
        if cluster.reports.count(f.article_id for f in g.figures) >= 2:
            for f in g.figures:
                at.setdefault((f.article_id, f.sentence_index), []).append((g, f))
    texts = {(s.article_id, s.index): s.text for s in cluster.sentences}
    for b in cluster.summary:
        claim = next(c for c in b.citations if texts[(c.article_id, c.sentence_index)].startswith(b.text[:25]))
        for c in b.citations:
            if c is claim or c.support != "full":
                continue
            for g, f in at.get((claim.article_id, claim.sentence_index), []):
                theirs = [h for h in g.figures if h.article_id == c.article_id]
                if theirs and not any(values_equal(f, h) for h in theirs):
                    out.append(f"summary cites {c.source_id} in full for {f.text!r}; the figures give it {theirs[0].text!r}")
    spans = {(s.article_id, s.index): (s.start, s.end) for s in cluster.sentences}
    cited_values = [v for g in cluster.figures for v in g.values] + [v for d in cluster.disagreements for v in d.values]
    for v in cited_values:  # each value cited to a passage of that outlet's own text that states it
        for c in v.citations:
            start, end = spans[(c.article_id, c.sentence_index)]
            if c.source_id != cluster.source_id(c.article_id) or not start <= c.start < c.end <= end:
                out.append(f"figure {v.text!r} cited to {c.source_id} outside the sentence stating it")
    shared = {(f.article_id, f.sentence_index) for g, f in (x for xs in at.values() for x in xs)}
    for e in cluster.exclusive:
        for item in e.items:
            if (item.citation.article_id, item.sentence) in shared:
                out.append(f"exclusive {item.text[:40]!r} states a figure another report gives")
    return out


@pytest.mark.parametrize("fast", [False, True], ids=["default", "fast"])
@pytest.mark.parametrize("which", ["example", "seeds", "footbridge"])
def test_summary_figures_exclusives_and_disagreements_never_contradict(make_cluster, example_dir, seeds_dir, which, fast):
    source = {"example": example_dir, "seeds": seeds_dir, "footbridge": FOOTBRIDGE}[which]
    assert _contradictions(make_cluster(source, fast=fast)) == []


def test_a_count_of_more_or_other_ones_is_not_the_whole_count(make_cluster, example_dir):
    from dataclasses import replace

    from newsfuse.stages.figures import comparable

    cluster = make_cluster(example_dir, upto="figures")
    (group,) = [g for g in cluster.figures if g.status == "conflict"]
    two, three = sorted({f.value: f for f in group.figures}.values(), key=lambda f: f.value)
    assert comparable(two, three)
    assert not comparable(replace(two, text="Two more firefighters"), three)  # "43 more launches" against "45 launches"
    assert not comparable(two, replace(three, text="three other firefighters"))
    assert comparable(replace(two, text="Two more firefighters"), replace(three, text="three more firefighters"))
