"""The synthetic scan generator: determinism, truth boxes that hold their ink, gold = drawn."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest

from pipeline.cli import main as cli_main
from pipeline.synth import DOCUMENTS, generate, render_page
from pipeline.synth.bank import BANK
from pipeline.synth.layout import dehyphenate, layout_telegram
from pipeline.synth.render import _frame, _type_style, draw_numbers
from pipeline.synth.texts import SEED_RU

TRUTH_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "schemas" / "truth-1.schema.json"

PLAIN = ("Первая строка машинописного текста для проверки.\n"
         "Вторая строка, чуть длиннее первой, с цифрами 1950 и 8600.\n\n"
         "Новый абзац: Исполнение телеграфьте.\n"
         "Short English line at the end.")


@functools.lru_cache(maxsize=None)
def page(seed: int, **options):
    return render_page(seed, **options)


def _page(seed, **options):
    return page(seed, **options)


def dark(img, threshold=150) -> np.ndarray:
    arr = np.asarray(img.convert("L"), dtype=np.int16)
    return arr < threshold


def coloured(img, saturation=45, brightest=150) -> np.ndarray:
    # Stamp inks are light and saturated; a violet typewriter ribbon is saturated only where
    # it is dark, so `brightest` keeps it out (the hand test lowers it: its ribbon is black).
    arr = np.asarray(img.convert("RGB"), dtype=np.int16)
    return ((arr.max(axis=2) - arr.min(axis=2)) > saturation) & (arr.max(axis=2) > brightest)


def union_mask(shape, boxes) -> np.ndarray:
    mask = np.zeros(shape, bool)
    for x0, y0, x1, y1 in boxes:
        mask[int(y0):int(y1), int(x0):int(x1)] = True
    return mask


def boxes(truth, kind):
    return [r["bbox"] for r in truth["regions"] if r["type"] == kind]


def test_same_seed_same_bytes_different_seed_different_pixels():
    a = render_page(7, profile="heavy")
    b = render_page(7, profile="heavy")
    assert a.encode() == b.encode()
    assert a.gold == b.gold and a.truth == b.truth
    c = render_page(8, profile="heavy")
    assert c.encode() != a.encode()


def test_generate_twice_writes_identical_files(tmp_path):
    one = generate(tmp_path / "a", 11, 2, profile="mixed")
    two = generate(tmp_path / "b", 11, 2, profile="mixed")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 6 and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert [p.name for p in one] == [p.name for p in two]


@pytest.mark.parametrize("profile", ["clean", "skewed", "rotated"])
def test_every_dark_pixel_of_typed_text_is_inside_a_line_box(profile):
    # Free text only: no form rules, stamps or handwriting, so every dark pixel is typed ink.
    p = _page(21, profile=profile, text=PLAIN, stamps=False, handwriting=False)
    ink = dark(p.image)
    lines = boxes(p.truth, "text")
    assert len(lines) == 4
    outside = ink & ~union_mask(ink.shape, lines)
    assert outside.sum() == 0, f"{outside.sum()} dark pixels outside every line box"


@pytest.mark.parametrize("profile", ["clean", "skewed", "rotated"])
def test_line_boxes_are_tight(profile):
    p = _page(21, profile=profile, text=PLAIN, stamps=False, handwriting=False)
    ink = dark(p.image, threshold=205)  # faint strokes count too: the box must hold them
    for x0, y0, x1, y1 in boxes(p.truth, "text"):
        sub = ink[y0:y1, x0:x1]
        ys, xs = np.nonzero(sub)
        assert len(xs) > 50
        # Ink reaches every side of its box (the box holds a small margin for blur only).
        assert xs.min() <= 6 and ys.min() <= 6
        assert xs.max() >= sub.shape[1] - 7 and ys.max() >= sub.shape[0] - 7


def test_gold_lines_are_the_text_regions_in_reading_order():
    p = _page(5, profile="clean", document="seed-ru")
    lines = sorted((r for r in p.truth["regions"] if r["type"] == "text"), key=lambda r: r["order"])
    assert p.gold == "".join(r["text"] + "\n" for r in lines)


def test_seed_telegram_gold_follows_the_transcription():
    p = _page(5, profile="clean", document="seed-ru")
    gold = p.gold.splitlines()
    assert gold[:14] == [
        "МИД СССР", "Исход. № 8600", "Форма № 17", "Десятый отдел",
        "Получена 4 час. 10 мин. 14/У 195 0₂.", "Отправлена 5 час. 30 мин. 14/У 195 0₂.",
        "СОВ. СЕКРЕТНО", "Снятие копий воспрещается", "Спец. № 550", "Шифрованная телеграмма",
        "Куда ПЕКИН Кому СОВПОСОЛ Экз. № 1", "О С О Б А Я", "Для Мао-Дзе-Дуна.",
        '"Тов. Мао-Дзе-Дун !']
    end = gold.index('Ф и л и п п о в".')
    assert " ".join(gold[14:end]) == SEED_RU.paragraphs[0]
    assert gold[end:] == [
        'Ф и л и п п о в".', "Исполнение телеграфьте.", "ВЫШИНСКИЙ", "5 экз. нб", "14/У-50 г.",
        "Копии:", "1. Тов. Сталину", "2. Тов. Молотову", "3. Тов. Вышинскому", "4. Тов. 10 отдел",
        "5. Тов. Копия", "6. Тов. _____", "7. Тов. _____", "8. Тов. _____"]
    hand = [r["text"] for r in p.truth["regions"]
            if r["type"] == "handwriting" and r["kind"] in ("number", "note")]
    assert hand == ["26/11", "№ 4058/мин", "верно: Филиппов"]
    assert not any(h in p.gold for h in ("4058", "верно"))
    stamps = {r["kind"]: r["text"] for r in p.truth["regions"] if r["type"] == "stamp"}
    assert stamps["folio"] == "55"


def test_seed_telegram_fields():
    f = _page(5, profile="clean", document="seed-ru").truth["fields"]
    assert f == {
        "document_type": "Шифрованная телеграмма", "outgoing_number": "8600", "form_number": "17",
        "department": "Десятый отдел", "classification": "СОВ. СЕКРЕТНО", "special_number": "550",
        "received": "1950-05-14T04:10:00", "sent": "1950-05-14T05:30:00", "destination": "ПЕКИН",
        "addressee": "СОВПОСОЛ", "copy_number": "1", "marking": "ОСОБАЯ",
        "recipient_line": "Для Мао-Дзе-Дуна.", "body": SEED_RU.paragraphs[0],
        "signatories": ["Филиппов", "ВЫШИНСКИЙ"],
        "distribution": ["Сталину", "Молотову", "Вышинскому", "10 отдел", "Копия"]}


def test_english_translation_page():
    p = _page(5, profile="clean", document="seed-en")
    gold = p.gold.splitlines()
    assert gold[:9] == ["MFA USSR", "Tenth Department", "Top Secret", "Making copies is prohibited",
                        "Special no. 550", "Issuing No. 8600", "Received on 4:10 am, 14 May 1950",
                        "Sent on 5:30 am, 14 May 1950", "CIPHERED TELEGRAM"]
    assert gold[-6:] == ["Copies:", "1. Comr. Stalin", "2. Comr. Molotov", "3. Comr. Vyshinsky",
                         "4. Comr. 10th department", "5. Comr. Copy"]
    assert p.truth["fields"]["received"] == "1950-05-14T04:10:00"
    assert "113" not in gold


@pytest.mark.parametrize("seed", [3, 12, 13, 18])
def test_body_lines_join_to_the_body_field(seed):
    p = _page(seed, profile="clean")
    body = [r for r in sorted(p.truth["regions"], key=lambda r: r.get("order", -1))
            if r["type"] == "text" and r["role"] == "body"]
    paragraphs = {}
    for r in body:
        paragraphs.setdefault(r["block"], []).append(r["text"])
    assert "\n".join(dehyphenate(v) for v in paragraphs.values()) == p.truth["fields"]["body"]
    hyphenated = [r["text"] for r in body if r.get("hyphenated")]
    assert all(t.endswith("-") for t in hyphenated)
    assert bool(hyphenated) == (p.truth["render"]["hyphenated"] and any(
        t.endswith("-") for t in (r["text"] for r in body)))


def test_some_pages_break_words_at_the_margin():
    from pipeline.synth.layout import _wrap
    lines = _wrap("Министерство рыбной промышленности готовит свои замечания", 30, 0, True)
    assert lines[0].endswith("-") and dehyphenate(lines) == (
        "Министерство рыбной промышленности готовит свои замечания")
    assert any(render_page(s, profile="clean").truth["render"]["hyphenated"] for s in (13, 18))


def test_stamp_boxes_hold_the_coloured_ink():
    for seed in (1, 2, 4):
        p = _page(seed, profile="clean", handwriting=False, overlap=True)
        ink = coloured(p.image)
        stamp_boxes = boxes(p.truth, "stamp")
        assert len(stamp_boxes) >= 2  # the folio number and the round stamp
        for b in stamp_boxes:
            assert ink[b[1]:b[3], b[0]:b[2]].sum() > 30
        assert (ink & ~union_mask(ink.shape, stamp_boxes)).sum() == 0


def test_stamp_over_text_when_asked():
    p = _page(2, profile="clean", handwriting=False, overlap=True)
    (round_box,) = [r["bbox"] for r in p.truth["regions"] if r.get("kind") == "round"]
    from pipeline.model import BBox
    assert any(BBox(*round_box).intersection(BBox(*b)) > 0 for b in boxes(p.truth, "text"))


def test_handwriting_boxes_hold_the_hand_ink():
    # A page whose pen is coloured and whose typewriter ribbon is black, so colour tells hand ink.
    for seed in range(40):
        p = render_page(seed, profile="rotated", stamps=False, lang="ru")
        r = p.truth["render"]
        if r["handwriting"]["ink"] in ("blue", "violet") and r["typewriter"]["ink_colour"] == "black":
            break
    else:
        pytest.fail("no page with coloured handwriting among 40 seeds")
    ink = coloured(p.image, saturation=40, brightest=60)
    hand = boxes(p.truth, "handwriting")
    assert len(hand) >= 4  # two numbers, the 'верно' note, a signature
    for b in hand:
        assert ink[b[1]:b[3], b[0]:b[2]].sum() > 10
    assert (ink & ~union_mask(ink.shape, hand)).sum() == 0


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_rotated_truth(seed):
    p = _page(seed, profile="rotated", text=PLAIN, stamps=False, handwriting=False)
    rot = p.truth["rotation"]
    assert rot in (90, 180, 270)
    w, h = p.image.size
    assert (w > h) == (rot in (90, 270))
    lines = boxes(p.truth, "text")
    # Turning the image clockwise by `rotation` makes it upright: then lines are wide, not tall,
    # and they come top to bottom in reading order.
    upright = np.rot90(np.asarray(p.image.convert("L")), k=-(rot // 90))
    def turn(b):
        x0, y0, x1, y1 = b
        if rot == 90:
            return (h - y1, x0, h - y0, x1)
        if rot == 180:
            return (w - x1, h - y1, w - x0, h - y0)
        return (y0, w - x1, y1, w - x0)
    turned = [turn(b) for b in lines]
    assert all((x1 - x0) > 3 * (y1 - y0) for x0, y0, x1, y1 in turned)
    assert [b[1] for b in turned] == sorted(b[1] for b in turned)
    for x0, y0, x1, y1 in turned:
        assert (upright[y0:y1, x0:x1] < 150).sum() > 50


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_skew_sign_lines_rise_to_the_right_when_positive(seed):
    # One long line alone, so its box holds no other line's ink.
    line = "Отправлена 5 час. 30 мин. 14/У 1950 г. Исполнение сразу."
    p = _page(seed, profile="skewed", text=line, stamps=False, handwriting=False)
    ink = dark(p.image)
    (x0, y0, x1, y1), = boxes(p.truth, "text")
    sub = ink[y0:y1, x0:x1]
    third = sub.shape[1] // 3
    left_y = np.nonzero(sub[:, :third])[0].mean()
    right_y = np.nonzero(sub[:, -third:])[0].mean()
    rise = left_y - right_y  # positive when the right end is higher on the image
    expected = np.tan(np.radians(p.truth["skew_deg"])) * (sub.shape[1] * 2 / 3)
    assert np.sign(rise) == np.sign(p.truth["skew_deg"])
    assert abs(rise - expected) < 0.25 * abs(expected) + 8


def test_truth_matches_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(TRUTH_SCHEMA.read_text())
    for seed, profile in ((1, "mixed"), (2, "rotated")):
        truth = _page(seed, profile=profile).truth
        jsonschema.validate(json.loads(json.dumps(truth)), schema)


def test_typed_lines_stay_on_the_image_at_the_largest_skew():
    for seed in range(8):
        p = render_page(seed, profile="skewed", stamps=False)
        assert not [r for r in p.truth["regions"] if r["type"] == "text" and r.get("clipped")], seed


def test_profiles_give_their_look():
    gray = _page(4, profile="gray")
    assert gray.image.mode == "L" and gray.ext == "jpg"
    assert any(r["type"] == "stamp" and r["kind"] == "round" for r in gray.truth["regions"])
    low = _page(4, profile="lowdpi", stamps=False, handwriting=False)
    assert low.truth["dpi"] == 200 and low.image.size == (1654, 2339)
    skewed = [abs(_page(s, profile="skewed", text=PLAIN).truth["skew_deg"]) for s in range(6)]
    assert all(1.5 <= s <= 7.0 for s in skewed)


def test_bank_has_thirty_invented_texts_that_fit_a_page():
    assert len(BANK) >= 30
    assert len({d.key for d in BANK}) == len(BANK)
    assert {d.lang for d in BANK} == {"ru", "en"}
    rng = np.random.default_rng(0)
    for key, doc in DOCUMENTS.items():
        for p in doc.paragraphs:
            assert "  " not in p and p == p.strip(), key
        style = _type_style(np.random.default_rng(1), 300, 0.0)
        frame = _frame(np.random.default_rng(1), 300)
        lay = layout_telegram(doc, draw_numbers(3, doc), style, frame, rng, 1.5)
        assert lay.bottom <= frame.height - frame.bottom, key
        assert all(ln.x >= 0 and ln.x + 10 < frame.width for ln in lay.lines), key


def test_cli_writes_pages_and_rejects_bad_counts(tmp_path, capsys):
    assert cli_main(["synth", "-o", str(tmp_path), "--seed", "3", "--count", "2",
                     "--profile", "clean", "--no-stamps"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["synth-000003-clean-nostamps.gt.txt", "synth-000003-clean-nostamps.png",
                     "synth-000003-clean-nostamps.truth.json", "synth-000004-clean-nostamps.gt.txt",
                     "synth-000004-clean-nostamps.png", "synth-000004-clean-nostamps.truth.json"]
    truth = json.loads((tmp_path / "synth-000003-clean-nostamps.truth.json").read_text())
    assert not [r for r in truth["regions"] if r["type"] == "stamp"]
    assert cli_main(["synth", "-o", str(tmp_path), "--count", "0"]) == 2
    assert cli_main(["synth", "-o", str(tmp_path), "--profile", "nope"]) == 2


@pytest.mark.parametrize("skew,rotation,border", [(0.0, 0, 0), (5.0, 0, 0), (-3.0, 90, 12),
                                                  (2.0, 180, 30), (6.5, 270, 7)])
def test_points_follow_the_pixels_through_border_skew_and_turn(skew, rotation, border):
    from pipeline.synth.geometry import map_points, place_sheet
    sheet = np.zeros((120, 90, 3), np.float32)
    spots = np.array([[10, 15], [70, 100], [45, 60]], np.float32)
    for x, y in spots.astype(int):
        sheet[y - 1:y + 2, x - 1:x + 2] = 255.0
    img, m = place_sheet(sheet, skew, rotation, border, (0.0, 0.0, 0.0))
    h, w = 120 + 2 * border, 90 + 2 * border
    mapped = map_points(spots, m, rotation, w, h)
    gray = img[:, :, 0]
    for (mx, my) in mapped:
        x, y = int(round(mx)), int(round(my))
        window = gray[y - 2:y + 3, x - 2:x + 3]
        assert window.max() > 150, (mx, my)
        # The brightest pixel of that spot sits on the mapped point.
        iy, ix = np.unravel_index(np.argmax(window), window.shape)
        assert abs(ix - 2) <= 1 and abs(iy - 2) <= 1
