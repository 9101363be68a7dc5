"""The site model: what gets published, in what order, under which URLs.

``build_site`` is pure: it filters drafts, future and expired stories against one
``now``, sorts them (``in_list_order``: newest first, ties by slug; or, with
``list_order: day_then_weight``, days newest first, each as its editors ranked it),
gives every article its URL and groups the lists (categories, tags, archives).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

from ..config import SiteConfig
from ..config_checks import Section
from ..config_editions import Edition
from ..content.models import Article, Term
from .images import body_pictures, resolve_body_pictures, resolve_image
from .urls import (
    HOME_URL,
    archive_url,
    article_url,
    category_url,
    feed_url,
    tag_url,
)

_TermsOf = Callable[[Article], Iterable[Term]]
_Order = Callable[[Iterable[Article]], list[Article]]


@dataclass(frozen=True)
class Visibility:
    """Which unpublished stories a build shows anyway, and the one "now" it judges by."""

    now: dt.datetime
    drafts: bool = False
    future: bool = False
    expired: bool = False

    def shows(self, article: Article) -> bool:
        if article.draft and not self.drafts:
            return False
        if article.published > self.now and not self.future:
            return False
        expired = article.expires is not None and article.expires <= self.now
        return not (expired and not self.expired)


@dataclass(frozen=True)
class Listing:
    """A list page family (home, a category, a tag, a year or a month), newest first."""

    kind: str
    title: str
    url: str
    articles: tuple[Article, ...]
    term: Term | None = None
    description: str = ""  # a section's, from ``sections:``; shown on its list page

    def page_count(self, page_size: int) -> int:
        return max(1, -(-len(self.articles) // page_size))

    @property
    def feed_url(self) -> str | None:
        """The home page and each section have an Atom feed; tags and archives do not."""
        return feed_url(self.url) if self.kind in ("home", "category") else None


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs; built once per build and never changed."""

    config: SiteConfig
    visibility: Visibility
    articles: tuple[Article, ...]
    home: Listing
    categories: tuple[Listing, ...]
    tags: tuple[Listing, ...]
    years: tuple[Listing, ...]
    months: tuple[Listing, ...]
    related_by_url: Mapping[str, tuple[Article, ...]]
    edition: Edition  # the language portal this model is of

    @property
    def now(self) -> dt.datetime:
        return self.visibility.now

    @property
    def latest(self) -> tuple[Article, ...]:
        return self.articles[: self.config.latest_count]

    @property
    def lead(self) -> Article | None:
        """The home page's lead: the first featured story in list order, else the first."""
        featured = next((a for a in self.articles if a.featured), None)
        return featured or (self.articles[0] if self.articles else None)

    @property
    def listings(self) -> tuple[Listing, ...]:
        return (self.home, *self.categories, *self.tags, *self.years, *self.months)

    def related(self, article: Article) -> tuple[Article, ...]:
        """Up to ``related_count`` other stories of the same category: the next older
        ones, topped up with the next newer ones (``_related``)."""
        return self.related_by_url.get(article.url, ())


def build_editions(
    config: SiteConfig, articles: Sequence[Article], visibility: Visibility
) -> tuple[Site, ...]:
    """One model per edition, the first (served at ``/``) first."""
    return tuple(build_site(config, articles, visibility, e) for e in config.editions)


def build_site(
    config: SiteConfig,
    articles: Iterable[Article],
    visibility: Visibility,
    edition: Edition | None = None,
) -> Site:
    """Publish, sort, give URLs and group the stories of ``edition`` (the first, by
    default). Whether two outputs clash is the registry's question
    (``build.registry``), which knows every output, not only these."""
    edition = edition or config.editions[0]
    first = config.editions[0].code
    shown = in_list_order(
        config,
        (a for a in articles if (a.edition or first) == edition.code and visibility.shows(a)),
    )
    # The read phase gives every article its URLs (and the cache keeps them, under a stamp
    # that covers the URL pattern): only one made elsewhere may lack them.
    published = tuple(a if a.url else with_urls(config, a) for a in shown)
    named = {section.slug: section for section in edition.sections}
    url = edition.url
    order = functools.partial(in_list_order, config)
    categories = _group(
        published, "category", order, lambda a: (a.category,), lambda s: url(category_url(s)), named
    )
    site = Site(
        config=config,
        visibility=visibility,
        articles=published,
        home=Listing("home", edition.title, url(HOME_URL), published),
        categories=categories,
        tags=_group(published, "tag", order, lambda a: a.tags, lambda s: url(tag_url(s))),
        years=_archives(published, "year", url),
        months=_archives(published, "month", url),
        related_by_url=_related(categories, config.related_count),
        edition=edition,
    )
    return site


def in_list_order(config: SiteConfig, articles: Iterable[Article]) -> list[Article]:
    """The site's list order (``list_order``): newest first, or day by day."""
    if config.list_order == "day_then_weight":
        return day_then_weight(articles, config.tz)
    return newest_first(articles)


