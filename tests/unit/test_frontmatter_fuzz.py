"""Generated front matter and parsite.yaml files: nothing but a ``SiteError`` ever comes
out, each example is quick, every message is bounded and free of raw control
characters, and every story read renders to a page that parses.

Hypothesis draws a fresh seed each run and prints the failing example (and how to
replay it) when one fails.
"""

from __future__ import annotations

import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from generated_inputs import documents, sources
from parindex_site.config import SiteConfig, parse_config
from parindex_site.content.markdown import MarkdownRenderer
from parindex_site.content.quoting import has_control
from parindex_site.content.reader import decode_source, parse_article
from parindex_site.errors import SiteError

SITE = Path("/nonexistent-site")
CONFIG = SiteConfig(site_dir=SITE)
RENDERER = MarkdownRenderer()
PER_EXAMPLE_S = 2.0  # generous for a busy machine: real examples take milliseconds


class _Strict(HTMLParser):
    def error(self, message: str) -> None:  # pragma: no cover - only on broken HTML
        raise AssertionError(message)


def check_message(error: SiteError) -> None:
    text = str(error)
    assert not has_control(text), text
    assert max((len(line) for line in text.splitlines()), default=0) < 600, text[:600]


FUZZ = settings(
    max_examples=700,  # ~25 s for both on a quiet machine
    deadline=None,  # timed by hand below, so a slow CI start-up does not flake
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow
@FUZZ
@given(sources())
def test_generated_sources_give_a_story_or_a_site_error(text: str) -> None:
    started = time.perf_counter()
    try:
        decoded = decode_source(text.encode(), Path("content/news/a.md"))
        story = parse_article(decoded, Path("content/news/a.md"), "news", CONFIG, RENDERER)
    except SiteError as error:
        check_message(error)
    else:
        for value in (story.title, story.summary, story.category.name, *story.warnings):
            assert not has_control(value.replace("\n", "").replace("\t", "")), value
            assert unicodedata.is_normalized("NFC", value), value
        _Strict().feed(story.body_html)
    assert time.perf_counter() - started < PER_EXAMPLE_S


@pytest.mark.slow
@FUZZ
@given(documents())
def test_generated_config_files_give_a_config_or_a_site_error(text: str) -> None:
    started = time.perf_counter()
    try:
        parse_config(text, SITE)
    except SiteError as error:
        check_message(error)
    assert time.perf_counter() - started < PER_EXAMPLE_S


@pytest.mark.parametrize(
    "line",
    ["aliases: " + "9" * 5000, "aliases: ['" + "x" * 5000 + "']"],
)
def test_a_huge_value_is_never_repeated_whole_in_a_message(line: str) -> None:
    """Found by the fuzzer: an alias of 5,000 digits was echoed whole."""
    text = f"---\ntitle: A\ndate: 2022-05-25\n{line}\n---\nBody.\n"
    with pytest.raises(SiteError) as raised:
        parse_article(text, Path("content/news/a.md"), "news", CONFIG, RENDERER)
    check_message(raised.value)
