"""A story's picture as a site path: relative ones resolve against the story's folder."""

from __future__ import annotations

import unicodedata

import pytest

from parindex_site.model.images import (
    BodyPicture,
    body_pictures,
    resolve_body_pictures,
    resolve_image,
)


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


@pytest.mark.parametrize(
    ("body", "resolved"),
    [
        ('<p><img alt="x" src="a.jpg" /></p>', '<p><img alt="x" src="/news/a.jpg" /></p>'),
        ("<img src='../b.png'>", "<img src='/b.png'>"),
        ("<img alt=x src=c.gif>", '<img alt=x src="/news/c.gif">'),  # quoted now
        ('<img src="a&amp;b.jpg">', '<img src="/news/a&amp;b.jpg">'),
        ('<img data-src="a.jpg" src=" a.jpg ">', '<img data-src="a.jpg" src="/news/a.jpg">'),
    ],
)
def test_relative_body_pictures_become_site_paths(body: str, resolved: str) -> None:
    assert resolve_body_pictures(body, "content/news/a.md") == resolved


@pytest.mark.parametrize(
    "body",
    [
        '<img src="/a.jpg"><img src="https://x.example/a.jpg"><img src="//x.example/a.jpg">',
        "<p><code>&lt;img src=&quot;a.jpg&quot;&gt;</code></p>",  # shown, not a picture
        '<a href="a.pdf">a.pdf</a>',
        "no pictures",
    ],
)
def test_a_body_without_relative_pictures_is_the_same_string(body: str) -> None:
    assert resolve_body_pictures(body, "content/news/a.md") is body


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ('<p><img alt="A bridge" src="/a.jpg" /></p>', [("/a.jpg", True)]),
        ('<img alt="" src="/a.jpg"><img alt=" " src=b.png>', [("/a.jpg", False), ("b.png", False)]),
        ('<img src="/a&amp;b.jpg"><img src=" /c.gif ">', [("/a&b.jpg", False), ("/c.gif", False)]),
        ('<img src="https://x.example/a.jpg"><img src="//x.example/b.jpg">', []),
        ('<img src="data:image/png;base64,AAAA"><img class="x">', []),
        ("<p><code>&lt;img src=&quot;a.jpg&quot;&gt;</code></p>", []),
        ("no pictures", []),
    ],
)
def test_the_local_pictures_of_a_body(body: str, found: list[tuple[str, bool]]) -> None:
    assert body_pictures(body) == tuple(BodyPicture(src, alt) for src, alt in found)
