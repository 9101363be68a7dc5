"""``parsite serve`` reaches neither hidden files nor backups of the site, nor their folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from serve_harness import Served


def test_serve_never_serves_hidden_files_or_backups(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any
) -> None:
    site = write_tree(
        tmp_path / "site",
        {
            "content/news/a.md": article(title="Hello"),
            "content/news/photo.jpg": b"jpeg",
            "content/news/photo.jpg.bak": b"old",
            "static/.htpasswd": "admin:x",
            "static/.env": "SECRET=1",
            "static/.git/config": "[core]",
            "static/.well-known/security.txt": "Contact: mailto:a@example.org",
        },
    )
    with Served(site) as served:
        assert served.get("/news/hello/").status == 200
        assert served.get("/news/photo.jpg").status == 200
        assert served.get("/.well-known/security.txt").status == 200
        for path in ["/.htpasswd", "/.env", "/.git/config", "/news/photo.jpg.bak", "/%2Eenv"]:
            answer = served.get(path)
            assert answer.status == 404, path
            assert b"SECRET" not in answer.body and b"admin" not in answer.body
