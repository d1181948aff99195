"""Who said it: the speaker of a quotation, from the words around it.

Used by :mod:`newsfuse.stages.quotes`. The attribution is found in three steps:

1. **Surface patterns** around the quotation, which cover most news writing:
   ``"...," Trump said`` / ``"...," said Cavusoglu`` / ``Pompeo said: "..."`` /
   ``according to X, "..."`` / ``X, the commander of ..., warned ... "..."``.
   A cue is a reporting verb from :data:`CUE_WORDS`; the speaker is the noun
   phrase next to it (a name, a pronoun or a description such as "a senior
   administration official"), skipping adverbs, appositives and participial
   clauses between them. An appositive or a title before the name becomes the
   speaker's ``role``.
2. With spaCy (not in ``--fast`` mode), the **dependency parse** when no
   pattern matched: the subject of the nearest reporting verb outside the
   quotation, climbing from "adding", "saying" to the verb they hang on.
3. **Resolution**: a pronoun ("he") goes to the nearest person named before
   it; a description ("the official", "the general") to the nearest person
   whose title or role has that head noun, else it stays a description. A
   quotation standing alone right after another quotation or an introducing
   colon inherits that speaker. When nothing is found the speaker is ``None``.

Person names come from spaCy's PERSON entities or, in fast mode, from names
next to reporting verbs and names after a title ("Gen.", "Secretary of State").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .names import HONORIFICS, fold, fullest_name, group_names, same_person, split_title

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


@dataclass(slots=True)
class PersonIndex:
    """People named in one article, in order of mention, with their titles and roles."""

    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, name as written)
    roles: dict[str, list[str]] = field(default_factory=dict)  # name as written -> roles and titles
    genders: dict[str, str] = field(default_factory=dict)  # canonical name -> "m" / "f"
    _canon: dict[str, str] = field(default_factory=dict)

    def add(self, start: int, end: int, name: str, role: str | None = None) -> None:
        title, bare = split_title(name)
        if not bare or fold(bare) in NOT_NAME_WORDS:
            return
        self.mentions.append((start, end, bare))
        if title and fold(title).rstrip(".") in ("mr", "sir", "lord", "king", "prince"):
            self.genders.setdefault(bare, "m")
        elif title and fold(title).rstrip(".") in ("mrs", "ms", "miss", "dame", "lady", "queen", "princess"):
            self.genders.setdefault(bare, "f")
        if role:
            self.add_role(bare, role)
        elif title and fold(title).rstrip(".") not in COURTESY:
            self.add_role(bare, expand_title(title))
        self._canon.clear()

    def add_role(self, name: str, role: str) -> None:
        roles = self.roles.setdefault(name, [])
        if role not in roles:
            roles.append(role)

    def canonical(self, name: str) -> str:
        """The fullest form of ``name`` among this article's mentions ("Trump" -> "Donald Trump")."""
        if not self._canon:
            for group in group_names([m[2] for m in self.mentions]):
                full = fullest_name(group)
                for n in group:
                    self._canon[n] = full
        bare = split_title(name)[1]
        if bare in self._canon:
            return self._canon[bare]
        hits = {self._canon[m[2]] for m in self.mentions if same_person(bare, m[2])}
        return hits.pop() if len(hits) == 1 else bare

    def role_of(self, name: str) -> str | None:
        """The longest role or title recorded for any variant of ``name``."""
        roles = [r for n, rs in self.roles.items() if same_person(n, name) for r in rs]
        appositive = [r for r in roles if not r[:1].isupper() or " " in r and r.split()[0][:1].islower()]
        pool = appositive or roles
        return max(pool, key=len) if pool else None

    def gender_of(self, name: str) -> str | None:
        """ "m" or "f" when a title or an earlier pronoun told, else None."""
        for n, g in self.genders.items():
            if same_person(n, name):
                return g
        return None

    def set_gender(self, name: str, gender: str) -> None:
        if self.gender_of(name) is None:
            self.genders[name] = gender

    def before(self, pos: int) -> list[tuple[int, int, str]]:
        """Mentions ending before ``pos``, nearest first."""
        return sorted((m for m in self.mentions if m[1] <= pos), key=lambda m: -m[1])


def expand_title(title: str) -> str:
    """ "Gen." -> "General"; other titles as written."""
    words = title.split()
    if len(words) == 1 and words[0].rstrip(".").lower() in TITLE_ABBREVIATIONS:
        return TITLE_ABBREVIATIONS[words[0].rstrip(".").lower()]
    return title


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


