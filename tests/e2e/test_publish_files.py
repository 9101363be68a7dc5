"""What is published: content, never sources, hidden files or editors' backups."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

SOURCES = {
    "content/news/photo.jpg": b"jpeg",
    "content/news/report.pdf": b"%PDF",
    "content/news/clip.webm": b"webm",
    "content/news/post.rst": "Title\n=====\n",
    "content/news/notes.txt": "my notes",
    "content/news/.DS_Store": b"\0",
    "content/news/.gitkeep": "",
    "content/news/a.md.bak": "old",
    "content/news/a.md~": "old",
    "content/news/#a.md#": "autosave",
    "content/news/.a.md.swp": b"\0",
    "content/_layouts/post.html": "{{ content }}",
    "content/.git/config": "[core]",
    "static/.htpasswd": "admin:$apr1$x",
    "static/.env": "SECRET=1",
    "static/css/site.css.orig": "old",
    "static/robots-extra.txt": "ok",
    "static/.well-known/security.txt": "Contact: mailto:a@example.org",
}


def test_only_publishable_kinds_are_copied_and_never_hidden_files_or_backups(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str], run_parsite: Any
) -> None:
    public = build_tree(tmp_path, {"content/news/a.md": article(), **SOURCES})
    files = {p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file()}
    kept = {"news/photo.jpg", "news/report.pdf", "news/clip.webm", "robots-extra.txt"}
    kept.add(".well-known/security.txt")  # web standards need it
    assert kept <= files
    never = {name.split("/", 1)[1] for name in SOURCES} - kept
    assert sorted(never & files) == []
    assert not [name for name in files if name.startswith(".git")]


def test_the_summary_counts_what_was_not_published_and_verbose_lists_it(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str], run_parsite: Any
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(), **SOURCES})
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, err
    assert "(1 story, " in out and ", 13 not published (build -v lists them))" in out
    code, out, err = run_parsite("build", "-v", cwd=tmp_path)
    assert code == 0, err
    listed = [line for line in out.splitlines() if line.startswith("not published: ")]
    assert "not published: content/news/post.rst (a source of another format: never published)" in (
        listed
    )
    assert "not published: content/.git/ (a hidden folder)" in listed
    assert "not published: static/.htpasswd (a hidden file: never published)" in listed
    assert (
        "not published: content/news/notes.txt ('.txt' is not a kind that is published "
        "(add it to publish_suffixes))" in listed
    )
    assert len(listed) == 13


def test_every_markdown_suffix_is_a_story(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files = {
        f"content/news/{name}": article(title=f"Story {n}")
        for n, name in enumerate(["a.md", "b.markdown", "c.mdown", "d.mkd"])
    }
    public = build_tree(tmp_path, files)
    assert sorted(p.parent.name for p in (public / "news").glob("*/index.html")) == [
        "story-0",
        "story-1",
        "story-2",
        "story-3",
    ]
    assert not [p for p in public.rglob("*") if p.suffix in {".markdown", ".mdown", ".mkd"}]


def test_publish_suffixes_adds_a_kind(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": "publish_suffixes: [.gpx]\n",
            "content/news/a.md": article(),
            "content/news/route.gpx": "<gpx/>",
            "content/news/route.kml": "<kml/>",
        },
    )
    assert (public / "news/route.gpx").is_file()
    assert not (public / "news/route.kml").exists()


def test_publish_suffixes_cannot_publish_sources(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str], run_parsite: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": "title: T\npublish_suffixes: [.md, gpx]\n",
            "content/news/a.md": article(),
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "parsite.yaml:2: publish_suffixes: '.md' cannot be added: it is a story" in err
    assert "parsite.yaml:2: publish_suffixes: 'gpx' is not a file suffix (write it with" in err
    assert not (tmp_path / "public").exists()


def test_a_story_linked_from_outside_content_is_not_read(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str], run_parsite: Any
) -> None:
    write_tree(
        tmp_path,
        {"content/news/a.md": article(), "private/secret.md": article(title="Secret plans")},
    )
    (tmp_path / "content/news/secret.md").symlink_to(tmp_path / "private/secret.md")
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, err
    assert "warning: content/news/secret.md: links outside content/" in err
    assert "(1 story, " in out
    assert not (tmp_path / "public/news/secret-plans").exists()
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 1 and "secret.md: links outside content/" in err


def test_symlink_loops_in_content_are_warnings_not_tracebacks(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str], run_parsite: Any
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article()})
    (tmp_path / "content/news/loop.md").symlink_to(tmp_path / "content/news/loop.md")
    (tmp_path / "content/news/loop.jpg").symlink_to(tmp_path / "content/news/loop.jpg")
    (tmp_path / "content/news/again").symlink_to(tmp_path / "content")
    code, out, err = run_parsite("build", cwd=tmp_path)  # run_parsite fails on a traceback
    assert code == 0, err
    assert "warning: content/news/loop.md: cannot be read (Too many levels of symbolic" in err
    assert "warning: content/news/loop.jpg: a link that leads to no file, skipped" in err
    assert "(1 story, " in out


def test_a_picture_with_an_nfd_name_is_published_under_its_nfc_name(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    name = "ảnh-đời-sống.jpg"
    public = build_tree(
        tmp_path,
        {
            "content/news/a.md": article(image=f"/news/{name}", image_alt="Ảnh"),
            f"content/news/{unicodedata.normalize('NFD', name)}": b"jpeg",
        },
        "--strict",  # the NFC reference finds it: no warning
    )
    assert [p.name for p in (public / "news").glob("*.jpg")] == [name]
