"""The last build's site model, reused when no story moved in it.

``build_site`` sorts, groups and checks 10,000 stories on every build, although a rebuild
after an editor's change to a story's body puts every story where it was. The model is
decided by a few fields of each shown story (``model_key``): its URL, dates, draft flag,
slug, category, tags and aliases -- not its title, body or summary. So the cache keeps
the last model as positions (which story is where in each list and related list), with
each shown story's file digest and model key, one such snapshot per edition. An edition
whose shown stories are the same sources, and whose changed files kept their model keys,
gets the current articles in those positions instead of its model built again; any
other edition's model is built anew.

``tests/unit/test_model_cache.py`` checks that a reused model equals a built one, and
that changing any field ``build_site`` reads makes the key change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from ..config import SiteConfig
from ..config_editions import Edition
from ..content.models import Article, Term
from ..model.site import Listing, Site, Visibility, build_editions, build_site
from ..model.urls import HOME_URL
from .cache import Cache

# kind, title, URL, term, description, and the positions of its stories in ``Site.articles``
_Listing = tuple[str, str, str, Term | None, str, tuple[int, ...]]


def model_key(article: Article) -> str:
    """Everything ``build_site`` reads of a story (its source aside), unambiguously."""
    return repr(
        (
            article.url,
            article.published.isoformat(),
            article.expires.isoformat() if article.expires else None,
            article.draft,
            article.weight,
            article.slug,
            article.category.slug,
            article.category.name,
            tuple((tag.slug, tag.name) for tag in article.tags),
            article.aliases,
        )
    )


def cached_sites(
    config: SiteConfig,
    articles: Sequence[Article],
    digests: Mapping[str, str],
    visibility: Visibility,
    cache: Cache,
) -> tuple[tuple[Site, ...], tuple[bool, ...]]:
    """The model of each edition, and whether each came from the cache. Each
    edition's model is kept and reused on its own: an edit in one edition builds that
    edition's model again, not the others'."""
    if not cache.enabled:
        return build_editions(config, articles, visibility), (False,) * len(config.editions)
    flags = (visibility.drafts, visibility.future, visibility.expired)
    first = config.editions[0].code
    saved = cache.load_model()
    snapshots = saved if isinstance(saved, dict) else {}
    sites: list[Site] = []
    made: dict[str, Any] = {}
    for edition in config.editions:
        shown = {
            a.source: a
            for a in articles
            if (a.edition or first) == edition.code and visibility.shows(a)
        }
        site = _reuse(
            snapshots.get(edition.code), config, edition, shown, digests, visibility, flags
        )
        if site is None:
            site = build_site(config, articles, visibility, edition)
            made[edition.code] = _snapshot(site, digests, flags)
        else:
            made[edition.code] = snapshots[edition.code]
        sites.append(site)
    reused = tuple(made[e.code] is snapshots.get(e.code) for e in config.editions)
    if not all(reused):
        cache.save_model(made)
    return tuple(sites), reused


def _snapshot(site: Site, digests: Mapping[str, str], flags: tuple[bool, ...]) -> Any:
    """The model as plain data: sources in site order, then positions."""
    index = {article.url: n for n, article in enumerate(site.articles)}
    stories = {a.source: (digests.get(a.source, ""), model_key(a)) for a in site.articles}

    def positions(items: Sequence[Article]) -> tuple[int, ...]:
        return tuple(index[a.url] for a in items)

    groups = (site.categories, site.tags, site.years, site.months)
    listings = [
        (x.kind, x.title, x.url, x.term, x.description, positions(x.articles))
        for group in groups
        for x in group
    ]
    related = [(index[url], positions(items)) for url, items in site.related_by_url.items()]
    return (flags, stories, [len(group) for group in groups], listings, related)


def _reuse(
    saved: Any,
    config: SiteConfig,
    edition: Edition,
    shown: Mapping[str, Article],
    digests: Mapping[str, str],
    visibility: Visibility,
    flags: tuple[bool, ...],
) -> Site | None:
    """The saved model with the current articles in it, or None if any story moved."""
    try:
        old_flags, stories, counts, listings, related = saved
        if old_flags != flags or stories.keys() != shown.keys():
            return None
        for source, (digest, key) in stories.items():
            if digests.get(source) != digest and model_key(shown[source]) != key:
                return None
        articles = tuple(shown[source] for source in stories)  # in the saved site order
        made = [_listing(item, articles) for item in listings]
        groups = []
        for count in counts:
            groups.append(tuple(made[:count]))
            made = made[count:]
        categories, tags, years, months = groups
        related_by_url = {articles[n].url: _picked(articles, items) for n, items in related}
    except (TypeError, ValueError, KeyError, IndexError):  # not a snapshot: build anew
        return None
    return Site(
        config=config,
        visibility=visibility,
        articles=articles,
        home=Listing("home", edition.title, edition.url(HOME_URL), articles),
        categories=categories,
        tags=tags,
        years=years,
        months=months,
        related_by_url=related_by_url,
        edition=edition,
    )


def _listing(item: _Listing, articles: tuple[Article, ...]) -> Listing:
    kind, title, url, term, description, positions = item
    return Listing(kind, title, url, _picked(articles, positions), term, description)


def _picked(articles: tuple[Article, ...], positions: Sequence[int]) -> tuple[Article, ...]:
    """The stories at ``positions``, picked in one call rather than one by one: a
    reused model at 100,000 stories puts 550,000 of them back in their lists."""
    if len(positions) < 2:  # itemgetter gives no tuple for one position, fails for none
        return tuple(articles[i] for i in positions)
    picked: tuple[Article, ...] = itemgetter(*positions)(articles)
    return picked
