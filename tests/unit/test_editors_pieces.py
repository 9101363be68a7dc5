"""The pure pieces behind issue 10's front-matter work: bounded YAML, dates editors copy,
slugs, section names, summaries, template tags, quoted values, warnings."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from parindex_site.config import SiteConfig
from parindex_site.content.dates import DateValueError, file_name_date, parse_moment
from parindex_site.content.markdown import MarkdownRenderer
from parindex_site.content.models import Article
from parindex_site.content.names import section_name
from parindex_site.content.quoting import quoted
from parindex_site.content.reader import parse_article
from parindex_site.content.slugs import capped
from parindex_site.content.summary import first_paragraph
from parindex_site.content.templating import protect_tags
from parindex_site.content.warnings import story_warnings
from parindex_site.content.yamlsafe import load_yaml
from parindex_site.errors import FrontMatterError

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RENDERER = MarkdownRenderer()


# --------------------------------------------------------------------------- YAML


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [
        f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    started = time.perf_counter()
    document = load_yaml("\n".join(lines), first_line=2)
    assert time.perf_counter() - started < 0.5
    assert document.data is None
    assert "aliases expand" in document.problems[0].message


def test_a_recursive_alias_is_refused() -> None:
    problem = load_yaml("a: &x [*x]\n").problems[0]
    assert problem.message == "an alias refers to its own anchor"


def test_flow_nesting_100000_deep_is_refused_at_once() -> None:
    started = time.perf_counter()
    document = load_yaml("a: " + "[" * 100_000 + "]" * 100_000)
    assert time.perf_counter() - started < 0.5
    assert document.problems[0].message.startswith("nested too deeply")


def test_every_duplicate_key_is_reported_and_the_values_still_read() -> None:
    document = load_yaml("a: 1\nb: 2\na: 3\nb: 4\n", first_line=2)
    assert [(p.line, p.message) for p in document.problems] == [
        (4, "duplicate key 'a' (also on line 2; keep one)"),
        (5, "duplicate key 'b' (also on line 3; keep one)"),
    ]
    assert document.data == {"a": 3, "b": 4}


def test_bad_scalars_are_problems_at_their_lines() -> None:
    document = load_yaml("a: !!float abc\nb: " + "1" * 5000 + "\nc: !!bool maybe\n")
    assert [p.line for p in document.problems] == [1, 2, 3]


def test_key_lines_come_from_the_parser_for_quoted_keys_too() -> None:
    assert load_yaml('title: A\n"draft": true\n', first_line=2).lines == {"title": 2, "draft": 3}


def test_aliases_within_the_budget_are_fine() -> None:
    assert load_yaml("a: &a [1, 2]\nb: *a\n").data == {"a": [1, 2], "b": [1, 2]}


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24/06/2022 10:14 SA", dt.datetime(2022, 6, 24, 10, 14)),
        ("23/06/2022 4:37 CH", dt.datetime(2022, 6, 23, 16, 37)),
        ("24/06/2022 12:05 CH", dt.datetime(2022, 6, 24, 12, 5)),
        ("24/06/2022 12:30 SA", dt.datetime(2022, 6, 24, 0, 30)),
        ("24/06/2022 - 10:14", dt.datetime(2022, 6, 24, 10, 14)),
    ],
)
def test_the_portals_own_stamps_are_read(text: str, expected: dt.datetime) -> None:
    assert parse_moment(text, TZ) == (expected.replace(tzinfo=TZ), False)


def test_a_space_before_the_offset_is_jekylls_form() -> None:
    moment, _ = parse_moment("2014-12-17 11:16:21 -0800", TZ)
    assert moment.isoformat() == "2014-12-18T02:16:21+07:00"


def test_a_date_without_a_time_is_marked_date_only() -> None:
    assert parse_moment("24/06/2022", TZ)[1]
    assert parse_moment(dt.date(2022, 6, 24), TZ)[1]
    assert not parse_moment("24/06/2022 00:00", TZ)[1]


@pytest.mark.parametrize("text", ["24/06/2022 13:05 CH", "24/06/2022 0:05 SA"])
def test_a_12_hour_marker_with_a_24_hour_hour_is_an_error(text: str) -> None:
    with pytest.raises(DateValueError, match="hour runs 1-12"):
        parse_moment(text, TZ)


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", dt.datetime(1, 1, 1)])
def test_dates_at_the_limits_of_datetime_are_errors(value: object) -> None:
    with pytest.raises(DateValueError, match="out of range"):
        parse_moment(value, TZ)


def test_jekyll_file_names_give_a_date_and_the_rest() -> None:
    assert file_name_date("2022-06-24-hop-bao") == (dt.date(2022, 6, 24), "hop-bao")
    assert file_name_date("2022-02-31-x") is None
    assert file_name_date("hop-bao") is None


# --------------------------------------------------------------------------- names


def test_slugs_are_capped_at_a_hyphen() -> None:
    assert capped("quyet-dinh-phe-duyet", 14) == "quyet-dinh-phe"
    assert capped("quyet-dinh-phe-duyet", 13) == "quyet-dinh"
    assert capped("a" * 100, 10) == "a" * 10
    assert capped("short", 80) == "short"


def test_section_names_are_nfc_and_title_cased_by_words() -> None:
    assert section_name(unicodedata.normalize("NFD", "đời-sống")) == "Đời Sống"
    assert section_name("cai_cach-hanh-chinh") == "Cai Cach Hanh Chinh"


# --------------------------------------------------------------------------- summaries


def test_the_summary_reads_paragraphs_with_attributes_and_entities() -> None:
    body = '<p style="text-align: justify;">&nbsp;</p>'
    body += '<p class="x">tr&ocirc;\u0300ng <b>c\u00e2y</b></p>'
    assert first_paragraph(body) == "trồng cây"


def test_the_summary_skips_scripts_and_drops_control_characters() -> None:
    assert first_paragraph("<p><script>x()</script>A\x07B</p>") == "AB"


# --------------------------------------------------------------------------- template tags


def test_template_tags_outside_code_are_protected_and_located() -> None:
    body = "a {{ x }}\n\n```\n{% raw %}\n```\n\n`{% y %}` {% z %}\n"
    protected = protect_tags(body, 10)
    assert protected.found == ((10, "{{ x }}"), (16, "{% z %}"))
    html = RENDERER.render(protected.body)
    assert "<code>{% raw %}\n</code>" in html
    assert "<code>{% y %}</code> &#123;% z %}" in html


# --------------------------------------------------------------------------- messages


def test_quoted_values_are_bounded_and_escaped() -> None:
    assert quoted("\x1b[2J" + "x" * 100) == "'\\x1b[2J" + "x" * 56 + "...'"
    assert quoted(10**5000) == "a very long number"
    assert len(quoted(list(range(10**5)))) < 70


# --------------------------------------------------------------------------- the reader


@pytest.fixture
def parse(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> Callable[..., Article]:
    config = make_config(tmp_path)

    def parse_text(text: str, name: str = "a") -> Article:
        return parse_article(text, Path("content/news/a.md"), "news", config, RENDERER, name)

    return parse_text


def test_hugo_keys_are_read_in_any_case(parse: Callable[..., Article]) -> None:
    story = parse("---\ntitle: A\ndate: 2022-05-25\nExpiryDate: 2022-06-01\n---\n")
    assert story.expires == dt.datetime(2022, 6, 1, tzinfo=TZ)
    assert dict(story.extra) == {}


def test_unknown_keys_are_kept_in_extra_with_their_lines(parse: Callable[..., Article]) -> None:
    story = parse("---\ntitle: A\ndate: 2022-05-25\npriority: 3\n---\n")
    assert dict(story.extra) == {"priority": 3}
    assert story.unknown_keys == (("priority", 4),)


def test_all_field_errors_of_a_file_come_together(parse: Callable[..., Article]) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("---\ntitle: [A]\ndate: 31/02/2022\ndraft: 1\n---\n")
    lines = str(caught.value).splitlines()
    assert [line.split(":")[1] for line in lines] == ["2", "3", "4"]


def test_unknown_keys_warn_once_per_key(article: Callable[..., str]) -> None:
    stories: list[Any] = [
        Article(
            source=f"content/{n}.md",
            title="t",
            published=dt.datetime(2022, 1, 1, tzinfo=TZ),
            slug="t",
            category=None,  # type: ignore[arg-type]
            body_html="",
            summary="",
            unknown_keys=(("titel", 2),),
        )
        for n in range(5)
    ]
    (warning,) = story_warnings(stories)
    assert warning.startswith("content/0.md:2: unknown front-matter key 'titel'")
    assert "(did you mean 'title'?)" in warning
    assert "and 2 more files" in warning


# --------------------------------------------------------------------------- parsite.yaml


def test_config_reports_duplicates_with_the_other_problems(tmp_path: Path) -> None:
    from parindex_site.config import parse_config
    from parindex_site.errors import SiteError

    with pytest.raises(SiteError) as caught:
        parse_config('title: "A\\x1b"\npage_size: x\npage_size: 3\n', tmp_path)
    lines = str(caught.value).splitlines()
    assert lines[0] == "parsite.yaml:3: duplicate key 'page_size' (also on line 2; keep one)"
    assert "parsite.yaml:1: 'title' contains a control character (remove it)" in lines
    assert "\x1b" not in str(caught.value)


def test_config_takes_the_new_keys(tmp_path: Path) -> None:
    from parindex_site.config import parse_config

    config = parse_config(
        "slug_max_length: 40\nslug_from: filename\ndefault_category: Tin tức\n", tmp_path
    )
    assert (config.slug_max_length, config.slug_from, config.default_category) == (
        40,
        "filename",
        "Tin tức",
    )
