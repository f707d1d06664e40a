"""Batch progress on stderr: a tqdm bar on a terminal, plain log lines otherwise.

Failures are always reported, one line each (even with `--quiet`), because they are results.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm


def failure_line(source: str, page: int, pages: int, error: str) -> str:
    """The one-line report of a failed page: file, page (for multi-page files) and cause."""
    where = source if pages <= 1 else f"{source} (page {page})"
    cause = " ".join(str(error).split())
    return f"FAILED {where}: {cause}"


class Progress:
    """Counts finished pages and shows them; `update` once per page, `close` at the end."""

    def __init__(self, total: int, *, quiet: bool = False, stream: TextIO | None = None,
                 tty: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.total = total
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}
        self._t0 = time.monotonic()
        is_tty = self.stream.isatty() if tty is None else tty
        self._bar = None
        if is_tty and not quiet:
            self._bar = tqdm(total=total, file=self.stream, unit="page", dynamic_ncols=True,
                             bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]"
                                        "{postfix}")
            self._refresh()

    def _rate(self) -> str:
        processed = self.counts["ok"] + self.counts["failed"]
        elapsed = time.monotonic() - self._t0
        # under a second the rate says nothing (skipped and unreadable files come at once)
        return f"{60.0 * processed / elapsed:.1f} pages/min" if elapsed >= 1.0 else "- pages/min"

    def _refresh(self) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(f"ok {self.counts['ok']}, failed {self.counts['failed']}, "
                                      f"skipped {self.counts['skipped']}, "
                                      f"{self._rate()}", refresh=False)

    def update(self, stem: str, status: str, seconds: float, failure: str | None = None) -> None:
        """Record one finished page; print its failure line if it failed."""
        self.counts[status] += 1
        done = sum(self.counts.values())
        if failure:
            if self._bar is not None:
                self._bar.write(failure, file=self.stream)
            else:
                print(failure, file=self.stream, flush=True)
        if self._bar is not None:
            self._refresh()
            self._bar.update(1)
        elif not self.quiet:
            print(f"[{done}/{self.total}] {status:7s} {stem} ({seconds:.1f} s, "
                  f"{self._rate()})", file=self.stream, flush=True)

    def close(self) -> None:
        """Stop the bar (if any)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
