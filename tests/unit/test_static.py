"""Static files: sorted, later folders winning, skipped suffixes, no link leading outside."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from parindex_site.assets.static import StaticSource, collect_static, static_sources
from parindex_site.config import SiteConfig


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


def test_a_link_inside_the_folder_is_copied(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"static/logo.svg": "<svg/>"})
    os.symlink(tmp_path / "static" / "logo.svg", tmp_path / "static" / "favicon.svg")
    static, warnings = collect_static([tmp_path / "static"])
    assert [str(s.path) for s in static] == ["favicon.svg", "logo.svg"]
    assert warnings == []


def test_stories_and_editor_leftovers_beside_them_are_not_published(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    names = ["news/a.md", "news/a.jpg", "news/.a.md.swp", "news/a.md~", "docs/report.pdf"]
    write_tree(tmp_path, {f"content/{name}": "" for name in names})
    skip = StaticSource(tmp_path / "content", skip_suffixes=(".md", ".swp", "~"))
    static, _ = collect_static([skip])
    assert [str(s.path) for s in static] == ["docs/report.pdf", "news/a.jpg"]


def test_the_site_s_static_folder_wins_over_the_stories_and_the_theme(
    tmp_path: Path, make_config: Callable[..., SiteConfig], write_tree: Callable[..., Path]
) -> None:
    config = make_config(tmp_path)
    write_tree(tmp_path, {"content/css/style.css": "beside", "static/css/style.css": "mine"})
    static, _ = collect_static(static_sources(config))
    chosen = {str(s.path): s.source for s in static}
    assert chosen["css/style.css"] == tmp_path / "static" / "css" / "style.css"
    assert "favicon.svg" in chosen  # the theme's own files come too
