"""Entities: name variants merged across outlets, roles, mentions per outlet.

Seeds (real, via ``shared_dir``) for Pompeo and the Islamic State; the
bundled example (fictional) for "Ana Ruiz" / "Anabel Ruiz", whom the
recogniser misses in two of five outlets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.model import Article
from newsfuse.stages.entities.aliases import entity_key
from newsfuse.stages.entities.kinds import recall_places, retype
from newsfuse.stages.entities.merge import merge_mentions
from newsfuse.stages.entities.roles import role_of
from newsfuse.stages.entities.types import Mention
from newsfuse.text.sentences import split_sentences


def entity(entities, variant: str):
    hits = [e for e in entities if variant in e.variants]
    assert len(hits) == 1, f"{variant}: {[e.to_dict() for e in hits]}"
    return hits[0]


@pytest.fixture(scope="module")
def seeds(seeds_dir, make_cluster):
    return make_cluster(seeds_dir, "entities")


@pytest.fixture(scope="module")
def harbour(example_dir, make_cluster):
    return make_cluster(example_dir, "entities")


def seed_sid(cluster, prefix: str) -> str:
    return next(sid for sid, a in zip(cluster.source_ids, cluster.articles) if Path(a.source).name.startswith(prefix))


def test_seeds_mike_and_michael_pompeo_are_one_person(seeds):
    e = entity(seeds.entities, "Mike Pompeo")
    assert "Michael Pompeo" in e.variants and "Pompeo" in e.variants
    assert e.type == "person"
    assert e.role == "Secretary of State"
    d = e.to_dict()
    assert set(d["mentions"]) == set(seeds.source_ids)  # every outlet names him
    assert sum(d["mentions"].values()) >= 8


def test_seeds_islamic_state_variants_merged(seeds):
    e = entity(seeds.entities, "ISIS")
    assert {"ISIL", "Islamic State"} <= set(e.variants)
    assert e.name == "Islamic State" and e.type == "organisation"


def test_seeds_roles_from_titles_and_appositives(seeds):
    assert entity(seeds.entities, "Mevlut Cavusoglu").role == "Turkish Foreign Minister"
    assert entity(seeds.entities, "Joseph Votel").role == "commander of U.S. forces in the Middle East"
    assert entity(seeds.entities, "John Bolton").role == "national security adviser"


def test_seeds_al_hakim_case_variants_merged(seeds):
    e = entity(seeds.entities, "Al-Hakim")
    assert "Mohammed Ali al-Hakim" in e.variants and "Mohammed Ali Al-Hakim" in e.variants


def test_seeds_mentions_per_outlet_and_order(seeds):
    totals = [e.total for e in seeds.entities]
    assert totals == sorted(totals, reverse=True)
    cav = entity(seeds.entities, "Mevlut Cavusoglu").to_dict()
    assert list(cav["mentions"]) == [seed_sid(seeds, "000")]


def test_harbour_ana_and_anabel_ruiz_one_person_with_one_role(harbour):
    e = entity(harbour.entities, "Ana Ruiz")
    assert "Anabel Ruiz" in e.variants
    assert e.role == "Chief Fire Officer"
    assert set(e.to_dict()["mentions"]) == set(harbour.source_ids)  # all five outlets quote her
    assert not any(x is not e and "Ruiz" in " ".join(x.variants) for x in harbour.entities)


def _m(text: str, label: str, sid: str = "s1", start: int = 0) -> Mention:
    return Mention(text, label, f"a{sid}", sid, 0, start, start + len(text))


def test_merge_aliases_and_departments():
    ents = merge_mentions(
        [
            _m("ISIS", "ORG"), _m("ISIL", "ORG", "s2"), _m("Islamic State", "ORG", "s2"), _m("IS", "ORG", "s3"),
            _m("Daesh", "ORG", "s3"), _m("the State Department", "ORG"), _m("State Department", "ORG", "s2"),
            _m("NATO", "ORG", "s1"), _m("North Atlantic Treaty Organization", "ORG", "s2"),
        ],
        ("s1", "s2", "s3"),
    )
    by_name = {e.name: e for e in ents}
    assert set(by_name["Islamic State"].variants) == {"ISIS", "ISIL", "Islamic State", "IS", "Daesh"}
    assert by_name["Islamic State"].to_dict()["mentions"] == {"s1": 1, "s2": 2, "s3": 2}
    assert by_name["State Department"].to_dict()["mentions"] == {"s1": 1, "s2": 1}
    nato = next(e for e in ents if "NATO" in e.variants)
    assert "North Atlantic Treaty Organization" in nato.variants


def test_surname_tagged_as_organisation_joins_the_person():
    ents = merge_mentions([_m("Donald Trump", "PERSON"), _m("Trump", "ORG", "s2")], ("s1", "s2"))
    assert len(ents) == 1 and ents[0].type == "person" and ents[0].to_dict()["mentions"] == {"s1": 1, "s2": 1}


def test_entity_key_and_role_of():
    assert entity_key("the U.S.") == entity_key("United States") == entity_key("America")
    assert entity_key("Al-Hakim") == entity_key("al-Hakim")
    text = "Gen. Joseph Votel, the commander of U.S. forces in the Middle East, said so."
    assert role_of(text, 5, 17) == "commander of U.S. forces in the Middle East"


def test_fast_mode_merges_pompeo(seeds_dir, make_cluster):
    cluster = make_cluster(seeds_dir, "entities", fast=True)
    e = entity(cluster.entities, "Mike Pompeo")
    assert "Michael Pompeo" in e.variants and e.type == "person"


# Issue 16: the kinds of names, short forms of organisations, missed place mentions, one role.
BRIDGE = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "bridge"


@pytest.fixture(scope="module")
def bridge(make_cluster):
    return make_cluster(BRIDGE, "quotes")


def test_issue_16_country_platform_and_church_get_their_kind(bridge):
    kinds = {e.name: e.type for e in bridge.entities}
    assert kinds["Jordan"] == "place"  # "a mill ... on the border with Jordan", tagged PERSON
    assert kinds["Twitter"] == "organisation"  # "announcement on Twitter", tagged PERSON
    assert kinds["St Aldric"] == "place"  # "at St Aldric's church", tagged ORG


def test_issue_16_retype_keeps_people_the_cluster_names():
    texts = {"a1": "Michael Jordan said the club would stay. Jordan said so again on Monday."}
    mentions = [Mention("Michael Jordan", "PERSON", "a1", "s1", 0, 0, 14), Mention("Jordan", "PERSON", "a1", "s1", 1, 41, 47)]
    assert [m.label for m in retype(mentions, texts)] == ["PERSON", "PERSON"]
    texts = {"a1": "A garrison on the border with Jordan will stay. He posted it on Twitter."}
    mentions = [Mention("Jordan", "PERSON", "a1", "s1", 0, 30, 36), Mention("Twitter", "PERSON", "a1", "s1", 1, 64, 71)]
    assert [m.label for m in retype(mentions, texts)] == ["GPE", "ORG"]


def test_issue_16_short_form_of_an_organisation_joins_its_full_name():
    ents = merge_mentions(
        [_m("Global Coalition to Defeat ISIS", "ORG", "s2"), _m("Global Coalition", "ORG", "s3"),
         _m("Port Elling", "GPE", "s1"), _m("Port Elling Fire Service", "ORG", "s1"),
         _m("United Nations", "ORG", "s1"), _m("United Nations Security Council", "ORG", "s2")],
        ("s1", "s2", "s3"),
    )
    coalition = entity(ents, "Global Coalition")
    assert coalition.name == "Global Coalition to Defeat ISIS" and coalition.to_dict()["mentions"] == {"s2": 1, "s3": 1}
    # a place is not the start of an organisation's name, nor is a name that goes on capitalised
    assert entity(ents, "Port Elling") is not entity(ents, "Port Elling Fire Service")
    assert entity(ents, "United Nations") is not entity(ents, "United Nations Security Council")


def test_issue_16_place_named_inside_another_span_is_counted():
    text = "A fire tore through a warehouse on Pier 4 of Port Elling's harbour late on Tuesday."
    art = Article(id="a1", outlet="Test", text=text)
    other = Article(id="a2", outlet="Other", text="The blaze in Port Elling burned all night.")
    sents = {a.id: split_sentences(a) for a in (art, other)}
    # the recogniser took "Pier 4 of Port Elling's" as one span of another kind (LAW): no mention in a1
    known = [Mention("Port Elling", "GPE", "a2", "s2", 0, 13, 24)]
    got = recall_places([(art, sents["a1"], "s1"), (other, sents["a2"], "s2")], known)
    assert [(m.text, m.source_id, m.label) for m in got] == [("Port Elling", "s1", "GPE")]
    assert text[got[0].start:got[0].end] == "Port Elling"
    # not inside a longer name the organisation's mention covers
    fire = Article(id="a3", outlet="T", text="Crews of the Port Elling Fire Service fought the blaze all night.")
    assert recall_places([(fire, split_sentences(fire), "s3")], known) == []


def test_issue_16_harbour_port_elling_counted_in_every_outlet_naming_it(harbour):
    assert entity(harbour.entities, "Port Elling").to_dict()["mentions"].keys() >= {"s1", "s3", "s4", "s5"}


def test_issue_16_speaker_has_the_role_the_entities_give(bridge):
    marren = entity(bridge.entities, "Ilse Marren")
    quote = next(q for q in bridge.quotes if q.text.startswith("We will rebuild it"))
    # "Mayor" in three mentions, "Town Mayor" in the one that carries the quote
    assert marren.role == "Mayor" and (quote.speaker, quote.role) == ("Ilse Marren", "Mayor")
