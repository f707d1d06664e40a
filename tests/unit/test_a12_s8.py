"""Helper A12, session 8: marks on heavy (JPEG, noisy, worn) pages. A coloured stamp's
lettering counts as its ink when its density is judged; small plain pieces inside a coloured
stamp are its own; a coloured blob with ink needs less certainty to be a pen's note."""

import numpy as np


def _det(kind, box, coloured, labels):
    from pipeline.marks.detect import Detection
    from pipeline.model import BBox
    return Detection(kind, BBox(*box), 0.9, list(labels), coloured)


def _specks(n):
    """A 600 x 800 page's candidates whose `n` labels are all specks of a 20-px letter's square."""
    from pipeline.marks.regions import Candidates
    blank = np.zeros((600, 800), np.int32)
    return Candidates([], None, blank, blank.astype(np.uint8), 20.0, np.full((n, 5), 4),
                      np.full((600, 800), 255, np.uint8))


def test_small_plain_pieces_inside_a_coloured_stamp_are_the_stamps():
    from pipeline.marks.detect import _pieces_into_stamps
    stamp = _det("stamp", (100, 100, 500, 500), True, [1, 2])
    piece = _det("handwriting", (150, 120, 250, 160), False, [7, 8])   # an arc of its ring
    pen = _det("handwriting", (150, 300, 250, 340), True, [9])          # a coloured pen's note
    across = _det("handwriting", (400, 300, 700, 360), False, [10])     # reaches past the stamp
    big = _det("handwriting", (120, 120, 420, 300), False, [11])        # a signature inside it
    out = _pieces_into_stamps([stamp, piece, pen, across, big], _specks(12))
    assert [d.labels for d in out] == [[1, 2, 7, 8], [9], [10], [11]]


def test_no_coloured_stamp_leaves_the_notes_alone():
    from pipeline.marks.detect import _pieces_into_stamps
    stamp = _det("stamp", (100, 100, 500, 500), False, [1])
    piece = _det("handwriting", (150, 120, 250, 160), False, [7])
    assert _pieces_into_stamps([stamp, piece], _specks(8)) == [stamp, piece]


def test_a_pen_coloured_blob_with_ink_needs_less_certainty_to_be_a_note():
    from pipeline.marks.blobs import Blob
    from pipeline.marks.detect import COLOURED_HAND_PROB, MIN_PROB, _min_prob
    from pipeline.model import BBox
    xh = 20.0
    stats = np.array([[0, 0, 0, 0, 0], [0, 0, 40, 40, 600], [0, 0, 40, 40, 300], [0, 0, 5, 5, 20]])
    violet = np.zeros((40, 80, 3), np.uint8)
    violet[:] = (120, 60, 160)
    brown = np.zeros_like(violet)
    brown[:] = (140, 100, 60)  # a scanner surround's cloth
    colour = np.full((40, 80), 255, np.uint8)
    inked = Blob(BBox(0, 0, 80, 40), [1, 2], coloured=True)      # 900 px >= 2 xh^2 = 800
    speck = Blob(BBox(0, 0, 80, 40), [3], coloured=True)         # a tint speck in typing
    plain = Blob(BBox(0, 0, 80, 40), [1, 2], coloured=False)
    assert _min_prob("handwriting", inked, stats, xh, violet, colour) == COLOURED_HAND_PROB
    assert COLOURED_HAND_PROB < MIN_PROB["handwriting"]
    assert _min_prob("handwriting", inked, stats, xh, brown, colour) == MIN_PROB["handwriting"]
    assert _min_prob("handwriting", speck, stats, xh, violet, colour) == MIN_PROB["handwriting"]
    assert _min_prob("handwriting", plain, stats, xh, violet, colour) == MIN_PROB["handwriting"]
    assert _min_prob("stamp", inked, stats, xh, violet, colour) == MIN_PROB["stamp"]


def test_only_a_coloured_stamps_letters_are_kept_from_typing():
    from pipeline.marks.blobs import Blob
    from pipeline.marks.detect import coloured_stamp_labels
    from pipeline.model import BBox
    box = BBox(0, 0, 10, 10)
    blobs = [Blob(box, [1, 2], coloured=True), Blob(box, [3], coloured=False),
             Blob(box, [4, 5], coloured=True), Blob(box, [6], coloured=True)]
    groups = [("stamp", 1, [0, 1]), ("handwriting", 2, [2]), ("stamp", 1, [3])]
    assert coloured_stamp_labels(groups, blobs) == {1, 2, 6}
