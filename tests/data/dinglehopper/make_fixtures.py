"""Regenerate the dinglehopper parity fixtures (needs `pip install dinglehopper`, i.e. the `bench` extra).

    .venv/bin/python tests/data/dinglehopper/make_fixtures.py

Writes pairs/<name>.gt.txt and pairs/<name>.ocr.txt (texts made here, from the project's seed
gold and our own sentences, with seeded OCR-like noise), runs the real dinglehopper CLI on each
pair, and stores its CER, WER and counts in expected.json with the version and command used.
The tests read only these files; they never need dinglehopper.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import unicodedata
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "pairs"
SEED = HERE.parents[3] / "shared" / "seed" / "000_d03017dcd4c9a750.txt"  # the project's seed gold
COMMAND = "dinglehopper --plain-encoding utf-8 {gt} {ocr} {prefix} {folder}"

# OCR-like confusions: look-alike letters across scripts, typewriter digit/letter mix-ups.
CONFUSIONS = {"о": "0", "О": "0", "е": "e", "а": "a", "с": "c", "р": "p", "и": "н", "н": "и",
              "ш": "щ", "З": "3", "б": "6", "l": "1", "I": "l", "m": "rn", "e": "c", "c": "e",
              ".": ",", ",": ".", "й": "и", "ё": "е", "0": "О", "1": "l", "5": "S"}


def noisy(text: str, rate: float, seed: int) -> str:
    """`text` with seeded substitutions, deletions, insertions, split and merged words."""
    rnd = random.Random(seed)
    out = []
    for ch in text:
        r = rnd.random()
        if r < rate * 0.5:
            out.append(CONFUSIONS.get(ch, rnd.choice("абвгдеклмнoprst.,;")))
        elif r < rate * 0.7:
            continue  # deletion
        elif r < rate * 0.85:
            out.append(ch + rnd.choice(" .,'iл"))  # insertion
        elif r < rate and ch == " ":
            continue  # two words merged
        else:
            out.append(ch)
    return "".join(out)


def letter_spaced(word: str) -> str:
    return " ".join(word)


def cases() -> dict[str, tuple[str, str, bool, str]]:
    """name -> (gold, ocr, definitions agree, why not)."""
    full = SEED.read_text(encoding="utf-8")
    seed = full[full.index("МИД СССР"):full.index("5. Comr. Copy")]  # the document, not the web page
    ru = "\n".join(line for line in seed.splitlines() if any("а" <= c <= "я" for c in line.lower()))
    en = "\n".join(line for line in seed.splitlines()
                   if line and not any("а" <= c <= "я" for c in line.lower()))
    fr = ("Monsieur le Préfet,\nJ'ai l'honneur de vous faire connaître que la réunion prévue\n"
          "aura lieu à la mairie le 14 février à 15 heures.\nVeuillez agréer, Monsieur le Préfet,\n"
          "l'expression de ma considération très distinguée.")
    kv = "Сӧвет власть вылын\nі колхозъяс став\nМосква карын пленум"
    long_ru = "\n".join([ru] * 8)
    c: dict[str, tuple[str, str, bool, str]] = {}
    for i, rate in enumerate((0.01, 0.03, 0.08, 0.2)):
        c[f"cyrillic_noise_{i}"] = (ru, noisy(ru, rate, 10 + i), True, "")
        c[f"english_noise_{i}"] = (en, noisy(en, rate, 20 + i), True, "")
    c["french_accents"] = (fr, noisy(fr, 0.05, 31), True, "")
    c["french_decomposed_ocr"] = (fr, unicodedata.normalize("NFD", noisy(fr, 0.03, 32)), True, "")
    c["komi_letters"] = (kv, kv.replace("ӧ", "о").replace("і", "i"), True, "")
    c["combining_marks"] = ("а\u0301том мо\u0301ре cafe\u0301 nai\u0308ve x\u0323\u0302",
                            "атом море café naive x\u0302\u0323", True, "")
    c["clusters_devanagari_emoji"] = ("क्षि नमस्ते 👨‍👩‍👧 flag 🇷🇺", "क्ष नमस्त 👨 flag 🇷", True, "")
    c["empty_lines_gold"] = ("СОВ. СЕКРЕТНО\n\n\nСнятие копий воспрещается\n\nСпец. № 550",
                             "СОВ. СЕКРЕТНО\nСнятие копий воспрещается\nСпец. № 550", True, "")
    c["empty_lines_both"] = ("a\n\nb\n\n\nc", "a\n\n\nb\nc\n", True, "")
    c["letter_spaced_gold"] = (f"О С О Б А Я\n{letter_spaced('Филиппов')}\".",
                               "ОСОБАЯ\nФилиппов\".", True, "")
    c["letter_spaced_ocr"] = ("Для Мао-Дзе-Дуна.\nФилиппов", "Для Мао-Дзе-Дуна.\nФ и л и п п о в", True, "")
    c["hard_sign_typewriter"] = ('приступить к об"единению', "приступить к объединению", True, "")
    c["numbers_and_dates"] = ("Получена 4 час. 10 мин. 14/У 195 0₂.\n№ 4058/мин",
                              "Получена 4 час. 1О мин. 14/У 1950.\nМ 4О58/мин", True, "")
    c["spaces_inside_lines"] = ("Куда ПЕКИН   Кому СОВПОСОЛ\tЭкз. № 1", "Куда ПЕКИН Кому  СОВПОСОЛ Экз. №1", True, "")
    c["crlf_line_ends"] = ("Копии:\r\n1. Тов. Сталину\r\n2. Тов. Молотову", "Копии:\n1. Тов. Сталину\n2 Тов. Молотову", True, "")
    c["identical"] = (ru[:500], ru[:500], True, "")
    c["ocr_empty"] = (en[:300], "", True, "")
    c["both_empty"] = ("", "", True, "")
    c["punctuation_only_words"] = ("— ! ? ... « » ,", "– !?...", False,
                                   "dinglehopper maps the em dash to an en dash before comparing (its "
                                   "SBB equivalences); our diplomatic text keeps it")
    c["long_page_cyrillic"] = (long_ru, noisy(long_ru, 0.04, 41), True, "")
    c["long_page_english"] = ("\n".join([en] * 8), noisy("\n".join([en] * 8), 0.04, 42), True, "")
    c["gold_empty_ocr_text"] = ("", "лишний текст", False,
                                "dinglehopper gives CER Infinity for an empty gold text (invalid JSON); "
                                "we give 1.0 and the flag empty_gold")
    c["apostrophe_and_ligature"] = ("l’honneur ﬁn — fin", "l'honneur fin – fin", False,
                                    "dinglehopper maps ’ to ', ﬁ to fi and — to – before comparing; "
                                    "our diplomatic text keeps them (our normalized mode unifies "
                                    "quotes and dashes, not ligatures)")
    return c


def run_dinglehopper(gt: Path, ocr: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(Path(sys.executable).with_name("dinglehopper")), "--plain-encoding", "utf-8", str(gt), str(ocr), "report", tmp]
        subprocess.run(cmd, check=True, capture_output=True)
        # dinglehopper writes Infinity for an empty gold: Python's json reads it, we keep it as a string
        return json.loads(Path(tmp, "report.json").read_text(encoding="utf-8"))


def main() -> int:
    PAIRS.mkdir(exist_ok=True)
    records = []
    for name, (gold, ocr, agree, why) in cases().items():
        gt_path, ocr_path = PAIRS / f"{name}.gt.txt", PAIRS / f"{name}.ocr.txt"
        # newline="" keeps the \r\n of the crlf case as written
        gt_path.write_text(gold, encoding="utf-8", newline="")
        ocr_path.write_text(ocr, encoding="utf-8", newline="")
        rep = run_dinglehopper(gt_path, ocr_path)
        records.append({"name": name, "agree": agree, "why_not": why or None,
                        "cer": rep["cer"] if rep["cer"] != float("inf") else "Infinity",
                        "wer": rep["wer"] if rep["wer"] != float("inf") else "Infinity",
                        "n_characters": rep["n_characters"], "n_words": rep["n_words"]})
        print(name, records[-1]["cer"], records[-1]["wer"], file=sys.stderr)
    meta = {"dinglehopper_version": version("dinglehopper"), "uniseg_version": version("uniseg"),
            "rapidfuzz_version": version("rapidfuzz"),
            "command": COMMAND.format(gt="pairs/<name>.gt.txt", ocr="pairs/<name>.ocr.txt",
                                      prefix="report", folder="<tmpdir>") + "; values from <tmpdir>/report.json",
            "generator": "tests/data/dinglehopper/make_fixtures.py",
            "text_compared": "dinglehopper reads plain text line by line, strips each line, applies its "
                             "SBB equivalences and joins the lines with \\n; the parity test gives our "
                             "metric functions that same text",
            "cases": records}
    (HERE / "expected.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
