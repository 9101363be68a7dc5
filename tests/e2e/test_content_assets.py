"""Pictures and documents kept beside the stories in content/ are published with them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def test_files_beside_stories_are_published_at_the_same_path(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    public = build_tree(
        tmp_path,
        {
            "content/news/a.md": article(image="/images/photo.jpg", image_alt="A photo"),
            "content/images/photo.jpg": b"\xff\xd8\xff\xe0jpeg",
            "content/news/report.pdf": b"%PDF-1.4",
        },
    )
    assert (public / "images" / "photo.jpg").read_bytes() == b"\xff\xd8\xff\xe0jpeg"
    assert (public / "news" / "report.pdf").read_bytes() == b"%PDF-1.4"


def test_the_markdown_sources_themselves_are_not_published(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    public = build_tree(tmp_path, {"content/news/a.md": article()})
    assert not list(public.rglob("*.md"))


def test_a_file_in_static_wins_over_one_beside_the_stories(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    public = build_tree(
        tmp_path,
        {
            "content/news/a.md": article(),
            "content/images/logo.png": b"from content",
            "static/images/logo.png": b"from static",
        },
    )
    assert (public / "images" / "logo.png").read_bytes() == b"from static"


def test_a_site_without_pictures_gets_none_of_the_demo_portals(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    public = build_tree(tmp_path, {"content/news/a.md": article()})
    assert not (public / "images").exists()
