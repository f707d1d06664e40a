"""Stage 'load': one page of an input file -> a `Page` with its image and `Source`.

Not part of `process.CHAIN`: the runner calls `load_page` and records it as the first step.

Decoding decisions (they fix what the coordinates in the outputs refer to):
- `page.image` is uint8 gray (H, W) for gray and bilevel files, uint8 RGB (H, W, 3) otherwise.
  16-bit samples are scaled to 8 bits (v / 257); CMYK, YCbCr and palette images become RGB;
  transparency is composited on white paper.
- EXIF orientation (JPEG, also TIFF/WebP/PNG if they carry it) is applied as the first working
  transform through `Page.apply_transform`. Coordinates in the outputs therefore stay in the
  pixels *as stored in the file* (CONTRACT.md), `source.width/height` are the stored size, and
  `preprocess["exif_orientation"]` says which tag value was applied. A viewer that honours EXIF
  shows the file turned; draw boxes on the stored pixels.
- PDF pages are rasterised with pypdfium2 at `settings.pdf_dpi`; their coordinates are pixels of
  that rendering, and `source.dpi` is that dpi.
- A page larger than `settings.max_pixels` is refused from its header, before decoding.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFile

from pipeline.errors import BadInputError
from pipeline.model import Page, Source
from pipeline.settings import Settings

NAME = "load"
VERSION = "1"

_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_PDF_MAGIC = b"%PDF"

# EXIF orientation tag value -> the PIL transposition that makes the image upright.
_EXIF_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_ROTATION_CW = {3: 180, 6: 90, 8: 270}


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of the file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _reason(exc: BaseException) -> str:
    """One line describing an exception raised by a decoder or the OS."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text


