"""Feeds carry the whole story (or, with ``feed_content: summary``, its summary), its
picture as an enclosure and a Media RSS element, its section and tags (#14)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest
from PIL import Image

BASE = "https://portal.example/"


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1000), (120, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def tree(article: Callable[..., str], config: str = "") -> dict[str, str | bytes]:
    return {
        "parsite.yaml": f"base_url: {BASE}\n{config}",
        "content/images/photo.jpg": photo(),
        "content/news/a.md": article(
            title="A",
            tags=["PAR Index", "News"],
            image="/images/photo.jpg",
            image_alt="The hall",
            body="First *paragraph* with [a link](/news/b/).\n\n![Map](/images/photo.jpg)",
        ),
        "content/news/b.md": article(title="B", date="2022-05-24", summary="Only B."),
    }


def parsed(public: Path, name: str = "atom.xml") -> Any:
    data = (public / name).read_bytes()
    ET.fromstring(data)  # well-formed XML
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_entries_carry_the_whole_story_its_picture_section_and_tags(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    public = build_tree(tmp_path, tree(article))
    for name in ("atom.xml", "news/atom.xml"):
        feed = parsed(public, name)
        a, b = feed.entries
        assert a.title == "A" and b.title == "B"
        (content,) = a.content
        assert content.type == "text/html"
        assert "First <em>paragraph</em>" in content.value
        assert content.base == BASE + "news/a/"  # relative links resolve against the story
        assert a.summary.startswith("First paragraph")  # the teaser is kept as well
        # A body picture names its largest variant, always published (the original
        # is not with large_originals: omit), with its size; feed readers take no srcset.
        img = content.value[content.value.index("<img") :]
        assert f'src="{BASE}images/photo-1600w.jpg"' in img
        assert 'width="1600"' in img and 'height="1000"' in img
        assert "images/photo.jpg" not in content.value and "srcset" not in content.value
        picture = BASE + "images/photo-1200w.jpg"  # the og:image variant
        assert [(e.href, e.type) for e in a.enclosures] == [(picture, "image/jpeg")]
        assert [(m["url"], m["medium"]) for m in a.media_content] == [(picture, "image")]
        # The section once (a tag of the same name is the section), then the tags.
        assert [(t.term, t.label) for t in a.tags] == [("news", "News"), ("par-index", "PAR Index")]
        assert "enclosures" not in b or not b.enclosures
        assert b.content[0].value.startswith("<p>First paragraph of the story.")


def test_feed_content_summary_leaves_the_body_out(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    public = build_tree(tmp_path, tree(article, "feed_content: summary\n"))
    a, b = parsed(public).entries
    assert "content" not in a and "content" not in b
    assert b.summary == "Only B."
    assert a.enclosures[0].href == BASE + "images/photo-1200w.jpg"


def test_the_demo_feeds_stay_valid_with_full_text(built_demo: Path) -> None:
    feeds = sorted(built_demo.rglob("atom.xml"))
    assert len(feeds) >= 10
    for path in feeds:
        feed = parsed(path.parent)
        assert feed.entries, path
        assert all(entry.content[0].value for entry in feed.entries), path


@pytest.mark.parametrize("value", ["all", "[full]"])
def test_an_unknown_feed_content_is_an_error_at_its_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
    value: str,
) -> None:
    write_tree(
        tmp_path,
        {"parsite.yaml": f"title: T\nfeed_content: {value}\n", "content/a.md": article()},
    )
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 1, out + err
    assert "parsite.yaml:2: 'feed_content' must" in err
