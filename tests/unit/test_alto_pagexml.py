"""ALTO 4.4 and PAGE-XML 2019 writers: schema-valid, unique ids, original coordinates, text back."""

from pathlib import Path

import pytest
from lxml import etree

from pipeline.formats import output_paths, write_page
from pipeline.formats.alto import page_to_alto, read_alto
from pipeline.formats.pagexml import page_to_pagexml, read_pagexml
from pipeline.model import BBox, Line, Page, Region, Source, Step, Word

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas"
ALTO_NS = {"a": "http://www.loc.gov/standards/alto/ns-v4#"}
PAGE_NS = {"p": "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"}


@pytest.fixture(scope="module")
def alto_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "alto-4-4.xsd")))


@pytest.fixture(scope="module")
def page_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "pagecontent-2019-07-15.xsd")))


def _line(y: int, words: list[str], conf: float = 0.9) -> Line:
    ws, x = [], 100
    for w in words:
        ws.append(Word(w, BBox(x, y, x + 20 * len(w), y + 30), conf))
        x += 20 * len(w) + 15
    return Line(BBox.enclosing([w.bbox for w in ws]), " ".join(words), conf, ws)


def sample_page() -> Page:
    """Typed text with markup-like and quote characters, a stamp, a note, awkward ids."""
    header = Region("1", "text", BBox(100, 100, 900, 180), 0.9,
                    lines=[_line(100, ["МИД", "СССР"]), _line(140, ["Исход.", "№", "8600"], 0.55)])
    body = Region("r 2", "text", BBox(100, 300, 900, 400), 0.8,
                  lines=[_line(300, ['об"единению', "<script>alert(1)</script>", "&amp;"]),
                         _line(340, ["Ф", "и", "л", "и", "п", "п", "о", "в\"."])])
    dup = Region("r 2", "text", BBox(100, 500, 300, 530), 0.7, lines=[_line(500, ["Копии:"])])
    stamp = Region("s1", "stamp", BBox(1000, 50, 1200, 250), 0.4, text="55", attrs={"colour": "violet"})
    blank_stamp = Region("s2", "stamp", BBox(1000, 300, 1100, 400), 0.3)
    note = Region("h1", "handwriting", BBox(600, 600, 1000, 700), 0.3, text="26/11\n№ 4058/мин")
    page = Page(Source("scans/a b&c.png", "ab" * 32, 1, 1300, 1800, 300.0),
                regions=[header, body, dup, stamp, blank_stamp, note])
    page.text = "\n".join(ln.text for r in page.regions_of("text") for ln in r.lines)
    page.engine = {"name": "tesseract", "version": "5.3.0", "lang": "rus+eng"}
    page.steps = [Step("deskew", {"angle": 1.25, "method": "projection"}, 0.5, "2"),
                  Step("recognize", {"psm": 6, "note": "a <b> & \"c\""}, 3.0, "1")]
    return page


def _ids(doc: etree._Element, attr: str) -> list[str]:
    return [el.get(attr) for el in doc.iter() if el.get(attr) is not None]


def test_alto_is_valid_and_reads_back_the_same_text(alto_schema):
    page = sample_page()
    data = page_to_alto(page)
    doc = etree.fromstring(data)
    alto_schema.assertValid(doc)
    blocks = read_alto(data)
    typed = [ln for kind, lines in blocks if kind == "text" for ln in lines]
    assert "\n".join(typed) == page.text
    assert [k for k, _ in blocks] == ["text", "text", "text", "stamp", "stamp", "handwriting"]
    assert blocks[3][1] == ["55"] and blocks[4][1] == []
    assert blocks[5][1] == ["26/11", "№ 4058/мин"]
    ids = _ids(doc, "ID")
    assert len(ids) == len(set(ids))


