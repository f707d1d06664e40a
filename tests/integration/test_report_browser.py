"""The report in a real headless Chromium: opens from file://, no console errors, shows the CER."""

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.cli import main
from pipeline.evaluation.report import percent

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() or shutil.which("chromium")), reason="chromium is not installed"),
]

GOLD = "Тов. Мао-Дзе-Дун !\n<script>document.title='owned'</script>\nФилиппов"
OCR = "Тов, Мао-Дзе-Дун !\n<script>document.title='owned'</script>\nФилипов"


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1200,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(str(CHROMEDRIVER)) if CHROMEDRIVER.exists() else Service()
    drv = webdriver.Chrome(service=service, options=opts)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    out, gold = root / "out", root / "gold"
    out.mkdir(), gold.mkdir()
    scan = Image.new("L", (400, 200), 235)
    ImageDraw.Draw(scan).rectangle([20, 20, 300, 50], fill=40)
    scan.save(out / "scan.png")
    page = {"schema": "pipeline.page/1",
            "source": {"path": "scan.png", "sha256": "0" * 64, "page": 1, "width": 400, "height": 200, "dpi": 300},
            "preprocess": {"rotation": 0, "skew_deg": 0.0},
            "regions": [{"id": "r1", "type": "text", "bbox": [20, 20, 300, 50], "confidence": 0.9, "text": "",
                         "lines": [{"bbox": [20, 20, 300, 50], "text": "Тов, Мао-Дзе-Дун !", "confidence": 0.9,
                                    "words": [{"text": "Тов,", "bbox": [20, 20, 80, 50], "confidence": 0.3}]}]},
                        {"id": "s1", "type": "stamp", "bbox": [250, 100, 390, 190], "confidence": 0.8,
                         "text": "", "lines": []}],
            "text": OCR, "text_normalized": "", "fields": {}, "engine": {}, "review": [], "steps": []}
    (out / "page one.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    (gold / "page one.gt.txt").write_text(GOLD, encoding="utf-8")
    (out / "second.txt").write_text("abc", encoding="utf-8")
    (gold / "second.gt.txt").write_text("abd", encoding="utf-8")
    assert main(["eval", str(out), "--gold", str(gold)]) == 0
    return out / "report", json.loads((out / "report" / "metrics.json").read_text(encoding="utf-8"))


def _errors(drv):
    return [e for e in drv.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _not_blank(png: bytes) -> None:
    arr = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    assert arr.std() > 10 and (arr < 128).mean() > 0.002


def test_index_shows_batch_cer_and_sorts(driver, report):
    from selenium.webdriver.common.by import By

    folder, doc = report
    driver.get((folder / "index.html").as_uri())
    assert driver.find_element(By.ID, "batch-cer").text == percent(doc["batch"]["cer"])
    assert _errors(driver) == []
    rows = lambda: [r.find_element(By.TAG_NAME, "a").text for r in driver.find_elements(By.CSS_SELECTOR, "#pages tbody tr")]
    assert rows() == [p["stem"] for p in doc["pages"]]  # worst first
    driver.find_element(By.XPATH, "//table[@id='pages']//th[1]").click()
    assert rows() == sorted(p["stem"] for p in doc["pages"])
    driver.find_element(By.XPATH, "//table[@id='pages']//th[2]").click()  # CER ascending
    assert rows() == [p["stem"] for p in reversed(doc["pages"])]
    _not_blank(driver.get_screenshot_as_png())


def test_page_view_shows_cer_text_and_layers(driver, report):
    from selenium.webdriver.common.by import By

    folder, doc = report
    page = next(p for p in doc["pages"] if p["stem"] == "page one")
    driver.get((folder / "index.html").as_uri())
    driver.find_element(By.LINK_TEXT, "page one").click()
    assert driver.find_element(By.ID, "page-cer").text == percent(page["cer"])
    assert driver.title != "owned"  # the gold's <script> did not run
    assert "<script>document.title='owned'</script>" in driver.find_element(By.ID, "gold").text
    assert _errors(driver) == []
    stamp = driver.find_element(By.CSS_SELECTOR, "rect.l-stamp")
    assert stamp.is_displayed()
    driver.find_element(By.CSS_SELECTOR, "input[data-layer='stamp']").click()
    assert not stamp.is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, "rect.l-text").is_displayed()
    _not_blank(driver.get_screenshot_as_png())
