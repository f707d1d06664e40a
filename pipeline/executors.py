"""Where pages run: in this process, in a local process pool, or on a Dask cluster.

Every executor has `run(fn, items, hard_timeout)` yielding `(index, result)` as items finish,
where `result` is `fn(item)`'s return value or the exception that stands for it, and `close()`.
At most one item per worker slot is in flight, so an item's clock starts when it is handed
over, and an item past `hard_timeout` seconds is abandoned: the local pool kills its workers
and starts fresh ones (the other items in flight are handed over again), a Dask worker holding
it is restarted. That is the backstop for a worker stuck where the page's own timeout cannot
reach it (native code that ignores signals).
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from pipeline.errors import PageFailedError, PageTimeoutError, UsageError

log = logging.getLogger(__name__)

Result = tuple[int, Any]


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (kill -9 of the run leaves no orphans)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


# What every worker process runs with, whichever executor started it: one OpenMP thread for
# Tesseract (the pool gives each page its own core).
WORKER_ENVIRON = {"OMP_THREAD_LIMIT": "1"}


# glibc's malloc serves a block this big or bigger from a mapping of its own, returned to the
# OS on free, and gives the heap's free top back once it exceeds the trim threshold. By default
# both move with the blocks freed so far (the mmap threshold up to 32 MiB), so a worker's
# behaviour drifts with its first pages. Fixed here, once per worker: page-sized arrays (image,
# masks, label maps: 0.2-20 MB) come from the heap and are reused page after page, and only a
# page bigger than any before grows it. Thresholds of 128 KiB / 1 MiB (sessions 5-8) handed
# each such array back on free, and the kernel then mapped and zeroed it afresh: 0.75 s of
# system CPU on a 300 dpi page (six clean dev pages in process: 4.5-4.9 s of system time vs 0.6
# with these values; peak RSS 291 vs 321 MB), a fifth of the page's CPU for 30 MB.
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 32 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameter numbers (malloc.h)


def bound_heap_growth() -> bool:
    """Fix glibc malloc's mmap and trim thresholds in this process; False where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and other C libraries: nothing to tune
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def _local_worker_init() -> None:
    # Ctrl-C reaches the whole process group; only the parent decides what happens then.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    os.environ.update(WORKER_ENVIRON)


class InlineExecutor:
    """Runs items one by one in this process (tests, debugging); no hard timeout."""

    def run(self, fn: Callable[[Any], Any], items: list[Any],
            hard_timeout: float | None = None) -> Iterator[Result]:
        """Yield `(index, fn(item) or its exception)` in order."""
        for i, item in enumerate(items):
            try:
                yield i, fn(item)
            except Exception as exc:
                yield i, exc

    def close(self, kill: bool = False) -> None:
        """Nothing to release."""


class LocalExecutor:
    """A pool of `jobs` worker processes (concurrent.futures, forkserver start)."""

    def __init__(self, jobs: int) -> None:
        if jobs < 1:
            raise UsageError(f"--jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        self._pool: cf.ProcessPoolExecutor | None = None

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        ctx = multiprocessing.get_context("forkserver")
        return cf.ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx,
                                      initializer=_local_worker_init)

    def _kill_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # Python 3.14 has kill_workers(); before it the pool keeps its processes privately.
        kill = getattr(pool, "kill_workers", None)
        if kill is not None:
            kill()
        else:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                try:
                    proc.kill()
                except (OSError, AttributeError):
                    pass
        pool.shutdown(wait=True, cancel_futures=True)

    def run(self, fn: Callable[[Any], Any], items: list[Any],
            hard_timeout: float | None = None) -> Iterator[Result]:
        """Yield `(index, result or exception)` as items finish, keeping every worker busy."""
        pending = collections.deque(range(len(items)))
        inflight: dict[cf.Future, tuple[int, float]] = {}
        crashes: collections.Counter[int] = collections.Counter()
        # Pages in flight when a worker died: each runs again alone, so a second death is its
        # own and no page that merely ran beside it fails with it.
        suspects: set[int] = set()
        while pending or inflight:
            if self._pool is None:
                self._pool = self._new_pool()
            while pending and len(inflight) < self.jobs:
                if inflight and (pending[0] in suspects
                                 or any(j in suspects for j, _ in inflight.values())):
                    break
                i = pending.popleft()
                try:
                    fut = self._pool.submit(fn, items[i])
                except BrokenProcessPool:
                    # A worker died while the caller held the last result: its page is among
                    # those in flight, which fail below with the pool; none left, start afresh.
                    pending.appendleft(i)
                    break
                inflight[fut] = (i, time.monotonic())
            if not inflight:
                self._kill_pool()
                continue
            wait_for = None
            if hard_timeout:
                oldest = min(start for _, start in inflight.values())
                wait_for = max(0.0, oldest + hard_timeout - time.monotonic())
            done, _ = cf.wait(list(inflight), timeout=wait_for, return_when=cf.FIRST_COMPLETED)
            broken: list[int] = []
            for fut in done:
                i, _ = inflight.pop(fut)
                try:
                    yield i, fut.result()
                except BrokenProcessPool:
                    broken.append(i)
                except Exception as exc:
                    yield i, exc
            if broken:
                # A worker died (crash, OOM kill): every item in flight sees the broken pool.
                # Each is tried again once, alone; one that dies again fails.
                self._kill_pool()
                for fut, (i, _) in list(inflight.items()):
                    broken.append(i)
                inflight.clear()
                for i in sorted(broken):
                    crashes[i] += 1
                    if crashes[i] >= 2:
                        yield i, PageFailedError("the worker process died on this page, and again "
                                                 "when it ran alone")
                    else:
                        pending.appendleft(i)
                        suspects.add(i)
                continue
            if hard_timeout:
                now = time.monotonic()
                expired = [(fut, i) for fut, (i, start) in inflight.items()
                           if now - start >= hard_timeout]
                if expired:
                    log.warning("killing the worker pool: %d page(s) stuck past %.0f s",
                                len(expired), hard_timeout)
                    requeue = [i for fut, (i, _) in inflight.items()
                               if fut not in {f for f, _ in expired}]
                    inflight.clear()
                    self._kill_pool()
                    for _, i in expired:
                        yield i, PageTimeoutError(f"timed out: its worker was stuck for "
                                                  f"{hard_timeout:g} s and was killed")
                    pending.extendleft(sorted(requeue, reverse=True))

    def close(self, kill: bool = False) -> None:
        """Stop the workers; `kill` does not wait for pages in progress."""
        if kill:
            self._kill_pool()
        elif self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


