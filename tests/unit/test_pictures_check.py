"""Picture widths from file headers (no imaging library), and what the check reports."""

from __future__ import annotations

import io
import struct

import pytest

from parindex_site.assets.pictures_check import picture_width


def png(width: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", width, 10) + b"\x08\x02"


def gif(width: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, 10) + b"\x00" * 20


def jpeg(width: int, sof: int = 0xC0, fill: bool = False) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
    exif = b"\xff\xe1" + struct.pack(">H", 5002) + b"\x00" * 5000  # seeked over, not read
    dht = b"\xff\xc4" + struct.pack(">H", 4) + b"\x00\x00"  # 0xC4 is not a frame header
    frame = bytes([0xFF, sof]) + struct.pack(">HBHH", 17, 8, 10, width) + b"\x00" * 12
    return b"\xff\xd8" + app0 + exif + dht + (b"\xff" if fill else b"") + frame


def webp(chunk: bytes, data: bytes) -> bytes:
    return b"RIFF" + struct.pack("<I", 100) + b"WEBP" + chunk + struct.pack("<I", 50) + data


@pytest.mark.parametrize(
    ("data", "width"),
    [
        (png(3000), 3000),
        (gif(640), 640),
        (jpeg(2600), 2600),
        (jpeg(1024, sof=0xC2), 1024),  # progressive
        (jpeg(800, fill=True), 800),  # fill bytes before a marker
        (webp(b"VP8 ", b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", 1920, 1080)), 1920),
        (webp(b"VP8L", b"\x2f" + struct.pack("<I", (4000 - 1) | ((10 - 1) << 14))), 4000),
        (webp(b"VP8X", b"\x00\x00\x00\x00" + (2999).to_bytes(3, "little") + b"\x00" * 3), 3000),
    ],
    ids=["png", "gif", "jpeg", "jpeg-progressive", "jpeg-fill", "webp", "webp-lossless", "webp-x"],
)
def test_the_width_is_read_from_the_header(data: bytes, width: int) -> None:
    assert picture_width(io.BytesIO(data)) == width


@pytest.mark.parametrize(
    "data",
    [b"", b"<svg/>", b"\xff\xd8", b"\xff\xd8\xff\xd9", b"\xff\xd8\x00\x00", b"GIF8", png(5)[:12]],
    ids=["empty", "svg", "jpeg-cut", "jpeg-no-frame", "jpeg-garbage", "gif-cut", "png-cut"],
)
def test_no_width_for_other_or_broken_files(data: bytes) -> None:
    assert picture_width(io.BytesIO(data)) is None


def test_a_jpeg_of_endless_segments_is_given_up_on() -> None:
    segment = b"\xff\xe1\x00\x02"  # empty segments, never a frame header
    assert picture_width(io.BytesIO(b"\xff\xd8" + segment * 5000)) is None
