"""The desk: feeds in, stories out, briefs kept current (see docs/desk.md).

- :mod:`.feedlist`, :mod:`.registry`, :mod:`.poll`: the feeds, their state and polling;
- :mod:`.desk`: articles stored once, assigned to stories online, re-briefed;
- :mod:`.watch`: the loop that runs them (``newsfuse watch``, ``serve --watch``).
"""
