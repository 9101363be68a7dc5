"""Output safety: all or nothing, nothing outside the output folder, same input same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

Snapshot = Callable[[Path], dict[str, bytes]]
# The incremental build's cache is the one thing a build keeps outside its output folder
# (next to parsite.yaml; `parsite build --no-cache` and `parsite clean` leave none).
CACHE_DIR = ".parsite-cache"


def portal(article: Callable[..., str]) -> dict[str, str | bytes]:
    """A small but varied site: sections, tags, an alias, an image, a site template."""
    return {
        "parsite.yaml": "title: Output test\npage_size: 2\n",
        "content/news/par.md": article(
            title="Hưng Yên tăng 10 bậc",
            date="2022-05-25 10:14",
            tags=["PAR Index", "Đoàn công tác"],
            aliases=["/old/par/"],
            image="/images/a.jpg",
            image_caption="At the conference",
        ),
        "content/news/second.md": article(title="Second", date="25/05/2022 10:14", tags="SIPAS"),
        "content/news/third.md": article(title="Third", date="2022-04-01"),
        "content/society/fourth.md": article(title="Fourth", date="2021-12-31 23:00"),
        "content/society/fifth.md": article(title="Fifth", date="2022-05-25 10:14", tags=["SIPAS"]),
        "static/images/a.jpg": b"jpeg",
        "templates/404.html": '{% extends "base.html" %}{% block main %}Lost{% endblock %}\n',
    }


def test_two_builds_of_the_same_sources_are_byte_identical(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, snapshot: Snapshot
) -> None:
    files = portal(article)
    first = snapshot(build_tree(tmp_path / "a", files))
    # The same files created in the opposite order: directory listings come out differently.
    second = snapshot(build_tree(tmp_path / "b", dict(reversed(list(files.items())))))
    assert len(first) > 20
    assert first.keys() == second.keys()
    for path, data in first.items():
        assert second[path] == data, path


BAD_CHANGES = {
    "content error": {"content/news/bad.md": "---\ntitle: Bad\ndate: 31/02/2022\n---\n"},
    "template error": {"templates/article.html": "{{ article.nope }}\n"},
    "URL clash": {"content/news/clash.md": "---\ntitle: Third\ndate: 2022-01-01\n---\n"},
    "config error": {"parsite.yaml": "titel: x\n"},
}


@pytest.mark.parametrize("change", sorted(BAD_CHANGES))
def test_a_failed_build_leaves_the_previous_output_untouched(
    change: str,
    tmp_path: Path,
    build_tree: Callable[..., Path],
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Any,
    snapshot: Snapshot,
) -> None:
    public = build_tree(tmp_path, portal(article))
    before = snapshot(public)
    write_tree(tmp_path, BAD_CHANGES[change])
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1, err
    assert snapshot(public) == before
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.name not in (CACHE_DIR, ".public.parsite")
    ) == [
        "content",
        "parsite.yaml",
        "public",
        "static",
        "templates",
    ]


def test_files_of_a_deleted_story_disappear_on_rebuild(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any
) -> None:
    public = build_tree(tmp_path, portal(article))
    assert (public / "news/third/index.html").is_file()
    assert (public / "archive/2022/04/index.html").is_file()
    (tmp_path / "content/news/third.md").unlink()
    build_tree(tmp_path, {})
    assert not (public / "news/third").exists()
    assert not (public / "archive/2022/04").exists()
    assert b"/news/third/" not in (public / "sitemap.xml").read_bytes()


def test_nothing_is_written_outside_the_output_folder(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    site = write_tree(tmp_path / "site", portal(article))

    def listing() -> set[str]:
        paths = (p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
        return {p for p in paths if not p.startswith(f"site/{CACHE_DIR}")}

    before = listing()
    code, _, err = run_parsite("build", "--output", tmp_path / "out", cwd=site)
    assert code == 0, err
    added = listing() - before
    assert added
    assert all(p == "out" or p.startswith("out/") for p in added), sorted(added)
    code, _, err = run_parsite("build", "--output", tmp_path / "out", cwd=site)  # replace
    assert code == 0, err
    assert listing() - before == added


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("content", "overlaps content/"),
        (".", "contains the site itself"),
        ("..", "contains the site itself"),
    ],
)
def test_refuses_an_output_folder_that_would_destroy_sources(
    output: str,
    message: str,
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Any,
    article: Any,
    snapshot: Snapshot,
) -> None:
    site = write_tree(tmp_path / "site", portal(article))
    before = snapshot(tmp_path)
    code, _, err = run_parsite("build", "--output", output, cwd=site)
    assert code == 1
    assert message in err
    assert snapshot(tmp_path) == before


def test_refuses_to_replace_a_folder_that_is_not_a_built_site(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, {**portal(article), "docs/notes.txt": "keep me"})
    code, _, err = run_parsite("build", "--output", "docs", cwd=tmp_path)
    assert code == 1
    assert "has files but no index.html" in err
    assert (tmp_path / "docs/notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_build_without_a_cache_writes_nothing_in_the_temporary_folder(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any
) -> None:
    """Picture variants and search bundles of a --no-cache build are made beside the
    output and go with the build, so that a build killed half-way leaves no litter in
    the temporary folder: nothing appears there while the build runs."""
    photo = BytesIO()
    Image.new("RGB", (1600, 1000), (120, 30, 30)).save(photo, "JPEG")
    files = {**portal(article), "static/images/a.jpg": photo.getvalue()}
    files["parsite.yaml"] = "title: Output test\npage_size: 2\nsearch: true\n"
    site = write_tree(tmp_path / "site", files)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "out"
    command = [sys.executable, "-m", "parindex_site", "build", "--no-cache", "--output", out]
    seen: set[str] = set()
    with subprocess.Popen(
        command,
        cwd=site,
        env={**os.environ, "TMPDIR": str(temporary)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    ) as build:
        while build.poll() is None:
            seen.update(p.name for p in temporary.iterdir())
            time.sleep(0.002)
        err = build.stderr.read().decode() if build.stderr else ""
    assert build.returncode == 0, err
    assert any(out.glob("images/**/*.webp")), "variants were made"
    assert any(out.glob("pagefind/**/*.pf_fragment")), "the index was made"
    assert seen == set()
    assert list(temporary.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site", "tmp"]
    assert not (site / CACHE_DIR).exists()