def np_before(text: str, words: Sequence[Word], k: int) -> SpeakerPhrase | None:
    """The speaker noun phrase ending just before ``words[k]`` (a cue), or None.

    Skips adverbs and auxiliaries ("also", "has"), then an appositive or a
    participial clause between commas ("X, the commander of ..., said";
    "an official, speaking on condition of anonymity, said"). For a participle
    cue after a comma ("Pompeo said, adding"; "Trump renewed his pledge,
    saying") the subject of the clause before the comma is taken.
    """
    i = k - 1
    while i >= 0 and (words[i].lower in GAP_WORDS or (words[i].lower.endswith("ly") and not words[i].cap and len(words[i].lower) > 4)):
        i -= 1
    if i < 0:
        return None
    if words[i].text == ")" or words[i].text == "," and i > 0 and words[i - 1].text == ")":
        # "Gov. John Kasich (R-OH), said": skip the parenthesis
        close = i if words[i].text == ")" else i - 1
        opening = next((x for x in range(close - 1, max(-1, close - 12), -1) if words[x].text == "("), None)
        if opening is not None and opening > 0:
            got = _collect_back(text, words, opening - 1)
            if got is not None:
                return SpeakerPhrase(got[0], got[1], got[2], classify(got[0]))
    if words[i].text == "," and words[k].lower.endswith("ing") or words[i].lower in ("and", "or", "but"):
        return clause_subject(text, words, k)
    if words[i].text == ",":
        # look for "NP1 , X ," with X an appositive or a clause
        j = i - 1
        depth = 0
        while j >= 0 and words[j].text not in (",", ".", ";", ":", QUOTE_TOKEN) and depth < 22:
            j -= 1
            depth += 1
        if j < 0 or words[j].text != ",":
            return None
        inner = words[j + 1 : i]
        if not inner:
            return None
        outer = _collect_back(text, words, j - 1)
        if outer is None:
            return None
        inner_text = text[inner[0].start : inner[-1].end]
        first = inner[0].lower
        is_clause = first.endswith("ing") or first.endswith("ed") or first in (
            "who", "which", "as", "according", "in", "on", "at", "after", "before", "while", "when", "like", "unlike", "for", "with", "during",
        )
        o_text, o_s, o_e = outer
        o_kind = classify(o_text)
        if o_kind == "pronoun":
            return SpeakerPhrase(o_text, o_s, o_e, o_kind)  # "he, once again, pledged"
        if is_clause:
            return SpeakerPhrase(o_text, o_s, o_e, o_kind)
        i_kind = classify(inner_text)
        if o_kind == "description" and i_kind == "name":
            # "a spokeswoman, Anna Richardson White, said"
            return SpeakerPhrase(inner_text, inner[0].start, inner[-1].end, "name", role=_strip_det(o_text))
        if o_kind in ("name", "description") and i_kind == "description":
            return SpeakerPhrase(o_text, o_s, o_e, o_kind, role=_strip_det(inner_text))
        if o_kind == "name" and i_kind == "name":
            return SpeakerPhrase(o_text, o_s, o_e, o_kind, role=inner_text)
        return None
    got = _collect_back(text, words, i)
    if got is None:
        return None
    p_text, s, e = got
    return SpeakerPhrase(p_text, s, e, classify(p_text))


