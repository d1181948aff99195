"""Exclusives: what each outlet alone reports.

A sentence of outlet X is *exclusive* when no other report supports it, fully
or in part, by the relation the summary's citations use (:mod:`.support`), no
sentence of another report is similar to it above the support threshold (the
cosine of ``cluster.vectors``: MiniLM rows by default, TF-IDF rows in fast
mode), and the summary does not cite it together with another outlet: so the
brief never lists as "only in one outlet" what its summary cites to several. Outlets that carry the same copy
(``cluster.duplicates``, e.g. one AFP story under two mastheads) are one
report: a sentence both carry is exclusive to that report, listed once under
the first of them with the others named in ``copies``.

Candidates that cannot stand alone are skipped: sentences opening with a
pronoun or a connector ("He said", "But"), questions, fragments under eight
words, photo captions and credits. The rest are ranked by importance:

- names no other report mentions at all (a new person, place or
  organisation is the clearest sign of news only this outlet has);
- figures and direct quotes in the sentence;
- how central the sentence is to the story (its similarity to the centroid
  of all sentences), so that an aside does not outrank the story's own news;
- how far from any other report's sentence it is, its position in the
  article and a moderate length.

At most ``settings.exclusive_per_source`` statements are listed per outlet;
near-repeats within one outlet are listed once.

The ``exclusive`` stage assigns ``cluster.exclusive``: :class:`Exclusive` items.
"""

from __future__ import annotations

import re

import numpy as np

from ..model import Citation, Cluster, Sentence
from ..pipeline import stage
from ..settings import Settings
from ..model.results import Exclusive, ExclusiveItem

MIN_WORDS = 8
# A statement close (cosine >= this share of the threshold) to sentences of two
# or more other reports is common ground told in other words, not news only
# one outlet has: "Trump said the coalition will control all territory by next
# week" against each outlet's own version of the remark.
SPREAD_SHARE = 0.88
OPENERS = frozenset(
    """
    he she it they we i you him her them this that these those his its their our there here
    but and or so yet also however meanwhile still instead then thus therefore moreover besides
    nevertheless nonetheless otherwise furthermore likewise similarly indeed anyway plus perhaps
    """.split()
)
CAPTION_RE = re.compile(r"(?:\bPhoto\b|/VCG\b|\(AP\b|\bGetty Images\b|\bREUTERS/|\bfile photo\b|^Updated\b|\bpic\)|reports\.$)", re.I)
QUOTE_RE = re.compile(r"[\"\u201c\u201d]")
PRONOUN_SPEAKER_RE = re.compile(r"[,\"\u201d]\s*(?:he|she|they|it|we)\s+(?:said|says|added|told|asked|noted|warned)\b", re.I)
SAY_RE = re.compile(r"\b(?:said|says|say|told|tells|added|adds|asked|noted|warned|according\s+to|wrote|writes)\b", re.I)
NUMBER_RE = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)\b", re.I)


def stands_alone(sentence: Sentence) -> bool:
    """Whether a sentence can be read out of context: no leading pronoun or connector, not a question, not a caption."""
    text = sentence.text.strip()
    words = re.findall(r"[A-Za-z'\u2019]+", text)
    if len(text.split()) < MIN_WORDS or not words:
        return False
    if text.endswith("?") or text.rstrip("\"\u201d'").endswith("?"):
        return False
    if CAPTION_RE.search(text):
        return False
    first = re.match(r"[\"\u201c\u2018'(]*\s*([A-Za-z]+)", text)
    if first and first.group(1).lower() in OPENERS and not QUOTE_RE.match(text):
        return False
    if PRONOUN_SPEAKER_RE.search(text):
        return False  # "..., he said": the speaker is named elsewhere
    if QUOTE_RE.match(text) and not SAY_RE.search(text):
        return False  # a quotation with no speaker in the sentence
    return True


def _report_groups(cluster: Cluster) -> list[list[int]]:
    """Indices of articles grouped into reports (wire copies together), in article order."""
    index = {a.id: i for i, a in enumerate(cluster.articles)}
    return [[index[a] for a in group] for group in cluster.reports.groups()]


