"""Result types of the ``quotes`` stage: one quotation as it appears in one article
(:class:`QuoteMention`) and one remark merged across outlets (:class:`Quote`, with its
other wordings as :class:`QuoteVariant` s).

The merged result types live in :mod:`newsfuse.model.results`; they are imported here for the stage's modules.
"""

from __future__ import annotations

from ...model.results import Quote, QuoteMention, QuoteVariant  # noqa: F401  (the result types live in the model)