def _collect_back(text: str, words: Sequence[Word], i: int) -> tuple[str, int, int] | None:
    """A noun phrase ending at ``words[i]``, walking left; None if ``words[i]`` cannot end one."""
    if i < 0:
        return None
    w = words[i]
    if w.punct or w.lower in BREAK_WORDS or w.lower in DETERMINERS and w.lower not in ("one",):
        return None
    if w.lower in PRONOUNS:
        if w.lower == "it" or w.lower == "i" and not w.cap:
            return None
        return w.text, w.start, w.end
    if w.lower in CUE_WORDS and not w.cap:
        return None
    if w.text.endswith(("'s", "\u2019s")) and len(w.text) > 2:
        return None  # "Cruz's campaign said" ends on the noun, never on the possessive
    j = i
    n = 1
    while j - 1 >= 0 and n < 10:
        p = words[j - 1]
        pl = p.lower
        if p.text in ("'s", "\u2019s"):
            j -= 1
            continue
        if p.punct and p.text not in ("-",):
            break
        if pl in DETERMINERS:
            j -= 1
            # continue only through "X of the Y" and "X and its Y"
            if j - 1 >= 0 and words[j - 1].lower == "of":
                n += 1
                continue
            # "A poster on the door": a preposition after a determiner phrase that opens the clause
            if j - 3 >= 0 and words[j - 1].lower in _PP_PREPS and n <= 3:
                head = next((x for x in range(j - 2, max(-1, j - 5), -1) if words[x].lower in ("a", "an", "the")), None)
                if head is not None and (head == 0 or words[head - 1].punct) and all(not words[x].punct and words[x].lower not in BREAK_WORDS - _PP_PREPS for x in range(head, j)):
                    j = head
                    break
            if j - 2 >= 0 and words[j - 1].lower == "and" and words[j - 2].cap and not words[j - 2].punct:
                j -= 1
                n += 1
                continue
            break
        if pl in ("of", "and", "for") and j - 2 >= 0 and not words[j - 2].punct:
            if pl == "and" and not (words[j - 2].cap or words[j - 2].lower in DETERMINERS):
                break
            j -= 1
            n += 1
            continue
        if pl in BREAK_WORDS or pl in PRONOUNS or (pl in CUE_WORDS and not p.cap) or pl in GAP_WORDS and not p.cap:
            break
        if p.cap and pl in NOT_NAME_WORDS and pl not in DETERMINERS:
            break
        if not p.cap and not words[j].cap and n >= 4:
            break
        j -= 1
        n += 1
    # do not start on a dangling "of"/"and" or on a capitalised non-name ("When", "Holding")
    while j < i and (words[j].lower in ("of", "and", "for") or words[j].cap and (words[j].lower in NOT_NAME_WORDS and words[j].lower not in DETERMINERS or words[j].lower.endswith("ing"))):
        j += 1
    if words[j].cap and (words[j].lower in NOT_NAME_WORDS and words[j].lower not in DETERMINERS or words[j].lower.endswith("ing")):
        return None
    if j == i:
        # one word: a name, or a plural noun ("officials said"); not "Indeed", "last"
        if w.cap and not w.proper:
            return None
        if not w.cap and not (w.lower.endswith("s") and not w.lower.endswith("ss") and len(w.lower) > 3):
            return None
    return _phrase(text, words, j, i)


def np_after(text: str, words: Sequence[Word], k: int) -> SpeakerPhrase | None:
    """The speaker noun phrase starting right after ``words[k]`` ("said Cavusoglu", "said a report from ...")."""
    i = k + 1
    if i >= len(words):
        return None
    w = words[i]
    if w.punct or w.lower in BREAK_WORDS or (w.cap and w.lower in NOT_NAME_WORDS and w.lower not in DETERMINERS):
        return None
    if w.lower in PRONOUNS:
        return SpeakerPhrase(w.text, w.start, w.end, "pronoun") if w.lower != "it" else None
    if not (w.cap or w.lower in DETERMINERS):
        return None
    j = i
    while j + 1 < len(words) and j - i < 9:
        nx = words[j + 1]
        nl = nx.lower
        if nx.text in ("'s", "\u2019s"):
            j += 1
            continue
        if nx.punct:
            break
        if nl in ("of", "from") and j + 2 < len(words) and (words[j + 2].cap or words[j + 2].lower in DETERMINERS):
            j += 1
            continue
        if nl in BREAK_WORDS or (nl in CUE_WORDS and nl not in NOUNISH_CUES) or (nx.cap and nl in NOT_NAME_WORDS and nl not in DETERMINERS):
            break
        if words[i].cap and not nx.cap and words[j].cap and nl not in DETERMINERS:
            # "said Cavusoglu quoting" -> stop at the first lower-case word after a name
            break
        j += 1
    p_text, s, e = _phrase(text, words, i, j)
    role = None
    # "said Gen. Joseph Votel, the commander of ..., "
    if j + 2 < len(words) and words[j + 1].text == "," and words[j + 2].lower in ("the", "a", "an"):
        r = _collect_forward_role(text, words, j + 2)
        if r:
            role = r
    return SpeakerPhrase(p_text, s, e, classify(p_text), role=role)


def _collect_forward_role(text: str, words: Sequence[Word], i: int) -> str | None:
    j = i
    while j + 1 < len(words) and words[j + 1].text not in (",", ".", ";", ":", "(", ")") and j - i < 12:
        j += 1
    if j + 1 < len(words) and words[j + 1].text not in (",", "."):
        return None
    return _strip_det(text[words[i].start : words[j].end])


