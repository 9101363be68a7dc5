"""The tree switched out by a build waits in the cache as the next build's spare.

The next build that changes something updates the spare into its new tree, keeping in
place the files that are still the live ones (the same inode). Whatever happened to
the spare in between, the new tree must equal a cold build's.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warm_harness import AT, build, cold, in_a_fresh_interpreter, settle

STORY = "content/news/recent.md"


@pytest.fixture
def site(tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str]) -> Path:
    return write_tree(
        tmp_path / "site",
        {
            "content/news/old.md": article(title="Old story", date="2022-05-20 08:00"),
            "content/news/recent.md": article(title="Recent story", date="2022-05-24 09:00"),
            "static/files/notice.txt": "Opening hours.\n",
            # No search index: its own process would count in "in 2 processes"
            "parsite.yaml": "search: false\n",
        },
    )


def edit(site: Path, article: Callable[..., str], n: int) -> None:
    body = f"Edited {n} times.\n\nSecond paragraph."
    (site / STORY).write_text(article(title="Recent story", date="2022-05-24 09:00", body=body))


def spare_tree(site: Path) -> Path:
    trees = list((site / ".parsite-cache").rglob("*.spare"))
    assert len(trees) == 1, trees
    return trees[0]


def test_a_spare_changed_behind_the_builds_back_still_gives_the_cold_output(
    site: Path,
    run_parsite: Any,
    snapshot: Any,
    tmp_path: Path,
    article: Callable[..., str],
    forked: bool,
) -> None:
    settle()
    build(run_parsite, site, *AT)
    edit(site, article, 1)
    build(run_parsite, site, *AT)  # the first tree is the spare now
    spare = spare_tree(site)
    live = site / "public"
    # The files the edit left alone: the spare and the live tree share them
    kept = [
        path
        for path in snapshot(live)
        if (spare / path).exists() and os.path.samefile(spare / path, live / path)
    ]
    assert "files/notice.txt" in kept and len(kept) >= 4, kept
    gone, replaced, relinked, other = (*kept[:2], "files/notice.txt", kept[2])
    (spare / gone).unlink()
    (spare / "replacement").write_text("Not that page.\n")
    (spare / "replacement").replace(spare / replaced)  # another inode, under the same name
    (spare / relinked).unlink()
    os.link(live / other, spare / relinked)  # a live file, but not this one
    spare_inode = spare.stat().st_ino
    edit(site, article, 2)
    built = build(run_parsite, site, *AT)
    assert ("in 2 processes" in built) is forked
    assert live.stat().st_ino == spare_inode  # the spare, trusted, became the new tree
    expected = cold(run_parsite, site, tmp_path, snapshot, *AT)
    assert snapshot(site / "public") == expected
    edit(site, article, 3)  # and the tree switched out by that build serves the next
    build(run_parsite, site, *AT)
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot, *AT)


_LOOK_DIES = """
import json, os, signal, sys
from pathlib import Path
from parindex_site.build import folder, pipeline

