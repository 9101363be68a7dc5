"""A build whose inputs are all the last build's replays it; anything else builds.

A file changed within the racy margin of being looked at counts by its bytes, not its
stat; most tests let the tree settle once so that stats are what they compare. After a
build that is not replayed, the output must equal a cold one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warm_harness import AT, REPLAYED, build, cold, in_a_fresh_interpreter, settle


@pytest.fixture
def site(tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str]) -> Path:
    return write_tree(
        tmp_path / "site",
        {
            "content/news/old.md": article(title="Old story", date="2022-05-20 08:00"),
            "content/news/recent.md": article(title="Recent story", date="2022-05-24 09:00"),
            "content/news/later.md": article(title="Scheduled story", date="2022-05-26 07:30"),
            "static/files/notice.txt": "Opening hours.\n",
        },
    )


def test_an_unchanged_site_is_replayed_and_its_output_left_alone(
    site: Path, run_parsite: Any, snapshot: Any
) -> None:
    settle()
    first = build(run_parsite, site, *AT)
    assert REPLAYED not in first
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*")}
    again = build(run_parsite, site, *AT)
    assert REPLAYED in again
    assert again.splitlines()[0].split(" in ")[0] == first.splitlines()[0].split(" in ")[0]
    assert "next change: 2022-05-26T07:30:00+07:00" in again
    assert {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*")} == before


def test_a_file_dated_past_2262_is_built_and_replayed(
    site: Path, run_parsite: Any, snapshot: Any, tmp_path: Path
) -> None:
    """A file whose mtime in nanoseconds is past a machine integer's range (``touch -d
    2300-01-01``), added after a build, is digested like any other: no traceback."""
    settle()
    build(run_parsite, site, *AT)
    late = site / "static" / "files" / "late.txt"
    late.write_text("From the future.\n")
    os.utime(late, ns=(10**19, 10**19))
    assert REPLAYED not in build(run_parsite, site, *AT)
    assert REPLAYED in build(run_parsite, site, *AT)
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot, *AT)


def test_the_clock_ends_a_replay_where_the_site_changes_by_itself(
    site: Path, run_parsite: Any, snapshot: Any, tmp_path: Path
) -> None:
    settle()
    build(run_parsite, site, *AT)
    assert REPLAYED in build(run_parsite, site, "--at", "25/05/2022 18:00")
    # The scheduled story goes live: a new build, as a cold one at that moment.
    live = ("--at", "26/05/2022 08:00")
    assert REPLAYED not in build(run_parsite, site, *live)
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot, *live)
    # The recent story leaves the news sitemap two days after its date: the news
    # sitemap's own window ends a replay too.
    assert REPLAYED in build(run_parsite, site, "--at", "26/05/2022 08:30")
    gone = ("--at", "26/05/2022 09:30")
    assert REPLAYED not in build(run_parsite, site, *gone)
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot, *gone)
    # An earlier moment than the recorded build's is never replayed.
    assert REPLAYED not in build(run_parsite, site, *AT)


def test_damaged_output_is_not_replayed_but_repaired(
    site: Path,
    run_parsite: Any,
    snapshot: Any,
    tmp_path: Path,
    forked: bool,
) -> None:
    """The last tree is looked at in a process of its own when it has enough files
    (PARSITE_PARALLEL_MIN=1: any), else in the build's own: either way a damaged
    file ends the replay."""
    settle()
    build(run_parsite, site, *AT)
    expected = snapshot(site / "public")
    replayed = build(run_parsite, site, *AT)
    assert REPLAYED in replayed
    assert ("in 2 processes" in replayed) is forked
    (site / "public" / "news" / "old-story" / "index.html").unlink()
    (site / "public" / "files" / "notice.txt").write_text("Defaced.\n")
    assert REPLAYED not in build(run_parsite, site, *AT)
    assert snapshot(site / "public") == expected


def test_a_build_that_does_not_replay_repairs_what_the_look_at_the_tree_found(
    site: Path,
    run_parsite: Any,
    snapshot: Any,
    tmp_path: Path,
    article: Callable[..., str],
    forked: bool,
) -> None:
    """An edit and damaged output at once: the build decides its pages with what the
    look at the last tree found, so the damaged pages are written again."""
    settle()
    build(run_parsite, site, *AT)
    (site / "public" / "news" / "old-story" / "index.html").write_text("Defaced.\n")
    (site / "public" / "files" / "notice.txt").unlink()
    (site / "content" / "news" / "recent.md").write_text(
        article(title="Recent story, corrected", date="2022-05-24 09:00")
    )
    assert REPLAYED not in build(run_parsite, site, *AT)
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot, *AT)


_CHECK_FAILS = """
import errno, json, os, signal, sys
from pathlib import Path
from parindex_site.build import pipeline

options = pipeline.BuildOptions(Path(sys.argv[1]), parallel_min=1)
first = pipeline.build(options)
checked = pipeline.damaged_files
pipeline.damaged_files = lambda files, live: os.kill(os.getpid(), signal.SIGKILL)
died = pipeline.build(options)  # the check's process dies: built, not replayed
pipeline.damaged_files = checked
fork = os.fork
def refused():
    raise OSError(errno.EAGAIN, "no more processes")
os.fork = refused
unforked = pipeline.build(options)  # no process to be had: checked in this one
os.fork = fork
after = pipeline.build(options)  # and the output folder's lock was let go
print(json.dumps([first.replayed, died.replayed, died.processes, unforked.replayed,
                  after.replayed]))
