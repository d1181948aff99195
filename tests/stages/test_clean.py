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


# --- issue 21: one fixture per line rule, each beside a body line it must not touch -----------

STORY_LINE = "Firefighters from four stations fought the blaze on Pier 4 for twelve hours, officials said."

LINE_RULES = [
    # (rule, a noise line it removes, a story line that looks like it and stays)
    ("caption", "Cranes stand idle on Pier 2. REUTERS/Mara Lind",
     "Cranes stood idle on Pier 2 on Thursday, Reuters reported."),
    ("caption", "Coal's share of power keeps falling. (Credit: Ada Lind / Coastline Data)",
     "The union gave the company credit for the offer (but not for the timing)."),
    ("caption", "Striking dockers at the gate last year. Photograph: Jan Berg/Getty Images",
     "A photograph of the gate, taken last year, showed the strikers."),
    ("caption", "Image: Marlow Bay Wildlife Trust", "The image of the port has changed: it is busier than ever."),
    ("caption", "Auch der Bürgermeister unterstützt die Initiative. Bild: dpa",
     "Der Bürgermeister sagte, das Bild des Hafens habe sich verändert."),
    ("contributors", "Reporting by Mara Lind in Port Elling; Editing by Tom Hale",
     "Reporting by local radio helped the crews find the fire, Vogel said."),
    ("contributors", "Noor Haddad and Kit Marsh contributed to this report.",
     "Volunteers contributed to the cost of the new lifeboat."),
    ("contributors", "This article originally appeared on Coastline Weekly.",
     "The article first appeared in print, the editor said, before it went online."),
    ("contributors", "Write to Ana Ruiz at ana.ruiz@harbourgazette.example",
     "Readers can write to the council before November 27."),
    ("contributors", "kokobj@coastline.example", "Send tips to the newsroom, the editor said."),
    ("contributors", "-- By Michael Hart Follow @mhart", "By Monday the pier was open again."),
    ("contributors", "(END)", "(The council meets on Friday.)"),
    ("contributors", "(grh)", "The harbour (grain terminal) reopened."),
    ("copyright", "\u00a9 2025 Harbour Gazette. All rights reserved.",
     "The museum keeps the copyright of the logbooks, all 41 of them."),
    ("copyright", "Copyright 2025 Bayside Media Ltd", "Copyright lawyers for the museum declined to comment."),
    ("update-note", "Update Oct. 16, 10:40 AM: Adds comment from the harbour authority.",
     "The update on Oct. 16 added nothing new, the harbour authority said."),
    ("update-note", "This story has been updated with additional developments.",
     "This story has been told many times in the harbour, Eriksen said."),
    ("promo", "Read more: Council approves new ferry timetable", "Read more than the headline, the mayor said."),
    ("promo", "Related coverage", "Related works will close the quay for a week."),
    ("promo", "Editors' Recommendations:", "The editors recommended the change in March."),
    ("promo", "Sign up for the Harbour Briefing newsletter: the port's news in your inbox every morning.",
     "Volunteers can sign up at the harbour hall until Friday."),
    ("promo", "Follow Northshore Post on Facebook and Instagram for local news as it happens.",
     "Follow-up inspections will take place on Monday."),
    ("promo", "Advertisement", "Advertisement revenue rose 4 percent, the company said."),
    ("promo", "\u2014 Port Elling Fire (@ellingfire) October 15, 2025",
     "\u2014 and that, the fire service said, was the end of it."),
    ("promo", "Just a heads up, some of the links on this site are affiliate links, so we may earn a small "
              "commission if you buy something.",
     "The affiliate of the ferry company earned a commission on every ticket, the audit found."),
]


@pytest.mark.parametrize("rule, noise, story", LINE_RULES, ids=[f"{r}:{n[:24]}" for r, n, _ in LINE_RULES])
def test_issue_21_each_line_rule_removes_its_noise_and_keeps_story_lines(rule, noise, story):
    for structured in (False, True):
        r = clean_text("\n".join([STORY_LINE, noise, story, STORY_LINE.replace("four", "five")]),
                       has_title=True, structured=structured)
        assert (rule, noise) in r.removed, (structured, r.removed)
        assert story in r.text.split("\n\n"), (structured, r.removed)


def test_issue_21_headings_from_html_are_kept_plain_text_subheads_are_not():
    raw = "\n".join([STORY_LINE, "Insurers wait", "Two insurers said they were studying the policies.", "World Today"])
    assert "Insurers wait" not in clean_text(raw, has_title=True).text
    structured = clean_text(raw, has_title=True, structured=True)
    assert structured.text.split("\n\n") == raw.split("\n")
    assert clean_text("Short first line\n" + STORY_LINE, structured=True).title is None  # no headline guessed


def test_issue_21_a_photo_credit_never_becomes_the_story_credit():
    r = clean_text("US President Donald Trump. (Bloomberg pic)\n" + STORY_LINE, has_title=True)
    assert r.credits == [] and r.photo_agencies == ["Bloomberg"]
    assert clean_text("This article originally appeared on Reuters.\n" + STORY_LINE, has_title=True).credits == ["Reuters"]
