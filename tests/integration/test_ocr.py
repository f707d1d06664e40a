"""Real Tesseract on small drawn pages: orientation, skew, layout, recognition, boxes."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.engines.tesseract import installed_models
from pipeline.evaluation.metrics import cer
from pipeline.model import Page, Source
from pipeline.process import load_chain, run_stages
from pipeline.settings import Context, Settings
from pipeline.stages import orient

pytestmark = pytest.mark.slow

FONT = "/usr/share/fonts/truetype/paratype/PTM55F.ttf"
LEFT = ["МИД СССР", "Исход. № 8600", "Десятый отдел"]
RIGHT = ["СОВ. СЕКРЕТНО", "Спец. № 550"]
BODY = ["В беседе с корейскими товарищами Филиппов", "и его друзья высказали мнение, что в",
        "силу изменившейся международной обстановки", "они согласны с предложением корейцев."]
GOLD = "\n".join(LEFT + RIGHT + BODY)
CHAIN = ("orient", "deskew", "clean", "layout", "recognize", "assemble")


def telegram(ccw_deg: float = 0.0, quarter_cw: int = 0, noise: float = 0.0) -> np.ndarray:
    """A 1300x640 RGB crop of a telegram: a two-column header above a paragraph."""
    img = Image.new("RGB", (1300, 640), (238, 233, 220))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i, t in enumerate(LEFT):
        draw.text((60, 50 + 52 * i), t, font=font, fill=(35, 30, 40))
    for i, t in enumerate(RIGHT):
        draw.text((780, 50 + 52 * i), t, font=font, fill=(35, 30, 40))
    for i, t in enumerate(BODY):
        draw.text((60, 320 + 52 * i), t, font=font, fill=(35, 30, 40))
    a = np.array(img)
    if ccw_deg:
        m = cv2.getRotationMatrix2D((650, 320), ccw_deg, 1.0)
        a = cv2.warpAffine(a, m, (1300, 640), borderValue=(238, 233, 220))
    if noise:
        rng = np.random.default_rng(3)
        a = np.clip(a + rng.normal(0, noise, a.shape), 0, 255).astype(np.uint8)
    if quarter_cw:
        a = np.ascontiguousarray(np.rot90(a, k=-quarter_cw // 90))
    return a


def run(image: np.ndarray, **settings) -> Page:
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    return run_stages(page, Context(Settings(lang="rus+eng", **settings)), load_chain(CHAIN))


def test_clean_page_reads_column_by_column():
    page = run(telegram())
    rate, n = cer(GOLD, page.text)
    assert n == len(GOLD.replace("\n", "")) + GOLD.count("\n")
    assert rate < 0.03, page.text
    # a header column is read whole before the other column
    assert page.text.index("Десятый") < page.text.index("СЕКРЕТНО")
    assert page.engine["name"] == "tesseract" and page.engine["lang_requested"] == "rus+eng"
    # the orient probe saw Cyrillic only, so the English model was left out, and the Cyrillic
    # script model (where installed) reads second
    script = "+Cyrillic" if "Cyrillic" in installed_models() else ""
    assert page.engine["lang"] == "rus" + script
    assert [s.name for s in page.steps] == list(CHAIN)
    # the lines in doubt read again at two more scales unless the vote is turned off
    assert len(page.steps[CHAIN.index("recognize")].params["vote_scales"]) == 2


def test_vote_reads_the_page_at_two_more_scales():
    page = run(telegram(noise=40), vote=True)
    assert cer(GOLD, page.text)[0] < 0.03, page.text
    # read at two more scales, other than the first reading's, and the lines in doubt voted
    params = page.steps[CHAIN.index("recognize")].params
    assert len(params["vote_scales"]) == 2 and params["upscale"] not in params["vote_scales"]
    # only some strips of the page are read again, not every line
    lines = sum(len(r.lines) for r in page.regions_of("text"))
    assert 0 < params["vote_strips"] < lines


@pytest.mark.parametrize("scan_turned_cw", [90, 180, 270])
def test_turned_scans_are_put_upright(scan_turned_cw):
    page = Page(Source("t.png", "0" * 64, 1, 1, 1), image=telegram(quarter_cw=scan_turned_cw))
    ctx = Context(Settings(lang="rus+eng"))
    orient.apply(page, ctx)
    assert page.preprocess["rotation"] == (360 - scan_turned_cw) % 360, ctx.params


def test_skewed_turned_noisy_page_boxes_sit_on_the_original_ink():
    image = telegram(ccw_deg=2.5, quarter_cw=90, noise=12)
    page = run(image)
    assert page.preprocess["rotation"] == 270
    assert page.preprocess["skew_deg"] == pytest.approx(2.5, abs=0.2)
    rate, _ = cer(GOLD, page.text)
    assert rate < 0.06, page.text
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    words = [w for r in page.regions_of("text") for ln in r.lines for w in ln.words]
    assert len(words) >= 25
    for w in words:
        x0, y0, x1, y1 = (int(v) for v in w.bbox.to_list())
        assert 0 <= x0 < x1 <= image.shape[1] and 0 <= y0 < y1 <= image.shape[0]
        inside = gray[y0:y1, x0:x1]
        # the box holds ink, and the word's ink is inside it: little ink just outside
        assert (inside < 110).mean() > 0.04, w
        ring = gray[max(0, y0 - 6):y1 + 6, max(0, x0 - 6):x1 + 6]
        assert (ring < 110).sum() <= 1.35 * (inside < 110).sum(), w
    # the page is turned: words of one line run down the original scan
    first = page.regions_of("text")[0].lines[0].words
    assert first[0].bbox.y0 < first[-1].bbox.y0


def test_blank_page_gives_no_text():
    page = run(np.full((400, 600, 3), 240, np.uint8))
    assert page.text == "" and page.regions == []
    assert page.preprocess["rotation"] == 0
