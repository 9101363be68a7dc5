"""Static files: sorted, later folders winning, only publishable kinds beside the stories,
never hidden files or backups, no link leading outside, NFC output paths."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parindex_site.assets.kinds import PUBLISH_SUFFIXES
from parindex_site.assets.static import (
    StaticSource,
    collect_static,
    never_published,
    static_sources,
)
from parindex_site.build.pipeline import BuildOptions, build
from parindex_site.config import SiteConfig
from parindex_site.content.sources import scan_sources


def test_static_files_are_sorted_and_later_folders_win(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(
        tmp_path,
        {"theme/css/style.css": "theme", "theme/b.txt": "b", "site/css/style.css": "site"},
    )
    static, warnings, skipped = collect_static(
        [tmp_path / "theme", tmp_path / "missing", tmp_path / "site"]
    )
    assert warnings == [] and skipped == []
    assert [(str(s.path), s.source.read_text(encoding="utf-8")) for s in static] == [
        ("b.txt", "b"),
        ("css/style.css", "site"),
    ]


def test_static_links_leading_outside_are_not_copied(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"secret.txt": "secret", "static/ok.txt": "ok"})
    os.symlink(tmp_path / "secret.txt", tmp_path / "static" / "leak.txt")
    static, warnings, _ = collect_static([tmp_path / "static"])
    assert [str(s.path) for s in static] == ["ok.txt"]
    assert len(warnings) == 1 and "static/leak.txt: links outside static/" in warnings[0]


def test_a_link_loop_is_a_warning_not_a_traceback(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"static/ok.txt": "ok"})
    loop = tmp_path / "static" / "loop.png"
    loop.symlink_to(loop)
    (tmp_path / "static" / "folder-loop").symlink_to(tmp_path / "static")
    static, warnings, _ = collect_static([tmp_path / "static"])
    assert [str(s.path) for s in static] == ["ok.txt"]
    assert warnings == ["static/loop.png: a link that leads to no file, skipped"]


def test_a_link_inside_the_folder_is_copied(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"static/logo.svg": "<svg/>"})
    os.symlink(tmp_path / "static" / "logo.svg", tmp_path / "static" / "favicon.svg")
    static, warnings, _ = collect_static([tmp_path / "static"])
    assert [str(s.path) for s in static] == ["favicon.svg", "logo.svg"]
    assert warnings == []


def test_only_publishable_kinds_beside_the_stories_are_published(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    names = [
        "news/a.md",
        "news/b.markdown",
        "news/a.JPG",
        "news/c.rst",
        "news/layout.html",
        "news/notes.txt",
        "news/Makefile",
        "docs/report.pdf",
        "docs/clip.mp4",
    ]
    write_tree(tmp_path, {f"content/{name}": "" for name in names})
    source = StaticSource(tmp_path / "content", PUBLISH_SUFFIXES, "content/")
    static, warnings, skipped = collect_static([source])
    assert [str(s.path) for s in static] == ["docs/clip.mp4", "docs/report.pdf", "news/a.JPG"]
    assert warnings == []
    assert [line.split(" ")[0] for line in skipped] == [
        "content/news/Makefile",
        "content/news/c.rst",
        "content/news/layout.html",
        "content/news/notes.txt",
    ]
    assert "'.txt' is not a kind that is published (add it to publish_suffixes)" in skipped[3]


@pytest.mark.parametrize("folder", ["content", "static"])
def test_hidden_files_and_backups_are_never_published(
    tmp_path: Path, write_tree: Callable[..., Path], folder: str
) -> None:
    names = [
        ".env",
        ".htpasswd",
        ".DS_Store",
        ".git/config",
        "news/.gitkeep",
        "news/a.jpg~",
        "news/a.jpg.bak",
        "news/.a.jpg.swp",
        "news/a.jpg.orig",
        "news/#a.jpg#",
        "news/a.jpg",
        ".well-known/security.txt.pdf",
    ]
    write_tree(tmp_path, {f"{folder}/{name}": "x" for name in names})
    source = StaticSource(tmp_path / folder, PUBLISH_SUFFIXES if folder == "content" else None)
    static, _, skipped = collect_static([source])
    assert [str(s.path) for s in static] == [".well-known/security.txt.pdf", "news/a.jpg"]
    assert f"{folder}/.git/ (a hidden folder)" in skipped  # once, not file by file
    assert len(skipped) == 10


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (".env", "a hidden file"),
        (".well-known", ""),
        ("a.md~", "an editor's backup"),
        ("#a.md#", "an editor's backup"),
        ("a.swp", "an editor's backup"),
        ("a#b.jpg", ""),
        ("photo.jpg", ""),
    ],
)
def test_never_published_names(name: str, reason: str) -> None:
    assert never_published(name) == reason


def test_an_nfd_file_name_is_published_under_its_nfc_name(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    nfd = unicodedata.normalize("NFD", "ảnh-đời-sống.jpg")
    write_tree(tmp_path, {f"static/{nfd}": "x"})
    static, _, _ = collect_static([tmp_path / "static"])
    assert [str(s.path) for s in static] == [unicodedata.normalize("NFC", "ảnh-đời-sống.jpg")]
    assert static[0].source.name == nfd  # read from where it is


def test_the_site_s_static_folder_wins_over_the_stories_and_the_theme(
    tmp_path: Path, make_config: Callable[..., SiteConfig], write_tree: Callable[..., Path]
) -> None:
    config = make_config(tmp_path)
    write_tree(tmp_path, {"content/css/style.woff": "beside", "static/css/style.woff": "mine"})
    static, _, _ = collect_static(static_sources(config))
    chosen = {str(s.path): s.source for s in static}
    assert chosen["css/style.woff"] == tmp_path / "static" / "css" / "style.woff"
    assert "favicon.svg" in chosen  # the theme's own files come too


def test_the_config_adds_kinds_published_beside_the_stories(
    tmp_path: Path, make_config: Callable[..., SiteConfig], write_tree: Callable[..., Path]
) -> None:
    config = make_config(tmp_path, publish_suffixes=[".GPX"])
    write_tree(tmp_path, {"content/maps/route.gpx": "x", "content/maps/route.kml": "x"})
    static, _, skipped = collect_static(static_sources(config))
    paths = {str(s.path) for s in static}
    assert "maps/route.gpx" in paths and "maps/route.kml" not in paths
    assert [line.split(" ")[0] for line in skipped] == ["content/maps/route.kml"]


def test_the_scan_s_listing_of_content_gives_what_listing_it_anew_gives(
    tmp_path: Path, make_config: Callable[..., SiteConfig], write_tree: Callable[..., Path]
) -> None:
    """The build hands the scan for stories' listing of content/ to ``collect_static``:
    every file, message and skipped file as if content/ were listed again."""
    config = make_config(tmp_path)
    write_tree(
        tmp_path,
        {
            "content/news/a.md": "",
            "content/news/a.jpg": "x",
            "content/news/.hidden.md": "",
            "content/news/notes.rst": "",
            "content/news/photo.jpg~": "x",
            "content/.well-known/logo.png": "x",
            "content/.well-known/story.md": "",
            "content/.git/config.txt": "x",
            "content/old~/b.md": "",
            "content/old~/b.png": "x",
            "content/x.md/c.png": "x",
            "static/d.md": "copied as it is",
        },
    )
    (tmp_path / "content/news/loop.png").symlink_to(tmp_path / "content/news/loop.png")
    (tmp_path / "content/news/linked").symlink_to(tmp_path / "content/x.md")
    scan = scan_sources(config.content_dir)
    handed = collect_static(static_sources(config, scan.listed))
    assert handed == collect_static(static_sources(config))
    files, warnings, skipped = handed
    paths = {str(s.path) for s in files}
    assert {"news/a.jpg", ".well-known/logo.png", "x.md/c.png", "d.md"} <= paths
    assert not paths & {"news/a.md", ".well-known/story.md", "old~/b.png", "news/linked/c.png"}
    assert warnings == ["content/news/loop.png: a link that leads to no file, skipped"]
    assert "content/old~/ (a hidden folder)" in skipped
    names = [Path(name).relative_to(tmp_path).as_posix() for name in scan.names]
    assert names == ["content/news/a.md", "content/old~/b.md"]


def test_a_build_lists_each_folder_of_content_once(
    tmp_path: Path, write_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": "search: false\n",
            "content/news/a.md": "---\ntitle: A\ndate: 2022-05-25\n---\nBody.\n",
            "content/news/a.jpg": "x",
        },
    )
    listed: list[str] = []
    scandir = os.scandir

    def counted(path: Any) -> Any:
        listed.append(os.path.relpath(path, tmp_path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counted)
    report = build(BuildOptions(tmp_path, jobs=1))
    assert report.static_files > 0 and (tmp_path / "public/news/a.jpg").is_file()
    assert sorted(name for name in listed if name.startswith("content")) == [
        "content",
        "content/news",
    ]
