"""An edit in one edition rewrites that edition's pages, and of the other edition only
the pages that link the edited story as a translation: a warm build of a two-edition
portal costs what changed in one language, not both."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CONFIG = """\
title: Portal
base_url: https://p.example/
languages:
  vi:
    title: Cổng thông tin
  en:
    title: Portal
"""
AT = ("--at", "2022-05-26")


def portal(article: Callable[..., str]) -> dict[str, str]:
    files = {"parsite.yaml": CONFIG}
    for n in (1, 2, 3):
        date = f"2022-05-2{n} 10:00"
        files[f"content/dau-tu/tin-{n}.md"] = article(
            title=f"Tin {n}", date=date, translation_key=f"k{n}", body=f"Nội dung {n}."
        )
        files[f"content/en/investment/story-{n}.md"] = article(
            title=f"Story {n}", date=date, translation_key=f"k{n}", body=f"Body {n}."
        )
    files["content/dau-tu/rieng.md"] = article(title="Riêng", date="2022-05-20 09:00")
    files["content/en/investment/lone.md"] = article(title="Lone", date="2022-05-20 09:00")
    return files


def files_of(public: Path) -> dict[str, tuple[int, bytes]]:
    """Each output file's inode and bytes: a file the build wrote again has a new inode."""
    found = {}
    for folder, _, names in os.walk(public):
        for name in names:
            path = Path(folder, name)
            found[path.relative_to(public).as_posix()] = (path.stat().st_ino, path.read_bytes())
    return found


def rewritten(
    before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]
) -> set[str]:
    """Files added, removed or written again between two builds."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


@pytest.fixture
def site(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
) -> Path:
    write_tree(tmp_path, portal(article))
    code, out, err = run_parsite("build", *AT, cwd=tmp_path)
    assert code == 0, out + err
    return tmp_path


def rebuild(site: Path, run_parsite: Callable[..., Any], edit: Callable[[Path], None]) -> set[str]:
    before = files_of(site / "public")
    edit(site / "content")
    code, out, err = run_parsite("build", *AT, cwd=site)
    assert code == 0, out + err
    return rewritten(before, files_of(site / "public"))


def append(relative: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        with open(content / relative, "a", encoding="utf-8") as source:
            source.write("\nOne more sentence.\n")

    return edit


def test_a_body_edit_in_the_english_edition_rewrites_english_pages_only(
    site: Path, run_parsite: Callable[..., Any]
) -> None:
    changed = rebuild(site, run_parsite, append("en/investment/lone.md"))
    assert "en/investment/lone/index.html" in changed
    assert {path for path in changed if not path.startswith("en/")} == set()


def test_a_body_edit_in_the_vietnamese_edition_rewrites_vietnamese_pages_only(
    site: Path, run_parsite: Callable[..., Any]
) -> None:
    changed = rebuild(site, run_parsite, append("dau-tu/tin-2.md"))
    assert "dau-tu/tin-2/index.html" in changed
    assert {path for path in changed if path.startswith("en/")} == set()


def test_a_renamed_translation_rewrites_only_the_pages_that_link_it_in_the_other_edition(
    site: Path, run_parsite: Callable[..., Any]
) -> None:
    def retitle(content: Path) -> None:
        path = content / "en/investment/story-2.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace('"Story 2"', '"Story two"'), encoding="utf-8"
        )

    changed = rebuild(site, run_parsite, retitle)
    # The title makes the slug: the story moves, and its Vietnamese translation's language
    # switch and hreflang links, and the sitemap's alternates, follow it.
    assert {"en/investment/story-2/index.html", "en/investment/story-two/index.html"} <= changed
    assert {path for path in changed if not path.startswith("en/")} == {
        "dau-tu/tin-2/index.html",
        "sitemap.xml",
    }
    page = (site / "public/dau-tu/tin-2/index.html").read_text(encoding="utf-8")
    assert "/en/investment/story-two/" in page
