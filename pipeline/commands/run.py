"""`python -m pipeline run [INPUT ...] [-o OUT]`: OCR every page of the inputs into OUT."""

from __future__ import annotations

import argparse
import os

from pipeline.errors import ExitCode, UsageError
from pipeline.profiles import profile_names
from pipeline.runner import run_batch
from pipeline.settings import Settings

_DEFAULTS = Settings()


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, not {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, not {text}")
    return value


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers)
    except AttributeError:
        return os.cpu_count() or 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the 'run' sub-command."""
    p = sub.add_parser("run", help="OCR scans into page JSON, text and XML",
                       description="OCR every page of the INPUT files and folders into OUT. "
                                   "A rerun skips pages already done for the same input bytes "
                                   "and settings.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", default=["scans"],
                   help="files or folders (default: scans)")
    p.add_argument("-o", "--out", default="output", help="output folder (default: output)")
    p.add_argument("--jobs", type=_positive_int, default=_cores(),
                   help="worker processes (default: all cores)")
    p.add_argument("--lang", default=_DEFAULTS.lang, help="Tesseract languages (default: rus+eng)")
    p.add_argument("--timeout", type=_positive_float, default=_DEFAULTS.timeout,
                   help=f"seconds per page before it fails (default: {_DEFAULTS.timeout:g})")
    p.add_argument("--force", action="store_true", help="redo pages already done")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local process pool (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask)")
    p.add_argument("--quiet", action="store_true", help="no progress; failures are still reported")
    p.add_argument("--overlay", action="store_true", help="also draw the regions on each page "
                                                          "(OUT/<stem>.overlay.png)")
    p.add_argument("--pdf-dpi", type=_positive_int, default=_DEFAULTS.pdf_dpi,
                   help=f"resolution for rasterising PDF pages (default: {_DEFAULTS.pdf_dpi})")
    p.add_argument("--max-pixels", type=_positive_int, default=_DEFAULTS.max_pixels,
                   help="refuse pages with more pixels (decompression bombs; "
                        f"default: {_DEFAULTS.max_pixels})")
    p.add_argument("--vote", action=argparse.BooleanOptionalAction, default=_DEFAULTS.vote,
                   help="read the lines in doubt again at two more scales and keep each line's "
                        "reading nearest the others (default: on); --no-vote reads each page "
                        "once: about 0.6 s a page faster, more errors")
    p.add_argument("--profile", default=None, help="form profile name (default: chosen by match)")


def main(args: argparse.Namespace) -> int:
    """Run the batch; 0 when every page is done, 1 when some failed."""
    if args.scheduler and args.executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    if args.profile is not None and args.profile not in profile_names():
        raise UsageError(f"unknown --profile {args.profile!r}; known: {', '.join(profile_names())}")
    settings = Settings(lang=args.lang, pdf_dpi=args.pdf_dpi, timeout=args.timeout,
                        profile=args.profile, overlay=args.overlay, max_pixels=args.max_pixels,
                        vote=args.vote)
    result = run_batch(args.inputs, args.out, settings, jobs=args.jobs, executor=args.executor,
                       scheduler=args.scheduler, force=args.force, quiet=args.quiet)
    ok, failed, skipped = (result.count(s) for s in ("ok", "failed", "skipped"))
    print(f"results in {result.out_dir}/ ({ok} done, {skipped} already done, {failed} failed; "
          f"see {result.out_dir / 'summary.json'})")
    return int(ExitCode.PAGES_FAILED if failed else ExitCode.OK)