# The settings of our own LocalCluster's workers, made for long CPU-bound tasks that hold the
# GIL. By default a worker's event loop wakes every 20 ms (tick) and samples the system every
# 500 ms, its nanny polls its memory every 100 ms, and the statistical profiler samples every
# thread 100 times a second: each wake-up takes the GIL from the page in the task thread, and on
# a busy machine getting it back waits for the OS scheduler's next slice (measured: 0.7x the
# local pool's pages/min with the defaults at load 11, 1.07x with these). The workers get the
# local pool's environment, not the nanny's default one (thread counts and a malloc setting).
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.nanny.pre-spawn-environ": WORKER_ENVIRON,
}


class DaskExecutor:
    """Pages as tasks of a dask.distributed cluster: a running one, or a LocalCluster of our own."""

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        from distributed import Client, LocalCluster

        # the cluster's own chatter (workers starting, connections) is not the batch's news
        logging.getLogger("distributed").setLevel(logging.WARNING)
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            import dask

            # One thread per worker process: Tesseract gets one core each, as in the local
            # pool. A free port for the scheduler's HTTP server: several runs may share a machine.
            with dask.config.set(QUIET_WORKERS):
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=":0", silence_logs=logging.WARNING)
            self.client = Client(self.cluster)

    def _slots(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def _restart_worker_of(self, key: str) -> None:
        for worker, keys in self.client.processing().items():
            if key in keys:
                log.warning("restarting Dask worker %s, stuck on one page", worker)
                try:
                    self.client.restart_workers([worker], raise_for_error=False)
                except Exception as exc:  # the batch goes on without that worker
                    log.warning("could not restart %s: %s", worker, exc)

    def run(self, fn: Callable[[Any], Any], items: list[Any],
            hard_timeout: float | None = None) -> Iterator[Result]:
        """Yield `(index, result or exception)` as the cluster finishes items."""
        from distributed import wait

        pending = collections.deque(range(len(items)))
        inflight: dict[Any, tuple[int, float]] = {}
        while pending or inflight:
            slots = self._slots()
            while pending and len(inflight) < slots:
                i = pending.popleft()
                fut = self.client.submit(fn, items[i], pure=False, retries=0)
                inflight[fut] = (i, time.monotonic())
            wait_for = None
            if hard_timeout:
                oldest = min(start for _, start in inflight.values())
                wait_for = max(0.01, oldest + hard_timeout - time.monotonic())
            try:
                done, _ = wait(list(inflight), timeout=wait_for, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for fut in done:
                i, _ = inflight.pop(fut)
                try:
                    yield i, fut.result()
                except Exception as exc:  # KilledWorker, or an error that escaped fn
                    yield i, exc
                fut.release()
            if hard_timeout:
                now = time.monotonic()
                for fut, (i, start) in list(inflight.items()):
                    if now - start >= hard_timeout:
                        inflight.pop(fut)
                        self._restart_worker_of(fut.key)
                        fut.cancel()
                        yield i, PageTimeoutError(
                            f"timed out: its Dask worker was stuck for {hard_timeout:g} s")

    def close(self, kill: bool = False) -> None:
        """Disconnect, and stop the LocalCluster if this executor started it."""
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def make_executor(kind: str, jobs: int, scheduler: str | None = None) -> Any:
    """The executor named `kind` ('local', 'dask' or 'inline')."""
    if scheduler and kind != "dask":
        raise UsageError("--scheduler needs --executor dask")
    if kind == "local":
        return LocalExecutor(jobs)
    if kind == "dask":
        return DaskExecutor(jobs, scheduler)
    if kind == "inline":
        return InlineExecutor()
    raise UsageError(f"unknown executor {kind!r} (local, dask)")
