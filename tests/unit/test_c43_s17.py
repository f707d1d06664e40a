"""C43 s17: a form's blank printed lighter than the page's ink threshold, and the stop before a
blank that Tesseract left out of a form's small print."""

import numpy as np

from pipeline.engines.tesseract import OcrWord
from pipeline.imaging.underscores import blank_like
from pipeline.model import BBox, Page, Region, Source
from pipeline.settings import Context, Settings
from pipeline.stages import recognize
from pipeline.wordfix import stops_before_blanks

from test_recognize import FakeEngine

ROWS = (20, 70, 120, 170)  # tops of a copy list's four lines, 30 px high


def copy_list_page(blank_gray: list[int]) -> tuple[Page, list[OcrWord]]:
    """Four lines `Тов.` (ink with soft edges, so that the page's threshold falls between the
    edges and the paper) each with a 100 px blank of the given gray under its foot, one block;
    Tesseract's words for them (the blanks not read)."""
    page = Page(Source("t.png", "0" * 64, 1, 400, 230), image=np.full((230, 400), 250, np.uint8))
    gray = np.full((230, 400), 250, np.uint8)
    words = []
    for top, tone in zip(ROWS, blank_gray):
        gray[top:top + 30, 20:100] = 110
        gray[top + 4:top + 26, 24:96] = 30
        gray[top + 28:top + 30, 130:230] = tone
        words.append(OcrWord("Тов.", (20, top, 100, top + 30), 0.9, 1, 1, 1))
    page.masks["gray"] = gray
    page.masks["text_boxes"] = np.array([[10, 10, 300, 202]])
    page.regions = [Region("t1", "text", BBox(10, 10, 300, 202), 0.0)]
    return page, words


def test_a_blank_printed_lighter_than_the_threshold_is_found_beside_its_like():
    # The second line's blank is lighter than the page's ink threshold, darker than its paper.
    page, words = copy_list_page([30, 160, 30, 30])
    recognize.apply(page, Context(Settings(), engine=FakeEngine(words)))
    assert [ln.text for ln in page.regions[0].lines] == ["Тов. _____"] * 4


def test_a_light_stroke_unlike_the_pages_blanks_is_not_one():
    page, words = copy_list_page([30, 160, 30, 30])
    page.masks["gray"][98:100, 130:230] = 250
    page.masks["gray"][98:100, 130:180] = 160  # half a blank's length: not the form's blank
    recognize.apply(page, Context(Settings(), engine=FakeEngine(words)))
    assert [ln.text for ln in page.regions[0].lines] == ["Тов. _____", "Тов.", "Тов. _____",
                                                         "Тов. _____"]


def test_a_light_stroke_of_a_blanks_length_out_of_their_column_is_not_one():
    page, words = copy_list_page([30, 160, 30, 30])
    page.masks["gray"][98:100, 130:230] = 250
    page.masks["gray"][98:100, 180:280] = 160  # a pen's rim, say: half a blank to the right
    recognize.apply(page, Context(Settings(), engine=FakeEngine(words)))
    assert [ln.text for ln in page.regions[0].lines] == ["Тов. _____", "Тов.", "Тов. _____",
                                                         "Тов. _____"]


def test_a_run_has_the_blanks_length_only_beside_two_of_them():
    assert blank_like(140, [141, 139, 60])
    assert not blank_like(140, [141, 60])
    assert not blank_like(100, [141, 139, 140])


def _letters_and_stop(dot: bool) -> np.ndarray:
    """Ink (255) of a three-letter word, 20 px high, whose box Tesseract ends at x = 70, a stop
    3 px past it on the baseline when `dot`, and a blank's stroke from x = 100 under the foot."""
    ink = np.zeros((60, 200), np.uint8)
    for x in (10, 32, 54):
        ink[20:40, x:x + 14] = 255
    if dot:
        ink[36:40, 73:77] = 255
    ink[44:46, 100:190] = 255
    return ink


def test_a_stop_tesseract_left_out_before_a_blank_is_taken_from_the_ink():
    words = [OcrWord("Тов", (10, 20, 70, 40), 0.9, 1, 1, 1),
             OcrWord("_____", (100, 12, 190, 46), 0.5, 0, 0, 0)]
    assert [w.text for w in stops_before_blanks(words, _letters_and_stop(True))] == ["Тов.",
                                                                                     "_____"]
    assert [w.text for w in stops_before_blanks(words, _letters_and_stop(False))] == ["Тов",
                                                                                      "_____"]


def test_no_stop_is_added_before_a_word_or_after_one_read_with_it():
    ink = _letters_and_stop(True)
    word = [OcrWord("Тов", (10, 20, 70, 40), 0.9, 1, 1, 1),
            OcrWord("Копия", (100, 20, 190, 40), 0.9, 1, 1, 1)]
    assert [w.text for w in stops_before_blanks(word, ink)] == ["Тов", "Копия"]
    read = [OcrWord("Тов.", (10, 20, 78, 40), 0.9, 1, 1, 1),
            OcrWord("_____", (100, 12, 190, 46), 0.5, 0, 0, 0)]
    assert [w.text for w in stops_before_blanks(read, ink)] == ["Тов.", "_____"]
