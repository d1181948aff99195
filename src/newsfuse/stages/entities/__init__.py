"""Entities: people, organisations and places, with their name variants merged.

Mentions come from spaCy's named-entity recogniser in default mode (PERSON,
ORG, GPE, LOC, FAC) and from runs of capitalised words in fast mode. They are
then merged across outlets:

- people by name (:func:`newsfuse.stages.names.group_names`: same surname and
  compatible given names, so "Mike Pompeo", "Michael Pompeo" and "Pompeo" are
  one person); a one-word organisation or place that is a known person's
  surname ("Trump" tagged ORG) joins the person;
- organisations and places by a folded key ("the State Department" = "State
  Department", "Al-Hakim" = "al-Hakim"), a table of aliases (ISIS, ISIL,
  Islamic State, IS, Daesh; U.S., United States, America) and acronyms from
  initials ("UNHCR" / "U.N. High Commissioner for Refugees" is left alone,
  "NATO" / "North Atlantic Treaty Organization" merges).

Each entity keeps its variants as written, its role when one is stated (a
title before the name, "Secretary of State Mike Pompeo", or an appositive
after it, "Gen. Joseph Votel, the commander of U.S. forces in the Middle
East"), and its mentions per outlet.

The ``entities`` stage assigns ``cluster.entities``, most-mentioned first, and
reads spaCy's parses from ``cluster.parses`` (the ``parse`` stage).

One module per job:

- :mod:`.mentions`: mentions in each article (spaCy and fast variants);
- :mod:`.aliases`: aliases, comparison keys and word lists of names;
- :mod:`.roles`: the role written with a name;
- :mod:`.kinds`: labels corrected from the words around a name (countries, "on Twitter",
  churches) and the missed mentions of known places;
- :mod:`.merge`: mentions merged into entities across outlets;
- :mod:`.stage`: the pipeline stage, and the spaCy parses shared with later stages;
- :mod:`.types`: the result dataclasses.
"""

from __future__ import annotations

from .aliases import entity_key
from .mentions import mentions_fast, mentions_spacy, recall_persons
from .merge import merge_mentions
from .roles import role_of
from .stage import entities_of_cluster, make_entity_stage
from .types import Entity, Mention

__all__ = [
    "Entity",
    "Mention",
    "entities_of_cluster",
    "entity_key",
    "make_entity_stage",
    "mentions_fast",
    "mentions_spacy",
    "merge_mentions",
    "recall_persons",
    "role_of",
]
