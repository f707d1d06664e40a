import cv2
import numpy as np
import pytest

from pipeline import vote
from pipeline.engines.tesseract import OcrWord
from pipeline.errors import PageFailedError
from pipeline.model import BBox, Page, Region, Source
from pipeline.settings import Context, Settings
from pipeline.stages import assemble, recognize


class FakeEngine:
    """Returns fixed words (boxes in the pixels of the image it is given) and logs its calls."""

    name = "fake"

    def __init__(self, words):
        self.words = words
        self.calls = []

    def describe(self):
        return {"name": "fake", "version": "0", "lang": "rus"}

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        self.calls.append((image.copy(), psm))
        return list(self.words)


class CrashingEngine(FakeEngine):
    def recognize(self, image, psm=3, timeout=None, dpi=None):
        raise PageFailedError("tesseract failed: signal 11")


def two_block_page() -> Page:
    page = Page(Source("t.png", "0" * 64, 1, 400, 300), image=np.full((300, 400), 250, np.uint8))
    page.image[20:40, 20:80] = 0
    # working = original shifted left by 100 (as if cropped): original x = working x + 100
    page.apply_transform(np.array([[1, 0, -100], [0, 1, 0]], float), page.image)
    page.masks["text_boxes"] = np.array([[10, 10, 150, 60], [200, 10, 380, 60]])
    page.regions = [Region("t1", "text", BBox(110, 10, 250, 60), 0.0),
                    Region("s1", "stamp", BBox(0, 200, 50, 250), 0.5),
                    Region("t2", "text", BBox(300, 10, 380, 60), 0.0)]
    return page


WORDS = [OcrWord("СОВ.", (210, 12, 260, 30), 0.9, 1, 1, 1),
         OcrWord("МИД", (12, 12, 60, 30), 0.8, 1, 1, 1),
         OcrWord("СССР", (70, 13, 130, 31), 1.0, 1, 1, 1),
         OcrWord("Форма", (12, 38, 80, 56), 0.5, 1, 1, 2),
         OcrWord("СЕКРЕТНО", (270, 12, 370, 30), 0.7, 1, 1, 1),
         OcrWord("шум", (390, 200, 399, 210), 0.1, 2, 1, 1)]


def test_words_go_to_their_block_as_lines_with_original_boxes():
    page = two_block_page()
    engine = FakeEngine(WORDS)
    ctx = Context(Settings(), engine=engine)
    recognize.apply(page, ctx)
    assemble.apply(page, ctx)
    t1, stamp, t2 = page.regions
    assert [ln.text for ln in t1.lines] == ["МИД СССР", "Форма"]
    assert [ln.text for ln in t2.lines] == ["СОВ. СЕКРЕТНО"]
    assert t1.lines[0].words[0].bbox.to_list() == [112, 12, 160, 30]
    assert t1.lines[0].bbox.to_list() == [112, 12, 230, 31]
    assert t1.lines[0].confidence == pytest.approx((0.8 * 3 + 1.0 * 4) / 7)
    assert stamp.lines == [] and stamp.text == ""
    assert page.text == "МИД СССР\nФорма\nСОВ. СЕКРЕТНО"
    assert ctx.params["words_outside_blocks"] == 1
    assert page.engine["name"] == "fake" and page.engine["mode"] == recognize.MODE


def test_page_mode_blanks_everything_outside_the_blocks_and_marks():
    page = two_block_page()
    page.image[250:280, 300:390] = 0  # ink outside any block
    page.masks["marks"] = np.zeros((300, 400), np.uint8)
    page.masks["marks"][20:30, 20:40] = 255  # stamp ink inside block 1
    engine = FakeEngine([])
    recognize.apply(page, Context(Settings(), engine=engine))
    seen, _ = engine.calls[0]
    assert seen[250:280, 300:390].min() == 255
    assert seen[20:30, 20:40].min() == 255
    assert seen[30:40, 40:80].max() == 0


