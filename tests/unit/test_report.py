"""The HTML report: escaping, self-contained files, the scan with its region layers."""

import json
import re

import lxml.html

from PIL import Image

from pipeline.cli import main
from pipeline.evaluation.report import view_name

REGIONS = [
    {"id": "r1", "type": "text", "bbox": [10, 10, 180, 40], "confidence": 0.9, "text": "",
     "lines": [{"bbox": [10, 10, 180, 30], "text": "<b>Мао</b> hi", "confidence": 0.8,
                "words": [{"text": "<b>Мао</b>", "bbox": [10, 10, 90, 30], "confidence": 0.2},
                          {"text": "hi", "bbox": [100, 10, 180, 30], "confidence": 0.95}]}]},
    {"id": "s1", "type": "stamp", "bbox": [120, 50, 190, 90], "confidence": 0.7,
     "text": "<img src=x onerror=alert(1)>", "lines": []},
    {"id": "h1", "type": "handwriting", "bbox": [10, 60, 100, 95], "confidence": 0.6, "text": "", "lines": []},
]


def _page(text, scan_path, regions=()):
    return {"schema": "pipeline.page/1",
            "source": {"path": scan_path, "sha256": "0" * 64, "page": 1, "width": 200, "height": 100, "dpi": 300},
            "preprocess": {"rotation": 0, "skew_deg": 0.0}, "regions": list(regions), "text": text,
            "text_normalized": "", "fields": {}, "engine": {}, "review": [], "steps": []}


def _run(tmp_path, gold_text, page):
    out, gold = tmp_path / "out", tmp_path / "gold"
    out.mkdir(exist_ok=True), gold.mkdir()
    (out / "p 1 (l'été).json").write_text(json.dumps(page), encoding="utf-8")
    (gold / "p 1 (l'été).gt.txt").write_text(gold_text, encoding="utf-8")
    assert main(["eval", str(out), "--gold", str(gold)]) == 0
    doc = json.loads((out / "report" / "metrics.json").read_text(encoding="utf-8"))
    return (out / "report" / "index.html").read_text(encoding="utf-8"), \
        (out / "report" / doc["pages"][0]["view"]).read_text(encoding="utf-8")


def test_script_in_gold_and_ocr_stays_text(tmp_path):
    index, view = _run(tmp_path, "<script>alert('gold')</script> & co",
                       _page("<script>alert('ocr')</script> & co", "nowhere.png"))
    for html in (index, view):
        assert "<script>alert" not in html
        # the only script element is the report's own
        assert len(lxml.html.fromstring(html).findall(".//script")) == 1
    doc = lxml.html.fromstring(view)
    assert doc.get_element_by_id("gold").text_content() == "<script>alert('gold')</script> & co"
    assert doc.get_element_by_id("ocr").text_content() == "<script>alert('ocr')</script> & co"


def test_scan_embedded_with_toggleable_layers(tmp_path):
    Image.new("L", (200, 100), 200).save(tmp_path / "scan.png")
    _, view = _run(tmp_path, "Мао hi", _page("<b>Мао</b> hi", str(tmp_path / "scan.png"), REGIONS))
    assert re.search(r'<img src="data:image/jpeg;base64,[A-Za-z0-9+/=]{100,}"', view)
    assert 'viewBox="0 0 200 100"' in view
    for layer in ("text", "stamp", "handwriting", "lowconf"):
        assert f'data-layer="{layer}"' in view
        assert f'class="l-{layer}"' in view
    assert view.count('class="l-lowconf"') == 1  # only the word below the threshold
    assert "&lt;img src=x onerror=alert(1)&gt;" in view and "<img src=x" not in view
    # the low-confidence word is marked in the OCR text as well
    assert re.search(r'<span class="eq low"[^>]*>&lt;b&gt;Мао&lt;/b&gt;</span>', view) or \
        re.search(r'<span class="[a-z]+ low"', view)


def test_missing_scan_is_a_note_not_an_error(tmp_path):
    _, view = _run(tmp_path, "abc", _page("abc", "gone/scan.png", REGIONS))
    assert 'id="scan-note"' in view and "Scan not found: gone/scan.png" in view
    assert "<img" not in view


def test_scan_found_relative_to_the_json_folder(tmp_path):
    (tmp_path / "out").mkdir()
    Image.new("RGB", (200, 100), "white").save(tmp_path / "out" / "scan.png")
    _, view = _run(tmp_path, "abc", _page("abc", "scan.png"))
    assert "data:image/jpeg;base64," in view


def test_files_are_self_contained(tmp_path):
    Image.new("L", (200, 100), 200).save(tmp_path / "scan.png")
    index, view = _run(tmp_path, "Мао hi", _page("Мао hi", str(tmp_path / "scan.png"), REGIONS))
    for html in (index, view):
        assert not re.search(r'(src|href)="(https?:)?//', html)
        assert "@import" not in html and "url(http" not in html


def test_view_name_is_safe_and_unique():
    names = {view_name(s) for s in ("../../etc/passwd", "a b", "a_b", "l'été", "")}
    assert len(names) == 5
    for n in names:
        assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", n) and not n.startswith(".")


def test_confusion_table_shows_whitespace_and_tells_look_alikes_apart():
    from pipeline.evaluation.report import codes, spelled, visible

    assert visible(" ") == "␣" and visible("\n") == "⏎" and visible("") == "∅"
    assert codes("о") == "U+043E" and codes("o") == "U+006F"
    assert "CYRILLIC SMALL LETTER O" in spelled("о")
