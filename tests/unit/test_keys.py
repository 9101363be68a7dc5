"""Keys from render contexts: a page's key changes exactly when something it shows does,
so an incremental build may keep every other page as it is."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

from parindex_site.build.context import PageContext
from parindex_site.build.keys import Keyer, made_from, with_fingerprint
from parindex_site.build.registry import plan_pages
from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term
from parindex_site.model.site import Visibility, build_site, with_urls
from parindex_site.render.views import NavItem, Slot
from parindex_site.render.words import load_words

WORDS = load_words(Path("/nonexistent"), ("en",))[0]["en"]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 5, 26, 12, 0, tzinfo=VN)
SLOT = Slot("sidebar", "<!--x-->")
Keys = Callable[..., dict[str, str]]


def story(config: SiteConfig, number: int, day: int, **fields: Any) -> Article:
    """A story as the read phase gives it: with its URLs and its fingerprint."""
    article = Article(
        source=f"content/news/s{number}.md",
        title=f"Story {number}",
        published=dt.datetime(2022, 5, day, 10, 0, tzinfo=VN),
        slug=f"story-{number}",
        category=Term("news", "News") if number % 2 else Term("economy", "Economy"),
        body_html=f"<p>Body {number}</p>",
        summary=f"Body {number}",
        tags=(Term("par-index", "PAR Index"),),
    )
    return with_fingerprint(with_urls(config, dataclasses.replace(article, **fields)))


@pytest.fixture
def config(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> SiteConfig:
    return make_config(tmp_path, page_size=2)  # type: ignore[no-any-return]


@pytest.fixture
def keys(config: SiteConfig) -> Keys:
    """Every page's key, by URL, for the three stories with ``edits`` applied by number."""

    def make(
        edits: dict[int, dict[str, Any]] | None = None,
        now: dt.datetime = NOW,
        slot: Slot = SLOT,
        site_config: SiteConfig = config,
    ) -> dict[str, str]:
        edits = edits or {}
        days = {1: 20, 2: 22, 3: 25}
        extra = {1: {"aliases": ("/old/one/",)}}
        stories = [
            story(site_config, n, day, **{**extra.get(n, {}), **edits.get(n, {})})
            for n, day in days.items()
        ]
        site = build_site(site_config, stories, Visibility(now))
        keyer = Keyer("salt")
        return {
            p.url: keyer.key(p.template, p.context)
            for p in plan_pages((site,), (slot,), {"en": WORDS})
        }

    return make


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    assert before.keys() == after.keys()
    return {url for url in before if before[url] != after[url]}


def test_the_same_inputs_give_the_same_keys_and_every_page_its_own(keys: Keys) -> None:
    first = keys()
    assert keys() == first
    assert len(set(first.values())) == len(first)


def test_a_title_edit_changes_the_pages_that_show_the_story_and_only_those(keys: Keys) -> None:
    touched = changed(keys(), keys({1: {"title": "New title"}}))
    # Story 1 is on its page, story 3's related list, the second page of every list
    # holding three stories, the news list, the home page's block of its section (#14)
    # and every feed; the others do not show it.
    assert touched == {
        *("/news/story-1/", "/news/story-3/", "/", "/page/2/", "/news/"),
        *("/tags/par-index/page/2/", "/archive/2022/page/2/", "/archive/2022/05/page/2/"),
        *("/atom.xml", "/news/atom.xml"),
    }


def test_a_related_story_s_edit_changes_the_page_that_lists_it(keys: Keys) -> None:
    touched = changed(keys(), keys({3: {"body_html": "<p>New</p>"}}))
    assert "/news/story-1/" in touched  # story 3 is its related story
    assert "/economy/story-2/" not in touched  # another section: not related


def test_a_body_edit_changes_the_feeds_but_not_the_sitemap_or_the_indexes(keys: Keys) -> None:
    touched = changed(keys(), keys({3: {"body_html": "<p>New</p>"}}))
    assert {"/atom.xml", "/news/atom.xml", "/news-sitemap.xml"} <= touched
    unchanged = {"/sitemap.xml", "/tags/", "/archive/", "/economy/atom.xml", "/robots.txt"}
    assert not unchanged & touched
    assert not {"/404.html", "/old/one/", "/economy/story-2/"} & touched


def test_a_new_modified_date_changes_the_sitemap_but_not_the_tags_index(keys: Keys) -> None:
    later = {"updated": dt.datetime(2022, 5, 26, 11, 0, tzinfo=VN)}
    touched = changed(keys(), keys({3: later}))
    assert "/sitemap.xml" in touched
    assert "/tags/" not in touched


def test_the_news_sitemap_key_follows_the_stories_it_lists_not_the_clock(keys: Keys) -> None:
    first = keys()["/news-sitemap.xml"]
    assert keys(now=NOW + dt.timedelta(hours=1))["/news-sitemap.xml"] == first  # story 3 still
    assert keys(now=NOW + dt.timedelta(days=3))["/news-sitemap.xml"] != first  # story 3 left


