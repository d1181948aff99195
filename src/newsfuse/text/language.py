"""Which language an article is written in: newsfuse's models and rules are English only.

English news prose is about a third common function words ("the", "of", "said"); a text with
far fewer is handed to py3langid (Lui & Baldwin 2012, "langid.py: An Off-the-shelf Language
Identification Tool", ACL demos; a naive Bayes model of byte n-grams shipped inside the
package) to name its language. The model is loaded only for such texts, so English articles
cost a word count and nothing more.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

ENGLISH = "en"
FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on was with said by as at from it he his be are has have had "
    "were will an this which not but or after their who its they been more than".split()
)
ENGLISH_SHARE = 0.15  # English news text has 0.32-0.37 (bundled example, seeds); French 0.03-0.06
MIN_WORDS = 20  # shorter texts are not judged
MIN_PROBABILITY = 0.9
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_lock = threading.Lock()


def function_word_share(text: str) -> float:
    """The share of ``text``'s words that are common English function words."""
    return _share(_WORD.findall(text.lower()))


def _share(words: list[str]) -> float:
    return sum(w in FUNCTION_WORDS for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_of(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, probability)`` of ``text``'s language, by py3langid."""
    with _lock:
        code, probability = _identifier().classify(text)
    return str(code), float(probability)


def foreign_language(text: str) -> str | None:
    """The language code of ``text`` when it is surely not English, else ``None``.

    Texts under ``MIN_WORDS`` words, or with English's share of function words, are taken
    as English without loading the model.
    """
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS or _share(words) >= ENGLISH_SHARE:
        return None
    code, probability = language_of(text)
    return code if code != ENGLISH and probability >= MIN_PROBABILITY else None


def language_name(code: str) -> str:
    """'fr' -> 'French' (pycountry's ISO 639 table); the code itself when unknown."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code)
    return found.name if found is not None else code