"""


def test_a_check_whose_process_dies_or_cannot_start_only_costs_the_replay(
    site: Path, snapshot: Any, tmp_path: Path, run_parsite: Any
) -> None:
    settle()
    first, died, processes, unforked, after = in_a_fresh_interpreter(_CHECK_FAILS, site)
    assert (first, died, unforked, after) == (False, False, True, True)
    assert processes == 2  # the check really ran in a process of its own
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot)


_MANIFEST_READS = """
import json, os, sys
from pathlib import Path
from parindex_site.build import cache, pipeline

parent, log = os.getpid(), Path(sys.argv[2])
load = cache.Cache.load_manifest
def counted(self, output_dir):
    with log.open("a") as reads:  # by any process: the check's is forked
        reads.write("parent\\n" if os.getpid() == parent else "child\\n")
    return load(self, output_dir)
cache.Cache.load_manifest = counted
options = pipeline.BuildOptions(Path(sys.argv[1]), parallel_min=1)
pipeline.build(options)
built = log.read_text().split() if log.exists() else []
again = pipeline.build(options)
replayed = log.read_text().split()[len(built):]
for table in (Path(sys.argv[1]) / ".parsite-cache" / "outputs").glob("*.stats.pickle"):
    table.unlink()  # lost, or left by an older parsite: the manifest serves instead
without = pipeline.build(options)
fallback = log.read_text().split()[len(built) + len(replayed):]
story = Path(sys.argv[1]) / "content" / "news" / "old.md"
os.utime(story, ns=(story.stat().st_atime_ns, story.stat().st_mtime_ns - 10**9))
touched = pipeline.build(options)  # a new stat, the same bytes: nothing to write
before = len(log.read_text().split())
healed = pipeline.build(options)  # the table was kept again with the new replay
print(json.dumps([len(built), again.replayed, replayed, without.replayed, fallback,
                  touched.replayed, healed.replayed, log.read_text().split()[before:]]))
"""


def test_a_replay_reads_no_manifest_but_the_stat_table_kept_beside_it(
    site: Path, tmp_path: Path
) -> None:
    """The manifest (21 MB at 100,000 stories) is not read by a build that replays:
    the replay is kept apart from it, and the look at the last tree reads the stat of
    its files from a table kept beside it. Without that table the manifest serves, in
    the look's process alone, until a build records a new replay."""
    settle()
    reads = tmp_path / "reads"
    built, replayed, by_the_replay, without, fallback, touched, healed, by_the_last = (
        in_a_fresh_interpreter(_MANIFEST_READS, site, str(reads))
    )
    assert built >= 1 and replayed and without
    assert by_the_replay == []
    assert fallback == ["child"]
    # A build that keeps its tree as it is but records a new replay keeps the table too
    assert not touched and healed
    assert by_the_last == []


@pytest.mark.parametrize(
    "change",
    ["template", "interface words", "config", "drafts option", "strict option", "output folder"],
)
def test_what_is_not_a_file_stat_ends_a_replay_too(
    change: str, site: Path, run_parsite: Any, snapshot: Any, tmp_path: Path
) -> None:
    settle()
    build(run_parsite, site, *AT)
    options: tuple[str, ...] = ()  # for the cold build too
    output = site / "public"
    if change == "template":  # templates count by their bytes: no need to settle
        (site / "templates").mkdir()
        (site / "templates" / "404.html").write_text("{% extends 'base.html' %}\n")
    elif change == "interface words":  # a site's own table, over the theme's
        (site / "i18n").mkdir()
        (site / "i18n" / "en.yaml").write_text('latest_news: "Just in"\n')
    elif change == "config":
        (site / "parsite.yaml").write_text("title: Another Portal\n")
    elif change == "drafts option":
        options = ("--drafts",)
    elif change == "strict option":
        options = ("--strict",)
    else:
        output = tmp_path / "elsewhere"
    out = build(run_parsite, site, *AT, *options, "--output", str(output))
    assert REPLAYED not in out
    assert snapshot(output) == cold(run_parsite, site, tmp_path, snapshot, *AT, *options)


def test_a_story_copied_over_with_its_old_mtime_is_not_replayed(
    site: Path, run_parsite: Any, article: Callable[..., str]
) -> None:
    story = site / "content" / "news" / "old.md"
    edited = article(title="Old storY", date="2022-05-20 08:00")  # the same size
    assert len(edited) == len(story.read_text())
    settle()
    build(run_parsite, site, *AT)
    info = story.stat()
    story.write_text(edited)
    os.utime(story, ns=(info.st_atime_ns, info.st_mtime_ns))  # as ``cp -p`` leaves it
    settle()
    assert REPLAYED not in build(run_parsite, site, *AT)
    page = site / "public" / "news" / "old-story" / "index.html"
    assert "Old storY" in page.read_text()


def test_a_build_right_after_an_edit_is_replayed_by_the_files_bytes(
    site: Path, run_parsite: Any, article: Callable[..., str], tmp_path: Path, snapshot: Any
) -> None:
    """Inside the racy margin a same-size edit could keep its stat: such files count by
    their bytes, so the next build replays when they are unchanged, and sees them when
    they are not."""
    build(run_parsite, site, *AT)
    assert REPLAYED in build(run_parsite, site, *AT)
    story = site / "content" / "news" / "old.md"
    info = story.stat()
    story.write_text(article(title="Old storY", date="2022-05-20 08:00"))  # the same size
    os.utime(story, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert REPLAYED not in build(run_parsite, site, *AT)
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot, *AT)
