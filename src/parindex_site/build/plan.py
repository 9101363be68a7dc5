"""Dependency-aware rebuilds: what each output page depends on, and what to do with it.

Every story page and list page gets a *key*: a hash of everything its template sees,
except the latest-news sidebar. The sidebar is rendered once per build and inserted
verbatim, so it is tracked on its own. The key covers:

- the site-wide part: parsite's version, the configuration, every template file, and the
  navigation (each category's URL and title);
- a story page: the story (its source's sha256 and its URL) and its related stories;
- a list page: the listing's kind, title, URL and size, the page number and count, the
  stories on it and, for the first home page, the lead story (later pages get none).

This is the template contract of ``render.py``: a template that reads other parts of
``site`` on every page (say ``site.articles|length``) would need them added here.

Against the manifest of the last build (per page: its key and how many times it holds the
sidebar) each page is then *kept* (same key, same sidebar), *spliced* (same key, new
sidebar: the old file with the old sidebar replaced) or *rendered*. Indexes, feeds,
sitemaps and redirects are keyed on their own inputs (``extras.py``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from .cache import Stat
from ..config import SiteConfig
from ..content.models import Article
from ..model.site import Site
from ..model.urls import paged_url

KEEP, SPLICE, RENDER = "keep", "splice", "render"
MANIFEST_FORMAT = 4  # 4: static files' stats


class PageJob(NamedTuple):
    """One story or list page: which one (``article`` index, or ``listing`` index and
    page ``number``), its URL, its key and what this build does with it.

    A named tuple rather than a frozen dataclass: every build makes two per page, and
    a frozen dataclass costs twice as much to make."""

    url: str
    key: str
    article: int = -1
    listing: int = -1
    number: int = 0
    action: str = RENDER


@dataclass(frozen=True)
class Manifest:
    """What the last build wrote: enough to rebuild incrementally, nothing more.

    ``pages``: URL -> (key, sidebar count; -1 if the page may not be spliced);
    ``files``: every other output file (extras, static) -> a digest of its bytes;
    ``static``: each static file's source and stat when hashed, at ``recorded_ns``, so
    that an unchanged picture is not read again on every build."""

    identity: tuple[int, int]
    sidebar: str
    pages: Mapping[str, tuple[str, int]]
    files: Mapping[str, str] = field(default_factory=dict)
    extras: Mapping[str, str] = field(default_factory=dict)  # extra page URL -> key
    static: Mapping[str, tuple[str, Stat]] = field(default_factory=dict)
    recorded_ns: int = 0
    format: int = MANIFEST_FORMAT


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def join_digest(parts: Iterable[str]) -> str:
    """A digest of strings that hold no NUL (keys, digests, URLs, titles): cheaper than
    ``digest`` for the ~30,000 keys of a large site."""
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def story_key(article: Article, digests: Mapping[str, str]) -> str:
    """What a page that shows a story depends on of it: its source's digest and its URL,
    which determine everything a template reads of it."""
    return f"{digests.get(article.source, '')} {article.url}"


def template_digest(folders: Iterable[Path]) -> str:
    """Every file of every template folder, by path and bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def site_digest(config: SiteConfig, site: Site, templates: str) -> str:
    nav = tuple((listing.url, listing.title) for listing in site.categories)
    return digest(__version__, repr(config), templates, nav)


def plan_pages(site: Site, digests: Mapping[str, str], site_key: str) -> list[PageJob]:
    """A job for every story page and list page, keyed; in ``render_site``'s order."""
    # Plain loops over local names: this runs for every page of every build, 17,000
    # pages for 10,000 stories, and a warm build does little else.
    keys = {a.url: story_key(a, digests) for a in site.articles}
    related = site.related_by_url
    jobs = []
    for index, a in enumerate(site.articles):
        parts = [site_key, keys[a.url]]
        parts.extend([keys[r.url] for r in related.get(a.url, ())])
        jobs.append(PageJob(a.url, join_digest(parts), article=index))
    size = site.config.page_size
    lead = keys[site.lead.url] if site.lead is not None else ""
    for index, listing in enumerate(site.listings):
        count = listing.page_count(size)
        shared = digest(site_key, listing.kind, listing.title, listing.url, count)
        total = str(len(listing.articles))
        story_keys = [keys[a.url] for a in listing.articles]
        for number in range(1, count + 1):
            first = lead if listing.kind == "home" and number == 1 else ""
            parts = [
                shared,
                total,
                str(number),
                first,
                *story_keys[(number - 1) * size : number * size],
            ]
            url = paged_url(listing.url, number)
            jobs.append(PageJob(url, join_digest(parts), listing=index, number=number))
    return jobs


def decide(jobs: Sequence[PageJob], manifest: Manifest, sidebar: str) -> list[PageJob]:
    """Each job with its action against the last build's manifest."""
    same_sidebar = manifest.sidebar == sidebar
    splicable = not same_sidebar and has_no_border(manifest.sidebar)
    decided = []
    for job in jobs:
        action = RENDER
        old = manifest.pages.get(job.url)
        if old is not None and old[0] == job.key:
            if same_sidebar or old[1] == 0:
                action = KEEP
            elif old[1] > 0 and splicable:
                action = SPLICE
        decided.append(PageJob(job.url, job.key, job.article, job.listing, job.number, action))
    return decided


def has_no_border(text: str) -> bool:
    """True if no proper prefix of ``text`` is also its suffix.

    Then the copies of ``text`` inserted into a page are exactly the occurrences that
    ``str.count`` and ``str.replace`` find: no occurrence can overlap an inserted copy."""
    if not text:
        return False
    first = text[0]
    for start in range(1, len(text)):
        if text[start] == first and text.startswith(text[start:]):
            return False
    return True


def output_identity(output_dir: Path) -> tuple[int, int]:
    """The output folder's device and inode: another folder there means a full build."""
    try:
        info = os.stat(output_dir)
    except OSError:
        return (0, 0)
    return (info.st_dev, info.st_ino)
