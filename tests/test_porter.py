"""newsfuse's Porter stemmer gives NLTK's stems (the shipped concept model was fitted on them)."""

from __future__ import annotations

import re

from nltk.stem.porter import PorterStemmer

from newsfuse.text.porter import measure, porter_stem

from .conftest import EXAMPLE, FIXTURES, REPO

# Words that exercise every rule and NLTK's extensions (irregular forms, -ies/-ied of four
# letters, y after a consonant, -alli, -fulli, -logi, the two-letter *o condition).
HARD = """
y yy yyyy by sky skies dying lying tying news innings outing proceed exceed succeed howe
ties pies cries tied died spied flies agreed feed bled motoring sing conflated troubled sized
hopping tanned falling hissing fizzed failing filing happy enjoy spy relational conditional
rational valenci hesitanci digitizer conformabli radicalli generalli differentli vileli
analogousli vietnamization predication operator feudalism decisiveness hopefulness callousness
formaliti sensitiviti sensibiliti hopefulli apologi analogi triplicate formative formalize
electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic
adjustable defensible irritant replacement adjustment dependent adoption homologou communism
activate angulariti homologous effective bowdlerize probate rate cease controll roll syzygy toy
ion ions ation ow owed ad ads Caresses PONIES Ties I'm o'neill mcdonald's 1990s x-ray
"""


def _words() -> set[str]:
    words = set(HARD.split())
    for root in (FIXTURES, EXAMPLE, REPO / "src" / "newsfuse" / "examples"):
        for path in root.rglob("*"):
            if path.is_file() and path.suffix in {".txt", ".md", ".html", ".json", ".jsonl", ".xml"}:
                words.update(re.findall(r"[A-Za-z'\u2019.-]+", path.read_text(encoding="utf-8", errors="replace")))
    return words


def test_stems_are_nltks():
    nltk = PorterStemmer()
    words = _words()
    assert len(words) > 2000  # the fixtures really were read
    differ = [(w, nltk.stem(w), porter_stem(w)) for w in sorted(words) if nltk.stem(w) != porter_stem(w)]
    assert differ == []


def test_examples_from_the_paper():
    assert [porter_stem(w) for w in ("caresses", "ponies", "cats", "plastered", "motoring", "hopping", "filing")] == [
        "caress", "poni", "cat", "plaster", "motor", "hop", "file"]
    assert [measure(w) for w in ("tr", "tree", "trouble", "oats", "troubles", "private")] == [0, 0, 1, 1, 2, 2]
