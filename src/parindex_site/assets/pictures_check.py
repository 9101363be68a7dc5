"""Pictures that point at nothing, are too heavy, lack alt text, or are not pictures.

Every build checks each shown story's ``image`` and the pictures of its body against
the build's list of static outputs (``collect_static``: what will exist): a site path
that no output has is a warning naming ``file:line``, as is a picture over
``MAX_BYTES`` or ``MAX_WIDTH`` pixels wide (the width read from the file's header:
PNG, GIF, JPEG, WebP), a body picture without alt text, and an ``image`` that Pillow
cannot read as a picture. ``--strict`` makes them errors. An ``image``
with a scheme other than ``http(s)`` (``javascript:``, ``data:``) is an error in every
build. Full URLs are not fetched.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple
from urllib.parse import unquote

from ..content.models import Article
from ..errors import BuildFailed, ContentError, SiteError
from ..model.images import body_pictures, has_scheme, is_web_url, resolve_image
from .kinds import PICTURE_SUFFIXES
from .static import StaticFile
from .variants import PictureInfo

MAX_BYTES = 1_000_000  # 1 MB: heavier pictures make a news page slow on a phone
MAX_WIDTH = 2500  # pixels: wider than any screen shows a story's picture
# Where a source writes a picture's address: a Markdown image or link "](x", a reference
# definition "[id]: x", or an HTML src attribute; to find the line of a body picture.
_WRITTEN = re.compile(
    r"""\]\(\s*<?([^\s<>()]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s<>]+)"""
    r"""|\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
    re.MULTILINE,
)
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SEGMENTS = 1000  # a real file reaches its frame header long before
_HEAD = 8192  # characters of a source that hold its front matter's keys


def site_path(url: str) -> str:
    """A local picture address as the output path it names (``images/a.jpg``)."""
    return unicodedata.normalize("NFC", unquote(url.split("#")[0].split("?")[0])).lstrip("/")


class _Picture(NamedTuple):  # not a frozen dataclass: a large site makes 20,000
    """One picture reference: the story, the key or where in the body, the URL."""

    article: Article
    field: str  # "image" or "body"
    written: str  # as the page has it, to find its line in the source
    url: str  # as the page uses it: a site path, or a full URL
    has_alt: bool = True  # a body picture's alt text is not empty


def check_pictures(
    articles: Iterable[Article],
    static: Sequence[StaticFile],
    site_dir: Path,
    readable: Mapping[str, PictureInfo | None] | None = None,
    omit_large: bool = False,
) -> list[str]:
    """Warnings for missing, heavy or wide pictures, body pictures without alt text and
    an ``image`` that is no picture; raise for unusable ``image`` URLs. ``readable``:
    what Pillow made of each picture file, by output path (None: it could not read it);
    ``omit_large``: the originals of large resized pictures are not published."""
    infos = readable or {}
    outputs = {str(item.path): item.source for item in static}
    errors: list[SiteError] = []
    warnings: list[str] = []
    sizes: dict[Path, tuple[int, int | None]] = {}
    problems: dict[str, str] = {}
    for picture in picture_refs(articles):
        if picture.field == "image" and has_scheme(picture.url) and not is_web_url(picture.url):
            line = _line(site_dir, picture)
            errors.append(
                ContentError(
                    Path(picture.article.source),
                    f"image '{_shown(picture.url)}' is not a picture's address (write a "
                    "site path like /images/a.jpg, a path beside the story, or an "
                    "https:// URL)",
                    line=line,
                )
            )
            continue
        problem = problems.get(picture.url)
        if problem is None:  # one story's picture is often on many: judge each URL once
            problem = problems[picture.url] = _problem(
                picture.url, outputs, sizes, infos, omit_large
            )
        if not problem and picture.field == "image":
            problem = _not_a_picture(picture.url, infos)
        if not picture.has_alt:
            where = f"{picture.article.source}:{_line(site_dir, picture)}"
            warnings.append(
                f"{where}: the picture {_shown(picture.written)} has no alt text (write "
                "![a short description](...), read out to screen-reader users)"
            )
        if problem:
            where = f"{picture.article.source}:{_line(site_dir, picture)}"
            warnings.append(f"{where}: {_what(picture)} {problem}")
    if errors:
        raise BuildFailed(errors)
    return warnings


def picture_refs(articles: Iterable[Article], with_image: bool = True) -> Iterable[_Picture]:
    """Every picture the stories show: each ``image`` (unless ``with_image`` is False)
    and each local ``<img>`` of each body, with the URL the page resolves it to."""
    for article in articles:
        if with_image and article.image:
            yield _Picture(article, "image", article.image, article.image)
        # Found once, when the story is read (``model.site.with_urls``): three steps of
        # every build ask, and a search of 10,000 bodies costs 40 ms each time.
        found = article.body_pictures
        if found is None:
            found = body_pictures(article.body_html)
        for src, has_alt in found:
            # A story read by the build has site paths only (``model.site.with_urls``).
            yield _Picture(article, "body", src, resolve_image(src, article.source), has_alt)


def _problem(
    url: str,
    outputs: dict[str, Path],
    sizes: dict[Path, tuple[int, int | None]],
    infos: Mapping[str, PictureInfo | None],
    omit_large: bool,
) -> str:
    if is_web_url(url) or has_scheme(url):
        return ""  # not ours to check: not fetched
    path = "/" + site_path(url)
    source = outputs.get(path[1:])
    if source is None:
        return (
            f"{path} points at no file (put the picture at content{path} or static{path}, "
            "or correct the address)"
        )
    if source not in sizes:
        sizes[source] = _measure(source)
    size, width = sizes[source]
    # What becomes of a large picture is asked only of a large one: 100,000 stories'
    # pictures are judged on every build.
    if size > MAX_BYTES:
        fate = _fate(url, infos, omit_large)
        return f"{path} is {size / 1_000_000:.1f} MB, over 1 MB ({fate})"
    if width is not None and width > MAX_WIDTH:
        fate = _fate(url, infos, omit_large)
        return f"{path} is {width} px wide, over {MAX_WIDTH} px ({fate})"
    return ""


