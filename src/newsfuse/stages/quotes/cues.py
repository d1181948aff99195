"""Cue words and the words of an attribution.

The vocabulary of attribution: reporting verbs (:data:`CUE_WORDS`, and their spaCy
lemmas for the parse), pronouns, determiners, the words that end a speaker's noun
phrase, and the capitalised words that are never names or never speak. Around it: the
tokenizer that turns the text next to a quotation into :class:`Word` s with offsets
(:func:`words_in`; a quotation becomes one placeholder word), :func:`classify` (a phrase
is a name, a pronoun or a description) and the :class:`SpeakerPhrase` that every
attribution step returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from ..names import fold, split_title


# Reporting verbs and phrases (inflected forms), lower case.
_CUE_STEMS = """
say said says saying tell told tells telling add added adds adding warn warned warns warning
ask asked asks asking noted noting write wrote writes writing stated
declare declared declares declaring explain explained explains explaining insist insisted insists insisting
argue argued argues arguing claimed continued replied responded recalled recalling acknowledged admitted
announced tweeted testified conceded complained observed remarked pledged vowed promised promising urged
stressed stressing emphasized emphasised suggested predicted predicting concluded confirmed countered quipped
joked exclaimed shouted boasted bragged cautioned charged contended maintained mused reiterated reported
described describes describing called calling referring referred demanded wondered lamented retorted
proclaimed wrote notes points pointed answered answers chanted accuses accused accusing praised praising
praises labeling labeled labelled labelling echoed thanked questioned asserted asserts responds posted
read confessed agreed agrees replies cautions complains predicts recalls pleaded yelled screamed refers
referred dubbed dubs barked snapped retaliated blared scoffed mocked quoted
""".split()
# Further inflections of verbs above that are never nouns.
_CUE_INFLECTIONS = """
states stating concludes concluding affirms affirmed affirming announces announcing acknowledges acknowledging
admits admitting declares observes observing boasts boasting stresses emphasizes emphasises suggests suggesting
urges urging vows vowing testifies testifying concedes conceding maintains maintaining reiterates reiterating
contends contending confirms confirming tweets tweeting laments lamenting quips quipping exclaims proclaims
insisted wonders beamed recounted recounts recounting
""".split()
CUE_WORDS = frozenset(_CUE_STEMS) | frozenset(_CUE_INFLECTIONS)
# Cue lemmas for the dependency path (spaCy lemmas).
CUE_LEMMAS = frozenset(
    """
    say tell add warn ask note write state declare explain insist argue claim continue reply respond
    recall acknowledge admit announce tweet post testify concede complain observe remark pledge vow promise
    urge stress emphasize emphasise suggest predict conclude confirm counter quip joke exclaim shout boast brag
    caution charge contend maintain muse reiterate report describe call refer demand wonder lament read
    retort proclaim accord
    """.split()
)
# Cues that only report speech when their object is the quotation ("called it a 'x'").
WEAK_CUES = frozenset("call called calls calling describe described describes describing referring referred read reads reading report reported reports continue continued continues".split())

PRONOUNS = frozenset("he she they i we it".split())
PERSON_PRONOUNS = frozenset("he she they i we".split())
DETERMINERS = frozenset("the a an this that these those his her their its our my your one another some several many each two three four five".split())
# Words that end a speaker noun phrase when walking away from the cue.
BREAK_WORDS = frozenset(
    """
    that which who whom whose when while as if because but so or nor yet in on at to for with from by after
    until unless whereas once
    before during since than where although though why how what whether into onto upon about against
    between through over under without within like unlike despite is was were are be been being has have had
    do does did will would shall should can could may might must not also then there here it its
    said says told tells added adds say tell and
    """.split()
) - {"it"}
# Adverbs and auxiliaries allowed between a speaker and the cue ("Trump also said", "he has said").
GAP_WORDS = frozenset(
    """
    also later then has had have once previously again repeatedly recently earlier frequently often further
    would will could had just even publicly privately flatly simply now already separately never still
    reportedly specifically quickly immediately initially first finally subsequently then, too likewise
    """.split()
)
# Capitalised words that are not names.
NOT_NAME_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december the a an but and or so yet in on at for with from by after
    before during since if when while as this that these those it its he she they we i you his her their
    our my your there here what who why how where today yesterday tomorrow
    """.split()
)
# Heads of capitalised phrases that name an organisation or place, not a person.
NON_PERSON_HEADS = frozenset(
    """
    department house state states council ministry university committee party street news times post
    coalition agency office court senate congress administration army forces force nations union church
    association institute center centre foundation bank company corp inc group network channel times
    journal magazine press service services commission command pentagon city county republic kingdom
    islamic caliphate isis isil daesh photo photos images reuters afp east west north south arabia emirates
    radio tv television newspaper gazette courier herald tribune daily weekly magazine network
    broadcasting online today live
    """.split()
)
# Head nouns of phrases that sit next to a cue but never speak ("Trump at the time said",
# "who has in the past described", "the number needed"); chosen on PolNeAR train.
NON_SPEAKER_HEADS = frozenset(
    """
    time past moment day days week weeks month months year years tonight morning evening night
    number numbers incident premium items item power end beginning part way fact idea point case issue
    thing things lot rest kind sort latest promise promises
    """.split()
)


