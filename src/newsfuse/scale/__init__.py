"""An archive's stories and briefs on a dask.distributed cluster (``newsfuse build``).

The same stories as ``newsfuse cluster`` on one machine, computed by partitions and shuffles:

- :mod:`.plan`: positions in time order, time blocks and their warm-ups (bookkeeping, no I/O);
- :mod:`.shards`: read a shard, MinHash band keys, route articles and keys (the map sides);
- :mod:`.lsh`: band keys, candidate copies per bucket, exact verification;
- :mod:`.blocks`: candidate copies per bucket, blocks sorted, document frequencies, clustering;
- :mod:`.output`: stories stitched across blocks, article, story and brief files;
- :mod:`.spill`: the files stages hand each other (atomic);
- :mod:`.engine`: the task graph and its driver (:func:`newsfuse.scale.engine.build`).

Needs the optional ``scale`` extra (``pip install "newsfuse[scale]"``); see docs/scale.md.
"""
