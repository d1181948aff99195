"""Result types of the ``figures`` stage: one quantity as one article states it
(:class:`Figure`), one value with every outlet stating it (:class:`FigureValue`), and
one quantity across outlets (:class:`FigureGroup`).

The merged result types live in :mod:`newsfuse.model.results`; they are imported here for the stage's modules.
"""

from __future__ import annotations

from ...model.results import Figure, FigureGroup, FigureValue, _source_order  # noqa: F401  (the result types live in the model)
