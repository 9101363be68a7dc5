"""Source file -> Article: decoding, every front-matter field, its defaults and its errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parindex_site.config import SiteConfig
from parindex_site.content.markdown import MarkdownRenderer
from parindex_site.content.models import Article, Term
from parindex_site.content.reader import (
    decode_source,
    parse_article,
    read_article,
)
from parindex_site.errors import ContentError, FrontMatterError

PATH = Path("content/news/a.md")
RENDERER = MarkdownRenderer()


@pytest.fixture
def config(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> SiteConfig:
    return make_config(tmp_path)


@pytest.fixture
def parse(config: SiteConfig, article: Callable[..., str]) -> Callable[..., Article]:
    """``parse(**fields)`` -> Article of ``article(**fields)`` in section 'news'."""

    def parse_fields(section: str = "news", **fields: Any) -> Article:
        return parse_article(article(**fields), PATH, section, config, RENDERER)

    return parse_fields


def error_of(parse: Callable[..., Article], **fields: Any) -> str:
    with pytest.raises(FrontMatterError) as caught:
        parse(**fields)
    return str(caught.value)


# --------------------------------------------------------------------------- decoding


def test_decode_drops_a_bom_and_folds_crlf_and_cr() -> None:
    assert decode_source("\ufeffa\r\nb\rc\n".encode(), PATH) == "a\nb\nc\n"


def test_decode_normalises_to_nfc() -> None:
    assert decode_source("Hu\u031bng Yên".encode(), PATH) == "Hưng Yên"


def test_non_utf8_names_the_line_and_the_fix() -> None:
    data = "---\ntitle: ok\nauthor: Hưng\n".encode("cp1258")
    with pytest.raises(ContentError) as caught:
        decode_source(data, PATH)
    assert str(caught.value).startswith("content/news/a.md:3: not UTF-8 text")
    assert "save the file as UTF-8" in str(caught.value)


# --------------------------------------------------------------------------- fields


def test_required_fields_and_defaults(parse: Callable[..., Article]) -> None:
    story = parse(title="Hưng Yên tăng 10 bậc", body="First *para*.\n\nSecond.")
    assert story.title == "Hưng Yên tăng 10 bậc"
    assert story.published == dt.datetime(2022, 5, 25, 10, 14, tzinfo=story.published.tzinfo)
    assert story.published.utcoffset() == dt.timedelta(hours=7)
    assert story.slug == "hung-yen-tang-10-bac"
    assert story.summary == "First para."
    assert story.category == Term("news", "News")
    assert "<em>para</em>" in story.body_html
    assert (story.tags, story.aliases, story.featured, story.draft) == ((), (), False, False)
    assert (story.updated, story.expires, story.author, story.image, story.lang) == (
        None,
        None,
        "",
        "",
        "",
    )


def test_every_optional_field_is_read(parse: Callable[..., Article]) -> None:
    story = parse(
        updated="2022-05-26",
        expires="01/01/2030 08:00",
        slug="my-slug",
        summary="Short.",
        category="Đoàn công tác",
        tags=["PAR Index", "SIPAS"],
        author="Thu Ha",
        image="/images/a.jpg",
        image_alt="Delegates",
        image_caption="At the conference",
        featured=True,
        draft=True,
        lang="vi",
        aliases=["/old/a/", "/a.html"],
    )
    assert story.updated is not None and story.updated.isoformat() == "2022-05-26T00:00:00+07:00"
    assert story.expires is not None and story.expires.isoformat() == "2030-01-01T08:00:00+07:00"
    assert (story.slug, story.summary) == ("my-slug", "Short.")
    assert story.category == Term("doan-cong-tac", "Đoàn công tác")
    assert story.tags == (Term("par-index", "PAR Index"), Term("sipas", "SIPAS"))
    assert (story.author, story.image, story.image_alt) == ("Thu Ha", "/images/a.jpg", "Delegates")
    assert story.image_caption == "At the conference"
    assert (story.featured, story.draft, story.lang) == (True, True, "vi")
    assert story.aliases == ("/old/a/", "/a.html")
    assert dict(story.extra) == {}


def test_tags_as_comma_text_are_trimmed_and_deduplicated(parse: Callable[..., Article]) -> None:
    story = parse(tags="PAR Index, SIPAS ,, PAR Index")
    assert [t.name for t in story.tags] == ["PAR Index", "SIPAS"]


def test_unknown_keys_go_to_extra(parse: Callable[..., Article]) -> None:
    story = parse(source_name="Hung Yen Portal", rank=12, links=["a", "b"])
    assert dict(story.extra) == {"source_name": "Hung Yen Portal", "rank": 12, "links": ["a", "b"]}
    with pytest.raises(TypeError):
        story.extra["rank"] = 13  # type: ignore[index]


def test_category_defaults_to_the_first_folder_titled(parse: Callable[..., Article]) -> None:
    assert parse(section="administrative-reform").category == Term(
        "administrative-reform", "Administrative Reform"
    )


def test_a_story_outside_any_section_goes_to_the_default_one(
    parse: Callable[..., Article],
) -> None:
    assert parse(section="").category == Term("news", "News")
    assert parse(section="", category="Pages").category == Term("pages", "Pages")


def test_text_fields_are_nfc(parse: Callable[..., Article]) -> None:
    story = parse(author="Thu Ha\u0300", tags=["Ho\u0302\u0300"])
    assert story.author == "Thu Hà"
    assert story.tags[0].name == "Hồ"


def test_numbers_are_accepted_as_text(config: SiteConfig) -> None:
    text = "---\ntitle: 2021\ndate: 2022-05-25\ntags: [2021, 10.5]\n---\n"
    story = parse_article(text, PATH, "news", config, RENDERER)
    assert story.title == "2021"
    assert story.tags == (Term("2021", "2021"), Term("10-5", "10.5"))


@pytest.mark.parametrize(
    ("written", "key", "line"), [("Title", "title", 2), ("tittle", "title", 2), ("data", "date", 3)]
)
def test_a_misspelt_required_key_is_pointed_at(
    config: SiteConfig, written: str, key: str, line: int
) -> None:
    fields = {"title": "A", "date": "2022-05-25"}
    text = "---\n" + "".join(f"{written if k == key else k}: {v}\n" for k, v in fields.items())
    with pytest.raises(FrontMatterError) as caught:
        parse_article(text + "---\n", PATH, "news", config, RENDERER)
    assert str(caught.value) == (
        f"content/news/a.md:{line}: missing '{key}': write '{written}:' as '{key}:'"
    )


def test_a_title_that_is_a_list_is_an_error(config: SiteConfig) -> None:
    text = "---\ndate: 2022-05-25\ntitle: [a, b]\n---\n"
    with pytest.raises(FrontMatterError) as caught:
        parse_article(text, PATH, "news", config, RENDERER)
    assert str(caught.value).startswith("content/news/a.md:3: 'title' must be text, not list")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": None}, ":1: missing 'title' (add a line 'title: ...'"),
        ({"title": "   "}, ":2: 'title' is empty"),
        ({"date": None}, ":1: missing 'date' (add a line like 'date: 2022-05-25 10:14')"),
        ({"date": "31/02/2022"}, ":3: date: '31/02/2022' is not a real date"),
        ({"updated": "32/01/2022"}, ":4: updated: '32/01/2022' is not a real date"),
        ({"expires": "soon"}, ":4: expires: 'soon' is not a date parsite understands"),
        ({"draft": "maybe"}, ":4: 'draft' must be true or false, not str 'maybe'"),
        ({"featured": 1}, ":4: 'featured' must be true or false, not int 1"),
        ({"tags": 5}, ":4: 'tags' must be a list like [PAR Index, SIPAS] or text, not int 5"),
        ({"tags": [["a"]]}, ":4: every item of 'tags' must be text"),
        ({"aliases": "{a: 1}"}, ":4: 'aliases' must be a list"),
        ({"author": "{name: x}"}, ":4: 'author' must be text, not dict"),
        ({"summary": True}, ":4: 'summary' must be text, not bool True (quote it)"),
        ({"slug": "../x"}, ":4: slug '../x' is not usable in a URL (use lowercase letters"),
        ({"slug": "Has Space"}, ":4: slug 'Has Space' is not usable in a URL"),
        ({"title": "!!!"}, ":2: slug '' is not usable in a URL"),
        ({"category": "???"}, ":4: '???' has no letters or digits to make a URL from"),
        ({"tags": ["ok", "---"]}, ":4: '---' has no letters or digits"),
        ({"aliases": ["old/a/"]}, ":4: alias 'old/a/' must be a site path like /news/old-story/"),
        ({"aliases": ["/a/../../b/"]}, ":4: alias '/a/../../b/' must be a site path"),
        ({"aliases": ["/a\\b/"]}, ":4: alias '/a\\b/' must be a site path"),
    ],
)
def test_bad_fields_name_the_file_line_and_fix(
    parse: Callable[..., Article], fields: dict[str, Any], message: str
) -> None:
    assert error_of(parse, **fields).startswith(f"content/news/a.md{message}")


def test_title_quoted_as_yaml_string_is_fine(
    config: SiteConfig,
) -> None:
    text = "---\ntitle: 'Hưng Yên: 10 bậc'\ndate: 2022-05-25\n---\nBody\n"
    assert parse_article(text, PATH, "news", config, RENDERER).title == "Hưng Yên: 10 bậc"


# --------------------------------------------------------------------------- files


def test_read_article_shows_the_path_relative_to_the_site(
    tmp_path: Path, config: SiteConfig, write_tree: Callable[..., Path], article: Any
) -> None:
    write_tree(tmp_path, {"content/society/x/deep.md": article(title="Deep")})
    story = read_article(tmp_path / "content/society/x/deep.md", config, RENDERER)
    assert story.source == str(Path("content/society/x/deep.md"))
    assert story.category.slug == "society"