def post_attribution(text: str, start: int, end: int, proper: ProperFn | None = None) -> SpeakerPhrase | None:
    """An attribution opening ``text[start:end]`` (the words right after a closing quote mark).

    Matches ``, Trump said`` / ``, said Cavusoglu`` / ``, according to X`` /
    ``, X, the official, added`` within the first few words.
    """
    # right after a quotation, a capitalised word before a cue is a name whatever the tagger says
    words = words_in(text, start, end, proper=lambda s, e, w, i: default_proper(s, e, w, i) or bool(proper and proper(s, e, w, i)))
    i = 0
    while i < len(words) and words[i].text in (",", "\u2014", "\u2013", "--", "-", "(", ";"):
        i += 1
    if i >= len(words):
        return None
    head = words[i:]
    base = i
    if head[0].lower == "it" and len(head) > 1 and is_cue(head[1]) and not head[1].lower.endswith("ing"):
        # '"...," it said': an organisation or a document, named earlier
        return SpeakerPhrase(head[0].text, head[0].start, head[0].end, "pronoun", cue=head[1].text, strength=3)
    if head[0].lower == "according" and len(head) > 1 and head[1].lower == "to":
        sp = np_after(text, words, base + 1)
        return _with(sp, "according to", 3)
    if is_cue(head[0]):
        sp = np_after(text, words, base)
        if sp is not None:
            return _with(sp, head[0].text, 3)
        return None
    # NP then cue within the first 30 words (allows an appositive or a participial clause)
    for k in range(base + 1, min(len(words), base + 30)):
        if words[k].text in (".", ";", "?", "!"):
            break
        if is_cue(words[k]):
            sp = np_before(text, words, k)
            if sp is not None and sp.start <= words[base].start:
                return _with(sp, words[k].text, 3)
            lead = [w for w in words[base:] if sp is not None and w.end <= sp.start]
            if sp is not None and lead and (lead[-1].text == "," and len(lead) <= 5 or [w.lower for w in lead] in (["and"], ["but"], ["so"])):
                # '"..." as president, Trump said' / '"...", and Trump said'
                return _with(sp, words[k].text, 3)
            # '"...," Mr. Daniloff, now 81 and retired in Cambridge, Mass., said'
            first = _initial_np(text, words, base)
            if first is not None and words[k - 1].text == "," and first[1] < k - 1 and words[first[1] + 1].text == ",":
                p_text, s0, e0 = _phrase(text, words, base, first[1])
                role = text[words[first[1] + 2].start : words[k - 2].end] if k - 2 > first[1] + 1 else None
                kind = classify(p_text)
                if kind != "pronoun":
                    return _with(SpeakerPhrase(p_text, s0, e0, kind, role=_strip_det(role) if role and kind == "name" else None), words[k].text, 3)
            return None
    # '"...," an angry Hollande retaliated.': a name, then a past-tense verb ending the attribution
    first = _initial_np(text, words, base)
    if first is not None:
        j = first[1] + 1
        if j < len(words) and not words[j].cap and (words[j].lower.endswith("ed") or words[j].lower in _IRREGULAR_SPEECH) and (j + 1 >= len(words) or words[j + 1].text in (".", ",", "!", "?") or words[j + 1].lower in ("back", "out", "on", "in", "to", "at")):
            p_text, s0, e0 = _phrase(text, words, base, first[1])
            return _with(SpeakerPhrase(p_text, s0, e0, classify(p_text)), words[j].text, 3)
    return None


_IRREGULAR_SPEECH = frozenset("spoke shot wrote told sang began".split())


def _initial_np(text: str, words: Sequence[Word], i: int) -> tuple[int, int] | None:
    """A name, pronoun or short description starting at ``words[i]``: (first, last) word index."""
    if i >= len(words):
        return None
    w = words[i]
    if w.lower in ("he", "she", "they", "we") or w.text == "I":
        return i, i
    j = i
    if w.lower in ("the", "a", "an", "one", "another") or (w.cap and w.lower in DETERMINERS):
        while j + 1 < len(words) and j - i < 6 and not words[j + 1].punct and words[j + 1].lower not in BREAK_WORDS and not (words[j + 1].lower.endswith("ed") and not words[j + 1].cap):
            j += 1
        return (i, j) if j > i else None
    if _name_like(w) and w.cap:
        while j + 1 < len(words) and (words[j + 1].cap and _name_like(words[j + 1]) or words[j + 1].text.startswith("al-")):
            j += 1
        if any(x.proper for x in words[i : j + 1]) and classify(_phrase(text, words, i, j)[0]) == "name":
            return i, j
    return None


