"""THE list of outputs: every file a build writes, with its URL, template and context.

``plan_pages`` is the one function that enumerates what the site publishes: story
pages, every page of every list, the tags and archive indexes, the 404 page, alias
redirects, feeds, sitemaps and robots.txt. The collision and file-name checks, the
sitemap, page counts, stale-file removal and incremental keys all read this list, and
nothing else enumerates outputs. Static files join it as ``assets.static.StaticFile``.

The template contract. Every page template gets:

- ``config`` (SiteConfig), ``edition`` (Edition: code, title, description, prefix,
  date patterns of the page's language portal), ``words`` (the edition's interface
  words, which ``t(key)`` reads), ``nav`` (NavItem per section), ``links`` (SiteLinks:
  home, tags, archive, feed, sitemap, search: empty with ``search: false``), ``sidebar``
  (the latest-news fragment), ``page_url`` (this page's URL), ``canonical`` (its absolute
  URL) and its other languages
  (``model.translations``, all empty on a site of one edition): ``translations``
  (Translation: code, url, title of this story, home, tags or archive index in another
  edition), ``alternates`` (Alternate: hreflang, absolute url of every version, itself
  and x-default included; empty without translations) and ``languages`` (LanguageLink
  per other edition for the switch: code, name, locale, url of the translation or of
  that edition's home, translated); then, by template:
- ``article.html``: ``article`` (Article; ``article.body`` is its HTML), ``related``
  (Articles of its section), ``feed_url`` (its section's feed), ``pictures`` (the
  PictureView of its ``image`` and of each picture of its body, by the address written)
- ``home.html``, ``list.html``: ``listing`` (ListingView: kind, title, url, size,
  feed_url, description), ``page`` (Pager, or StablePager with ``pagination: stable``:
  number, count, front, articles, prev_url, next_url, numbers, url_of(n)), ``lead``
  (the home page's lead story on its front page, else None), ``pictures`` (the
  PictureView of each shown story's ``image``); ``home.html`` also ``home_sections``
  (HomeSection: title, url, articles: each section's newest ``home_section_count``
  stories but the lead, on the front page; else empty)
- ``tags.html``: ``tags``; ``archive.html``: ``years``, ``months`` (ListingViews)
- ``search.html``: ``search`` (SearchView: the edition's main Pagefind ``bundle`` URL and
  the ``merged`` month bundles; ``bundle`` is empty for an edition without stories)
- ``404.html``; ``redirect.html``: ``target`` (URL)
- ``atom.xml``: ``feed`` (Feed), ``pictures`` (the PictureView of each entry's
  ``image``, for its enclosure, and with ``feed_content: full`` of its body's
  pictures); ``sitemap.xml``: ``entries`` (SitemapEntry: url, lastmod, alternates)
- ``news-sitemap.xml``: ``stories`` (the last two days' Articles); ``robots.txt``:
  ``sitemaps`` (absolute URLs)
- ``_latest.html`` (the sidebar, rendered once per edition): ``config``, ``edition``,
  ``words``, ``links``, ``latest`` (Articles) and ``latest_titles`` (each one's title as
  the sidebar shows it: cut by ``render.titles``, no two alike)

Nothing else is given, and ``StrictUndefined`` makes any other name an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from ..assets.pictures import page_pictures
from ..assets.search import SearchView
from ..config import SiteConfig
from ..config_editions import Edition
from ..content.models import Article
from ..model.site import Site
from ..model.translations import NO_LINKS, PageLinks, link_pages, switch_only
from ..model.urls import (
    ARCHIVE_URL,
    FEED_URL,
    HOME_URL,
    NEWS_SITEMAP_URL,
    NOT_FOUND_URL,
    ROBOTS_URL,
    SITEMAP_URL,
    TAGS_URL,
    feed_url,
)
from ..render.pictures import PictureView
from ..render.seo import absolute_url, news_sitemap_stories
from ..render.titles import cut_titles
from ..render.views import (
    Feed,
    ListingView,
    NavItem,
    SiteLinks,
    SitemapEntries,
)
from ..render.words import Words
from .context import Origin, PageContext, PageSpec
from .listing_pages import listing_pages, page_languages

SIDEBAR_TEMPLATE = "_latest.html"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def site_links(edition: Edition, search: bool = False) -> SiteLinks:
    url = edition.url
    return SiteLinks(
        url(HOME_URL),
        url(TAGS_URL),
        url(ARCHIVE_URL),
        url(FEED_URL),
        url(SITEMAP_URL),
        url(edition.search_url) if search else "",
    )


def sidebar_context(site: Site, words: Words) -> dict[str, Any]:
    return {
        "config": site.config,
        "edition": site.edition,
        "words": words,
        "links": site_links(site.edition, site.config.search),
        "latest": site.latest,
        "latest_titles": cut_titles(
            [a.title for a in site.latest],
            site.edition.latest_title_words,
            site.config.latest_title_length,
        ),
    }


def plan_pages(
    sites: Sequence[Site],
    sidebars: Sequence[Markup],
    words: Mapping[str, Words],
    pictures: Mapping[str, PictureView] | None = None,
    search: Mapping[str, SearchView] | None = None,
) -> list[PageSpec]:
    """Every page of every edition, in a deterministic order, each with its whole
    context; then the one robots.txt, at the root, naming every edition's sitemaps.
    ``pictures``: the responsive views of the stories' pictures, by site path;
    ``search``: what each edition's search page loads, by edition code (none: no
    search pages)."""
    pages: list[PageSpec] = []
    config = sites[0].config
    names = {code: str(w.text("language_name")) for code, w in words.items()}
    links = link_pages(sites, config, names)
    views = pictures or {}
    for site, sidebar in zip(sites, sidebars, strict=True):
        switch = switch_only(site, sites, config, names)
        code = site.edition.code
        pages.extend(_edition_pages(site, sidebar, words[code], links, switch, views))
        if search is not None and code in search:
            common = _common(site, sidebar, words[code], switch)
            url = site.edition.url(site.edition.search_url)
            pages.append(
                _page(
                    config,
                    common,
                    url,
                    "search.html",
                    "the search page",
                    False,
                    search=search[code],
                )
            )
    first = sites[0]
    common = _common(first, sidebars[0], words[first.edition.code], NO_LINKS)
    sitemaps = tuple(
        absolute_url(config, site.edition.url(url))
        for site in sites
        for url in (SITEMAP_URL, NEWS_SITEMAP_URL)
    )
    pages.append(
        _page(config, common, ROBOTS_URL, "robots.txt", "robots.txt", False, sitemaps=sitemaps)
    )
    return pages


def _common(site: Site, sidebar: Markup, words: Words, switch: PageLinks) -> dict[str, Any]:
    return {
        "config": site.config,
        "edition": site.edition,
        "words": words,
        "nav": tuple(NavItem(c.title, c.url) for c in site.categories),
        "links": site_links(site.edition, site.config.search),
        "sidebar": sidebar,
        **page_languages(switch),
    }


def _edition_pages(
    site: Site,
    sidebar: Markup,
    words: Words,
    links: Mapping[str, PageLinks],
    switch: PageLinks,
    views: Mapping[str, PictureView],
) -> list[PageSpec]:
    """The pages of one edition: a whole portal under its prefix."""
    config = site.config
    url = site.edition.url
    common = _common(site, sidebar, words, switch)
    pages = _story_pages(site, common, links, views)
    for listing in site.listings:
        pages.extend(listing_pages(site, listing, common, links, views))
    pages.append(
        _page(
            config,
            common,
            url(TAGS_URL),
            "tags.html",
            "the tags index",
            True,
            **page_languages(links.get(url(TAGS_URL), switch)),
            tags=tuple(ListingView.of(t) for t in site.tags),
        )
    )
    pages.append(
        _page(
            config,
            common,
            url(ARCHIVE_URL),
            "archive.html",
            "the archive index",
            True,
            **page_languages(links.get(url(ARCHIVE_URL), switch)),
            years=tuple(ListingView.of(y) for y in site.years),
            months=tuple(ListingView.of(m) for m in site.months),
        )
    )
    pages.append(_page(config, common, url(NOT_FOUND_URL), "404.html", "the 404 page", False))
    for article in site.articles:
        pages.extend(
            _page(
                config,
                common,
                alias,
                "redirect.html",
                f"{article.source} (alias)",
                False,
                target=article.url,
            )
            for alias in article.aliases
        )
    pages.extend(_feed_pages(site, common, views))
    pages.append(
        _page(
            config,
            common,
            url(SITEMAP_URL),
            "sitemap.xml",
            "the sitemap",
            False,
            entries=sitemap_entries(pages, bool(links)),
        )
    )
    stories = news_sitemap_stories(site.articles, site.now)
    pages.append(
        _page(
            config,
            common,
            url(NEWS_SITEMAP_URL),
            "news-sitemap.xml",
            "the news sitemap",
            False,
            stories=stories,
        )
    )
    return pages


def _page(
    config: SiteConfig,
    common: Mapping[str, Any],
    url: str,
    template: str,
    origin: Origin,
    listed: bool,
    **values: Any,
) -> PageSpec:
    own = {"page_url": url, "canonical": absolute_url(config, url), **values}
    return PageSpec(url, template, PageContext(common, own), origin, None, listed)


def _story_pages(
    site: Site,
    common: Mapping[str, Any],
    links: Mapping[str, PageLinks],
    views: Mapping[str, PictureView],
) -> list[PageSpec]:
    # Plain loops: this runs for every story of every build.
    site_url = site.config.site_url
    related = site.related_by_url
    pages = []
    for a in site.articles:
        url = a.url
        found = links.get(url)
        context = {
            **(page_languages(found) if found else {}),
            "page_url": url,
            "canonical": site_url + url,
            "article": a,
            "related": related.get(url, ()),
            "feed_url": feed_url(a.category.url),
            "pictures": page_pictures(views, (a,), body=True),
        }
        pages.append(
            PageSpec(url, "article.html", PageContext(common, context), a.source, a.modified, True)
        )
    return pages


def _feed_pages(
    site: Site, common: Mapping[str, Any], views: Mapping[str, PictureView]
) -> list[PageSpec]:
    config = site.config
    feeds: list[PageSpec] = []
    for listing in (site.home, *site.categories):
        url = listing.feed_url
        if url is None:
            continue
        name = site.edition.title
        title = name if listing.kind == "home" else f"{name}: {listing.title}"
        entries = listing.articles[: config.feed_limit]
        feed = Feed(title, url, listing.url, _updated(entries), entries)
        origin = "the site's Atom feed" if listing.kind == "home" else f"the feed of {listing.url}"
        shown = page_pictures(views, entries, body=config.feed_content == "full")
        feeds.append(
            _page(config, common, url, "atom.xml", origin, False, feed=feed, pictures=shown)
        )
    return feeds


def _updated(entries: Sequence[Article]) -> dt.datetime:
    # Never the build time: an empty feed gets a fixed date so output stays reproducible.
    return max((a.modified for a in entries), default=_EPOCH)


def sitemap_entries(pages: Sequence[PageSpec], translated: bool = False) -> SitemapEntries:
    """The pages the registry marks as listed, by URL, with their last change and, on a
    site of several editions (``translated``), their hreflang alternates."""
    lastmod = {page.url: page.lastmod for page in pages if page.listed}
    urls = tuple(sorted(lastmod))
    stamps = {when: when.isoformat() for when in set(lastmod.values()) if when is not None}
    lastmods = tuple(_stamp(stamps, lastmod[url]) for url in urls)
    if not translated:
        return SitemapEntries(urls, lastmods)
    alternates = {page.url: page.context["alternates"] for page in pages if page.listed}
    return SitemapEntries(urls, lastmods, tuple(alternates[url] for url in urls))


def _stamp(stamps: Mapping[dt.datetime, str], when: dt.datetime | None) -> str:
    return "" if when is None else stamps[when]
