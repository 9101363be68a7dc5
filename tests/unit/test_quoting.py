"""Control characters: the pattern used on every story's text equals Unicode's own
category test, over every code point."""

from __future__ import annotations

import sys

from parindex_site.content.quoting import first_control, has_control, is_control, without_controls
from parindex_site.content.summary import clean_text


def test_the_pattern_finds_exactly_what_is_control_finds() -> None:
    found = [c for c in map(chr, range(sys.maxunicode + 1)) if has_control(c)]
    assert found == [c for c in map(chr, range(sys.maxunicode + 1)) if is_control(c)]
    assert len(found) == 65 - 2  # C0, DEL, C1; not tab and line feed


def test_controls_are_dropped_and_the_rest_kept() -> None:
    assert without_controls("a\x00b\x1b[2Jc\x85d\te\nf\u200bg") == "ab[2Jcd\te\nf\u200bg"
    assert clean_text(" Hưng\x07 Yên\u00a0\u00a0tỉnh\x9f ") == "Hưng Yên tỉnh"


def test_first_control_looks_into_keys_and_items() -> None:
    assert first_control({"tags": ["a", ("b", "c\x1bd")]}) == "\x1b"
    assert first_control({"k\x07": "v"}) == "\x07"
    assert first_control({"t": "tab\tand\nline", "n": 3}) is None