def pre_attribution(
    text: str, start: int, end: int, skip: Sequence[tuple[int, int]] = (), proper: ProperFn | None = None
) -> SpeakerPhrase | None:
    """An attribution in ``text[start:end]`` (the sentence before an opening quote mark).

    The cue nearest the quotation with a speaker next to it wins: ``Pompeo
    said, "`` / ``X told reporters: "`` / ``according to X, "`` / ``said
    Trump: "``. Failing that, the subject of the sentence when it holds a cue
    ("Pompeo opened the conference by describing ... as a "tactical change"").
    Strength 3 when the cue is adjacent to the quotation (only an object,
    "that", a comma or a colon between), else 2. Quotations in ``skip`` are
    masked.
    """
    words = words_in(text, start, end, skip, proper=proper, initial=True)
    first_cue = None
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w.lower == "according" and k + 1 < len(words) and words[k + 1].lower == "to":
            found = np_after(text, words, k + 1)
            if found is not None:
                return _with(found, "according to", 3 if k + 8 >= len(words) else 2)
            continue
        if not is_cue(w):
            continue
        if first_cue is None:
            first_cue = k
        before = words[k - 1].lower if k > 0 else ""
        if w.lower.endswith("ing") or before in ("and", "or", "but"):
            found = clause_subject(text, words, k)
            if found is not None:
                return _with(found, w.text, 2)
            continue
        found = np_before(text, words, k)
        tail = [t for t in words[k + 1 :]]
        adjacent = len(tail) <= 8 and (not tail or tail[-1].text in (",", ":") or tail[-1].lower == "that") and QUOTE_TOKEN not in [t.text for t in tail]
        if found is None and w.lower in INVERTING_CUES and k + 1 < len(words):
            inv = np_after(text, words, k)
            if inv is not None and inv.kind == "name":
                found = inv
        if found is None:
            continue
        strength = 3 if adjacent and w.lower not in WEAK_CUES else 2
        return _with(found, w.text, strength)
    if first_cue is not None:
        found = clause_subject(text, words, first_cue)
        if found is not None:
            return _with(found, words[first_cue].text, 2)
    elif words and words[-1].text == ":":
        # "Politico reveals a few relevant facts: ..." / "Clinton released the following statement: ..."
        found = clause_subject(text, words, len(words) - 1)
        if found is not None:
            return _with(found, ":", 2)
    return None


_PP_PREPS = frozenset("on in at from for with".split())
_SUBJECT_LEADS = frozenset("and but so that when while as because although though if after before since yet then".split())
_NOT_VERBS = BREAK_WORDS - frozenset("has had was is will would could can may might must did does do have were are".split())


def clause_subject(text: str, words: Sequence[Word], k: int) -> SpeakerPhrase | None:
    """The first subject before ``words[k]``: a name or pronoun (or, at the sentence start, a
    description) followed, after an optional appositive, by a lower-case word that can be its verb.

    Used when the cue has no speaker next to it: "Pompeo opened the conference by
    describing ...", "Trump renewed his pledge ..., saying ...", "Reid caucused
    ... and says ...", "Politico reveals a few facts: ...". A name or pronoun
    is preferred to a description ("The meeting came a day after Trump
    renewed his pledge, saying ...").
    """
    description: SpeakerPhrase | None = None
    i = 0
    while i < k:
        w = words[i]
        lead_ok = i == 0 or words[i - 1].punct or words[i - 1].lower in _SUBJECT_LEADS
        if not lead_ok:
            i += 1
            continue
        if w.lower in ("he", "she", "they", "we", "i") and (w.lower != "i" or w.text == "I"):
            if i + 1 < len(words) and not words[i + 1].cap and not words[i + 1].punct and words[i + 1].lower not in _NOT_VERBS:
                return SpeakerPhrase(w.text, w.start, w.end, "pronoun")
            i += 1
            continue
        j = None
        if w.cap and _name_like(w) and not w.lower.endswith("ing"):
            j = i
            while j + 1 < k and (words[j + 1].cap and _name_like(words[j + 1]) or words[j + 1].text.startswith("al-")):
                j += 1
            if not any(x.proper for x in words[i : j + 1]):
                j = None
        elif w.lower in ("the", "a", "an") and (i == 0 or words[i - 1].text in (",", ":")):
            j = i
            while j + 1 < k and j - i < 6 and not words[j + 1].punct and words[j + 1].lower not in BREAK_WORDS and (words[j + 1].lower not in CUE_WORDS or words[j + 1].lower in NOUNISH_CUES):
                if j > i and j + 2 < len(words) and words[j + 2].lower in DETERMINERS:
                    break  # "The notice gave a line": "gave" is the verb
                j += 1
            if j == i:
                j = None
        if j is None:
            i += 1
            continue
        nxt = j + 1
        role = None
        if nxt < k and words[nxt].text == ",":
            # an appositive: "Christie, New Jersey's sitting governor, repeated ..."
            close = next((x for x in range(nxt + 1, min(k, nxt + 22)) if words[x].text == ","), None)
            inner = words[nxt + 1 : close] if close is not None else []
            if inner and inner[0].cap and len(inner) > 1 and not inner[1].cap and inner[1].lower not in ("of", "the", "'s", "\u2019s") and not inner[0].text.endswith(("'s", "\u2019s")):
                close = None  # "Salem, New Hampshire, Trump went ...": not an appositive
                i = nxt + 1
                continue
            if close is not None:
                role = text[words[nxt + 1].start : words[close - 1].end] if close - 1 > nxt else None
                nxt = close + 1
        if nxt < len(words) and nxt <= k and not words[nxt].cap and not words[nxt].punct and words[nxt].lower not in _NOT_VERBS:
            p_text, s, e = _phrase(text, words, i, j)
            kind = classify(p_text)
            if kind == "name":
                return SpeakerPhrase(p_text, s, e, kind, role=_strip_det(role) if role else None)
            if kind == "description" and w.lower in ("the", "a", "an") and description is None:
                description = SpeakerPhrase(p_text, s, e, kind, role=_strip_det(role) if role else None)
        i = j + 1
    return description


