"""``pagination: stable``: lists numbered from their oldest story, so that adding a story
changes the newest page of each list and leaves every older page's URL, stories and file
as they were.

Each test builds a small portal (page size 3) with the real command, adds a story dated
newest, builds again warm, and compares the two outputs and the build's report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# No sidebar, related lists or search: a new story changes the latest news, the related
# stories and the search index's bundle (and so the search page) in their own ways; what
# is counted here is what pagination itself rewrites.
CONFIG = "title: Stable Portal\npage_size: 3\nlatest_count: 0\nrelated_count: 0\nsearch: false\n"
PAGE = re.compile(r"(?:^|/)page/(\d+)/index\.html$")


def portal(article: Callable[..., str], stories: int, stable: bool = True) -> dict[str, str]:
    files = {"parsite.yaml": CONFIG + ("pagination: stable\n" if stable else "")}
    for n in range(1, stories + 1):
        files[f"content/news/story-{n:02d}.md"] = story(article, n)
    return files


def story(article: Callable[..., str], n: int) -> str:
    return article(
        title=f"Story number {n}",
        date=f"2022-05-{n:02d} 10:00",
        body=f"Body of story {n}.",
        tags=["SIPAS"],
    )


def titles(page: bytes, parse_html: Callable[[bytes], Any]) -> list[str]:
    """The titles of the stories a list page lists, in its order: its lead and summaries,
    not the home page's section blocks."""
    main = parse_html(page).find("main")
    kinds = {"lead", "summary"}
    shown = [n for n in main.find_all("article") if kinds & set(n.attrs["class"].split())]
    return [node.find("h2").text for node in shown]


def paged(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if PAGE.search(path)}


def build(run_parsite: Any, site: Path, *args: str) -> str:
    code, out, err = run_parsite("build", "--verbose", *args, cwd=site)
    assert code == 0, f"exit {code}\n{out}\n{err}"
    return str(out)


def rendered(report: str) -> int:
    found = re.search(r"(\d+) pages rendered", report)
    assert found, report
    return int(found.group(1))


def test_page_one_holds_the_oldest_stories_and_the_list_url_the_newest(
    tmp_path: Path, build_tree: Any, article: Any, snapshot: Any, parse_html: Any
) -> None:
    out = snapshot(build_tree(tmp_path, portal(article, 8)))
    # 8 stories, 3 a page: pages 1 and 2 full (oldest first), the newest page (3) at /.
    assert titles(out["page/1/index.html"], parse_html) == [
        "Story number 3",
        "Story number 2",
        "Story number 1",
    ]
    assert titles(out["page/2/index.html"], parse_html) == [
        "Story number 6",
        "Story number 5",
        "Story number 4",
    ]
    assert titles(out["index.html"], parse_html) == ["Story number 8", "Story number 7"]
    home = parse_html(out["index.html"])
    assert "page/3/index.html" not in out  # the newest page is the list's own URL only
    older = home.find("nav", class_="pager").find("a", rel="next")
    assert older.attrs["href"] == "/page/2/"
    newer = parse_html(out["page/2/index.html"]).find("nav", class_="pager").find("a", rel="prev")
    assert newer.attrs["href"] == "/"
    # The section and tag lists are numbered the same way.
    assert titles(out["news/page/1/index.html"], parse_html)[0] == "Story number 3"
    assert titles(out["tags/sipas/page/2/index.html"], parse_html)[-1] == "Story number 4"


def test_adding_a_story_keeps_every_older_page_s_url_stories_and_file(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    site = write_tree(tmp_path / "site", portal(article, 20))  # 7 pages a list
    build(run_parsite, site)
    before = snapshot(site / "public")
    inodes = {p: (site / "public" / p).stat().st_ino for p in paged(before)}
    write_tree(site, {"content/news/story-21.md": story(article, 21)})  # page 7 fills up
    report = build(run_parsite, site)
    after = snapshot(site / "public")
    assert paged(before).keys() <= paged(after).keys()
    changed = sorted(p for p in paged(before) if before[p] != after[p])
    # Only the pages whose pager reaches the newest page (two before it) could change.
    assert all(int(PAGE.search(p)[1]) >= 5 for p in changed), changed  # type: ignore[index]
    untouched = [p for p in paged(before) if int(PAGE.search(p)[1]) < 5]  # type: ignore[index]
    assert untouched and all(before[p] == after[p] for p in untouched)
    # Kept, not written again: the same files, and the report says how few were rendered.
    assert all((site / "public" / p).stat().st_ino == inodes[p] for p in untouched)
    assert rendered(report) < len(paged(before)) // 2, report


def test_a_story_that_opens_a_new_page_moves_the_full_newest_page_to_its_number(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    site = write_tree(tmp_path / "site", portal(article, 9))  # pages 1, 2 and the full 3
    build(run_parsite, site)
    front = snapshot(site / "public")["index.html"]
    write_tree(site, {"content/news/story-10.md": story(article, 10)})
    build(run_parsite, site)
    after = snapshot(site / "public")
    assert b"Story number 9" in after["page/3/index.html"]
    assert b"Story number 7" in after["page/3/index.html"]
    assert b"Story number 10" not in after["page/3/index.html"]
    assert b"Story number 10" in after["index.html"] and after["index.html"] != front


def test_by_default_page_one_is_the_newest_and_a_new_story_shifts_every_page(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    """The default is unchanged: the contrast that makes the option worth having."""
    site = write_tree(tmp_path / "site", portal(article, 20, stable=False))
    build(run_parsite, site)
    before = paged(snapshot(site / "public"))
    assert b"Story number 17" in before["page/2/index.html"]
    write_tree(site, {"content/news/story-21.md": story(article, 21)})
    build(run_parsite, site)
    after = paged(snapshot(site / "public"))
    assert all(before[p] != after[p] for p in before)


@pytest.mark.parametrize("value", ["newest-first", "oldest"])
def test_an_unknown_pagination_is_an_error_naming_the_choices(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, value: str
) -> None:
    files = portal(article, 2)
    files["parsite.yaml"] = CONFIG + f"pagination: {value}\n"
    site = write_tree(tmp_path, files)
    code, _, err = run_parsite("build", cwd=site)
    assert code == 1
    assert f"parsite.yaml:6: 'pagination' must be newest or stable, not '{value}'" in err
