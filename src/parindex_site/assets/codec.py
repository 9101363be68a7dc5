"""Reading pictures with Pillow and encoding their resized variants, byte for byte alike.

``inspect_picture`` reads what planning needs (format, size after the EXIF orientation,
animation) from a file's header without decoding its pixels. ``encode_variants`` decodes
a picture once and writes each of its variants to its own file in the cache:

- the EXIF orientation is applied to the pixels, so every browser shows it upright;
- nothing of the original's metadata is written (no EXIF: no GPS position, no camera),
  a privacy matter for a government portal;
- a picture with a colour profile is converted to sRGB, which browsers assume for a
  file without one, so colours do not shift;
- the same file and settings give the same bytes (fixed encoder options, no time stamps).

Files are written under a temporary name and renamed: a reader never sees half a file,
and two workers making the same file cannot spoil it.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .variants import JPEG_QUALITY, WEBP_METHOD, WEBP_QUALITY, EncodeJob, PictureInfo

try:  # Pillow's colour management needs littlecms, which every wheel bundles
    from PIL import ImageCms
except ImportError:  # pragma: no cover - a Pillow built without it keeps the profile's pixels
    ImageCms = None  # type: ignore[assignment]

# A camera original is up to ~50 megapixels; more than this is refused as a likely bomb.
Image.MAX_IMAGE_PIXELS = 120_000_000


def inspect_picture(path: Path) -> PictureInfo | None:
    """Format and shown size of a picture; None if Pillow cannot read it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a truncated or odd file is judged below
            with Image.open(path) as image:
                width, height = image.size
                if _orientation(image) in (5, 6, 7, 8):  # a quarter turn: sides swap
                    width, height = height, width
                info = PictureInfo(
                    format=image.format or "",
                    width=width,
                    height=height,
                    animated=getattr(image, "n_frames", 1) > 1,
                    alpha=image.mode in ("RGBA", "LA", "PA")
                    or (image.mode == "P" and "transparency" in image.info),
                )
                if info.resized:
                    _try_decode(image)
                return info
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None


def _try_decode(image: Image.Image) -> None:
    """Decode the pixels (a JPEG at an eighth of its size, which is quick), so that a
    file with a valid header and damaged data is published as it is, not resized."""
    if image.format == "JPEG":
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:  # a damaged EXIF block: shown as stored
        return 1
    return value if isinstance(value, int) else 1


def encode_variants(job: EncodeJob) -> None:
    """Decode ``job.source`` once and write each of its variants (widest first)."""
    files = sorted(job.files, key=lambda f: -f.width)
    with Image.open(job.source) as opened:
        if opened.format == "JPEG":
            # Decode at a fraction of the size where that still exceeds the widest
            # variant: a 4000-px photo made into 1600 px decodes at 2000 px, 4x faster.
            widest = max(f.width for f in files)
            height = max(f.height for f in files)
            opened.draft("RGB", (widest * 2, height * 2))
        base = _upright_srgb(opened)
    for variant in files:
        resized = base.resize(
            (variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
        _write(variant.path, _encoded(resized, variant.format))


def _upright_srgb(opened: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(opened) or opened
    profile = opened.info.get("icc_profile")
    image.load()
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    if profile:
        image = _to_srgb(image, profile, mode)
    if image.mode != mode:
        image = image.convert(mode)
    image.info = {}  # nothing of the original's metadata may reach a published file
    return image


def _to_srgb(image: Image.Image, profile: bytes, mode: str) -> Image.Image:
    if ImageCms is None:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        target = ImageCms.createProfile("sRGB")
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert(mode)
        out_mode = mode if image.mode != "CMYK" else "RGB"
        converted = ImageCms.profileToProfile(image, source, target, outputMode=out_mode)
        return converted if converted is not None else image
    except (OSError, ValueError, ImageCms.PyCMSError):
        return image  # an unreadable profile: the pixels as they are


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, exact=False)
    elif fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
