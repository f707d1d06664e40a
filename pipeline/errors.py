"""Exit codes and the exceptions that carry them. Only the CLI turns them into a status."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    PAGES_FAILED = 1  # some pages failed, or a QA gate failed; the rest is done
    BAD_ARGS = 2
    MISSING_DEPENDENCY = 3
    NO_INPUT = 4
    INTERRUPTED = 130


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose; `exit_code` is what the CLI returns."""

    exit_code: ExitCode = ExitCode.PAGES_FAILED


class BadInputError(PipelineError):
    """One input file or page cannot be read; that page fails, the batch goes on."""


class PageFailedError(PipelineError):
    """A page could not be processed (engine crash, timeout, ...); the batch goes on."""


class PageTimeoutError(PageFailedError):
    """A page took longer than the per-page timeout."""


class MissingDependencyError(PipelineError):
    """Tesseract or a language model is missing; nothing can be processed."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class NoInputError(PipelineError):
    """No input file was found under the given paths."""

    exit_code = ExitCode.NO_INPUT


class UsageError(PipelineError):
    """The command line is wrong in a way argparse cannot see."""

    exit_code = ExitCode.BAD_ARGS


class QAGateError(PipelineError):
    """A QA gate (e.g. `eval --max-cer`) failed."""

    exit_code = ExitCode.PAGES_FAILED


class OutputError(PipelineError):
    """The output folder cannot be written."""

    exit_code = ExitCode.PAGES_FAILED