def _with(sp: SpeakerPhrase | None, cue: str, strength: int) -> SpeakerPhrase | None:
    if sp is None:
        return None
    return SpeakerPhrase(sp.text, sp.start, sp.end, sp.kind, sp.role, cue, strength)


# ---------------------------------------------------------------- spaCy path

_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
_DROP_DEPS = ("appos", "relcl", "acl", "punct", "advcl", "parataxis", "cc", "conj", "advmod", "prep")


def dependency_attribution(doc: Any, quoted: Sequence[tuple[int, int]], lo: int, hi: int) -> SpeakerPhrase | None:
    """The subject of the reporting verb nearest the quotation, from spaCy's parse.

    Args:
        doc: the spaCy ``Doc`` of the whole article.
        quoted: character ranges inside quotation marks (cues there are ignored).
        lo, hi: character range of the sentence(s) to search.
    """
    inside = lambda t: any(s <= t.idx < e for s, e in quoted)  # noqa: E731
    first, last = quoted[0][0], quoted[-1][1]
    cands = []
    for t in doc:
        if t.idx < lo or t.idx >= hi or inside(t):
            continue
        lem = t.lemma_.lower()
        if lem in CUE_LEMMAS and t.pos_ in ("VERB", "AUX") or t.lower_ == "according":
            if t.idx >= last and _introduces_next(doc, t, hi):
                continue  # '"...." Trump replied: "No, ..."': that cue belongs to the next quotation
            dist = min(abs(t.idx - first), abs(t.idx - last))
            cands.append((dist, t))
    cands.sort(key=lambda c: c[0])
    for _, cue in cands:
        subj = _subject(cue)
        if subj is None:
            continue
        if any(s <= subj.idx < e for s, e in quoted):
            continue
        return _span_phrase(doc, subj, cue)
    return None


def _introduces_next(doc: Any, cue: Any, hi: int) -> bool:
    """Whether a cue after a quotation introduces another one: a colon or an opening mark within
    the next few tokens ("Trump replied: \u201c...")."""
    for t in doc[cue.i + 1 : cue.i + 5]:
        if t.idx >= hi or t.text in (".", "!", "?"):
            return False
        if t.text == ":" or t.text in ("\u201c", "``"):
            return True
    return False


def _subject(cue: Any) -> Any:
    if cue.lower_ == "according":
        for c in cue.children:
            if c.lower_ == "to":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None
    t = cue
    for _ in range(3):
        for c in t.children:
            if c.dep_ in _SUBJ_DEPS:
                return c
        if t.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acl", "pcomp") and t.head is not t:
            t = t.head
            continue
        break
    if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return None
    return None


def _span_phrase(doc: Any, tok: Any, cue: Any) -> SpeakerPhrase:
    if tok.pos_ == "PRON":
        return SpeakerPhrase(tok.text, tok.idx, tok.idx + len(tok.text), "pronoun" if tok.lower_ in PRONOUNS else "description", cue=cue.text, strength=2)
    keep = [tok]
    role = None
    stack = list(tok.children)
    while stack:
        c = stack.pop()
        if c.dep_ == "appos":
            role = " ".join(x.text_with_ws for x in c.subtree).strip().strip(",").strip()
            continue
        if c.dep_ in _DROP_DEPS and not (c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("of", "from")):
            continue
        keep.append(c)
        stack.extend(c.children)
    idx = sorted(t.i for t in keep)
    # keep a contiguous run around the head
    lo = hi = tok.i
    s = set(idx)
    while lo - 1 in s:
        lo -= 1
    while hi + 1 in s:
        hi += 1
    span = doc[lo : hi + 1]
    text = span.text.strip().strip(",").strip()
    start = span.start_char
    kind = classify(text)
    if role:
        role = _strip_det(role)
        if kind == "description" and classify(role) == "name":
            text, role = role, _strip_det(text)
            kind = "name"
            for a in tok.children:
                if a.dep_ == "appos":
                    start = a.left_edge.idx
    return SpeakerPhrase(text, start, start + len(text), kind, role=role, cue=cue.text, strength=2)


