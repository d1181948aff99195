"""The names the evaluation commands offer, without importing what runs them.

``newsfuse --help`` and every other command build all commands' options, whose help lists these
names; importing the evaluation modules themselves (ROUGE, sumy, the bootstrap) for that cost every
``newsfuse brief`` a fifth of its start-up. ``tests/evaluate/test_names.py`` checks each tuple
against the module that defines the systems or tasks.
"""

from __future__ import annotations

#: ``newsfuse eval --systems``: :data:`newsfuse.evaluate.systems.SYSTEMS`, in order.
SUMMARY_SYSTEMS: tuple[str, ...] = (
    "newsfuse", "newsfuse-fast", "lead", "random", "lexrank", "textrank", "lsa", "luhn", "kl-sum", "sumbasic",
    "reduction", "oracle",
)
#: ``newsfuse eval-update --systems``: :data:`newsfuse.evaluate.update_eval.SYSTEMS`.
UPDATE_SYSTEMS: tuple[str, ...] = ("newsfuse", "newsfuse-plain", "newsfuse-fast", "lead", "lexrank")
#: ``newsfuse eval-check-published --tasks``: the keys of :data:`newsfuse.evaluate.published.TASKS`.
PUBLISHED_TASKS: tuple[str, ...] = ("duc2006", "duc2007-update")
