"""A round stamp ends at its ring: typed letters beside the ring that the stamp's blob took in
are typing again, and the stamp's box is its ring's."""

import cv2
import numpy as np

from pipeline.marks.pens import off_ring
from pipeline.model import BBox

XH = 28.0


def _ring_and_letters():
    """(labels, stats, stamp's labels, ring label, letters off the ring, letters inside it) of a
    round stamp (ring with lettering inside) and a typed word just past its lower right edge."""
    img = np.zeros((560, 800), np.uint8)
    cv2.circle(img, (300, 280), 240, 255, 8)
    inside = [(200, 260), (250, 260), (300, 260)]      # the stamp's own letters
    beside = [(560, 500), (600, 500), (640, 500)]      # a typed word beside the ring
    for x, y in inside + beside:
        img[y:y + 28, x:x + 18] = 255
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    ring = int(labels[280, 300 - 240])
    at = [int(labels[y + 10, x + 5]) for x, y in beside]
    ins = [int(labels[y + 10, x + 5]) for x, y in inside]
    return labels, stats, list(range(1, n)), ring, set(at), set(ins)


def _own_and_box(labels, stats, lab):
    st = stats[np.asarray(lab)]
    box = BBox(float(st[:, 0].min()), float(st[:, 1].min()),
               float((st[:, 0] + st[:, 2]).max()), float((st[:, 1] + st[:, 3]).max()))
    own = np.isin(labels[int(box.y0):int(box.y1), int(box.x0):int(box.x1)], lab)
    return own, box


def test_letters_wholly_past_the_ring_are_not_the_stamps():
    labels, stats, lab, ring, beside, inside = _ring_and_letters()
    own, box = _own_and_box(labels, stats, lab)
    # The typed word widened the box well past the ring.
    assert box.x1 > 300 + 240 + 100
    off = off_ring(stats, lab, box, own, XH)
    assert off == beside
    assert ring not in off and not (off & inside)


def test_nothing_is_off_a_stamp_without_a_ring():
    labels, stats, lab, _, _, _ = _ring_and_letters()
    blot = np.ones((300, 300), bool)
    assert off_ring(stats, lab, BBox(0, 0, 300, 300), blot, XH) == set()
    # The ring alone: nothing past it.
    ring = int(labels[280, 60])
    own, box = _own_and_box(labels, stats, [ring])
    assert off_ring(stats, [ring], box, own, XH) == set()


def _stamp_over_shaded_letters(ring_tone):
    """(gray, labels, stats, stamp Detection, letters' ink bool) of rows of typed letters with
    a dark core and a two-pixel rim shading off to the paper, one row inside a lighter stamp's
    ring and joined to it (its bar) into one component, as a typed line under a stamp scans."""
    from pipeline.marks.detect import Detection

    xh, rows, hidden_y = 20, (100, 150, 200, 300, 350), 250
    gray = np.full((460, 700), 235, np.uint8)

    def letter(y, x, mask=None):
        gray[y - xh // 2:y + xh // 2, x:x + 14] = 85          # the rim
        gray[y - xh // 2 + 2:y + xh // 2 - 2, x + 2:x + 12] = 40   # the core
        if mask is not None:
            mask[y - xh // 2:y + xh // 2, x:x + 14] = True

    for y in rows:
        for k in range(14):
            letter(y, 40 + 28 * k)
    hidden = np.zeros(gray.shape, bool)
    for k in range(5):
        letter(hidden_y, 150 + 28 * k, hidden)
    ring = np.zeros(gray.shape, np.uint8)
    cv2.circle(ring, (215, hidden_y), 95, 255, 6)
    cv2.line(ring, (125, hidden_y + xh // 2), (310, hidden_y + xh // 2), 255, 3)
    gray[(ring > 0) & ~hidden] = ring_tone
    _, labels, stats, _ = cv2.connectedComponentsWithStats((gray < 200).astype(np.uint8), connectivity=8)
    lab = int(labels[hidden_y, 155])
    x, y, w, h = (int(v) for v in stats[lab, :4])
    return gray, labels, stats, Detection("stamp", BBox(x, y, x + w, y + h), 0.9, [lab]), hidden


def test_typed_letters_under_a_gray_stamp_are_taken_whole_rims_and_all():
    from pipeline.marks.toned import split_typed_lines

    gray, labels, stats, det, hidden = _stamp_over_shaded_letters(ring_tone=150)
    stamp = det.labels[0]
    out = split_typed_lines(gray, labels, stats, det.box, det.labels, set(det.labels), 20.0)
    assert len(out) > len(stats)
    # The letters' lighter rims leave the stamp with their cores: masked, they would thin
    # every glyph on the line.
    assert (labels[hidden] >= len(stats)).mean() > 0.97
    # The stamp's ring, lighter than halfway, stays the stamp's.
    assert (labels[gray == 150] == stamp).mean() > 0.9


def _note_and_signed_name():
    """(Analysis, number's ink, name's ink, signature's ink): a number written as neatly as
    typing (five letter-sized strokes in a row, its whole ink) and a typed name a signature's
    detection took in, the signature's strokes outweighing the name."""
    from pipeline.marks.detect import Analysis, Detection

    img = np.zeros((320, 900), np.uint8)
    number = np.zeros(img.shape, bool)
    name = np.zeros(img.shape, bool)
    for k in range(5):
        number[50:78, 100 + 30 * k:118 + 30 * k] = True
    for k in range(6):
        name[200:228, 500 + 30 * k:518 + 30 * k] = True
    sig = np.zeros(img.shape, np.uint8)
    pts = np.array([(420, 300), (470, 245), (520, 300), (570, 245), (620, 300), (670, 245),
                    (720, 300), (770, 245), (820, 300)], np.int32)
    cv2.polylines(sig, [pts], False, 255, 9)
    img[number | name | (sig > 0)] = 255
    _, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)

    def det(mask):
        ids = sorted(set(np.unique(labels[mask]).tolist()) - {0})
        st = stats[ids]
        box = BBox(float(st[:, 0].min()), float(st[:, 1].min()),
                   float((st[:, 0] + st[:, 2]).max()), float((st[:, 1] + st[:, 3]).max()))
        return Detection("handwriting", box, 0.9, ids)

    dets = [det(number), det(name | (sig > 0))]
    analysis = Analysis(dets, labels, np.zeros(img.shape, np.uint8), 28.0, stats)
    return analysis, number, name, sig > 0


def test_a_number_written_like_typing_stays_masked_and_a_signed_name_stays_text():
    from pipeline.stages.marks import spare_typing

    analysis, number, name, sig = _note_and_signed_name()
    marks = np.where(np.isin(analysis.labels, [lab for d in analysis.detections for lab in d.labels]),
                     np.uint8(255), np.uint8(0))
    out = spare_typing(analysis, marks)
    # The number is all its note's ink: lined up or not, it is the note's.
    assert (out[number] > 0).all()
    # The typed name beside the signature is typing; the signature's strokes are masked.
    assert not (out[name] > 0).any()
    assert (out[sig] > 0).mean() > 0.9
