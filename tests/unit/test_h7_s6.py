"""H7 (session 6): the scan's surround is what lies outside the sheet, not dim paper on it."""

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging import blocks
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import clean, deskew, layout, orient

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BORDER = 120


def typed_sheet() -> np.ndarray:
    """A 1000 x 700 sheet with six typed lines down its left half."""
    img = Image.new("L", (1000, 700), 240)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    for i in range(6):
        draw.text((40, 60 + 90 * i), f"Тов. Михайлову {i + 1}", font=font, fill=20)
    return np.array(img)


def shadowed(sheet: np.ndarray) -> np.ndarray:
    """`sheet` with a stain a third darker reaching in from its left edge over lines 2-5."""
    shade = np.zeros(sheet.shape, np.uint8)
    cv2.ellipse(shade, (0, 340), (330, 190), 0, 0, 360, 255, -1)
    out = sheet.astype(np.float32)
    out[shade > 0] *= 0.7
    return out.astype(np.uint8)


def on_board(sheet: np.ndarray, seed: int = 3) -> np.ndarray:
    """`sheet` laid on a darker grained board (a scan made with the lid open)."""
    rng = np.random.default_rng(seed)
    h, w = sheet.shape
    board = rng.normal(150, 12, (h + 2 * BORDER, w + 2 * BORDER)).clip(0, 255).astype(np.uint8)
    for _ in range(3000):  # dark flecks the size of small type
        y, x = rng.integers(0, board.shape[0] - 10), rng.integers(0, board.shape[1] - 10)
        board[y:y + rng.integers(5, 10), x:x + rng.integers(2, 5)] = 60
    board[BORDER:BORDER + h, BORDER:BORDER + w] = sheet
    return board


def test_a_stain_reaching_in_from_the_sheets_edge_is_not_surround():
    image = on_board(shadowed(typed_sheet()))
    off = blocks.scan_surround(image)
    # The board around the sheet still is (each side).
    assert off[:BORDER - 10].all() and off[-BORDER + 10:].all()
    assert off[:, :BORDER - 10].all() and off[:, -BORDER + 10:].all()
    # The stained paper is the sheet's (but for slivers at its tips), typed lines and all.
    sheet = shadowed(typed_sheet())
    inside = np.zeros(image.shape, bool)
    inside[BORDER:-BORDER, BORDER:-BORDER] = sheet < 200
    typed = np.zeros(image.shape, bool)
    typed[BORDER:-BORDER, BORDER:-BORDER] = (sheet < 100) & (shadowed(np.full_like(sheet, 240)) < 200)
    assert inside.sum() > 20000 and off[inside].mean() < 0.02
    assert typed.sum() > 1000 and not off[typed].any()
    # Found by the dark paper reaching the image's edge alone, the stain went with the board.
    assert blocks.off_sheet(image)[inside].mean() > 0.5


def test_typed_lines_on_a_stain_at_the_edge_keep_their_blocks():
    def found(sheet):
        image = on_board(sheet)
        h, w = image.shape
        page = Page(Source("s.png", "0" * 64, 1, w, h), image=image)
        ctx = Context(Settings())
        for stage in (orient, deskew, clean, layout):
            page = stage.apply(page, ctx)
        return page
    plain, stained = found(typed_sheet()), found(shadowed(typed_sheet()))
    assert len(plain.regions_of("text")) >= 1
    # Every typed line's ink is read under the stain as on plain paper.
    rows = lambda p: np.flatnonzero(p.masks["typed_ink"][:, BORDER:BORDER + 500].any(axis=1))
    lines = lambda r: np.count_nonzero(np.diff(r) > 20) + (len(r) > 0)
    assert lines(rows(stained)) == lines(rows(plain)) == 6
    boxes = lambda p: p.masks["text_boxes"]
    covered = lambda p: sum(int(((boxes(p)[:, 1] <= y) & (boxes(p)[:, 3] > y)).any())
                            for y in BORDER + 60 + 90 * np.arange(6) + 12)
    assert covered(stained) == covered(plain) == 6


def test_the_board_beside_a_neighbouring_leaf_of_a_book_stays_surround():
    image = on_board(typed_sheet())
    image[:, :BORDER] = 238  # the facing leaf, as light as the sheet, down the whole scan
    off = blocks.scan_surround(image)
    # Above and below the sheet, and right of it, the board is still off the sheet ...
    assert off[:BORDER - 10, BORDER + 10:].all() and off[-BORDER + 10:, BORDER + 10:].all()
    assert off[:, -BORDER + 10:].all()
    # ... though the leaf beside it is paper (and no ink of the sheet is taken).
    assert not off[:, :BORDER - 10].any()
    assert not off[BORDER + 10:-BORDER - 10, BORDER + 10:-BORDER - 10].any()


def skewed_on_board_beside_a_leaf(deg: float) -> tuple[np.ndarray, np.ndarray]:
    """(a blank sheet turned `deg` degrees on a grained board with a book's facing leaf joined
    to its left edge, the bool mask of the board)."""
    image = on_board(np.full((700, 1000), 150, np.uint8))  # board-coloured where it lay level
    h, w = image.shape
    corners = np.array([[BORDER, BORDER], [w - BORDER, BORDER], [w - BORDER, h - BORDER],
                        [BORDER, h - BORDER]], np.float32)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    turned = (corners @ m[:, :2].T + m[:, 2]).astype(np.int32)
    sheet = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(sheet, turned, 1)
    image[sheet > 0] = 240
    image[:, :BORDER + 10] = 238
    near = cv2.dilate(sheet, np.ones((25, 25), np.uint8)) > 0
    board = ~near
    board[:, :BORDER + 10] = False
    return image, board


def test_the_board_along_a_skewed_sheets_edge_stays_surround_beside_a_leaf():
    # Rows along the sheet's top edge have the leaf at one end and the sheet, rising, at the
    # other: the board between is a thin wedge, not a stain.
    image, board = skewed_on_board_beside_a_leaf(1.5)
    off = blocks.scan_surround(image)
    assert board.sum() > 100000 and off[board].all()
