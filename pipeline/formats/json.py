"""The page JSON (`pipeline.page/1`, see CONTRACT.md): model <-> dict."""

from __future__ import annotations

from typing import Any

from pipeline.model import BBox, Field, Line, Page, Region, ReviewItem, Source, Step, Word

SCHEMA = "pipeline.page/1"


def _conf(value: float) -> float:
    return round(float(value), 4)


def _field_to_dict(f: Field) -> dict[str, Any]:
    return {"value": f.value, "raw": f.raw, "bbox": f.bbox.to_list() if f.bbox else None,
            "confidence": _conf(f.confidence)}


def _region_to_dict(r: Region) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.id, "type": r.type, "bbox": r.bbox.to_list(), "confidence": _conf(r.confidence),
        "text": r.text,
        "lines": [
            {"bbox": ln.bbox.to_list(), "text": ln.text, "confidence": _conf(ln.confidence),
             "words": [{"text": w.text, "bbox": w.bbox.to_list(), "confidence": _conf(w.confidence)}
                       for w in ln.words]}
            for ln in r.lines
        ],
    }
    if r.attrs:
        out["attrs"] = r.attrs
    return out


def page_to_dict(page: Page) -> dict[str, Any]:
    """The page as the JSON document the contract describes."""
    s = page.source
    return {
        "schema": SCHEMA,
        "source": {"path": s.path, "sha256": s.sha256, "page": s.page, "width": s.width,
                   "height": s.height, "dpi": s.dpi},
        "preprocess": page.preprocess,
        "regions": [_region_to_dict(r) for r in page.regions],
        "text": page.text,
        "text_normalized": page.text_normalized,
        "fields": {name: _field_to_dict(f) for name, f in page.fields.items()},
        "engine": page.engine,
        "review": [{"reason": r.reason, "region": r.region} for r in page.review],
        "steps": [{"name": st.name, "params": st.params, "seconds": round(st.seconds, 4),
                   "version": st.version} for st in page.steps],
    }


def page_from_dict(data: dict[str, Any]) -> Page:
    """Read a page JSON back into the model (without its image)."""
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document: schema={data.get('schema')!r}")
    src = data["source"]
    regions = [
        Region(
            id=r["id"], type=r["type"], bbox=BBox.from_list(r["bbox"]), confidence=r["confidence"],
            text=r.get("text", ""), attrs=r.get("attrs", {}),
            lines=[Line(bbox=BBox.from_list(ln["bbox"]), text=ln["text"], confidence=ln["confidence"],
                        words=[Word(w["text"], BBox.from_list(w["bbox"]), w["confidence"])
                               for w in ln.get("words", [])])
                   for ln in r.get("lines", [])],
        )
        for r in data["regions"]
    ]
    return Page(
        source=Source(src["path"], src["sha256"], src["page"], src["width"], src["height"], src["dpi"]),
        preprocess=data["preprocess"],
        regions=regions,
        text=data["text"],
        text_normalized=data["text_normalized"],
        fields={k: Field(v.get("value"), v.get("raw", ""),
                         BBox.from_list(v["bbox"]) if v.get("bbox") else None, v.get("confidence", 0.0))
                for k, v in data.get("fields", {}).items()},
        engine=data["engine"],
        review=[ReviewItem(r["reason"], r.get("region")) for r in data["review"]],
        steps=[Step(s["name"], s["params"], s["seconds"], s.get("version", "1")) for s in data["steps"]],
    )
