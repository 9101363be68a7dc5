"""The last build's model is reused only when it is exactly the model of this build."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from parindex_site.build.cache import MODEL_FILE, Cache
from parindex_site.build.model_cache import cached_sites
from parindex_site.config import SiteConfig, parse_config
from parindex_site.content.models import Article, Term
from parindex_site.model.site import Site, Visibility, build_site, with_urls

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 7, 1, 12, 0, tzinfo=VN)
STAMP = "stamp"


def story(n: int, config: SiteConfig, **fields: Any) -> Article:
    article = Article(
        source=f"content/s{n}.md",
        title=f"Story {n}",
        published=dt.datetime(2022, 5, 1 + n % 28, n % 24, tzinfo=VN),
        slug=f"story-{n}",
        category=Term(f"cat-{n % 3}", f"Cat {n % 3}"),
        body_html=f"<p>Body {n}</p>",
        summary=f"Body {n}",
        tags=tuple(Term(f"tag-{t}", f"Tag {t}") for t in range(n % 4)),
    )
    return with_urls(config, dataclasses.replace(article, **fields))


def digests_of(articles: list[Article]) -> dict[str, str]:
    """Stand-ins for the files' sha256: any edit to a story changes its digest."""
    return {a.source: repr([getattr(a, f.name) for f in dataclasses.fields(a)]) for a in articles}


def shape(site: Site) -> Any:
    """Everything a model holds, with each story named by its source."""

    def names(items: tuple[Article, ...]) -> tuple[str, ...]:
        return tuple(a.source for a in items)

    listings = [
        (x.kind, x.title, x.url, x.term, x.description, names(x.articles)) for x in site.listings
    ]
    related = {url: names(items) for url, items in site.related_by_url.items()}
    return names(site.articles), listings, related


@pytest.fixture
def config(tmp_path: Path, make_config: Any) -> SiteConfig:
    # A named section with a description: a reused model must keep it too.
    sections = [{"folder": "cat-2", "name": "Cat Two", "description": "About cat two"}]
    return make_config(  # type: ignore[no-any-return]
        tmp_path, page_size=3, related_count=2, sections=sections
    )


@pytest.fixture
def stories(config: SiteConfig) -> list[Article]:
    return [story(n, config) for n in range(30)]


def build(
    config: SiteConfig, articles: list[Article], cache: Path, now: dt.datetime = NOW
) -> tuple[Site, bool]:
    visibility = Visibility(now)
    (site,), (reused,) = cached_sites(
        config, articles, digests_of(articles), visibility, Cache(cache, STAMP)
    )
    return site, reused


def test_an_unchanged_site_reuses_the_model_and_it_equals_a_built_one(
    config: SiteConfig, stories: list[Article], tmp_path: Path
) -> None:
    first, reused = build(config, stories, tmp_path)
    assert not reused and (tmp_path / MODEL_FILE).is_file()
    second, reused = build(config, stories, tmp_path)
    assert reused
    assert shape(second) == shape(first) == shape(build_site(config, stories, Visibility(NOW)))


def test_a_body_edit_reuses_the_model_with_the_new_article_in_every_list(
    config: SiteConfig, stories: list[Article], tmp_path: Path
) -> None:
    build(config, stories, tmp_path)
    edited = dataclasses.replace(stories[7], body_html="<p>New</p>", title="New title")
    changed = [edited if a is stories[7] else a for a in stories]
    site, reused = build(config, changed, tmp_path)
    assert reused
    assert shape(site) == shape(build_site(config, changed, Visibility(NOW)))
    everywhere = [site.articles, *(x.articles for x in site.listings)]
    everywhere += list(site.related_by_url.values())
    holding = [items for items in everywhere if any(a.source == edited.source for a in items)]
    assert len(holding) > 3  # home, its category, its month and year, related lists
    assert all(edited in items for items in holding)