def sniff(path: str | Path) -> str:
    """'pdf', 'tiff' or 'image' from the file's first bytes; BadInputError if unreadable/empty."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise BadInputError(f"cannot read file: {_reason(exc)}") from exc
    if not head:
        raise BadInputError("empty file (0 bytes)")
    if head.startswith(_PDF_MAGIC):
        return "pdf"
    if head[:4] in _TIFF_MAGIC:
        return "tiff"
    return "image"


def _declares_encryption(path: str | Path) -> bool:
    import mmap

    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm.find(b"/Encrypt") != -1


def _open_pdf(path: str | Path) -> Any:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        # PDFium's error code is stale after some failures (a page-less PDF fails with the
        # previous file's code, or "Success"), so the file itself says whether it is encrypted.
        if _declares_encryption(path):
            raise BadInputError("encrypted PDF (a password is needed to open it)") from exc
        raise BadInputError("cannot open PDF: it has no pages or its structure is damaged") from exc
    if len(pdf) == 0:
        pdf.close()
        raise BadInputError("PDF has no pages")
    return pdf


def _open_image(path: str | Path, max_pixels: int) -> Image.Image:
    # Opening reads only the header. Pillow's own bomb check is off for that moment so that
    # `check_pixels` (before any decoding) gives the one message, with the configured limit.
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        im = Image.open(path)
        check_pixels(im.width, im.height, max_pixels)
        return im
    except Image.UnidentifiedImageError as exc:
        raise BadInputError("not an image file Pillow can read "
                            "(unknown or corrupt header)") from exc
    except OSError as exc:
        raise BadInputError(f"cannot read file: {_reason(exc)}") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def page_count(path: str | Path) -> int:
    """Pages in the file: frames of a TIFF, pages of a PDF, else 1; BadInputError if unreadable."""
    kind = sniff(path)
    if kind == "pdf":
        pdf = _open_pdf(path)
        try:
            return len(pdf)
        finally:
            pdf.close()
    if kind == "tiff":
        try:
            with Image.open(path) as im:
                return int(getattr(im, "n_frames", 1))
        except Exception as exc:  # any decoder failure of the header chain is a bad input
            raise BadInputError(f"cannot read TIFF: {_reason(exc)}") from exc
    return 1


def check_pixels(width: int, height: int, max_pixels: int) -> None:
    """Raise BadInputError when a width x height page exceeds the pixel limit."""
    if width < 1 or height < 1:
        raise BadInputError(f"image has no pixels ({width} x {height})")
    if width * height > max_pixels:
        raise BadInputError(f"image of {width} x {height} = {width * height} pixels exceeds the "
                            f"pixel limit of {max_pixels} (--max-pixels); refused before decoding")


def to_array(im: Image.Image) -> np.ndarray:
    """A decoded PIL image as uint8 gray (H, W) or uint8 RGB (H, W, 3); alpha goes onto white."""
    mode = im.mode
    # An image already in the mode wanted is read as it is: `convert` to its own mode copies
    # the whole page first (a third of the load stage's CPU on an RGB page).
    if mode in ("1", "L"):
        return np.asarray(im if mode == "L" else im.convert("L"), dtype=np.uint8)
    if mode.startswith("I") or mode == "F":
        # 16/32-bit gray: full 16-bit range scaled to 8 bits
        arr = np.asarray(im).astype(np.float64)
        return np.clip(np.rint(arr / 257.0), 0, 255).astype(np.uint8)
    if mode in ("P", "PA"):
        im = im.convert("RGBA")
        mode = "RGBA"
    if mode in ("LA", "La"):
        rgba = im.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(bg, rgba).convert("L"), dtype=np.uint8)
    if mode in ("RGBA", "RGBa"):
        rgba = im.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(bg, rgba).convert("RGB"), dtype=np.uint8)
    return np.asarray(im if mode == "RGB" else im.convert("RGB"), dtype=np.uint8)


def exif_forward(orientation: int, width: int, height: int) -> np.ndarray:
    """3x3 matrix from stored pixel coordinates to those after the EXIF transposition.

    Continuous coordinates (box edges): a stored W x H image maps onto [0, W'] x [0, H'].
    """
    w, h = float(width), float(height)
    table = {
        1: [[1, 0, 0], [0, 1, 0]],
        2: [[-1, 0, w], [0, 1, 0]],          # mirror left-right
        3: [[-1, 0, w], [0, -1, h]],         # 180
        4: [[1, 0, 0], [0, -1, h]],          # mirror top-bottom
        5: [[0, 1, 0], [1, 0, 0]],           # transpose (main diagonal)
        6: [[0, -1, h], [1, 0, 0]],          # 90 clockwise
        7: [[0, -1, h], [-1, 0, w]],         # transverse (anti-diagonal)
        8: [[0, 1, 0], [-1, 0, w]],          # 90 counter-clockwise
    }
    return np.vstack([np.array(table[orientation], dtype=float), [0.0, 0.0, 1.0]])


def _dpi(info: dict[str, Any]) -> float | None:
    dpi = info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(dpi[0] if isinstance(dpi, (tuple, list)) else dpi)
    except (TypeError, ValueError):
        return None
    # PNG stores pixels per metre, so 300 dpi reads back as 299.9994
    return round(value, 1) if math.isfinite(value) and value > 1 else None


def _decode_image(path: str | Path, page_no: int, settings: Settings
                  ) -> tuple[np.ndarray, float | None, int, dict[str, Any]]:
    im = _open_image(path, settings.max_pixels)
    with im:
        frames = int(getattr(im, "n_frames", 1))
        if page_no > frames:
            raise BadInputError(f"page {page_no} requested, the file has {frames}")
        try:
            if page_no > 1:
                im.seek(page_no - 1)
            check_pixels(im.width, im.height, settings.max_pixels)
            fmt = im.format or "unknown"
            mode = im.mode
            orientation = 1
            try:
                orientation = int(im.getexif().get(0x0112, 1) or 1)
            except Exception:  # a broken EXIF block is not worth failing the page for
                orientation = 1
            if orientation not in _EXIF_TRANSPOSE:
                orientation = 1
            dpi = _dpi(im.info)
            ImageFile.LOAD_TRUNCATED_IMAGES = False  # a truncated file is an error, not grey
            im.load()
            array = to_array(im)
        except BadInputError:
            raise
        except Exception as exc:  # decoders raise OSError, ValueError, SyntaxError, ...
            raise BadInputError(f"cannot decode {im.format or 'image'} page {page_no}: "
                                f"{_reason(exc)}") from exc
    return array, dpi, orientation, {"format": fmt, "mode": mode}


def _render_pdf(path: str | Path, page_no: int, settings: Settings
                ) -> tuple[np.ndarray, dict[str, Any]]:
    pdf = _open_pdf(path)
    try:
        if page_no > len(pdf):
            raise BadInputError(f"page {page_no} requested, the PDF has {len(pdf)}")
        page = pdf[page_no - 1]
        scale = settings.pdf_dpi / 72.0
        w_pt, h_pt = page.get_size()
        check_pixels(math.ceil(w_pt * scale), math.ceil(h_pt * scale), settings.max_pixels)
        try:
            bitmap = page.render(scale=scale, may_draw_forms=True)
            array = np.asarray(bitmap.to_pil().convert("RGB"), dtype=np.uint8).copy()
        except Exception as exc:
            raise BadInputError(f"cannot render PDF page {page_no}: {_reason(exc)}") from exc
    finally:
        pdf.close()
    return array, {"format": "PDF", "renderer": "pypdfium2", "dpi": settings.pdf_dpi}


def load_page(path: str, page_no: int, settings: Settings, *, open_path: str | None = None,
              sha256: str | None = None) -> tuple[Page, dict[str, Any]]:
    """Decode page `page_no` (1-based) of `path` into a Page, with the params to record.

    `path` is recorded in `source.path` as given; `open_path` (default `path`) is what is read.
    Raises BadInputError with a one-line reason for anything that cannot be read.
    """
    src = open_path or path
    kind = sniff(src)
    try:
        digest = sha256 or sha256_file(src)
    except OSError as exc:
        raise BadInputError(f"cannot read file: {_reason(exc)}") from exc
    params: dict[str, Any]
    if kind == "pdf":
        array, params = _render_pdf(src, page_no, settings)
        dpi: float | None = float(settings.pdf_dpi)
        orientation = 1
    else:
        array, dpi, orientation, params = _decode_image(src, page_no, settings)
    height, width = array.shape[:2]
    page = Page(Source(path=path, sha256=digest, page=page_no, width=width, height=height, dpi=dpi),
                image=array)
    if orientation != 1:
        upright = np.ascontiguousarray(
            np.asarray(Image.fromarray(array).transpose(_EXIF_TRANSPOSE[orientation])))
        page.apply_transform(exif_forward(orientation, width, height), upright)
        page.preprocess["exif_orientation"] = orientation
        page.preprocess["rotation"] = _EXIF_ROTATION_CW.get(orientation, 0)
        params["exif_orientation"] = orientation
    params["image"] = "gray" if array.ndim == 2 else "rgb"
    return page, params
