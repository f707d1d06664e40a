"""The batch: input files -> page tasks -> executor -> outputs and `summary.json`.

The runner owns iteration, timing, provenance of loading, resume and the error policy: a page
that fails is reported in one line and the batch goes on; stages only transform pages.
Pages are the tasks. Each worker process builds its Context (and so its engine) once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline import formats, inputs, process
from pipeline.errors import (BadInputError, MissingDependencyError, OutputError, PageTimeoutError,
                             PipelineError)
from pipeline.engines import tesseract
from pipeline.executors import bound_heap_growth, make_executor
from pipeline.fileio import atomic_write_json
from pipeline.formats.overlay import write_overlay
from pipeline.model import Step
from pipeline.progress import Progress, failure_line
from pipeline.settings import Context, Settings
from pipeline.stages import load

log = logging.getLogger(__name__)

SUMMARY_SCHEMA = "pipeline.summary/1"
# Extra seconds the executor waits past the page timeout before it kills a stuck worker: the
# page's own timeout (in the worker) normally fires first and keeps the worker alive.
HARD_TIMEOUT_GRACE = 30.0
_SUMMARY_EVERY = 1.0  # seconds between rewrites of summary.json while pages finish


@dataclass(frozen=True)
class Task:
    """One page to do: which file and page, under which stem, into which folder."""

    path: str        # as given; recorded in source.path
    open_path: str   # absolute, so that workers elsewhere (Dask) find the same file
    page: int        # 1-based
    pages: int       # pages in the file
    stem: str
    out_dir: str     # absolute, like open_path
    settings: Settings
    sha256: str | None = None  # known when the parent looked at it for resume


@dataclass
class Outcome:
    """What became of one page: status 'ok', 'failed' or 'skipped'."""

    stem: str
    source: str
    page: int
    status: str
    error: str | None = None
    seconds: float = 0.0


@dataclass
class BatchResult:
    """Where a batch wrote, and the outcome of each of its pages."""

    out_dir: Path
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        """Pages with the given status."""
        return sum(1 for o in self.outcomes if o.status == status)


def one_line(text: str) -> str:
    """`text` with every run of whitespace (newlines too) as one space."""
    return " ".join(text.split())


# ---- in the worker ---------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def make_engine(settings: Settings) -> Any:
    """The OCR engine for one worker (built once per worker process)."""
    return tesseract.TesseractEngine(settings.lang, settings.timeout)


def _worker_state(settings: Settings) -> tuple[Context, list[process.StageSpec]]:
    # Built once per worker process (and again only if the settings change).
    key = f"{settings.fingerprint()}:{settings.timeout}"
    if _WORKER.get("key") != key:
        os.environ["OMP_THREAD_LIMIT"] = "1"
        bound_heap_growth()  # here, not in a pool initializer: Dask workers come here too
        _WORKER.update(key=key, ctx=Context(settings, engine=make_engine(settings)),
                       chain=process.load_chain())
    return _WORKER["ctx"], _WORKER["chain"]


def _kill_tesseract_children() -> None:
    import psutil

    for child in psutil.Process().children(recursive=True):
        try:
            if child.name().startswith("tesseract"):
                child.kill()
        except psutil.Error:
            pass


@contextlib.contextmanager
def page_deadline(seconds: float | None):
    """Raise PageTimeoutError when the body runs past `seconds`, killing a Tesseract still running.

    In a process's main thread SIGALRM also interrupts Python code; in other threads (Dask
    workers) the timer can only kill Tesseract, and the page fails when the body returns.
    """
    if not seconds:
        yield
        return
    fired = threading.Event()
    message = f"timed out after {seconds:g} s (--timeout)"

    def expire() -> None:
        fired.set()
        _kill_tesseract_children()

    in_main = threading.current_thread() is threading.main_thread()
    timer = None
    if in_main:
        def on_alarm(signum: int, frame: Any) -> None:
            expire()
            raise PageTimeoutError(message)

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    else:
        timer = threading.Timer(seconds, expire)
        timer.daemon = True
        timer.start()
    try:
        yield
    except BaseException as exc:
        if fired.is_set() and not isinstance(exc, PageTimeoutError):
            raise PageTimeoutError(message) from exc
        raise
    finally:
        if in_main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        elif timer is not None:
            timer.cancel()
    if fired.is_set():
        raise PageTimeoutError(message)


def process_task(task: Task) -> Outcome:
    """Load, run the stage chain and write one page; never raises for a page's own failure."""
    t0 = time.perf_counter()
    settings = task.settings
    out_dir = Path(task.out_dir)

    def failed(reason: str) -> Outcome:
        return Outcome(task.stem, task.path, task.page, "failed", one_line(reason),
                       time.perf_counter() - t0)

    try:
        ctx, chain = _worker_state(settings)
        with page_deadline(settings.timeout):
            t_load = time.perf_counter()
            page, params = load.load_page(task.path, task.page, settings,
                                          open_path=task.open_path, sha256=task.sha256)
            params["settings"] = settings.fingerprint()  # read back by resume
            page.steps.append(Step(load.NAME, params, time.perf_counter() - t_load, load.VERSION))
            # The overlay is drawn on the scan as loaded, not on the turned, padded working image.
            scan = (page.image, page.to_original.copy()) if settings.overlay else None
            page = process.run_stages(page, ctx, chain)
    except MissingDependencyError:
        raise  # not this page's fault: the run must stop
    except PipelineError as exc:
        return failed(str(exc))
    except Exception as exc:  # a bug in a stage must not stop the batch; say what it was
        log.debug("page %s failed", task.stem, exc_info=True)
        return failed(f"{type(exc).__name__}: {exc}")
    try:
        write_outputs(page, out_dir, task.stem, settings, scan)
    except OSError as exc:
        return failed(f"cannot write outputs: {exc.strerror or exc}: {exc.filename or out_dir}")
    return Outcome(task.stem, task.path, task.page, "ok", None, time.perf_counter() - t0)


