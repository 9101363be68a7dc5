"""Splitting a source at its '---' fences and parsing the YAML, with file line numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parindex_site.content.frontmatter import key_line, parse_front_matter, split_front_matter
from parindex_site.errors import FrontMatterError

PATH = Path("content/news/a.md")


def test_split_gives_yaml_body_and_the_body_line() -> None:
    split = split_front_matter("---\ntitle: A\ndate: 2022-05-25\n---\nBody\nmore\n", PATH)
    assert split.yaml_text == "title: A\ndate: 2022-05-25\n"
    assert split.body == "Body\nmore\n"
    assert split.body_line == 5


def test_fences_may_have_trailing_spaces() -> None:
    split = split_front_matter("---  \ntitle: A\n--- \nBody\n", PATH)
    assert split.yaml_text == "title: A\n"
    assert split.body == "Body\n"


def test_a_later_horizontal_rule_stays_in_the_body() -> None:
    split = split_front_matter("---\ntitle: A\n---\nOne\n\n---\n\nTwo\n", PATH)
    assert split.body == "One\n\n---\n\nTwo\n"


@pytest.mark.parametrize(
    "text", ["Just text\n", "\n---\ntitle: A\n---\n", "title: A\n---\n", "", "----\n"]
)
def test_no_front_matter_is_an_error_on_line_1(text: str) -> None:
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter(text, PATH)
    assert str(caught.value).startswith("content/news/a.md:1: no front matter")
    assert "'title:'" in str(caught.value)


@pytest.mark.parametrize("text", ["---\ntitle: A\n\nBody\n", "---", "---\n"])
def test_unclosed_front_matter_says_to_add_the_fence(text: str) -> None:
    with pytest.raises(FrontMatterError, match="not closed: add a line '---'"):
        split_front_matter(text, PATH)


def test_invalid_yaml_points_at_the_file_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse_front_matter("title: A\ndate: 2022-05-25\nsummary: a: b\n", PATH)
    assert caught.value.line == 4  # YAML line 3 is file line 4, after the '---'
    assert "invalid YAML in front matter" in str(caught.value)
    assert "quote text that contains ': '" in str(caught.value)


def test_front_matter_that_is_not_a_mapping_is_an_error() -> None:
    with pytest.raises(FrontMatterError, match="must be 'key: value' lines"):
        parse_front_matter("- a\n- b\n", PATH)


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert parse_front_matter("", PATH) == {}


def test_yaml_types_are_kept() -> None:
    meta = parse_front_matter(
        "date: 2022-05-25\nat: 2022-05-25 10:14:00\ntext: 2022-05-25 10:14\n"
        "draft: true\ntags: [a, b]\n",
        PATH,
    )
    assert meta == {
        "date": dt.date(2022, 5, 25),
        "at": dt.datetime(2022, 5, 25, 10, 14),
        "text": "2022-05-25 10:14",
        "draft": True,
        "tags": ["a", "b"],
    }


def test_an_impossible_unquoted_date_stays_text_for_the_date_check() -> None:
    meta = parse_front_matter("date: 2022-02-31\nat: 2022-05-25 25:00:00\n", PATH)
    assert meta == {"date": "2022-02-31", "at": "2022-05-25 25:00:00"}


def test_yaml_tags_that_build_objects_are_refused() -> None:
    with pytest.raises(FrontMatterError, match=r":2: the tag .* is not supported"):
        parse_front_matter("title: !!python/object/apply:os.system [echo hi]\n", PATH)


def test_key_line_is_the_file_line_of_a_key() -> None:
    yaml_text = "title: A\ndate: 2022-05-25\ntags: [a]\n"
    assert key_line(yaml_text, "title") == 2
    assert key_line(yaml_text, "tags") == 4
    assert key_line(yaml_text, "draft") is None
