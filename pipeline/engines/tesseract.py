"""The one module that talks to Tesseract (through pytesseract).

An engine is created once per worker process (model files load once per call anyway, but the
version probe and language check run once) and kept in `ctx.engine`; tests put a fake there.

Failure policy, after OCRmyPDF: an empty or too small image is a soft failure (no words,
the page goes on); a Tesseract crash raises PageFailedError and a timeout PageTimeoutError,
both chained `from` the original exception. A missing program or language model raises
MissingDependencyError, which stops the run with exit code 3.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image

from pipeline.errors import MissingDependencyError, PageFailedError, PageTimeoutError

NAME = "tesseract"

# Tesseract refuses images whose text would be scaled below this many pixels high.
_MIN_SIDE = 8

# glibc's malloc in each Tesseract process, set through the environment pytesseract hands it for
# the call's span (`child_malloc`): a call loads its models (the `Cyrillic` model's word list is
# 29 MB) into memory it maps afresh, and a sixth of its CPU was the kernel's, clearing and
# mapping pages. With a fixed mmap threshold of 32 MiB and a trim threshold of 256 MiB the big
# blocks come from the heap and are reused once freed, and `hugetlb=1` asks for transparent huge
# pages (2 MiB, where the kernel allows them on request). 16 dev pages of eight classes (14 with
# marks): Tesseract 1.85 -> 1.67 s of CPU a page, every output the same (a page read's peak
# memory 114 -> 120 MB). A value the user set is left alone; a C library other than glibc, or
# an older one, ignores it.
MALLOC_TUNABLES = ("glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:"
                   "glibc.malloc.trim_threshold=268435456")
_TUNABLES_VAR = "GLIBC_TUNABLES"
_env_lock = threading.Lock()
_env_calls = 0  # calls in flight in this process
_env_set = False  # whether GLIBC_TUNABLES is ours, set for them


@contextlib.contextmanager
def child_malloc() -> Iterator[None]:
    """GLIBC_TUNABLES set to MALLOC_TUNABLES while the body runs (for the Tesseract processes it
    starts), unless the user set it; removed when the last such body in the process ends."""
    # pytesseract hands its child `os.environ` itself (no per-call environment), and a page's
    # threads may call at once: the first in sets it, the last out removes it.
    global _env_calls, _env_set
    with _env_lock:
        if _env_calls == 0 and _TUNABLES_VAR not in os.environ:
            os.environ[_TUNABLES_VAR] = MALLOC_TUNABLES
            _env_set = True
        _env_calls += 1
    try:
        yield
    finally:
        with _env_lock:
            _env_calls -= 1
            if _env_calls == 0 and _env_set:
                os.environ.pop(_TUNABLES_VAR, None)
                _env_set = False


# Debian ships script models as tesseract-ocr-script-<4-letter code>.
_SCRIPT_PACKAGES = {"Cyrillic": "cyrl", "Latin": "latn", "Greek": "grek", "Arabic": "arab",
                    "Hebrew": "hebr", "Devanagari": "deva", "HanS": "hans", "HanT": "hant"}


def apt_package(model: str) -> str:
    """The Debian package that provides a Tesseract language or script model."""
    # Debian installs a script model at the top of tessdata (`Cyrillic`), upstream under
    # `script/` (`script/Cyrillic`).
    script = model.split("/", 1)[1] if model.startswith("script/") else model
    if model.startswith("script/") or script in _SCRIPT_PACKAGES:
        return f"tesseract-ocr-script-{_SCRIPT_PACKAGES.get(script, script.lower())}"
    return "tesseract-ocr-" + model.lower().replace("_", "-")


@functools.lru_cache(maxsize=1)
def installed_models() -> frozenset[str]:
    """Names of the models `tesseract --list-langs` lists (empty when it lists none)."""
    # Not pytesseract.get_languages: it keeps only lower-case names, so it misses the script
    # models (`Cyrillic`, `script/Cyrillic`).
    try:
        out = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
                             capture_output=True, text=True, check=False).stdout
    except OSError as exc:
        raise MissingDependencyError(
            "tesseract is not installed: apt-get install tesseract-ocr") from exc
    # The first line names the model folder; each further line is one model.
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def check_available(lang: str) -> None:
    """Raise MissingDependencyError naming the apt-get line when tesseract or a model of `lang` is missing."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise MissingDependencyError(
            "tesseract is not installed: apt-get install tesseract-ocr")
    models = [m for m in lang.split("+") if m]
    if not models:
        raise MissingDependencyError(f"no Tesseract language given in {lang!r}")
    missing = [m for m in models if m not in installed_models()]
    if missing:
        packages = " ".join(apt_package(m) for m in missing)
        raise MissingDependencyError(
            f"Tesseract language model {', '.join(missing)} is not installed: "
            f"apt-get install {packages}")


