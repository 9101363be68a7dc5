"""Generated front matter and parsite.yaml files: nothing but a ``SiteError`` ever comes
out, each example is quick, every message is bounded and free of raw control
characters, and every story read renders to a page that parses.

Hypothesis draws a fresh seed each run and prints the failing example (and how to
replay it) when one fails.
"""

from __future__ import annotations

import json
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex_site.config import SiteConfig, parse_config
from parindex_site.content.markdown import MarkdownRenderer
from parindex_site.content.quoting import has_control
from parindex_site.content.reader import decode_source, parse_article
from parindex_site.errors import SiteError

SITE = Path("/nonexistent-site")
CONFIG = SiteConfig(site_dir=SITE)
RENDERER = MarkdownRenderer()
HUGE = "HUGE-INT"  # written as a 5,000-digit number (Hypothesis cannot repr the int)
PER_EXAMPLE_S = 2.0  # generous for a busy machine: real examples take milliseconds

KEYS = st.sampled_from(
    [
        "title", "date", "updated", "expires", "slug", "summary", "category", "categories",
        "tags", "author", "image", "featured", "draft", "published", "status", "publishDate",
        "expiryDate", "lastmod", "description", "excerpt", "aliases", "lang", "Title", "titel",
        "weight", "extra", "timezone", "page_size", "base_url", "article_url", "am_pm",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "Tom &amp; Jerry", "&nbsp;", "tr&ocirc;\u0300ng", "\u0111o\u0300i",
            "\x1b[2J", "24/06/2022 10:14 SA", "2014-12-17 11:16:21 -0800", "0000-01-01",
            "9999-12-31", "{% endhighlight %}", "{{< figure >}}", "draft", "hidden",
            "Asia", "x" * 300, "/old/", "//evil.example/", "a: b",
        ]
    ),
)  # fmt: skip
SCALAR = st.one_of(
    TEXT,
    st.integers(),
    st.just(HUGE),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(),
)
VALUE = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=3)
)
RAW_LINES = st.sampled_from(
    [
        "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
        "n: !!float 'abc'",
        "n: " + "[" * 200 + "]" * 200,
        "x: &x [*x]",
        '"draft": maybe',
        "date: 2022-02-31",
        "title: again",
        "  indented: wrong",
        "- a list",
        "tags: {a: b}",
        "k: !!binary aGk=",
        "k: !custom x",
        "<<: {title: merged}",
    ]
)


def yaml_value(value: Any) -> str:
    """A YAML rendering: JSON is YAML."""
    return huge(json.dumps(value, default=str, ensure_ascii=False))


def huge(text: str) -> str:
    return text.replace(f'"{HUGE}"', "9" * 5000)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A YAML mapping of generated keys and values, with raw hostile lines mixed in."""
    lines = [f"{draw(KEYS)}: {yaml_value(draw(VALUE))}" for _ in range(draw(st.integers(0, 6)))]
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(RAW_LINES))
    return "\n".join(lines) + "\n"


@st.composite
def sources(draw: st.DrawFn) -> str:
    """A whole source file in one of the three front-matter formats (or broken)."""
    kind = draw(st.sampled_from(["yaml", "yaml", "yaml", "json", "toml", "none"]))
    body = draw(st.sampled_from(["Body.", "{% endhighlight %}", "<p style='x'>&nbsp;</p>", ""]))
    if kind == "json":
        data = draw(st.dictionaries(KEYS, VALUE, max_size=5))
        return huge(json.dumps(data, default=str, indent=1)) + "\n" + body
    if kind == "toml":
        pairs = draw(st.dictionaries(KEYS, TEXT, max_size=4))
        return "+++\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in pairs.items()) + "+++\n"
    if kind == "none":
        return draw(st.text(max_size=40))
    return "---\n" + draw(documents()) + "---\n" + body


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
