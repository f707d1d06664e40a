"""The local pool: results, a crashing worker, a worker stuck where signals cannot reach.

Items are Python expressions run with the builtin `eval`, so the workers need no test module.
"""

import os
import subprocess
import sys
import time

import pytest

from pipeline.errors import PageFailedError, PageTimeoutError, UsageError
from pipeline.executors import InlineExecutor, LocalExecutor, make_executor

CRASH = "__import__('os')._exit(7)"
# SIGALRM blocked, then a sleep: nothing inside the worker can end this page
STUCK = "(__import__('signal').pthread_sigmask(0, {14}), __import__('time').sleep(120))"


def collect(executor, items, hard_timeout=None):
    try:
        return dict(executor.run(eval, items, hard_timeout=hard_timeout))
    finally:
        executor.close()


def test_local_pool_runs_everything_in_worker_processes():
    items = ["__import__('os').getpid()"] * 6 + ["1 + 1", "__import__('os').environ['OMP_THREAD_LIMIT']"]
    out = collect(LocalExecutor(2), items)
    assert set(out) == set(range(8))
    assert out[6] == 2 and out[7] == "1"
    pids = {out[i] for i in range(6)}
    assert len(pids) <= 2 and __import__("os").getpid() not in pids


def test_exception_in_an_item_is_its_result():
    out = collect(LocalExecutor(2), ["1", "1 / 0", "3"])
    assert out[0] == 1 and out[2] == 3 and isinstance(out[1], ZeroDivisionError)


def test_crashing_worker_fails_only_its_item():
    out = collect(LocalExecutor(2), ["1", CRASH, "2", "3", "4"])
    assert isinstance(out[1], PageFailedError) and "died" in str(out[1])
    assert [out[i] for i in (0, 2, 3, 4)] == [1, 2, 3, 4]


def test_a_page_beside_a_crash_is_not_failed_with_it():
    # The slow page is in flight whenever the crashing one kills the pool: retried side by side
    # they would die together twice, and the slow page would fail for its neighbour.
    slow = "(__import__('time').sleep(1.5), 5)[1]"
    out = collect(LocalExecutor(2), [slow, CRASH, "2"])
    assert out[0] == 5 and out[2] == 2
    assert isinstance(out[1], PageFailedError)


def test_stuck_worker_is_killed_and_the_batch_goes_on():
    t0 = time.monotonic()
    out = collect(LocalExecutor(2), [STUCK, "1", "2", "3"], hard_timeout=3)
    assert isinstance(out[0], PageTimeoutError)
    assert [out[i] for i in (1, 2, 3)] == [1, 2, 3]
    assert time.monotonic() - t0 < 30


def test_inline_and_factory():
    assert collect(InlineExecutor(), ["2 * 3"]) == {0: 6}
    with pytest.raises(UsageError):
        make_executor("local", 1, scheduler="tcp://x:1")
    with pytest.raises(UsageError):
        LocalExecutor(0)


def test_pool_broken_while_the_caller_handles_a_result():
    # A worker dies while the runner is busy with another page's result (writing the summary):
    # the next hand-over finds the pool broken. Only the page that was on the dead worker fails.
    ex = LocalExecutor(2)
    out = {}
    try:
        for i, res in ex.run(eval, ["1", f"(__import__('time').sleep(0.5), {CRASH})", "2", "3"]):
            out[i] = res
            if i == 0:
                time.sleep(2)
    finally:
        ex.close()
    assert isinstance(out[1], PageFailedError)
    assert [out[i] for i in (0, 2, 3)] == [1, 2, 3]


# In a fresh interpreter, count malloc's own mappings while a page-sized (1 MB) array lives.
# glibc's default threshold (128 KiB until blocks are freed) maps it on its own, and the kernel
# maps and zeroes it afresh on every page; with the thresholds fixed it comes from the heap.
MAPPED_PAGE_ARRAY = """
import ctypes, sys
import numpy as np
from pipeline.executors import bound_heap_growth
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                               "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
if sys.argv[1] == "bound":
    assert bound_heap_growth()
before = libc.mallinfo2().hblks
page = np.ones(1 << 20, np.uint8)
print(libc.mallinfo2().hblks - before)
"""


def _mapped_blocks(mode: str) -> int:
    # glibc's MALLOC_*_ variables (Dask sets MALLOC_TRIM_THRESHOLD_ when it is imported or
    # starts workers) also fix the thresholds: the child starts from glibc's defaults.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run([sys.executable, "-c", MAPPED_PAGE_ARRAY, mode], capture_output=True,
                         text=True, check=True, env=env)
    return int(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc malloc only")
def test_page_sized_arrays_come_from_the_heap_not_fresh_mappings():
    assert _mapped_blocks("default") == 1  # glibc's starting threshold, 128 KiB
    assert _mapped_blocks("bound") == 0


def test_each_worker_fixes_its_allocator_once_whichever_executor_runs_it(monkeypatch):
    from pipeline import runner
    from pipeline.settings import Settings

    calls = []
    monkeypatch.setattr(runner, "bound_heap_growth", lambda: calls.append(1) or True)
    monkeypatch.setattr(runner, "make_engine", lambda settings: None)
    monkeypatch.setattr(runner, "_WORKER", {})
    runner._worker_state(Settings())
    runner._worker_state(Settings())
    assert calls == [1]
