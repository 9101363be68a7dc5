"""Generated story sets built by the real ``parsite build``: no traceback, exit 0 or 1,
nothing written when it fails, and when it succeeds every feed and sitemap is XML that
parses, every page is HTML whose elements close in order, and every picture on every
page is a site path or a full URL (never relative to the page).

Each example is a whole site: a story that always reads, then a few drawn stories (most
readable, with foreign keys, hostile values and bodies with pictures, tables, entities
and raw HTML; some from ``generated_inputs.sources``, mostly broken) in folders with
NFD and ASCII names, and no ``parsite.yaml``, a valid one or a generated one. Built in
a subprocess, each takes about a second: a few dozen examples, bounded by a deadline.
Hypothesis draws a fresh seed each run and prints the failing example when one fails.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generated_inputs import KEYS, RAW_LINES, TEXT, VALUE, documents, sources, yaml_value
from parindex_site.content.quoting import has_control

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (80).to_bytes(4, "big") * 2 + b"\x08\x02\0\0\0"
SEED_STORY = "---\ntitle: Seed story\ndate: 2022-05-25 10:14\n---\nThe first story.\n"
FOLDERS = ["news", unicodedata.normalize("NFD", "đời-sống"), "cai-cach-hanh-chinh", ""]
CONFIG = """\
title: Fuzz portal
base_url: https://fuzz.example/
page_size: 1
sections:
  - folder: news
    name: Tin tức
    description: "Tin <b>mới</b> & đủ"