def test_alto_keeps_original_coordinates_confidences_and_provenance():
    page = sample_page()
    doc = etree.fromstring(page_to_alto(page))
    first = doc.find(".//a:String", ALTO_NS)
    w = page.regions[0].lines[0].words[0]
    assert first.get("CONTENT") == "МИД"
    assert [float(first.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")] == [
        w.bbox.x0, w.bbox.y0, w.bbox.width, w.bbox.height]
    second_line = doc.findall(".//a:TextLine", ALTO_NS)[1]
    conf = [float(s.get("WC")) for s in second_line.findall("a:String", ALTO_NS)]
    assert conf == [0.55, 0.55, 0.55]
    steps = doc.findall(".//a:Processing", ALTO_NS)
    assert [s.findtext("a:processingStepDescription", namespaces=ALTO_NS) for s in steps] == ["deskew", "recognize"]
    assert '"angle": 1.25' in steps[0].findtext("a:processingStepSettings", namespaces=ALTO_NS)
    assert doc.find(".//a:Page", ALTO_NS).get("PROCESSINGREFS") == "proc_1 proc_2"
    stamp_block = doc.findall(".//a:TextBlock", ALTO_NS)[3]
    tag = doc.find(f".//a:OtherTag[@ID='{stamp_block.get('TAGREFS')}']", ALTO_NS)
    assert tag.get("LABEL") == "StampZone"


def test_pagexml_is_valid_and_reads_back_the_same_text(page_schema):
    page = sample_page()
    data = page_to_pagexml(page)
    doc = etree.fromstring(data)
    page_schema.assertValid(doc)
    regions = read_pagexml(data)
    typed = [ln for kind, lines in regions if kind == "text" for ln in lines]
    assert "\n".join(typed) == page.text
    assert [k for k, _ in regions] == ["text", "text", "text", "stamp", "stamp", "handwriting"]
    assert regions[3][1] == ["55"] and regions[5][1] == ["26/11", "№ 4058/мин"]
    ids = _ids(doc, "id")
    assert len(ids) == len(set(ids))
    refs = [r.get("regionRef") for r in doc.iterfind(".//p:RegionRefIndexed", PAGE_NS)]
    assert len(refs) == len(page.regions) and set(refs) <= set(ids)


def test_pagexml_region_kinds_coordinates_and_provenance():
    page = sample_page()
    doc = etree.fromstring(page_to_pagexml(page))
    stamp = doc.find(".//p:GraphicRegion", PAGE_NS)
    assert stamp.get("type") == "stamp"
    assert stamp.find("p:Coords", PAGE_NS).get("points") == "1000,50 1200,50 1200,250 1000,250"
    hand = [r for r in doc.iterfind("p:Page/p:TextRegion", PAGE_NS)
            if r.get("production") == "handwritten-cursive"]
    assert len(hand) == 1
    word = doc.find(".//p:Word", PAGE_NS)
    assert word.find("p:Coords", PAGE_NS).get("points") == "100,100 160,100 160,130 100,130"
    assert word.find("p:TextEquiv", PAGE_NS).get("conf") == "0.9"
    items = doc.findall(".//p:MetadataItem[@type='processingStep']", PAGE_NS)
    assert [i.get("name") for i in items] == ["deskew", "recognize"]
    labels = {lb.get("type"): lb.get("value") for lb in items[1].iter(f"{{{PAGE_NS['p']}}}Label")}
    assert labels["note"] == 'a <b> & "c"' and labels["psm"] == "6"


def test_empty_page_is_valid(alto_schema, page_schema):
    page = Page(Source("x.png", "0" * 64, 2, 10, 10))
    alto_schema.assertValid(etree.fromstring(page_to_alto(page)))
    page_schema.assertValid(etree.fromstring(page_to_pagexml(page)))
    assert read_alto(page_to_alto(page)) == [] and read_pagexml(page_to_pagexml(page)) == []


def test_write_page_writes_both_xml_files(tmp_path, alto_schema, page_schema):
    paths = write_page(sample_page(), tmp_path, "seed")
    want = output_paths(tmp_path, "seed")
    assert set(paths) == set(want.values())
    alto_schema.assertValid(etree.parse(str(want["alto"])))
    page_schema.assertValid(etree.parse(str(want["pagexml"])))
    assert want["alto"].name == "seed.alto.xml" and want["pagexml"].name == "seed.page.xml"