# ---------------------------------------------------------------- people

_CAP_SEQ_RE = re.compile(
    r"(?:(?:Gen|Lt|Col|Adm|Sen|Rep|Gov|Sgt|Capt|Maj|Cmdr|Pres|Amb|Brig|Dr|Mr|Mrs|Ms|Prof|U\.S)\.[ \t]+)*"
    r"(?:[A-Z][\w'\u2019\-]+|al-[A-Z][\w\-]+)(?:[ \t]+(?:[A-Z]\.|[A-Z][\w'\u2019\-]+|al-[A-Z][\w\-]+|(?:al|bin|de|van|von)(?=[ \t][A-Z])|of[ \t]+State|of[ \t]+Defense))+"
)
_APPOSITIVE_RE = re.compile(r",\s+(?:the|a|an)\s+((?:[^,;.]|(?<=[A-Z])\.)+?),")


def index_people(text: str, quoted: Sequence[tuple[int, int]], doc: Any = None) -> PersonIndex:
    """People named in ``text`` outside quotations: spaCy PERSON entities, or titled names in fast mode."""
    index = PersonIndex()
    inside = lambda s: any(a <= s < b for a, b in quoted)  # noqa: E731
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ != "PERSON" or inside(ent.start_char):
                continue
            name = ent.text.strip()
            name = re.sub(r"['\u2019]s$", "", name)
            # a title before the entity ("Foreign Minister", "Gen.") becomes a role
            before = text[max(0, ent.start_char - 60) : ent.start_char]
            title = _title_before(before)
            role = None
            if title:
                role = expand_title(title)
            index.add(ent.start_char, ent.start_char + len(name), name, role)
            # appositive right after: "Votel, the commander of ..., "
            app = _APPOSITIVE_RE.match(text[ent.end_char : ent.end_char + 120])
            if app:
                index.add_role(split_title(name)[1], app.group(1).strip())
        _add_surname_mentions(text, quoted, index)
        return index
    for m in _CAP_SEQ_RE.finditer(text):
        if inside(m.start()):
            continue
        phrase = m.group()
        poss = re.match(r".*['\u2019]s\s+", phrase)
        if poss:
            phrase = phrase[poss.end() :]  # "CGTN's Owen Fairclough"
            if len(phrase.split()) < 2:
                continue
        title, name = split_title(phrase)
        if classify(phrase) != "name":
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        if re.search(r"\b(?:the|The|a|an)\s+$", before):
            continue  # "the Middle East", "the State Department"
        if title is None:
            first = fold(phrase.split()[0])
            if first in NOT_NAME_WORDS or first in HONORIFICS or first.endswith(("ing", "ed", "ly")) or first in _SENTENCE_OPENERS:
                continue
            if any(fold(w) in NON_PERSON_HEADS for w in phrase.split()):
                continue
        if any(fold(w).rstrip(".") in NOT_NAME_WORDS for w in name.split()):
            continue
        role = None
        if title is None:
            t = _title_before(text[max(0, m.start() - 60) : m.start()])
            role = expand_title(t) if t else None
        index.add(m.end() - len(phrase) + phrase.index(name), m.end(), phrase, role)
        app = _APPOSITIVE_RE.match(text[m.end() : m.end() + 120])
        if app:
            index.add_role(name, app.group(1).strip())
    _add_surname_mentions(text, quoted, index)
    return index


def _add_surname_mentions(text: str, quoted: Sequence[tuple[int, int]], index: PersonIndex) -> None:
    """Record bare surnames of people already named ("Vance told reporters ...") as mentions too."""
    surnames = {}
    for _, _, name in index.mentions:
        parts = name.split()
        if len(parts) > 1:
            surnames[parts[-1]] = name
    if not surnames:
        return
    taken = [(s, e) for s, e, _ in index.mentions]
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(surnames, key=len, reverse=True)) + r")\b")
    for m in pattern.finditer(text):
        if any(a <= m.start() < b for a, b in quoted) or any(a <= m.start() < b for a, b in taken):
            continue
        index.mentions.append((m.start(), m.end(), m.group()))
    index.mentions.sort()
    index._canon.clear()


