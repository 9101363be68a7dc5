"""Picture variants as outputs: which files each story picture gets, and what pages print.

Every local picture a shown story uses (its ``image`` and the pictures of its body)
that Pillow can resize gets variants at the configured widths (``picture_widths``;
never wider than the original), each in WebP and in the original's format
(``variants.PictureInfo.fallback_format``), plus one at ``SHARE_WIDTH`` for social
cards. Variants are outputs like any other: ``plan_pictures`` returns them as
``StaticFile``\\ s whose source is their file in the cache, so the build's one list of
outputs, its clash checks, its manifest and its removal of stale files cover them.

A variant's cache file is named by a digest of the source's bytes, its width, format,
the encoder settings and Pillow's version: a file that exists is never encoded again,
and one that changed gets new names. The pages get ``PictureView``\\ s, built from the
same numbers, through their context (``render.pictures``).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL

from ..content.models import Article
from ..render.pictures import PictureView, Variant
from .pictures_check import picture_refs, site_path
from .static import StaticFile
from .variants import EXTENSIONS, MIME_TYPES, SETTINGS, EncodeJob, PictureInfo, VariantFile

SHARE_WIDTH = 1200  # what OpenGraph readers ask for (Facebook, Zalo, X's large card)
# What a build knows of a picture file: its bytes' digest and its info (None: not a
# picture Pillow reads). Given by the build's cache layer, which avoids reading again
# a file whose stat has not changed.
ReadPicture = Callable[[Path], tuple[str, PictureInfo | None]]


@dataclass(frozen=True)
class PicturePlan:
    """The variants of one build: what pages print, what is published, what to encode."""

    views: Mapping[str, PictureView]  # by the site path pages use (/images/a.jpg)
    files: tuple[StaticFile, ...]
    jobs: tuple[EncodeJob, ...]  # variants the cache lacks, one job per source picture
    infos: Mapping[str, PictureInfo | None]  # by output path, for the picture checks


def plan_pictures(
    articles: Iterable[Article],
    static: Sequence[StaticFile],
    widths: Sequence[int],
    store: Path,
    read: ReadPicture,
) -> PicturePlan:
    """The variants of every local picture the stories use; their files live in ``store``."""
    sources = {str(item.path): item.source for item in static}
    urls = sorted({ref.url for ref in picture_refs(articles) if ref.url.startswith("/")})
    views: dict[str, PictureView] = {}
    made: dict[str, PictureView | None] = {}
    infos: dict[str, PictureInfo | None] = {}
    files: list[StaticFile] = []
    jobs: list[EncodeJob] = []
    for url in urls:
        path = site_path(url)
        if path not in made:
            source = sources.get(path)
            made[path] = None
            if source is not None:
                digest, info = read(source)
                infos[path] = info
                if info is not None and info.resized:
                    made[path] = _variants(path, source, digest, info, widths, store, files, jobs)
        view = made[path]
        if view is not None:
            views[url] = view
    return PicturePlan(views, tuple(files), tuple(jobs), infos)


def _variants(
    path: str,
    source: Path,
    digest: str,
    info: PictureInfo,
    widths: Sequence[int],
    store: Path,
    files: list[StaticFile],
    jobs: list[EncodeJob],
) -> PictureView:
    chosen = sorted({min(w, info.width) for w in widths})
    share = min(SHARE_WIDTH, info.width)
    fallback = info.fallback_format
    stem, _ = posixpath.splitext(path)
    missing: list[VariantFile] = []
    made: dict[str, list[Variant]] = {"WEBP": [], fallback: []}
    for fmt, sizes in (("WEBP", chosen), (fallback, sorted({*chosen, share}))):
        for width in sizes:
            height = max(1, round(width * info.height / info.width))
            name = f"{stem}-{width}w.{EXTENSIONS[fmt]}"
            cached = store / _cache_name(digest, width, height, fmt)
            files.append(StaticFile(PurePosixPath(name), cached))
            made[fmt].append(Variant("/" + name, width))
            if not cached.is_file():
                missing.append(VariantFile(width, height, fmt, cached))
    if missing:
        jobs.append(EncodeJob(source, tuple(missing)))
    widest = made[fallback][-1].width
    return PictureView(
        width=widest,
        height=max(1, round(widest * info.height / info.width)),
        webp=tuple(made["WEBP"]),
        fallback=tuple(v for v in made[fallback] if v.width in chosen),
        fallback_type=MIME_TYPES[fallback],
        share_url=next(v.url for v in made[fallback] if v.width == share),
    )


def _cache_name(digest: str, width: int, height: int, fmt: str) -> str:
    key = f"{digest}\0{width}x{height}\0{fmt}\0{SETTINGS}\0{PIL.__version__}"
    name = hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()
    return f"{name[:2]}/{name}.{EXTENSIONS[fmt]}"


def page_pictures(
    views: Mapping[str, PictureView], articles: Iterable[Article], body: bool
) -> dict[str, PictureView]:
    """The views a page prints, by the address it writes: each story's ``image`` and, on
    its own page (``body``), the ``src`` of each picture of its body as written."""
    shown: dict[str, PictureView] = {}
    if not views:  # a site without pictures: 17,000 pages of a build ask
        return shown
    for article in articles:
        view = views.get(article.image) if article.image else None
        if view is not None:
            shown[article.image] = view
    if body:
        for ref in picture_refs(articles, with_image=False):
            view = views.get(ref.url)
            if view is not None:
                shown[ref.written] = view
    return shown
