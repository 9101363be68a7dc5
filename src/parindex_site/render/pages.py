"""Rendering: the site model through Jinja templates into ``Page`` objects; no I/O.

The template contract. Every template gets ``site`` (Site), ``config`` (SiteConfig),
``sidebar`` (the latest-news fragment, rendered once per build), ``nav`` (category
listings), ``page_url`` (this page's URL) and ``canonical`` (its absolute URL). Then:

- ``article.html``: ``article`` (Article), ``content`` (its body as Markup), ``related``
- ``home.html``: ``listing`` (the home Listing), ``page`` (Pager), ``lead`` (Article;
  None after the first page)
- ``list.html``: ``listing`` (Listing), ``page`` (Pager), ``lead`` (always None)
- ``tags.html``: ``tags`` (tag listings); ``archive.html``: ``years``, ``months``
- ``404.html``; ``redirect.html``: ``target`` (URL)
- ``atom.xml``: ``feed`` (Feed); ``sitemap.xml``: ``entries`` (SitemapEntry)
- ``news-sitemap.xml``: ``stories`` (the last two days' Articles, see seo.py)

Filters: ``date`` and ``datetime`` (config patterns, no locale), ``iso``, ``shorten``,
``absolute``, ``jsonld``; global ``news_article(article)`` (schema.org data, seo.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

import jinja2
from markupsafe import Markup

from ..config import SiteConfig
from ..content.dates import format_date
from ..content.models import Article
from ..errors import TemplateError
from ..model.site import ARCHIVE_URL, TAGS_URL, Listing, Site
from ..model.urls import output_path, paged_url
from .seo import absolute_url, jsonld, news_article, news_sitemap_stories

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
PAGER_REACH = 2  # pages linked either side of the current one
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Page:
    """One output file: where it goes and its bytes."""

    url: str
    data: bytes

    @property
    def path(self) -> PurePosixPath:
        return output_path(self.url)


@dataclass(frozen=True)
class Pager:
    """One page of a paginated listing."""

    number: int
    count: int
    articles: tuple[Article, ...]
    url: str
    first_url: str

    @property
    def prev_url(self) -> str | None:
        return paged_url(self.first_url, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return paged_url(self.first_url, self.number + 1) if self.number < self.count else None

    def url_of(self, number: int) -> str:
        return paged_url(self.first_url, number)

    @property
    def numbers(self) -> tuple[int, ...]:
        """The page numbers the pager links: the first, the last and up to ``PAGER_REACH``
        either side of this one; 0 marks a gap. A window, not every page: 10,000 stories
        make 1,000 home pages, and linking all from each would be 1,000,000 links."""
        near = range(
            max(1, self.number - PAGER_REACH), min(self.count, self.number + PAGER_REACH) + 1
        )
        shown = sorted({1, self.count, *near})
        numbers: list[int] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                # A gap of one page shows that page: a '...' would be no shorter.
                numbers.append(numbers[-1] + 1 if number - numbers[-1] == 2 else 0)
            numbers.append(number)
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


def shorten(text: str, length: int = 80, end: str = "...") -> str:
    """Cut at a word boundary to at most ``length`` characters, then add ``end``."""
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut.rstrip(" ,.;:-\u2013\u2014") + end


def make_environment(config: SiteConfig, theme_dir: Path) -> jinja2.Environment:
    """Jinja with autoescape and StrictUndefined; the site's templates override the theme's."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(config.templates_dir)),
            jinja2.FileSystemLoader(str(theme_dir / "templates")),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
        keep_trailing_newline=True,
    )
    tz = config.tz
    env.filters.update(
        date=lambda d, pattern=None: format_date(
            d.astimezone(tz), pattern or config.date_format, config.am_pm
        ),
        datetime=lambda d, pattern=None: format_date(
            d.astimezone(tz), pattern or config.datetime_format, config.am_pm
        ),
        iso=lambda d: d.astimezone(tz).isoformat(),
        shorten=shorten,
        absolute=lambda url: absolute_url(config, url),
        jsonld=jsonld,
    )
    env.globals["news_article"] = lambda article: news_article(article, config)
    return env


class Renderer:
    """Renders templates for one site, turning any template failure into a TemplateError."""

    def __init__(self, site: Site, env: jinja2.Environment) -> None:
        self.site = site
        self.env = env
        self.base: dict[str, Any] = {
            "site": site,
            "config": site.config,
            "nav": site.categories,
            "sidebar": Markup(""),
        }
        self.base["sidebar"] = Markup(self.render_text("_latest.html", "/", latest=site.latest))

    def render_text(self, name: str, url: str, **context: Any) -> str:
        try:
            template = self.env.get_template(name)
            return template.render(
                self.base, page_url=url, canonical=absolute_url(self.site.config, url), **context
            )
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                exc.name or name, exc.lineno, exc.message or "syntax error", url
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(name, None, f"template '{exc.name}' not found", url) from None
        except Exception as exc:  # a template's own runtime failure (undefined name, bad filter)
            template_name, line = _template_location(exc.__traceback__, name)
            raise TemplateError(template_name, line, _describe(exc), url) from None

    def page(self, name: str, url: str, **context: Any) -> Page:
        return Page(url, self.render_text(name, url, **context).encode("utf-8"))

    def article(self, article: Article) -> Page:
        return self.page(
            "article.html",
            article.url,
            article=article,
            content=Markup(article.body_html),
            related=self.site.related(article),
        )

    def listing(self, listing: Listing) -> Iterator[Page]:
        for number in range(1, listing.page_count(self.site.config.page_size) + 1):
            yield self.listing_page(listing, number)

    def listing_page(self, listing: Listing, number: int) -> Page:
        """Page ``number`` of a listing alone (incremental builds render single pages)."""
        size = self.site.config.page_size
        count = listing.page_count(size)
        template = "home.html" if listing.kind == "home" else "list.html"
        url = paged_url(listing.url, number)
        items = listing.articles[(number - 1) * size : number * size]
        pager = Pager(number, count, items, url, listing.url)
        # The lead belongs to the first home page: no other page depends on it (plan.py).
        lead = self.site.lead if number == 1 and listing.kind == "home" else None
        return self.page(template, url, listing=listing, page=pager, lead=lead)


