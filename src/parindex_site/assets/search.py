"""The search index as outputs: one Pagefind bundle per edition, split by date.

Pagefind cannot update an index in place, and indexing is its slow part (about 5 ms a
story here), so each edition's stories are indexed in parts -- a year, or its quarters
or months when it has many stories (``search_records.partition_names``) -- merged in
the reader's browser with Pagefind's ``mergeIndex``. A
partition is named by a digest of what its records are made of (every story's
fingerprint and section, the edition's language and date pattern, Pagefind's version
and ``SEARCH_FORMAT``): an edit re-indexes only its story's part, and a partition
whose folder is in the cache is never indexed again (``build.search_store``).

Where they are published: the newest part is the edition's main bundle, at
``<prefix>/pagefind/`` with Pagefind's script and WebAssembly, which only the main
bundle loads; every other part at ``<prefix>/pagefind/<name>/``, its index files
only. Like picture variants, each file is a ``StaticFile`` whose source is its file in
the cache, so the one list of outputs, its clash checks, the manifest, stale-file
removal and warm = cold cover the index too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.models import Article
from ..model.site import Site
from ..model.urls import output_key
from ..render.pictures import PictureView
from .search_records import partition_names, section_titles, site_records
from .static import StaticFile

SEARCH_FORMAT = 3  # what records hold and how a part is laid out: change it when they change
SEARCH_URL = "/pagefind/"  # under each edition's prefix
# Written by Pagefind for its own UIs, which the search page does not use.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# Loaded by the main bundle only: a merged index uses the main one's code.
MAIN_ONLY = ("pagefind.js", "pagefind-worker.js")


@dataclass(frozen=True)
class Partition:
    """One year, quarter or month of one edition's stories: one Pagefind index."""

    edition: str
    month: str  # its name: yyyy, yyyy-qN or yyyy-mm
    digest: str  # names its folder in the store
    url: str  # where its bundle is published
    main: bool  # the edition's main bundle (its newest part)
    stories: tuple[Article, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class SearchView:
    """What an edition's search page loads: its main bundle and the parts merged in
    (newest first); an edition without stories has neither."""

    bundle: str
    merged: tuple[str, ...]


@dataclass(frozen=True)
class SearchPlan:
    partitions: tuple[Partition, ...]
    views: Mapping[str, SearchView]  # by edition code
    # A story picture's address in its record, by the address the story gives: its
    # smallest resized copy (the original may not be published: large_originals: omit).
    images: Mapping[str, str] = field(default_factory=dict)
    # Each story's section title, by edition code and story URL (``section_titles``):
    # in the partitions' digests and in the records.
    sections: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def plan_search(
    sites: Sequence[Site], version: str, pictures: Mapping[str, PictureView]
) -> SearchPlan:
    """Each edition's partitions, newest first, and what its search page loads;
    ``pictures`` are the resized pictures' views, by the address stories give."""
    images = {
        a.image: min(view.fallback, key=lambda v: v.width).url
        for site in sites
        for a in site.articles
        if a.image and (view := pictures.get(a.image)) is not None and view.fallback
    }
    partitions: list[Partition] = []
    views: dict[str, SearchView] = {}
    titles: dict[str, Mapping[str, str]] = {}
    for site in sites:
        edition = site.edition
        parts: dict[str, list[Article]] = {}
        for article, name in zip(site.articles, partition_names(site.articles), strict=True):
            parts.setdefault(name, []).append(article)
        sections = titles[edition.code] = section_titles(site)
        salt = json.dumps(
            [SEARCH_FORMAT, version, edition.code, edition.date_format, edition.am_pm]
        )
        mine = []
        for number, name in enumerate(sorted(parts, reverse=True)):
            stories = tuple(parts[name])
            keys = [
                article_key(a, sections.get(a.url, ""), images.get(a.image or "", ""))
                for a in stories
            ]
            main = number == 0
            url = edition.url(SEARCH_URL if main else f"{SEARCH_URL}{name}/")
            mine.append(
                Partition(edition.code, name, _digest(salt, name, keys), url, main, stories)
            )
        partitions += mine
        views[edition.code] = SearchView(
            mine[0].url if mine else "", tuple(p.url for p in mine[1:])
        )
    return SearchPlan(tuple(partitions), views, images, titles)


def partition_records(
    sites: Sequence[Site], plan: SearchPlan
) -> Callable[[Partition], list[dict[str, Any]]]:
    """The Pagefind records of a partition, in the order of its stories."""
    by_code = {site.edition.code: site for site in sites}

    def records(partition: Partition) -> list[dict[str, Any]]:
        code = partition.edition
        return site_records(by_code[code], partition.stories, plan.images, plan.sections[code])

    return records


def bundle_files(partition: Partition, folder: Path, names: Sequence[str]) -> list[StaticFile]:
    """The files ``names`` (relative, sorted) of a built partition in ``folder``, as
    outputs at its URL."""
    files = []
    for name in names:
        if not partition.main and (name in MAIN_ONLY or name.endswith(".pagefind")):
            continue
        files.append(StaticFile(PurePosixPath(output_key(partition.url + name)), folder / name))
    return files


def article_key(article: Article, section: str, image: str) -> str:
    """What a story's record is made of: its fingerprint (a digest of all its fields,
    made when it is read), the name of its section in the edition and the address of
    its picture's copy."""
    known = article.fingerprint or repr(
        (article.title, article.body_html, article.published, article.image, article.image_alt)
    )
    return f"{article.url}\0{known}\0{section}\0{image}"


def _digest(salt: str, name: str, keys: Sequence[str]) -> str:
    text = "\0".join((salt, name, *keys))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
