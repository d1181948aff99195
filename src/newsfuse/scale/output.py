"""Stories merged across block boundaries, and the build's output files.

:class:`Stitcher` runs on the driver, block after block, on the small :class:`~.blocks.StitchInfo`
each block sends: a block's story that holds warm-up articles continues the story they belong
to, and when they belong to several, the block's clusterer has merged those stories, so they
become one (the oldest keeps its id, as in the clusterer's merge); any other is a new story,
numbered in order of creation. Each story has a *root*, the block its oldest part started in,
which writes its record and its brief.

On the workers, :func:`finish_block` writes a block's line per article
(``articles/part-B.jsonl``: ``id``, ``story``, ``duplicate_of``, ``wire``) and sends each story
part to its root; :func:`finish_root` writes the root's stories (``stories/part-R.jsonl``:
``story``, ``title``, ``articles``, ``size``, ``first_date``, ``last_date``) and their briefs
(``briefs/part-R-K.jsonl``: ``story`` and ``brief``, ``newsfuse.brief/1``), a few stories per task
(:func:`make_briefs`), so briefs are made in parallel however few blocks there are.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from . import spill
from .blocks import StitchInfo


def _number(story: str) -> int:
    return int(story.rsplit("-", 1)[1])


class Stitcher:
    """Global story ids for each block's local stories, fed blocks in time order, then :meth:`resolve`."""

    def __init__(self) -> None:
        self.story_of: dict[int, str] = {}  # position -> global story, for articles later warm-ups replay
        self.roots: dict[str, int] = {}  # global story -> the block it started in
        self._parent: dict[str, str] = {}  # stories merged into an older one (union-find)
        self._next = 0
        self.continued = 0  # local stories that continued a story of an earlier block
        self.merged = 0  # stories of earlier blocks merged by a later block

    def find(self, story: str) -> str:
        while story in self._parent:
            self._parent[story] = self._parent.get(self._parent[story], self._parent[story])
            story = self._parent[story]
        return story

    def _union(self, stories: list[str]) -> str:
        keep = min(stories, key=_number)  # the older, as the clusterer's merge
        for g in stories:
            if g != keep:
                self._parent[g] = keep
                self.merged += 1
        return keep

    def add(self, info: StitchInfo, warm: range, forget_before: int) -> dict[int, str]:
        """The global id of each local story of ``info``'s block, whose warm-up is the positions ``warm``
        (resolve the ids with :meth:`find` once every block is in); positions before ``forget_before``
        (the next block's warm-up) are dropped afterwards."""
        whole = Counter(self.find(self.story_of[p]) for p in warm if p in self.story_of)
        ids: dict[int, str] = {}
        for num, members in info.stories:
            votes = Counter(self.find(self.story_of[p]) for p in members if p in self.story_of)
            if votes:
                top = max(votes.values())
                main = min((g for g in votes if votes[g] == top), key=_number)
                # a story whose replayed articles all went here was merged by the block's clusterer
                gone = [g for g in votes if g != main and votes[g] == whole[g]]
                ids[num] = self._union([main, *gone]) if gone else main
                self.continued += 1
            else:
                self._next += 1
                ids[num] = f"story-{self._next}"
                self.roots[ids[num]] = info.block
        for p, num in info.tail.items():
            self.story_of[p] = ids[num]
        for p in [p for p in self.story_of if p < forget_before]:
            del self.story_of[p]
        return ids

    def resolve(self, ids: dict[int, str]) -> dict[int, str]:
        return {num: self.find(g) for num, g in ids.items()}

    @property
    def stories(self) -> int:
        return self._next - self.merged


