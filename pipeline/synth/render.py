"""Render one synthetic page: choose its text and look from the seed, lay it out, ink it, scan
it, and work out the truth (every typed line, stamp and handwritten item with its box in the
coordinates of the written image).
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from pipeline.synth import degrade, fonts
from pipeline.synth import handwriting as hw
from pipeline.synth import stamps as st
from pipeline.synth.bank import BANK
from pipeline.synth.geometry import box_of, map_points, place_sheet
from pipeline.synth.layout import Frame, Layout, layout_plain, layout_telegram
from pipeline.synth.profiles import ALL_PROFILES, draw_scan
from pipeline.synth.texts import (SEED_EN, SEED_FOLIO, SEED_NUMBERS, SEED_RU, Numbers, Telegram,
                                  fields)
from pipeline.synth.typewriter import TypeStyle, pad_of, render_line, segment_width

LANGS = ("ru", "en", "mixed")
DOCUMENTS = {d.key: d for d in (SEED_RU, SEED_EN) + BANK}
A4_MM = (210.0, 297.0)
TYPED_INKS = {"black": (28, 27, 32), "violet": (58, 36, 96), "blue-black": (30, 38, 72)}
STAMP_INKS = {"violet": (118, 62, 168), "blue": (44, 74, 178), "red": (196, 44, 52)}
HAND_INKS = {"blue": (36, 58, 150), "violet": (84, 48, 140), "black": (38, 38, 46),
             "pencil": (96, 96, 104), "red-pencil": (178, 52, 56), "blue-pencil": (58, 84, 170)}
PRINT_INK = (22, 22, 24)
SCANNER_LID = (70.0, 70.0, 74.0)  # what shows around a sheet smaller than the scanned area
TYPISTS = ("нб", "мк", "ав", "ел", "тс", "рп")
# Resolutions a reader scribbled across the top of the sheet.
RESOLUTIONS = ("В дело", "К исполнению", "В архив", "Доложено", "Ознакомить т. Лебедева",
               "Тов. Громову", "Срочно")
# Typewriter faces, weighted towards the serif ones that look like a 1950 machine.
TYPEWRITER_WEIGHTS = {"freemono": 0.25, "liberation-mono": 0.25, "pt-mono": 0.2,
                      "cmu-typewriter": 0.15, "dejavu-mono": 0.15}


@dataclass
class SynthPage:
    """A rendered page: `image` (PIL), `gold` (typed text), `truth` (dict), `stem`, file `ext`."""

    image: Image.Image
    gold: str
    truth: dict
    stem: str
    ext: str = "png"
    encode_params: dict = field(default_factory=dict)

    def encode(self) -> bytes:
        """The image file's bytes (same page, same bytes)."""
        buf = io.BytesIO()
        fmt = {"png": "PNG", "jpg": "JPEG", "tif": "TIFF"}[self.ext]
        self.image.save(buf, fmt, **self.encode_params)
        return buf.getvalue()


def _rng(seed: int, *salt: int) -> np.random.Generator:
    return np.random.default_rng([int(seed), *salt])


