"""A manifest against the live tree: which files are no longer as written, and how the
decider keeps, splices or renders a page, with or without an earlier look at every file."""

from __future__ import annotations

import os
from pathlib import Path

from parindex_site.build.manifest import (
    KEEP,
    RENDER,
    SPLICE,
    Decider,
    Manifest,
    StatTable,
    damaged_files,
    spare_record,
    stat_rows,
    stat_table,
    stat_table_for,
    tree_identity,
    unfit_files,
)


def written(live: Path, files: dict[str, bytes], slots: int = 1) -> Manifest:
    """Write ``files`` below ``live``; the manifest that records them as written."""
    records = {}
    for path, data in files.items():
        target = live / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        info = target.stat()
        records[path] = (f"key-{path}", info.st_size, info.st_mtime_ns, info.st_ino, slots)
    return Manifest((0, 0), "<aside>old</aside>", records)


def test_damaged_files_are_those_missing_resized_touched_or_replaced(tmp_path: Path) -> None:
    live = tmp_path / "public"
    names = ["a/index.html", "b/index.html", "c/index.html", "d/index.html", "e.xml"]
    manifest = written(live, {name: b"page" for name in names})
    table = StatTable.of(manifest)  # what a replay keeps of the manifest: the same look
    for rows in (lambda: stat_rows(manifest.files.items()), table.rows):
        assert damaged_files(rows(), live) == frozenset()
    (live / "a/index.html").unlink()
    (live / "b/index.html").write_bytes(b"a defaced page")
    info = (live / "c/index.html").stat()
    os.utime(live / "c/index.html", ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    (live / "d/index.html").rename(live / "d/old.html")  # another file, same bytes
    (live / "d/index.html").write_bytes(b"page")
    for rows in (lambda: stat_rows(manifest.files.items()), table.rows):
        assert damaged_files(rows(), live) == {
            "a/index.html",
            "b/index.html",
            "c/index.html",
            "d/index.html",
        }


def test_a_stat_table_holds_each_record_s_stat_in_order_and_knows_when_it_is_cut() -> None:
    records = {
        "index.html": ("k1", 10, 1_700_000_000_123_456_789, 42, 1),
        "old/news/ảnh.html": ("k2", 0, -86_400 * 10**9, 2**64 - 1, 0),  # before 1970
        "a/b/c/feed.xml": ("k3", 2**40, 0, 7, -1),
    }
    table = StatTable.of(Manifest((1, 2), "", records))
    assert list(table.rows()) == [(path, r[1], r[2], r[3]) for path, r in records.items()]
    assert len(table) == 3 and table.whole()
    assert not StatTable(table.paths, table.sizes, table.mtimes[:-8], table.inodes).whole()
    assert not StatTable(table.paths + "\0x", table.sizes, table.mtimes, table.inodes).whole()
    # An output file's mtime past 2262 does not fit: no table, the manifest serves
    late = {"a.html": ("k", 1, 2**63, 3, 0)}
    assert stat_table(Manifest((1, 2), "", late)) is None
    empty = StatTable.of(Manifest((1, 2), "", {}))
    assert list(empty.rows()) == [] and len(empty) == 0 and empty.whole()


def test_a_kept_stat_table_holds_for_the_tree_it_was_written_for_only(tmp_path: Path) -> None:
    live = tmp_path / "public"
    manifest = written(live, {"index.html": b"page"})
    manifest = Manifest(tree_identity(live), manifest.sidebar, manifest.files)
    kept = stat_table(manifest)
    table = stat_table_for(kept, live)
    assert table is not None and list(table.rows()) == list(stat_rows(manifest.files.items()))
    assert stat_table_for(kept, tmp_path) is None  # another tree
    live.rename(tmp_path / "old")
    live.mkdir()  # a tree switched in since: another inode
    assert stat_table_for(kept, live) is None
    cut = StatTable(kept[1].paths, kept[1].sizes, b"", kept[1].inodes)
    identity = tree_identity(live)
    for foreign in (None, "stats", (identity,), (identity, "a table"), (identity, cut)):
        assert stat_table_for(foreign, live) is None


def test_the_decider_keeps_splices_or_renders_by_key_stat_and_sidebar(tmp_path: Path) -> None:
    live = tmp_path / "public"
    manifest = written(live, {"a.html": b"a", "b.html": b"b"})
    same = Decider(manifest, live, manifest.sidebar)
    assert same.page("a.html", "key-a.html") == KEEP
    assert same.page("a.html", "another key") == RENDER
    assert same.page("new.html", "key-new.html") == RENDER
    assert Decider(manifest, live, "<aside>new</aside>").page("a.html", "key-a.html") == SPLICE
    (live / "b.html").write_bytes(b"changed")
    assert same.page("b.html", "key-b.html") == RENDER  # looked at: changed since
    assert Decider(None, live, "").page("a.html", "key-a.html") == RENDER


def test_a_decider_given_the_damaged_files_trusts_that_look_and_takes_no_other(
    tmp_path: Path,
) -> None:
    """A build that looked at every file of the last tree already (while it scanned its
    inputs) decides with what it found, and does not look again."""
    live = tmp_path / "public"
    manifest = written(live, {"a.html": b"a", "b.html": b"b"})
    decider = Decider(manifest, live, manifest.sidebar, frozenset({"b.html"}))
    assert decider.page("b.html", "key-b.html") == RENDER
    (live / "a.html").unlink()  # after the look: the look is what counts
    assert decider.page("a.html", "key-a.html") == KEEP
    assert decider.page("a.html", "another key") == RENDER  # keys still decide first
    assert decider.file("b.html", "key-b.html") == RENDER


def test_unfit_files_are_the_spares_files_recorded_as_holding_the_live_bytes_that_do_not(
    tmp_path: Path,
) -> None:
    live, spare = tmp_path / "public", tmp_path / "spare"
    names = ["a.html", "b.html", "c.html", "d.html", "e.html", "f.html", "g.html"]
    live_manifest = written(live, {name: b"page" for name in names})
    spare.mkdir()
    for name in names[:5]:  # linked: the same files, as a build leaves them
        os.link(live / name, spare / name)
    (spare / "f.html").write_bytes(b"page")  # the spare's own copy of the same page
    (spare / "g.html").write_bytes(b"older")  # the spare's own, of another key: not looked at
    records = {}
    for name in names:
        info = (spare / name).stat()
        key = "key-old" if name == "g.html" else f"key-{name}"
        records[name] = (key, info.st_size, info.st_mtime_ns, info.st_ino, 1)
    spare_manifest = Manifest((0, 0), live_manifest.sidebar, records)
    assert spare_record(spare_manifest, live_manifest, "a.html") == live_manifest.files["a.html"]
    assert spare_record(spare_manifest, live_manifest, "f.html") == records["f.html"]
    assert spare_record(spare_manifest, live_manifest, "g.html") is None
    assert unfit_files(spare_manifest, live_manifest, spare) == frozenset()
    (spare / "a.html").unlink()
    (spare / "b.html").unlink()
    (spare / "b.html").write_bytes(b"page")  # the same bytes, another inode
    (spare / "c.html").unlink()
    os.link(live / "d.html", spare / "c.html")  # a live file, but another one
    (spare / "f.html").write_bytes(b"defaced")
    (spare / "g.html").unlink()
    assert unfit_files(spare_manifest, live_manifest, spare) == {
        "a.html",
        "b.html",
        "c.html",
        "f.html",
    }
    del records["e.html"]  # a file the spare does not record is not looked at
    (spare / "e.html").unlink()
    assert "e.html" not in unfit_files(spare_manifest, live_manifest, spare)


def test_a_spare_copy_of_a_page_holds_the_live_bytes_only_with_the_same_sidebar() -> None:
    # key, size, mtime, inode, copies of the sidebar: the spare's own files (other inodes)
    live = {"page.html": ("k1", 4, 1, 10, 1), "atom.xml": ("k2", 4, 1, 11, 0)}
    own = {"page.html": ("k1", 4, 2, 20, 1), "atom.xml": ("k2", 4, 2, 21, 0)}
    now = Manifest((0, 0), "<aside>newer</aside>", live)
    assert spare_record(Manifest((0, 0), now.sidebar, own), now, "page.html") == own["page.html"]
    older = Manifest((0, 0), "<aside>older</aside>", own)
    assert spare_record(older, now, "page.html") is None  # the same page, another sidebar
    assert spare_record(older, now, "atom.xml") == own["atom.xml"]  # without a sidebar
    # one more copy of the sidebar, or another key: another page
    more = {**own, "page.html": ("k1", 4, 2, 20, 2)}
    assert spare_record(Manifest((0, 0), now.sidebar, more), now, "page.html") is None
    other = {**own, "page.html": ("k0", 4, 2, 20, 1)}
    assert spare_record(Manifest((0, 0), now.sidebar, other), now, "page.html") is None
