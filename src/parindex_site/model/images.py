"""A story's picture as a URL that works from every page that shows it.

Editors write ``image:`` three ways: a site path (``/images/a.jpg``), a full URL
(``https://cdn.example/a.jpg``, or protocol-relative ``//cdn.example/a.jpg``), or, in
Hugo's style, a path relative to the story's file (``images/a.jpg`` beside
``content/news/story.md``). The last is printed on list pages, feeds and the home page
too, where it would resolve against another folder; so it is made a site path here,
once, from the story's folder (files beside the stories keep their path, so
``content/news/images/a.jpg`` is ``/news/images/a.jpg``). Other schemes (``javascript:``,
``data:``) are left as written for the picture check to refuse with ``file:line``.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata

CONTENT_FOLDER = "content"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


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
