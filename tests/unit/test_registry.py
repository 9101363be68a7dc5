"""The registry: ``plan_pages`` names every output of the site once, each with the whole
context its template is given, and the sitemap lists exactly the pages it should."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from parindex_site.build.context import PageSpec
from parindex_site.build.registry import plan_pages
from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term
from parindex_site.model.site import Site, Visibility, build_site
from parindex_site.render.environment import make_environment
from parindex_site.render.templates import render_template
from parindex_site.render.views import Slot
from parindex_site.render.words import load_words

WORDS = load_words(Path("/nonexistent"), ("en",))[0]["en"]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 5, 26, 12, 0, tzinfo=VN)
SLOT = Slot("sidebar", "<!--x-->")
STORY_URLS = ["/news/story-3/", "/economy/story-2/", "/news/story-1/"]
# page_size 2: three stories make two pages of home, the tag and both archives.
LIST_URLS = [
    *("/", "/page/2/", "/economy/", "/news/"),
    *("/tags/par-index/", "/tags/par-index/page/2/"),
    *("/archive/2022/", "/archive/2022/page/2/", "/archive/2022/05/", "/archive/2022/05/page/2/"),
]
OTHER_URLS = [
    *("/tags/", "/archive/", "/404.html", "/old/one/"),
    *("/atom.xml", "/economy/atom.xml", "/news/atom.xml"),
    *("/sitemap.xml", "/news-sitemap.xml", "/robots.txt"),
]


def story(number: int, day: int, **fields: object) -> Article:
    values: dict[str, object] = {
        "source": f"content/news/s{number}.md",
        "title": f"Story {number}",
        "published": dt.datetime(2022, 5, day, 10, 0, tzinfo=VN),
        "slug": f"story-{number}",
        "category": Term("news", "News") if number % 2 else Term("economy", "Economy"),
        "body_html": f"<p>Body {number}</p>",
        "summary": f"Body {number}",
        "tags": (Term("par-index", "PAR Index"),),
        **fields,
    }
    return Article(**values)  # type: ignore[arg-type]


STORIES = (
    story(1, 20, aliases=("/old/one/",)),
    story(2, 22),
    story(3, 25, updated=dt.datetime(2022, 5, 26, 9, 0, tzinfo=VN)),
)


@pytest.fixture
def config(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> SiteConfig:
    return make_config(tmp_path, page_size=2, base_url="https://p.example/")  # type: ignore[no-any-return]


@pytest.fixture
def site(config: SiteConfig) -> Site:
    return build_site(config, STORIES, Visibility(NOW))


def by_url(site: Site) -> dict[str, PageSpec]:
    pages = plan_pages((site,), (SLOT,), {"en": WORDS})
    assert len({page.url for page in pages}) == len(pages), "an output planned twice"
    return {page.url: page for page in pages}


def test_every_output_is_planned_once(site: Site) -> None:
    pages = by_url(site)
    assert sorted(pages) == sorted([*STORY_URLS, *LIST_URLS, *OTHER_URLS])
    assert [p.url for p in plan_pages((site,), (SLOT,), {"en": WORDS})] == list(
        pages
    )  # the same order each time


def test_each_output_has_its_template(site: Site) -> None:
    templates = {url: page.template for url, page in by_url(site).items()}
    assert {templates[url] for url in STORY_URLS} == {"article.html"}
    assert templates["/"] == templates["/page/2/"] == "home.html"
    assert templates["/news/"] == templates["/tags/par-index/page/2/"] == "list.html"
    assert templates["/old/one/"] == "redirect.html"
    assert templates["/news/atom.xml"] == templates["/atom.xml"] == "atom.xml"
    assert templates["/robots.txt"] == "robots.txt"


def test_an_empty_site_still_has_its_fixed_pages(config: SiteConfig) -> None:
    pages = by_url(build_site(config, (), Visibility(NOW)))
    fixed = ["/", "/tags/", "/archive/", "/404.html", "/atom.xml", "/sitemap.xml"]
    assert sorted(pages) == sorted([*fixed, "/news-sitemap.xml", "/robots.txt"])
    assert pages["/atom.xml"].context["feed"].updated == dt.datetime(
        1970, 1, 1, tzinfo=dt.timezone.utc
    )


def test_a_hidden_story_has_no_page_and_no_alias(config: SiteConfig) -> None:
    draft = story(4, 24, draft=True, aliases=("/old/four/",))
    pages = by_url(build_site(config, (*STORIES, draft), Visibility(NOW)))
    assert "/news/story-4/" not in pages and "/old/four/" not in pages


def test_every_page_gets_the_common_names_and_its_own_url(site: Site) -> None:
    for url, page in by_url(site).items():
        assert page.context["page_url"] == url
        assert page.context["canonical"] == "https://p.example" + url
        assert page.context["sidebar"] is SLOT
        assert [item.url for item in page.context["nav"]] == ["/economy/", "/news/"]


def test_the_sitemap_lists_story_and_list_pages_but_not_aliases_or_feeds(site: Site) -> None:
    pages = by_url(site)
    entries = pages["/sitemap.xml"].context["entries"]
    assert [e.url for e in entries] == sorted([*STORY_URLS, *LIST_URLS, "/tags/", "/archive/"])
    lastmod = {e.url: e.lastmod for e in entries}
    assert lastmod["/news/story-3/"] == STORIES[2].updated
    assert lastmod["/economy/story-2/"] == STORIES[1].published
    assert lastmod["/tags/"] is None


def test_list_pages_split_their_stories_and_only_the_first_home_page_has_a_lead(
    site: Site,
) -> None:
    pages = by_url(site)
    first, second = pages["/"].context, pages["/page/2/"].context
    assert [a.slug for a in first["page"].articles] == ["story-3", "story-2"]
    assert [a.slug for a in second["page"].articles] == ["story-1"]
    assert (second["page"].number, second["page"].count) == (2, 2)
    assert first["lead"].slug == "story-3" and second["lead"] is None
    assert pages["/news/"].context["listing"].size == 2


def test_a_story_page_has_its_section_s_related_stories_and_feed(site: Site) -> None:
    context = by_url(site)["/news/story-1/"].context
    assert context["article"].slug == "story-1"
    assert [a.slug for a in context["related"]] == ["story-3"]
    assert context["feed_url"] == "/news/atom.xml"


def test_feeds_hold_their_stories_newest_first_and_the_newest_change(site: Site) -> None:
    pages = by_url(site)
    home, news = pages["/atom.xml"].context["feed"], pages["/news/atom.xml"].context["feed"]
    assert [a.slug for a in home.entries] == ["story-3", "story-2", "story-1"]
    assert [a.slug for a in news.entries] == ["story-3", "story-1"]
    assert news.updated == STORIES[2].updated and news.alternate_url == "/news/"


def test_the_news_sitemap_has_the_last_two_days_and_robots_names_both_sitemaps(
    site: Site,
) -> None:
    pages = by_url(site)
    assert [a.slug for a in pages["/news-sitemap.xml"].context["stories"]] == ["story-3"]
    assert pages["/robots.txt"].context["sitemaps"] == (
        "https://p.example/sitemap.xml",
        "https://p.example/news-sitemap.xml",
    )
    assert pages["/old/one/"].context["target"] == "/news/story-1/"


def test_every_planned_page_renders_with_the_theme_s_templates(site: Site) -> None:
    env = make_environment(site.config)
    for page in plan_pages((site,), (SLOT,), {"en": WORDS}):
        assert render_template(env, page.template, page.context, page.url)