def test_region_mode_offsets_crops(monkeypatch):
    monkeypatch.setattr(recognize, "MODE", "region")
    page = two_block_page()
    engine = FakeEngine([OcrWord("Форма", (5, 5, 40, 20), 0.9, 1, 1, 1)])
    recognize.apply(page, Context(Settings(vote=False), engine=engine))
    assert len(engine.calls) == 2 and all(psm == recognize.REGION_PSM for _, psm in engine.calls)
    t2 = page.regions[2]
    # crop of block 2 starts at working (200 - PAD, 0): y is cut at the page edge;
    # original x = working x + 100
    pad = recognize.PAD
    assert t2.lines[0].words[0].bbox.to_list() == [305 - pad, 5, 340 - pad, 20]


def test_engine_crash_fails_the_page():
    page = two_block_page()
    with pytest.raises(PageFailedError):
        recognize.apply(page, Context(Settings(), engine=CrashingEngine([])))


def test_page_without_text_regions_still_records_the_engine():
    page = Page(Source("t.png", "0" * 64, 1, 50, 50), image=np.full((50, 50), 255, np.uint8))
    engine = FakeEngine(WORDS)
    recognize.apply(page, Context(Settings(), engine=engine))
    assert engine.calls == [] and page.engine["name"] == "fake"


def test_typed_blanks_are_read_from_the_ink_and_join_their_line():
    page = Page(Source("t.png", "0" * 64, 1, 400, 100), image=np.full((100, 400), 250, np.uint8))
    page.masks["gray"] = np.full((100, 400), 250, np.uint8)
    page.masks["gray"][20:50, 20:140] = 30  # the word "Тов." (as solid ink)
    page.masks["gray"][48:50, 170:270] = 30  # five underscores of 20 px pitch
    page.masks["text_boxes"] = np.array([[10, 10, 300, 52]])
    page.regions = [Region("t1", "text", BBox(10, 10, 300, 52), 0.0)]
    words = [OcrWord("Тов.", (20, 20, 100, 50), 0.9, 1, 1, 1), OcrWord("Копия", (100, 20, 160, 50), 0.9, 1, 1, 1),
             OcrWord("_", (170, 30, 190, 50), 0.3, 1, 1, 1)]
    ctx = Context(Settings(), engine=FakeEngine(words))
    recognize.apply(page, ctx)
    # Tesseract's lone '_' is replaced by the run measured in the ink, on the same line
    assert [ln.text for ln in page.regions[0].lines] == ["Тов. Копия _____"]
    assert ctx.params["underscore_runs"] == 1


def test_a_stop_read_off_a_blank_is_the_blanks_ink_and_a_worn_gap_does_not_split_it():
    page = Page(Source("t.png", "0" * 64, 1, 400, 100), image=np.full((100, 400), 250, np.uint8))
    page.masks["gray"] = np.full((100, 400), 250, np.uint8)
    page.masks["gray"][20:50, 20:100] = 30  # "Тов."
    page.masks["gray"][48:50, 130:180] = 30  # a blank of five 20 px underscores ...
    page.masks["gray"][48:50, 192:230] = 30  # ... with a worn gap of 12 px in its stroke
    page.masks["text_boxes"] = np.array([[10, 10, 300, 52]])
    page.regions = [Region("t1", "text", BBox(10, 10, 300, 52), 0.0)]
    words = [OcrWord("Тов.", (20, 20, 100, 50), 0.9, 1, 1, 1),
             OcrWord(".", (132, 44, 140, 50), 0.4, 1, 1, 1)]  # the blank's start read as a stop
    ctx = Context(Settings(), engine=FakeEngine(words))
    recognize.apply(page, ctx)
    assert [ln.text for ln in page.regions[0].lines] == ["Тов. _____"]


