
import numpy as np
import pytest
from PIL import Image

from filegen import build_pdf, png_header_only
from pipeline.errors import BadInputError
from pipeline.model import BBox
from pipeline.settings import Settings
from pipeline.stages.load import exif_forward, load_page, page_count, sha256_file

S = Settings()




def encrypted_pdf() -> bytes:
    """A PDF whose standard security handler wants a user password we do not have."""
    return build_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
         b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
         + b"> /P -4 >>"],
        b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>]")


def empty_pdf() -> bytes:
    return build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])




def noise(h: int = 64, w: int = 64, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


def test_png_gray_and_source(tmp_path):
    p = tmp_path / "g.png"
    arr = np.full((20, 30), 200, np.uint8)
    arr[5:10, 3:7] = 10
    Image.fromarray(arr).save(p, dpi=(300, 300))
    page, params = load_page("given/g.png", 1, S, open_path=str(p))
    assert page.image.dtype == np.uint8 and page.image.shape == (20, 30)
    assert np.array_equal(page.image, arr)
    src = page.source
    assert (src.path, src.page, src.width, src.height, src.dpi) == ("given/g.png", 1, 30, 20, 300.0)
    assert src.sha256 == sha256_file(p) and len(src.sha256) == 64
    assert params["image"] == "gray"


def test_rgb_jpeg_bmp_webp(tmp_path):
    for name in ("c.jpg", "c.bmp", "c.webp"):
        p = tmp_path / name
        Image.new("RGB", (16, 12), (250, 20, 20)).save(p)
        page, _ = load_page(str(p), 1, S)
        assert page.image.shape == (12, 16, 3)
        r, g, b = page.image[6, 8].astype(int)
        assert r > 200 and g < 60 and b < 60, name


def test_16bit_gray_scaled_to_8bit(tmp_path):
    p = tmp_path / "g16.png"
    arr = np.array([[0, 128 * 257, 65535]], dtype=np.uint16)
    Image.fromarray(arr).save(p)
    page, _ = load_page(str(p), 1, S)
    assert page.image.dtype == np.uint8
    assert page.image.tolist() == [[0, 128, 255]]


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    p = tmp_path / "c.jpg"
    Image.new("CMYK", (10, 10), (0, 255, 255, 0)).save(p)  # red in CMYK
    page, params = load_page(str(p), 1, S)
    assert params["mode"] == "CMYK"
    assert page.image.shape == (10, 10, 3)
    r, g, b = page.image[5, 5].astype(int)
    assert r > 200 and g < 60 and b < 60


def test_palette_png_with_alpha_goes_on_white(tmp_path):
    p = tmp_path / "p.png"
    im = Image.new("P", (4, 1))
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im.putdata([0, 1, 0, 1])
    im.save(p, transparency=0)
    page, _ = load_page(str(p), 1, S)
    assert page.image[0, 0].tolist() == [255, 255, 255]  # transparent black -> paper
    assert page.image[0, 1].tolist() == [255, 0, 0]


def test_bilevel_tiff_and_multipage(tmp_path):
    p = tmp_path / "m.tif"
    frames = [Image.new("1", (8, 6), 1), Image.new("L", (9, 7), 50), Image.new("RGB", (5, 4), "blue")]
    frames[0].save(p, save_all=True, append_images=frames[1:], compression="tiff_deflate")
    assert page_count(p) == 3
    one, _ = load_page(str(p), 1, S)
    two, _ = load_page(str(p), 2, S)
    three, _ = load_page(str(p), 3, S)
    assert one.image.shape == (6, 8) and int(one.image.min()) == 255
    assert two.image.shape == (7, 9) and int(two.image[0, 0]) == 50
    assert three.image.shape == (4, 5, 3) and two.source.page == 2
    with pytest.raises(BadInputError, match="page 4"):
        load_page(str(p), 4, S)


def test_pdf_rendered_at_settings_dpi(tmp_path):
    p = tmp_path / "d.pdf"
    Image.new("RGB", (100, 50), "white").save(p, save_all=True, resolution=100,
                                              append_images=[Image.new("RGB", (100, 50), "black")])
    assert page_count(p) == 2
    page, params = load_page(str(p), 2, Settings(pdf_dpi=144))
    # 100 px at 100 dpi is 72 pt; at 144 dpi that is 144 px
    assert page.image.shape == (72, 144, 3)
    assert page.source.dpi == 144.0 and params["renderer"] == "pypdfium2"
    assert int(page.image.mean()) < 10


def test_encrypted_and_empty_pdf_are_one_line_errors(tmp_path):
    enc, empty = tmp_path / "e.pdf", tmp_path / "z.pdf"
    enc.write_bytes(encrypted_pdf())
    empty.write_bytes(empty_pdf())
    with pytest.raises(BadInputError, match="encrypted PDF"):
        page_count(enc)
    # after an encrypted one, PDFium's stale error code must not call this one encrypted
    with pytest.raises(BadInputError, match="no pages") as info:
        page_count(empty)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("kind", ["png", "jpg", "tif"])
def test_truncated_files_fail(tmp_path, kind):
    p = tmp_path / f"t.{kind}"
    Image.fromarray(noise()).save(p)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadInputError) as info:
        load_page(str(p), 1, S)
    assert "\n" not in str(info.value)


