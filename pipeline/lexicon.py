"""The word forms of a language as the installed Tesseract model knows them.

Each LSTM model carries the list of words its beam search prefers (a DAWG). Tesseract's own
tools read it out: `combine_tessdata -u` unpacks the model, `dawg2wordlist` lists the words
(`rus`: about 294,000 forms, a second's work once per process). Nothing is downloaded; a
missing model, list or tool gives an empty lexicon, and what uses it then changes nothing.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from pathlib import Path

import pytesseract

# `tesseract --list-langs` names the model folder on its first line, in double quotes.
_FOLDER = re.compile(r'"([^"]+)"')


def model_folder() -> Path | None:
    """The folder of the installed Tesseract models (None when Tesseract does not say)."""
    try:
        out = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
                             capture_output=True, text=True, check=False).stdout
    except OSError:
        return None
    m = _FOLDER.search(out.splitlines()[0]) if out else None
    return Path(m[1]) if m else None


@functools.lru_cache(maxsize=4)
def words(lang: str) -> frozenset[str]:
    """The lower-cased word forms of the installed model `lang` (empty when there are none)."""
    folder = model_folder()
    model = folder / f"{lang}.traineddata" if folder else None
    if model is None or not model.is_file():
        return frozenset()
    with tempfile.TemporaryDirectory(prefix="lexicon_") as tmp:
        stem = str(Path(tmp) / lang)
        listed = Path(tmp) / "words.txt"
        try:
            subprocess.run(["combine_tessdata", "-u", str(model), stem + "."],
                           capture_output=True, check=False, timeout=60)
            subprocess.run(["dawg2wordlist", stem + ".lstm-unicharset", stem + ".lstm-word-dawg",
                            str(listed)], capture_output=True, check=False, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return frozenset()
        if not listed.is_file():
            return frozenset()
        return frozenset(w.lower() for w in listed.read_text(encoding="utf-8").split())
