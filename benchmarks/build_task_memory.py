"""What each task of ``newsfuse build`` does to a worker's memory: a worker plugin resets the
process's peak (``/proc/self/clear_refs``) as each task starts, and records as it ends the task's
own peak, the resident memory left after it, and what Dask holds in the worker's memory (the
results of tasks not yet released). Prints the clustering and preparing tasks in the order each
worker ran them, then each worker's peak.

    python benchmarks/build_task_memory.py --n 300000 --workers 2
    python benchmarks/build_task_memory.py --n 300000 --workers 2 --profiler    # Dask's profiler on

A resident memory that rises task after task is memory kept between tasks; a peak that rises
with it is that, plus one task's working set. The build runs as ``newsfuse build --scheduler``
against a LocalCluster started here, with the workers' settings of ``newsfuse build``'s own local
cluster (``engine._local_worker_config``: Dask's statistical profiler off) unless ``--profiler``,
``--fast --no-briefs``, on the synthetic archive of build_scale.py. Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_scale import NEWSFUSE, write_archive  # noqa: E402

from newsfuse.scale.engine import _local_worker_config  # noqa: E402

SHOWN = ("nf-prepare", "nf-cluster")


def _status_mb() -> dict[str, float]:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmHWM:", "VmRSS:")):
                name, value = line.split(":")
                out[name] = int(value.split()[0]) / 1024
    return out


def main(argv: list[str] | None = None) -> int:
    import dask
    from distributed import Client, LocalCluster, WorkerPlugin

    class TaskMemory(WorkerPlugin):
        def setup(self, worker) -> None:
            self.worker = worker
            self.log: list[tuple[str, float, float, float, float]] = []
            self.started: dict[str, float] = {}
            worker.newsfuse_task_memory = self

        def transition(self, key, start, finish, **kwargs) -> None:
            if finish == "executing":
                with open("/proc/self/clear_refs", "w") as fh:
                    fh.write("5")  # the peak (VmHWM) starts again from the current resident memory
                self.started[key] = _status_mb()["VmRSS"]
            elif start == "executing":
                now = _status_mb()
                held = sum(ts.nbytes or 0 for ts in self.worker.state.tasks.values() if ts.state == "memory")
                self.log.append((str(key), self.started.pop(key, 0.0), now["VmHWM"], now["VmRSS"], held / 2**20))

    def task_log(dask_worker) -> list:
        return dask_worker.newsfuse_task_memory.log

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles in the archive (default 100,000)")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--block", type=int, default=20_000, help="--block-articles (default 20,000)")
    ap.add_argument("--profiler", action="store_true", help="keep Dask's statistical profiler on (Dask's default)")
    args = ap.parse_args(argv)
    config = {"distributed.worker.profile.enabled": True} if args.profiler else _local_worker_config()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        write_archive(args.n, archive)
        with dask.config.set(config), \
                LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            client.register_plugin(TaskMemory(), name="newsfuse-task-memory")
            subprocess.run([NEWSFUSE, "build", str(archive), "--out", str(Path(tmp) / "out"), "--fast", "--no-briefs",
                            "-q", "--scheduler", cluster.scheduler_address, "--block-articles", str(args.block)], check=True)
            for worker, log in client.run(task_log).items():
                # resetting the peak resets ru_maxrss too: the worker's peak is its largest task's
                print(f"{worker}: {len(log)} tasks, peak {max(p for _, _, p, _, _ in log):.1f} MB")
                print(f"  {'task':24s} {'before':>7s} {'peak':>7s} {'after':>7s} {'held by Dask':>12s}")
                for key, before, task_peak, after, held in log:
                    if key.startswith(SHOWN):
                        print(f"  {key.rsplit('-', 1)[0]:24s} {before:7.1f} {task_peak:7.1f} {after:7.1f} {held:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