site = Path(sys.argv[1])
options = pipeline.BuildOptions(site, parallel_min=1)
story = site / "content" / "news" / "recent.md"
reports = [pipeline.build(options)]
story.write_text(story.read_text() + "\\nOne more line.\\n")
reports.append(pipeline.build(options))
os.unlink(next((site / ".parsite-cache").rglob("*.spare")) / "news" / "old-story" / "index.html")
looked = folder.unfit_files
folder.unfit_files = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
story.write_text(story.read_text() + "\\nAnd another.\\n")
reports.append(pipeline.build(options))  # the look's process dies: each file is looked at
folder.unfit_files = looked
print(json.dumps([[r.rendered, r.kept, r.processes] for r in reports]))
"""


def test_a_look_at_the_spare_whose_process_dies_costs_only_the_look(
    site: Path, run_parsite: Any, snapshot: Any, tmp_path: Path
) -> None:
    settle()
    reports = in_a_fresh_interpreter(_LOOK_DIES, site)
    assert [processes for _, _, processes in reports[1:]] == [2, 2]
    assert reports[2][1] > 0  # files were kept from the spare, each looked at
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot)


def retitle(site: Path, article: Callable[..., str], n: int) -> None:
    """The newest story's title: every page's latest-news sidebar changes."""
    (site / STORY).write_text(article(title=f"Recent story, take {n}", date="2022-05-24 09:00"))


def inodes(tree: Path) -> dict[str, int]:
    return {p.relative_to(tree).as_posix(): p.stat().st_ino for p in tree.rglob("*.html")}


def test_a_spare_page_no_other_tree_holds_is_rewritten_where_it_is(
    site: Path,
    run_parsite: Any,
    snapshot: Any,
    tmp_path: Path,
    article: Callable[..., str],
    forked: bool,
) -> None:
    settle()
    live = site / "public"
    build(run_parsite, site, *AT)
    first = inodes(live)
    retitle(site, article, 1)
    built = build(run_parsite, site, *AT)  # every page new: the first tree holds its own
    assert ("in 2 processes" in built) is forked
    second = snapshot(live)
    assert not [p for p, ino in inodes(live).items() if first.get(p) == ino]
    retitle(site, article, 2)
    build(run_parsite, site, *AT)
    # The first tree's pages were rewritten in place: the same files, new bytes (all but
    # the retitled story's, whose address changed with its title) ...
    now = inodes(live)
    common = now.keys() & first.keys()
    assert len(common) == len(first) - 1 >= 8
    assert [p for p in common if now[p] != first[p]] == []
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot, *AT)
    # ... and the tree that was live while they were written is as it was, now the spare
    spare = spare_tree(site)
    assert {p: data for p, data in snapshot(spare).items() if p in second} == second


def test_a_spare_page_the_live_site_shares_is_never_written_into(
    site: Path,
    run_parsite: Any,
    snapshot: Any,
    tmp_path: Path,
    article: Callable[..., str],
    forked: bool,
) -> None:
    settle()
    live = site / "public"
    build(run_parsite, site, *AT)
    edit(site, article, 1)
    built = build(run_parsite, site, *AT)  # one page new: the spare shares the others
    assert ("in 2 processes" in built) is forked
    before = snapshot(live)
    shared = inodes(live)
    # Behind the build's back, one page of the spare made a link to another live page:
    # it is not the live file its record names, so only its link count tells that it is
    # still the live site's
    spare = spare_tree(site)
    one, other = sorted(p for p in shared if os.path.samefile(spare / p, live / p))[:2]
    (spare / one).unlink()
    os.link(live / other, spare / one)
    retitle(site, article, 2)
    build(run_parsite, site, *AT)  # every page new: each shared file replaced, not rewritten
    assert {p: data for p, data in snapshot(spare).items() if p in before} == before
    assert not {p for p, ino in inodes(live).items() if shared.get(p) == ino}
    assert snapshot(live) == cold(run_parsite, site, tmp_path, snapshot, *AT)


_RELINKED = """
import json, os, sys
from pathlib import Path
from parindex_site.build import pipeline

site = Path(sys.argv[1])
options = pipeline.BuildOptions(site, jobs=2, parallel_min=1)
recent, old = site / "content" / "news" / "recent.md", site / "content" / "news" / "old.md"
pipeline.build(options)
for n in (1, 2):  # every page new twice: no page of the spare is the live one
    recent.write_text(recent.read_text().replace("title: ", f"title: Take {n} ", 1))
    pipeline.build(options)
