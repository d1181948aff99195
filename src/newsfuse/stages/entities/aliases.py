"""What makes two written forms one organisation or place, and the word lists of names.

The alias table (ISIS, ISIL, Islamic State, Daesh; U.S., United States, America), the form
shown for each alias group, :func:`entity_key` (folded, "the" and dots dropped, aliases
resolved), and the words of roles, of organisations and the capitalised words that are
not names, shared by the mention finders and the merge.
"""

from __future__ import annotations

import re

from ..names import fold


TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place", "OTHER": "other"}

# Names that denote the same organisation or place; the first is the key.
ALIASES: tuple[tuple[str, ...], ...] = (
    ("washington", "washington dc", "washington d c", "dc", "d c"),
    ("islamic state", "isis", "isil", "is", "daesh", "daish", "islamic state group", "islamic state of iraq and syria",
     "islamic state of iraq and the levant", "the islamic state"),
    ("united states", "us", "usa", "america", "united states of america", "the united states"),
    ("united kingdom", "uk", "britain", "great britain"),
    ("united nations", "un"),
    ("european union", "eu"),
    ("state department", "us state department", "department of state", "us department of state", "the state department"),
    ("pentagon", "defense department", "department of defense", "us department of defense", "defence department"),
    ("white house",),
    ("soviet union", "ussr"),
)
_ALIAS_KEY = {alias: group[0] for group in ALIASES for alias in group}
# The form shown for an alias group, whatever form is most used.
DISPLAY = {"islamic state": "Islamic State", "united states": "United States", "united kingdom": "United Kingdom",
           "united nations": "United Nations", "european union": "European Union", "state department": "State Department",
           "pentagon": "Pentagon", "white house": "White House", "soviet union": "Soviet Union", "washington": "Washington"}

# Words before a name that belong to a role ("national security adviser John Bolton").
ROLE_WORDS = frozenset(
    """
    president vice prime minister secretary foreign defense defence interior finance state general gen lt col
    commander chief adviser advisor national security spokesman spokeswoman spokesperson ambassador envoy
    senator sen rep representative governor gov mayor director deputy head leader chairman chairwoman chair
    official officer judge justice king queen prince princess sheikh emir pope premier chancellor speaker
    attorney counsel coach captain capt admiral adm sergeant sgt colonel major maj lieutenant inspector
    superintendent chief executive ceo founder editor correspondent analyst professor prof dr mr mrs ms
    special representative coordinator fire police harbour harbor port city council councillor councilman
    """.split()
)
ORG_WORDS = frozenset(
    """
    department ministry coalition council party agency company inc corp ltd university army navy force forces
    committee union organization organisation group bank court senate congress parliament assembly commission
    office service services authority board association federation institute foundation club team news times
    post press agency network brigade guard police fund
    """.split()
)
MONTH_ABBR = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_STOP_CAPS = frozenset(
    """
    the a an but and or so yet he she it they we i you this that these those there his her its their our
    in on at for after before when while if as since although though despite however meanwhile still
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr
    """.split()
)


def entity_key(text: str) -> str:
    """The comparison key of an organisation or place: folded, "the" and dots dropped, aliases resolved."""
    t = fold(text).strip(" .,;:'\"()")
    t = re.sub(r"'s$", "", t)
    t = t.replace(".", "").replace("-", " ").replace(",", " ")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^the ", "", t)
    return _ALIAS_KEY.get(t, _ALIAS_KEY.get(f"the {t}", t))


def _clean_surface(text: str) -> str:
    t = text.strip(" ,;:\"()\u201c\u201d")
    if t.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", t):
        t = t[:-1]
    t = re.sub(r"['\u2019]s$", "", t)
    t = re.sub(r"^(?:the|The)\s+", "", t)
    return t


def _initials(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if fold(w) not in ("of", "the", "and", "for", "to", "on", "in")]
    return "".join(w[0] for w in words).lower()
