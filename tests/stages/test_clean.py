"""Cleaning: each noise kind from our fixtures and from the real seeds."""

import pytest

from newsfuse.readers import read_articles
from newsfuse.stages.clean import clean_text

SEED_NOISE = [
    "/VCG Photo", "Updated 14:49", "Source(s): AFP", "(Bloomberg pic)", "ISIS in Iraq", "Eyes on Turkey",
    "'Tactical change'", "(AP Photo/Susan Walsh)", "Owen Fairclough reports", '["china"]', "01:39", "World Today",
]


def test_each_noise_kind_is_removed_and_kept_as_metadata():
    raw = "\n".join([
        "Fire guts Pier 4 warehouse",
        "Updated 09:12, 15-Oct-2025",
        "Harbour Courier",
        '["world"]',
        "02:14",
        "PORT ELLING: A fire tore through a grain warehouse on Pier 4 late on Tuesday night.",
        " Crews spray water on the warehouse on Pier 4. /Coastline Photo",
        "",
        " Crews spray water on the warehouse on Pier 4. /Coastline Photo",
        "Night of smoke",
        "Firefighters battled the blaze for 12 hours, officials said.",
        "Northshore Radio's Kit Marsh reports.",
        "Smoke over the quay. (AP Photo/Lena Vos)",
        "Source(s): AFP",
    ])
    r = clean_text(raw)
    assert r.title == "Fire guts Pier 4 warehouse"
    assert r.text == ("A fire tore through a grain warehouse on Pier 4 late on Tuesday night.\n\n"
                      "Firefighters battled the blaze for 12 hours, officials said.")
    assert r.dateline == "PORT ELLING"
    assert r.credits == ["AFP"]
    assert r.byline == "Kit Marsh"
    assert str(r.published) == "2025-10-15"
    kinds = {k for k, _ in r.removed}
    assert {"updated", "tags", "duration", "caption", "repeated", "subhead", "reports", "source", "dateline"} <= kinds


def test_quoted_subhead_is_removed_but_quoted_sentence_kept():
    r = clean_text("Headline here\n\nThe mayor spoke at noon on Wednesday.\n'Wall of heat'\n\"It was a wall of heat,\" Ruiz said.")
    assert "'Wall of heat'" not in r.text
    assert '"It was a wall of heat," Ruiz said.' in r.text


def test_dateline_with_agency_gives_the_credit():
    r = clean_text("PORT ELLING (AFP) - A fire tore through a warehouse on Pier 4 late on Tuesday.", has_title=True)
    assert r.dateline == "PORT ELLING" and r.credits == ["AFP"]
    assert r.text.startswith("A fire tore through")


@pytest.fixture(scope="module")
def seed_articles(seeds_dir):
    return read_articles([seeds_dir])


def test_issue_2_no_seed_noise_survives_cleaning(seed_articles):
    for article in seed_articles:
        for noise in SEED_NOISE:
            assert noise not in article.text, (article.source, noise)


def test_seed_sentences_and_quotes_survive(seed_articles):
    joined = "\n".join(a.text for a in seed_articles)
    for kept in [
        "Seventy-nine countries and organizations all meeting with one aim",
        '"It should be formally announced sometime next week that we will have 100 percent of the caliphate," Trump said.',
        "\u201cIt simply represents a new stage in an old fight.\u201d",
        "President Donald Trump said the US military and its allies will probably control all territory",
        "A U.S. garrison in Tanf, in southern Syria on the border with Jordan",
    ]:
        assert kept in joined, kept


def test_example_noise_is_gone(example_dir):
    for article in read_articles([example_dir]):
        for noise in ["Coastline Photo", "Updated 09:12", "Source(s)", "Bloomberg pic", "AP Photo", "Kit Marsh reports",
                      "Night of smoke", "'Wall of heat'", '["world"]', "02:14", "Most read", "All rights reserved",
                      "PORT ELLING", "World Desk"]:
            assert noise not in article.text, (article.source, noise)
