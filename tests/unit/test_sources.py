"""Source discovery: which files are stories, in which order, and what is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parindex_site.content.sources import find_sources, scan_sources


def names(tmp_path: Path, found: list[Path]) -> list[str]:
    return [p.relative_to(tmp_path).as_posix() for p in found]


def test_find_sources_is_sorted_and_takes_only_markdown(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(
        tmp_path,
        {"content/b/z.md": "", "content/a.md": "", "content/b/a.md": "", "content/b/n.txt": ""},
    )
    (tmp_path / "content/dir.md").mkdir()
    assert names(tmp_path, find_sources(tmp_path / "content")) == [
        "content/a.md",
        "content/b/a.md",
        "content/b/z.md",
    ]
    assert find_sources(tmp_path / "missing") == []


def test_every_markdown_suffix_is_a_story_and_other_sources_are_not(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    files = ["a.markdown", "b.mdown", "c.mkd", "d.MD", "e.rst", "f.md~", "#g.md#", "h.md.bak"]
    write_tree(tmp_path, {f"content/news/{name}": "" for name in files})
    assert names(tmp_path, find_sources(tmp_path / "content")) == [
        "content/news/a.markdown",
        "content/news/b.mdown",
        "content/news/c.mkd",
        "content/news/d.MD",
    ]


def test_hidden_files_and_folders_are_never_stories(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    files = ["content/.git/x.md", "content/news/._a.md", "content/news/.#a.md", "content/news/a.md"]
    write_tree(tmp_path, dict.fromkeys(files, ""))
    assert names(tmp_path, find_sources(tmp_path / "content")) == ["content/news/a.md"]


def test_find_sources_orders_folders_part_by_part_like_paths(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    """Folder 'a' comes before 'a!' and 'a.md', although '!' and '.' sort before '/'."""
    files = ["content/a/x.md", "content/a-b/x.md", "content/a.md", "content/a!/y.md"]
    write_tree(tmp_path, dict.fromkeys(files, ""))
    found = find_sources(tmp_path / "content")
    assert found == sorted(found)  # Path order
    assert names(tmp_path, found) == [
        "content/a/x.md",
        "content/a!/y.md",
        "content/a-b/x.md",
        "content/a.md",
    ]


def test_linked_files_inside_count_linked_folders_are_not_entered(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"content/news/a.md": "", "content/other/b.md": ""})
    (tmp_path / "content/news/linked.md").symlink_to(tmp_path / "content/other/b.md")
    (tmp_path / "content/linked-folder").symlink_to(tmp_path / "content/other")
    scan = scan_sources(tmp_path / "content")
    assert scan.warnings == ()
    assert [Path(n).relative_to(tmp_path).as_posix() for n in scan.names] == [
        "content/news/a.md",
        "content/news/linked.md",
        "content/other/b.md",
    ]


def test_a_story_linked_from_outside_content_is_refused_with_a_warning(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"content/news/a.md": "", "secret/b.md": ""})
    (tmp_path / "content/news/leak.md").symlink_to(tmp_path / "secret/b.md")
    scan = scan_sources(tmp_path / "content")
    assert [Path(n).name for n in scan.names] == ["a.md"]
    assert len(scan.warnings) == 1
    assert "leak.md: links outside content/" in scan.warnings[0]


@pytest.mark.parametrize("kind", ["loop", "broken"])
def test_link_loops_and_broken_links_are_warnings(
    tmp_path: Path, write_tree: Callable[..., Path], kind: str
) -> None:
    write_tree(tmp_path, {"content/news/a.md": ""})
    link = tmp_path / "content/news/bad.md"
    link.symlink_to(link if kind == "loop" else tmp_path / "nowhere.md")
    (tmp_path / "content/loop").symlink_to(tmp_path / "content")  # a folder loop too
    scan = scan_sources(tmp_path / "content")
    assert [Path(n).name for n in scan.names] == ["a.md"]
    expected = "Too many levels of symbolic links" if kind == "loop" else "leads to no file"
    assert len(scan.warnings) == 1 and "news/bad.md: " in scan.warnings[0]
    assert expected in scan.warnings[0]
