"""Stories from a stream: online, single-pass clustering of articles into events
(:class:`StoryClusterer`).

Articles are taken in time order. Each joins the most similar *open* story, or
starts a new one when none is similar enough. Similarity mixes three signals:

- text: the mean cosine between the article's document vector and the vectors of the
  story's articles (average linkage, computed from the story's running sum). The document
  is the title plus the first :data:`~.documents.LEAD_WORDS` words. Vectors are TF-IDF over
  hashed words with document frequencies counted as the stream goes (online, fixed memory),
  and, unless ``fast``, also MiniLM sentence embeddings of the same text;
- names: the IDF-weighted share of the article's capitalised tokens (a cheap stand-in for
  named entities) that the story already has (weight 0 by default: it did not help on the
  evaluation streams, see docs/evaluation.md);
- time: a penalty growing with the story's staleness (below), at most ``weights["time"]``.

After an article joins a story, that story is compared with every other open story by the
same average linkage; stories at ``merge_threshold`` or above (default: the join threshold)
are merged into the older one (:attr:`Story.merged` lists the ids that went in).

The quiet window adapts to the stream's density: a story closes once the stream has moved
both ``window_days`` days and ``window_articles`` articles past its latest article. On a busy
feed the days decide; on a sparse stream (a few articles a day) the article count does, so a
story whose reports are weeks apart stays open. Staleness is the lesser of the two fractions
of the window, so the time penalty adapts the same way. Closed stories are handed out
(:meth:`StoryClusterer.pop_closed`) and forgotten, so memory stays bounded on a steady
stream. Copies of an earlier article (MinHash, :mod:`newsfuse.stages.dedup`) join that
article's story when it is still open. Everything is deterministic for a given input, and
the whole state pickles (without the embedder, which is set again on loading).

This is the classic single-pass (incremental) clustering of Topic Detection
and Tracking (Allan, Papka & Lavrenko 1998, "On-line new event detection and
tracking"; Yang, Pierce & Carbonell 1998), with the sparse/dense mix of
Miranda et al. 2018 ("Multilingual clustering of streaming news").
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from datetime import date
from typing import Any, Sequence

import numpy as np

from ..model import Article
from ..settings import setting
from .centroids import _Centroids, _SparseCentroids
from .documents import DENSE_WORDS, LEAD_WORDS, document_text, name_tokens
from .stories import _Open, Assignment, Story, _lead_title
from .tfidf import OnlineTfidf


NAME_BUCKETS = 2**16

# Chosen on duc2006_2007_topic_clusters.jsonl and confirmed on duc2004 (see
# docs/evaluation.md). A score is the weighted mean cosine of the article with the
# story's articles (TF-IDF, MiniLM), plus the name share, minus the time penalty.
DEFAULT_WEIGHTS = {"tfidf": 1.0, "dense": 0.2, "names": 0.0, "time": 0.05}
FAST_WEIGHTS = {"tfidf": 1.0, "dense": 0.0, "names": 0.0, "time": 0.05}
DEFAULT_THRESHOLD = 0.15
FAST_THRESHOLD = 0.1
# A story stays open until the stream is both window_days and window_articles past its latest article.
DEFAULT_WINDOW_DAYS: float = setting("story_window_days").default
DEFAULT_WINDOW_ARTICLES: int = setting("story_window_articles").default


class StoryClusterer:
    """Online single-pass story clustering, in the scikit-learn style.

    Parameters are stored as given; learned state ends in ``_``.

    Args:
        threshold: the least score at which an article joins an open story;
            ``None`` picks the tuned default for the mode.
        window_days: the quiet window in days: a story closes when the stream is this many
            days *and* ``window_articles`` articles past its latest article.
        window_articles: the quiet window in stream articles (0: days only).
        merge_threshold: the least average linkage at which two open stories merge
            (``None``: the join threshold; ``math.inf``: never).
        fast: TF-IDF only (no neural model).
        weights: overrides of the score weights ``tfidf``, ``dense``, ``names``, ``time``.
        dedup: detect copies with MinHash and keep them with their original; or an object with
            :meth:`~newsfuse.stages.dedup.DuplicateIndex.add` that answers from copies found elsewhere.
        keep_history: keep every assignment and closed story in ``assignments_``,
            ``labels_`` and ``stories_`` (``fit`` does); off for unbounded streams.
        random_state: the MinHash seed.
        lead_words: words of text after the title used to compare articles.
        embedder: the dense embedder (``.encode(texts)``); defaults to MiniLM when not ``fast``.

    Attributes:
        assignments_: every :class:`Assignment`, in arrival order (with ``keep_history``).
        labels_: story ids parallel to ``assignments_``.
        stories_: closed :class:`Story` objects, in closing order (with ``keep_history``).
        n_open_: open stories now.
        max_open_: the most stories open at once so far.
        n_seen_: articles seen.
    """

    def __init__(
        self,
        threshold: float | None = None,
        window_days: float = DEFAULT_WINDOW_DAYS,
        window_articles: int = DEFAULT_WINDOW_ARTICLES,
        merge_threshold: float | None = None,
        fast: bool = False,
        weights: dict[str, float] | None = None,
        dedup: bool = True,
        keep_history: bool = True,
        random_state: int = 1,
        lead_words: int = LEAD_WORDS,
        embedder: Any = None,
    ) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self.window_articles = window_articles
        self.merge_threshold = merge_threshold
        self.fast = fast
        self.weights = weights
        self.dedup = dedup
        self.keep_history = keep_history
        self.random_state = random_state
        self.lead_words = lead_words
        self.embedder = embedder
        self._initialised = False

    # -- set-up ----------------------------------------------------------------

    def _init(self) -> None:
        base = dict(FAST_WEIGHTS if self.fast else DEFAULT_WEIGHTS)
        if self.weights:
            unknown = sorted(set(self.weights) - set(base))
            if unknown:
                from ..errors import ConfigError

                raise ConfigError(f"unknown clustering weight(s) {', '.join(unknown)}; known: {', '.join(base)}")
            base.update(self.weights)
        self.weights_ = base
        self.threshold_ = self.threshold if self.threshold is not None else (FAST_THRESHOLD if self.fast else DEFAULT_THRESHOLD)
        self.merge_threshold_ = self.threshold_ if self.merge_threshold is None else self.merge_threshold
        self._tfidf = OnlineTfidf()
        self._sparse = _SparseCentroids(self._tfidf.n_features)
        self._use_dense = not self.fast and self.weights_["dense"] > 0
        self._dense: _Centroids | None = None
        self._dup = None
        if self.dedup is True:
            from ..stages.dedup import DuplicateIndex

            self._dup = DuplicateIndex(self.window_days, seed=self.random_state)
        elif self.dedup:  # copies found elsewhere (newsfuse.scale): anything with DuplicateIndex's add()
            self._dup = self.dedup
        self._open: dict[str, _Open] = {}
        self._names_df = np.zeros(NAME_BUCKETS, dtype=np.int64)
        self._names_docs = 0
        self._free: list[int] = []  # centroid rows released by closed stories
        self._slot_open = np.zeros(16, dtype=bool)
        self._slot_last = np.full(16, -1.0)
        self._slot_seen = np.zeros(16)  # articles seen when the slot's story got its latest article
        self._slot_sid: list[str] = [""] * 16
        self._name_index: dict[str, set[int]] = {}  # name -> slots of open stories that have it
        self._n_slots = 0
        self._story_of: dict[str, str] = {}  # article id -> open story id (open stories only)
        self._closed: list[Story] = []
        self._next = 0
        self._now: int | None = None
        self._alias: dict[str, str] = {}  # merged story id -> the story it went into (with keep_history)
        self._merges: list[tuple[str, str]] = []  # (merged story, the story it went into) since pop_merges
        self.assignments_: list[Assignment] = []
        self.labels_: list[str] = []
        self.stories_: list[Story] = []
        self.n_seen_ = 0
        self.n_open_ = 0
        self.max_open_ = 0
        self._initialised = True

    def __getstate__(self) -> dict[str, Any]:
        """The state to save between runs: everything but the embedder (a model, not state; MiniLM
        is loaded again when needed, or set ``embedder`` on the loaded object)."""
        state = dict(self.__dict__)
        state["embedder"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if isinstance(self.__dict__.get("_sparse"), _Centroids):  # saved while the TF-IDF sums were dense
            self._sparse = _SparseCentroids.from_dense(self._sparse)

    # -- public API ------------------------------------------------------------

    def fit(self, articles: Sequence[Article]) -> "StoryClusterer":
        """Cluster ``articles`` from scratch, in time order (stable for equal dates), and close every story."""
        self._initialised = False
        self._init()
        order = sorted(range(len(articles)), key=lambda i: (articles[i].date or date.min, i))
        ordered = [articles[i] for i in order]
        for start in range(0, len(ordered), 256):
            self.partial_fit(ordered[start : start + 256])
        self.close_all()
        # labels_ in the caller's order, not time order (by position: ids may repeat)
        labels = [""] * len(articles)
        for pos, assignment in zip(order, self.assignments_):
            labels[pos] = self.resolve(assignment.story)
        self.labels_ = labels
        return self

    def fit_predict(self, articles: Sequence[Article]) -> list[str]:
        """:meth:`fit`, then the story id of each article in input order."""
        return self.fit(articles).labels_

    def partial_fit(self, articles: Sequence[Article]) -> list[Assignment]:
        """Assign a batch of articles (in arrival order) to stories; returns their assignments."""
        if not self._initialised:
            self._init()
        if not articles:
            return []
        texts = [document_text(a, self.lead_words) for a in articles]
        sparse = self._tfidf.update_transform(texts)
        dense = None
        if self._use_dense and self.embedder is None:  # also after loading a saved state
            from ..embed import get_embedder

            self.embedder = get_embedder(False)
        if self._use_dense:
            dense = np.asarray(self.embedder.encode([document_text(a, DENSE_WORDS) for a in articles]), dtype=np.float32)
        if dense is not None and self._dense is None:
            self._dense = _Centroids(dense.shape[1])
        out: list[Assignment] = []
        for k, art in enumerate(articles):
            row = sparse.getrow(k)
            vec = dense[k] if dense is not None else None
            out.append(self._assign(art, texts[k], row.indices.copy(), row.data.astype(np.float32), vec))
        if self.keep_history:
            self.assignments_.extend(out)
            self.labels_.extend(a.story for a in out)
        return out

    def seed_counts(self, df: np.ndarray, n_docs: int) -> None:
        """Start the TF-IDF from document frequencies counted elsewhere: those of the ``n_docs`` articles
        before this clusterer's first one (:mod:`newsfuse.scale` clusters a time block this way)."""
        if not self._initialised:
            self._init()
        self._tfidf.df = np.array(df, dtype=np.float64)
        self._tfidf.n_docs = int(n_docs)

    def resolve(self, story: str) -> str:
        """The story that ``story`` was merged into, or ``story`` itself (merges kept with ``keep_history``)."""
        while story in self._alias:
            story = self._alias[story]
        return story

    def pop_closed(self) -> list[Story]:
        """Stories closed since the last call, oldest first; they are forgotten afterwards."""
        done, self._closed = self._closed, []
        return done

    def pop_merges(self) -> list[tuple[str, str]]:
        """``(gone, kept)`` for every merge of two open stories since the last call, in order: the
        articles of ``gone`` are now in ``kept`` (a later pair may merge ``kept`` in turn)."""
        done, self._merges = self._merges, []
        return done

    def close_all(self) -> list[Story]:
        """Close every open story (end of stream); returns them with any closed earlier and not yet popped."""
        if not self._initialised:
            self._init()
        for sid in list(self._open):
            self._close(sid)
        return self.pop_closed()

    def memory_bytes(self) -> int:
        """A rough size of the state kept for open stories (centroid rows and id lists)."""
        if not self._initialised:
            return 0
        n = self._sparse.nbytes + (self._dense.nbytes if self._dense else 0) + self._tfidf.df.nbytes
        return n + sum(64 * len(s.article_ids) + 48 * len(s.names) for s in self._open.values())

    # -- internals -------------------------------------------------------------

    def _advance(self, day: int | None) -> None:
        if day is None:
            return
        if self._now is None:  # the first date: undated stories so far are taken to be of that day
            for s in self._open.values():
                if s.last_day < 0:
                    s.last_day = day
                    self._slot_last[s.slot] = day
        if self._now is None or day > self._now:
            self._now = day
        self._close_quiet()

    def _staleness(self, when: int | None) -> np.ndarray:
        """How far each slot's story is through its quiet window: the lesser of the days and the
        stream articles since its latest article, each over its window (1 or more: closing)."""
        cap = self._sparse.capacity
        frac = np.zeros(cap)
        if when is not None:
            gaps = np.maximum(when - self._slot_last[:cap], 0.0)
            gaps[self._slot_last[:cap] < 0] = 0.0
            frac = gaps / max(self.window_days, 1e-9)
        if self.window_articles > 0:
            frac = np.minimum(frac, (self.n_seen_ - self._slot_seen[:cap]) / self.window_articles)
        return frac

    def _close_quiet(self) -> None:
        if self._now is None or not self._open:
            return
        cap = self._sparse.capacity
        quiet = self._slot_open[:cap] & (self._slot_last[:cap] < self._now - self.window_days)
        if self.window_articles > 0:
            quiet &= self._slot_seen[:cap] < self.n_seen_ - self.window_articles
        for slot in np.flatnonzero(quiet):
            self._close(self._slot_sid[slot])

    def _close(self, sid: str) -> None:
        s = self._open.pop(sid)
        self._sparse.release(s.slot)
        if self._dense is not None:
            self._dense.release(s.slot)
        self._free.append(s.slot)
        self._slot_open[s.slot] = False
        self._slot_last[s.slot] = -1.0
        for name in s.names:
            self._unindex(name, s.slot)
        for aid in s.article_ids:
            self._story_of.pop(aid, None)
        story = Story(sid, s.title, tuple(s.article_ids), s.first, s.last, tuple(s.merged))
        self._closed.append(story)
        if self.keep_history:
            self.stories_.append(story)
        self.n_open_ = len(self._open)

    def _assign(self, art: Article, text: str, idx: np.ndarray, val: np.ndarray, vec: np.ndarray | None) -> Assignment:
        self.n_seen_ += 1
        day = art.date.toordinal() if art.date else None
        self._advance(day)
        when = day if day is not None else self._now
        names = name_tokens(text)
        self._count_names(names)
        match = self._dup.add(art, art.date) if self._dup is not None else None
        wire = None
        if match is not None and match.kind == "wire":
            wire = match.agency
        elif art.credit:
            from ..stages.clean import agency_name

            wire = agency_name(art.credit)
        target: str | None = None
        score = 0.0
        if match is not None and match.original in self._story_of:
            target, score = self._story_of[match.original], 1.0
        elif self._open:
            w = self.weights_
            cap = self._sparse.capacity
            scores = w["tfidf"] * self._sparse.sim_sparse(idx, val)
            if vec is not None and self._dense is not None:
                scores = scores + w["dense"] * self._dense.sim_dense(vec)
            if names and w["names"]:
                nidf = self._name_idf(names)
                total = sum(nidf.values()) or 1.0
                overlap = np.zeros(cap, dtype=np.float32)
                for name, v in nidf.items():
                    for slot in self._name_index.get(name, ()):
                        overlap[slot] += v
                scores = scores + w["names"] * overlap / total
            if w["time"]:
                scores = scores - w["time"] * np.minimum(self._staleness(when), 1.0)
            scores = np.where(self._slot_open[:cap], scores, -np.inf)
            best = int(np.argmax(scores))  # first maximum: deterministic
            score = float(scores[best])
            if score >= self.threshold_:
                target = self._slot_sid[best]
        joined = target is not None
        if target is None:
            target = self._new_story(art, day)
        s = self._open[target]
        first = s.count == 0
        self._sparse.add_sparse(s.slot, idx, val, first)
        if vec is not None and self._dense is not None:
            self._dense.add_dense(s.slot, vec, first)
        s.count += 1
        for name in names:
            if name not in s.names:
                self._name_index.setdefault(name, set()).add(s.slot)
        s.names.update(names)
        self._trim_names(s)
        s.article_ids.append(art.id)
        if art.date:
            s.first = min(s.first, art.date) if s.first else art.date
            s.last = max(s.last, art.date) if s.last else art.date
            s.last_day = max(s.last_day, day)
            self._slot_last[s.slot] = s.last_day
        self._slot_seen[s.slot] = self.n_seen_
        self._story_of[art.id] = target
        if joined and self.merge_threshold_ < math.inf:
            self._merge_converged(target)
        return Assignment(art.id, target, match.original if match else None, wire, score)

    def _merge_converged(self, sid: str) -> None:
        """Merge open stories whose centroids have come close to story ``sid``'s (text and dense
        cosines weighted as for articles), until none is above the merge threshold."""
        w = self.weights_
        while len(self._open) > 1:
            s = self._open[sid]
            cap = self._sparse.capacity
            scores = w["tfidf"] * self._sparse.sim_slot(s.slot)
            if self._dense is not None:
                scores = scores + w["dense"] * self._dense.sim_slot(s.slot)
            scores = np.where(self._slot_open[:cap], scores, -np.inf)
            scores[s.slot] = -np.inf
            best = int(np.argmax(scores))
            if scores[best] < self.merge_threshold_:
                return
            sid = self._merge(sid, self._slot_sid[best])

    def _merge(self, a: str, b: str) -> str:
        """Merge two open stories into the older one; returns its id."""
        keep, gone = sorted((a, b), key=lambda x: int(x.rsplit("-", 1)[1]))
        k, g = self._open[keep], self._open.pop(gone)
        self._sparse.absorb(k.slot, g.slot)
        if self._dense is not None:
            self._dense.absorb(k.slot, g.slot)
        for name in g.names:
            self._unindex(name, g.slot)
            if name not in k.names:
                self._name_index.setdefault(name, set()).add(k.slot)
        k.names.update(g.names)
        self._trim_names(k)
        k.count += g.count
        k.article_ids.extend(g.article_ids)
        k.merged.extend([gone, *g.merged])
        for aid in g.article_ids:
            self._story_of[aid] = keep
        k.first = min((d for d in (k.first, g.first) if d), default=None)
        k.last = max((d for d in (k.last, g.last) if d), default=None)
        k.last_day = max(k.last_day, g.last_day)
        self._slot_last[k.slot] = k.last_day
        self._slot_seen[k.slot] = max(self._slot_seen[k.slot], self._slot_seen[g.slot])
        self._free.append(g.slot)
        self._slot_open[g.slot] = False
        self._slot_last[g.slot] = -1.0
        if self.keep_history:
            self._alias[gone] = keep
        self._merges.append((gone, keep))
        self.n_open_ = len(self._open)
        return keep

    def _trim_names(self, s: _Open) -> None:
        if len(s.names) > 200:  # keep the most frequent names only: bounded per story
            kept = Counter(dict(s.names.most_common(100)))
            for name in s.names.keys() - kept.keys():
                self._unindex(name, s.slot)
            s.names = kept

    def _unindex(self, name: str, slot: int) -> None:
        slots = self._name_index.get(name)
        if slots is not None:
            slots.discard(slot)
            if not slots:
                del self._name_index[name]

    def _count_names(self, names: frozenset[str]) -> None:
        for n in names:
            self._names_df[zlib.crc32(n.encode("utf-8")) % NAME_BUCKETS] += 1
        self._names_docs += 1

    def _name_idf(self, names: frozenset[str]) -> dict[str, float]:
        """IDF of each name over the stream so far (hashed counts: bounded memory)."""
        n = self._names_docs
        return {
            name: math.log((1 + n) / (1 + self._names_df[zlib.crc32(name.encode("utf-8")) % NAME_BUCKETS]))
            for name in names
        }

    def _new_story(self, art: Article, day: int | None) -> str:
        self._next += 1
        sid = f"story-{self._next}"
        if self._free:
            slot = self._free.pop()
        else:
            slot, self._n_slots = self._n_slots, self._n_slots + 1
        self._sparse.ensure(slot)
        if self._dense is not None:
            self._dense.ensure(slot)
        if slot >= len(self._slot_open):
            grow = len(self._slot_open)
            self._slot_open = np.concatenate([self._slot_open, np.zeros(grow, dtype=bool)])
            self._slot_last = np.concatenate([self._slot_last, np.full(grow, -1.0)])
            self._slot_seen = np.concatenate([self._slot_seen, np.zeros(grow)])
            self._slot_sid.extend([""] * grow)
        last_day = day if day is not None else (self._now if self._now is not None else -1)
        self._slot_open[slot] = True
        self._slot_last[slot] = last_day
        self._slot_sid[slot] = sid
        self._slot_seen[slot] = self.n_seen_
        title = art.title or _lead_title(art.text)
        self._open[sid] = _Open(
            sid=sid,
            slot=slot,
            first=art.date,
            last=art.date,
            last_day=last_day,
            count=0,
            names=Counter(),
            article_ids=[],
            title=title,
        )
        self.n_open_ = len(self._open)
        self.max_open_ = max(self.max_open_, self.n_open_)
        return sid
