"""Where a request path leads in the preview server: a file inside the output, or nowhere."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest

from parindex_site.preview.server import Target, content_type, locate


@pytest.fixture
def output(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "news" / "story").mkdir(parents=True)
    (root / "news" / "story" / "index.html").write_text("story")
    (root / "news" / "đường phố").mkdir()
    (root / "news" / "đường phố" / "index.html").write_text("street")
    (root / "css").mkdir()
    (root / "css" / "style.css").write_text("body{}")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    return root


def test_folder_url_serves_its_index(output: Path) -> None:
    assert locate(output, "/news/story/") == Target(HTTPStatus.OK, output / "news/story/index.html")
    assert locate(output, "/css/style.css?v=2#x").file == output / "css/style.css"


def test_percent_encoded_vietnamese_folder_is_found(output: Path) -> None:
    found = locate(output, "/news/%C4%91%C6%B0%E1%BB%9Dng%20ph%E1%BB%91/")
    assert found.file == output / "news" / "đường phố" / "index.html"


def test_folder_without_slash_redirects_to_a_path_on_this_host(output: Path) -> None:
    moved = locate(output, "/news/story?page=2")
    assert moved.status == HTTPStatus.MOVED_PERMANENTLY
    assert moved.location == "/news/story/?page=2"
    # '//news/story' must not become '//news/story/', which browsers read as host 'news'
    assert locate(output, "//news/story").location == "/news/story/"


@pytest.mark.parametrize("path", ["/nothing", "/empty/", "/news/story/index.html/x"])
def test_missing_files_and_folders_without_index_are_not_found(output: Path, path: str) -> None:
    assert locate(output, path).status == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/news/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/news/./story/",
        "/css/style.css%00.html",
        "/%ff%fe",
        "secret.txt",
        "http://example.org/secret.txt",
    ],
)
def test_traversal_and_malformed_paths_are_bad_requests(output: Path, path: str) -> None:
    assert locate(output, path) == Target(HTTPStatus.BAD_REQUEST)


def test_absolute_path_is_looked_for_inside_the_output(output: Path) -> None:
    assert locate(output, "//etc/passwd").status == HTTPStatus.NOT_FOUND
    assert locate(output, f"/{output.parent / 'secret.txt'}").status == HTTPStatus.NOT_FOUND


def test_symlinks_leading_outside_are_not_found(output: Path) -> None:
    (output / "leak.txt").symlink_to(output.parent / "secret.txt")
    (output / "up").symlink_to(output.parent)
    (output / "etc").symlink_to("/etc")
    for path in ("/leak.txt", "/up/secret.txt", "/up/", "/up", "/etc/passwd", "/etc"):
        assert locate(output, path).status == HTTPStatus.NOT_FOUND, path


def test_names_too_long_and_symlink_loops_are_not_found(output: Path) -> None:
    (output / "loop").symlink_to("loop")
    for path in ("/" + "a" * 5000, "/a" * 3000, "/loop", "/loop/x", "/loop/"):
        assert locate(output, path).status == HTTPStatus.NOT_FOUND


def test_symlink_inside_the_output_is_followed(output: Path) -> None:
    (output / "latest").symlink_to(output / "news" / "story")
    assert locate(output, "/latest/").file == output / "news/story/index.html"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("atom.xml", "application/xml; charset=utf-8"),
        ("data.json", "application/json; charset=utf-8"),
        ("logo.SVG", "image/svg+xml; charset=utf-8"),
        ("photo.webp", "image/webp"),
        ("photo.avif", "image/avif"),
        ("font.woff2", "font/woff2"),
        ("archive.bin", "application/octet-stream"),
    ],
)
def test_content_type_by_suffix(name: str, expected: str) -> None:
    assert content_type(Path(name)) == expected
