"""S24 (session 14): a stamp's ink divided out of the OCR image instead of whitened, so a typed
letter crossing the stamp's stroke stays whole; only the stamp zones are filtered."""
import numpy as np

from pipeline.imaging.binarize import ink_threshold
from pipeline.marks.through import through_marks, without_marks
from pipeline.model import BBox, Page, Region, Source
from pipeline.stages.recognize import ocr_image

PAPER, RING, TYPING = 235, 150, 40


def _crossing() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A gray ring stroke (horizontal band) crossed by a typed letter's stem; the marks mask
    covers the whole band, stem included, as the marks stage leaves it where tone cannot tell."""
    gray = np.full((80, 120), PAPER, np.uint8)
    gray[34:46, :] = RING
    stem = np.zeros_like(gray, bool)
    stem[20:60, 55:61] = True
    # Ink darkens multiplicatively: where the stem crosses the ring both transmittances apply.
    gray[stem] = np.round(gray[stem] * (TYPING / PAPER)).astype(np.uint8)
    marks = np.zeros_like(gray)
    marks[32:48, :] = 255
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    return gray, marks, ink


def _page(kind: str) -> Page:
    """The crossing on a page whose marks stage found a mark of `kind` over it."""
    gray, marks, ink = _crossing()
    h, w = gray.shape
    page = Page(Source("t.png", "0" * 64, 1, w, h), image=np.dstack([gray] * 3))
    page.masks.update(gray=gray, marks=marks, ink=ink)
    page.regions.append(Region("s1", kind, BBox(0, 20, w, 60), 0.9))
    return page


def test_a_letter_crossing_a_stamp_stroke_stays_whole():
    out = ocr_image(_page("stamp"))
    assert (out[34:46, 55:61] < 128).all(), "the stem's crossing was whitened with the ring"


def test_the_stamp_stroke_itself_is_gone():
    page = _page("stamp")
    out = ocr_image(page)
    ring_only = np.zeros(out.shape, bool)
    ring_only[32:48, :] = True
    ring_only[:, 50:66] = False
    assert (out[ring_only] == 255).all()
    unmarked = page.masks["marks"] == 0
    assert (out[unmarked] == page.masks["gray"][unmarked]).all(), "pixels outside the marks changed"


def test_handwriting_is_still_whitened():
    out = ocr_image(_page("handwriting"))
    assert (out[32:48, :] == 255).all()


def test_stamp_zones_filtered_alone_match_the_whole_page():
    """Two stamp zones on a larger page, each with its crossings, one touching the page edge:
    filtering only the zones gives what filtering the whole page gives inside them, and marks
    outside every zone are whitened."""
    gray, marks, ink = (np.tile(a, (3, 3)) for a in _crossing())
    stamped = np.zeros(gray.shape, bool)
    stamped[20:60, 0:120] = True
    stamped[100:140, 170:300] = True
    out = without_marks(gray, marks, ink, stamped)
    whole = through_marks(gray, stamped & (marks > 0), ink, ink_threshold(gray))
    assert (out[stamped] == whole[stamped]).all()
    assert (out[34:46, 55:61] < 128).all() and (out[114:126, 175:181] < 128).all()
    assert (out[(marks > 0) & ~stamped] == 255).all()
