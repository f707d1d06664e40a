"""ALTO 4.4 (https://www.loc.gov/standards/alto/): the page model as blocks, lines and strings.

Region kinds follow the SegmOnto vocabulary that eScriptorium and other ingest tools read:
every block carries a TAGREFS to an `OtherTag` naming its zone (`MainZone` for typed text,
`StampZone`, `CustomZone:handwriting`) and every line one naming its line type
(`DefaultLine:Typewritten`, `DefaultLine:Handwritten`). Stamps and handwriting are TextBlocks
so their attempted readings survive. Boxes are original-image pixels (HPOS/VPOS/WIDTH/HEIGHT).
Each processing step becomes a `Processing` element (provenance) that the Page references.
"""

from __future__ import annotations

import json

from lxml import etree

import pipeline
from pipeline.formats.xmlcommon import IdMaker, reading_lines
from pipeline.model import BBox, Line, Page

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XLINK = "http://www.w3.org/1999/xlink"
SCHEMA_LOCATION = f"{NS} http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"

# Region type -> (tag id, zone label); line tag per region type.
ZONE_TAGS = {
    "text": ("BT_main", "MainZone"),
    "stamp": ("BT_stamp", "StampZone"),
    "handwriting": ("BT_handwriting", "CustomZone:handwriting"),
}
LINE_TAGS = {
    "text": ("LT_typewritten", "DefaultLine:Typewritten"),
    "stamp": ("LT_stamp", "DefaultLine:Stamp"),
    "handwriting": ("LT_handwritten", "DefaultLine:Handwritten"),
}
# Stages that prepare the image, and those that work on the recognised text.
_PRE = {"load", "orient", "deskew", "clean", "marks", "layout"}
_POST = {"assemble", "normalize", "fields"}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _num(value: float) -> str:
    v = float(value)
    return str(int(v)) if v.is_integer() else f"{v:.2f}"


def _place(el: etree._Element, box: BBox) -> None:
    el.set("HPOS", _num(box.x0))
    el.set("VPOS", _num(box.y0))
    el.set("WIDTH", _num(box.width))
    el.set("HEIGHT", _num(box.height))


def _conf(value: float) -> str:
    return f"{min(1.0, max(0.0, float(value))):.4f}".rstrip("0").rstrip(".") or "0"


def _description(page: Page) -> tuple[etree._Element, list[str]]:
    desc = etree.Element(_q("Description"))
    etree.SubElement(desc, _q("MeasurementUnit")).text = "pixel"
    info = etree.SubElement(desc, _q("sourceImageInformation"))
    etree.SubElement(info, _q("fileName")).text = page.source.path
    etree.SubElement(info, _q("fileIdentifier")).text = f"sha256:{page.source.sha256}"
    refs = []
    for i, step in enumerate(page.steps, 1):
        pid = f"proc_{i}"
        refs.append(pid)
        proc = etree.SubElement(desc, _q("Processing"), ID=pid)
        category = ("preOperation" if step.name in _PRE
                    else "postOperation" if step.name in _POST else "contentGeneration")
        etree.SubElement(proc, _q("processingCategory")).text = category
        etree.SubElement(proc, _q("processingStepDescription")).text = step.name
        settings = {"params": step.params, "seconds": round(step.seconds, 4)}
        etree.SubElement(proc, _q("processingStepSettings")).text = json.dumps(
            settings, ensure_ascii=False, sort_keys=True, default=str)
        soft = etree.SubElement(proc, _q("processingSoftware"))
        etree.SubElement(soft, _q("softwareName")).text = "archival-ocr-pipeline"
        etree.SubElement(soft, _q("softwareVersion")).text = pipeline.__version__
        app = f"stage {step.name} version {step.version}"
        if step.name == "recognize" and page.engine:
            app += "; engine " + json.dumps(page.engine, ensure_ascii=False, sort_keys=True, default=str)
        etree.SubElement(soft, _q("applicationDescription")).text = app
    return desc, refs


