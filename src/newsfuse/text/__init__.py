"""The text layer: the basic rules every reader, stage and writer shares.

One definition each, so that two parts of newsfuse never disagree about where a
sentence or paragraph ends:

- :mod:`.sentences`: sentences and paragraphs with character offsets.
"""
