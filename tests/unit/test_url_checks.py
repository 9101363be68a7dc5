"""Alias URLs a web server would misread are refused; ordinary site paths pass."""

from __future__ import annotations

import pytest

from parindex_site.build.context import PageSpec
from parindex_site.build.url_checks import check_alias_urls, url_problem


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("/.htaccess", "starting with '.'"),
        ("/news/.git/config", "starting with '.'"),
        ("//evil.example/x/", "starts with '//'"),
        ("/a?b/", "'?' or '#'"),
        ("/a#b/", "'?' or '#'"),
        ("/CON/", "Windows device"),
        ("/news/lpt1.txt", "Windows device"),
        ("/news/a:b/", "Windows does not allow"),
        ("/news/trailing./", "Windows does not allow"),
        ("/news/x\x1b[2J/", "Windows does not allow"),
    ],
)
def test_harmful_or_useless_urls_are_named(url: str, problem: str) -> None:
    assert problem in url_problem(url)


@pytest.mark.parametrize(
    "url", ["/news/old-story/", "/tin-tuc/đường-phố/", "/a/b/index.html", "/console/", "/com10/"]
)
def test_site_paths_pass(url: str) -> None:
    assert url_problem(url) == ""


def test_only_aliases_are_checked_and_each_names_its_source() -> None:
    pages = [
        PageSpec("/.htaccess", "redirect.html", {}, "content/a.md (alias)"),
        PageSpec("/CON/", "redirect.html", {}, "content/b.md (alias)"),
        PageSpec("/tags/con/", "list.html", {}, "a tag list"),  # made by us from a slug
        PageSpec("/news/old/", "redirect.html", {}, "content/c.md (alias)"),
    ]
    messages = [str(error) for error in check_alias_urls(pages)]
    assert len(messages) == 2
    assert messages[0].startswith("content/a.md (alias): '/.htaccess' has a part starting")
    assert messages[1].startswith("content/b.md (alias): '/CON/' names a Windows device")
    assert "remove it from 'aliases'" in messages[1]