def _entity_sentences(cluster: Cluster) -> dict[tuple[str, int], list[frozenset[str]]]:
    """(source id, sentence index) -> for each entity mentioned there, the sources mentioning it anywhere."""
    entities = cluster.entities
    out: dict[tuple[str, int], list[frozenset[str]]] = {}
    for e in entities:
        cites = getattr(e, "citations", ())
        sources = frozenset(c.source_id for c in cites)
        for c in cites:
            out.setdefault((c.source_id, c.sentence_index), []).append(sources)
    return out


def shared_figure_sentences(cluster: Cluster) -> set[tuple[str, int]]:
    """(article id, sentence index) of sentences stating a figure that another report states too.

    Such a sentence tells what others tell, with the same or another number
    ("two firefighters were injured" against "three were hurt"); the
    difference belongs to the figures section, not to the exclusives.
    """
    out: set[tuple[str, int]] = set()
    for group in cluster.figures:
        figs = group.figures
        if cluster.reports.count(f.article_id for f in figs) >= 2:
            out.update((f.article_id, f.sentence_index) for f in figs)
    return out


def cited_elsewhere(cluster: Cluster) -> set[tuple[str, int]]:
    """(article id, sentence index) of the sentences a summary sentence cites along with another outlet.

    The summary says these are reported by two or more outlets (wire copies included, as
    the summary names them), so they are never "only in one outlet".
    """
    out: set[tuple[str, int]] = set()
    for b in cluster.summary:
        if len(set(b.sources)) >= 2:
            out.update((c.article_id, c.sentence_index) for c in b.citations)
    return out


SUPPORT_CANDIDATES = 8  # per statement, the other reports' sentences (closest by cosine) the support relation reads


def supported_elsewhere(cluster: Cluster, rows: list[int], sent_report: np.ndarray, sims: np.ndarray, fast: bool) -> set[int]:
    """The statements of ``rows`` that a sentence of another report supports, fully or in part (:mod:`.support`).

    For each statement only the ``SUPPORT_CANDIDATES`` closest sentences of the other reports
    are read; the features of all of them are computed in one block.
    """
    from .support import features_at, support_model

    if not rows:
        return set()
    model = support_model(fast)
    ii, jj = [], []
    for r, k in enumerate(rows):
        others = np.where(sent_report != sent_report[k])[0]
        close = others[np.argsort(-sims[k, others], kind="stable")[:SUPPORT_CANDIDATES]]
        ii.extend([r] * len(close))
        jj.extend(int(j) for j in close)
    if not jj:
        return set()
    pool = sorted(set(jj))
    col = {j: c for c, j in enumerate(pool)}
    cols = np.array([col[j] for j in jj])
    ii_arr = np.array(ii)
    feats = features_at([cluster.sentences[k].text for k in rows], [cluster.sentences[j].text for j in pool], ii_arr, cols,
                        None if fast else sims[np.array(rows)[ii_arr], np.array(jj)])
    ok = model.supports(feats)
    out = {rows[r] for r in set(ii_arr[ok].tolist())}
    return out


