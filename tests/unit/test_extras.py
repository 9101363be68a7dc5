"""Keys of the extra pages: one per page ``render_extras`` writes, changing with exactly
the inputs that page shows (so an incremental build may leave the others as they are)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from parindex_site.build.extras import extra_keys
from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term
from parindex_site.model.site import Site, Visibility, build_site
from parindex_site.render.pages import Renderer, make_environment, render_extras
from parindex_site.render.theme import theme_dir

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 5, 26, 12, 0, tzinfo=VN)


def story(number: int, day: int, **fields: object) -> Article:
    values: dict[str, object] = {
        "source": Path(f"content/news/s{number}.md"),
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
DIGESTS = {a.source: f"sha-{a.slug}" for a in STORIES}


def site_at(config: SiteConfig, now: dt.datetime, stories: tuple[Article, ...] = STORIES) -> Site:
    return build_site(config, stories, Visibility(now))


def keys(
    site: Site, digests: dict[Path, str] = DIGESTS, sidebar: str = "<aside/>"
) -> dict[str, str]:
    return extra_keys(site, digests, "site-key", sidebar)


def test_every_extra_page_has_a_key_and_nothing_else_does(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    site = site_at(make_config(tmp_path), NOW)
    renderer = Renderer(site, make_environment(site.config, theme_dir()))
    urls = [page.url for page in render_extras(site, renderer)]
    assert sorted(keys(site)) == sorted(urls)
    assert "/old/one/" in urls and "/economy/atom.xml" in urls


def test_extras_in_keep_are_not_rendered(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    site = site_at(make_config(tmp_path), NOW)
    renderer = Renderer(site, make_environment(site.config, theme_dir()))
    urls = [p.url for p in render_extras(site, renderer, {"/sitemap.xml", "/old/one/"})]
    assert "/sitemap.xml" not in urls and "/old/one/" not in urls
    assert "/news-sitemap.xml" in urls


def test_the_news_sitemap_key_follows_the_stories_it_lists_not_the_clock(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path)
    first = keys(site_at(config, NOW))["/news-sitemap.xml"]
    an_hour_later = keys(site_at(config, NOW + dt.timedelta(hours=1)))["/news-sitemap.xml"]
    three_days_later = keys(site_at(config, NOW + dt.timedelta(days=3)))["/news-sitemap.xml"]
    assert first == an_hour_later  # the same story (3) is in the two-day window
    assert three_days_later != first  # story 3 has left it


def test_a_body_edit_changes_the_feeds_but_not_the_sitemap_or_indexes(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    site = site_at(make_config(tmp_path), NOW)
    before = keys(site)
    after = keys(site, {**DIGESTS, Path("content/news/s3.md"): "sha-edited"})
    changed = {url for url in before if before[url] != after[url]}
    assert changed == {"/atom.xml", "/news/atom.xml", "/news-sitemap.xml"}


def test_a_new_modified_date_changes_the_sitemap(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path)
    later = dt.datetime(2022, 5, 26, 11, 0, tzinfo=VN)
    edited = (*STORIES[:2], dataclasses.replace(STORIES[2], updated=later))
    before, after = keys(site_at(config, NOW)), keys(site_at(config, NOW, edited))
    assert before["/sitemap.xml"] != after["/sitemap.xml"]
    assert before["/tags/"] == after["/tags/"]


def test_a_new_sidebar_changes_every_key_but_robots_txt(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    site = site_at(make_config(tmp_path), NOW)
    before, after = keys(site), keys(site, sidebar="<aside>new</aside>")
    assert {url for url in before if before[url] == after[url]} == {"/robots.txt"}
