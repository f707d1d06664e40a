"""The page's reading language is chosen from the orient probe's words off stamps and
handwriting; layout's type size is reused by recognize (brief L6, session 5)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import languages
from pipeline.engines.tesseract import OcrWord
from pipeline.imaging.blocks import glyph_height
from pipeline.imaging.geometry import rotate_small
from pipeline.model import BBox, Page, Region, Source
from pipeline.settings import Context, Settings
from pipeline.stages import layout, orient, recognize

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def lines_page(w=700, h=500) -> np.ndarray:
    img = Image.new("L", (w, h), 240)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    for i in range(7):
        draw.text((30, 30 + 34 * i), "Тов. Молотову и Вышинскому", font=font, fill=20)
    # One short line: the band's ink box tells where on the page it was cut.
    draw.text((30, 30 + 34 * 7), "Молотову", font=font, fill=20)
    return np.array(img)


class InkBoxEngine:
    """Reads a band as one word boxing all its dark pixels, with a scripted confidence."""

    def __init__(self, confidences):
        self.confidences = list(confidences)
        self.boxes = []

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        ys, xs = np.nonzero(image < 128)
        box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
        self.boxes.append((image, box))
        return [OcrWord("Молотову" * 5, box, self.confidences.pop(0), 1, 1, 1)]


def probe(image, confidences):
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    engine = InkBoxEngine(confidences)
    orient.apply(page, Context(Settings(), engine=engine))
    return page, engine


def dark(image, box):
    x0, y0, x1, y1 = (int(np.rint(v)) for v in box)
    return int((image[max(0, y0):y1, max(0, x0):x1] < 128).sum())


@pytest.mark.parametrize("turn", [0, 1, 2, 3])
@pytest.mark.parametrize("confs", [(0.9, 0.3, 0.5), (0.3, 0.9, 0.5), (0.3, 0.7, 0.9)])
def test_probe_words_are_boxed_in_original_pixels_whichever_way_the_page_was_read(turn, confs):
    image = np.ascontiguousarray(np.rot90(lines_page(), turn))
    page, engine = probe(image, confs)
    words = page.masks["probe_words"]
    assert words.shape == (1, 7) and tuple(words[0, 5:]) == (40, 0)
    # The reading kept is the one whose confidence the word carries.
    kept = confs.index(words[0, 4])
    band, box = engine.boxes[kept]
    # Its box on the original holds the same ink as on the band it was read on.
    assert dark(image, words[0, :4]) == pytest.approx(dark(band, box), rel=0.03)
    w, h = box[2] - box[0], box[3] - box[1]
    size = (words[0, 2] - words[0, 0], words[0, 3] - words[0, 1])
    # A page read across its turned lines (the third reading is of the scan as it is).
    across = turn % 2 == 1 and kept < 2
    assert size == pytest.approx((h, w) if across else (w, h), abs=2)


def test_probe_words_of_a_levelled_band_lie_on_the_skewed_page():
    page_img, _ = rotate_small(lines_page(900, 600), 3.0, 240)
    page, engine = probe(page_img, [0.9, 0.3])
    assert abs(page.preprocess.get("skew_deg", 0.0)) == 0.0  # orient only levels its probe
    band, box = engine.boxes[0]
    x0, y0, x1, y1 = page.masks["probe_words"][0, :4]
    # A levelled line's box turned back onto the skewed page: as wide, taller by the slope.
    assert x1 - x0 == pytest.approx(box[2] - box[0], abs=0.06 * (box[2] - box[0]))
    assert dark(page_img, (x0, y0, x1, y1)) >= 0.95 * dark(band, box)


def stamped_page(words, regions=(), letters=None):
    page = Page(Source("t.png", "0" * 64, 1, 1000, 1000))
    page.regions = [Region(id=f"m{k}", type=kind, bbox=BBox(*box), confidence=0.9)
                    for k, (kind, box) in enumerate(regions)]
    if words is not None:
        page.masks["probe_words"] = np.array(words, dtype=float).reshape(-1, 7)
    page.preprocess["probe_letters"] = letters or {}
    return page


TYPED = [10, 10, 200, 40, 0.95, 40, 0]
ON_STAMP = [300, 10, 500, 40, 0.9, 0, 20]
UNSURE = [10, 60, 200, 90, 0.2, 0, 12]


def test_letters_on_a_stamp_or_handwriting_do_not_count():
    page = stamped_page([TYPED, ON_STAMP], [("stamp", (450, 0, 700, 300))])
    assert languages.typed_probe_letters(page) == {"Cyrillic": 40, "Latin": 0}
    page = stamped_page([TYPED, ON_STAMP], [("handwriting", (250, 30, 320, 60))])
    assert languages.typed_probe_letters(page) == {"Cyrillic": 40, "Latin": 0}
    # A text region over the word is no reason to leave it out.
    page = stamped_page([TYPED, ON_STAMP], [("text", (0, 0, 900, 100))])
    assert languages.typed_probe_letters(page) == {"Cyrillic": 40, "Latin": 20}


def test_words_read_without_confidence_do_not_count_from_the_threshold_on():
    page = stamped_page([TYPED, UNSURE])
    assert languages.typed_probe_letters(page, 0.0) == {"Cyrillic": 40, "Latin": 12}
    assert languages.typed_probe_letters(page, 0.5) == {"Cyrillic": 40, "Latin": 0}


def test_without_probe_words_the_recorded_letters_are_used():
    page = stamped_page(None, [("stamp", (0, 0, 1000, 1000))], {"Cyrillic": 5, "Latin": 50})
    assert languages.typed_probe_letters(page) == {"Cyrillic": 5, "Latin": 50}


class LangEngine:
    """Records the language it was narrowed to; reads nothing."""

    lang = "rus+eng"

    def __init__(self, lang="rus+eng", log=None):
        self.lang, self.log = lang, log if log is not None else []

    def for_lang(self, lang):
        self.log.append(lang)
        return LangEngine(lang, self.log)

    def models(self):
        return frozenset({"rus", "eng"})

    def describe(self):
        return {"lang": self.lang}

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        return []


def test_recognize_narrows_a_russian_page_whose_latin_letters_are_on_its_stamp():
    page = stamped_page([TYPED, ON_STAMP], [("stamp", (450, 0, 700, 300))])
    engine = LangEngine()
    recognize.apply(page, Context(Settings(), engine=engine))
    assert engine.log == ["rus"] and page.engine["lang"] == "rus"
    page = stamped_page([TYPED, ON_STAMP])
    engine = LangEngine()
    recognize.apply(page, Context(Settings(), engine=engine))
    assert engine.log == ["rus+eng"]


def test_layout_keeps_the_type_size_recognize_would_measure():
    page = Page(Source("t.png", "0" * 64, 1, 700, 500), image=lines_page())
    layout.apply(page, Context(Settings()))
    measured = float(page.masks["typed_glyph_px"])
    assert measured > 10 and measured == glyph_height(page.masks["typed_ink"])


class MarkReader:
    """Reads the marks' sheet as one word; records which models it was asked for."""

    def __init__(self, lang="rus+eng", log=None):
        self.lang, self.log = lang, log if log is not None else []

    def for_lang(self, lang):
        self.log.append(lang)
        return MarkReader(lang, self.log)

    def recognize(self, image, psm=3, timeout=None):
        return [OcrWord(self.lang, (8, 8, 20, 20), 0.5, 1, 1, 1)]