def _code(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def stem_for(seed: int, profile: str, lang: str, stamps_on: bool, hand_on: bool,
             text: str | None, document: str | None) -> str:
    """File stem naming the seed and every non-default option."""
    parts = ["synth", f"{seed:06d}"]
    if document:
        parts.append(document)
    if profile != "mixed":
        parts.append(profile)
    if lang != "ru":
        parts.append(lang)
    if text is not None:
        parts.append(f"text{_code(text) % 100000:05d}")
    if not stamps_on:
        parts.append("nostamps")
    if not hand_on:
        parts.append("nohand")
    return "-".join(parts)


def choose_document(seed: int, lang: str) -> Telegram:
    """The telegram a seed shows for a language choice (the seed telegram among the bank)."""
    pool = [d for d in DOCUMENTS.values() if lang == "mixed" or d.lang == lang]
    return pool[int(_rng(seed, 11).integers(0, len(pool)))]


def draw_numbers(seed: int, doc: Telegram) -> Numbers:
    """The form values of a page: fixed for the seed telegram, drawn from the seed otherwise."""
    if doc.key in ("seed-ru", "seed-en"):
        return SEED_NUMBERS
    rng = _rng(seed, 13)
    received = dt.datetime(int(rng.integers(1950, 1954)), int(rng.integers(1, 13)),
                           int(rng.integers(1, 29)), int(rng.integers(0, 24)), int(rng.integers(0, 60)))
    sent = received + dt.timedelta(minutes=int(rng.integers(20, 240)))
    later = sent + dt.timedelta(days=int(rng.integers(1, 60)))
    return Numbers(
        outgoing_number=str(int(rng.integers(100, 20000))),
        form_number=str(rng.choice(["17", "17", "17", "18"])),
        special_number=str(int(rng.integers(10, 999))),
        received=received, sent=sent, copy_number=str(int(rng.integers(1, 6))),
        copies_made=max(len(doc.distribution), int(rng.integers(3, 9))),
        typist=str(rng.choice(TYPISTS)), typed_on=sent.date(),
        hand_date=f"{later.day}/{later.month}",
        hand_number=f"№ {int(rng.integers(100, 9999))}/{rng.choice(['мин', 'ДВ', 'с', 'сс'])}",
    )


def _type_style(rng: np.random.Generator, dpi: int, worn: float) -> TypeStyle:
    avail = fonts.available()
    keys = [k for k in TYPEWRITER_WEIGHTS if k in avail["typewriter"]]
    weights = np.array([TYPEWRITER_WEIGHTS[k] for k in keys])
    type_key = str(rng.choice(keys, p=weights / weights.sum()))
    printed_key = str(rng.choice(avail["printed"]))
    regular, bold = fonts.PRINTED[printed_key]
    pitch = dpi / 10.0 * float(rng.uniform(0.97, 1.03))  # pica: ten characters to the inch
    ref = fonts.load(fonts.TYPEWRITER[type_key], 100)
    type_size = int(round(100 * pitch * 0.98 / ref.getlength("М")))
    if type_key == "cmu-typewriter":
        type_size = int(type_size * 0.95)
    scale = dpi / 300.0
    return TypeStyle(pitch=pitch, type_font=fonts.TYPEWRITER[type_key], type_size=type_size,
                     printed_font=regular, printed_bold=bold, printed_size=int(38 * scale),
                     title_size=int(54 * scale), jitter=float(rng.uniform(0.4, 1.3)) * scale,
                     strike_sd=float(rng.uniform(0.05, 0.14)), ink=float(rng.uniform(0.78, 0.95)),
                     filled_prob=float(rng.uniform(0.0, 0.04)), worn=worn)


def _frame(rng: np.random.Generator, dpi: int) -> Frame:
    mm = dpi / 25.4
    w, h = int(round(A4_MM[0] * mm)), int(round(A4_MM[1] * mm))
    return Frame(width=w, height=h, left=float(rng.uniform(22, 30) * mm),
                 right=float(rng.uniform(12, 18) * mm), top=float(rng.uniform(10, 16) * mm),
                 bottom=float(rng.uniform(10, 16) * mm), line=dpi / 6.0)


class _Canvas:
    """Ink layers of the upright page and the regions drawn on it (pre-geometry)."""

    def __init__(self, h: int, w: int):
        self.h, self.w = h, w
        self.typed = np.zeros((h, w), np.float32)
        self.printed = np.zeros((h, w), np.float32)
        self.colour_items: list[tuple[np.ndarray, tuple, int, int]] = []
        self.regions: list[dict] = []

    def put(self, layer: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
        """Add ink `patch` at (x, y) to `layer` (overlapping ink keeps the denser value)."""
        h, w = patch.shape
        x0, y0, x1, y1 = max(0, x), max(0, y), min(self.w, x + w), min(self.h, y + h)
        if x1 > x0 and y1 > y0:
            sub = layer[y0:y1, x0:x1]
            np.maximum(sub, patch[y0 - y:y1 - y, x0 - x:x1 - x], out=sub)

    def region(self, rtype: str, patch: np.ndarray, x: int, y: int, text: str, **extra) -> None:
        """Remember a region by the hull of its ink (points in page pixels)."""
        ys, xs = np.nonzero(patch > 0.06)
        if len(xs) == 0:
            return
        pts = np.stack([xs + x, ys + y], axis=1).astype(np.float32)
        hull = cv2.convexHull(pts).reshape(-1, 2)
        inside = (hull[:, 0] >= 0) & (hull[:, 0] < self.w) & (hull[:, 1] >= 0) & (hull[:, 1] < self.h)
        if not inside.any():
            return
        self.regions.append({"type": rtype, "hull": hull, "text": text, **extra})


def _bleed(patch: np.ndarray, amount: float) -> np.ndarray:
    # Ink soaking into paper fattens strokes a little.
    if amount <= 0:
        return patch
    spread = cv2.GaussianBlur(patch, (0, 0), 0.5 + 0.6 * amount)
    return np.clip(np.maximum(patch, spread * (1.0 + amount)), 0.0, 1.0)


def _draw_lines(canvas: _Canvas, lay: Layout, style: TypeStyle, rng: np.random.Generator,
                bleed: float) -> None:
    pad = pad_of(style)
    for order, line in enumerate(lay.lines):
        both = []
        for layer_kinds, layer in ((("typed",), canvas.typed),
                                   (("printed", "printed-bold", "title"), canvas.printed)):
            # Each ink layer gets its own parts of the line; the other parts become blank space.
            segs = [(t, k) if (k in layer_kinds) else (str(segment_width(style, t, k)), "gap")
                    for t, k in line.segments]
            if all(k == "gap" for _, k in segs):
                continue
            patch, base = render_line(style, segs, rng)
            patch = _bleed(patch, bleed)
            x, y = int(round(line.x - pad)), int(round(line.baseline - base))
            canvas.put(layer, patch, x, y)
            both.append((patch, x, y))
        if not both:
            continue
        # One region per line, from the ink of both its typed and printed parts.
        x0 = min(x for _, x, _ in both)
        y0 = min(y for _, _, y in both)
        x1 = max(x + p.shape[1] for p, x, _ in both)
        y1 = max(y + p.shape[0] for p, _, y in both)
        merged = np.zeros((y1 - y0, x1 - x0), np.float32)
        for p, x, y in both:
            sub = merged[y - y0:y - y0 + p.shape[0], x - x0:x - x0 + p.shape[1]]
            np.maximum(sub, p, out=sub)
        text = line.text.strip()
        extra = {"hyphenated": True} if (line.role == "body" and lay.hyphenated and text.endswith("-")
                                         and text[-2:-1].isalpha()) else {}
        canvas.region("text", merged, x0, y0, text, order=order, block=line.block,
                      role=line.role, **extra)
    for x0, y0, x1, y1, width in lay.rules:
        cv2.line(canvas.printed, (int(x0 * 4), int(y0 * 4)), (int(x1 * 4), int(y1 * 4)),
                 0.9, max(1, int(round(width))), cv2.LINE_AA, shift=2)


def _place(canvas: _Canvas, patch: np.ndarray, origin: tuple[float, float],
           at: tuple[float, float]) -> tuple[int, int]:
    x = int(round(at[0] - origin[0]))
    y = int(round(at[1] - origin[1]))
    # Keep hand and stamps on the sheet: a reader would not see ink off the page.
    x = min(max(x, 0), max(0, canvas.w - patch.shape[1]))
    y = min(max(y, 0), max(0, canvas.h - patch.shape[0]))
    return x, y


def _draw_hand(canvas: _Canvas, lay: Layout, doc: Telegram | None, num: Numbers | None,
               dpi: int, rng: np.random.Generator, style: TypeStyle) -> dict:
    hand = hw.draw_hand(rng, dpi)
    ink_name = str(rng.choice(["blue", "violet", "black", "pencil"]))

    def add(kind, patch, origin, at, text, ink=None):
        """Lay one handwritten item at `at` and remember its region."""
        name = ink or ink_name
        patch = patch * (0.75 if "pencil" in name else 1.0)
        x, y = _place(canvas, patch, origin, at)
        canvas.colour_items.append((patch, HAND_INKS[name], x, y))
        canvas.region("handwriting", patch, x, y, text, kind=kind, ink=name)
        return x, y, patch

    if doc is not None and doc.lang == "ru" and num is not None:
        ax, ay = lay.anchors["hand_numbers"]
        patch, origin = hw.write(num.hand_date, hand, rng)
        add("number", patch, origin, (ax, ay), num.hand_date)
        patch, origin = hw.write(num.hand_number, hand, rng)
        add("number", patch, origin, (ax - hand.x_height, ay + hand.x_height * 2.6), num.hand_number)
        if doc.verifier:
            patch, origin = hw.write(f"верно: {doc.verifier}", hand, rng)
            add("note", patch, origin, lay.anchors["verifier"], f"верно: {doc.verifier}")
    if doc is not None and "resolution" in lay.anchors and rng.random() < 0.4:
        note = str(rng.choice(RESOLUTIONS))
        patch, origin = hw.write(note, hand, rng)
        # Resolutions were often written in coloured pencil, not with the clerk's pen.
        add("resolution", patch, origin, lay.anchors["resolution"], note,
            ink=str(rng.choice(["red-pencil", "blue-pencil", ink_name])))
    if doc is not None and doc.lang == "ru" and "signature" in lay.anchors:
        patch, origin = hw.signature(hand, rng)
        add("signature", patch, origin, lay.anchors["signature"], "")
    if rng.random() < 0.5 and lay.lines:
        target = lay.lines[int(rng.integers(0, len(lay.lines)))]
        length = max(style.pitch * 4, min(len(target.text.strip()), 30) * style.pitch * 0.8)
        patch, origin = hw.underline(length, hand, rng)
        add("underline", patch, origin, (target.x, target.baseline + style.type_size * 0.3), "")
    if rng.random() < 0.5 and "tick" in lay.anchors:
        patch, origin = hw.tick(hand, rng)
        add("tick", patch, origin, lay.anchors["tick"], "")
    return {"font": hand.font, "x_height": round(hand.x_height, 2), "slant_deg": round(hand.slant_deg, 2),
            "pen": round(hand.pen, 2), "ink": ink_name}


def _draw_stamps(canvas: _Canvas, lay: Layout, doc: Telegram | None, num: Numbers | None,
                 dpi: int, rng: np.random.Generator, force: bool, overlap: bool | None) -> dict:
    ink_name = str(rng.choice(list(STAMP_INKS)))
    colour = STAMP_INKS[ink_name]
    made = []

    def add(kind, patch, text, at_centre):
        """Press one stamp centred at `at_centre` and remember its region."""
        x = int(round(at_centre[0] - patch.shape[1] / 2))
        y = int(round(at_centre[1] - patch.shape[0] / 2))
        x, y = _place(canvas, patch, (0, 0), (x, y))
        canvas.colour_items.append((patch, colour, x, y))
        canvas.region("stamp", patch, x, y, text, kind=kind, ink=ink_name)
        made.append(kind)

    if doc is not None and doc.key.startswith("seed-"):
        folio = SEED_FOLIO[doc.lang]
    else:
        folio = str(int(rng.integers(2, 400)))
    patch, text = st.folio_stamp(dpi, rng, folio)
    fx, fy = lay.anchors["folio"]
    add("folio", patch, text, (fx, fy))
    body = [ln for ln in lay.lines if ln.role in ("body", "sender", "closing", "instruction")]
    want_round = force or bool(overlap) or rng.random() < 0.75
    if want_round:
        patch, text = st.round_stamp(dpi, rng)
        over = overlap if overlap is not None else rng.random() < 0.5
        if over and body:
            ln = body[int(rng.integers(0, len(body)))]
            at = (ln.x + rng.uniform(0.2, 0.8) * min(canvas.w * 0.6, len(ln.text) * 30), ln.baseline)
        else:
            at = (canvas.w * rng.uniform(0.6, 0.75), min(canvas.h - patch.shape[0] / 2, lay.bottom + patch.shape[0] * 0.4))
        add("round", patch, text, at)
    if rng.random() < 0.5 and (doc is None or doc.lang == "ru"):
        when = num.sent if num is not None else None
        patch, text = st.rect_stamp(dpi, rng, when=when)
        at = (canvas.w * rng.uniform(0.25, 0.45), min(canvas.h - patch.shape[0] / 2, lay.bottom + patch.shape[0] * 0.2))
        add("rect", patch, text, at)
    return {"ink": ink_name, "kinds": made}


def render_page(seed: int, *, profile: str = "mixed", lang: str = "ru", stamps: bool = True,
                handwriting: bool = True, text: str | None = None, document: str | None = None,
                overlap: bool | None = None) -> SynthPage:
    """Render the synthetic page of `seed` with these options (same arguments, same pixels)."""
    if profile not in ALL_PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(ALL_PROFILES)}")
    if lang not in LANGS:
        raise ValueError(f"unknown lang {lang!r}; choose from {', '.join(LANGS)}")
    if document is not None and document not in DOCUMENTS:
        raise ValueError(f"unknown document {document!r}")
    scan = draw_scan(profile, _rng(seed, 23, _code(profile)))
    dpi = scan["dpi"]
    srng = _rng(seed, 37)
    style = _type_style(srng, dpi, scan["worn"])
    frame = _frame(srng, dpi)
    doc = num = None
    if text is None:
        doc = DOCUMENTS[document] if document else choose_document(seed, lang)
        num = draw_numbers(seed, doc)
    lay = None
    spacings = [2.0, 1.5, 1.0] if srng.random() < 0.5 else [1.5, 1.0]
    for spacing in spacings:
        lrng = _rng(seed, 41)
        lay = (layout_plain(text, style, frame, lrng, spacing) if doc is None
               else layout_telegram(doc, num, style, frame, lrng, spacing))
        if lay.bottom <= frame.height - frame.bottom:
            break
    else:
        raise ValueError("the text does not fit on one page")
    canvas = _Canvas(frame.height, frame.width)
    irng = _rng(seed, 53)
    _draw_lines(canvas, lay, style, irng, scan["ink_bleed"])
    hand_info = _draw_hand(canvas, lay, doc, num, dpi, _rng(seed, 59), style) if handwriting else None
    stamp_info = (_draw_stamps(canvas, lay, doc, num, dpi, _rng(seed, 61),
                               force=scan["gray"], overlap=overlap) if stamps else None)
    inks = _rng(seed, 67)
    typed_ink = str(inks.choice(list(TYPED_INKS)))
    drng = _rng(seed, 71)
    img = degrade.paper((frame.height, frame.width), scan["paper_tint"], drng)
    degrade.show_through(img, np.maximum(canvas.typed, canvas.printed), scan["show_through"])
    degrade.blend(img, canvas.printed, PRINT_INK, 0, 0)
    degrade.blend(img, canvas.typed, TYPED_INKS[typed_ink], 0, 0)
    for patch, colour, x, y in canvas.colour_items:
        degrade.blend(img, patch, colour, x, y)
    # Marks of the sheet's life (folds, dust) turn with it on the scanner.
    degrade.crease(img, scan["crease"], drng)
    degrade.specks(img, scan["specks"], drng)
    # The scanner: the sheet lies skewed, maybe turned; then light, blur and noise.
    rot = scan["rotation"]
    border = int(round(scan["scan_border"] * frame.width))
    img, m = place_sheet(img, scan["skew_deg"], rot, border, SCANNER_LID)
    h, w = frame.height + 2 * border, frame.width + 2 * border
    degrade.illumination(img, scan["illumination"], drng)
    degrade.border_shadow(img, scan["border_shadow"], drng)
    img = degrade.blur(img, scan["blur_sigma"])
    degrade.noise(img, scan["noise_sd"], drng)
    out = np.clip(img + 0.5, 0, 255).astype(np.uint8)
    if scan["gray"]:
        pil = Image.fromarray(cv2.cvtColor(out, cv2.COLOR_RGB2GRAY), "L")
    else:
        pil = Image.fromarray(out, "RGB")
    H, W = out.shape[:2]
    margin = 1.5 + 2.0 * scan["blur_sigma"]  # blur spreads ink about two sigmas
    regions = []
    for i, reg in enumerate(canvas.regions):
        bbox, clipped = box_of(map_points(reg.pop("hull"), m, rot, w, h), margin, W, H)
        if bbox is None:
            continue
        # Ink turned partly off the image (a corner stamp on a skewed sheet) is marked as such.
        regions.append({"id": f"r{i:03d}", "type": reg.pop("type"), "bbox": bbox,
                        "text": reg.pop("text"), **reg, **({"clipped": True} if clipped else {})})
    gold = lay.gold()
    stem = stem_for(seed, profile, lang, stamps, handwriting, text, document)
    ext = scan["format"]
    truth = {
        "schema": "pipeline.truth/1",
        "stem": stem,
        "seed": seed,
        "skew_deg": round(float(scan["skew_deg"]), 4),
        "rotation": int(rot),
        "width": W, "height": H, "dpi": dpi,
        "regions": regions,
        "fields": fields(doc, num) if doc is not None else {},
        "document": doc.key if doc is not None else None,
        "lang": doc.lang if doc is not None else lang,
        "render": {
            "options": {"profile": profile, "lang": lang, "stamps": stamps, "handwriting": handwriting,
                        "text": text is not None, "document": document, "overlap": overlap},
            "scan": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in scan.items()},
            **_style_params(style, frame, typed_ink),
            "body_spacing": spacing,
            "hyphenated": lay.hyphenated,
            "handwriting": hand_info,
            "stamps": stamp_info,
        },
    }
    return SynthPage(image=pil, gold=gold, truth=truth, stem=stem, ext=ext,
                     encode_params=_encode_params(scan))


def _encode_params(scan: dict) -> dict:
    params: dict = {"dpi": (scan["dpi"], scan["dpi"])}
    if scan["format"] == "jpg":
        params["quality"] = scan["jpeg_quality"]
    elif scan["format"] == "png":
        params["compress_level"] = 6
    elif scan["format"] == "tif":
        params["compression"] = "tiff_adobe_deflate"
    return params


def _style_params(style: TypeStyle, frame: Frame, typed_ink: str) -> dict:
    return {
        "typewriter": {"font": style.type_font, "size": style.type_size,
                       "pitch": round(style.pitch, 3), "jitter": round(style.jitter, 3),
                       "strike_sd": round(style.strike_sd, 3), "ink": round(style.ink, 3),
                       "filled_prob": round(style.filled_prob, 3), "worn": round(style.worn, 3),
                       "ink_colour": typed_ink},
        "printed": {"font": style.printed_font, "bold": style.printed_bold,
                    "size": style.printed_size, "title_size": style.title_size},
        "margins_px": {"left": round(frame.left, 1), "right": round(frame.right, 1),
                       "top": round(frame.top, 1), "bottom": round(frame.bottom, 1)},
    }