def plausible_speaker(phrase: "SpeakerPhrase") -> bool:
    """Whether a phrase found next to a cue can be a speaker: names and pronouns can; a description
    must end on a noun that can speak (not "the past", "the city embodied the", "a court document filed")."""
    if phrase.kind != "description":
        return True
    words = re.findall(r"[\w'\u2019-]+", fold(phrase.text))
    if not words:
        return False
    last = words[-1]
    if last in NON_SPEAKER_HEADS or last in DETERMINERS or last in BREAK_WORDS or last in CUE_WORDS:
        return False
    if len(words) > 1 and last.endswith("ed") and not last.endswith("eed"):
        return False  # ends on a verb: "a court document filed"
    return words[0] != "that"  # "that Americans will say": a clause, not a speaker


TITLE_ABBREVIATIONS = {
    "gen": "General", "lt": "Lieutenant", "col": "Colonel", "adm": "Admiral", "sen": "Senator", "rep": "Representative",
    "gov": "Governor", "sgt": "Sergeant", "capt": "Captain", "maj": "Major", "cmdr": "Commander", "pres": "President",
    "amb": "Ambassador", "brig": "Brigadier", "supt": "Superintendent", "insp": "Inspector", "det": "Detective",
}
COURTESY = frozenset("mr mrs ms miss dr prof sir dame".split())

INVERTING_CUES = frozenset("said says added adds wrote writes continued replied declared noted explained recalled asked".split())
# Nouns that are also cue words ("a report", "the statement"): they may end a speaker phrase.
NOUNISH_CUES = frozenset("report reports remarks claims calls promises tweet tweets warning warnings".split())
QUOTE_TOKEN = "\u00abQ\u00bb"

_WORD_RE = re.compile(r"[^\W_](?:[\w'\u2019\-.&]*[^\W_])?\.?|[,:;()\u2014\u2013]|--|\S", re.U)
_DOTTED_RE = re.compile(r"^(?:[A-Za-z]\.){1,}[A-Za-z]?\.?$")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    proper: bool = False  # likely part of a name (spaCy PROPN/PERSON/ORG, or a capitalised word known or mid-sentence)

    @property
    def lower(self) -> str:
        return fold(self.text.rstrip("."))

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def punct(self) -> bool:
        return not self.text[:1].isalnum()


ProperFn = Callable[[int, int, str, bool], bool]


def default_proper(start: int, end: int, word: str, initial: bool) -> bool:
    """Without a model: a capitalised word that is not a function word, a weekday or a month."""
    return word[:1].isupper() and fold(word.rstrip(".")) not in NOT_NAME_WORDS


