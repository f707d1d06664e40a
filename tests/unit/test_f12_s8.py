"""Session 8, fields (helper F12): a sender lost under a signature read from the band above
the copy count out to the page's right edge (a signature block is set right of the body), in
windows a name wide (the pen's scrawl across the name's front left out of most of them),
from the body's last line when scraps of the signed line were read as lines of their own;
a formula line's doubled closing stop and a speck read before a line's first letter dropped."""

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.engines.tesseract import shared_engine
from pipeline.fields import names, values
from pipeline.fields.extract import _sender_from_ink, tidied
from pipeline.fields.finders import Hit, State
from pipeline.fields.lines import TextLine
from pipeline.model import BBox, Field, Page, Source
from pipeline.profiles import get_profile

RU = "mfa-ciphered-telegram"
MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None or not MONO.exists(),
                                     reason="no tesseract or no DejaVu Sans Mono")


def _signed_page(name_x: int, scrawl: bool) -> tuple[Page, list[TextLine]]:
    # The foot of a telegram typed in a monospace face: the body's last line, the sender's
    # name set right at `name_x` (past the body's right edge when large), the copy count.
    image = Image.new("L", (1500, 420), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(MONO), 34)
    lines = []
    for text, x, y in (("Кандидатуры переводчиков сообщите.", 60, 40), ("6 экз. нб", 60, 330)):
        draw.text((x, y), text, font=font, fill=20)
        box = BBox(*draw.textbbox((x, y), text, font=font))
        lines.append(TextLine(text, box, 0.9, geom=box))
    draw.text((name_x, 185), "ЗАХАРОВ", font=font, fill=20)
    gray = np.array(image)
    if scrawl:  # a signature's loops run into the name's first letter
        pts = np.array([[name_x - 230 + 25 * i, 170 + (50 if i % 2 else 0)] for i in range(11)], np.int32)
        cv2.polylines(gray, [pts], False, 60, 4)
    page = Page(Source("t.png", "0" * 64, 1, gray.shape[1], gray.shape[0]))
    ink = np.where(gray < 160, 255, 0).astype(np.uint8)
    page.masks.update(gray=gray, ink=ink, marks=np.zeros_like(ink))
    return page, lines


def _sender(page: Page, lines: list[TextLine]):
    spec = get_profile(RU).fields["signatories"]
    state = State(lines, latin=False, labels=[])
    return names.sender_from_ink(lambda lang: shared_engine(lang, 60), page, spec, state,
                                 ["Захарову", "Копия"], [])


@needs_tesseract
def test_a_sender_set_right_of_the_body_is_read_from_the_band_to_the_pages_edge():
    # the name starts past the body's last letter: a band cut at the lines' right edge loses it
    page, lines = _signed_page(1250, scrawl=False)
    assert page.masks["gray"][:, 1250:].min() < 100 and lines[0].geom.x1 < 1250
    hit = _sender(page, lines)
    assert hit is not None and hit.value == "ЗАХАРОВ"
    assert hit.confidence == names.INK_CONF and hit.bbox.x1 > 1250 + 7 * 20


@needs_tesseract
def test_a_sender_a_signature_runs_into_is_read_and_a_band_without_one_gives_none():
    page, lines = _signed_page(1000, scrawl=True)
    hit = _sender(page, lines)
    assert hit is not None and hit.value == "ЗАХАРОВ"
    assert hit.bbox.x0 < 1000 + 20 and hit.bbox.x1 > 1000 + 7 * 20  # the name inside the box
    empty, lines = _signed_page(1000, scrawl=False)
    empty.masks["gray"][100:320, 700:] = 255
    empty.masks["ink"][100:320, 700:] = 0
    assert _sender(empty, lines) is None


@needs_tesseract
def test_a_scrap_of_the_signed_line_above_the_count_is_not_taken_for_the_line_above_the_name():
    # the page's reading kept a scrap of the signed line ("АРОВ", set right of the body's
    # middle) as a line of its own: the band runs from the body's last line, not from it, and
    # the scrap, a piece of the name read, gives way to the name
    page, (body, count) = _signed_page(1000, scrawl=True)
    scrap = TextLine("АРОВ", BBox(1020, 185, 1160, 215), 0.4, geom=BBox(1020, 185, 1160, 215))
    lines = [body, scrap, count]
    profile = get_profile(RU)
    fields = {"signatories": Field(["АРОВ"], "АРОВ", scrap.bbox, 0.4),
              "distribution": Field(["Захарову", "Копия"], "Захарову\nКопия", None, 0.9)}
    notes = _sender_from_ink(lambda lang: shared_engine(lang, 60), page, profile,
                             State(lines, latin=False, labels=[]), fields)
    assert fields["signatories"].value == ["ЗАХАРОВ"]
    assert "in place of 'АРОВ'" in notes["signatories"].reason


@pytest.mark.parametrize("scrap, name, piece", [("АИЛОВ", "МИХАЙЛОВ", True), ("ЛЕБЕД", "ЛЕБЕДЕВ", True),
                                                ("ГРОМОВ", "МИХАЙЛОВ", False), ("ОВ", "ГРОМОВ", False),
                                                ("ОРЛОВ", "СОКОЛОВ", False), ("ГРОМОВ", "ГРОМОВ", False)])
def test_a_piece_of_a_name_is_a_shorter_nearly_spelt_part_of_it(scrap, name, piece):
    assert names.piece_of(scrap, name) is piece


def test_name_windows_are_a_name_and_a_letter_wide_one_pitch_apart():
    box = BBox(0, 0, 600, 30)  # 30 letters over 600 px: a pitch of 20
    lines = [TextLine("x" * 30, box, 0.9, geom=box)]
    band = np.zeros((40, 1000), np.uint8)
    windows = names._name_windows(band, lines, ["Захарову", "Копия"])
    assert {w.shape for _, w in windows} == {(40, 180)}  # (8 + 1) letters of 20 px
    assert [x for x, _ in windows] == list(range(0, 1000 - 180 + 1, 20))
    assert names._name_windows(band, [TextLine("short", box, 0.9, geom=box)], ["Захарову"]) == []


@pytest.mark.parametrize("read, typed", [("Послу..", "Послу."), ("Послу. .", "Послу."),
                                         ("Послу,", "Послу."), ("Послу.", "Послу."),
                                         ("и т. д.", "и т. д.")])
def test_a_formula_lines_closing_stop_is_one_stop(read, typed):
    assert values.final_stop(read) == typed


@pytest.mark.parametrize("read, typed", [("°Для тов. Николаева.", "Для тов. Николаева."),
                                         ("/ To Cde. Lebedev.", "To Cde. Lebedev."),
                                         ("«Для тов. Петрова.", "«Для тов. Петрова."),
                                         ("Для тов. Петрова.", "Для тов. Петрова."),
                                         ("2 экз.", "2 экз.")])
def test_a_speck_before_a_lines_first_letter_is_dropped(read, typed):
    assert values.letter_first(read) == typed


@pytest.mark.parametrize("profile, read, typed", [
    (RU, "°Для тов. Николаева.", "Для тов. Николаева."), (RU, "Послу..", "Послу."),
    ("mfa-ciphered-telegram-en", "/ To Cde. Lebedev.", "To Cde. Lebedev.")])
def test_the_recipient_line_is_tidied_with_a_review_entry(profile, read, typed):
    hit = Hit(read, read, 0, 0, BBox(0, 0, 10, 10), 0.9)
    tidy, note = tidied(hit, get_profile(profile).fields["recipient_line"])
    assert tidy.value == typed and tidy.confidence < hit.confidence and repr(typed) in note