def _tags() -> etree._Element:
    tags = etree.Element(_q("Tags"))
    for kind, (tid, label) in ZONE_TAGS.items():
        etree.SubElement(tags, _q("OtherTag"), ID=tid, LABEL=label, DESCRIPTION=f"block type {label}")
    for kind, (tid, label) in LINE_TAGS.items():
        etree.SubElement(tags, _q("OtherTag"), ID=tid, LABEL=label, DESCRIPTION=f"line type {label}")
    etree.SubElement(tags, _q("OtherTag"), ID="BT_other", LABEL="CustomZone",
                     DESCRIPTION="block type CustomZone")
    return tags



def _line(parent: etree._Element, line: Line, ids: IdMaker, base: str, tag: str) -> None:
    el = etree.SubElement(parent, _q("TextLine"), ID=ids.make(base), TAGREFS=tag)
    _place(el, line.bbox)
    if not line.words:
        s = etree.SubElement(el, _q("String"), ID=ids.make(f"{base}_w1"), CONTENT=line.text,
                             WC=_conf(line.confidence))
        _place(s, line.bbox)
        return
    for k, word in enumerate(line.words, 1):
        if k > 1:
            prev = line.words[k - 2].bbox
            sp = etree.SubElement(el, _q("SP"))
            if word.bbox.x0 > prev.x1:
                sp.set("HPOS", _num(prev.x1))
                sp.set("VPOS", _num(min(prev.y0, word.bbox.y0)))
                sp.set("WIDTH", _num(word.bbox.x0 - prev.x1))
        s = etree.SubElement(el, _q("String"), ID=ids.make(f"{base}_w{k}"), CONTENT=word.text,
                             WC=_conf(word.confidence))
        _place(s, word.bbox)


def page_to_alto(page: Page) -> bytes:
    """The page as an ALTO 4.4 document (UTF-8 bytes with an XML declaration)."""
    root = etree.Element(_q("alto"), nsmap={None: NS, "xsi": XSI, "xlink": XLINK})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("SCHEMAVERSION", "4.4")
    desc, proc_refs = _description(page)
    root.append(desc)
    root.append(_tags())
    layout = etree.SubElement(root, _q("Layout"))
    pg = etree.SubElement(layout, _q("Page"), ID=f"page_{page.source.page}",
                          PHYSICAL_IMG_NR=str(page.source.page),
                          WIDTH=str(page.source.width), HEIGHT=str(page.source.height))
    if proc_refs:
        pg.set("PROCESSINGREFS", " ".join(proc_refs))
    space = etree.SubElement(pg, _q("PrintSpace"), ID="printspace")
    _place(space, BBox(0, 0, page.source.width, page.source.height))
    ids = IdMaker()
    ids.make(pg.get("ID"))
    ids.make("printspace")
    for region in page.regions:
        zone_tag = ZONE_TAGS.get(region.type, ("BT_other", ""))[0]
        line_tag = LINE_TAGS.get(region.type, LINE_TAGS["text"])[0]
        rid = ids.make(region.id)
        block = etree.SubElement(space, _q("TextBlock"), ID=rid, TAGREFS=zone_tag)
        _place(block, region.bbox)
        for j, line in enumerate(reading_lines(region), 1):
            _line(block, line, ids, f"{rid}_l{j}", line_tag)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_alto(data: bytes) -> list[tuple[str, list[str]]]:
    """(region type, line texts) per block, in document order; strings joined by one space."""
    root = etree.fromstring(data)
    labels = {t.get("ID"): t.get("LABEL") for t in root.iter(_q("OtherTag"))}
    kinds = {label: kind for kind, (_, label) in ZONE_TAGS.items()}
    out = []
    for block in root.iter(_q("TextBlock")):
        label = labels.get((block.get("TAGREFS") or "").split(" ")[0], "")
        lines = [" ".join(s.get("CONTENT") for s in ln.iter(_q("String")))
                 for ln in block.iter(_q("TextLine"))]
        out.append((kinds.get(label, "other"), lines))
    return out