def test_blanks_beside_the_block_are_found_up_to_the_next_block():
    # Layout's denoised ink lost the hairline blanks, so block 1 ends after "Тов."; the
    # blanks of block 2's row beyond x=300 belong to block 2, not block 1.
    page = Page(Source("t.png", "0" * 64, 1, 500, 100), image=np.full((100, 500), 250, np.uint8))
    page.masks["gray"] = np.full((100, 500), 250, np.uint8)
    page.masks["gray"][20:50, 20:100] = 30   # "Тов."
    page.masks["gray"][48:50, 130:230] = 30  # five blanks, outside block 1's box
    page.masks["gray"][20:50, 310:340] = 30  # block 2's word
    page.masks["gray"][48:50, 365:465] = 30  # block 2's blanks, a space after its word
    page.masks["text_boxes"] = np.array([[10, 10, 110, 52], [300, 10, 345, 52]])
    page.regions = [Region("t1", "text", BBox(10, 10, 110, 52), 0.0),
                    Region("t2", "text", BBox(300, 10, 345, 52), 0.0)]
    words = [OcrWord("Тов.", (20, 20, 100, 50), 0.9, 1, 1, 1),
             OcrWord("Тов.", (310, 20, 340, 50), 0.9, 2, 1, 1)]
    ctx = Context(Settings(), engine=FakeEngine(words))
    recognize.apply(page, ctx)
    assert [ln.text for ln in page.regions[0].lines] == ["Тов. _____"]
    assert [ln.text for ln in page.regions[1].lines] == ["Тов. _____"]
    assert page.regions[0].bbox.x1 >= 230  # the region grew to hold its blanks


@pytest.mark.parametrize("lang, expected", [("rus+eng", "Тов. СОВ. МИД"), ("eng", "Tов. COB. МИД")])
def test_look_alike_latin_letters_are_fixed_only_when_reading_russian(lang, expected):
    page = two_block_page()
    words = [OcrWord("Tов.", (12, 12, 50, 30), 0.8, 1, 1, 1), OcrWord("COB.", (60, 12, 100, 30), 0.8, 1, 1, 1),
             OcrWord("МИД", (105, 12, 140, 30), 0.8, 1, 1, 1)]
    engine = FakeEngine(words)
    engine.describe = lambda: {"name": "fake", "version": "0", "lang": lang}
    recognize.apply(page, Context(Settings(), engine=engine))
    assert page.regions[0].text == expected


def test_small_type_is_enlarged_for_tesseract_and_boxes_come_back():
    assert recognize.upscale_factor(26.0) == 1.0
    assert recognize.upscale_factor(0.0) == 1.0
    assert recognize.upscale_factor(13.0) == pytest.approx(2.0)

    class Enlarged(FakeEngine):
        def recognize(self, image, psm=3, timeout=None, dpi=None):
            self.calls.append((image.copy(), psm))
            return [OcrWord("МИД", (40, 40, 100, 70), 0.9, 1, 1, 1)]  # in the enlarged image
    engine = Enlarged([])
    gray = np.full((100, 200), 250, np.uint8)
    per_block, _ = recognize._scaled(recognize._read_page, engine, gray,
                                     np.array([[10, 10, 80, 60]]), 2.0)
    assert engine.calls[0][0].shape == (200, 400)
    assert per_block[0][0].box == (20, 20, 50, 35)


def test_a_page_probed_as_one_script_is_read_with_its_models_only():
    class Multi(FakeEngine):
        lang = "rus+eng"

        def for_lang(self, lang):
            self.chosen = lang
            return self
    engine = Multi(WORDS)
    page = two_block_page()
    page.preprocess["probe_letters"] = {"Cyrillic": 90, "Latin": 3}
    recognize.apply(page, Context(Settings(), engine=engine))
    assert engine.chosen == "rus"


@pytest.mark.parametrize("installed, letters, chosen", [
    ({"rus", "eng", "Cyrillic"}, {"Cyrillic": 90, "Latin": 3}, "rus+Cyrillic"),
    ({"rus", "eng", "script/Cyrillic"}, {"Cyrillic": 90, "Latin": 3}, "rus+script/Cyrillic"),
    ({"rus", "eng"}, {"Cyrillic": 90, "Latin": 3}, "rus"),                # no script model
    ({"rus", "eng", "Cyrillic"}, {"Cyrillic": 50, "Latin": 50}, "rus+eng"),  # two scripts
])
def test_a_reading_in_one_script_takes_its_installed_script_model_second(installed, letters,
                                                                         chosen):
    class Multi(FakeEngine):
        lang = "rus+eng"

        def models(self):
            return frozenset(installed)

        def for_lang(self, lang):
            self.chosen = lang
            return self
    engine = Multi(WORDS)
    page = two_block_page()
    page.preprocess["probe_letters"] = letters
    recognize.apply(page, Context(Settings(), engine=engine))
    assert engine.chosen == chosen


