"""What a picture is and what its resized variants are: the plain data planning needs.

Pillow, which reads and encodes them (``assets.codec``), is imported only by a build
that has a picture to read or a variant to make: its import costs every other build
about 15 ms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Formats that get variants; their fallback stays in their own format if it is JPEG or
# PNG, and is JPEG (PNG with transparency) for the others.
RESIZED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "BMP", "TIFF"})
JPEG_QUALITY = 82
WEBP_QUALITY = 80
WEBP_METHOD = 4  # 6 is a few per cent smaller and three times slower
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Settings that shape the bytes: part of every variant's cache key.
SETTINGS = f"v1 jpeg{JPEG_QUALITY} webp{WEBP_QUALITY}m{WEBP_METHOD} lanczos srgb"


@dataclass(frozen=True)
class PictureInfo:
    """What planning needs of a picture file."""

    format: str  # Pillow's name: JPEG, PNG, WEBP, GIF...
    width: int  # as shown: after the EXIF orientation
    height: int
    animated: bool
    alpha: bool

    @property
    def resized(self) -> bool:
        return self.format in RESIZED_FORMATS and not self.animated

    @property
    def fallback_format(self) -> str:
        if self.format in ("JPEG", "PNG"):
            return self.format
        return "PNG" if self.alpha else "JPEG"


@dataclass(frozen=True)
class VariantFile:
    """One variant to make: its size, format and the cache file that holds it."""

    width: int
    height: int
    format: str
    path: Path


@dataclass(frozen=True)
class EncodeJob:
    """The variants of one source picture that the cache lacks."""

    source: Path
    files: tuple[VariantFile, ...]
