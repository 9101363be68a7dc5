"""Keys of the extra pages (indexes, 404, redirects, feeds, sitemaps, robots.txt).

Like a story or list page (``plan.py``), each extra page gets a key: a digest of every
input its template sees. An incremental build renders again only the extras whose key
differs from the last build's; the others are already in the output with these bytes.
Every key starts from the site-wide key (parsite's version, configuration, templates,
navigation) and the sidebar (every template may show it); robots.txt, which is no
template, only on the site-wide key (it needs the configured URL alone, but a key
that changes more often than needed costs one tiny file). A story stands for itself by
its source's sha256 and its URL, which determine everything a template reads of it.

- tags and archive indexes: each listing's URL, title and size;
- a redirect: its URL and its target;
- a feed: its URL and title and the stories it lists;
- the sitemap: every URL it lists with its last-modified time (not the stories' bodies,
  so a body edit that keeps the dates leaves the sitemap alone);
- the news sitemap: the stories it lists (not "now", which changes every build).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..content.models import Article
from .plan import join_digest, story_key
from ..render.seo import news_sitemap_stories
from ..model.site import ARCHIVE_URL, TAGS_URL, Listing, Site


def extra_keys(
    site: Site, digests: Mapping[str, str], site_key: str, sidebar: str
) -> dict[str, str]:
    """The key of every extra page by URL: the URLs of ``render.extra_pages``."""

    def stories(articles: Iterable[Article]) -> list[str]:
        return [story_key(a, digests) for a in articles]

    base = join_digest([site_key, sidebar])
    limit = site.config.feed_limit
    keys = {
        TAGS_URL: _sizes(base, site.tags),
        ARCHIVE_URL: _sizes(base, (*site.years, *site.months)),
        "/404.html": base,
    }
    for article in site.articles:
        keys.update((alias, join_digest([base, alias, article.url])) for alias in article.aliases)
    keys["/atom.xml"] = join_digest([base, "/atom.xml", *stories(site.articles[:limit])])
    for listing in site.categories:
        url = f"{listing.url}atom.xml"
        feed = stories(listing.articles[:limit])
        keys[url] = join_digest([base, url, listing.title, *feed])
    keys["/sitemap.xml"] = _sitemap_key(base, site)
    news = stories(news_sitemap_stories(site.articles, site.now))
    keys["/news-sitemap.xml"] = join_digest([base, "/news-sitemap.xml", *news])
    keys["/robots.txt"] = join_digest([site_key])  # the configured URL, no template
    return keys


def _sitemap_key(base: str, site: Site) -> str:
    """What ``render.sitemap_entries`` lists: each story's URL and last change, each list
    page's URL and its newest story's last change (aliases are never listed)."""
    size = site.config.page_size
    stories = (f"{a.url} {a.modified.isoformat()}" for a in site.articles)
    lists = (
        f"{x.url} {x.page_count(size)} {x.articles[0].modified.isoformat() if x.articles else ''}"
        for x in site.listings
    )
    return join_digest([base, *stories, "lists", *lists])


def _sizes(base: str, listings: Iterable[Listing]) -> str:
    return join_digest([base, *(f"{x.url} {len(x.articles)} {x.title}" for x in listings)])
