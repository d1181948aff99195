"""Person-name variants: "Mike Pompeo" / "Michael Pompeo", "Al-Hakim" / "al-Hakim".

Shared by the quotes stage (merging speakers across outlets) and the entities
stage (merging entity mentions). Everything here is pure string work on names
that another component has already found; nothing decides what *is* a name.

- :func:`name_tokens` drops titles and honorifics ("Gen.", "Secretary of State",
  "Mr."), folds case and accents and splits particles ("al-Hakim" -> "al",
  "hakim").
- :func:`same_person` says whether two names can denote the same person: the
  same surname and compatible given names (equal, an initial, a nickname, or
  one of them missing).
- :func:`fullest_name` picks the form to show among several variants.
- :func:`split_title` separates a leading title or role from a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence

# Honorifics and short titles written before a name; dropped when comparing.
HONORIFICS = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev fr sen rep gov gen lt col sgt capt maj adm cmdr
    cpl pvt brig insp det supt pres atty amb hon judge justice president vice prime minister
    secretary senator representative governor general lieutenant colonel sergeant captain major admiral
    commander mayor chancellor ambassador king queen prince princess sheikh emir pope chairman chairwoman
    chief director spokesman spokeswoman spokesperson deputy foreign defense defence state interior
    finance minister premier speaker leader congressman congresswoman councilman councilwoman councillor councilor councilmember alderman
    """.split()
)
# Nouns that end a longer title ("Chief Fire Officer", "Police Commissioner", "Chief Executive"):
# the words before them belong to the title too.
TITLE_HEADS = frozenset("officer commissioner superintendent inspector constable executive administrator coordinator commandant coroner".split())
# Generational and other suffixes: not a surname.
SUFFIXES = frozenset("jr sr ii iii iv phd md esq".split())
# Lower-case particles that belong to a surname ("al-Hakim", "van der Berg", "bin Salman").
PARTICLES = frozenset("al el bin ibn bint abu van von der den de del della di da du la le dos das ter".split())

# Given-name variants: each set lists names that can denote the same person.
_NICKNAME_GROUPS = (
    "michael mike mick mickey", "william bill will billy willy liam", "robert bob rob bobby robbie bert",
    "richard rick dick rich ricky", "james jim jimmy jamie", "john jack johnny jon", "joseph joe joey",
    "thomas tom tommy", "charles charlie chuck chas", "edward ed eddie ted ned", "theodore ted teddy theo",
    "elizabeth liz beth betsy lisa eliza libby", "margaret maggie meg peggy marge", "katherine kate kathy katie cathy catherine kathryn",
    "jennifer jen jenny", "patricia pat patty trish", "patrick pat paddy", "daniel dan danny",
    "david dave davey", "steven steve stephen stevie", "anthony tony", "andrew andy drew",
    "alexander alex sasha xander", "alexandra alex sandra", "benjamin ben benny", "christopher chris kit",
    "christine chris chrissy christina", "nicholas nick nicky", "samuel sam sammy", "samantha sam",
    "matthew matt", "gregory greg", "jeffrey jeff geoffrey", "kenneth ken kenny", "lawrence larry laurence",
    "leonard len lenny leo", "ronald ron ronnie", "donald don donnie", "gerald gerry jerry", "harold hal harry",
    "henry hank harry hal", "frederick fred freddie", "francis frank", "franklin frank", "albert al bert",
    "alfred al alf", "raymond ray", "peter pete", "philip phil", "timothy tim timmy", "susan sue susie",
    "deborah debbie deb", "rebecca becky becca", "victoria vicky tori", "abigail abby", "barbara barb babs",
    "dorothy dot dottie", "eleanor ellie nell", "judith judy", "kimberley kim kimberly", "nancy nan",
    "pamela pam", "rosemary rose", "mohammed mohammad muhammad mohamed mohamad", "vladimir vlad",
    "hillary hill", "zachary zach zack", "jonathan jon jonny", "nathaniel nate nat nathan", "joshua josh",
    "jacob jake", "isabel isabelle bella izzy", "anabel ana anna annabel", "ann anne annie anna",
)
NICKNAMES: dict[str, frozenset[str]] = {}
for _group in _NICKNAME_GROUPS:
    _names = _group.split()
    for _n in _names:
        NICKNAMES[_n] = NICKNAMES.get(_n, frozenset()) | frozenset(_names)

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?|\d+", re.U)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes and dashes."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-").lower()


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The comparable tokens of a name: titles, honorifics and suffixes removed.

    ``name_tokens("Gen. Joseph L. Votel Jr.") == ("joseph", "l", "votel")``;
    ``name_tokens("Al-Hakim") == ("al", "hakim")``.
    """
    tokens = [t for t in _TOKEN_RE.findall(fold(name).replace("-", " "))]
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens.pop(0)
    # "Secretary of State Mike Pompeo": drop a leading "of X" left by a title.
    while len(tokens) > 2 and tokens[0] in ("of", "the"):
        tokens = tokens[2:]
        while len(tokens) > 1 and tokens[0] in HONORIFICS:
            tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens.pop()
    return tuple(tokens)


def surname(name: str) -> str:
    """The folded surname with its particles ("al hakim", "pompeo"), or "" for an empty name."""
    tokens = name_tokens(name)
    if not tokens:
        return ""
    i = len(tokens) - 1
    while i > 0 and tokens[i - 1] in PARTICLES:
        i -= 1
    return " ".join(tokens[i:])


def _bare_surname(name: str) -> str:
    parts = surname(name).split()
    return parts[-1] if parts else ""


def given_names(name: str) -> tuple[str, ...]:
    """The folded given names and initials before the surname."""
    tokens = name_tokens(name)
    n_sur = len(surname(name).split())
    return tokens[: len(tokens) - n_sur]


def compatible_given(a: str, b: str) -> bool:
    """Whether two given names (folded) can denote the same person: equal, initial, or nickname."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return b in NICKNAMES.get(a, ()) or a.startswith(b) and len(b) >= 3 or b.startswith(a) and len(a) >= 3


