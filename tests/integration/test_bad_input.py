"""Bad inputs (issue 7, point 5): each one a small generated file in one real batch.

The batch runs once (real Tesseract); each case then checks what the user sees: the page's
status and one-line error in summary.json and on stderr, and that good pages were written.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from filegen import build_pdf, png_header_only
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = ["Archive record 1950, fund 17", "Moscow telegram to the ministry",
         "Received on the third of May", "Copy sent to the regional office"]


def text_image(size=(760, 220)) -> Image.Image:
    im = Image.new("L", size, 255)
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 28)
    for i, line in enumerate(LINES):
        draw.text((20, 20 + 44 * i), line, fill=0, font=font)
    return im


def truncated(path: Path, kind: str) -> None:
    noise = np.random.default_rng(1).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    Image.fromarray(noise).save(path, format=kind)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])






def multipage_tiff_with_broken_page(path: Path) -> None:
    pages = [text_image(), Image.new("L", (300, 200), 128), text_image()]
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate")
    with Image.open(path) as im:
        im.seek(1)
        offset = im.tag_v2[273][0]  # StripOffsets of page 2
    data = bytearray(path.read_bytes())
    data[offset:offset + 16] = b"\xff" * 16  # its deflate stream no longer decodes
    path.write_bytes(bytes(data))


def make_inputs(d: Path) -> None:
    text_image().save(d / "good.png")
    (d / "zero.png").write_bytes(b"")
    truncated(d / "trunc.png", "PNG")
    truncated(d / "trunc.jpg", "JPEG")
    truncated(d / "trunc.tif", "TIFF")
    (d / "text.png").write_text("not a picture, just text\n")
    Image.new("L", (1, 1), 0).save(d / "tiny.png")
    (d / "huge.png").write_bytes(png_header_only(100_000, 100_000))
    Image.new("L", (400, 300), 0).save(d / "black.png")
    Image.new("L", (400, 300), 255).save(d / "white.png")
    g16 = (np.asarray(text_image(), dtype=np.uint16) * 257).astype(np.uint16)
    Image.fromarray(g16).save(d / "gray16.png")
    assert Image.open(d / "gray16.png").mode.startswith("I")
    text_image().convert("CMYK").save(d / "cmyk.jpg", quality=95)
    pal = text_image().convert("P")
    pal.save(d / "palette.png", transparency=int(np.asarray(pal)[0, 0]))  # paper transparent
    multipage_tiff_with_broken_page(d / "multi.tif")
    (d / "empty.pdf").write_bytes(build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                             b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    (d / "locked.pdf").write_bytes(build_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
         b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>"],
        b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]"))
    for name in ("scan one.png", "it's \"quoted\"; rm -rf x.png", "Телеграмма №5.png", "-lead.png"):
        shutil.copy(d / "good.png", d / name)
    (d / "loop.png").symlink_to(d / "loop.png")


def cli(*args, cwd, obey_permissions=False):
    prefix = []
    if obey_permissions and os.geteuid() == 0:
        # root reads and writes everything: drop the capabilities that let it
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run([*prefix, sys.executable, "-m", "pipeline", "run", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad")
    (base / "in").mkdir()
    make_inputs(base / "in")
    res = cli("in", "-o", "out", "--jobs", "2", cwd=base)
    summary = json.loads((base / "out" / "summary.json").read_text())
    return base, res, {p["stem"]: p for p in summary["pages"]}


FAILS = {  # (file, page) -> what its one-line error must say
    ("zero.png", 1): "empty file (0 bytes)",
    ("trunc.png", 1): "cannot decode PNG page 1",
    ("trunc.jpg", 1): "cannot decode JPEG page 1: image file is truncated",
    ("trunc.tif", 1): "cannot decode TIFF page 1",
    ("text.png", 1): "not an image file",
    ("huge.png", 1): "image of 100000 x 100000 = 10000000000 pixels exceeds the pixel limit of "
                     "200000000 (--max-pixels); refused before decoding",
    ("multi.tif", 2): "cannot decode TIFF page 2",
    ("empty.pdf", 1): "cannot open PDF: it has no pages",
    ("locked.pdf", 1): "encrypted PDF",
    ("loop.png", 1): "Too many levels of symbolic links",
}


@pytest.mark.parametrize("name, page", sorted(FAILS))
def test_bad_file_fails_alone_with_one_line(batch, name, page):
    base, res, pages = batch
    rec = next(p for p in pages.values() if p["source"] == f"in/{name}" and p["page"] == page)
    assert rec["status"] == "failed" and FAILS[name, page] in rec["error"]
    where = f"in/{name}" + (f" (page {page})" if name == "multi.tif" else "")
    assert f"FAILED {where}: {rec['error']}" in res.stderr.splitlines()
    assert not (base / "out" / f"{rec['stem']}.json").exists()


@pytest.mark.parametrize("stem", ["tiny", "black", "white"])
def test_degenerate_pages_are_done_with_no_text(batch, stem):
    base, _, pages = batch
    assert pages[stem]["status"] == "ok"
    page = json.loads((base / "out" / f"{stem}.json").read_text())
    assert page["text"].strip() == "" and page["source"]["width"] in (1, 400)


@pytest.mark.parametrize("stem", ["gray16", "cmyk", "palette", "multi-p0001", "multi-p0003", "good"])
def test_unusual_encodings_are_read(batch, stem):
    base, _, pages = batch
    assert pages[stem]["status"] == "ok"
    text = (base / "out" / f"{stem}.txt").read_text()
    assert "Moscow telegram to the ministry" in text and "Copy sent to the regional office" in text


def test_odd_file_names_give_safe_readable_stems(batch):
    base, res, pages = batch
    expected = {"scan_one": "in/scan one.png", "it_s_quoted_rm_-rf_x": "in/it's \"quoted\"; rm -rf x.png",
                "Телеграмма_5": "in/Телеграмма №5.png", "lead": "in/-lead.png"}
    for stem, source in expected.items():
        assert pages[stem]["status"] == "ok" and pages[stem]["source"] == source
        assert json.loads((base / "out" / f"{stem}.json").read_text())["source"]["path"] == source
    # every file the run wrote is directly inside out/
    written = {p.parent for p in (base / "out").rglob("*")}
    assert written == {base / "out"}
    assert res.returncode == 1


def test_unreadable_file_and_pixel_flag(tmp_path_factory):
    base = Path(tempfile.mkdtemp(prefix="unreadable-"))
    try:
        os.chmod(base, 0o777)
        text_image().save(base / "good.png")
        text_image().save(base / "secret.png")
        os.chmod(base / "secret.png", 0o000)
        os.chmod(base / "good.png", 0o644)
        res = cli("good.png", "secret.png", "-o", "out", "--jobs", "1", cwd=base, obey_permissions=True)
        assert res.returncode == 1, res.stderr
        assert "FAILED secret.png: cannot read file: Permission denied" in res.stderr
        assert (base / "out" / "good.json").exists()
        res = cli("good.png", "-o", "out2", "--max-pixels", "1000", cwd=base)
        assert res.returncode == 1 and "pixel limit of 1000" in res.stderr
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_unwritable_output_folder_loses_nothing(tmp_path_factory):
    base = Path(tempfile.mkdtemp(prefix="unwritable-"))
    try:
        os.chmod(base, 0o777)
        text_image().save(base / "good.png")
        os.chmod(base / "good.png", 0o644)
        (base / "out").mkdir()
        (base / "out" / "earlier.json").write_text("{}")
        os.chmod(base / "out", 0o555)
        res = cli("good.png", "-o", "out", cwd=base, obey_permissions=True)
        assert res.returncode == 1
        assert res.stderr.strip() == "error: cannot write to output folder out: permission denied"
        assert (base / "out" / "earlier.json").read_text() == "{}"
    finally:
        os.chmod(base / "out", 0o755)
        shutil.rmtree(base, ignore_errors=True)
