"""`eval` on real Tesseract output: rendered lines and, when present, real scanned lines."""

import json
import shutil
from pathlib import Path

import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.cli import main
from pipeline.evaluation.metrics import character_error_rate
from pipeline.evaluation.normalize import normalize

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
REAL = Path(__file__).resolve().parents[3] / "shared" / "real" / "komi-lines-dev"
LINES = {"l1": "Шифрованная телеграмма в Пекин", "l2": "Получена 14 мая 1950 года", "l3": "Снятие копий воспрещается"}


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch):
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")


def _ocr(image: Image.Image, lang: str) -> str:
    return pytesseract.image_to_string(image, lang=lang, config="--psm 7").strip()


def _render(text: str) -> Image.Image:
    font = ImageFont.truetype(str(FONT), 36)
    img = Image.new("L", (40 + int(font.getlength(text)), 80), 255)
    ImageDraw.Draw(img).text((20, 15), text, font=font, fill=0)
    return img


@pytest.mark.slow
def test_eval_on_tesseract_output_of_rendered_lines(tmp_path, capsys):
    out, gold = tmp_path / "out", tmp_path / "gold"
    out.mkdir(), gold.mkdir()
    for stem, text in LINES.items():
        (out / f"{stem}.txt").write_text(_ocr(_render(text), "rus"), encoding="utf-8")
        (gold / f"{stem}.gt.txt").write_text(text, encoding="utf-8")
    # one line read wrongly on purpose: the OCR of a different line
    (out / "l4.txt").write_text(_ocr(_render(LINES["l1"]), "rus"), encoding="utf-8")
    (gold / "l4.gt.txt").write_text(LINES["l2"], encoding="utf-8")
    assert main(["eval", str(out), "--gold", str(gold), "--max-cer", "0.9"]) == 0
    doc = json.loads((out / "report" / "metrics.json").read_text(encoding="utf-8"))
    pages = {p["stem"]: p for p in doc["pages"]}
    assert doc["pages"][0]["stem"] == "l4" and pages["l4"]["cer"] > 0.5
    for stem in LINES:
        ocr = (out / f"{stem}.txt").read_text(encoding="utf-8")
        assert pages[stem]["cer"] == character_error_rate(normalize(LINES[stem]), normalize(ocr))[0]
        assert pages[stem]["cer"] < 0.15  # clean rendered Cyrillic: Tesseract reads it nearly right
    assert main(["eval", str(out), "--gold", str(gold), "--max-cer", "0.01"]) == 1
    assert "QA gate failed" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_dir(), reason="shared real scans not beside the checkout")
def test_eval_on_real_scanned_lines(tmp_path):
    out, gold = tmp_path / "out", tmp_path / "gold"
    out.mkdir(), gold.mkdir()
    for tif in sorted(REAL.glob("*.tif"))[:4]:
        stem = tif.name[:-len(".tif")]
        (out / f"{stem}.txt").write_text(_ocr(Image.open(tif), "rus"), encoding="utf-8")
        shutil.copy(REAL / f"{stem}.gt.txt", gold / f"{stem}.gt.txt")
    assert main(["eval", str(out), "--gold", str(gold), "--normalize", "diplomatic"]) == 0
    doc = json.loads((out / "report" / "metrics.json").read_text(encoding="utf-8"))
    assert doc["batch"]["pages"] == 4
    # Komi with the Russian model: about 14 % CER is expected; far above means broken pairing
    assert 0.0 < doc["batch"]["cer"] < 0.4
    assert doc["batch"]["char_errors"] == sum(p["char_errors"] for p in doc["pages"])
