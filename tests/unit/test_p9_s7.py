"""The vote for less (issue 8, session 7, P9): both extra scales of the doubtful strips read in
one Tesseract call, with the models of the first reading."""

import cv2
import numpy as np

from pipeline.engines.tesseract import OcrWord
from pipeline.model import BBox, Page, Region, Source
from pipeline.settings import Context, Settings
from pipeline.stages import recognize


class Components:
    """One word per patch of ink (< 128) of each image it is given, box = the patch's: an
    unsure `ПТифрованная` on the first call, a sure `Шифрованная` after; logs (lang, image)."""

    def __init__(self, lang="rus", log=None):
        self.lang = lang
        self.log = [] if log is None else log

    def describe(self):
        return {"name": "fake", "version": "0", "lang": self.lang}

    def models(self):
        return frozenset({"rus", "eng", "Cyrillic"})

    def for_lang(self, lang):
        return self if lang == self.lang else Components(lang, self.log)

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        first = not self.log
        self.log.append((self.lang, image.copy()))
        _, _, stats, _ = cv2.connectedComponentsWithStats((image < 128).astype(np.uint8))
        text, conf = ("ПТифрованная", 0.6) if first else ("Шифрованная", 0.9)
        return [OcrWord(text, (x, y, x + w, y + h), conf, 1, 1, 1)
                for x, y, w, h, _ in sorted(stats[1:].tolist())]


def _page() -> Page:
    page = Page(Source("t.png", "0" * 64, 1, 400, 300), image=np.full((300, 400), 250, np.uint8))
    page.image[20:45, 20:80] = 0
    page.masks["text_boxes"] = np.array([[10, 10, 150, 60]])
    page.regions = [Region("t1", "text", BBox(10, 10, 150, 60), 0.0)]
    return page


def test_both_extra_scales_are_read_in_one_call_and_voted():
    page, engine = _page(), Components()
    recognize.apply(page, Context(Settings(), engine=engine))
    assert len(engine.log) == 2
    sheet = engine.log[1][1]
    _, _, stats, _ = cv2.connectedComponentsWithStats((sheet < 128).astype(np.uint8))
    heights = sorted(int(h) for h in stats[1:, 3])
    # the one word twice, one copy under the other, each at its own scale (smaller than 25 px)
    assert len(heights) == 2 and heights[0] < heights[1] < 25
    assert stats[1:, 1].max() > stats[1:, 1].min() + heights[0]
    assert page.regions[0].text == "Шифрованная"
    box = page.regions[0].lines[0].words[0].bbox
    assert abs(box.x0 - 20) <= 2 and abs(box.y0 - 20) <= 2 and abs(box.x1 - 80) <= 2


def test_the_copies_words_go_back_to_the_page_each_by_its_own_scale():
    image = np.full((200, 400), 255, np.uint8)
    image[40:64, 50:150] = 0
    image[120:144, 200:330] = 0
    strips = np.array([[30, 30, 360, 70], [30, 110, 360, 150]], np.int64)
    factors = [0.76, 0.6]

    class Gap(Components):
        """Also reads a word in the blank rows between the two copies."""

        def recognize(self, image, psm=3, timeout=None, dpi=None):
            words = super().recognize(image, psm, timeout, dpi)
            tops = sorted(w.box[1] for w in words)
            bottoms = sorted(w.box[3] for w in words)
            # halfway from the first copy's last word to the second copy's first
            mid = (bottoms[1] + tops[2]) // 2
            return words + [OcrWord("шум", (10, mid - 2, 40, mid + 2), 0.2, 1, 1, 1)]

    engine = Gap()
    engine.log.append(("rus", image))  # past the first reading
    readings = recognize._rereads(engine, image, strips, factors, None)
    assert len(engine.log) == 2 and len(readings) == 2
    for words in readings:
        assert sorted(w.text for w in words) == ["Шифрованная", "Шифрованная"]
        boxes = sorted(w.box for w in words)
        for got, want in zip(boxes, [(50, 40, 150, 64), (200, 120, 330, 144)]):
            assert max(abs(a - b) for a, b in zip(got, want)) <= 2


def test_the_extra_readings_keep_the_first_readings_models():
    # Read with `rus` alone, the extra scales cost less but outvoted `rus+Cyrillic` wrongly
    # (dev heavy, gray, light pages 0.11-0.18 points worse).
    page, engine = _page(), Components("rus")
    recognize.apply(page, Context(Settings(), engine=engine))
    assert [lang for lang, _ in engine.log] == ["rus+Cyrillic", "rus+Cyrillic"]
    assert page.engine["lang"] == "rus+Cyrillic"