def write_outputs(page: Any, out_dir: Path, stem: str, settings: Settings,
                  scan: tuple[Any, Any] | None = None) -> None:
    """Every file of one page (the page JSON last: its presence means the page is done).
    `scan`: the image as loaded and its map to original pixels, for the overlay."""
    if settings.overlay:
        write_overlay(page, out_dir / f"{stem}.overlay.png", *(scan or ()))
    formats.write_page(page, out_dir, stem)


# ---- in the parent ---------------------------------------------------------------------------

def check_dependencies(settings: Settings) -> None:
    """MissingDependencyError (exit 3) when Tesseract or a model of `settings.lang` is missing."""
    tesseract.check_available(settings.lang)


def expected_outputs(out_dir: Path, stem: str, settings: Settings) -> list[Path]:
    """The files a finished page has."""
    paths = list(formats.output_paths(out_dir, stem).values())
    if settings.overlay:
        paths.append(out_dir / f"{stem}.overlay.png")
    return paths


def chain_versions() -> list[list[str]]:
    """[name, version] of the load step and of each stage, as a page JSON's `steps` lists them."""
    stages = [[spec.name, spec.version] for spec in process.load_chain()]
    return [[load.NAME, load.VERSION], *stages]


def already_done(task: Task, sha256: str, versions: list[list[str]] | None = None) -> bool:
    """True when the page's outputs exist for the same input bytes, path, page and settings.

    With `versions` (see `chain_versions`), the stages that made the page must also be the same
    versions as now: a stage whose VERSION changed redoes its pages.
    """
    out_dir = Path(task.out_dir)
    paths = expected_outputs(out_dir, task.stem, task.settings)
    if not all(p.exists() for p in paths):
        return False
    try:
        data = json.loads(formats.output_paths(out_dir, task.stem)["json"].read_text("utf-8"))
        src, steps = data["source"], data["steps"]
        if versions is not None and [[st["name"], st.get("version")] for st in steps] != versions:
            return False
        return (src["sha256"] == sha256 and src["path"] == task.path and src["page"] == task.page
                and steps[0]["name"] == load.NAME
                and steps[0]["params"].get("settings") == task.settings.fingerprint())
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False


def plan(files: list[str], out_dir: Path, settings: Settings) -> tuple[list[Task], list[Outcome]]:
    """Page tasks for every readable file; a file that cannot even be opened fails as one page."""
    counted: list[tuple[str, int]] = []
    unreadable: dict[str, str] = {}
    for path in files:
        try:
            counted.append((path, load.page_count(path)))
        except BadInputError as exc:
            unreadable[path] = str(exc)
            counted.append((path, 1))
    bases = inputs.assign_stems(counted)
    tasks: list[Task] = []
    early: list[Outcome] = []
    for (path, pages), base in zip(counted, bases):
        if path in unreadable:
            early.append(Outcome(base, path, 1, "failed", unreadable[path]))
            continue
        for page in range(1, pages + 1):
            tasks.append(Task(path=path, open_path=os.path.abspath(path), page=page, pages=pages,
                              stem=inputs.page_stem(base, page, pages),
                              out_dir=os.path.abspath(out_dir), settings=settings))
    return tasks, early


