"""The vote as the default reading (issue 8, session 7): ties between readings go to the surer
one, and `run` votes unless told `--no-vote`."""

import cv2
import numpy as np

from pipeline import vote
from pipeline.cli import build_parser
from pipeline.engines.tesseract import OcrWord
from pipeline.model import BBox, Page, Region, Source
from pipeline.settings import Context, Settings
from pipeline.stages import recognize


def _w(text, x0, conf):
    return OcrWord(text, (x0, 10, x0 + 60, 40), conf, 1, 1, 1)


def test_readings_equally_near_the_others_go_to_the_surest():
    # `МИЛ`, `МИД`, `МИП`: each one edit from both others, so distance cannot choose.
    first, second, third = [_w("МИЛ", 10, 0.5)], [_w("МИД", 11, 0.9)], [_w("МИП", 9, 0.7)]
    assert [w.text for w in vote.vote_lines([first, second, third])] == ["МИД"]
    # equally sure: the first reading, as before
    second = [_w("МИД", 11, 0.5)]
    third = [_w("МИП", 9, 0.5)]
    assert [w.text for w in vote.vote_lines([first, second, third])] == ["МИЛ"]


def test_a_nearer_reading_wins_over_a_surer_one():
    # `МИД` read twice is nearest (1 edit against 2) though both of its readings are less sure.
    first, second, third = [_w("МИЛ", 10, 0.99)], [_w("МИД", 11, 0.3)], [_w("МИД", 9, 0.2)]
    assert [w.text for w in vote.vote_lines([first, second, third])] == ["МИД"]


def test_the_run_command_votes_unless_told_not_to():
    assert Settings().vote is True
    parser = build_parser()
    assert parser.parse_args(["run"]).vote is True
    assert parser.parse_args(["run", "--vote"]).vote is True
    assert parser.parse_args(["run", "--no-vote"]).vote is False


class Scales:
    """Reads `ПТифрованная`, unsure, the first time and `Шифрованная` after (at other scales)."""

    def __init__(self):
        self.calls = []

    def describe(self):
        return {"name": "fake", "version": "0", "lang": "rus"}

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        self.calls.append(image.shape)
        # the one word's ink, wherever the image was cut (once per scale on a vote's sheet)
        _, _, stats, _ = cv2.connectedComponentsWithStats((image < 128).astype(np.uint8))
        text = "ПТифрованная" if len(self.calls) == 1 else "Шифрованная"
        return [OcrWord(text, (x, y, x + w, y + h), 0.6, 1, 1, 1)
                for x, y, w, h, _ in stats[1:].tolist()]


def _page() -> Page:
    page = Page(Source("t.png", "0" * 64, 1, 400, 300), image=np.full((300, 400), 250, np.uint8))
    page.image[20:40, 20:80] = 0
    page.masks["text_boxes"] = np.array([[10, 10, 150, 60]])
    page.regions = [Region("t1", "text", BBox(10, 10, 150, 60), 0.0)]
    return page


def test_the_recognize_stage_votes_by_default_and_reads_once_without_it():
    page, engine = _page(), Scales()
    recognize.apply(page, Context(Settings(), engine=engine))
    # the first reading, then both extra scales in one call
    assert len(engine.calls) == 2 and page.regions[0].text == "Шифрованная"
    page, engine = _page(), Scales()
    recognize.apply(page, Context(Settings(vote=False), engine=engine))
    assert len(engine.calls) == 1 and page.regions[0].text == "ПТифрованная"
