"""Writing the output: refused folders, static files, the all-or-nothing swap."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest

from parindex_site.build.output import (
    StaticFile,
    check_output_dir,
    check_static_collisions,
    collect_static,
    write_site,
)
from parindex_site.errors import CollisionError, OutputError
from parindex_site.render.pages import Page

Snapshot = Callable[[Path], dict[str, bytes]]


@pytest.fixture
def site(tmp_path: Path, write_tree: Callable[..., Path]) -> Path:
    return write_tree(
        tmp_path / "site",
        {"content/a.md": "", "templates/base.html": "", "static/x.css": ""},
    )


@pytest.mark.parametrize("output", ["public", "../elsewhere/out", "sub/dir/public"])
def test_ordinary_output_folders_are_accepted(site: Path, output: str) -> None:
    check_output_dir(site / output, site)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (".", "contains the site itself"),
        ("..", "contains the site itself"),
        ("content", "overlaps content/"),
        ("content/news", "overlaps content/"),
        ("templates", "overlaps templates/"),
        ("static/out", "overlaps static/"),
    ],
)
def test_output_folders_that_would_destroy_sources_are_refused(
    site: Path, output: str, message: str
) -> None:
    with pytest.raises(OutputError, match=message):
        check_output_dir(site / output, site)


def test_a_folder_of_other_files_is_refused_but_an_old_build_is_not(site: Path) -> None:
    (site / "docs").mkdir()
    (site / "docs" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"has files but no index\.html"):
        check_output_dir(site / "docs", site)
    (site / "docs" / "index.html").write_text("old build", encoding="utf-8")
    check_output_dir(site / "docs", site)
    (site / "empty").mkdir()
    check_output_dir(site / "empty", site)


def test_an_output_path_that_is_a_file_is_refused(site: Path) -> None:
    (site / "public").write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"):
        check_output_dir(site / "public", site)
    assert (site / "public").read_text(encoding="utf-8") == "not a folder"


def test_static_files_are_sorted_and_later_folders_win(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(
        tmp_path,
        {"theme/css/style.css": "theme", "theme/b.txt": "b", "site/css/style.css": "site"},
    )
    static, warnings = collect_static([tmp_path / "theme", tmp_path / "missing", tmp_path / "site"])
    assert warnings == []
    assert [(str(s.path), s.source.read_text(encoding="utf-8")) for s in static] == [
        ("b.txt", "b"),
        ("css/style.css", "site"),
    ]


def test_static_links_leading_outside_are_not_copied(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"secret.txt": "secret", "static/ok.txt": "ok"})
    os.symlink(tmp_path / "secret.txt", tmp_path / "static" / "leak.txt")
    static, warnings = collect_static([tmp_path / "static"])
    assert [str(s.path) for s in static] == ["ok.txt"]
    assert len(warnings) == 1 and "leak.txt: links outside static/" in warnings[0]


def test_a_static_file_may_not_replace_a_generated_page() -> None:
    static = [StaticFile(PurePosixPath("news/index.html"), Path("static/news/index.html"))]
    with pytest.raises(CollisionError, match=r"static/news/index\.html"):
        check_static_collisions(["/news/"], static)


def test_write_site_replaces_the_whole_output(tmp_path: Path, snapshot: Snapshot) -> None:
    (tmp_path / "asset.css").write_text("css", encoding="utf-8")
    out = tmp_path / "public"
    static = [StaticFile(PurePosixPath("css/asset.css"), tmp_path / "asset.css")]
    write_site([Page("/", b"home"), Page("/news/a/", b"a")], static, out)
    assert snapshot(out) == {
        "index.html": b"home",
        "news/a/index.html": b"a",
        "css/asset.css": b"css",
    }
    write_site([Page("/", b"home 2")], [], out)
    assert snapshot(out) == {"index.html": b"home 2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asset.css", "public"]


def test_a_failed_write_leaves_the_previous_output(tmp_path: Path, snapshot: Snapshot) -> None:
    out = tmp_path / "public"
    write_site([Page("/", b"old")], [], out)
    missing = [StaticFile(PurePosixPath("gone.css"), tmp_path / "no-such-file.css")]
    with pytest.raises(OutputError, match="cannot write"):
        write_site([Page("/", b"new")], missing, out)
    assert snapshot(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_write_site_refuses_pages_outside_the_output(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_site([Page("/../escape/", b"x")], [], tmp_path / "public")
    assert not (tmp_path / "escape").exists()
    assert not (tmp_path / "public").exists()