def day_then_weight(articles: Iterable[Article], tz: dt.tzinfo) -> list[Article]:
    """Days newest first (the calendar day in the site's time zone); within a day the
    ranked stories by ``weight``, lower first, then the unranked ones newest first; ties
    by slug, so the order never depends on file order. A portal's editors order a day's
    news by importance, not by the minute it went up."""

    def key(a: Article) -> tuple[int, bool, int, float, str]:
        day = a.published.astimezone(tz).date().toordinal()
        ranked = a.weight is not None
        return (-day, not ranked, a.weight or 0, -a.published.timestamp(), a.slug)

    return sorted(articles, key=key)


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """In ``Article.sort_key`` order (newest first, ties by slug), by two stable sorts on
    cheaper keys: building 10,000 key tuples cost more than sorting on them."""
    ordered = sorted(articles, key=attrgetter("slug"))
    ordered.sort(key=lambda a: a.published.timestamp(), reverse=True)  # stable, reversed too
    return ordered


def with_urls(config: SiteConfig, article: Article) -> Article:
    """The article with its URL, its section's and tags' URLs, its section's name as
    ``sections:`` gives it, and its picture and its body's pictures as site paths
    (``model.images``). The read phase caches articles with these already
    (``build.read``), which spares 10,000 ``dataclasses.replace`` calls on every build."""
    editions = config.editions
    edition = next((e for e in editions if e.code == article.edition), editions[0])
    prefix = edition.prefix
    url = prefix + article_url(
        config.article_url, article.category.slug, article.slug, article.published
    )
    # Each edition names its sections in its own language (``sections:`` of its entry).
    section = next((s for s in edition.sections if s.slug == article.category.slug), None)
    category = _with_url(
        article.category, lambda s: prefix + category_url(s), section.name if section else ""
    )
    tags = tuple(_with_url(tag, lambda s: prefix + tag_url(s)) for tag in article.tags)
    image = resolve_image(article.image, article.source)
    # Read once: a body kept in its file is a new string each time it is read.
    original = article.body_html
    body_html = resolve_body_pictures(original, article.source)
    pictures = body_pictures(body_html)
    if (
        article.url == url
        and category is article.category
        and tags == article.tags
        and image == article.image
        and body_html is original
        and pictures == article.body_pictures
    ):
        return article
    return dataclasses.replace(
        article,
        url=url,
        category=category,
        tags=tags,
        image=image,
        body_html=body_html,
        body_pictures=pictures,
        fingerprint="",
    )


def _with_url(term: Term, url_of: Callable[[str], str], name: str = "") -> Term:
    url = url_of(term.slug)
    name = name or term.name
    return term if term.url == url and term.name == name else Term(term.slug, name, url)


def _group(
    articles: Sequence[Article],
    kind: str,
    order: _Order,
    terms_of: _TermsOf,
    url_of: Callable[[str], str],
    named: Mapping[str, Section] | None = None,
) -> tuple[Listing, ...]:
    """One listing per term, ``named`` ones (the config's ``sections:``) first in their
    order, then the others by slug; ``articles`` come newest first and so does each
    listing."""
    groups: dict[Term, list[Article]] = defaultdict(list)
    for article in articles:
        for term in terms_of(article):
            groups[term].append(article)
    spellings: dict[str, list[Term]] = defaultdict(list)
    for term in groups:
        spellings[term.slug].append(term)
    names = list(named or {})
    rank = {slug: n for n, slug in enumerate(names)}
    listings = []
    for slug in sorted(spellings, key=lambda s: (rank.get(s, len(names)), s)):
        terms = spellings[slug]
        term = _most_used(terms, groups)
        section = (named or {}).get(slug)
        if section is not None and section.name:
            term = Term(slug, section.name, term.url)
        parts = [groups[t] for t in sorted(terms)]
        description = section.description if section is not None else ""
        merged = _merge(parts, order)
        listings.append(Listing(kind, term.name, url_of(slug), merged, term, description))
    return tuple(listings)


def _most_used(terms: Sequence[Term], groups: Mapping[Term, Sequence[Article]]) -> Term:
    """Two spellings of one tag ("Đảng bộ", "ĐẢNG BỘ") share a slug: the list is named by
    the spelling most stories use, ties going to the one that sorts first, so the result
    does not depend on file order."""
    if len(terms) == 1:
        return terms[0]
    return min(terms, key=lambda t: (-len({a.url for a in groups[t]}), t.name, t.url))


def _merge(parts: Sequence[Sequence[Article]], order: _Order) -> tuple[Article, ...]:
    """One listing's stories from each spelling of its term, in list order, each once.

    Each part is in the order of ``articles`` already: one part needs no sorting."""
    unique = {a.url: a for part in parts for a in part}  # 'tags: [A, A]', or two spellings
    if len(parts) == 1:
        return tuple(unique.values())
    return tuple(order(unique.values()))


def _archives(
    articles: Sequence[Article], kind: str, url_of: Callable[[str], str]
) -> tuple[Listing, ...]:
    groups: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        when = article.published
        groups[(when.year, when.month if kind == "month" else 0)].append(article)
    listings = []
    for (year, month), items in sorted(groups.items(), reverse=True):
        url = url_of(archive_url(year, month))
        title = f"{month:02d}/{year:04d}" if month else f"{year:04d}"
        listings.append(Listing(kind, title, url, tuple(items)))
    return tuple(listings)


def _related(categories: Iterable[Listing], want: int) -> dict[str, tuple[Article, ...]]:
    """For each story, the next older ones of its category, topped up with newer ones."""
    related: dict[str, tuple[Article, ...]] = {}
    for listing in categories:
        items = listing.articles
        for index, article in enumerate(items):
            older = items[index + 1 : index + 1 + want]
            newer = items[max(0, index - (want - len(older))) : index]
            related[article.url] = (*older, *newer)
    return related