def test_paper_is_whitened_but_strokes_keep_their_soft_edges():
    gray = np.full((40, 60), 250, np.uint8)
    gray[10:30, 5:15] = 215   # show-through from the back of the sheet: light and alone
    gray[10:30, 30:33] = 40   # a stroke ...
    gray[10:30, 33:35] = 215  # ... with its soft edge, as light as the show-through
    out = recognize.whiten_paper(gray.copy(), 200.0, reach=2)
    assert (out[10:30, 5:15] == 255).all()
    assert (out[10:30, 30:35] == gray[10:30, 30:35]).all()
    assert (out[0:5] == 255).all()  # paper grain
    assert (recognize.whiten_paper(gray.copy(), None) == gray).all()


def test_whitening_keeps_every_pixel_near_a_dark_one_as_it_was():
    rng = np.random.default_rng(7)
    gray = rng.integers(100, 256, (60, 80)).astype(np.uint8)
    gray[rng.random(gray.shape) < 0.9] = 230  # mostly light paper, a few dark specks
    level = 120.0
    near = cv2.dilate((gray <= level).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    out = recognize.whiten_paper(gray.copy(), level, reach=2)
    assert (out[near] == gray[near]).all() and (out[~near] == 255).all() and (~near).any()


def test_only_the_padded_blocks_are_left_for_tesseract():
    gray = np.random.default_rng(2).integers(0, 200, (120, 160)).astype(np.uint8)
    boxes = np.array([[30, 20, 60, 40], [100, 80, 150, 110]])
    out = recognize._only_blocks(gray, boxes)
    keep = np.zeros(gray.shape, bool)
    for x0, y0, x1, y1 in boxes:
        keep[max(0, y0 - recognize.PAD):y1 + recognize.PAD, max(0, x0 - recognize.PAD):x1 + recognize.PAD] = True
    assert (out[keep] == gray[keep]).all() and (out[~keep] == 255).all()


def _w(text, x0, y0, x1, y1, conf=0.9):
    return OcrWord(text, (x0, y0, x1, y1), conf, 1, 1, 1)


def test_each_line_takes_the_reading_nearest_the_others():
    first = [_w("Шифрованная", 10, 10, 200, 40), _w("ПТифрованная", 10, 60, 200, 90)]
    second = [_w("Шифровавная", 11, 11, 199, 41), _w("Шифрованная", 10, 61, 200, 91)]
    third = [_w("Шифрованная", 9, 9, 201, 39), _w("Шифрованная", 11, 59, 199, 89)]
    voted = vote.vote_lines([first, second, third])
    # Line 1: the first reading is the median. Line 2: the two others outvote it.
    assert [w.text for w in voted] == ["Шифрованная", "Шифрованная"]
    assert voted[0] is first[0] and voted[1] is second[1]


def test_a_line_seen_by_fewer_than_three_readings_keeps_the_first():
    first = [_w("Тов.", 10, 10, 60, 40), _w("Петрову", 70, 10, 180, 40)]
    second = [_w("Тоз.", 10, 10, 60, 40), _w("Пеірову", 70, 10, 180, 40)]
    third = [_w("Копия", 10, 200, 90, 230)]  # elsewhere: no match for the first line
    voted = vote.vote_lines([first, second, third])
    assert [w.text for w in voted] == ["Тов.", "Петрову"]


def test_a_line_only_the_other_readings_found_is_added_when_all_of_them_have_it():
    first = [_w("МИД", 10, 10, 60, 40)]
    second = [_w("МИД", 10, 10, 60, 40), _w("СССР", 10, 60, 80, 90)]
    third = [_w("МИД", 10, 10, 60, 40), _w("СССР", 11, 61, 81, 91)]
    assert [w.text for w in vote.vote_lines([first, second, third])] == ["МИД", "СССР"]
    lone = [_w("МИД", 10, 10, 60, 40)]
    assert [w.text for w in vote.vote_lines([first, second, lone])] == ["МИД"]


def test_vote_scales_follow_the_glyph_and_skip_repeats():
    assert recognize.vote_factors(0.0, 1.0) == []
    fs = recognize.vote_factors(25.0, 1.0)
    assert fs == pytest.approx([t / 25.0 for t in recognize.VOTE_GLYPH_PX])
    # A scale equal to the first reading's is not read twice; none goes below the floor.
    assert recognize.vote_factors(recognize.VOTE_GLYPH_PX[0], 1.0) == pytest.approx(
        [recognize.VOTE_GLYPH_PX[1] / recognize.VOTE_GLYPH_PX[0]])
    assert min(recognize.vote_factors(200.0, 1.0)) == recognize.MIN_VOTE_SCALE


def test_a_page_is_read_at_three_scales_and_voted_line_by_line():
    class Scales(FakeEngine):
        """Reads `ПТифрованная` on the whole page only; a word over each patch of ink."""

        def recognize(self, image, psm=3, timeout=None, dpi=None):
            self.calls.append((image.copy(), psm))
            _, _, stats, _ = cv2.connectedComponentsWithStats((image < 128).astype(np.uint8))
            text = "ПТифрованная" if image.shape[1] == 400 else "Шифрованная"
            return [OcrWord(text, (x, y, x + w, y + h), 0.8, 1, 1, 1)
                    for x, y, w, h, _ in stats[1:].tolist()]
    page = two_block_page()
    engine = Scales([])
    recognize.apply(page, Context(Settings(vote=True), engine=engine))
    # the page, then its doubtful strips at both extra scales in one call
    assert len(engine.calls) == 2
    assert max(c[0].shape[1] for c in engine.calls) == 400
    assert page.regions[0].text == "Шифрованная"
    # without the vote: one reading, at full size, taken as read
    page, engine = two_block_page(), Scales([])
    recognize.apply(page, Context(Settings(vote=False), engine=engine))
    assert len(engine.calls) == 1 and page.regions[0].text == "ПТифрованная"


def test_a_line_one_reading_split_in_two_is_voted_whole_without_repeating_words():
    # The first reading split the line into two rows (a word sits lower on its rule).
    first = [_w("Куда", 10, 10, 60, 40), _w("Кому", 200, 10, 260, 40),
             _w("ТИРАНА", 70, 26, 180, 60)]
    whole = [_w("Куда", 10, 12, 60, 42), _w("ТИРАНА", 70, 14, 180, 44),
             _w("Кому", 200, 12, 260, 42)]
    voted = vote.vote_lines([first, whole, list(whole)])
    assert [w.text for w in voted] == ["Куда", "ТИРАНА", "Кому"]


def test_a_word_both_other_readings_agree_on_replaces_the_chosen_lines_word():
    def line(a, b, c):
        return [_w(a, 10, 10, 120, 40), _w(b, 130, 10, 210, 40), _w(c, 220, 11, 280, 41)]
    first = line("Десятый", "сгдел", "МИД")
    second = line("Десятый", "отдел", "МИЛ")
    third = line("Лесятый", "отдел", "МИД")
    # Line costs 6, 5, 5: the second reading's line is chosen; its `МИЛ` is outvoted by the
    # two others' `МИД`, while its other words have one reading backing them each.
    voted = vote.vote_lines([first, second, third])
    assert [w.text for w in voted] == ["Десятый", "отдел", "МИД"]
    assert voted[2].box == second[2].box
    # Two other readings that do not agree leave the word as chosen.
    third = line("Лесятый", "отдел", "МИП")
    assert [w.text for w in vote.vote_lines([first, second, third])][2] == "МИЛ"


def test_a_line_is_in_doubt_when_its_letters_are_read_unsure():
    sure = [_w("Шифрованная", 10, 10, 200, 40, 0.95), _w("телеграмма", 210, 10, 380, 40, 0.93)]
    assert not vote.doubtful(sure)
    # Weighted by letters: 11 sure letters and 2 unsure ones are (11*.95 + 2*.2)/13 = 0.83.
    assert vote.doubtful([sure[0], _w("Г.", 210, 10, 240, 40, 0.2)])
    assert not vote.doubtful([_w("Шифрованнаятелеграмма", 10, 10, 380, 40, 0.9),
                                   _w("Г.", 390, 10, 420, 40, 0.9)])


def test_only_doubtful_lines_lines_sharing_rows_and_empty_blocks_are_strips():
    box = (5, 5, 400, 200)
    words = [_w("МИД", 10, 10, 60, 40, 0.95), _w("Фиипов", 10, 60, 120, 90, 0.4),
             _w("Копия", 10, 110, 120, 140, 0.95)]
    assert vote.doubtful_strips(words, box, None, 0.0) == [(5, 60, 400, 90)]
    assert vote.doubtful_strips([], box, None, 0.0) == [box]
    # A sure line that the first reading split into two lines on the same rows (a tall `|`
    # joined the first word's line, the next word sat too low for it) is read again whole.
    split = [_w("повторите", 10, 60, 120, 90, 0.96), _w("|", 300, 62, 310, 120, 0.96),
             _w("решительной", 130, 88, 250, 118, 0.96)]
    assert len(vote._lines_of(split)) == 2
    assert vote.doubtful_strips(words[:1] + split, box, None, 0.0) == [(5, 60, 400, 120)]
    assert vote.doubtful_strips(words[:1] + words[2:], box, None, 0.0) == []


def test_ink_no_word_covers_makes_a_strip_but_specks_and_rules_do_not():
    ink = np.zeros((200, 400), np.uint8)
    ink[12:38, 12:58] = 255           # under the word `МИД`
    ink[112:138, 200:240] = 255       # a letter the first reading lost, beside `Копия`
    ink[70:72, 10:390] = 255          # a typed rule (a blank's underscores): too thin
    ink[160:163, 300:303] = 255       # a speck
    words = [_w("МИД", 10, 10, 60, 40), _w("Копия", 10, 110, 120, 140)]
    assert vote.unread_rows(ink, words, (0, 0, 400, 200), 24.0) == [(112, 138)]
    assert vote.doubtful_strips(words, (0, 0, 400, 200), ink, 24.0) == [(0, 110, 400, 140)]
    ink[112:138, 200:240] = 0
    assert vote.unread_rows(ink, words, (0, 0, 400, 200), 24.0) == []


def test_lines_in_a_strip_are_voted_and_the_others_kept_as_first_read():
    first = [[_w("МИЛ", 10, 10, 60, 40), _w("ПТифрованная", 10, 60, 200, 90, 0.3)]]
    other = [_w("МИД", 10, 10, 60, 40), _w("Шифрованная", 10, 61, 200, 91)]
    voted = vote.vote_doubtful(first, [(0, (5, 60, 400, 90))], [other, list(other)])
    # `МИЛ` lies outside the strip, so the other readings' `МИД` does not replace it.
    assert sorted(w.text for w in voted[0]) == ["МИЛ", "Шифрованная"]
    assert first[0][1].text == "ПТифрованная"  # the first reading is not changed in place


def test_the_vote_rereads_only_the_doubtful_block_cut_from_the_page():
    class Doubting(FakeEngine):
        """One word over each patch of paper left (everything else is 255): on the first
        call a sure `СССР` left and an unsure `ПТифрованная` right, later `Шифрованная`."""

        def recognize(self, image, psm=3, timeout=None, dpi=None):
            first = not self.calls
            self.calls.append((image.copy(), psm))
            _, _, stats, _ = cv2.connectedComponentsWithStats((image < 255).astype(np.uint8))
            out = []
            for x, y, w, h, _ in sorted(stats[1:].tolist()):
                text, conf = ("Шифрованная", 0.9) if not first else (
                    ("СССР", 0.95) if not out else ("ПТифрованная", 0.3))
                out.append(OcrWord(text, (x + 2, y + 2, x + w - 2, y + h - 2), conf, 1, 1, 1))
            return out
    page = two_block_page()
    ink = np.zeros(page.image.shape[:2], np.uint8)
    ink[20:40, 20:80] = 255
    page.masks["typed_ink"] = ink
    engine = Doubting([])
    recognize.apply(page, Context(Settings(vote=True), engine=engine))
    assert len(engine.calls) == 2
    image, _ = engine.calls[1]
    # only the right block's strip, cut out: smaller than the page, one patch of paper at each
    # of the two extra scales
    assert image.shape[1] < 300 and cv2.connectedComponents((image < 255).astype(np.uint8))[0] == 3
    assert page.regions[0].text == "СССР" and page.regions[2].text == "Шифрованная"
    # the voted word's box is back in the page's (original) pixels: over the right block's
    # padded box (working x 188.., original = working + 100), not at the cut's corner
    box = page.regions[2].lines[0].words[0].bbox
    assert box.x0 >= 200 - recognize.PAD + 100 and box.y0 <= 10
