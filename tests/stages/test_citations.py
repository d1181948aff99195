"""Citations: the support relation on single claims, and the briefs of the example and the seeds."""

from __future__ import annotations

import pytest

from newsfuse.model import Article
from newsfuse.stages.support import document_support, pair_features, support_model

# A fictional ferry grounding, told by several fictional outlets, with the traps a citation must avoid.
CLAIM_TWO_FACTS = "The ferry Aster ran aground off Kessel Point on Sunday evening, and all 46 passengers were taken off by lifeboat."
CANDIDATES = {
    "copy": "The ferry Aster ran aground off Kessel Point on Sunday evening, and all 46 passengers were taken off by lifeboat.",
    "reworded": "All 46 passengers were taken off by lifeboat after the ferry Aster ran aground off Kessel Point on Sunday evening.",
    "one fact": "The ferry Aster ran aground off Kessel Point on Sunday evening.",
    "other figure": "The ferry Aster ran aground off Kessel Point on Sunday evening and its 64 passengers were taken off by lifeboat.",
    "topic only": "The Kessel Point ferry company said it was reviewing the safety rules for all of its vessels.",
    "same number": "Lifeboat crews have been called out 46 times this year, the rescue service said.",
}


def _supports(claim: str, candidates: dict[str, str], fast: bool, cosine=None) -> dict[str, str]:
    names = list(candidates)
    feats = pair_features([claim], [candidates[n] for n in names], cosine)
    found = document_support(feats[0], list(range(len(names))), support_model(fast))
    return {names[s.document]: ("full" if s.full else "partial") for s in found}


def _cosine(claim: str, texts: list[str]):
    from newsfuse.embed import get_embedder

    vectors = get_embedder(False).encode([claim, *texts])
    return (vectors[:1] @ vectors[1:].T)


@pytest.fixture(scope="module", params=[False, True], ids=["minilm", "fast"])
def ferry(request):
    fast = request.param
    cosine = None if fast else _cosine(CLAIM_TWO_FACTS, list(CANDIDATES.values()))
    return fast, _supports(CLAIM_TWO_FACTS, CANDIDATES, fast, cosine)


def test_a_wire_copy_and_a_rewording_support_the_claim_in_full(ferry):
    fast, found = ferry
    assert found.get("copy") == "full"
    if not fast:  # fast mode sees the words, not the order: a rewording is still full there
        assert found.get("reworded") == "full"


def test_an_outlet_stating_one_of_two_facts_supports_it_in_part(ferry):
    _, found = ferry
    assert found.get("one fact") == "partial"


def test_another_figure_for_the_same_quantity_is_a_partial_support(ferry):
    _, found = ferry
    assert found.get("other figure") == "partial"


def test_the_topic_without_the_claim_and_a_shared_number_are_no_support(ferry):
    _, found = ferry
    assert "topic only" not in found
    assert "same number" not in found


# --- the bundled example and the seeds ------------------------------------------------------


@pytest.fixture(scope="module")
def example(example_dir):
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles

    return make_brief(read_articles([example_dir]))


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles

    return make_brief(read_articles([seeds_dir]))


def _sid(brief, outlet: str) -> str:
    return next(s.id for s in brief.sources if s.article.outlet == outlet)


def _sentence(brief, start: str):
    hits = [b for b in brief.summary if b.text.startswith(start)]
    assert len(hits) == 1, [b.text for b in brief.summary]
    return hits[0]


def _support(b) -> dict[str, str]:
    return {c.source_id: c.support for c in b.citations}


def test_example_fire_sentence_cites_every_outlet_that_reports_the_evacuation(example):
    b = _sentence(example, "A fire tore through a grain warehouse")
    got = _support(b)
    courier, times = _sid(example, "Harbour Courier"), _sid(example, "The Coastal Times")
    assert got[courier] == "full" and got[times] == "full"
    # Northshore Radio ("More than 300 residents ... after the police cleared the area") and the
    # Valley Ledger ("evacuated 312 people") report the evacuation, not the closed port
    for outlet in ("Northshore Radio", "Valley Ledger"):
        assert got.get(_sid(example, outlet)) == "partial", (outlet, got)


def test_example_engines_sentence_cites_the_40_engines_only_in_part(example):
    b = _sentence(example, "Firefighters from the Port Elling Fire Service battled the blaze")
    got = _support(b)
    assert got[_sid(example, "Harbour Courier")] == "full" and got[_sid(example, "The Coastal Times")] == "full"
    # the Elling Daily News and the Valley Ledger report the 40 engines, not the 12 hours or the control on Wednesday
    for outlet in ("Elling Daily News", "Valley Ledger"):
        assert got.get(_sid(example, outlet)) == "partial", (outlet, got)
    assert _sid(example, "Northshore Radio") not in got  # "12 crews" is not "12 hours"


def test_example_only_in_one_outlet_never_lists_what_the_summary_cites_to_several(example):
    cited = {(c.source_id, c.sentence_index) for b in example.summary if len(b.sources) >= 2 for c in b.citations}
    listed = {(e.source, item.sentence) for e in example.exclusive for item in e.items}
    assert not cited & listed
    texts = [item.text for e in example.exclusive for item in e.items]
    assert not any(t.startswith("Mayor Tomas Brandt thanked the firefighters") for t in texts)


def test_example_quote_is_cited_only_to_the_outlets_printing_its_words(example):
    q = next(q for q in example.quotes if "90 percent contained" in q.text)
    ledger = _sid(example, "Valley Ledger")
    assert "I won't promise it" not in q.text
    assert ledger not in q.text_sources
    promise = [v for v in q.variants if "I won't promise it" in v.text]
    assert len(promise) == 1 and promise[0].sources == (ledger,)
    for sid in q.text_sources:  # every outlet the quote shown is cited to prints those words
        text = next(s.article.text for s in example.sources if s.id == sid)
        assert "should be fully out sometime on Thursday" in text


def test_seeds_first_sentence_cites_the_outlet_that_says_it_too(seeds):
    b = _sentence(seeds, "Islamic State militants could be completely stripped")
    # "President Donald Trump said the US military and its allies will probably control all
    # territory once held by Islamic State by next week."
    fmt = next(s.id for s in seeds.sources if "Trump says all Islamic State land" in (s.article.title or ""))
    assert fmt in b.sources


def test_citation_support_reaches_the_json_and_the_markdown(example):
    from newsfuse.writers import to_markdown

    d = example.to_dict()
    kinds = {c["support"] for s in d["summary"] for c in s["citations"]}
    assert kinds == {"full", "partial"}
    assert " partly]" in to_markdown(example)


def test_features_of_some_pairs_are_those_of_the_whole_block():
    import numpy as np

    from newsfuse.stages.support import features_at

    claims = [CLAIM_TWO_FACTS, "Firefighters battled the blaze for 12 hours with 40 fire engines."]
    cands = list(CANDIDATES.values()) + ["Three firefighters were hurt, and 12 crews were called in."]
    cosine = np.linspace(0.1, 0.9, len(claims) * len(cands)).reshape(len(claims), len(cands))
    block = pair_features(claims, cands, cosine)
    ii, jj = np.array([0, 1, 1, 0]), np.array([2, 6, 0, 5])
    assert np.allclose(features_at(claims, cands, ii, jj, cosine[ii, jj]), block[ii, jj])
    # "12 crews" against "12 hours": a decoy, no support unless a near copy (cosine 0.85 or more)
    decoy = block[1, 6].copy()
    assert decoy[11] == 1.0
    decoy[0], decoy[7] = 0.7, 0.7 * decoy[2]
    assert not support_model(False).supports(decoy)
