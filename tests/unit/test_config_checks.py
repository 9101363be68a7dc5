"""parsite.yaml's sections, publish_suffixes and article_url checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from parindex_site.config import parse_config
from parindex_site.config_checks import Section
from parindex_site.errors import ConfigError


def config_error(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("."))
    return str(caught.value)


def test_sections_are_read_in_order_with_names_and_descriptions() -> None:
    text = (
        "sections:\n  - folder: cai-cach-hanh-chinh\n    name: Cải cách hành chính\n"
        "    description: Tin cải cách\n  - doi-song\n"
    )
    assert parse_config(text, Path(".")).sections == (
        Section(
            "cai-cach-hanh-chinh", "cai-cach-hanh-chinh", "Cải cách hành chính", "Tin cải cách"
        ),
        Section("doi-song", "doi-song"),
    )


def test_a_section_folder_is_matched_by_its_slug() -> None:
    sections = parse_config("sections: [{folder: Đời sống}]", Path(".")).sections
    assert sections[0].slug == "doi-song"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sections: news", "parsite.yaml:1: 'sections' must be a list like"),
        (
            "sections: [{folder: a, nam: A}]",
            "sections item 1: unknown key 'nam' (did you mean 'name'?)",
        ),
        ("sections: [{name: A}]", "sections item 1: needs 'folder:'"),
        ("sections: [{folder: a, name: [A]}]", "sections item 1: 'name' must be text"),
        ("sections: [a, b, A]", "sections item 3: folder 'A' is item 1 already"),
        ("sections: [[a]]", "sections item 1: write 'folder: ...'"),
    ],
)
def test_section_errors_say_what_to_write(text: str, message: str) -> None:
    assert message in config_error(text)


def test_every_section_problem_is_reported_at_once() -> None:
    lines = config_error("title: T\nsections: [{nam: A}, {folder: b, x: 1}]").splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "sections item 1",
        "sections item 1",
        "sections item 2",
    ]
    assert all(line.startswith("parsite.yaml:2: ") for line in lines)


def test_a_section_problem_is_at_its_entry_s_line_or_its_key_s() -> None:
    text = "sections:\n  - folder: a\n  - name: B\n\n  - folder: c\n    nam: C\n  - a\n"
    assert config_error(text).splitlines() == [
        "parsite.yaml:3: sections item 2: needs 'folder:', the section's folder under "
        "content/ (or its category), e.g. folder: cai-cach-hanh-chinh",
        "parsite.yaml:6: sections item 3: unknown key 'nam' (did you mean 'name'?)",
        "parsite.yaml:7: sections item 4: folder 'a' is item 1 already, on line 2 "
        "(list each section once)",
    ]


def test_publish_suffixes_are_lowercased_and_sorted() -> None:
    config = parse_config("publish_suffixes: [.KML, .gpx, .kml]", Path("."))
    assert config.publish_suffixes == (".gpx", ".kml")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[.rst]", "'.rst' cannot be added: it is a story or page source"),
        ("[.html]", "'.html' cannot be added: it is a template"),
        ("[.bak]", "'.bak' cannot be added: it is an editor's backup"),
        ("[gpx]", "'gpx' is not a file suffix"),
        ("[../x]", "is not a file suffix"),
        ("{a: 1}", "must be a list like [.gpx, .kml]"),
    ],
)
def test_publish_suffixes_refuse_sources_and_non_suffixes(value: str, message: str) -> None:
    assert message in config_error(f"publish_suffixes: {value}")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("/../{slug}/", "has an empty, '.' or '..' part"),
        ("/a//{slug}/", "has an empty, '.' or '..' part"),
        ("'/{{slug}}/'", "has '{{' or '}}'"),
        ("'/{slug}/{{x}}/'", "has '{{' or '}}'"),
        ("'/{slug}/ /'", "holds a space"),
        ("'/{slug}?x/'", "holds a space or one of ?"),
        ("/.{slug}/", "part starting with '.'"),
        ("'/{slug}/{slug.nope}/'", "has an unknown field"),
    ],
)
def test_article_urls_that_cannot_work_are_refused(pattern: str, message: str) -> None:
    error = config_error(f"title: T\narticle_url: {pattern}\n")
    assert error.startswith("parsite.yaml:2: 'article_url'") and message in error


@pytest.mark.parametrize("pattern", ["/{category}/{slug}/", "/{year}/{month}/{day}/{slug}/"])
def test_good_article_urls_pass(pattern: str) -> None:
    assert parse_config(f"article_url: {pattern}", Path(".")).article_url == pattern