def _fate(url: str, infos: Mapping[str, PictureInfo | None], omit_large: bool) -> str:
    """What happens to a large picture, for its warning."""
    info = infos.get(site_path(url))
    if info is None or not info.resized:
        return (
            "it is published as it is, not resized (only JPEG, PNG, WebP, BMP and TIFF "
            "pictures are): make it smaller"
        )
    if omit_large:
        return "it is resized for readers, and the original is not published (large_originals)"
    return (
        "it is resized for readers, but the original is published too: make it smaller, "
        "or set large_originals: omit if it need not be downloadable at this size"
    )


def omitted_originals(
    static: Sequence[StaticFile], infos: Mapping[str, PictureInfo | None]
) -> frozenset[str]:
    """The output paths of the originals ``large_originals: omit`` leaves out: pictures
    that get variants and are over ``MAX_BYTES`` or ``MAX_WIDTH``."""
    sources = {str(item.path): item.source for item in static}
    omitted = set()
    for path, info in infos.items():
        source = sources.get(path)
        if info is not None and info.resized and source is not None:
            size, width = _measure(source)
            if size > MAX_BYTES or (width or info.width) > MAX_WIDTH:
                omitted.add(path)
    return frozenset(omitted)


def _not_a_picture(url: str, infos: Mapping[str, object]) -> str:
    """A published file of a kind that is no picture (a PDF, a document) that Pillow
    cannot read either. A damaged file of a picture kind is published as it is."""
    path = site_path(url)
    suffix = os.path.splitext(path)[1].lower()
    if path in infos and infos[path] is None and suffix not in PICTURE_SUFFIXES:
        return (
            f"/{path} is not a picture (give 'image' a JPEG, PNG, WebP, GIF or SVG file; "
            "link other files from the text)"
        )
    return ""


def _what(picture: _Picture) -> str:
    return "image" if picture.field == "image" else "the picture"


def _measure(path: Path) -> tuple[int, int | None]:
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as stream:
            return size, picture_width(stream)
    except OSError:
        return 0, None  # the copy will report it; not a picture problem


def picture_width(stream: BinaryIO) -> int | None:
    """The width in pixels from a PNG, GIF, JPEG or WebP header; None for anything else."""
    head = stream.read(32)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big")
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return int.from_bytes(head[6:8], "little")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_width(head)
    if head[:2] == b"\xff\xd8":
        stream.seek(2)
        return _jpeg_width(stream)
    return None


def _webp_width(head: bytes) -> int | None:
    chunk, data = head[12:16], head[20:32]
    if chunk == b"VP8 " and data[3:6] == b"\x9d\x01\x2a":
        return int.from_bytes(data[6:8], "little") & 0x3FFF
    if chunk == b"VP8L" and data[:1] == b"\x2f":
        return (int.from_bytes(data[1:5], "little") & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 7:
        return int.from_bytes(data[4:7], "little") + 1
    return None


def _jpeg_width(stream: BinaryIO) -> int | None:
    """Walk the segments to the frame header (SOF), seeking over each one's body."""
    for _ in range(_JPEG_SEGMENTS):
        marker = stream.read(2)
        while marker[:1] == b"\xff" and marker[1:2] == b"\xff":  # fill bytes
            marker = marker[1:] + stream.read(1)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind == 0x01 or 0xD0 <= kind <= 0xD8:
            continue  # markers without a length
        length = stream.read(2)
        if len(length) < 2 or kind == 0xD9:
            return None
        if kind in _JPEG_SOF:
            frame = stream.read(5)  # precision, height, width
            return int.from_bytes(frame[3:5], "big") if len(frame) == 5 else None
        size = int.from_bytes(length, "big")
        if size < 2:
            return None  # a length counts its own two bytes: this is no JPEG
        stream.seek(size - 2, os.SEEK_CUR)
    return None


def _line(site_dir: Path, picture: _Picture) -> int:
    """The line of the source that writes the picture: its key, or where the body has it.
    The reader records the ``image`` key's line; a body picture's is found by reading
    the source again, which happens only for a problem."""
    if picture.field == "image" and picture.article.image_line:
        return picture.article.image_line
    try:
        with (site_dir / picture.article.source).open(encoding="utf-8-sig") as source:
            text = source.read(_HEAD) if picture.field == "image" else source.read()
    except (OSError, UnicodeDecodeError):
        return 1
    text = unicodedata.normalize("NFC", text)
    if picture.field == "image":
        match = re.search(r"^\s*[\"']?image[\"']?\s*[:=]", text, re.MULTILINE)
        return text.count("\n", 0, match.start()) + 1 if match else 1
    return _body_line(text, picture)


def _body_line(text: str, picture: _Picture) -> int:
    """The first line whose picture address resolves to this one: the page has it as a
    site path, the source perhaps relative to the story's folder (``images/a.jpg``)."""
    source = picture.article.source
    for match in _WRITTEN.finditer(text):
        group = next(n for n, g in enumerate(match.groups(), 1) if g is not None)
        written = html.unescape(match.group(group)).strip()
        if picture.written in (written, resolve_image(written, source)):
            return text.count("\n", 0, match.start(group)) + 1
    found = text.find(picture.written)
    return text.count("\n", 0, found) + 1 if found >= 0 else 1


def _shown(value: str) -> str:
    """A value for a message: control characters escaped, at most 60 characters."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)
    return text if len(text) <= 60 else text[:57] + "..."
