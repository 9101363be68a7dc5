"""Publishing into a folder: refused folders, a complete new tree switched in at once, an
abort that leaves the old output as it was, one build at a time, links built through."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from parindex_site.build.folder import FolderSink, check_output_dir
from parindex_site.build.manifest import Manifest, tree_identity
from parindex_site.errors import OutputError

Snapshot = Callable[[Path], dict[str, bytes]]


def no_manifest(folder: Path) -> object:
    return None


@pytest.fixture
def site(tmp_path: Path, write_tree: Callable[..., Path]) -> Path:
    return write_tree(
        tmp_path / "site",
        {"content/a.md": "", "templates/base.html": "", "static/x.css": ""},
    )


def publish(sink: FolderSink, files: dict[str, bytes], keep: tuple[str, ...] = ()) -> None:
    for path, data in files.items():
        sink.accept(sink.put(path, data))
    for path in keep:
        sink.keep(path)


def beside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


@pytest.mark.parametrize("output", ["public", "../elsewhere/out", "sub/dir/public"])
def test_ordinary_output_folders_are_accepted(site: Path, output: str) -> None:
    assert check_output_dir(site / output, site) == (site / output).resolve()


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


def test_a_commit_switches_in_the_complete_new_tree_and_leaves_nothing_beside_it(
    site: Path, snapshot: Snapshot
) -> None:
    out = site / "public"
    first = FolderSink(out, site, no_manifest)
    publish(first, {"index.html": b"home", "news/a/index.html": b"a"})
    made = first.commit("", {"index.html": ("k", 0), "news/a/index.html": ("k", 0)}, {})
    assert snapshot(out) == {"index.html": b"home", "news/a/index.html": b"a"}
    home = os.stat(out / "index.html")

    second = FolderSink(out, site, lambda folder: made)
    publish(second, {"news/b/index.html": b"b"}, keep=("index.html",))
    (site / "static" / "x.css").write_bytes(b"css")
    second.accept(second.copy("css/x.css", site / "static" / "x.css"))
    assert snapshot(out) == {"index.html": b"home", "news/a/index.html": b"a"}  # not yet
    entries = {"index.html": ("k", 0), "news/b/index.html": ("k", 0), "css/x.css": ("d", 0)}
    manifest = second.commit("", entries, {})
    assert snapshot(out) == {"index.html": b"home", "news/b/index.html": b"b", "css/x.css": b"css"}
    assert os.stat(out / "index.html").st_ino == home.st_ino  # kept: linked, not copied
    # What the new manifest records of the kept file is the file as it is.
    assert manifest is not None
    assert manifest.files["index.html"][1:4] == (home.st_size, home.st_mtime_ns, home.st_ino)
    assert beside(out) == ["content", "public", "static", "templates"]


def test_the_manifest_of_a_commit_names_the_tree_now_in_place(site: Path) -> None:
    out = site / "public"
    sink = FolderSink(out, site, no_manifest)
    publish(sink, {"index.html": b"home", "a.css": b"css"})
    manifest = sink.commit("<aside/>", {"index.html": ("key", 1), "a.css": ("sha", 0)}, {})
    assert manifest is not None and manifest.identity == tree_identity(out)
    info = os.stat(out / "index.html")
    assert manifest.files["index.html"] == ("key", 4, info.st_mtime_ns, info.st_ino, 1)
    assert manifest.sidebar == "<aside/>"
    trusted = FolderSink(out, site, lambda folder: manifest)
    assert trusted.previous == manifest
    trusted.abort()


def test_a_manifest_of_another_tree_is_not_trusted(site: Path) -> None:
    out = site / "public"
    FolderSink(out, site, no_manifest).commit("", {}, {})
    stale = Manifest((0, 0), "", {"index.html": ("key", 1, 2, 3, 0)})
    sink = FolderSink(out, site, lambda folder: stale)
    assert sink.previous is None
    sink.abort()


def test_an_abort_leaves_the_old_output_byte_for_byte_and_nothing_beside_it(
    site: Path, snapshot: Snapshot
) -> None:
    out = site / "public"
    first = FolderSink(out, site, no_manifest)
    publish(first, {"index.html": b"old home", "news/a/index.html": b"a"})
    made = first.commit("", {"index.html": ("k", 0), "news/a/index.html": ("k", 0)}, {})
    before = snapshot(out)
    sink = FolderSink(out, site, lambda folder: made)
    publish(
        sink, {"index.html": b"new home", "news/b/index.html": b"b"}, keep=("news/a/index.html",)
    )
    sink.abort()
    assert snapshot(out) == before
    assert beside(out) == ["content", "public", "static", "templates"]


def test_a_first_build_that_aborts_leaves_no_output_at_all(site: Path) -> None:
    sink = FolderSink(site / "public", site, no_manifest)
    publish(sink, {"index.html": b"home"})
    sink.abort()
    assert beside(site / "public") == ["content", "static", "templates"]


def test_a_second_build_into_the_same_output_is_refused_while_the_first_runs(
    site: Path,
) -> None:
    out = site / "public"
    first = FolderSink(out, site, no_manifest)
    with pytest.raises(OutputError, match="another build is running"):
        FolderSink(out, site, no_manifest)
    publish(first, {"index.html": b"first"})
    first.commit("", {}, {})
    assert (out / "index.html").read_bytes() == b"first"  # the refused one took nothing
    FolderSink(out, site, no_manifest).abort()  # once the first has ended, the next may run


def test_an_output_that_is_a_link_is_built_through_and_stays_a_link(
    site: Path, tmp_path: Path, snapshot: Snapshot
) -> None:
    real = tmp_path / "www"
    real.mkdir()
    (site / "public").symlink_to(real)
    for text in (b"one", b"two"):
        sink = FolderSink(site / "public", site, no_manifest)
        assert sink.target == real.resolve()
        publish(sink, {"index.html": text})
        sink.commit("", {}, {})
    assert (site / "public").is_symlink()
    assert os.readlink(site / "public") == str(real)
    assert snapshot(real) == {"index.html": b"two"}
    assert beside(real) == ["site", "www"]