def finish_block(block: int, ids: dict[int, str], roots: dict[str, int], out: str, work: str, with_text: bool) -> list[int]:
    """Write block ``block``'s article lines; send each story part to its root; returns the roots."""
    root = Path(work)
    data = spill.load(root / "clustered" / f"{block:05d}.pkl")
    lines = [json.dumps({"id": aid, "story": ids[num], "duplicate_of": dup, "wire": wire}, ensure_ascii=False)
             for _, aid, num, dup, wire in data["records"]]
    spill.write_text(Path(out) / "articles" / f"part-{block:05d}.jsonl", "".join(line + "\n" for line in lines))
    texts = {}
    if with_text:
        texts = {p: a for p, _, a in spill.load(root / "sorted" / f"{block:05d}.pkl")}
    ids_of = {p: aid for p, aid, *_ in data["records"]}
    parts: dict[int, list] = {}
    for num, s in data["stories"].items():
        gid = ids[num]
        parts.setdefault(roots[gid], []).append({
            "story": gid, "title": s["title"], "ids": [ids_of[p] for p in s["own"]],
            "articles": [texts[p] for p in s["own"]] if with_text else None, "first": s["first"], "last": s["last"],
        })
    for r, rows in parts.items():
        spill.dump(root / "parts" / f"{r:05d}" / f"{block:05d}.pkl", rows)
    return sorted(parts)


def root_stories(block: int, work: str) -> list[dict[str, Any]]:
    """The whole stories rooted in ``block``: their parts from every block, joined in block order."""
    stories: dict[str, dict[str, Any]] = {}
    for piece in spill.pieces(Path(work) / "parts" / f"{block:05d}"):
        for part in spill.load(piece):
            s = stories.get(part["story"])
            if s is None:
                stories[part["story"]] = dict(part, ids=list(part["ids"]),
                                              articles=list(part["articles"]) if part["articles"] is not None else None)
                continue
            s["ids"].extend(part["ids"])
            if s["articles"] is not None:
                s["articles"].extend(part["articles"])
            s["first"] = min((d for d in (s["first"], part["first"]) if d), default=None)
            s["last"] = max((d for d in (s["last"], part["last"]) if d), default=None)
    return sorted(stories.values(), key=lambda s: int(s["story"].rsplit("-", 1)[1]))


def story_record(s: dict[str, Any]) -> dict[str, Any]:
    return {"story": s["story"], "title": s["title"], "articles": s["ids"], "size": len(s["ids"]),
            "first_date": s["first"].isoformat() if s["first"] else None,
            "last_date": s["last"].isoformat() if s["last"] else None}


def finish_root(block: int, out: str, work: str) -> int:
    """Write the stories rooted in ``block``; returns how many."""
    stories = root_stories(block, work)
    spill.write_text(Path(out) / "stories" / f"part-{block:05d}.jsonl",
                     "".join(json.dumps(story_record(s), ensure_ascii=False) + "\n" for s in stories))
    return len(stories)


def make_briefs(block: int, chunk: int, size: int, out: str, work: str, settings: Any, min_size: int) -> int:
    """Brief the stories ``chunk * size`` to ``(chunk + 1) * size`` rooted in ``block`` that have at
    least ``min_size`` articles (``briefs/part-R-K.jsonl``); returns how many."""
    from ..briefing import make_brief

    stories = root_stories(block, work)[chunk * size:(chunk + 1) * size]
    lines = []
    for s in stories:
        if len(s["ids"]) >= min_size:
            brief = make_brief(s["articles"], settings)
            lines.append(json.dumps({"story": s["story"], "brief": brief.to_dict()}, ensure_ascii=False) + "\n")
    spill.write_text(Path(out) / "briefs" / f"part-{block:05d}-{chunk:05d}.jsonl", "".join(lines))
    return len(lines)


def root_for_store(block: int, out: str, work: str) -> list[tuple[str, list, dict | None]]:
    """(title, articles, brief dict or None) of each story rooted in ``block``, for ``--db``."""
    briefs: dict[str, dict] = {}
    for path in sorted((Path(out) / "briefs").glob(f"part-{block:05d}-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            briefs[rec["story"]] = rec["brief"]
    return [(s["title"], s["articles"], briefs.get(s["story"])) for s in root_stories(block, work)]
