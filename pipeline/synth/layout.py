"""Where every typed and printed line of a page goes, in the archivists' reading order.

`layout_telegram` sets out the form of the seed (Russian original or English translation);
`layout_plain` sets out free text. Both return a `Layout`: lines in reading order (a header
column whole before the next, the copy list's columns one after the other), the form's ruled
lines, and anchors where handwriting and stamps belong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.synth.texts import (EN_MONTH, Numbers, Telegram, en_time, ru_foot_date,
                                  ru_time_line)
from pipeline.synth.typewriter import TypeStyle, line_width, segment_text

@dataclass
class TypedLine:
    """One line of machine-written text: its segments, left x, baseline y, block and role."""

    segments: list[tuple[str, str]]
    x: float
    baseline: float
    block: str
    role: str

    @property
    def text(self) -> str:
        """What a reader transcribes from the line."""
        return segment_text(self.segments)


@dataclass
class Layout:
    """Lines in reading order, ruled lines (x0, y0, x1, y1, width) and named anchor points."""

    lines: list[TypedLine] = field(default_factory=list)
    rules: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    bottom: float = 0.0
    hyphenated: bool = False

    def gold(self) -> str:
        """The page's gold text: one line per typed line, reading order, no indentation."""
        return "".join(line.text.strip() + "\n" for line in self.lines)


@dataclass(frozen=True)
class Frame:
    """The page and its margins in pixels."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    line: float  # single line spacing (1/6 inch)

    @property
    def text_width(self) -> float:
        """Width between the margins."""
        return self.width - self.left - self.right


VOWELS = frozenset("аеёиоуыэюяaeiouy")


def _wrap(text: str, chars: int, indent: int, hyphenate: bool = False) -> list[str]:
    """Greedy typewriter wrap at single spaces, never at a hyphen inside a word.

    Without `hyphenate`, joining the lines with one space gives `text` back exactly. With it, a
    long word that does not fit may be split with '-' at a syllable break; such a line ends in
    a letter and '-', and joins to the next without a space or the hyphen (`dehyphenate`).
    """
    lines: list[str] = []
    cur, width = "", chars - indent
    for word in text.split(" "):
        cand = f"{cur} {word}" if cur else word
        if len(cand) <= width:
            cur = cand
            continue
        cut = _hyphen_point(word, width - len(cur) - 2) if hyphenate and cur else None
        if cut:
            lines.append(f"{cur} {word[:cut]}-")
            cur = word[cut:]
        else:
            if cur:
                lines.append(cur)
            cur = word
        width = chars
    if cur:
        lines.append(cur)
    return lines


def _hyphen_point(word: str, room: int) -> int | None:
    # A rough Russian/English syllable break, with at least three letters and a vowel on each
    # side: after a vowel before a single consonant (не ь/ъ/й), or between doubled consonants.
    if not word.isalpha() or len(word) < 7:
        return None
    low = word.lower()
    for i in range(min(room, len(word) - 3), 2, -1):
        if not (any(c in VOWELS for c in low[i:]) and any(c in VOWELS for c in low[:i])):
            continue
        doubled = low[i - 1] == low[i] and low[i] not in VOWELS
        open_syllable = (low[i - 1] in VOWELS and low[i] not in VOWELS and low[i] not in "ьъй"
                         and low[i] != low[i + 1])
        if doubled or open_syllable:
            return i
    return None


def dehyphenate(lines: list[str]) -> str:
    """Join the wrapped lines of one paragraph back into the paragraph (inverse of `_wrap`)."""
    out = ""
    for line in lines:
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


class _Cursor:
    def __init__(self, layout: Layout, style: TypeStyle, frame: Frame):
        self.layout, self.style, self.frame = layout, style, frame
        self.y = frame.top

    def add(self, segments, x, block, role, advance=1.0, baseline=None):
        """Append a line at the cursor (or at `baseline`) and move down by `advance` lines."""
        base = self.y if baseline is None else baseline
        self.layout.lines.append(TypedLine(list(segments), float(x), float(base), block, role))
        if baseline is None:
            self.y += advance * self.frame.line
        return self.layout.lines[-1]

    def width(self, segments) -> float:
        """Width in pixels of a line made of `segments`."""
        return line_width(self.style, segments)


def layout_telegram(doc: Telegram, num: Numbers, style: TypeStyle, frame: Frame,
                    rng: np.random.Generator, spacing: float) -> Layout:
    """Lines of a telegram page; `spacing` is the body's line spacing in single lines."""
    if doc.lang == "ru":
        return _layout_ru(doc, num, style, frame, rng, spacing)
    return _layout_en(doc, num, style, frame, rng, spacing)