def same_person(a: str, b: str) -> bool:
    """Whether names ``a`` and ``b`` can denote the same person.

    True when the surnames agree (ignoring case, accents, particles such as
    "al-", titles and suffixes) and the first given names are compatible:
    equal, one an initial of the other, nicknames of each other ("Mike" /
    "Michael"), or one of the names has none ("Pompeo" / "Mike Pompeo").

    Args:
        a: a person's name as written, possibly with a title.
        b: another name.

    Returns:
        Whether both can be the same person (a necessary, not a sufficient, condition).
    """
    sa, sb = _bare_surname(a), _bare_surname(b)
    if not sa or sa != sb:
        return False
    ga, gb = given_names(a), given_names(b)
    ga = tuple(g for g in ga if g not in PARTICLES)
    gb = tuple(g for g in gb if g not in PARTICLES)
    if not ga or not gb:
        return True
    return compatible_given(ga[0], gb[0])


def fullest_name(names: Iterable[str]) -> str:
    """The form to show among variants of one name: most name tokens, then the formal given name.

    ``fullest_name(["Pompeo", "Mike Pompeo", "Michael Pompeo"]) == "Michael Pompeo"``.
    Titles are dropped first ("President Donald Trump" counts as "Donald Trump").
    Ties go to the most frequent form, then the first seen.
    """
    names = [split_title(n)[1] for n in names if n and n.strip()]
    if not names:
        return ""
    counts = Counter(names)
    order = {n: i for i, n in reversed(list(enumerate(names)))}

    def key(n: str) -> tuple:
        toks = name_tokens(n)
        given = given_names(n)
        formal = len(given[0]) if given else 0
        proper = sum(1 for w in n.split() if w[:1].isupper())
        return (len(toks), formal, proper, counts[n], -order[n])

    return max(counts, key=key)


def group_names(names: Sequence[str]) -> list[list[str]]:
    """Partition ``names`` into groups of variants of one person.

    Names with a given name are grouped first (a name joins the first group
    whose fullest member it matches with :func:`same_person`); a bare surname
    then joins a group only when exactly one group matches it, so "Smith" is
    left alone beside "Ann Smith" and "Bob Smith".
    """
    groups: list[list[str]] = []
    bare = []
    for n in names:
        if not given_names(n):
            bare.append(n)
            continue
        hits = [g for g in groups if same_person(n, fullest_name(g))]
        if hits:
            hits[0].append(n)
        else:
            groups.append([n])
    for n in bare:
        hits = [g for g in groups if same_person(n, fullest_name(g))]
        if len(hits) == 1:
            hits[0].append(n)
        else:
            same = [g for g in groups if not given_names(fullest_name(g)) and same_person(n, g[0])]
            if same:
                same[0].append(n)
            else:
                groups.append([n])
    return groups


def split_title(phrase: str) -> tuple[str | None, str]:
    """Split a leading title or role from a name: ("Turkish Foreign Minister", "Mevlut Cavusoglu").

    A word counts as part of the title when it is an honorific or title word
    (:data:`HONORIFICS`), a nationality-style adjective before one, an
    abbreviation such as "U.S." or "Gen.", or part of "X of Y" ("Secretary of
    State"). Returns ``(None, phrase)`` when nothing looks like a title.
    """
    words = phrase.split()
    if len(words) < 2:
        return None, phrase
    # Find the last title word; the name is what follows it.
    last = -1
    for i, w in enumerate(words[:-1]):
        f = fold(w).strip(".,")
        if f in HONORIFICS or f in TITLE_HEADS and (last >= 0 or len(words) - i >= 3) or f in ("u.s", "us", "u.n", "un", "u.k", "uk", "e.u", "eu") or w.endswith(".") and len(w) <= 5:
            last = i
        elif f in ("of", "the", "for", "and") and last == i - 1 and i + 1 < len(words) - 1:
            # "Secretary of State Mike Pompeo": the word after "of" is part of the title
            last = i + 1
    if last < 0:
        return None, phrase
    title_words, name_words = words[: last + 1], words[last + 1 :]
    if not name_words:
        return None, phrase
    # a single remaining capitalised word after e.g. "Secretary of State" is the name
    title = " ".join(title_words)
    return title, " ".join(name_words)