class Summary:
    """`OUT/summary.json`: one record per page in input order, rewritten atomically."""

    def __init__(self, path: Path, settings: Settings, order: list[tuple[str, str, int]]) -> None:
        self.path = path
        self.settings = settings
        self.order = order  # (stem, source, page) of every planned page, in input order
        self.records: dict[str, Outcome] = {}
        self._written = 0.0
        self._t0 = time.monotonic()

    def add(self, outcome: Outcome) -> None:
        """Record a finished page and rewrite the file if it is time to."""
        self.records[outcome.stem] = outcome
        if time.monotonic() - self._written >= _SUMMARY_EVERY:
            self.write(complete=False)

    def write(self, complete: bool) -> None:
        """Rewrite summary.json with every page finished so far."""
        pages = [asdict(self.records[stem]) for stem, _, _ in self.order if stem in self.records]
        for rec in pages:
            rec["seconds"] = round(rec["seconds"], 3)
        counts = {s: sum(1 for r in pages if r["status"] == s) for s in ("ok", "failed", "skipped")}
        counts["pending"] = len(self.order) - len(pages)
        data = {
            "schema": SUMMARY_SCHEMA,
            "complete": complete,
            "settings": {**asdict(self.settings), "fingerprint": self.settings.fingerprint()},
            "counts": {"pages": len(self.order), **counts},
            "seconds": round(time.monotonic() - self._t0, 3),
            "pages": pages,
        }
        atomic_write_json(self.path, data)
        self._written = time.monotonic()


def _prepare_output(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out_dir}: {exc.strerror or exc}") from exc
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to output folder {out_dir}: permission denied")
    _remove_stale_temporaries(out_dir)


def _remove_stale_temporaries(out_dir: Path) -> None:
    # A killed run may leave the hidden temporaries of atomic writes (`.NAME.XXXX.tmp`).
    for tmp in out_dir.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def split_done(tasks: list[Task]) -> tuple[list[Task], list[Task]]:
    """(tasks to do, tasks already done); the former carry the sha256 computed on the way."""
    todo: list[Task] = []
    done: list[Task] = []
    digests: dict[str, str] = {}
    versions = chain_versions()
    for task in tasks:
        # only pages with a JSON are candidates: no input is hashed twice for a fresh run
        if formats.output_paths(Path(task.out_dir), task.stem)["json"].exists():
            if task.path not in digests:
                try:
                    digests[task.path] = load.sha256_file(task.open_path)
                except OSError:
                    digests[task.path] = ""
            digest = digests[task.path]
            if digest and already_done(task, digest, versions):
                done.append(task)
                continue
            task = replace(task, sha256=digest or None)
        todo.append(task)
    return todo, done


def _summary_order(files: list[str], tasks: list[Task], early: list[Outcome]
                   ) -> list[tuple[str, str, int]]:
    rank = {path: i for i, path in enumerate(files)}
    order = [(t.stem, t.path, t.page) for t in tasks] + [(o.stem, o.source, o.page) for o in early]
    return sorted(order, key=lambda rec: (rank[rec[1]], rec[2]))


def run_batch(paths: list[str], out_dir: Path, settings: Settings, *, jobs: int,
              executor: str = "local", scheduler: str | None = None, force: bool = False,
              quiet: bool = False) -> BatchResult:
    """Run every page under `paths` into `out_dir`; raises before any page for exit 2/3/4 errors."""
    out_dir = Path(out_dir)
    files = inputs.find_inputs(paths, exclude=out_dir)
    check_dependencies(settings)
    _prepare_output(out_dir)
    tasks, early = plan(files, out_dir, settings)
    todo, done = (tasks, []) if force else split_done(tasks)

    summary = Summary(out_dir / "summary.json", settings, _summary_order(files, tasks, early))
    try:
        summary.write(complete=False)
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {out_dir}: "
                          f"{exc.strerror or exc}") from exc
    result = BatchResult(out_dir)
    progress = Progress(len(summary.order), quiet=quiet)
    pages_of = {t.path: t.pages for t in tasks}

    def finish(outcome: Outcome) -> None:
        result.outcomes.append(outcome)
        summary.add(outcome)
        failure = None
        if outcome.status == "failed":
            failure = failure_line(outcome.source, outcome.page, pages_of.get(outcome.source, 1),
                                   outcome.error or "failed")
        progress.update(outcome.stem, outcome.status, outcome.seconds, failure)

    for task in done:
        finish(Outcome(task.stem, task.path, task.page, "skipped"))
    for outcome in early:
        finish(outcome)
    pool = make_executor(executor, jobs, scheduler) if todo else None
    try:
        if pool is not None:
            hard = settings.timeout + HARD_TIMEOUT_GRACE if settings.timeout else None
            for i, res in pool.run(process_task, todo, hard_timeout=hard):
                if isinstance(res, MissingDependencyError):
                    raise res
                if isinstance(res, BaseException):  # the executor lost the page (crash, hang)
                    task = todo[i]
                    res = Outcome(task.stem, task.path, task.page, "failed",
                                  one_line(str(res) or type(res).__name__))
                finish(res)
    except BaseException:  # Ctrl-C, or a missing dependency found by a worker
        if pool is not None:
            pool.close(kill=True)
            pool = None
        _remove_stale_temporaries(out_dir)
        with contextlib.suppress(OSError):
            summary.write(complete=False)
        raise
    finally:
        progress.close()
        if pool is not None:
            pool.close()
    summary.write(complete=True)
    return result
