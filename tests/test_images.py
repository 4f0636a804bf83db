"""hub/render/images.py reads picture sizes from file headers."""

from __future__ import annotations

import struct

from hub.render.images import image_size

from conftest import REPO


def test_png_size_of_the_social_image():
    assert image_size(REPO / "site_src/assets/img/social.png") == (1200, 630)


def test_gif_jpeg_and_webp_sizes(tmp_path):
    gif = tmp_path / "a.gif"
    gif.write_bytes(b"GIF89a" + struct.pack("<HH", 31, 17) + b"\0" * 10)
    jpeg = tmp_path / "a.jpg"
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\0" * 9
    sof0 = b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 480, 640) + b"\0" * 10
    jpeg.write_bytes(b"\xff\xd8" + app0 + sof0)
    webp = tmp_path / "a.webp"
    webp.write_bytes(b"RIFF" + b"\0" * 4 + b"WEBPVP8X" + b"\0" * 8 + (99).to_bytes(3, "little") + (49).to_bytes(3, "little"))
    assert image_size(gif) == (31, 17)
    assert image_size(jpeg) == (640, 480)
    assert image_size(webp) == (100, 50)


def test_unknown_or_missing_files_have_no_size(tmp_path):
    (tmp_path / "a.svg").write_text("<svg/>")
    assert image_size(tmp_path / "a.svg") is None
    assert image_size(tmp_path / "missing.png") is None
