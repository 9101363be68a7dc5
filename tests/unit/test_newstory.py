"""``parsite new`` as functions: the new file's text and where it goes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from parindex_site.config import SiteConfig
from parindex_site.content.frontmatter import parse_front_matter, split_front_matter
from parindex_site.content.markdown import MarkdownRenderer
from parindex_site.content.newstory import create_story, new_story_text
from parindex_site.content.reader import parse_article
from parindex_site.errors import SiteError

NOW = dt.datetime(2022, 6, 24, 10, 14, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize(
    "title", ["Hưng Yên tăng 10 bậc", 'He said "yes": a test', "Back\\slash", "#1: 50% done"]
)
def test_new_story_text_is_a_valid_draft_with_the_exact_title(
    title: str, tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    text = new_story_text(title, NOW)
    meta = parse_front_matter(split_front_matter(text, Path("a.md")).yaml_text, Path("a.md"))
    assert meta["title"] == title
    assert meta["date"] == "2022-06-24 10:14"
    assert meta["draft"] is True
    story = parse_article(text, Path("a.md"), "news", make_config(tmp_path), MarkdownRenderer())
    assert story.published == NOW.replace(second=0)
    assert story.draft


def test_create_story_writes_content_section_slug_md(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    path = create_story(make_config(tmp_path), "Đoàn công tác", "leadership-activities", NOW)
    assert path == tmp_path / "content/leadership-activities/doan-cong-tac.md"
    assert path.read_text(encoding="utf-8") == new_story_text("Đoàn công tác", NOW)


def test_create_story_never_overwrites(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path)
    path = create_story(config, "Same", "news", NOW)
    path.write_text("edited", encoding="utf-8")
    with pytest.raises(SiteError, match="already exists"):
        create_story(config, "Same", "news", NOW)
    assert path.read_text(encoding="utf-8") == "edited"


@pytest.mark.parametrize(
    ("title", "section", "message"),
    [
        ("!!!", "news", "has no letters or digits"),
        ("Fine", "../up", "section '../up' must be a folder name"),
        ("Fine", "News", "section 'News' must be a folder name"),
        ("Fine", "", "section '' must be a folder name"),
    ],
)
def test_create_story_refuses_bad_titles_and_sections(
    title: str, section: str, message: str, tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    with pytest.raises(SiteError, match=message):
        create_story(make_config(tmp_path), title, section, NOW)
    assert list(tmp_path.iterdir()) == []