_SENTENCE_OPENERS = frozenset(
    "after before despite following although though while since during asked speaking meanwhile however still yet also "
    "according under over among amid against for from with without into through".split()
)
_TITLE_BEFORE_RE = re.compile(
    r"((?:(?:U\.S\.?|[A-Z][a-z]+|of|the)\s+)*?(?:(?:Gen|Lt|Col|Adm|Sen|Rep|Gov|Sgt|Capt|Maj|Cmdr|Pres|Amb|Brig|Dr|Mr|Mrs|Ms|Prof)\.|President|Secretary(?:\s+of\s+[A-Z][a-z]+)?|Minister|General|Senator|Governor|Mayor|"
    r"Chancellor|Ambassador|Judge|Chairman|Chairwoman|Director|Spokesman|Spokeswoman|Prime\s+Minister|Commander|Rep\.|Sen\.|Gov\.|Gen\.))\s+$"
)


def _title_before(before: str) -> str | None:
    m = _TITLE_BEFORE_RE.search(before)
    if not m:
        return None
    title = m.group(1).strip()
    words = title.split()
    while words and (words[0].lower() in ("the", "of", "and") or fold(words[0]) in NOT_NAME_WORDS):
        words.pop(0)
    title = " ".join(words)
    if fold(title).rstrip(".") in COURTESY:
        return None
    return title or None


def resolve(
    phrase: SpeakerPhrase,
    people: PersonIndex,
    earlier_speakers: Sequence[tuple[int, str, str | None]],
    sentence_start: int | None = None,
) -> tuple[str | None, str | None]:
    """The speaker's name and role for a phrase found next to a cue.

    Args:
        phrase: the phrase as written.
        people: the article's person index.
        earlier_speakers: (position, name, role) of speakers already attributed
            before this quotation, in text order.
        sentence_start: where the sentence holding the phrase starts; a
            pronoun goes first to the first person named earlier in that
            sentence ("Cross said he ..."), then to the latest speaker or the
            nearest person named before, skipping a person of the other gender
            when that is known (Mr./Ms., or an earlier "he"/"she").

    Returns:
        ``(speaker, role)``; the speaker is a canonical person name, a
        description for an unnamed source ("senior administration official"),
        or ``None`` when a pronoun has no antecedent.
    """
    if phrase.kind == "name":
        title, bare = split_title(phrase.text)
        bare = re.sub(r"['\u2019]s$", "", bare)
        name = people.canonical(bare)
        role = phrase.role or (expand_title(title) if title and fold(title).rstrip(".") not in COURTESY else None) or people.role_of(name)
        if phrase.role and title and fold(title).rstrip(".") not in COURTESY:
            role = phrase.role
        return name, role
    if phrase.kind == "pronoun":
        f = fold(phrase.text)
        if f not in ("he", "she"):
            # "they", "we", "I": resolve only to a speaker just quoted (the same voice)
            if f == "i" and earlier_speakers:
                return earlier_speakers[-1][1], earlier_speakers[-1][2]
            return None, None
        gender = "m" if f == "he" else "f"
        fits = lambda n: people.gender_of(n) in (None, gender)  # noqa: E731
        cands = [c for c in people.before(phrase.start) if fits(c[2])]
        if sentence_start is not None:
            same = [c for c in cands if c[0] >= sentence_start]
            if same:
                name = people.canonical(min(same)[2])
                people.set_gender(name, gender)
                return name, people.role_of(name)
        named_speakers = [s for s in reversed(earlier_speakers) if s[1] and classify(s[1]) == "name" and fits(s[1])]
        best = cands[0] if cands else None
        if named_speakers and (best is None or named_speakers[0][0] >= best[0] - 1):
            name = named_speakers[0][1]
            people.set_gender(name, gender)
            return name, named_speakers[0][2] or people.role_of(name)
        if best is not None:
            name = people.canonical(best[2])
            people.set_gender(name, gender)
            return name, people.role_of(name)
        return None, None
    # description: "the official", "the general", "the secretary"
    desc = _strip_det(phrase.text)
    head = fold(desc.split()[-1]) if desc.split() else ""
    if phrase.text.split()[0].lower() in ("the", "this", "that") and head:
        # a named person whose title or role has this head noun
        for start, end, name in people.before(phrase.start):
            role = people.role_of(name) or ""
            if head in fold(role).replace(".", " ").split() or head in [fold(expand_title(w + ".")).lower() for w in role.split()]:
                canon = people.canonical(name)
                return canon, people.role_of(canon)
        # an earlier unnamed source with the same head
        for _pos, name, _role in reversed(earlier_speakers):
            if name and classify(name) == "description" and fold(name).split()[-1] == head:
                return name, _role
    return desc, phrase.role