old.write_text(old.read_text() + "\\nOne more line.\\n")
report = pipeline.build(options)
print(json.dumps([report.kept, report.rendered, report.processes]))
"""


def test_a_spare_none_of_whose_pages_is_live_gets_the_live_bytes_in_its_own_files(
    site: Path, run_parsite: Any, snapshot: Any, tmp_path: Path
) -> None:
    """Pages are copied into the spare's own files, so that the next page-wide change
    rewrites them in place; the other files kept are the live ones, linked."""
    settle()
    live = site / "public"
    kept, rendered, processes = in_a_fresh_interpreter(_RELINKED, site)
    assert kept >= 8 and rendered >= 1 and processes == 2
    spare = spare_tree(site)  # the tree that was live: what was kept came from it
    was = {p: data for p, data in snapshot(spare).items()}
    now = snapshot(live)
    unchanged = [p for p, data in now.items() if was.get(p) == data]
    linked = [p for p in unchanged if os.path.samefile(spare / p, live / p)]
    copied = [p for p in unchanged if p not in linked]
    assert len(unchanged) >= kept  # and pages rendered again to the same bytes
    assert copied and all(b"<aside" in now[p] for p in copied), copied
    assert linked and not [p for p in linked if b"<aside" in now[p]], linked
    assert not [
        p for p, data in now.items() if b"<aside" in data and (live / p).stat().st_nlink > 1
    ]
    assert now == cold(run_parsite, site, tmp_path, snapshot)


_PIPE_IN_THE_SPARE = """
import json, os, sys
from pathlib import Path
from parindex_site.build import pipeline

site = Path(sys.argv[1])
options = pipeline.BuildOptions(site, jobs=1)
recent = site / "content" / "news" / "recent.md"
for n in (0, 1, 2):
    if n:  # every page new: the spare's pages are its own, rewritten in place
        recent.write_text(recent.read_text().replace("title: ", f"title: Take {n} ", 1))
    if n == 2:
        page = next((site / ".parsite-cache").rglob("*.spare")) / "404.html"
        page.unlink()
        os.mkfifo(page)  # a named pipe where a page was: nothing reads it
    report = pipeline.build(options)
print(json.dumps(report.rendered + report.spliced))
"""


def test_a_named_pipe_in_the_spare_is_replaced_not_waited_on(
    site: Path, run_parsite: Any, snapshot: Any, tmp_path: Path
) -> None:
    settle()
    assert in_a_fresh_interpreter(_PIPE_IN_THE_SPARE, site) >= 8
    assert snapshot(site / "public") == cold(run_parsite, site, tmp_path, snapshot)


def test_pages_whose_folders_the_spare_lacks_get_them_whatever_is_in_the_way(
    site: Path,
    run_parsite: Any,
    snapshot: Any,
    tmp_path: Path,
    article: Callable[..., str],
    forked: bool,
) -> None:
    """A spare tree's folders are taken to be there, and made only where a page finds
    its own missing: a new story's, one removed behind the build's back, or one a
    stray file stands in for."""
    settle()
    live = site / "public"
    build(run_parsite, site, *AT)
    retitle(site, article, 1)
    build(run_parsite, site, *AT)  # every page new: the spare's pages are its own

    def deep_pages() -> list[str]:
        return sorted(p for p in snapshot(live) if p.endswith("/index.html") and p.count("/") >= 2)

    def tamper(pages: list[str]) -> None:
        spare = spare_tree(site)
        removed, blocked = (spare / page for page in pages[:2])
        shutil.rmtree(removed.parent)
        shutil.rmtree(blocked.parent)
        blocked.parent.write_text("Not a folder.\n")

    pages = deep_pages()
    assert "news/old-story/index.html" in pages and len(pages) >= 4, pages
    tamper([p for p in pages if "recent-story" not in p])  # both in the next build
    # A new story: a folder no tree has
    (site / "content/news/newer.md").write_text(article(title="Newer", date="2022-05-25"))
    retitle(site, article, 2)
    built = build(run_parsite, site, *AT)  # every page written into the spare
    assert ("in 2 processes" in built) is forked
    assert snapshot(live) == cold(run_parsite, site, tmp_path, snapshot, *AT)
    # The next build keeps most pages, linking the live files into the spare
    tamper(deep_pages())
    edit(site, article, 3)
    build(run_parsite, site, *AT)
    assert snapshot(live) == cold(run_parsite, site, tmp_path, snapshot, *AT)
