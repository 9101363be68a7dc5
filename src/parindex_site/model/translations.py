"""Translations: stories of different editions that share a ``translation_key``.

``check_translations`` looks at every story read (shown or not, so that the answer does
not depend on the clock or on ``--drafts``): a key used twice in one edition is an error
naming both files, a key no story of another edition shares is a warning. ``link_pages``
then links the stories each edition shows, and the pages every edition has (home, tags
index, archive index), into ``PageLinks``: what a page's context holds of its other
languages, so that its key covers the translation links it prints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..config import SiteConfig
from ..config_editions import Edition
from ..content.models import Article
from ..content.quoting import quoted
from ..errors import BuildFailed, ContentError
from .site import Site
from .urls import ARCHIVE_URL, HOME_URL, TAGS_URL

# The pages every edition has, which are translations of each other by construction.
SHARED_PAGES = (HOME_URL, TAGS_URL, ARCHIVE_URL)


@dataclass(frozen=True)
class Translation:
    """This page in another language: that edition's code, the URL and its title."""

    code: str
    url: str
    title: str


@dataclass(frozen=True)
class Alternate:
    """A ``<link rel="alternate" hreflang>`` (and sitemap ``xhtml:link``): absolute URL."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class LanguageLink:
    """An entry of the language switch: another edition, named in its own language, and
    where this page is in it (its translation, else that edition's home)."""

    code: str
    name: str
    locale: str
    url: str
    translated: bool


@dataclass(frozen=True)
class PageLinks:
    """What a page knows of its other languages (all empty on a one-language site)."""

    translations: tuple[Translation, ...] = ()
    alternates: tuple[Alternate, ...] = ()
    languages: tuple[LanguageLink, ...] = ()


NO_LINKS = PageLinks()


def check_translations(articles: Iterable[Article], config: SiteConfig) -> list[str]:
    """Every story read: raise every key used twice in one edition together; return a
    warning for each key that no story of another edition shares."""
    if not config.languages:
        return []  # one language: translation_key is kept for templates, as before
    first = config.editions[0].code
    by_key: dict[str, dict[str, list[Article]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        if article.translation_key:
            by_key[article.translation_key][article.edition or first].append(article)
    errors: list[ContentError] = []
    warnings: list[str] = []
    for key, editions in by_key.items():
        for code, stories in editions.items():
            one = stories[0]
            errors.extend(
                ContentError(
                    other.source,
                    f"translation_key {quoted(key)} is used by {_where(one)} too, in the same "
                    f"edition ({code}): a key links one story of each edition (give one "
                    "of them another key)",
                    other.translation_key_line or None,
                )
                for other in stories[1:]
            )
        if len(editions) == 1:
            (code, stories), *_ = editions.items()
            warnings.extend(
                f"{_where(a)}: translation_key {quoted(key)} links to no story of another "
                f"edition (give its translation the same key, or remove the key)"
                for a in stories
            )
    if errors:
        raise BuildFailed(sorted(errors, key=str))
    return warnings


def _where(article: Article) -> str:
    line = article.translation_key_line
    return f"{article.source}:{line}" if line else article.source


def link_pages(
    sites: Sequence[Site], config: SiteConfig, names: Mapping[str, str]
) -> dict[str, PageLinks]:
    """The other languages of every story page and shared page, by URL. ``names`` is
    each edition's name of its own language (its interface words' ``language_name``)."""
    if len(sites) < 2:
        return {}
    versions: dict[str, list[tuple[Edition, str, str]]] = defaultdict(list)
    for site in sites:
        edition = site.edition
        for url in SHARED_PAGES:
            versions[f"\0{url}"].append((edition, edition.url(url), edition.title))
        for article in site.articles:
            if article.translation_key:
                versions[article.translation_key].append((edition, article.url, article.title))
    links: dict[str, PageLinks] = {}
    for group in versions.values():
        for edition, url, _ in group:
            links[url] = _links(edition, group, sites, config, names)
    return links


def switch_only(
    site: Site, sites: Sequence[Site], config: SiteConfig, names: Mapping[str, str]
) -> PageLinks:
    """A page with no translation: the switch leads to the other editions' homes."""
    if len(sites) < 2:
        return NO_LINKS
    return _links(site.edition, [(site.edition, "", "")], sites, config, names)


def _links(
    edition: Edition,
    group: Sequence[tuple[Edition, str, str]],
    sites: Sequence[Site],
    config: SiteConfig,
    names: Mapping[str, str],
) -> PageLinks:
    by_code = {e.code: (url, title) for e, url, title in group}
    translations = tuple(
        Translation(e.code, url, title) for e, url, title in group if e.code != edition.code
    )
    alternates: tuple[Alternate, ...] = ()
    if translations:
        # Every version names every version, itself included, as search engines ask;
        # x-default is the first edition's, the portal's own language.
        alternates = tuple(Alternate(e.code, config.site_url + url) for e, url, _ in group)
        default = by_code.get(sites[0].edition.code)
        if default is not None:
            alternates += (Alternate("x-default", config.site_url + default[0]),)
    languages = tuple(
        LanguageLink(
            other.code,
            names.get(other.code, other.code),
            other.locale,
            by_code.get(other.code, (other.url(HOME_URL), ""))[0],
            other.code in by_code,
        )
        for other in (s.edition for s in sites)
        if other.code != edition.code
    )
    return PageLinks(translations, alternates, languages)
