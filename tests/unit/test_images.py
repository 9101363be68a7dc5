"""A story's picture as a site path: relative ones resolve against the story's folder."""

from __future__ import annotations

import unicodedata

import pytest

from parindex_site.model.images import resolve_image


@pytest.mark.parametrize(
    ("image", "source", "resolved"),
    [
        ("images/a.jpg", "content/news/a.md", "/news/images/a.jpg"),
        ("./a.jpg", "content/news/sub/a.md", "/news/sub/a.jpg"),
        ("../shared/a.jpg", "content/news/a.md", "/shared/a.jpg"),
        ("../../../../a.jpg", "content/news/a.md", "/a.jpg"),  # never above the site
        ("a.jpg", "content/a.md", "/a.jpg"),
        ("a.jpg?v=2", "content/news/a.md", "/news/a.jpg?v=2"),
        ("/images/a.jpg", "content/news/a.md", "/images/a.jpg"),
        ("//cdn.example/a.jpg", "content/news/a.md", "//cdn.example/a.jpg"),
        ("https://cdn.example/a.jpg", "content/news/a.md", "https://cdn.example/a.jpg"),
        ("javascript:alert(1)", "content/news/a.md", "javascript:alert(1)"),  # refused later
        ("", "content/news/a.md", ""),
    ],
)
def test_resolve_image(image: str, source: str, resolved: str) -> None:
    assert resolve_image(image, source) == resolved


def test_a_resolved_path_is_nfc() -> None:
    source = unicodedata.normalize("NFD", "content/đời-sống/a.md")
    assert resolve_image("ảnh.jpg", source) == unicodedata.normalize("NFC", "/đời-sống/ảnh.jpg")
