"""Story clustering on streams of different density: the quiet window in days and stream articles,
the merge pass for stories that converge, and the saved state (small fictional streams)."""

from __future__ import annotations

import math
import pickle
from datetime import date, timedelta

import pytest

from newsfuse.clustering.clusterer import StoryClusterer
from newsfuse.model import Article

START = date(2032, 5, 2)

# Unrelated one-off reports, each with its own vocabulary (fictional towns and people).
FILLER = [
    ("Orrin Dale", "bakery", "Mira Quell opened a sourdough bakery on Kettle Row in Orrin Dale, selling rye loaves and seed buns"),
    ("Fenwick", "regatta", "Rowing crews from Fenwick raced sculls in the summer regatta on the Lowmere reservoir"),
    ("Haldon Cross", "orchestra", "The Haldon Cross youth orchestra played a cello concerto under conductor Aurel Venn"),
    ("Pellam", "allotments", "Gardeners in Pellam protested a plan to pave the Brackwater allotments for parking"),
    ("Skelby", "observatory", "Astronomers at the Skelby observatory photographed a comet with a new reflecting telescope"),
    ("Corran Bay", "lifeboat", "The Corran Bay lifeboat crew rescued two kayakers caught by a rip current near the pier"),
    ("Tolland", "chess", "Schoolchildren in Tolland won the county chess league after a tense final round of blitz games"),
    ("Marrow Hill", "museum", "The Marrow Hill museum displayed a bronze-age hoard of torcs and spearheads found by a farmer"),
]


def _filler(i: int, day: int) -> Article:
    town, thing, text = FILLER[i % len(FILLER)]
    return Article(
        id=f"f{i}", outlet="Shire Post", title=f"{town} {thing} news, item {i}",
        text=f"{text}. Residents of {town} said the {thing} would be back next year. Item {i}.",
        date=START + timedelta(days=day),
    )


def _sluice(k: int, day: int) -> Article:
    """Reports of one event (a dam sluice gate failure at Varrow), weeks apart."""
    return Article(
        id=f"v{k}", outlet=f"Outlet {k}", title=f"Varrow dam sluice gate failure, report {k}",
        text=(
            "Engineers at the Varrow dam said the failed sluice gate flooded the Lune valley farms again; "
            "reservoir keeper Tamsin Orle said the sluice gate and spillway need repairs before the autumn rains. "
            f"Report {k} on the Varrow dam sluice."
        ),
        date=START + timedelta(days=day),
    )


def _sparse_stream() -> list[Article]:
    """About one article every two days over 60 days; the Varrow event returns every 20 days."""
    arts, f = [], 0
    for day in range(0, 61, 2):
        if day % 20 == 0:
            arts.append(_sluice(day // 20, day))
        else:
            arts.append(_filler(f, day))
            f += 1
    return arts


def _story_of(model: StoryClusterer, arts: list[Article]) -> dict[str, str]:
    return dict(zip((a.id for a in arts), model.labels_))


def test_default_window_keeps_an_event_open_on_a_sparse_stream():
    arts = _sparse_stream()
    model = StoryClusterer(fast=True, dedup=False).fit(arts)
    story = _story_of(model, arts)
    assert len({story[f"v{k}"] for k in range(4)}) == 1  # reports 20 days apart: one story
    assert story["v0"] not in {story[a.id] for a in arts if a.id.startswith("f")}


def test_a_window_of_days_alone_splits_the_same_event():
    arts = _sparse_stream()
    model = StoryClusterer(fast=True, dedup=False, window_articles=0).fit(arts)
    story = _story_of(model, arts)
    assert len({story[f"v{k}"] for k in range(4)}) == 4  # closed after 3 quiet days each time


def test_on_a_busy_stream_the_days_decide_and_open_stories_stay_bounded():
    """Twelve articles a day for 60 days (four events a day, none returning): with a window of
    2 days and 24 articles, the article count is passed within the days, so stories close on the
    days and no more than three days' worth are ever open."""
    arts = []
    for day in range(60):
        for e in range(4):
            for k in range(3):
                tag = f"Zorv{day}q{e}"
                text = f"Council of {tag} met over the {tag} levy on day {day}. " * 3 + f"Reporter {k} wrote."
                arts.append(Article(id=f"d{day}e{e}k{k}", outlet=f"O{k}", text=text, date=START + timedelta(days=day)))
    model = StoryClusterer(fast=True, window_days=2, window_articles=24, keep_history=False, dedup=False)
    for i in range(0, len(arts), 12):
        model.partial_fit(arts[i : i + 12])
        model.pop_closed()
    assert model.n_seen_ == 720
    assert 4 * 2 <= model.max_open_ <= 4 * 3


def _converging() -> list[Article]:
    day = START
    return [
        Article(id="q1", outlet="Vale Courier", date=day, title="Hollin quarry floods",
                text="Floodwater filled the Hollin quarry pit after pumps failed; quarry manager Edda Rusk said the pit "
                     "pumps drowned and quarrying stopped."),
        Article(id="t1", outlet="Tarn Gazette", date=day, title="Tarnwick bridge closed to traffic",
                text="The Tarnwick bridge closed to lorries and cars; council engineer Rolf Annick said cracks in the "
                     "bridge piers made the crossing unsafe."),
        Article(id="z1", outlet="Shire Post", date=day + timedelta(days=1), title="Quarry floodwater cracked Tarnwick bridge",
                text="Floodwater from the Hollin quarry pit, where pumps failed, undermined the Tarnwick bridge piers; "
                     "engineer Rolf Annick and quarry manager Edda Rusk said the bridge crossing stays closed."),
    ]


def test_stories_whose_articles_converge_are_merged_into_the_older_one():
    arts = _converging()
    merged = StoryClusterer(fast=True, dedup=False).fit(arts)
    assert len(set(merged.labels_)) == 1
    (story,) = merged.stories_
    assert sorted(story.articles) == ["q1", "t1", "z1"]
    assert story.id == "story-1" and story.merged == ("story-2",)  # the older story keeps its id
    assert story.to_dict()["merged"] == ["story-2"]
    apart = StoryClusterer(fast=True, dedup=False, merge_threshold=math.inf).fit(arts)
    assert len(set(apart.labels_)) == 2  # without the merge pass the first two stay apart


def test_unrelated_stories_are_not_merged():
    arts = _sparse_stream()
    model = StoryClusterer(fast=True, dedup=False).fit(arts)
    assert all(s.merged == () for s in model.stories_)
    # the filler cycles through its 8 reports (a repeat joins its earlier copy); the four Varrow reports together
    assert len(set(model.labels_)) == len(FILLER) + 1


def _online(model: StoryClusterer, arts: list[Article]) -> list[str]:
    return [model.partial_fit([a])[0].story for a in arts]


@pytest.mark.parametrize("fast", [True, False])
def test_saved_state_continues_where_it_stopped(fast):
    arts = _sparse_stream() + _converging()
    arts.sort(key=lambda a: a.date)
    whole = StoryClusterer(fast=fast)
    expected = _online(whole, arts) + [s.to_dict() for s in whole.close_all()]
    first = StoryClusterer(fast=fast)
    head = _online(first, arts[:15])
    saved = pickle.dumps(first)
    restored = pickle.loads(saved)
    assert restored.embedder is None  # the model is not part of the state; it is loaded again
    got = head + _online(restored, arts[15:]) + [s.to_dict() for s in restored.close_all()]
    assert got == expected
