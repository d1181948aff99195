"""Which task of ``newsfuse build`` raises a worker's peak memory: a worker plugin records each
task's key with the worker's peak and current resident memory as the task finishes, and the
tasks that raised the peak by more than 5 MB are printed.

    python benchmarks/build_task_memory.py --n 100000 --workers 1

The build runs as ``newsfuse build --scheduler`` against a LocalCluster started here (so the
plugin is on its workers), ``--fast --no-briefs``, on the synthetic archive of build_scale.py.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_scale import NEWSFUSE, write_archive  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def main(argv: list[str] | None = None) -> int:
    from distributed import Client, LocalCluster, WorkerPlugin

    class TaskMemory(WorkerPlugin):
        def setup(self, worker) -> None:
            self.log: list[tuple[str, float, float]] = []
            worker.newsfuse_task_memory = self

        def transition(self, key, start, finish, **kwargs) -> None:
            if start == "executing":
                self.log.append((str(key), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, _rss_mb()))

    def task_log(dask_worker) -> list:
        return dask_worker.newsfuse_task_memory.log

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles in the archive (default 100,000)")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--block", type=int, default=20_000, help="--block-articles (default 20,000)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        write_archive(args.n, archive)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            client.register_plugin(TaskMemory(), name="newsfuse-task-memory")
            subprocess.run([NEWSFUSE, "build", str(archive), "--out", str(Path(tmp) / "out"), "--fast", "--no-briefs",
                            "-q", "--scheduler", cluster.scheduler_address, "--block-articles", str(args.block)], check=True)
            for worker, log in client.run(task_log).items():
                before = 0.0
                for key, peak, rss in log:
                    if peak > before + 5:
                        print(f"{key:40s} peak {peak:7.1f} MB  resident {rss:7.1f} MB")
                    before = peak
                print(f"{worker}: peak {log[-1][1]:.1f} MB after {len(log)} tasks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