"""
DATES = [
    "2022-05-25", "2022-05-25 10:14", "25/05/2022", "24/06/2022 10:14 SA", "4/6/2022 4:37 CH",
    "2022-05-25T10:14:00+07:00", '"2022-05-25T10:14:00+07:00"', "2014-12-17 11:16:21 -0800",
    "2999-01-01 08:00", "1000-01-01",
]  # fmt: skip
BAD_DATES = ["2022-02-31", "'31/02/2022'", "0000-01-01", "tomorrow"]
# Text a story may hold and still be read: entities, NFD, markup, Liquid, any script
# (after a word that gives a slug); no control characters, which are an error (drawn by
# the hostile stories), and nothing so long that a tag's file name would pass 255 bytes.
SAFE_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30).map("Tin {}".format),
    st.sampled_from(
        [
            "Thông báo", "Tom &amp; Jerry", "tr&ocirc;\u0300ng", "\u0111o\u0300i", "<b>bold</b>",
            "{% endhighlight %}", "a: b", "Lịch công tác tuần của Lãnh đạo UBND tỉnh",
        ]
    ),
)  # fmt: skip
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "tags": st.lists(SAFE_TEXT, max_size=3),
    "categories": st.lists(SAFE_TEXT, min_size=1, max_size=2),
    "category": SAFE_TEXT,
    "summary": SAFE_TEXT,
    "description": SAFE_TEXT,
    "author": SAFE_TEXT,
    "image": st.sampled_from(
        ["images/map.png", "/x.png", "https://cdn.example/a.png", "//c.example/b.png", "gone.png"]
    ),
    "image_alt": SAFE_TEXT,
    "featured": st.booleans(),
    "draft": st.booleans(),
    "published": st.booleans(),
    "status": st.sampled_from(["draft", "hidden", "skip", "published"]),
    "expires": st.sampled_from(["2021-01-01", "2999-01-01"]),
    "lastmod": st.sampled_from(["2022-06-01 08:00", "24/06/2022 10:14 SA"]),
    "aliases": st.lists(st.sampled_from(["/old/a/", "/old/b/"]), max_size=1),
    "weight": st.integers(-1_000_000, 1_000_000),  # the editors' rank (#14)
    "priority": st.integers(),  # unknown: a warning
}  # fmt: skip
BODIES = [
    "Plain paragraph.",
    "![Map](images/map.png)\n\n<img src='../x.png' alt='x'> <img alt=y src=y.png>",
    "![Gone](gone/none.png) ![Full](https://cdn.example/a.png) ![Bare](//cdn.example/b.png)",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Tom &amp; Jerry&nbsp;<http://example.com> [link](../other/) [^1]\n\n[^1]: A note.",
    "<p style='text-align: justify;'>&nbsp;</p>\n\n<p>tr&ocirc;\u0300ng \u0111o\u0300i</p>",
    '{% highlight ruby %}\nx = 1\n{% endhighlight %}\n\n{{< figure src="a.jpg" >}}',
    '```\n<img src="code.png">\n```\n\n`<img src="inline.png">`',
    "<!-- a comment --><script>var a = '</p>';</script>",
    "# Heading {#id}\n\n[TOC]\n\n* one\n* two\n\nterm\n:   definition",
    "",
]
FLAGS = st.lists(st.sampled_from(["--drafts", "--future", "--expired"]), unique=True)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())  # noqa: SIM905


def body() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(BODIES), min_size=1, max_size=3).map("\n\n".join)


@st.composite
def readable_stories(draw: st.DrawFn) -> str:
    """A story that reads: a title, a date it accepts, a few known (or unknown) keys."""
    lines = [
        f"title: {json.dumps(draw(SAFE_TEXT), ensure_ascii=False)}",
        f"date: {draw(st.sampled_from(DATES))}",
    ]
    for key in draw(st.lists(st.sampled_from(sorted(FIELDS)), unique=True, max_size=4)):
        lines.append(f"{key}: {json.dumps(draw(FIELDS[key]), ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n" + draw(body()) + "\n"


@st.composite
def hostile_stories(draw: st.DrawFn) -> str:
    """A story of generated keys and values, hostile lines and impossible dates."""
    date = draw(st.sampled_from(DATES + BAD_DATES))
    lines = [f"title: {json.dumps(draw(TEXT), ensure_ascii=False)}", f"date: {date}"]
    for _ in range(draw(st.integers(0, 3))):
        lines.append(f"{draw(KEYS)}: {yaml_value(draw(VALUE))}")
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), draw(RAW_LINES))
    return "---\n" + "\n".join(lines) + "\n---\n" + draw(body()) + "\n"


@st.composite
def sites(draw: st.DrawFn) -> tuple[dict[str, str | bytes], list[str]]:
    """The files of a site and the build's visibility flags: readable stories and, in
    three sites of seven, something hostile (a story, a drawn source or parsite.yaml)."""
    files: dict[str, str | bytes] = {
        "content/news/seed.md": SEED_STORY,
        "content/news/images/map.png": PNG,
        "content/x.png": PNG,
    }
    texts = draw(st.lists(readable_stories(), min_size=1, max_size=4))
    hostile = draw(st.sampled_from(["", "", "", "", "story", "source", "config"]))
    if hostile == "story":
        texts.append(draw(hostile_stories()))
    elif hostile == "source":
        texts.append(draw(sources()))
    for number, text in enumerate(texts):
        folder = draw(st.sampled_from(FOLDERS))
        files[f"content/{folder}/s{number}.md".replace("//", "/")] = text
    if hostile == "config":
        files["parsite.yaml"] = draw(documents())
    elif draw(st.booleans()):
        files["parsite.yaml"] = CONFIG
    return files, draw(FLAGS)


class _Balanced(HTMLParser):
    """Every element but the void ones closes, in order; anything else is a problem."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else '-'}>")
        else:
            self.open.pop()


def check_page(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>"), path
    parser = _Balanced()
    parser.feed(text)
    parser.close()
    assert not parser.problems and not parser.open, (path, parser.problems, parser.open)
    for src in parser.images:  # a relative picture would break on every other page
        assert src.startswith(("/", "https://", "http://")), (path, src)


def check_outputs(public: Path) -> None:
    pages = xml_files = 0
    for path in sorted(public.rglob("*")):
        if path.suffix == ".xml":
            ET.fromstring(path.read_bytes())  # raises on anything but well-formed XML
            xml_files += 1
        elif path.suffix == ".html":
            check_page(path)
            pages += 1
    assert pages >= 2 and xml_files >= 3, (pages, xml_files)  # home, 404; feed, 2 sitemaps


@pytest.mark.slow
@settings(
    max_examples=30,  # about a second each: a whole build in a subprocess
    deadline=dt.timedelta(seconds=60),  # generous for a busy 2-core machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(site=sites())
def test_generated_sites_build_and_every_output_parses(
    site: tuple[dict[str, str | bytes], list[str]],
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
) -> None:
    files, flags = site
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder), files)
        code, _, err = run_parsite("build", *flags, cwd=root)  # it fails on a traceback
        event(f"exit {code}")
        assert code in (0, 1), err
        assert not has_control(err.replace("\n", "").replace("\t", "")), err
        if code == 1:
            assert err.strip() and not (root / "public").exists(), err
            return
        check_outputs(root / "public")