def render_site(site: Site, env: jinja2.Environment) -> list[Page]:
    """Every page of the site, in a deterministic order."""
    renderer = Renderer(site, env)
    pages = [renderer.article(a) for a in site.articles]
    for listing in site.listings:
        pages.extend(renderer.listing(listing))
    pages.extend(render_extras(site, renderer))
    return pages


def render_extras(site: Site, renderer: Renderer, keep: Container[str] = frozenset()) -> list[Page]:
    """Indexes, 404, alias redirects, feeds, sitemaps and robots.txt, but not those in
    ``keep``: URLs whose inputs are those of the page the last build wrote (extras.py)."""
    return [make() for url, make in extra_pages(site, renderer) if url not in keep]


def extra_pages(site: Site, renderer: Renderer) -> list[tuple[str, Callable[[], Page]]]:
    """Each extra page's URL and how to render it, so that work is done only on demand."""
    page = renderer.page
    makers: list[tuple[str, Callable[[], Page]]] = [
        (TAGS_URL, partial(page, "tags.html", TAGS_URL, tags=site.tags)),
        (
            ARCHIVE_URL,
            partial(page, "archive.html", ARCHIVE_URL, years=site.years, months=site.months),
        ),
        ("/404.html", partial(page, "404.html", "/404.html")),
    ]
    for article in site.articles:
        makers.extend(
            (alias, partial(page, "redirect.html", alias, target=article.url))
            for alias in article.aliases
        )
    limit = site.config.feed_limit
    feeds = [(site.config.title, "/atom.xml", "/", site.articles[:limit])]
    for listing in site.categories:
        title = f"{site.config.title}: {listing.title}"
        feeds.append((title, f"{listing.url}atom.xml", listing.url, listing.articles[:limit]))
    makers.extend((feed[1], partial(_feed_page, renderer, *feed)) for feed in feeds)
    makers.append(("/sitemap.xml", partial(_sitemap_page, site, renderer)))
    makers.append(("/news-sitemap.xml", partial(_news_sitemap_page, site, renderer)))
    makers.append(("/robots.txt", partial(_robots, site.config)))
    return makers


def _feed_page(
    renderer: Renderer, title: str, url: str, alternate: str, entries: Sequence[Article]
) -> Page:
    return renderer.page("atom.xml", url, feed=_feed(title, url, alternate, entries))


def _sitemap_page(site: Site, renderer: Renderer) -> Page:
    return renderer.page("sitemap.xml", "/sitemap.xml", entries=sitemap_entries(site))


def _news_sitemap_page(site: Site, renderer: Renderer) -> Page:
    stories = news_sitemap_stories(site.articles, site.now)
    return renderer.page("news-sitemap.xml", "/news-sitemap.xml", stories=stories)


def _robots(config: SiteConfig) -> Page:
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}/sitemap.xml\n"
    robots += f"Sitemap: {config.site_url}/news-sitemap.xml\n"
    return Page("/robots.txt", robots.encode("utf-8"))


def _feed(title: str, url: str, alternate: str, entries: Sequence[Article]) -> Feed:
    # Never the build time: an empty feed gets a fixed date so output stays reproducible.
    updated = max((a.modified for a in entries), default=_EPOCH)
    return Feed(title, url, alternate, updated, tuple(entries))


def sitemap_entries(site: Site) -> tuple[SitemapEntry, ...]:
    """Every story and list page with its last change, and the two indexes; no alias."""
    lastmod: dict[str, dt.datetime | None] = {a.url: a.modified for a in site.articles}
    for listing in site.listings:
        newest = listing.articles[0].modified if listing.articles else None
        lastmod.update(dict.fromkeys(listing.page_urls(site.config.page_size), newest))
    lastmod.update(dict.fromkeys((TAGS_URL, ARCHIVE_URL)))  # no page shares their URLs
    return tuple(SitemapEntry(url, lastmod[url]) for url in sorted(lastmod))


def _template_location(tb: TracebackType | None, fallback: str) -> tuple[str, int | None]:
    """The innermost template frame of a traceback that Jinja rewrote to template lines."""
    name, line = fallback, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            name, line = Path(filename).name, tb.tb_lineno
        tb = tb.tb_next
    return name, line


_UNDEFINED = re.compile(r"^'(.+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"^.+ has no attribute '(.+)'$")


def _describe(exc: Exception) -> str:
    message = str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        found = _UNDEFINED.match(message) or _NO_ATTRIBUTE.match(message)
        if found:
            return (
                f"{message} (check the spelling of '{found.group(1)}'; the names each "
                "template receives are listed at the top of parindex_site/render.py)"
            )
        return message
    return f"{type(exc).__name__}: {message}"
