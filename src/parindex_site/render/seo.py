"""What search engines and news aggregators read: JSON-LD and the Google News sitemap.

``news_article`` is the schema.org ``NewsArticle`` of a story as plain data; ``jsonld``
serialises any such data for a ``<script type="application/ld+json">`` element, safely:
text from a story can never close the script element or open a comment.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

from markupsafe import Markup

from ..config import SiteConfig
from ..config_editions import Edition
from ..content.models import Article
from ..model.translations import Translation

# Google News reads stories published in the last two days and at most 1,000 of them.
NEWS_WINDOW = dt.timedelta(days=2)
FOLD_MARGIN = 3 * 3600  # seconds: more than any clock change
NEWS_LIMIT = 1000
_INSTANT = dt.timedelta(microseconds=1)  # the least step of a datetime

# "</script>", "<!--" and "&" must not appear raw inside a script element; as JSON
# escapes they still parse back to the same text.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def jsonld(data: Any) -> Markup:
    """``data`` as compact JSON that is safe inside ``<script>`` (a Jinja filter)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_SAFE))


def absolute_url(config: SiteConfig, url: str) -> str:
    """A site URL (``/a/``) made absolute with ``base_url``; full ``http(s)`` URLs pass
    unchanged and a protocol-relative one (``//cdn.example/a.jpg``) gets ``https:``, so
    that what social cards and JSON-LD read is always a valid absolute URL."""
    if url.startswith("//"):
        return "https:" + url
    if url[:8].lower().startswith(("http://", "https://")):
        return url
    return config.site_url + (url if url.startswith("/") else "/" + url)


def news_article(
    article: Article,
    config: SiteConfig,
    edition: Edition | None = None,
    translations: tuple[Translation, ...] = (),
    image: str = "",
) -> dict[str, Any]:
    """The schema.org NewsArticle of a published story, with its dates' UTC offsets,
    published by its edition (the language portal it belongs to), and its
    ``translations``: the version in the earliest edition is taken as the original,
    which lists the others as ``workTranslation``; each other names it as
    ``translationOfWork``."""
    tz = config.tz
    edition = edition or config.editions[0]
    home = absolute_url(config, edition.url("/"))
    publisher = {"@type": "Organization", "name": edition.title, "url": home}
    url = absolute_url(config, article.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published.astimezone(tz).isoformat(),
        "dateModified": article.modified.astimezone(tz).isoformat(),
        "inLanguage": article.lang or edition.code,
        "articleSection": article.category.name,
        "author": ({"@type": "Person", "name": article.author} if article.author else publisher),
        "publisher": publisher,
    }
    if image or article.image:  # ``image``: the picture to show (its 1200-px variant)
        data["image"] = [absolute_url(config, image or article.image)]
    if article.tags:
        data["keywords"] = [tag.name for tag in article.tags]
    if translations:
        order = [e.code for e in config.editions]
        works = [
            {"@type": "NewsArticle", "url": absolute_url(config, t.url), "inLanguage": t.code}
            for t in translations
        ]
        # ``translations`` come in edition order: the first one is the earliest.
        if order.index(translations[0].code) < order.index(edition.code):
            data["translationOfWork"] = works[0]
        else:
            data["workTranslation"] = works
    return data


def news_sitemap_stories(articles: tuple[Article, ...], now: dt.datetime) -> tuple[Article, ...]:
    """Stories for ``news-sitemap.xml``: published within two days before ``now``."""
    since = now - NEWS_WINDOW
    # ``articles`` are newest first (by instant): once one is well before the window,
    # every later one is too, so a large site is not scanned to its oldest story. The
    # margin covers a clock set back (wall-clock comparison within one time zone).
    stop = since.timestamp() - FOLD_MARGIN
    window = itertools.takewhile(lambda a: a.published.timestamp() >= stop, articles)
    return tuple(a for a in window if since <= a.published <= now)[:NEWS_LIMIT]


def news_sitemap_change(articles: tuple[Article, ...], now: dt.datetime) -> dt.datetime | None:
    """The first instant after ``now`` at which ``news_sitemap_stories`` may choose
    differently (None: never): a story is in the window from its date to ``NEWS_WINDOW``
    later, both included, and the choice changes at no other instant."""
    later = [
        moment
        for a in articles
        for moment in (a.published, a.published + NEWS_WINDOW + _INSTANT)
        if moment > now
    ]
    return min(later, default=None)
