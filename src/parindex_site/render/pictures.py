"""Responsive picture markup: ``<picture>`` with WebP and the original format's variants.

A page's pictures reach its template as ``pictures``, a mapping from the address as the
page writes it (a story's ``image``, or a ``src`` of its body) to a ``PictureView``:
the variants' URLs, widths and the picture's displayed size, all read from the picture
when the build plans its outputs. The markup is made from those values alone, so a
page's key (a digest of its context) covers every byte this module prints.

``picture`` prints one picture for a template; ``responsive`` rewrites the ``<img>``
elements of a story's body the same way. A picture that has no view (a full URL, an
SVG, an animated GIF, a missing file) is printed as it was written.
"""

from __future__ import annotations

import html
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

_IMG = re.compile(r"<img\b([^>]*?)\s*/?>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# Attributes the responsive markup sets itself; an editor's others (class, title) stay.
_OWN = frozenset({"src", "srcset", "sizes", "width", "height", "loading", "decoding"})


@dataclass(frozen=True)
class Variant:
    """One resized file: its URL and width in pixels."""

    url: str
    width: int


@dataclass(frozen=True)
class PictureView:
    """What a page prints of one picture: its variants, newest format first."""

    width: int  # of the largest variant: with ``height``, the box a browser reserves
    height: int
    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]  # the original's format (JPEG or PNG)
    fallback_type: str  # "image/jpeg"
    share_url: str  # for og:image: the fallback at 1200 px, or the largest if narrower

    @property
    def src(self) -> str:
        return self.fallback[-1].url


def srcset(variants: tuple[Variant, ...]) -> str:
    return ", ".join(f"{v.url} {v.width}w" for v in variants)


def picture(
    pictures: Mapping[str, PictureView],
    url: str,
    alt: str = "",
    sizes: str = "100vw",
    lead: bool = False,
    extra: str = "",
) -> Markup:
    """The markup of the picture at ``url``: responsive if it has a view, else a plain
    ``<img>``. The ``lead`` picture (above the fold) is fetched first, the others lazily."""
    view = pictures.get(url)
    loading = ' fetchpriority="high"' if lead else ' loading="lazy" decoding="async"'
    if view is None:
        return Markup(f'<img src="{escape(url)}" alt="{escape(alt)}"{extra}{loading}>')
    return Markup(
        f'<picture><source type="image/webp" srcset="{escape(srcset(view.webp))}" '
        f'sizes="{escape(sizes)}">'
        f'<img src="{escape(view.src)}" srcset="{escape(srcset(view.fallback))}" '
        f'sizes="{escape(sizes)}" width="{view.width}" height="{view.height}" '
        f'alt="{escape(alt)}"{extra}{loading}></picture>'
    )


def share_image(pictures: Mapping[str, PictureView], url: str) -> str:
    """The picture social cards show: its 1200-px variant where there is one."""
    view = pictures.get(url)
    return view.share_url if view is not None else url


def share_type(pictures: Mapping[str, PictureView], url: str) -> str:
    """The media type of ``share_image``'s file ("" if its name does not say)."""
    view = pictures.get(url)
    if view is not None:
        return view.fallback_type
    guessed = mimetypes.guess_type(url.split("?")[0].split("#")[0])[0] or ""
    return guessed if guessed.startswith("image/") else ""


def responsive(body: str, pictures: Mapping[str, PictureView], sizes: str) -> Markup:
    """A story's body with each of its pictures that has a view made responsive."""

    def markup(src: str, alt: str, extra: str) -> str:
        return str(picture(pictures, src, alt, sizes, extra=extra))

    return _rewritten(body, pictures, markup)


def plain(body: str, pictures: Mapping[str, PictureView]) -> str:
    """A story's body for feed readers, which take no ``srcset``: each picture that has
    a view names its largest variant, a file every build publishes (the original may
    not be: ``large_originals``), with its size."""

    def markup(src: str, alt: str, extra: str) -> str:
        view = pictures[src]
        return (
            f'<img src="{escape(view.src)}" width="{view.width}" height="{view.height}" '
            f'alt="{escape(alt)}"{extra}>'
        )

    # Text, not Markup: a feed escapes it into its <content type="html">.
    return str(_rewritten(body, pictures, markup))


def _rewritten(
    body: str, pictures: Mapping[str, PictureView], markup: Callable[[str, str, str], str]
) -> Markup:
    if not pictures or "<img" not in body:
        return Markup(body)

    def rewrite(match: re.Match[str]) -> str:
        attrs = {
            m.group(1).lower(): html.unescape(_value(m)) for m in _ATTR.finditer(match.group(1))
        }
        src = attrs.get("src", "")
        if src not in pictures:
            return match.group(0)
        extra = "".join(
            f' {name}="{escape(value)}"'
            for name, value in attrs.items()
            if name not in _OWN and name != "alt"
        )
        return markup(src, attrs.get("alt", ""), extra)

    return Markup(_IMG.sub(rewrite, body))


def _value(match: re.Match[str]) -> str:
    for group in (2, 3, 4):
        if match.group(group) is not None:
            return match.group(group)
    return ""
