"""`python -m pipeline eval OUT --gold DIR`: compare OCR output with gold texts, report, QA gate."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline.errors import NoInputError, OutputError, QAGateError, UsageError
from pipeline.evaluation.batch import BatchResult, EvalOptions, evaluate
from pipeline.evaluation.normalize import MODES
from pipeline.evaluation.pairing import pair
from pipeline.evaluation.report import PageViews, percent, write_report

log = logging.getLogger(__name__)


def _rate_arg(value: str) -> float:
    """A rate given as a fraction (0.05) or a percentage (5%)."""
    try:
        rate = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a rate: {value!r} (use 0.05 or 5%)") from None
    if not 0 <= rate:
        raise argparse.ArgumentTypeError(f"a rate cannot be negative: {value!r}")
    return rate


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the 'eval' sub-command."""
    p = sub.add_parser("eval", help="compare OCR output with gold texts; report and QA gate",
                       description="Pair OUT/<stem>.json|txt with <stem>.gt.txt under --gold by stem, "
                                   "print a table worst-first, write OUT/report/metrics.json and "
                                   "OUT/report/index.html.")
    p.add_argument("out", type=Path, metavar="OUT", help="output folder of `run`")
    p.add_argument("--gold", type=Path, required=True, metavar="DIR",
                   help="folder with <stem>.gt.txt files (searched recursively)")
    p.add_argument("--normalize", choices=MODES, default="normalized",
                   help="text normalisation before comparing (default: normalized)")
    p.add_argument("--max-cer", type=_rate_arg, default=None, metavar="X",
                   help="QA gate: exit 1 when the batch CER is above X (0.05 or 5%%)")
    p.add_argument("--ignore-case", action="store_true", help="compare case-folded texts")
    p.add_argument("--ignore-punctuation", action="store_true",
                   help="drop punctuation and symbols before comparing")
    p.add_argument("--report", type=Path, default=None, metavar="DIR",
                   help="where to write the report (default: OUT/report)")


def format_table(result: BatchResult) -> str:
    """The per-page table, worst CER first, and the batch line, as printed on stdout."""
    rows = [(p.pair.stem, percent(p.score.cer), percent(p.score.wer), str(p.score.characters),
             str(p.score.char_errors), " ".join(p.score.flags)) for p in result.worst_first()]
    head = ("page", "CER", "WER", "chars", "errors", "flags")
    width = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, width))).rstrip() for r in [head, *rows]]
    t = result.total
    lines.append(f"batch: {len(result.pages)} pages, CER {percent(t.cer)} ({t.char_errors}/{t.characters} "
                 f"chars: {t.substitutions} sub, {t.deletions} del, {t.insertions} ins), "
                 f"WER {percent(t.wer)} ({t.word_errors}/{t.words} words), "
                 f"{len(result.ocr_only)} OCR pages without gold, {len(result.gold_only)} gold texts without OCR")
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    """Evaluate OUT against the gold folder; raise QAGateError when the batch CER is above --max-cer."""
    if not args.out.is_dir():
        raise NoInputError(f"output folder not found: {args.out}")
    if not args.gold.is_dir():
        raise UsageError(f"gold folder not found: {args.gold}")
    pairing = pair(args.out, args.gold)
    for stem in pairing.ocr_only:
        log.warning("no gold text for %s", stem)
    for stem in pairing.gold_only:
        log.warning("no OCR output for gold text %s", stem)
    if not pairing.pairs:
        raise NoInputError(f"no OCR output in {args.out} has a gold text in {args.gold}")
    options = EvalOptions(normalize=args.normalize, ignore_case=args.ignore_case,
                          ignore_punctuation=args.ignore_punctuation, max_cer=args.max_cer)
    report_dir = args.report or args.out / "report"
    try:
        result = evaluate(pairing, options, on_page=PageViews(report_dir, options))
        write_report(result, report_dir)
    except OSError as exc:
        raise OutputError(f"cannot write the report to {report_dir}: {exc}") from exc
    print(format_table(result))
    print(f"report: {report_dir / 'index.html'}", file=sys.stderr)
    if result.gate_passed is False:
        raise QAGateError(f"QA gate failed: batch CER {percent(result.total.cer)} is above "
                          f"--max-cer {percent(options.max_cer)}")
    if result.gate_passed:
        print(f"QA gate passed: batch CER {percent(result.total.cer)} <= {percent(options.max_cer)}")
    return 0
