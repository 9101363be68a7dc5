"""The preview never serves hidden files, hidden folders or editors' backups."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest

from parindex_site.preview.server import locate


@pytest.fixture
def output(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name in [
        ".env",
        ".htpasswd",
        ".git/config",
        "news/a/index.html",
        "news/a.html.bak",
        "news/a.html~",
        "news/#a.html#",
        ".well-known/security.txt",
        "a/.hidden/x.css",
    ]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    return root


@pytest.mark.parametrize(
    "path",
    [
        "/.env",
        "/.htpasswd",
        "/.git/config",
        "/.git/",
        "/%2Egit/config",
        "/news/a.html.bak",
        "/news/a.html~",
        "/news/%23a.html%23",
        "/a/.hidden/x.css",
    ],
)
def test_hidden_files_and_backups_are_not_found(output: Path, path: str) -> None:
    assert locate(output, path).status == HTTPStatus.NOT_FOUND


def test_pages_and_well_known_files_are_served(output: Path) -> None:
    assert locate(output, "/news/a/").status == HTTPStatus.OK
    assert locate(output, "/.well-known/security.txt").status == HTTPStatus.OK
