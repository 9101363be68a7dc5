"""Visibility keys editors bring from Jekyll, Pelican and Hugo are honoured, and every
unknown key warns once, naming its files (issue 10, item 1)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Files = dict[str, str | bytes]
NOW = ["--at", "25/06/2022 08:00"]


def built_urls(public: Path) -> set[str]:
    return {p.parent.relative_to(public).as_posix() for p in public.rglob("index.html")}


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"published": False}, "Jekyll published: false"),
        ({"status": "draft"}, "Pelican draft"),
        ({"status": "hidden"}, "Pelican hidden"),
        ({"status": "Skip"}, "Pelican skip, any case"),
        ({"publishDate": "2022-07-01 09:00"}, "Hugo publishDate later than the build"),
        ({"pubdate": "2022-07-01"}, "Hugo pubdate"),
        ({"expiryDate": "2022-06-01"}, "Hugo expiryDate past"),
        ({"unpublishdate": "2022-06-01"}, "Hugo unpublishdate past"),
        ({"expires": "2999-01-01", "expiryDate": "2022-06-01"}, "the earlier expiry wins"),
        ({"draft": False, "published": False}, "any key that hides, hides"),
    ],
)
def test_foreign_visibility_keys_keep_a_story_unpublished(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    fields: dict[str, Any],
    why: str,
) -> None:
    files: Files = {
        "content/news/shown.md": article(title="Shown story"),
        "content/news/hidden.md": article(title="Hidden story", date="2022-06-20", **fields),
    }
    public = build_tree(tmp_path, files, *NOW)
    assert "news/shown-story" in built_urls(public), why
    assert "news/hidden-story" not in built_urls(public), why
    assert "Hidden story" not in (public / "index.html").read_text(encoding="utf-8"), why


def test_the_later_of_date_and_publishdate_is_the_publication_moment(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files: Files = {
        "content/news/a.md": article(
            title="Scheduled", date="2022-06-01 09:00", publishDate="2022-06-24 10:14"
        ),
    }
    public = build_tree(tmp_path, files, *NOW)
    page = (public / "news/scheduled/index.html").read_text(encoding="utf-8")
    assert 'datetime="2022-06-24T10:14:00+07:00"' in page


def test_lastmod_is_the_update_time(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files: Files = {"content/news/a.md": article(title="Edited", lastmod="2022-06-24 10:14")}
    public = build_tree(tmp_path, files, *NOW)
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "2022-06-24T10:14:00+07:00" in sitemap


def test_a_status_parsite_does_not_know_is_an_error(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(status="live")})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "content/news/a.md:4: 'status' must be one of draft, hidden, skip, published" in err


def test_unknown_keys_warn_once_per_key_with_files_lines_and_a_near_miss(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
) -> None:
    files: Files = {f"content/news/s{n}.md": article(title=f"S{n}", titel="x") for n in range(5)}
    files["content/news/w.md"] = article(title="W", priority=3)
    write_tree(tmp_path, files)
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 0
    titel = [line for line in err.splitlines() if "'titel'" in line]
    assert len(titel) == 1
    assert "did you mean 'title'?" in titel[0]
    assert (
        "content/news/s0.md:4, content/news/s1.md:4, content/news/s2.md:4 and 2 more" in (titel[0])
    )
    assert "unknown front-matter key 'priority' in content/news/w.md:4" in err


def test_strict_makes_an_unknown_key_an_error(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(titel="x")})
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 1
    assert "unknown front-matter key 'titel'" in err
    assert not (tmp_path / "public").exists()
