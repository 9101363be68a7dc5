"""Which changed files make ``parsite serve`` rebuild."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from watchfiles import Change

from parindex_site.preview.watch import SourceFilter


@pytest.fixture
def ready() -> threading.Event:
    return threading.Event()


@pytest.fixture
def is_source(tmp_path: Path, ready: threading.Event) -> SourceFilter:
    return SourceFilter(tmp_path / "site", tmp_path / "probe", ready)


@pytest.mark.parametrize(
    "relative",
    [
        "parsite.yaml",
        "content/news/story.md",
        "content/news",
        "templates/article.html",
        "static/css/style.css",
    ],
)
def test_sources_are_watched(tmp_path: Path, is_source: SourceFilter, relative: str) -> None:
    assert is_source(Change.modified, str(tmp_path / "site" / relative))


@pytest.mark.parametrize(
    "relative",
    [
        "public/index.html",
        ".parsite-cache/pages.json",
        ".git/index",
        "content",
        "content/news/.story.md.swp",
        "content/news/story.md~",
        "static/__pycache__/x.pyc",
        "notes.txt",
        "parsite.yaml.bak",
        "sub/parsite.yaml",
    ],
)
def test_output_caches_and_editor_files_are_not(
    tmp_path: Path, is_source: SourceFilter, relative: str
) -> None:
    assert not is_source(Change.modified, str(tmp_path / "site" / relative))


def test_probe_change_proves_the_watch_and_is_not_a_source(
    tmp_path: Path, is_source: SourceFilter, ready: threading.Event
) -> None:
    assert not is_source(Change.modified, str(tmp_path / "site-elsewhere" / "x.md"))
    assert not ready.is_set()
    assert not is_source(Change.added, str(tmp_path / "probe" / "probe"))
    assert ready.is_set()