def test_the_sidebar_is_keyed_by_its_slot_s_name_not_its_text(keys: Keys) -> None:
    before = keys()
    assert keys(slot=Slot("sidebar", "<!--other text-->")) == before
    assert changed(before, keys(slot=Slot("latest", "<!--x-->"))) == set(before)


def test_a_config_change_changes_every_key(
    keys: Keys, tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    other = make_config(tmp_path, page_size=2, title="Another portal")
    before = keys()
    assert changed(before, keys(site_config=other)) == set(before)


def test_the_salt_and_the_template_are_in_the_key() -> None:
    context = {"page_url": "/"}
    key = Keyer("a").key("home.html", context)
    assert Keyer("a").key("home.html", dict(context)) == key
    assert Keyer("b").key("home.html", context) != key
    assert Keyer("a").key("list.html", context) != key


def test_a_story_without_a_fingerprint_is_keyed_as_if_it_had_one(config: SiteConfig) -> None:
    bare = dataclasses.replace(story(config, 1, 20), fingerprint="")
    keyer = Keyer("")
    assert keyer.token(bare) == keyer.token(with_fingerprint(bare))
    assert (
        with_fingerprint(bare).fingerprint
        != with_fingerprint(dataclasses.replace(bare, summary="Other")).fingerprint
    )


def test_a_story_read_is_fingerprinted_by_every_input_of_the_read(config: SiteConfig) -> None:
    bare = dataclasses.replace(story(config, 1, 20), fingerprint="")
    read = made_from(bare, "stamp", "content/news/a.md", "d1")
    fields = [f.name for f in dataclasses.fields(Article) if f.name != "fingerprint"]
    assert read.fingerprint
    assert all(getattr(read, name) is getattr(bare, name) for name in fields)
    others = {
        made_from(bare, "stamp", "content/news/a.md", "d2").fingerprint,  # other bytes
        made_from(bare, "stamp", "content/news/b.md", "d1").fingerprint,  # another file
        made_from(bare, "other", "content/news/a.md", "d1").fingerprint,  # config, versions
        with_fingerprint(bare).fingerprint,  # a story made otherwise
    }
    assert len(others) == 4 and read.fingerprint not in others
    again = made_from(bare, "stamp", "content/news/a.md", "d1")  # the same inputs
    assert again.fingerprint == read.fingerprint


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("<b>", Markup("<b>")),  # printed escaped, and not
        ("1", 1),
        (("a,b",), ("a", "b")),
        ({"a": 1}, {"a": 2}),
        (NavItem("News", "/news/"), NavItem("News", "/tin/")),
        ({}, ()),
        (Markup("<p>"), Slot("latest", "<p>")),  # a slot is keyed by its name
        (Slot("latest", "<p>"), Slot("other", "<p>")),
        (
            dt.datetime(2022, 5, 26, 10, 0, tzinfo=VN),
            dt.datetime(2022, 5, 26, 3, 0, tzinfo=dt.timezone.utc),  # the same instant
        ),
    ],
)
def test_values_that_render_differently_have_different_tokens(one: Any, other: Any) -> None:
    keyer = Keyer("")
    assert keyer.token(one) != keyer.token(other)
    # A type's way of being walked is decided once: the second of a type is walked alike.
    assert keyer.token(one) == Keyer("").token(one)
    assert keyer.token(other) == Keyer("").token(other)


@pytest.mark.parametrize("value", [{1, 2}, object(), (1, b"bytes"), {"a": [frozenset()]}])
def test_a_value_of_an_unknown_type_is_refused(value: object) -> None:
    with pytest.raises(TypeError, match="cannot key a template value of type"):
        Keyer("").token(value)
    with pytest.raises(TypeError):
        Keyer("").key("page.html", {"value": value})


def test_a_page_context_reads_as_one_mapping_with_the_page_s_own_values_winning() -> None:
    shared = {"config": 1, "translations": ("shared",), "words": "w"}
    context = PageContext(shared, {"translations": ("own",), "page_url": "/a/"})
    assert dict(context) == {"config": 1, "translations": ("own",), "words": "w", "page_url": "/a/"}
    assert len(context) == 4 and context["translations"] == ("own",) and "words" in context


def test_a_shared_value_is_in_the_key_of_every_page_that_shares_it() -> None:
    def key(shared: dict[str, Any], own: dict[str, Any]) -> str:
        return Keyer("salt").key("page.html", PageContext(shared, own))

    base = key({"nav": ("News",), "words": "w"}, {"page_url": "/a/"})
    assert key({"nav": ("News", "Economy"), "words": "w"}, {"page_url": "/a/"}) != base
    assert key({"nav": ("News",), "words": "w"}, {"page_url": "/b/"}) != base
    # The same names and values split another way between shared and own: still keyed.
    assert key({"nav": ("News",)}, {"words": "w", "page_url": "/a/"}) != key(
        {"nav": ("News",)}, {"words": "v", "page_url": "/a/"}
    )
    assert key({"nav": ("News",), "words": "w"}, {"page_url": "/a/"}) == base
