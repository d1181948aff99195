"""The evaluation commands' names (newsfuse.evaluate.names) are those of the modules that run them."""

from newsfuse.evaluate import names, published, systems, update_eval


def test_names_match_their_modules():
    assert names.SUMMARY_SYSTEMS == systems.DEFAULT_SYSTEMS == tuple(systems.SYSTEMS)
    assert names.UPDATE_SYSTEMS == update_eval.SYSTEMS
    assert names.PUBLISHED_TASKS == tuple(published.TASKS)
