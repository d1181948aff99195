"""Timeline: relative dates resolved against each article's date (or the cluster's)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsfuse.briefing import new_cluster
from newsfuse.model import Article
from newsfuse.pipeline import Pipeline
from newsfuse.readers import read_articles
from newsfuse.settings import Settings
from newsfuse.text.sentences import split_sentences
from newsfuse.stages.timeline import cluster_date, find_dates, is_future
from newsfuse.text.dates import readable_date

FERRY = Path(__file__).resolve().parents[1] / "fixtures" / "figures" / "ferry"
THU = date(2019, 2, 7)  # Thursday 7 February 2019, the seeds' date


def resolved(text: str, ref: date | None = THU) -> dict[str, str]:
    article = Article(id="t", outlet="Test", text=text, date=ref)
    return {d.text: d.label for d in find_dates(article, split_sentences(article), ref)}


@pytest.mark.parametrize(
    ("sentence", "expression", "label"),
    [
        ("The ministers met on Wednesday in the capital.", "Wednesday", "2019-02-06"),
        ("The talks were held Thursday in the capital.", "Thursday", "2019-02-07"),
        ("A statement was released on Tuesday by both sides.", "Tuesday", "2019-02-05"),
        ("The result should be announced next week by the minister.", "next week", "2019-W07"),
        ("The president said in December that the mission was over.", "December", "2018-12"),
        ("The group held a vast territory two years ago, he said.", "two years ago", "2017"),
        ("Officials will meet again next Monday in the capital.", "next Monday", "2019-02-11"),
        ("The vote was held yesterday in the capital.", "yesterday", "2019-02-06"),
        ("The ceasefire began on Feb. 3 after long talks.", "Feb. 3", "2019-02-03"),
        ("The war began in March 2011 with protests.", "March 2011", "2011-03"),
        ("The coalition was founded in 2014 by 60 countries.", "2014", "2014"),
    ],
)
def test_relative_dates_resolved_against_article_date(sentence, expression, label):
    assert resolved(sentence).get(expression) == label


def test_no_reference_date_keeps_only_absolute_dates():
    got = resolved("They met on Wednesday. The war began in March 2011 with protests.", ref=None)
    assert got == {"March 2011": "2011-03"}


def test_lower_case_may_is_not_a_month():
    assert resolved("Officials may meet again in the capital next week.") == {"next week": "2019-W07"}


@pytest.fixture(scope="module")
def seeds(seeds_dir, make_cluster):
    return make_cluster(seeds_dir, "timeline")


def test_seeds_cluster_date_and_wednesday(seeds):
    assert cluster_date(seeds) == THU  # only the CGTN/AFP file carries a date
    by_date = {t.date: t for t in seeds.timeline}
    assert "2019-02-06" in by_date  # "Wednesday": the meeting day
    assert "2019-W07" in by_date  # "next week": the announcement of the caliphate's end
    assert len(by_date["2019-W07"].sources) >= 3  # every outlet reports it: merged into one entry
    assert "2018-12" in by_date  # "in December": Trump's announcement


def test_seeds_timeline_sorted_and_short(seeds):
    starts = [t.start for t in seeds.timeline]
    assert starts == sorted(starts)
    assert 3 <= len(seeds.timeline) <= 8
    d = seeds.timeline[0].to_dict()
    assert {"date", "text", "sources"} <= set(d)


def test_ferry_dates_per_article(make_cluster):
    cluster = make_cluster(FERRY, "timeline", fast=True)
    by_date = {t.date: t for t in cluster.timeline}
    # "on Sunday" in articles of Monday 9 to Wednesday 11 March 2026, told by several outlets
    sunday = [t for t in cluster.timeline if t.date == "2026-03-08"]
    assert sunday and max(len(t.sources) for t in sunday) >= 2
    assert "2024" in by_date  # "two years ago" in an article of 2026
    assert "2026-01" in by_date  # "in January"


# Issue 16: a weekday or month in the future tense is the coming one, not the last.
WED = date(2026, 3, 4)  # Wednesday 4 March 2026, the date of the bridge fixture's reports
BRIDGE = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "bridge"


@pytest.mark.parametrize(
    ("sentence", "expression", "label"),
    [
        ("The path should be fully open again sometime, probably on Thursday.", "Thursday", "2026-03-05"),
        ("A service for the rescue crews is planned for Friday at the church.", "Friday", "2026-03-06"),
        ("The council will meet on Monday to choose a design.", "Monday", "2026-03-09"),
        ("Divers are expected to finish the search on Saturday, officials said.", "Saturday", "2026-03-07"),
        ("The report will be published in February, the council said.", "February", "2027-02"),
        # the past, and clauses whose verb nearest the date is in the past, stay in the past
        ("The bridge was inspected on Monday and passed the checks.", "Monday", "2026-03-02"),
        ("The mayor said Thursday that she will resign next month.", "Thursday", "2026-02-26"),
        ("The hall, which will be rebuilt, opened on Friday after repairs.", "Friday", "2026-02-27"),
        ("The crews should have finished on Sunday, the council said.", "Sunday", "2026-03-01"),
        ("The warehouse had failed a safety inspection in February, records show.", "February", "2026-02"),
    ],
)
def test_issue_16_weekday_and_month_resolved_by_tense(sentence, expression, label):
    assert resolved(sentence, ref=WED).get(expression) == label


def test_issue_16_is_future_reads_the_verb_nearest_the_date():
    assert is_future("The fire is 90% contained and should be fully out sometime, probably on")
    assert is_future("A candlelight vigil for the injured firefighters is planned for")
    assert not is_future("Trump said")
    assert not is_future("The vigil was held on")


def test_issue_16_bridge_timeline_dates_the_plans_ahead(make_cluster):
    cluster = make_cluster(BRIDGE, "timeline", fast=True)
    by_when = {(t.when, t.date) for t in cluster.timeline}
    assert ("Thursday", "2026-03-05") in by_when  # "should reopen sometime, probably on Thursday"
    assert ("Monday", "2026-03-02") in by_when  # "was inspected on Monday"
    assert ("Monday", "2026-03-09") in by_when  # "will meet on Monday"
    assert not any(t.date in ("2026-02-26", "2026-02-27") for t in cluster.timeline)  # no plan put in the past


@pytest.mark.parametrize(
    ("label", "read"),
    [
        ("2019-W07", "the week of 11 February 2019"),
        ("2025-10-16", "Thursday 16 October 2025"),
        ("2018-12", "December 2018"),
        ("2017", "2017"),
        ("2019-W99", "2019-W99"),  # not a week: left as it is
    ],
)
def test_issue_16_timeline_labels_read_as_a_journalist_writes_them(label, read):
    assert readable_date(label) == read


def test_issue_16_timeline_items_carry_the_readable_label(make_cluster):
    cluster = make_cluster(BRIDGE, "timeline", fast=True)
    week = next(t for t in cluster.timeline if t.precision == "week")
    assert week.date == "2026-W11" and week.to_dict()["label"] == "the week of 9 March 2026"