def test_marks_of_a_russian_page_are_read_with_russian_alone():
    from pipeline.marks.reading import marks_lang, read_marks

    assert marks_lang("rus+eng", "rus") == "rus"
    assert marks_lang("rus+eng", "rus+eng") == "rus+eng"
    assert marks_lang("rus+eng", "eng") == "rus+eng"
    crops = [np.full((30, 40), 255, np.uint8)]
    engine = MarkReader()
    assert read_marks(engine, crops, 5, lang="rus") == [("rus", 0.5)]
    assert engine.log == ["rus"]
    assert read_marks(MarkReader(), crops, 5) == [("rus+eng", 0.5)]


def test_the_marks_stage_may_leave_out_boxes_it_has_not_yet_made_regions():
    page = stamped_page([TYPED, ON_STAMP])
    assert languages.typed_probe_letters(page)["Latin"] == 20
    assert languages.typed_probe_letters(page, marks=[BBox(450, 0, 700, 300)])["Latin"] == 0


def test_too_few_letters_off_the_marks_leave_the_whole_probe_to_judge():
    whole = {"Cyrillic": 1, "Latin": 32}
    short = [10, 10, 100, 40, 0.95, 0, 12]
    page = stamped_page([short, ON_STAMP], [("stamp", (450, 0, 700, 300))], whole)
    assert languages.typed_probe_letters(page) == whole
    page = stamped_page([TYPED, ON_STAMP], [("stamp", (450, 0, 700, 300))], whole)
    assert languages.typed_probe_letters(page) == {"Cyrillic": 40, "Latin": 0}