CHANGES = {
    "published": {"published": dt.datetime(2021, 1, 1, tzinfo=VN)},
    "same instant, other zone": {"published": dt.datetime(2022, 5, 8, 0, tzinfo=dt.UTC)},
    "slug": {"slug": "a-new-slug"},
    "category": {"category": Term("cat-9", "Cat 9")},
    "category name": {"category": Term("cat-1", "Cat One")},
    # Story 7 has tags 0, 1 and 2: keep their number, change one.
    "tags": {"tags": (Term("tag-0", "Tag 0"), Term("tag-1", "Tag 1"), Term("tag-9", "Tag 9"))},
    "tag name": {"tags": (Term("tag-0", "Tag 0"), Term("tag-1", "TAG 1"), Term("tag-2", "Tag 2"))},
    "aliases": {"aliases": ("/old/url/",)},
    "draft": {"draft": True},
    "expires": {"expires": dt.datetime(2022, 6, 1, tzinfo=VN)},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_to_what_the_model_reads_builds_it_again(
    config: SiteConfig, stories: list[Article], tmp_path: Path, change: dict[str, Any]
) -> None:
    build(config, stories, tmp_path)
    edited = story(7, config, **change)
    changed = [edited if a is stories[7] else a for a in stories]
    site, reused = build(config, changed, tmp_path)
    assert not reused
    assert shape(site) == shape(build_site(config, changed, Visibility(NOW)))


def test_fields_the_model_does_not_read_leave_it_as_it_was(
    config: SiteConfig, stories: list[Article]
) -> None:
    """Why ``model_key`` may leave these out: if ``build_site`` ever reads one, this fails."""
    others = {
        "title": "Zzz",
        "body_html": "<p>x</p>",
        "summary": "x",
        "author": "A",
        "image": "/i.jpg",
        "image_alt": "alt",
        "image_caption": "cap",
        "featured": True,
        "lang": "vi",
        "updated": dt.datetime(2023, 1, 1, tzinfo=VN),
        "extra": MappingProxyType({"rank": 1}),
    }
    before = shape(build_site(config, stories, Visibility(NOW)))
    changed = [dataclasses.replace(a, **others) if n % 2 else a for n, a in enumerate(stories)]
    assert shape(build_site(config, changed, Visibility(NOW))) == before


def test_added_or_removed_stories_build_the_model_again(
    config: SiteConfig, stories: list[Article], tmp_path: Path
) -> None:
    build(config, stories, tmp_path)
    assert not build(config, stories[:-1], tmp_path)[1]
    more = [*stories, story(40, config)]
    site, reused = build(config, more, tmp_path)
    assert not reused
    assert shape(site) == shape(build_site(config, more, Visibility(NOW)))


def test_a_story_coming_out_of_the_future_builds_the_model_again(
    config: SiteConfig, stories: list[Article], tmp_path: Path
) -> None:
    later = story(50, config, published=NOW + dt.timedelta(hours=1))
    build(config, [*stories, later], tmp_path)
    site, reused = build(config, [*stories, later], tmp_path, NOW + dt.timedelta(hours=2))
    assert not reused
    assert site.articles[0].source == later.source


def test_a_damaged_model_file_is_ignored(
    config: SiteConfig, stories: list[Article], tmp_path: Path
) -> None:
    build(config, stories, tmp_path)
    data = (tmp_path / MODEL_FILE).read_bytes()
    (tmp_path / MODEL_FILE).write_bytes(data[: len(data) // 2])
    site, reused = build(config, stories, tmp_path)
    assert not reused
    assert shape(site) == shape(build_site(config, stories, Visibility(NOW)))


def test_a_read_only_cache_reuses_a_saved_model_but_saves_none(
    config: SiteConfig, stories: list[Article], tmp_path: Path
) -> None:
    reader = Cache(tmp_path, STAMP, writable=False)
    visibility, digests = Visibility(NOW), digests_of(stories)
    assert cached_sites(config, stories, digests, visibility, reader)[1] == (False,)
    assert not (tmp_path / MODEL_FILE).exists()
    build(config, stories, tmp_path)
    (site,), reused = cached_sites(config, stories, digests, visibility, reader)
    assert reused == (True,)
    assert shape(site) == shape(build_site(config, stories, visibility))


def test_without_a_cache_the_model_is_built_every_time(
    config: SiteConfig, stories: list[Article], tmp_path: Path
) -> None:
    off = Cache(None, STAMP)
    for _ in range(2):
        assert cached_sites(config, stories, digests_of(stories), Visibility(NOW), off)[1] == (
            False,
        )
    assert list(tmp_path.iterdir()) == []


def test_each_edition_keeps_its_own_model_and_an_edit_rebuilds_only_its_own(
    tmp_path: Path,
) -> None:
    text = (
        "page_size: 3\nrelated_count: 2\nlanguages:\n  vi: {title: Cổng}\n  en: {title: Portal}\n"
    )
    config = parse_config(text, tmp_path)
    stories = [
        story(n, config, edition="en" if n % 2 else "vi", translation_key=None) for n in range(20)
    ]
    digests, visibility, cache = digests_of(stories), Visibility(NOW), Cache(tmp_path, STAMP)
    assert cached_sites(config, stories, digests, visibility, cache)[1] == (False, False)
    assert cached_sites(config, stories, digests, visibility, cache)[1] == (True, True)
    # An English story moves (a new date): the English model is built again, the
    # Vietnamese one reused; both equal the models built from scratch.
    moved = dataclasses.replace(stories[3], published=dt.datetime(2021, 1, 1, tzinfo=VN))
    changed = [moved if a is stories[3] else a for a in stories]
    sites, reused = cached_sites(config, changed, digests_of(changed), visibility, cache)
    assert reused == (True, False)
    built = [build_site(config, changed, visibility, e) for e in config.editions]
    assert [shape(s) for s in sites] == [shape(s) for s in built]
    assert [s.home.url for s in sites] == ["/", "/en/"]
    assert [s.edition.code for s in sites] == ["vi", "en"]
    assert cached_sites(config, changed, digests_of(changed), visibility, cache)[1] == (True, True)