def test_zero_bytes_and_text_named_png(tmp_path):
    empty = tmp_path / "e.png"
    empty.write_bytes(b"")
    with pytest.raises(BadInputError, match="empty file"):
        page_count(empty)
    text = tmp_path / "t.png"
    text.write_text("this is not an image\n")
    with pytest.raises(BadInputError, match="not an image"):
        load_page(str(text), 1, S)


def test_pixel_limit_refuses_before_decoding(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(100_000, 100_000))
    with pytest.raises(BadInputError, match="pixel limit"):
        load_page(str(bomb), 1, S)
    small = tmp_path / "s.png"
    Image.new("L", (20, 10)).save(small)
    load_page(str(small), 1, Settings(max_pixels=200))
    with pytest.raises(BadInputError, match="pixel limit"):
        load_page(str(small), 1, Settings(max_pixels=199))


def test_pdf_pixel_limit(tmp_path):
    p = tmp_path / "d.pdf"
    Image.new("RGB", (100, 50), "white").save(p, resolution=100)
    with pytest.raises(BadInputError, match="pixel limit"):
        load_page(str(p), 1, Settings(pdf_dpi=144, max_pixels=144 * 72 - 1))


@pytest.mark.parametrize("orientation", [1, 2, 3, 4, 5, 6, 7, 8])
def test_exif_forward_matches_pil_transposition(orientation):
    from pipeline.stages.load import _EXIF_TRANSPOSE

    w, h, x, y = 7, 4, 5, 1
    arr = np.zeros((h, w), np.uint8)
    arr[y, x] = 255
    out = arr if orientation == 1 else np.asarray(
        Image.fromarray(arr).transpose(_EXIF_TRANSPOSE[orientation]))
    cx, cy, _ = exif_forward(orientation, w, h) @ np.array([x + 0.5, y + 0.5, 1.0])
    assert out[int(cy), int(cx)] == 255


def test_exif_rotated_jpeg_keeps_stored_coordinates(tmp_path):
    p = tmp_path / "r.jpg"
    arr = np.full((20, 40, 3), 255, np.uint8)  # stored: 40 wide, 20 high
    arr[4:8, 4:8] = 0
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90 degrees clockwise
    Image.fromarray(arr).save(p, exif=exif.tobytes(), quality=95)
    page, params = load_page(str(p), 1, S)
    assert (page.source.width, page.source.height) == (40, 20)
    assert page.image.shape == (40, 20, 3)  # working image is upright
    assert page.image[4:8, 12:16].mean() < 60  # the block, turned: x' = H - y, y' = x
    assert page.map_bbox(BBox(12, 4, 16, 8)) == BBox(4, 4, 8, 8)
    assert page.preprocess["exif_orientation"] == 6 and page.preprocess["rotation"] == 90
    assert params["exif_orientation"] == 6


def test_unreadable_symlink_loop(tmp_path):
    loop = tmp_path / "loop.png"
    loop.symlink_to(loop)
    with pytest.raises(BadInputError, match="symbolic links"):
        page_count(loop)
