"""The site model: what is published, in which order, under which URLs, grouped how."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term
from parindex_site.model.images import body_pictures
from parindex_site.model.site import Site, Visibility, build_site, newest_first, with_urls

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 7, 1, 12, 0, tzinfo=VN)


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def story(
    slug: str, published: str = "2022-05-25 10:14", category: str = "news", **fields: Any
) -> Article:
    fields.setdefault("tags", ())
    return Article(
        source=f"content/{category}/{slug}.md",
        title=fields.pop("title", slug.replace("-", " ").title()),
        published=when(published),
        slug=slug,
        category=Term(category, category.title()),
        body_html="<p>Body</p>",
        summary="Body",
        **fields,
    )


@pytest.fixture
def config(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> SiteConfig:
    return make_config(tmp_path, page_size=2)


def site_of(config: SiteConfig, *articles: Article, **visibility: Any) -> Site:
    return build_site(config, articles, Visibility(NOW, **visibility))


def slugs(articles: Any) -> list[str]:
    return [a.slug for a in articles]


# --------------------------------------------------------------------------- visibility


def test_drafts_future_and_expired_are_not_published(config: SiteConfig) -> None:
    site = site_of(
        config,
        story("shown"),
        story("draft", draft=True),
        story("future", "2022-07-01 12:01"),
        story("expired", expires=when("2022-07-01 12:00")),
        story("expires-later", expires=when("2022-07-01 12:01")),
        story("just-now", "2022-07-01 12:00"),
    )
    assert sorted(slugs(site.articles)) == ["expires-later", "just-now", "shown"]


@pytest.mark.parametrize(
    ("flags", "extra"),
    [({"drafts": True}, "draft"), ({"future": True}, "future"), ({"expired": True}, "expired")],
)
def test_flags_show_each_kind_of_hidden_story(
    config: SiteConfig, flags: dict[str, bool], extra: str
) -> None:
    site = site_of(
        config,
        story("shown"),
        story("draft", draft=True),
        story("future", "2030-01-01 00:00"),
        story("expired", expires=when("2022-01-01 00:00")),
        **flags,
    )
    assert sorted(slugs(site.articles)) == sorted(["shown", extra])


def test_hidden_stories_are_in_no_list(config: SiteConfig) -> None:
    site = site_of(
        config,
        story("shown", tags=(Term("t", "T"),)),
        story("draft", category="secret", draft=True, tags=(Term("hidden", "Hidden"),)),
    )
    assert [c.term for c in site.categories] == [Term("news", "News", "/news/")]
    assert [t.term for t in site.tags] == [Term("t", "T", "/tags/t/")]
    assert slugs(site.latest) == ["shown"]
    assert all(slugs(listing.articles) == ["shown"] for listing in site.listings)


# --------------------------------------------------------------------------- order


def test_newest_first_and_ties_by_slug(config: SiteConfig) -> None:
    site = site_of(
        config,
        story("b", "2022-05-25 10:14"),
        story("old", "2021-01-01 00:00"),
        story("a", "2022-05-25 10:14"),
        story("new", "2022-06-24 10:14"),
    )
    assert slugs(site.articles) == ["new", "a", "b", "old"]
    assert slugs(site.home.articles) == ["new", "a", "b", "old"]


def test_order_is_by_instant_not_by_wall_clock_text(config: SiteConfig) -> None:
    utc = dataclasses.replace(
        story("utc"), published=dt.datetime(2022, 5, 25, 4, 0, tzinfo=dt.timezone.utc)
    )
    site = site_of(config, story("vn", "2022-05-25 10:00"), utc)
    assert slugs(site.articles) == ["utc", "vn"]  # 04:00 UTC is 11:00 in Vietnam


def test_newest_first_is_the_sort_key_order_on_many_ties() -> None:
    """The two-pass sort gives exactly ``sorted(key=Article.sort_key)``."""
    rng = random.Random(7)
    zones = [VN, dt.timezone.utc, ZoneInfo("America/New_York")]
    stories = [
        dataclasses.replace(
            story(f"s{rng.randrange(40)}-{n}"),
            published=dt.datetime(
                2022, 5, rng.randint(1, 3), rng.randint(0, 2), tzinfo=VN
            ).astimezone(rng.choice(zones)),
        )
        for n in range(300)
    ]
    rng.shuffle(stories)
    assert newest_first(stories) == sorted(stories, key=lambda a: a.sort_key)


def test_latest_is_the_configured_number_of_newest(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    articles = [story(f"s{i:02d}", f"2022-06-{i + 1:02d} 10:00") for i in range(12)]
    assert slugs(site_of(make_config(tmp_path), *articles).latest) == [
        f"s{i:02d}" for i in range(11, 3, -1)
    ]
    assert len(site_of(make_config(tmp_path, latest_count=3), *articles).latest) == 3


def test_lead_is_the_newest_featured_story_else_the_newest(config: SiteConfig) -> None:
    plain = [story("new", "2022-06-01 00:00"), story("old", "2022-01-01 00:00")]
    lead = site_of(config, *plain).lead
    assert lead is not None and lead.slug == "new"
    featured = [
        story("f1", "2021-01-01 00:00", featured=True),
        story("f2", "2021-02-01 00:00", featured=True),
    ]
    lead = site_of(config, *plain, *featured).lead
    assert lead is not None and lead.slug == "f2"
    assert site_of(config).lead is None


# --------------------------------------------------------------------------- URLs


def test_urls_follow_the_configured_pattern(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path, article_url="/{year}/{month}/{day}/{slug}/")
    site = site_of(config, story("par", "2022-05-07 10:14"))
    assert site.articles[0].url == "/2022/05/07/par/"
    assert site_of(make_config(tmp_path), story("par")).articles[0].url == "/news/par/"


# --------------------------------------------------------------------------- lists


def test_categories_and_tags_are_grouped_by_slug_newest_first(config: SiteConfig) -> None:
    site = site_of(
        config,
        story("a", "2022-01-01 00:00", tags=(Term("par-index", "PAR Index"),)),
        story("b", "2022-02-01 00:00", category="society", tags=(Term("par-index", "PAR index"),)),
        story("c", "2022-03-01 00:00", tags=(Term("sipas", "SIPAS"),)),
    )
    assert [(c.url, slugs(c.articles)) for c in site.categories] == [
        ("/news/", ["c", "a"]),
        ("/society/", ["b"]),
    ]
    assert [(t.url, t.title, slugs(t.articles)) for t in site.tags] == [
        ("/tags/par-index/", "PAR Index", ["b", "a"]),
        ("/tags/sipas/", "SIPAS", ["c"]),
    ]


def test_a_story_tagged_twice_with_one_tag_is_listed_once(config: SiteConfig) -> None:
    par, par_lower = Term("par-index", "PAR Index"), Term("par-index", "PAR index")
    site = site_of(
        config,
        story("a", "2022-01-01 00:00", tags=(par, par)),
        story("b", "2022-02-01 00:00", tags=(par, par_lower)),
        story("c", "2022-03-01 00:00", tags=(par_lower,)),
    )
    assert [slugs(t.articles) for t in site.tags] == [["c", "b", "a"]]


def test_a_tag_written_twice_in_one_story_with_one_spelling_lists_it_once(
    config: SiteConfig,
) -> None:
    par = Term("par-index", "PAR Index")
    site = site_of(
        config,
        story("a", "2022-01-01 00:00", tags=(par, par)),
        story("b", "2022-02-01 00:00", tags=(par,)),
    )
    assert [slugs(t.articles) for t in site.tags] == [["b", "a"]]


def test_year_and_month_archives_newest_first(config: SiteConfig) -> None:
    site = site_of(
        config,
        story("a", "2021-12-31 23:59"),
        story("b", "2022-01-01 00:00"),
        story("c", "2022-05-25 10:14"),
    )
    assert [(y.url, slugs(y.articles)) for y in site.years] == [
        ("/archive/2022/", ["c", "b"]),
        ("/archive/2021/", ["a"]),
    ]
    assert [m.url for m in site.months] == [
        "/archive/2022/05/",
        "/archive/2022/01/",
        "/archive/2021/12/",
    ]
    assert [m.title for m in site.months] == ["05/2022", "01/2022", "12/2021"]


def test_related_are_up_to_five_others_of_the_same_category(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    news = [story(f"n{i}", f"2022-06-{i + 1:02d} 10:00") for i in range(8)]
    other = story("other", "2022-06-05 11:00", category="society")
    site = site_of(make_config(tmp_path), *news, other)
    by_slug = {a.slug: a for a in site.articles}
    newest = slugs(site.related(by_slug["n7"]))
    assert newest == ["n6", "n5", "n4", "n3", "n2"]
    oldest = slugs(site.related(by_slug["n0"]))
    assert sorted(oldest) == ["n1", "n2", "n3", "n4", "n5"]
    assert site.related(by_slug["other"]) == ()
    few = site_of(make_config(tmp_path, related_count=2), *news)
    assert len(few.related(few.articles[3])) == 2


def test_page_count(config: SiteConfig) -> None:
    site = site_of(config, *(story(f"s{i}", f"2022-06-{i + 1:02d} 10:00") for i in range(5)))
    assert site.home.page_count(2) == 3
    assert site_of(config).home.page_count(2) == 1


def test_a_story_given_its_urls_records_the_pictures_of_its_resolved_body(
    config: SiteConfig,
) -> None:
    body = '<p><img alt="A" src="a.jpg"><img src="/b.png"></p>'
    article = with_urls(config, dataclasses.replace(story("pics"), body_html=body))
    assert article.body_pictures == (("/news/a.jpg", True), ("/b.png", False))
    assert article.body_pictures == body_pictures(article.body_html)
    plain = with_urls(config, story("plain"))
    assert plain.body_pictures == ()
