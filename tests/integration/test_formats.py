"""Real Tesseract on a synthetic telegram: the ALTO and PAGE files it writes are schema-valid,
give back the page JSON's text and regions, and the form's fields are read."""

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from pipeline.formats.alto import read_alto
from pipeline.formats.pagexml import read_pagexml
from pipeline.runner import Task, process_task
from pipeline.settings import Settings
from pipeline.synth import render_page, write_page

pytestmark = pytest.mark.slow

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas"
ALTO_NS = {"a": "http://www.loc.gov/standards/alto/ns-v4#"}


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    """The seed telegram, clean, with its stamp and handwriting, run through the pipeline."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    scans, out = tmp_path_factory.mktemp("scans"), tmp_path_factory.mktemp("out")
    synth = render_page(3, profile="clean", lang="ru", document="seed-ru")
    image = write_page(synth, scans)
    outcome = process_task(Task(str(image), str(image), 1, 1, synth.stem, str(out), Settings()))
    assert outcome.status == "ok", outcome.error
    page_json = json.loads((out / f"{synth.stem}.json").read_text(encoding="utf-8"))
    return {"out": out, "stem": synth.stem, "json": page_json, "truth": synth.truth}


def test_alto_is_valid_and_matches_the_page_json(seed_page):
    data = (seed_page["out"] / f"{seed_page['stem']}.alto.xml").read_bytes()
    doc = etree.fromstring(data)
    etree.XMLSchema(etree.parse(str(SCHEMAS / "alto-4-4.xsd"))).assertValid(doc)
    blocks = read_alto(data)
    typed = [ln for kind, lines in blocks if kind == "text" for ln in lines]
    assert "\n".join(typed) == seed_page["json"]["text"]
    assert Counter(k for k, _ in blocks) == Counter(r["type"] for r in seed_page["json"]["regions"])
    first_word = next(w for r in seed_page["json"]["regions"] if r["type"] == "text"
                      for ln in r["lines"] for w in ln["words"])
    s = doc.find(".//a:TextBlock[@TAGREFS='BT_main']//a:String", ALTO_NS)
    x0, y0, x1, y1 = first_word["bbox"]
    assert (s.get("CONTENT"), float(s.get("HPOS")), float(s.get("VPOS"))) == (first_word["text"], x0, y0)
    assert float(s.get("WIDTH")) == x1 - x0 and float(s.get("HEIGHT")) == y1 - y0
    steps = [p.findtext("a:processingStepDescription", namespaces=ALTO_NS)
             for p in doc.iterfind(".//a:Processing", ALTO_NS)]
    assert steps == [st["name"] for st in seed_page["json"]["steps"]]


def test_pagexml_is_valid_and_matches_the_page_json(seed_page):
    data = (seed_page["out"] / f"{seed_page['stem']}.page.xml").read_bytes()
    doc = etree.fromstring(data)
    etree.XMLSchema(etree.parse(str(SCHEMAS / "pagecontent-2019-07-15.xsd"))).assertValid(doc)
    regions = read_pagexml(data)
    typed = [ln for kind, lines in regions if kind == "text" for ln in lines]
    assert "\n".join(typed) == seed_page["json"]["text"]
    assert Counter(k for k, _ in regions) == Counter(r["type"] for r in seed_page["json"]["regions"])
    ids = [el.get("id") for el in doc.iter() if el.get("id") is not None]
    assert len(ids) == len(set(ids))


def test_seed_fields_are_read_from_real_ocr(seed_page):
    page = seed_page["json"]
    step = next(s for s in page["steps"] if s["name"] == "fields")
    assert step["params"]["profile"] == "mfa-ciphered-telegram"
    truth, fields = seed_page["truth"]["fields"], page["fields"]
    # Short fields, printed or typed in capitals; long typed values and numbers in the
    # typewriter face are left to the benchmark, where OCR errors in them are measured.
    for name in ("document_type", "department", "classification", "form_number", "destination",
                 "addressee", "copy_number", "marking"):
        assert fields[name]["value"] == truth[name], name
    assert fields["signatories"]["value"][0] == "Филиппов"
    assert page["text_normalized"] and "Филиппов" in page["text_normalized"]
    for f in fields.values():
        if f["bbox"] is not None:
            x0, y0, x1, y1 = f["bbox"]
            assert 0 <= x0 <= x1 <= page["source"]["width"] and 0 <= y0 <= y1 <= page["source"]["height"]


def test_english_translation_page_gets_its_own_profile(tmp_path):
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    synth = render_page(4, profile="clean", lang="en", document="seed-en", stamps=False, handwriting=False)
    image = write_page(synth, tmp_path / "scans")
    out = tmp_path / "out"
    out.mkdir()
    outcome = process_task(Task(str(image), str(image), 1, 1, synth.stem, str(out), Settings()))
    assert outcome.status == "ok", outcome.error
    page = json.loads((out / f"{synth.stem}.json").read_text(encoding="utf-8"))
    step = next(s for s in page["steps"] if s["name"] == "fields")
    assert step["params"]["profile"] == "mfa-ciphered-telegram-en"
    truth = synth.truth["fields"]
    for name in ("document_type", "department", "classification", "destination", "addressee",
                 "marking", "form_number", "copy_number"):
        assert page["fields"][name]["value"] == truth[name], name