def _body(cur: _Cursor, doc: Telegram, rng: np.random.Generator, spacing: float,
          start_block: int) -> int:
    style, frame = cur.style, cur.frame
    chars = int(frame.text_width // style.pitch) - int(rng.integers(0, 4))
    indent = int(rng.integers(4, 7))
    # Typists broke long words at the margin; the seed's transcription shows no such breaks.
    hyphenate = doc.lang == "ru" and not doc.key.startswith("seed-") and rng.random() < 0.4
    cur.layout.hyphenated = hyphenate
    block = start_block
    if doc.salutation:
        cur.add([(doc.salutation, "typed")], frame.left + style.pitch * int(rng.integers(8, 16)),
                f"b{block}", "salutation", advance=spacing)
        block += 1
    for para in doc.paragraphs:
        for i, text in enumerate(_wrap(para, chars, indent, hyphenate)):
            x = frame.left + (indent * style.pitch if i == 0 else 0)
            cur.add([(text, "typed")], x, f"b{block}", "body", advance=spacing)
        block += 1
    if doc.closing:
        x = frame.left + style.pitch * int(rng.integers(28, 36))
        cur.add([(doc.closing, "typed")], x, f"b{block}", "closing", advance=spacing)
        block += 1
    if doc.instruction:
        cur.add([(doc.instruction, "typed")], frame.left + indent * style.pitch, f"b{block}",
                "instruction", advance=spacing)
        block += 1
    sender_w = cur.width([(doc.sender, "typed")])
    x = frame.width - frame.right - sender_w - style.pitch * int(rng.integers(2, 8))
    cur.layout.anchors["signature"] = (x - style.pitch * 9, cur.y)
    cur.add([(doc.sender, "typed")], x, f"b{block}", "sender", advance=1.6)
    return block + 1


def _layout_ru(doc, num, style, frame, rng, spacing) -> Layout:
    lay = Layout()
    cur = _Cursor(lay, style, frame)
    L, W = frame.left, frame.width
    cur.y = frame.top + frame.line
    lay.anchors["folio"] = (W - frame.right - style.pitch * 2, frame.top * 0.55)
    lay.anchors["resolution"] = (L + frame.text_width * rng.uniform(0.2, 0.4), frame.top + frame.line * 0.4)
    left = [
        [("МИД СССР", "printed-bold")],
        [("Исход. № ", "printed"), (num.outgoing_number, "typed")],
        [(f"Форма № {num.form_number}", "printed")],
        [(doc.department, "printed")],
        ru_time_line("Получена", num.received),
        ru_time_line("Отправлена", num.sent),
    ]
    right = [
        [(doc.classification, "printed-bold")],
        [("Снятие копий воспрещается", "printed")],
        [("Спец. № ", "printed"), (num.special_number, "typed")],
    ]
    top = cur.y
    widest = max(cur.width(s) for s in left[:len(right)])
    right_x = max(W * 0.56, L + widest + style.pitch * 3)
    right_x = min(right_x, W - frame.right - max(cur.width(s) for s in right))
    for segs in left:
        cur.add(segs, L, "h-left", "header", advance=1.05)
    below_left = cur.y
    for i, segs in enumerate(right):
        cur.add(segs, right_x, "h-right", "header", baseline=top + i * 1.05 * frame.line)
    cur.y = below_left + frame.line * 0.2
    lay.rules.append((L, cur.y - frame.line * 0.5, W - frame.right, cur.y - frame.line * 0.5,
                      max(2.0, style.pitch / 12)))
    title = [(doc.document_type, "title")]
    cur.y += frame.line * 0.5
    cur.add(title, (W - cur.width(title)) / 2, "title", "document_type", advance=1.5)
    gap = style.pitch * 2
    dest = [("Куда ", "printed"), (doc.destination, "typed"), (str(gap), "gap"), ("Кому ", "printed"),
            (doc.addressee, "typed"), (str(gap), "gap"), ("Экз. № ", "printed"),
            (num.copy_number, "typed")]
    dest_line = cur.add(dest, L, "dest", "destination", advance=1.6)
    _underline_values(lay, style, dest_line, frame)
    block = 0
    if doc.marking:
        segs = [(doc.marking, "typed")]
        x = (W - cur.width(segs)) / 2 if rng.random() < 0.6 else W - frame.right - cur.width(segs) - style.pitch * 4
        cur.add(segs, x, "marking", "marking", advance=1.4)
    segs = [(doc.recipient_line, "typed")]
    x = L + style.pitch * int(rng.integers(4, 30))
    cur.add(segs, x, "recipient", "recipient_line", advance=1.4)
    block = _body(cur, doc, rng, spacing, block)
    lay.anchors["hand_numbers"] = (L + style.pitch * 16, cur.y - frame.line * 0.3)
    cur.add([(f"{num.copies_made} экз. {num.typist}", "typed")], L, "foot", "foot")
    cur.add([(ru_foot_date(num.typed_on), "typed")], L, "foot", "foot", advance=1.6)
    cur.add([("Копии:", "printed")], L, "copies-head", "copies", advance=1.2)
    names = list(doc.distribution) + [None] * max(0, 8 - len(doc.distribution))
    col_x = (L, L + frame.text_width * 0.5)
    top = cur.y
    for i, name in enumerate(names):
        col, row = divmod(i, (len(names) + 1) // 2)
        segs = [(f"{i + 1}. Тов. ", "printed")]
        segs.append((name, "typed") if name else ("_____", "printed"))
        cur.add(segs, col_x[col], f"copies-{col + 1}", "copies",
                baseline=top + row * 1.1 * frame.line)
    cur.y = top + ((len(names) + 1) // 2) * 1.1 * frame.line
    lay.anchors["verifier"] = (W * 0.52, cur.y + frame.line * 0.6)
    lay.anchors["tick"] = (L - style.pitch * 2.2, top - frame.line * 0.4)
    lay.bottom = cur.y + frame.line * 1.2
    return lay


def _underline_values(lay: Layout, style: TypeStyle, line: TypedLine, frame: Frame) -> None:
    # The printed form has a rule under each blank that the typist filled in.
    x = line.x
    for text, kind in line.segments:
        w = line_width(style, [(text, kind)])
        if kind == "typed":
            y = line.baseline + style.type_size * 0.28
            lay.rules.append((x - style.pitch * 0.3, y, x + w + style.pitch * 0.3, y,
                              max(1.5, style.pitch / 18)))
        x += w


def _layout_en(doc, num, style, frame, rng, spacing) -> Layout:
    lay = Layout()
    cur = _Cursor(lay, style, frame)
    L, W = frame.left, frame.width
    cur.y = frame.top + frame.line
    left = [[("MFA USSR", "typed")], [(doc.department, "typed")]]
    right = [[(doc.classification, "typed")], [("Making copies is prohibited", "typed")],
             [(f"Special no. {num.special_number}", "typed")]]
    top = cur.y
    right_x = W - frame.right - max(cur.width(s) for s in right) - style.pitch * int(rng.integers(0, 4))
    for segs in left:
        cur.add(segs, L, "h-left", "header", advance=1.0)
    for i, segs in enumerate(right):
        cur.add(segs, right_x, "h-right", "header", baseline=top + i * frame.line)
    lay.anchors["folio"] = (right_x - style.pitch * 6, top + 3.6 * frame.line)
    cur.y = top + 4.2 * frame.line
    cur.add([(f"Issuing No. {num.outgoing_number}", "typed")], L, "numbers", "header")
    cur.add([(f"Received on {en_time(num.received)}", "typed")], L, "numbers", "header")
    cur.add([(f"Sent on {en_time(num.sent)}", "typed")], L, "numbers", "header", advance=1.5)
    title = [(doc.document_type, "typed")]
    cur.add(title, (W - cur.width(title)) / 2, "title", "document_type", advance=1.5)
    dest = [(f"Destination: {doc.destination}", "typed"), (str(style.pitch * 3), "gap"),
            (f"To Whom: {doc.addressee}", "typed")]
    cur.add(dest, L, "dest", "destination", advance=1.5)
    if doc.marking:
        segs = [(doc.marking, "typed")]
        cur.add(segs, (W - cur.width(segs)) / 2, "marking", "marking", advance=1.0)
    cur.add([(doc.recipient_line, "typed")], L + style.pitch * int(rng.integers(0, 20)),
            "recipient", "recipient_line", advance=1.5)
    _body(cur, doc, rng, spacing, 0)
    cur.add([(f"{num.copies_made} copies", "typed")], L, "foot", "foot")
    day = num.typed_on
    cur.add([(f"{day.day} {EN_MONTH[day.month - 1]} {day.year}", "typed")], L, "foot", "foot",
            advance=1.6)
    cur.add([("Copies:", "typed")], L, "copies-head", "copies")
    for i, name in enumerate(doc.distribution):
        cur.add([(f"{i + 1}. Comr. {name}", "typed")], L, "copies-1", "copies")
    lay.anchors["hand_numbers"] = (L + style.pitch * 20, cur.y - frame.line * 6)
    lay.anchors["verifier"] = (W * 0.55, cur.y + frame.line * 0.4)
    lay.anchors["tick"] = (L - style.pitch * 2.2, frame.top + frame.line * 12)
    lay.bottom = cur.y + frame.line
    return lay


def layout_plain(text: str, style: TypeStyle, frame: Frame, rng: np.random.Generator,
                 spacing: float) -> Layout:
    """Free text typed line by line (long lines wrapped at the margin), one block per paragraph."""
    lay = Layout()
    cur = _Cursor(lay, style, frame)
    cur.y = frame.top + frame.line
    chars = int(frame.text_width // style.pitch)
    block = 0
    for raw in text.splitlines():
        if not raw.strip():
            block += 1
            cur.y += frame.line * 0.5
            continue
        for piece in _wrap(raw, chars, 0):
            cur.add([(piece, "typed")], frame.left, f"b{block}", "body", advance=spacing)
    lay.anchors["folio"] = (frame.width - frame.right - style.pitch * 2, frame.top * 0.55)
    lay.anchors["signature"] = (frame.width * 0.6, cur.y + frame.line)
    lay.anchors["verifier"] = (frame.width * 0.5, cur.y + frame.line * 2.5)
    lay.anchors["hand_numbers"] = (frame.left, cur.y + frame.line * 2.5)
    lay.anchors["tick"] = (frame.left - style.pitch * 2.2, frame.top + frame.line * 2)
    lay.bottom = cur.y
    return lay