def exclusives_of_cluster(cluster: Cluster, threshold: float, per_source: int = 5, fast: bool = False) -> tuple[Exclusive, ...]:
    """The exclusive statements of every report of ``cluster`` (see the module docstring).

    A statement is left out when another report supports it by the relation the
    summary's citations use (:func:`supported_elsewhere`), or when the summary cites
    it together with another outlet (:func:`cited_elsewhere`).

    Args:
        cluster: a cluster with ``sentences``, ``vectors``, ``reports``, ``entities``,
            ``figures`` and ``summary``.
        threshold: cosine similarity at which another report's sentence counts
            as carrying the same statement (the spread and near-repeat tests).
        per_source: most statements listed per outlet.
        fast: the support relation of fast mode (no MiniLM cosine).
    """
    if not cluster.sentences or len(cluster.articles) < 2:
        return ()
    vectors = cluster.vectors.all()
    sids = list(cluster.source_ids)
    art_index = {a.id: i for i, a in enumerate(cluster.articles)}
    groups = _report_groups(cluster)
    report_of = {i: g_i for g_i, g in enumerate(groups) for i in g}
    if len(groups) < 2:
        return ()
    sent_report = np.array([report_of[art_index[s.article_id]] for s in cluster.sentences])
    sims = vectors @ vectors.T
    # best similarity of each sentence to each report: (sentences x reports), one pass per report
    by_report = np.full((len(cluster.sentences), len(groups)), -1.0, dtype=np.float32)
    for r in range(len(groups)):
        cols = np.where(sent_report == r)[0]
        if len(cols):
            by_report[:, r] = sims[:, cols].max(axis=1)
    near = threshold * SPREAD_SHARE
    centroid = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = (vectors @ centroid) / norm
    ent_sentences = _entity_sentences(cluster)
    shared_figures = shared_figure_sentences(cluster)
    n_sent_of = {a.id: len(cluster.sentences_of(a.id)) for a in cluster.articles}
    in_summary = cited_elsewhere(cluster)
    other_reports = by_report.copy()  # best similarity to each *other* report
    other_reports[np.arange(len(cluster.sentences)), sent_report] = -1.0
    best_other_of = other_reports.max(axis=1)
    spread = (other_reports >= near).sum(axis=1)
    open_rows = []  # statements that pass the cheap tests; the support relation then reads them all at once
    for k, s in enumerate(cluster.sentences):
        if not stands_alone(s) or (s.article_id, s.index) in shared_figures or (s.article_id, s.index) in in_summary:
            continue
        if best_other_of[k] >= threshold:
            continue
        if len(groups) >= 3 and int(spread[k]) >= 2:
            continue  # told, in other words, by two or more other reports
        open_rows.append(k)
    supported = supported_elsewhere(cluster, open_rows, sent_report, sims, fast)
    open_set = set(open_rows) - supported
    out = []
    for g in groups:
        report = report_of[g[0]]
        members = {sids[i] for i in g}
        lead = g[0]
        lead_id = cluster.articles[lead].id
        rows = [k for k, s in enumerate(cluster.sentences) if s.article_id == lead_id]
        others = np.where(sent_report != report)[0]
        cands: list[tuple[float, int]] = []
        for k in rows:
            if k not in open_set:
                continue
            s = cluster.sentences[k]
            best_other = float(sims[k, others].max()) if len(others) else 0.0
            # names no other report mentions
            novel = 0
            for sources in ent_sentences.get((sids[lead], s.index), []):
                if sources <= members:
                    novel += 1
            words = len(s.text.split())
            length = 1.0 if 12 <= words <= 40 else 0.6
            position = 1.0 - min(1.0, s.index / max(1, n_sent_of[lead_id]))
            score = (
                0.35 * min(novel, 3)
                + 0.25 * bool(NUMBER_RE.search(s.text))
                + 0.15 * bool(QUOTE_RE.search(s.text))
                + 1.0 * float(centrality[k])
                + 0.5 * (threshold - best_other) / max(threshold, 1e-6)
                + 0.15 * position
                + 0.1 * length
            )
            cands.append((score, k))
        cands.sort(key=lambda x: (-x[0], x[1]))
        chosen: list[tuple[float, int]] = []
        for score, k in cands:
            if len(chosen) >= per_source:
                break
            if any(float(sims[k, j]) >= threshold for _, j in chosen):
                continue  # a near-repeat of a statement already listed
            chosen.append((score, k))
        items = []
        for score, k in chosen:
            s = cluster.sentences[k]
            items.append(ExclusiveItem(s.text, s.index, round(score, 4), Citation(sids[lead], s.article_id, s.index, s.start, s.end)))
        if items:
            out.append(Exclusive(sids[lead], tuple(items), tuple(sids[i] for i in g[1:])))
    return tuple(out)


@stage("exclusive", requires=("sentences", "vectors", "reports", "entities", "figures", "summary"), assigns=("exclusive",))
def make_exclusive_stage(settings: Settings):
    """The ``exclusive`` stage: for each outlet, the statements no other report carries."""
    threshold = settings.similarity_threshold

    def exclusive_stage(cluster: Cluster) -> Cluster:
        return cluster.assign(exclusive=exclusives_of_cluster(cluster, threshold, settings.exclusive_per_source, settings.fast))

    return exclusive_stage
