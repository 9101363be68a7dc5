"""Hypothesis strategies for hostile editor input, shared by the fuzz tests.

``sources()`` draws whole story files (YAML, JSON or TOML front matter, or none),
``documents()`` YAML mappings (front matter or ``parsite.yaml``) of foreign keys,
lists, mappings, anchors and aliases, huge numbers, control characters, entities and
NFD text. Imported as ``from generated_inputs import ...`` (``tests/`` is on the path,
as the folder of the top ``conftest.py``) by ``unit/test_frontmatter_fuzz.py`` and
``e2e/test_build_fuzz.py``.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

HUGE = "HUGE-INT"  # written as a 5,000-digit number (Hypothesis cannot repr the int)

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
