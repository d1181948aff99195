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
from newsfuse.stages.timeline import cluster_date, find_dates

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
