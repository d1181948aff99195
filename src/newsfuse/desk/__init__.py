"""The desk: feeds in, stories out, briefs kept current (issue 19, docs/desk.md).

An I/O edge like :mod:`newsfuse.readers` and :mod:`newsfuse.store`:

- :mod:`.feedlist` reads a feed list (OPML or one URL a line) into :class:`FeedSpec`;
- :mod:`.registry` keeps the feeds and their polling state in the store;
- :mod:`.poll` polls due feeds politely (conditional GET, per-host limit, backoff)
  and reads each new entry's page into an :class:`~newsfuse.model.Article`;
- :mod:`.desk` stores each article once, assigns it to a story online and re-briefs;
- :mod:`.watch` is the loop that runs them (``newsfuse watch``, ``serve --watch``).
"""
