"""Outputs no folder can hold are refused before anything is written, each named by the
sources that cause it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from parindex_site.assets.static import StaticFile
from parindex_site.build.clashes import check_outputs
from parindex_site.build.context import PageSpec
from parindex_site.build.registry import plan_pages
from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term
from parindex_site.errors import BuildFailed, CollisionError
from parindex_site.model.site import Listing, Visibility, build_site
from parindex_site.render.views import Slot
from parindex_site.render.words import load_words

WORDS = load_words(Path("/nonexistent"), ("en",))[0]["en"]

UTC = dt.timezone.utc


def page(url: str, origin: str | Listing = "content/a.md") -> PageSpec:
    return PageSpec(url, "article.html", {}, origin)


def static(path: str) -> StaticFile:
    return StaticFile(PurePosixPath(path), Path("static") / path)


def errors_of(pages: list[PageSpec], files: Sequence[StaticFile] = ()) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        check_outputs(pages, files)
    assert str(caught.value).endswith("nothing was written")
    return [str(error) for error in caught.value.errors]


def test_paths_come_back_in_order_pages_then_static_files() -> None:
    pages = [page("/news/a/"), page("/404.html", "the 404 page"), page("/"), page("/atom.xml")]
    paths = check_outputs(pages, [static("css/style.css"), static("a.txt")])
    assert paths == [
        *("news/a/index.html", "404.html", "index.html", "atom.xml"),
        *("css/style.css", "a.txt"),
    ]


def test_two_outputs_at_one_path_name_both_sources() -> None:
    pages = [page("/news/a/", "content/a.md"), page("/news/a/index.html", "content/b.md")]
    with pytest.raises(BuildFailed) as caught:
        check_outputs(pages, [])
    (error,) = caught.value.errors
    assert isinstance(error, CollisionError)
    assert error.url == "/news/a/"
    assert error.sources == ("content/a.md", "content/b.md")


def test_three_outputs_at_one_path_are_one_error_naming_all_three() -> None:
    pages = [page("/a/", "content/a.md"), page("/a/", "content/b.md"), page("/a/", "the tags")]
    (message,) = errors_of(pages)
    assert "produced by 3 sources: content/a.md, content/b.md, the tags" in message


def test_a_static_file_may_not_replace_a_page() -> None:
    (message,) = errors_of([page("/news/", "content/news.md")], [static("news/index.html")])
    assert "content/news.md" in message and "static/news/index.html" in message


def test_a_list_is_named_by_a_story_that_puts_it_there() -> None:
    when = dt.datetime(2022, 5, 25, tzinfo=UTC)
    stories = tuple(
        Article(f"content/{n}.md", "T", when, n, Term("news", "News"), "", "") for n in "ba"
    )
    tag = Listing("tag", "Tags", "/tags/tags/", stories, Term("tags", "Tags"))
    (message,) = errors_of([page("/tags/tags/", "content/c.md (alias)"), page("/tags/tags/", tag)])
    assert "content/a.md and 1 more (tag 'Tags')" in message


def test_a_name_over_255_bytes_is_refused() -> None:
    (message,) = errors_of([page("/news/" + "x" * 256 + "/", "content/long.md")])
    assert message.startswith("content/long.md: its output news/xxx")
    assert "has a name of 256 bytes" in message
    check_outputs([page("/news/" + "x" * 255 + "/")], [])  # 255 is allowed


def test_a_file_where_a_folder_is_needed_is_refused() -> None:
    pages = [page("/news/a/", "content/a.md"), page("/news/a/index.html/x/", "content/b.md")]
    (message,) = errors_of(pages)
    assert message.startswith("content/a.md: its output news/a/index.html is a file")
    assert "content/b.md needs a folder of that name for news/a/index.html/x/index.html" in message


def test_a_url_leaving_the_output_is_refused_and_every_problem_is_reported() -> None:
    pages = [page("/../escape/", "content/e.md"), page("/a/", "content/a.md"), page("/a/")]
    messages = errors_of(pages)
    assert len(messages) == 2
    assert messages[0].startswith("content/e.md: unsafe URL '/../escape/'")
    assert "URL /a/ is produced by 2 sources" in messages[1]


# --------------------------------------------------------------------------- from stories


def story(
    slug: str, published: str = "2022-05-25 10:14", category: str = "news", **fields: Any
) -> Article:
    when = dt.datetime.fromisoformat(published).replace(tzinfo=UTC)
    term = Term(category, category.title())
    return Article(f"content/{category}/{slug}.md", slug, when, slug, term, "", "", **fields)


def planned(config: SiteConfig, *articles: Article) -> list[str]:
    site = build_site(config, articles, Visibility(dt.datetime(2022, 7, 1, tzinfo=UTC)))
    return check_outputs(plan_pages((site,), (Slot("sidebar", "<!--x-->"),), {"en": WORDS}), [])


@pytest.fixture
def config(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> SiteConfig:
    return make_config(tmp_path, page_size=2)  # type: ignore[no-any-return]


def test_a_site_without_clashes_has_a_path_for_every_output(config: SiteConfig) -> None:
    paths = planned(config, story("a", aliases=("/old/a/",)), story("b"))
    assert paths[:2] == ["news/a/index.html", "news/b/index.html"]
    assert "old/a/index.html" in paths and len(paths) == len(set(paths))


def test_two_sources_with_one_url_name_both(config: SiteConfig) -> None:
    with pytest.raises(BuildFailed) as caught:
        planned(config, story("same"), story("same", "2022-01-01 00:00"))
    message = str(caught.value)
    assert "URL /news/same/ is produced by 2 sources" in message
    assert message.count("content/news/same.md") >= 2


def test_an_alias_onto_a_story_is_a_clash(config: SiteConfig) -> None:
    with pytest.raises(BuildFailed, match=r"content/news/b.md \(alias\)"):
        planned(config, story("a"), story("b", aliases=("/news/a/",)))


def test_an_alias_written_as_index_html_is_the_same_url(config: SiteConfig) -> None:
    with pytest.raises(BuildFailed, match="URL /news/a/ is produced by 2 sources"):
        planned(config, story("a"), story("b", aliases=("/news/a/index.html",)))


@pytest.mark.parametrize(
    ("category", "alias", "url"),
    [
        ("tags", (), "/tags/"),
        ("archive", (), "/archive/"),
        ("news", ("/404.html",), "/404.html"),
        ("news", ("/atom.xml",), "/atom.xml"),
        ("news", ("/sitemap.xml",), "/sitemap.xml"),
        ("news", ("/news-sitemap.xml",), "/news-sitemap.xml"),
        ("news", ("/robots.txt",), "/robots.txt"),
        ("news", ("/news/atom.xml",), "/news/atom.xml"),
        ("news", ("/page/2/",), "/page/2/"),
    ],
)
def test_nothing_may_take_the_place_of_a_site_page(
    config: SiteConfig, category: str, alias: tuple[str, ...], url: str
) -> None:
    articles = [story("a", category=category, aliases=alias)]
    articles += [story(f"x{i}", category="other") for i in range(3)]  # 4 stories: /page/2/
    with pytest.raises(BuildFailed, match=f"URL {url} is produced by 2 sources"):
        planned(config, *articles)
