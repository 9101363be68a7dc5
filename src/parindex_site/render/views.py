"""What templates are given: small frozen values, each holding only what a page shows.

A template never receives an object that reaches the whole site (a ``Listing`` holds
every story of its list): it gets a view of the part it shows. That is what lets
``build.keys`` key a page by its context alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from ..content.models import Article
from ..model.site import Listing
from ..model.translations import Alternate
from ..model.urls import paged_url

PAGER_REACH = 2  # pages linked either side of the current one


class Slot(Markup):
    """A fragment shared by many pages (the latest-news sidebar), rendered once per build
    and put in place after each page is rendered; its text is a placeholder meanwhile.
    A page's key covers the slot's name, and the manifest the fragment's own key, so a
    change of the sidebar alone can be applied to the old pages without rendering them."""

    name: str

    def __new__(cls, name: str, placeholder: str) -> Slot:
        slot = super().__new__(cls, placeholder)
        slot.name = name
        return slot


@dataclass(frozen=True)
class NavItem:
    """A link of the section menu."""

    title: str
    url: str


@dataclass(frozen=True)
class SiteLinks:
    """The site's own pages, for headers and footers."""

    home: str
    tags: str
    archive: str
    feed: str
    sitemap: str
    search: str = ""  # the edition's search page; empty with search: false


@dataclass(frozen=True)
class ListingView:
    """A list as a list page or an index shows it: not its stories, but how many."""

    kind: str
    title: str
    url: str
    size: int | None  # None on the older pages of a stable list: they do not say
    feed_url: str | None
    description: str = ""  # a section's, as ``sections:`` gives it

    @classmethod
    def of(cls, listing: Listing) -> ListingView:
        return cls(
            listing.kind,
            listing.title,
            listing.url,
            len(listing.articles),
            listing.feed_url,
            listing.description,
        )


@dataclass(frozen=True)
class HomeSection:
    """A section's block on the home page: its name, its list page and its newest
    stories (the lead left out: the page shows it above)."""

    title: str
    url: str
    articles: tuple[Article, ...]

    @classmethod
    def blocks(
        cls, sections: tuple[Listing, ...], count: int, lead: Article | None
    ) -> tuple[HomeSection, ...]:
        """One block per section with stories, in the menu's order (``sections:``)."""
        blocks = []
        for listing in sections:
            shown = tuple(a for a in listing.articles[: count + 1] if a is not lead)[:count]
            if shown:
                blocks.append(cls(listing.title, listing.url, shown))
        return tuple(blocks) if count else ()


@dataclass(frozen=True)
class Pager:
    """One page of a paginated listing, page 1 the newest (``pagination: newest``)."""

    number: int
    count: int
    articles: tuple[Article, ...]
    url: str
    first_url: str

    @property
    def front(self) -> bool:
        """Whether this is the page at the list's own URL."""
        return self.number == 1

    @property
    def prev_url(self) -> str | None:
        """The page of newer stories."""
        return paged_url(self.first_url, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        """The page of older stories."""
        return paged_url(self.first_url, self.number + 1) if self.number < self.count else None

    def url_of(self, number: int) -> str:
        return paged_url(self.first_url, number)

    @property
    def numbers(self) -> tuple[int, ...]:
        """The page numbers the pager links: the first, the last and up to ``PAGER_REACH``
        either side of this one; 0 marks a gap. A window, not every page: 10,000 stories
        make 1,000 home pages, and linking all from each would be 1,000,000 links."""
        return _window({1, self.count}, self.number, self.count)


@dataclass(frozen=True)
class StablePager:
    """One page of a listing numbered from its oldest story (``pagination: stable``).

    Page 1 holds the oldest ``page_size`` stories, page 2 the next, and so on; the
    newest page, which holds the rest, is the list's own URL. While stories are only
    added, an older page shows the same stories for ever, and it is given only what it
    prints: not how many pages there are (``count`` is 0 on it), and the newest page's
    number only if that page is within its pager's reach (``newest``, else 0). So a new
    story changes the newest page and, when it opens a new page, the few pages that link
    it -- never the thousands of older pages. Numbers are listed newest first."""

    number: int
    newest: int  # the newest page's number, if this page links it; else 0
    articles: tuple[Article, ...]
    url: str
    first_url: str

    @property
    def front(self) -> bool:
        return self.number == self.newest

    @property
    def count(self) -> int:
        """The number of pages, on the newest page only (older pages do not say)."""
        return self.number if self.front else 0

    @property
    def prev_url(self) -> str | None:
        """The page of newer stories."""
        return None if self.front else self.url_of(self.number + 1)

    @property
    def next_url(self) -> str | None:
        """The page of older stories."""
        return self.url_of(self.number - 1) if self.number > 1 else None

    def url_of(self, number: int) -> str:
        return paged_url(self.first_url, number, self.newest)

    @property
    def numbers(self) -> tuple[int, ...]:
        """As ``Pager.numbers``, newest first; the newest page only when within reach."""
        top = self.newest or self.number + PAGER_REACH  # far from the newest: all exist
        return tuple(reversed(_window({1, self.newest} - {0}, self.number, top)))


def _window(ends: set[int], number: int, top: int) -> tuple[int, ...]:
    """``ends`` and the pages up to ``PAGER_REACH`` either side of ``number`` (at most
    ``top``), ascending; 0 marks a gap, and a gap of one page shows that page."""
    near = range(max(1, number - PAGER_REACH), min(top, number + PAGER_REACH) + 1)
    numbers: list[int] = []
    for shown in sorted({*ends, *near}):
        if numbers and shown - numbers[-1] > 1:
            numbers.append(numbers[-1] + 1 if shown - numbers[-1] == 2 else 0)
        numbers.append(shown)
    return tuple(numbers)


@dataclass(frozen=True)
class Feed:
    title: str
    url: str
    alternate_url: str
    updated: dt.datetime
    entries: tuple[Article, ...]


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: dt.datetime | None
    alternates: tuple[Alternate, ...] = ()  # the page in every language, for xhtml:link


@dataclass(frozen=True)
class SitemapEntries:
    """Every entry of the sitemap, kept as columns: the 17,000 entries of a large site
    are keyed as flat tuples rather than walked one object at a time."""

    urls: tuple[str, ...]
    lastmods: tuple[str, ...]  # ISO 8601, or "" when unknown
    # One tuple per URL on a site of several editions; none at all on a site of one.
    alternates: tuple[tuple[Alternate, ...], ...] = ()

    @property
    def translated(self) -> bool:
        """Whether any entry has alternates (the sitemap then declares ``xhtml:``)."""
        return any(self.alternates)

    def __iter__(self) -> Iterator[SitemapEntry]:
        alternates = self.alternates or ((),) * len(self.urls)
        for url, lastmod, others in zip(self.urls, self.lastmods, alternates, strict=True):
            when = dt.datetime.fromisoformat(lastmod) if lastmod else None
            yield SitemapEntry(url, when, others)

    def __len__(self) -> int:
        return len(self.urls)
