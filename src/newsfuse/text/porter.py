"""The Porter stemmer, as NLTK's ``PorterStemmer()`` computes it (its default ``NLTK_EXTENSIONS`` mode).

Porter, M. (1980), "An algorithm for suffix stripping", *Program* 14(3): 130-137, with the
changes Martin Porter made later and those NLTK adds: a few irregular forms, ``-ies``/``-ied``
of four letters kept as ``-ie``, ``y`` turned to ``i`` only after a consonant, ``-bli`` ->
``-ble``, ``-alli`` -> ``-al`` tried first, ``-fulli`` and ``-logi`` in step 2, and words of
one or two letters left alone.

Why not NLTK's own: importing any part of NLTK imports the whole package (and with it
scikit-learn and SciPy), which was most of the start-up of a ``--fast`` brief. The concept
model shipped with newsfuse was fitted on NLTK's stems, so these must be the same:
``tests/text/test_porter.py`` checks them against NLTK on every word of the test fixtures,
the bundled examples and a list of hard cases.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")

#: Forms NLTK's extensions stem by table.
IRREGULAR = {
    "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
    "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
    "cannings": "canning", "canning": "canning", "howe": "howe",
    "proceed": "proceed", "exceed": "exceed", "succeed": "succeed",
}


def _consonants(word: str) -> list[bool]:
    """For each letter, whether it is a consonant: not a vowel, and a ``y`` only at the start or after a vowel."""
    flags: list[bool] = []
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            flags.append(False)
        elif ch == "y":
            flags.append(True if i == 0 else not flags[i - 1])
        else:
            flags.append(True)
    return flags


def measure(stem: str) -> int:
    """Porter's *m*: how many times a vowel run is followed by a consonant run in ``stem``."""
    flags = _consonants(stem)
    return sum(1 for a, b in zip(flags, flags[1:]) if not a and b)


def _has_vowel(stem: str) -> bool:
    return not all(_consonants(stem))


def _double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _consonants(word)[-1]


def _cvc(word: str) -> bool:
    """Porter's *o: consonant, vowel, consonant at the end, the last not w, x or y (NLTK: or a two-letter vowel-consonant word)."""
    if len(word) >= 3:
        f = _consonants(word)
        if f[-3] and not f[-2] and f[-1] and word[-1] not in "wxy":
            return True
    if len(word) == 2:
        f = _consonants(word)
        return not f[0] and f[1]
    return False


def _m_positive(stem: str) -> bool:
    return measure(stem) > 0


def _m_over_1(stem: str) -> bool:
    return measure(stem) > 1


def _first_rule(word: str, rules) -> str:
    """Apply the rule of the first suffix ``word`` ends with (if its condition holds on what precedes it); later rules are not tried."""
    for suffix, replacement, condition in rules:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            return stem + replacement if condition is None or condition(stem) else word
    return word


def _step1a(word: str) -> str:
    if word.endswith("ies") and len(word) == 4:
        return word[:-3] + "ie"
    return _first_rule(word, (("sses", "ss", None), ("ies", "i", None), ("ss", "ss", None), ("s", "", None)))


def _step1b(word: str) -> str:
    if word.endswith("ied"):
        return word[:-3] + ("ie" if len(word) == 4 else "i")
    if word.endswith("eed"):
        stem = word[:-3]
        return stem + "ee" if measure(stem) > 0 else word
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
            stem = word[: -len(suffix)]
            break
    else:
        return word
    for end, longer in (("at", "ate"), ("bl", "ble"), ("iz", "ize")):
        if stem.endswith(end):
            return stem[:-2] + longer
    if _double_consonant(stem):
        return stem[:-1] if stem[-1] not in "lsz" else stem
    return stem + "e" if measure(stem) == 1 and _cvc(stem) else stem


def _step1c(word: str) -> str:
    if word.endswith("y"):
        stem = word[:-1]
        return stem + "i" if len(stem) > 1 and _consonants(stem)[-1] else word
    return word


_STEP2 = (
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
    ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
    ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
    ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ("fulli", "ful"),
)


def _step2(word: str) -> str:
    if word.endswith("alli") and _m_positive(word[:-4]):
        return _step2(word[:-4] + "al")
    rules = [(s, r, _m_positive) for s, r in _STEP2]
    rules.append(("logi", "log", lambda _stem: _m_positive(word[:-3])))
    return _first_rule(word, rules)


_STEP3 = tuple((s, r, _m_positive) for s, r in (
    ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
))

_STEP4 = tuple(
    (s, "", (lambda stem: measure(stem) > 1 and stem[-1:] in ("s", "t")) if s == "ion" else _m_over_1)
    for s in ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
              "ou", "ism", "ate", "iti", "ous", "ive", "ize")
)


def _step5a(word: str) -> str:
    if word.endswith("e"):
        stem = word[:-1]
        m = measure(stem)
        if m > 1 or (m == 1 and not _cvc(stem)):
            return stem
    return word


def _step5b(word: str) -> str:
    if word.endswith("ll") and measure(word[:-1]) > 1:
        return word[:-1]
    return word


def porter_stem(word: str) -> str:
    """The Porter stem of ``word`` (lower-cased first), the same as NLTK's ``PorterStemmer().stem(word)``."""
    w = word.lower()
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(word) <= 2:
        return w
    w = _step1a(w)
    w = _step1b(w)
    w = _step1c(w)
    w = _step2(w)
    w = _first_rule(w, _STEP3)
    w = _first_rule(w, _STEP4)
    w = _step5a(w)
    return _step5b(w)
