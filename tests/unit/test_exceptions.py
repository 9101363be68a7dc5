"""The exception tree's messages read like a compiler's: ``path:line: what (how to fix)``."""

from __future__ import annotations

from pathlib import Path

from parindex_site.errors import (
    BuildFailed,
    CollisionError,
    ConfigError,
    ContentError,
    FrontMatterError,
    OutputError,
    SiteError,
    TemplateError,
)


def test_every_error_is_a_site_error() -> None:
    for kind in (ConfigError, ContentError, FrontMatterError, CollisionError, TemplateError):
        assert issubclass(kind, SiteError)
    assert issubclass(FrontMatterError, ContentError)
    assert issubclass(OutputError, SiteError) and issubclass(BuildFailed, SiteError)


def test_content_error_location() -> None:
    error = FrontMatterError(Path("content/news/a.md"), "missing 'title'", line=3)
    assert str(error) == "content/news/a.md:3: missing 'title'"
    assert (error.path, error.line, error.message) == (
        Path("content/news/a.md"),
        3,
        "missing 'title'",
    )
    assert str(ContentError("content/a.md", "not UTF-8")) == "content/a.md: not UTF-8"


def test_collision_names_every_source() -> None:
    error = CollisionError("/news/a/", [Path("content/news/a.md"), Path("content/news/b.md")])
    assert str(error).startswith(
        "content/news/a.md: URL /news/a/ is produced by 2 sources: "
        "content/news/a.md, content/news/b.md ("
    )


def test_template_error_names_template_line_and_page() -> None:
    error = TemplateError("article.html", 12, "'x' is undefined", "/news/a/")
    assert str(error) == "article.html:12: 'x' is undefined (while rendering /news/a/)"
    assert str(TemplateError("base.html", None, "not found")) == "base.html: not found"


def test_build_failed_lists_each_error_and_counts_them() -> None:
    one = BuildFailed([ConfigError("parsite.yaml:1: bad")])
    assert str(one) == "parsite.yaml:1: bad\n1 error: nothing was written"
    two = BuildFailed([ConfigError("a"), ConfigError("b")])
    assert str(two).splitlines() == ["a", "b", "2 errors: nothing was written"]
