"""PAGE-XML 2019-07-15 (PRImA): the page model as regions, lines and words with confidences.

Typed text is a `TextRegion` (production "typewritten"); handwriting a `TextRegion` with
production "handwritten-cursive"; a stamp a `GraphicRegion` of type "stamp" holding its
attempted reading in a nested `TextRegion`. `custom="structure {type:...;}"` carries the model's
region type. Coordinates are the box outline in original-image pixels (x1/y1 exclusive, as in
the JSON). Each processing step is a `MetadataItem` of type "processingStep".
"""

from __future__ import annotations

import datetime as dt
import math

from lxml import etree

import pipeline
from pipeline.formats.xmlcommon import IdMaker, reading_lines
from pipeline.model import BBox, Page, Region

NS = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} {NS}/pagecontent.xsd"

PRODUCTION = {"text": "typewritten", "handwriting": "handwritten-cursive", "stamp": "other"}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _points(box: BBox) -> str:
    # PAGE points are non-negative integers: widen fractional boxes rather than shrink them.
    x0, y0 = max(0, math.floor(box.x0)), max(0, math.floor(box.y0))
    x1, y1 = math.ceil(box.x1), math.ceil(box.y1)
    return f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1}"


def _conf(value: float) -> str:
    return f"{min(1.0, max(0.0, float(value))):.4f}".rstrip("0").rstrip(".") or "0"


def _text_equiv(parent: etree._Element, text: str, conf: float | None = None) -> None:
    te = etree.SubElement(parent, _q("TextEquiv"))
    if conf is not None:
        te.set("conf", _conf(conf))
    etree.SubElement(te, _q("Unicode")).text = text


def _metadata(page: Page, now: str) -> etree._Element:
    md = etree.Element(_q("Metadata"))
    etree.SubElement(md, _q("Creator")).text = f"archival-ocr-pipeline {pipeline.__version__}"
    etree.SubElement(md, _q("Created")).text = now
    etree.SubElement(md, _q("LastChange")).text = now
    etree.SubElement(md, _q("Comments")).text = f"source sha256:{page.source.sha256}"
    for step in page.steps:
        item = etree.SubElement(md, _q("MetadataItem"), type="processingStep", name=step.name,
                                value=f"{step.name} {step.version}")
        labels = etree.SubElement(item, _q("Labels"))
        for key, value in sorted(step.params.items()):
            etree.SubElement(labels, _q("Label"), type=str(key), value=str(value))
        etree.SubElement(labels, _q("Label"), type="seconds", value=f"{step.seconds:.4f}")
    if page.engine:
        item = etree.SubElement(md, _q("MetadataItem"), type="other", name="engine",
                                value=str(page.engine.get("name", "")))
        labels = etree.SubElement(item, _q("Labels"))
        for key, value in sorted(page.engine.items()):
            etree.SubElement(labels, _q("Label"), type=str(key), value=str(value))
    return md



def _text_region(parent: etree._Element, region: Region, rid: str, ids: IdMaker) -> None:
    production = PRODUCTION.get(region.type, "other")
    el = etree.SubElement(parent, _q("TextRegion"), id=rid,
                          type="paragraph" if region.type == "text" else "other",
                          production=production, custom=f"structure {{type:{region.type};}}")
    etree.SubElement(el, _q("Coords"), points=_points(region.bbox))
    lines = reading_lines(region)
    for j, line in enumerate(lines, 1):
        lid = ids.make(f"{rid}_l{j}")
        ln = etree.SubElement(el, _q("TextLine"), id=lid)
        etree.SubElement(ln, _q("Coords"), points=_points(line.bbox))
        for k, word in enumerate(line.words, 1):
            w = etree.SubElement(ln, _q("Word"), id=ids.make(f"{lid}_w{k}"))
            etree.SubElement(w, _q("Coords"), points=_points(word.bbox))
            _text_equiv(w, word.text, word.confidence)
        _text_equiv(ln, line.text, line.confidence)
    _text_equiv(el, "\n".join(ln.text for ln in lines), region.confidence)


def page_to_pagexml(page: Page, now: dt.datetime | None = None) -> bytes:
    """The page as a PAGE-XML 2019-07-15 document (UTF-8 bytes with an XML declaration)."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    root = etree.Element(_q("PcGts"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.append(_metadata(page, stamp.strftime("%Y-%m-%dT%H:%M:%SZ")))
    pg = etree.SubElement(root, _q("Page"), imageFilename=page.source.path,
                          imageWidth=str(page.source.width), imageHeight=str(page.source.height))
    ids = IdMaker()
    ids.make("reading_order")
    region_ids = [ids.make(r.id) for r in page.regions]
    if page.regions:
        ro = etree.SubElement(pg, _q("ReadingOrder"))
        group = etree.SubElement(ro, _q("OrderedGroup"), id="reading_order")
        for i, rid in enumerate(region_ids):
            etree.SubElement(group, _q("RegionRefIndexed"), index=str(i), regionRef=rid)
    for region, rid in zip(page.regions, region_ids):
        if region.type == "stamp":
            g = etree.SubElement(pg, _q("GraphicRegion"), id=rid, type="stamp",
                                 custom="structure {type:stamp;}")
            etree.SubElement(g, _q("Coords"), points=_points(region.bbox))
            if region.text.strip() or region.lines:
                _text_region(g, region, ids.make(f"{rid}_text"), ids)
        else:
            _text_region(pg, region, rid, ids)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _kind(el: etree._Element) -> str:
    custom = el.get("custom") or ""
    if "type:" in custom:
        return custom.split("type:", 1)[1].split(";", 1)[0]
    return "text"


def read_pagexml(data: bytes) -> list[tuple[str, list[str]]]:
    """(region type, line texts) per top-level region, in document order."""
    root = etree.fromstring(data)
    page = root.find(_q("Page"))
    out = []
    for el in page:
        if el.tag == _q("TextRegion"):
            regions = [el]
        elif el.tag == _q("GraphicRegion"):
            regions = el.findall(_q("TextRegion"))
            if not regions:
                out.append((_kind(el), []))
                continue
        else:
            continue
        for tr in regions:
            lines = [ln.findtext(f"{_q('TextEquiv')}/{_q('Unicode')}") or ""
                     for ln in tr.findall(_q("TextLine"))]
            out.append((_kind(el), lines))
    return out