def words_in(text: str, start: int, end: int, skip: Sequence[tuple[int, int]] = (), proper: ProperFn | None = None, initial: bool = False) -> list[Word]:
    """The words of ``text[start:end]`` with absolute offsets; a sentence-final period is split off.

    Each range in ``skip`` (a quotation) becomes one placeholder word that no
    noun phrase crosses. ``proper`` says whether a word is part of a name;
    ``initial`` tells it the first word starts a sentence.
    """
    words = _words_in(text, start, end, skip)
    fn = proper or default_proper
    return [
        Word(w.text, w.start, w.end, bool(w.text[:1].isupper() and fn(w.start, w.end, w.text, initial and n == 0))) if w.text != QUOTE_TOKEN else w
        for n, w in enumerate(words)
    ]


def _words_in(text: str, start: int, end: int, skip: Sequence[tuple[int, int]] = ()) -> list[Word]:
    out: list[Word] = []
    skip = [r for r in skip if r[1] > start and r[0] < end]
    for m in _WORD_RE.finditer(text, start, end):
        w, s, e = m.group(), m.start(), m.end()
        hit = next((r for r in skip if r[0] <= s < r[1]), None)
        if hit is not None:
            if not out or out[-1].text != QUOTE_TOKEN or out[-1].start != hit[0]:
                out.append(Word(QUOTE_TOKEN, hit[0], hit[1]))
            continue
        if len(w) > 1 and w.endswith(".") and w[:1].isalnum():
            bare = w[:-1].lower()
            if not (_DOTTED_RE.match(w) or (len(bare) == 1 and w[0].isupper()) or bare in TITLE_ABBREVIATIONS or bare in COURTESY or bare in ("jr", "sr", "st", "no", "u.s", "u.n")):
                out.append(Word(w[:-1], s, e - 1))
                out.append(Word(".", e - 1, e))
                continue
        out.append(Word(w, s, e))
    return out


@dataclass(frozen=True, slots=True)
class SpeakerPhrase:
    """A speaker as written next to a cue: the phrase, its offsets, and what it is."""

    text: str
    start: int
    end: int
    kind: str  # "name", "pronoun" or "description"
    role: str | None = None
    cue: str | None = None
    strength: int = 0  # 3: adjacent pattern, 2: dependency or distant cue, 1: inherited


def is_cue(word: Word) -> bool:
    return word.lower in CUE_WORDS


def _name_like(w: Word) -> bool:
    return w.proper or w.lower in ("al", "bin", "de", "van", "von", "la", "le", "del", "da") or w.text.startswith(("al-", "el-"))


def _strip_det(text: str) -> str:
    # "the official" -> "official"; "one dock worker" -> "dock worker" (but "one of the divers" stays)
    return re.sub(r"^one\s+(?!of\b)(?=\S+\s+\S)|^(?:the|a|an)\s+", "", text, flags=re.I)


def classify(phrase: str) -> str:
    """ "pronoun", "name" (a capitalised name after any title) or "description"."""
    f = fold(phrase)
    if f in PRONOUNS:
        return "pronoun"
    words = phrase.split()
    if words and words[0].lower() in DETERMINERS:
        # "the Pentagon's inspector general", "a senior official": a description
        return "description"
    title, name = split_title(phrase)
    nwords = name.split()
    if nwords and all(w.isupper() and len(w.strip(".")) > 1 for w in nwords):
        return "description"
    if nwords and all(w[:1].isupper() or w.lower() in ("al", "bin", "de", "van", "von", "del", "da", "la", "le") or w.startswith(("al-", "el-")) for w in nwords):
        if fold(nwords[-1]).rstrip(".") not in NON_PERSON_HEADS and not any(fold(w).rstrip(".'s\u2019") in NON_PERSON_HEADS for w in nwords):
            return "name"
    return "description"


def _phrase(text: str, words: Sequence[Word], i: int, j: int) -> tuple[str, int, int]:
    s, e = words[i].start, words[j].end
    return text[s:e], s, e


def _with(sp: SpeakerPhrase | None, cue: str, strength: int) -> SpeakerPhrase | None:
    if sp is None:
        return None
    return SpeakerPhrase(sp.text, sp.start, sp.end, sp.kind, sp.role, cue, strength)
