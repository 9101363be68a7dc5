"""Drafts, future-dated and expired stories appear in no output unless asked for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Each hidden story has its own category, tag, alias and month, so that any list, feed
# or archive that leaked it would carry its marker.
HIDDEN = {
    "draftmark": {"draft": True, "date": "2022-03-10 09:00"},
    "futuremark": {"date": "2999-01-01 09:00"},
    "expiredmark": {"date": "2022-02-10 09:00", "expires": "2022-02-11"},
}


def tree(article: Callable[..., str]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "content/news/visible.md": article(
            title="Visible story", date="2022-05-25 10:14", expires="2999-01-01", tags=["Shown"]
        ),
    }
    for marker, fields in HIDDEN.items():
        files[f"content/news/{marker}.md"] = article(
            title=f"Story {marker}",
            category=f"Section {marker}",
            tags=[f"Tag {marker}"],
            aliases=[f"/old/{marker}/"],
            **fields,
        )
    return files


def leaks(public: Path, snapshot: Callable[[Path], dict[str, bytes]]) -> dict[str, list[str]]:
    """Which markers appear in which output files (paths included)."""
    found: dict[str, list[str]] = {}
    for path, data in snapshot(public).items():
        text = (path + "\n").encode() + data
        for marker in HIDDEN:
            if marker.encode() in text.lower():
                found.setdefault(marker, []).append(path)
    return found


@pytest.fixture(scope="module")
def default_build(
    tmp_path_factory: pytest.TempPathFactory, build_tree: Callable[..., Path], article: Any
) -> Path:
    return build_tree(tmp_path_factory.mktemp("visibility"), tree(article))


def test_hidden_stories_are_in_no_page_list_feed_or_sitemap(
    default_build: Path, snapshot: Callable[[Path], dict[str, bytes]]
) -> None:
    assert leaks(default_build, snapshot) == {}
    assert (default_build / "news/visible-story/index.html").is_file()
    archive = sorted(p.name for p in (default_build / "archive/2022").iterdir() if p.is_dir())
    assert archive == ["05"]
    assert not (default_build / "archive/2999").exists()


def test_the_sidebar_shows_only_the_published_story(
    default_build: Path, parse_html: Callable[..., Any]
) -> None:
    sidebar = parse_html((default_build / "index.html").read_bytes()).find(
        "aside", class_="latest-news"
    )
    assert [li.find("a").attrs["title"] for li in sidebar.find_all("li")] == ["Visible story"]


@pytest.mark.parametrize(
    ("flag", "marker", "pages"),
    [
        (
            "--drafts",
            "draftmark",
            [
                "section-draftmark/story-draftmark/index.html",
                "tags/tag-draftmark/index.html",
                "old/draftmark/index.html",
            ],
        ),
        ("--future", "futuremark", ["archive/2999/01/index.html", "atom.xml"]),
        ("--expired", "expiredmark", ["archive/2022/02/index.html", "atom.xml"]),
    ],
)
def test_each_flag_shows_its_own_kind_of_hidden_story_only(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Any,
    snapshot: Callable[[Path], dict[str, bytes]],
    flag: str,
    marker: str,
    pages: list[str],
) -> None:
    public = build_tree(tmp_path, tree(article), flag)
    found = leaks(public, snapshot)
    assert sorted(found) == [marker]
    assert set(pages) <= set(found[marker])


def test_a_draft_shown_with_drafts_says_it_is_a_draft(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any
) -> None:
    public = build_tree(tmp_path, tree(article), "--drafts")
    page = (public / "section-draftmark/story-draftmark/index.html").read_text(encoding="utf-8")
    assert "Draft: this story is not published." in page


def test_check_applies_the_same_rules(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, tree(article))
    code, out, _ = run_parsite("check", cwd=tmp_path)
    assert code == 0
    assert "(1 story," in out
    code, out, _ = run_parsite("check", "--drafts", "--future", cwd=tmp_path)
    assert "(3 stories" in out
