"""Update briefs (--since, --since-date, ``earlier=``) on a story told over three days.

The fixture (tests/fixtures/update/README.md) has a death toll that rises 12 -> 31 -> 47, a
governor's remark printed on day 1 and repeated on day 2, and the day-1 facts retold on day 2.
Nothing the earlier articles said may come back as new.
"""

import json
import re
import subprocess
import sys

import pytest

import newsfuse
from newsfuse import Settings, make_brief, read_articles
from newsfuse.schema import validate_brief

from .conftest import REPO

DAYS = REPO / "src" / "newsfuse" / "examples" / "kessel-flood"
MARREN = "We will rebuild every bridge in this valley"


def _run(*args):
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True, timeout=300)


def _words(text):
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _retold(text, earlier_texts):
    """The highest word overlap (Jaccard) of ``text`` with any sentence of the earlier articles."""
    mine = _words(text)
    best = 0.0
    for doc in earlier_texts:
        for sent in re.split(r"(?<=[.!?\"”])\s+", doc):
            other = _words(sent)
            if other:
                best = max(best, len(mine & other) / len(mine | other))
    return best


def _brief_json(*args):
    r = _run("brief", *args, "--format", "json", "--fast")
    assert r.returncode == 0, r.stderr
    brief = json.loads(r.stdout)
    validate_brief(brief)
    return brief


def _change(brief, about):
    changes = [c for c in brief["update"]["changes"] if about in c["about"]]
    assert len(changes) == 1, brief["update"]["changes"]
    return changes[0]


def test_day2_since_day1_reports_only_what_is_new():
    brief = _brief_json(str(DAYS / "day2"), "--since", str(DAYS / "day1"))
    assert brief["update"]["before"] == ["s1", "s2"] and brief["update"]["new"] == ["s3", "s4"]
    earlier = [(DAYS / "day1" / f).read_text() for f in ("kessel_courier.txt", "valley_herald.txt")]
    assert brief["summary"], "day 2 has new facts: the engineer, the inspection, the soldiers"
    for sentence in brief["summary"]:
        assert set(sentence["sources"]) <= {"s3", "s4"}, sentence
        assert _retold(sentence["text"], earlier) < 0.5, sentence["text"]
        assert "3,000" not in sentence["text"], "the breach and the evacuation are retold, not new"
    assert not any(MARREN in q["text"] for q in brief["quotes"]), "the repeated remark is not new"
    assert any("nobody acted on it" in q["text"] for q in brief["quotes"])
    toll = _change(brief, "killed")
    assert {v["value"] for v in toll["before"]} == {12} and {v["value"] for v in toll["after"]} == {31}
    assert "31" in toll["text"] and "12" in toll["text"]
    assert all(set(v["sources"]) <= {"s1", "s2"} for v in toll["before"])


def test_day3_since_two_days_by_date_gives_the_latest_change():
    brief = _brief_json(str(DAYS / "day1"), str(DAYS / "day2"), str(DAYS / "day3"), "--since-date", "2026-03-03")
    assert len(brief["update"]["before"]) == 4 and len(brief["update"]["new"]) == 2
    new = set(brief["update"]["new"])
    assert all(set(s["sources"]) <= new for s in brief["summary"])
    assert any("Holt" in s["text"] for s in brief["summary"])
    toll = _change(brief, "killed")
    assert {v["value"] for v in toll["after"]} == {47}
    assert {12, 31} <= {v["value"] for v in toll["before"]}
    assert len(brief["quotes"]) == 1 and brief["quotes"][0]["speaker"].endswith("Anika Sorell")


def test_since_and_since_date_agree_on_what_is_new():
    by_path = _brief_json(str(DAYS / "day3"), "--since", str(DAYS / "day1"), "--since", str(DAYS / "day2"))
    by_date = _brief_json(str(DAYS / "day1"), str(DAYS / "day2"), str(DAYS / "day3"), "--since-date", "2026-03-03")
    assert [s["text"] for s in by_path["summary"]] == [s["text"] for s in by_date["summary"]]


def test_markdown_says_what_changed():
    r = _run("brief", str(DAYS / "day2"), "--since", str(DAYS / "day1"), "--fast", "--format", "markdown")
    assert r.returncode == 0, r.stderr
    section = r.stdout.split("## What changed", 1)[1].split("\n## ", 1)[0]
    assert "read before: [1][2]" in section and re.search(r"31 people \[\d\].*12 people \[1\]\[2\]", section)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since-date", "yesterday"], "--since-date 'yesterday' is not a date"),
        (["--since-date", "2026-04-01"], "no article is dated after 2026-04-01"),
        (["--since-date", "2026-03-03", "--since", str(DAYS / "day1")], "not both"),
    ],
)
def test_bad_since_options_get_one_line_errors(args, message):
    r = _run("brief", str(DAYS / "day2"), "--fast", *args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], r.stderr


def test_default_mode_update_through_the_python_api():
    day1, day2 = read_articles([DAYS / "day1"]), read_articles([DAYS / "day2"])
    brief = make_brief(day2, Settings(), since=day1)
    assert brief.update is not None and brief.update.before == ("s1", "s2")
    assert all(set(s.sources) <= {"s3", "s4"} for s in brief.summary)
    names = {e.name for e in brief.entities}
    assert "Tomas Weyland" in names and not any("Marren" in n for n in names), names
    plain = make_brief(day2, Settings())
    assert plain.update is None and "update" not in plain.to_dict()
    by_path = newsfuse.brief(DAYS / "day2", since=DAYS / "day1")
    assert [s.text for s in by_path.summary] == [s.text for s in brief.summary]


def test_what_changed_counts_a_wire_copy_once():
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles

    root = REPO / "tests" / "fixtures" / "disagreements" / "footbridge"
    earlier = read_articles([str(root / "river_radio.txt")])
    new = read_articles([str(root / "varn_post.txt"), str(root / "brellin_herald.txt")])
    brief = make_brief(new, earlier=earlier)
    (change,) = [c for c in brief.update.changes if "killed" in c.about]
    (after,) = change.after
    assert (after.value, len(after.sources), after.independent) == (14, 2, 1)
    (before,) = change.before
    assert (before.value, before.independent) == (12, 1)
