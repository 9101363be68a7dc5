"""Slugs: ASCII, lowercase, Vietnamese-aware (đ has no Unicode decomposition)."""

from __future__ import annotations

import unicodedata

import pytest

from parindex_site.content.slugs import is_valid_slug, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hưng Yên tăng 10 bậc", "hung-yen-tang-10-bac"),
        ("Đoàn công tác", "doan-cong-tac"),
        ("Đảng ủy đường", "dang-uy-duong"),
        ("Nguyễn Hữu Nghĩa", "nguyen-huu-nghia"),
        ("People's Council", "peoples-council"),
        ("People\u2019s Council", "peoples-council"),
        ("Hanoi - Hai Phong", "hanoi-hai-phong"),
        ("  PAR   Index!  ", "par-index"),
        ("Tin tức \u2013 Sự kiện", "tin-tuc-su-kien"),
        ("2021", "2021"),
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_decomposed_text_gives_the_same_slug() -> None:
    for text in ("Hưng Yên tăng 10 bậc", "Đoàn công tác", "Ủy ban nhân dân"):
        assert slugify(unicodedata.normalize("NFD", text)) == slugify(text)


@pytest.mark.parametrize("slug", ["a", "hung-yen-2021", "10"])
def test_valid_slugs(slug: str) -> None:
    assert is_valid_slug(slug)


@pytest.mark.parametrize(
    "slug", ["", "../x", "a/b", "A-b", "a--b", "-a", "a-", "hưng", "a b", ".", "a\\b"]
)
def test_slugs_that_could_escape_or_break_a_url_are_invalid(slug: str) -> None:
    assert not is_valid_slug(slug)
