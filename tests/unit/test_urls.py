"""URLs and their output paths come from one place and never leave the output folder."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from parindex_site.errors import OutputError
from parindex_site.model.urls import article_url, output_key, output_path, paged_url

WHEN = dt.datetime(2022, 5, 7, 10, 14)


@pytest.mark.parametrize(
    ("pattern", "url"),
    [
        ("/{category}/{slug}/", "/news/par-2021/"),
        ("/{year}/{month}/{day}/{slug}/", "/2022/05/07/par-2021/"),
        ("/{category}/{year}/{slug}.html", "/news/2022/par-2021.html"),
    ],
)
def test_article_url_fills_the_pattern(pattern: str, url: str) -> None:
    assert article_url(pattern, "news", "par-2021", WHEN) == url


def test_first_page_is_the_list_itself_later_pages_are_under_page_n() -> None:
    assert paged_url("/news/", 1) == "/news/"
    assert paged_url("/news/", 2) == "/news/page/2/"
    assert paged_url("/", 3) == "/page/3/"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/", "index.html"),
        ("/news/a/", "news/a/index.html"),
        ("/atom.xml", "atom.xml"),
        ("/old//story/", "old/story/index.html"),
        ("//a/", "a/index.html"),
        ("/news/a..b/", "news/a..b/index.html"),
        ("/a/.well-known/x", "a/.well-known/x"),
    ],
)
def test_output_path_of_a_url(url: str, path: str) -> None:
    assert output_path(url) == PurePosixPath(path)
    assert output_key(url) == path


@pytest.mark.parametrize(
    "url", ["news/a/", "/../etc/", "/news/../../x/", "/./a", "/a\\..\\b/", "/a\x00/"]
)
def test_output_path_refuses_urls_that_leave_the_output(url: str) -> None:
    with pytest.raises(OutputError, match="unsafe URL"):
        output_path(url)
