"""URLs and the output paths they are written to, from one place so they cannot drift.

A URL is a ``str`` starting with ``/``; ending in ``/`` means ``index.html`` in that folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from ..errors import OutputError

# Every URL pattern of the site is here; templates get URLs from the model, never spell one.
HOME_URL = "/"
TAGS_URL = "/tags/"
ARCHIVE_URL = "/archive/"
NOT_FOUND_URL = "/404.html"
FEED_URL = "/atom.xml"
SITEMAP_URL = "/sitemap.xml"
NEWS_SITEMAP_URL = "/news-sitemap.xml"
ROBOTS_URL = "/robots.txt"


def category_url(slug: str) -> str:
    return f"/{slug}/"


def tag_url(slug: str) -> str:
    return f"{TAGS_URL}{slug}/"


def archive_url(year: int, month: int = 0) -> str:
    """A year's archive, or a month's when ``month`` is given."""
    return f"{ARCHIVE_URL}{year:04d}/" + (f"{month:02d}/" if month else "")


def feed_url(listing_url: str) -> str:
    """The Atom feed of a list: beside its first page."""
    return f"{listing_url}atom.xml"


def article_url(pattern: str, category_slug: str, slug: str, published: dt.datetime) -> str:
    """Fill the configured ``article_url`` pattern (validated in config)."""
    return pattern.format(
        category=category_slug,
        slug=slug,
        year=f"{published.year:04d}",
        month=f"{published.month:02d}",
        day=f"{published.day:02d}",
    )


def paged_url(first_url: str, number: int, front: int = 1) -> str:
    """Page ``front`` lives at the list's own URL (page 1, or with ``pagination: stable``
    the newest page), any other page N at ``<url>page/N/``."""
    return first_url if number == front else f"{first_url}page/{number}/"


def output_path(url: str) -> PurePosixPath:
    """The file a URL is served from, relative to the output folder; refuses to escape it."""
    return PurePosixPath(output_key(url))


def output_key(url: str) -> str:
    """``output_path`` as a string, without building a path object (collision checks
    compare ~17,000 of them). The parts hold no '/' and none is empty, '.' or '..', so
    joining them is exactly what ``PurePosixPath(*parts)`` prints."""
    clean = "//" not in url and "/." not in url and "\\" not in url and "\x00" not in url
    if clean and url.startswith("/"):
        # The common URL ('/news/a-story/'): no part can be empty, '.' or '..'.
        return url[1:] + "index.html" if url.endswith("/") else url[1:]
    if not url.startswith("/") or "\\" in url or "\x00" in url:
        raise OutputError(f"unsafe URL {url!r}: URLs must start with '/'")
    parts = [p for p in url.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise OutputError(f"unsafe URL {url!r}: '.' and '..' would leave the output folder")
    if url.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)