@dataclass(frozen=True)
class OcrWord:
    """One word as Tesseract read it: box in the pixels of the image it was given."""

    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive)
    confidence: float  # 0..1
    block: int
    paragraph: int
    line: int


class TesseractEngine:
    """Tesseract with fixed language and timeout; `recognize` returns words with boxes."""

    name = NAME

    def __init__(self, lang: str = "rus+eng", timeout: float | None = None,
                 config: str = "") -> None:
        check_available(lang)
        # One Tesseract thread per worker: the pool supplies the parallelism, and OpenMP
        # threads fighting over the same cores make every page slower.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        self.lang = lang
        self.timeout = timeout
        self.config = config
        self.version = str(pytesseract.get_tesseract_version())

    def for_lang(self, lang: str) -> TesseractEngine:
        """This engine for another language list (itself when `lang` is its own)."""
        return self if lang == self.lang else shared_engine(lang, self.timeout)

    def models(self) -> frozenset[str]:
        """The models this Tesseract has installed (any of them can join `lang`)."""
        return installed_models()

    def describe(self) -> dict:
        """Engine provenance for `page.engine`: name, version, lang and fixed config."""
        return {"name": self.name, "version": self.version, "lang": self.lang,
                "config": self.config}

    def recognize(self, image: np.ndarray, psm: int = 3, timeout: float | None = None,
                  dpi: int | None = None) -> list[OcrWord]:
        """Words of a uint8 gray/RGB image, in Tesseract's order; [] for an empty image.

        Raises PageTimeoutError after `timeout` (default: the engine's) seconds and
        PageFailedError when Tesseract fails.
        """
        if image.ndim < 2 or min(image.shape[:2]) < _MIN_SIDE:
            return []
        limit = self.timeout if timeout is None else timeout
        config = f"--psm {int(psm)} {self.config}".strip()
        if dpi:
            config += f" --dpi {int(dpi)}"
        try:
            with tempfile.TemporaryDirectory(prefix="ocr_") as tmp:
                # pytesseract would write a compressed PNG that Tesseract then inflates again
                # (a tenth of a page's time on a 300 dpi page): the pixels go raw. As a BMP, not
                # a PNM: Leptonica reads a PNM one pixel per `fread` (7% of a page read's CPU),
                # a BMP's rows at once. Its resolution is left 0, as a PNM has none, so that
                # Tesseract estimates it as before (15 calls of three dev pages: TSV byte for
                # byte the same, 0.357 -> 0.337 s of CPU a call).
                path = os.path.join(tmp, "page.bmp")
                Image.fromarray(np.ascontiguousarray(image)).save(path, format="BMP", dpi=(0, 0))
                with child_malloc():
                    data = pytesseract.image_to_data(
                        path, lang=self.lang, config=config,
                        output_type=pytesseract.Output.DICT, timeout=limit or 0)
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise PageTimeoutError(f"tesseract took longer than {limit} s") from exc
            raise PageFailedError(f"tesseract failed: {exc}") from exc
        except pytesseract.TesseractError as exc:
            raise PageFailedError(f"tesseract failed: {exc.message or exc}") from exc
        except pytesseract.TesseractNotFoundError as exc:
            raise MissingDependencyError(
                "tesseract is not installed: apt-get install tesseract-ocr") from exc
        return _words(data)


def _words(data: dict) -> list[OcrWord]:
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if data["level"][i] != 5 or not text or conf < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        words.append(OcrWord(text, (x, y, x + w, y + h), min(max(conf / 100.0, 0.0), 1.0),
                             int(data["block_num"][i]), int(data["par_num"][i]),
                             int(data["line_num"][i])))
    return words


@functools.lru_cache(maxsize=4)
def shared_engine(lang: str, timeout: float | None) -> TesseractEngine:
    """One engine per (lang, timeout) in this process, for stages that find no `ctx.engine`."""
    return TesseractEngine(lang, timeout)
