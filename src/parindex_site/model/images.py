"""A story's picture as a URL that works from every page that shows it.

Editors write ``image:`` three ways: a site path (``/images/a.jpg``), a full URL
(``https://cdn.example/a.jpg``, or protocol-relative ``//cdn.example/a.jpg``), or, in
Hugo's style, a path relative to the story's file (``images/a.jpg`` beside
``content/news/story.md``). The last is printed on list pages, feeds and the home page
too, where it would resolve against another folder; so it is made a site path here,
once, from the story's folder (files beside the stories keep their path, so
``content/news/images/a.jpg`` is ``/news/images/a.jpg``). Other schemes (``javascript:``,
``data:``) are left as written for the picture check to refuse with ``file:line``.

Pictures of a story's body (``![x](images/a.jpg)``, ``<img src="a.jpg">``) are resolved
the same way, in the rendered HTML: the story page's URL (``/news/a-story/``) is not the
story's folder, so a browser would look for them in the wrong place. The rewrite reads
nothing but the body and the story's path, so a cached story stays exact.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from typing import NamedTuple

CONTENT_FOLDER = "content"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# An <img> tag's src: quoted either way, or unquoted as hand-written HTML may have it.
# Only lowercase "<img" (what Markdown writes): the picture check finds tags with a
# plain str.find over every body of every build, and must see what was resolved here.
BODY_IMG = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_ALT = re.compile(r"""\salt\s*=\s*(?:"\s*[^"\s][^"]*"|'\s*[^'\s][^']*'|[^\s"'>]+)""")


class BodyPicture(NamedTuple):
    """A local ``<img>`` of a story's body: its src as the page resolves it (entities
    decoded, spaces trimmed) and whether its alt text says anything."""

    src: str
    has_alt: bool


def has_scheme(url: str) -> bool:
    return bool(_SCHEME.match(url))


def is_web_url(url: str) -> bool:
    """A full ``http(s)`` URL or a protocol-relative one: nothing of ours to resolve."""
    return url.startswith("//") or url.lower().startswith(("http://", "https://"))


def resolve_image(image: str, source: str) -> str:
    """``image`` as a site path if it was written relative to the story ``source``
    (``content/news/a.md``, as messages name it); any other value as it is."""
    if not image or image.startswith("/") or has_scheme(image):
        return image
    # The story's folder below content/: ``source`` is relative to the site folder.
    parts = source.replace("\\", "/").split("/")
    folder = "/".join(parts[1:-1]) if parts[0] == CONTENT_FOLDER else ""
    joined = posixpath.normpath(posixpath.join("/", folder, image))
    # normpath folds '..' but never above '/'; it drops a trailing slash, which a picture lacks.
    return unicodedata.normalize("NFC", joined)


def img_src(match: re.Match[str]) -> tuple[int, str]:
    """The group of a ``BODY_IMG`` match that holds the src (1: double-quoted, 2: single,
    3: unquoted), and its text as written in the HTML (entities not decoded)."""
    group = next(n for n in (1, 2, 3) if match.group(n) is not None)
    return group, match.group(group)


def resolve_body_pictures(body_html: str, source: str) -> str:
    """``body_html`` with each relative ``<img src>`` made a site path from the story
    ``source``'s folder (``resolve_image``); the very same string if none is relative."""
    if "<img" not in body_html:
        return body_html
    changed = False

    def rewrite(match: re.Match[str]) -> str:
        nonlocal changed
        group, written = img_src(match)
        src = html.unescape(written).strip()  # browsers drop the spaces around a URL too
        resolved = resolve_image(src, source)
        if resolved == src:
            return match.group(0)
        changed = True
        start, end = match.start(group) - match.start(), match.end(group) - match.start()
        value = html.escape(resolved)
        if group == 3:  # unquoted: quote it, so the new value cannot end the tag
            value = f'"{value}"'
        whole = match.group(0)
        return whole[:start] + value + whole[end:]

    resolved_html = BODY_IMG.sub(rewrite, body_html)
    return resolved_html if changed else body_html


def body_pictures(body_html: str) -> tuple[BodyPicture, ...]:
    """The local pictures of a body, in order: not full URLs nor ``data:`` ones."""
    found: list[BodyPicture] = []
    at = body_html.find("<img")  # str.find, then a match at each
    while at >= 0:
        match = BODY_IMG.match(body_html, at)
        at = body_html.find("<img", at + 4)
        if match is None:
            continue
        src = html.unescape(img_src(match)[1]).strip()
        if src and not has_scheme(src) and not src.startswith("//"):
            tag = body_html[match.start() : body_html.find(">", match.end()) + 1]
            found.append(BodyPicture(src, _ALT.search(tag) is not None))
    return tuple(found)
