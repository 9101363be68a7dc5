"""Builds that cannot write: a full disk, names too long, a file where a folder must go.

Each fails with exit 1 and one message an editor can act on (the source file, or the
output path that could not be written: never a staging file's number, never a Python
traceback, never "worker processes ... ended without a result"), and leaves the
previous output byte for byte, with nothing new beside it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from engine_harness import (
    differences,
    edit,
    error_lines,
    internal_names,
    leftovers,
    mount_tmpfs,
    named_paths,
    news_tree,
    output_in,
    replace_tree,
    resize_tmpfs,
    site_paths,
    story_path,
    unmount,
    used_bytes,
    work_folder,
)

WORKER_STORIES = 420  # above the size where a default build forks workers
ROOMY = 256 * 1024 * 1024
LONG = "x" * 300  # a path component may hold 255 bytes


def build(run_parsite: Any, site: Path, public: Path, *flags: str) -> Any:
    """``parsite build --output PUBLIC FLAGS`` in ``site``: (code, out, err)."""
    return run_parsite("build", "--output", public, *flags, cwd=site)


def built(run_parsite: Any, site: Path, public: Path, *flags: str) -> None:
    code, out, err = build(run_parsite, site, public, *flags)
    assert code == 0, f"exit {code}\n{out}\n{err}"


# --------------------------------------------------------------------------- full disk


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")
@pytest.mark.parametrize(
    ("jobs", "change"),
    [("1", "newest title"), ("2", "config title")],
)
def test_a_full_disk_fails_naming_the_output_path_and_keeps_the_old_site(
    jobs: str,
    change: str,
    tmp_path: Path,
    write_tree: Any,
    run_parsite: Any,
    article: Any,
    snapshot: Any,
) -> None:
    """The newest story's title is in every page's sidebar, the config's title in every
    page: either way every page is written again, which needs room for two sites."""
    site, disk = tmp_path / "site", tmp_path / "disk"
    public = disk / "public"
    files = news_tree(article, WORKER_STORIES)
    write_tree(site, files)
    mount_tmpfs(disk, ROOMY)
    try:
        built(run_parsite, site, public, "--jobs", jobs)
        before = snapshot(public)
        if change == "newest title":
            edit(files, story_path(files, 0), "Story 0000", "Story 0000 corrected")
        else:
            edit(files, "parsite.yaml", "Test Portal", "Test Portal Renamed")
        replace_tree(site, files)
        # Room for a quarter of a second site only. The engine's work folder goes first
        # (an editor may delete it between builds): room it held is not room to count on.
        shutil.rmtree(work_folder(public), ignore_errors=True)
        site_bytes = sum(len(data) for data in before.values())
        resize_tmpfs(disk, used_bytes(disk) + site_bytes // 4)

        code, out, err = build(run_parsite, site, public, "--jobs", jobs)
        assert code == 1, f"a build on a full disk: exit {code}\n{out}\n{err}"
        lines = [line for line in error_lines(err) if "No space left on device" in line]
        assert len(lines) == 1, err
        assert "worker process" not in err, err
        expected_cold = output_in(tmp_path / "cold")
        code, out, cold_err = run_parsite(
            "build", "--no-cache", "--jobs", "1", "--output", expected_cold, cwd=site
        )
        assert code == 0, cold_err
        expected = snapshot(expected_cold)
        paths = site_paths(expected)
        assert named_paths(lines[0], paths), f"names no output path: {lines[0]}"
        assert internal_names(lines[0], paths) == [], lines[0]
        assert snapshot(public) == before, "the failed build changed the output"
        assert leftovers(public) == []

        resize_tmpfs(disk, ROOMY)
        built(run_parsite, site, public, "--jobs", jobs)
        wrong = differences(snapshot(public), expected)
        assert not wrong, "with room again, the build left:\n" + "\n".join(wrong)
        assert leftovers(public) == []
    finally:
        unmount(disk)


# --------------------------------------------------------------------------- long names


LONG_NAMES = {
    "tag": {"tags": [LONG]},  # /tags/xxx.../
    "slug": {"slug": LONG},  # /news/xxx.../
    "alias": {"aliases": [f"/old/{LONG}/"]},
}


@pytest.mark.parametrize("where", sorted(LONG_NAMES))
def test_a_name_too_long_for_the_file_system_fails_check_and_build_naming_the_source(
    where: str, tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    site, public = tmp_path / "site", output_in(tmp_path / "out")
    write_tree(site, {"content/news/a.md": article(title="A")})
    built(run_parsite, site, public)
    before = snapshot(public)
    write_tree(site, {"content/news/long.md": article(title="Long", **LONG_NAMES[where])})
    for command in ("check", "build"):
        args = ("--output", public) if command == "build" else ()
        code, out, err = run_parsite(command, *args, cwd=site)
        assert code == 1, f"parsite {command}: exit {code}\n{out}\n{err}"
        assert "content/news/long.md" in err, f"parsite {command}: {err}"
    assert snapshot(public) == before
    assert leftovers(public) == []


# --------------------------------------------------------------------------- file or folder


CLASHES = {
    # a story's page is news/a/index.html; the alias needs a folder of that name
    "alias inside a page": (
        {"content/sport/b.md": {"aliases": ["/news/a/index.html/x/"]}},
        ("content/news/a.md", "content/sport/b.md"),
    ),
    # the alias is a file named news; the news section needs a folder news/
    "alias over a section": (
        {"content/sport/b.md": {"aliases": ["/news"]}},
        ("content/sport/b.md", "content/news/a.md"),
    ),
    # a static file where the alias needs a folder
    "alias inside a static file": (
        {"content/sport/b.md": {"aliases": ["/files/doc.txt/x/"]}},
        ("content/sport/b.md", "static/files/doc.txt"),
    ),
}


@pytest.mark.parametrize("clash", sorted(CLASHES))
def test_a_file_where_a_folder_must_go_fails_naming_both_sources(
    clash: str, tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    site, public = tmp_path / "site", output_in(tmp_path / "out")
    write_tree(
        site,
        {
            "content/news/a.md": article(title="A"),
            "content/sport/b.md": article(title="B", date="2022-05-01"),
            "static/files/doc.txt": "A document.\n",
        },
    )
    built(run_parsite, site, public)
    before = snapshot(public)
    changes, sources = CLASHES[clash]
    for path, fields in changes.items():
        write_tree(site, {path: article(title="B", date="2022-05-01", **fields)})
    code, out, err = build(run_parsite, site, public)
    assert code == 1, f"exit {code}\n{out}\n{err}"
    for source in sources:
        assert source in err, err
    assert snapshot(public) == before
    assert leftovers(public) == []


# --------------------------------------------------------------------------- in a worker


def long_slug_story(files: dict[str, str | bytes]) -> str:
    path = story_path(files, 217)
    edit(files, path, "title:", f"slug: {LONG}\ntitle:")
    return path


def undefined_name(files: dict[str, str | bytes]) -> str:
    """A name the template is not given (which an engine may find before rendering)."""
    files["templates/article.html"] = (
        '{% extends "base.html" %}{% block main %}{{ article.title }}\n'
        '{% if article.title == "Story 0217" %}{{ no_such_name }}{% endif %}\n'
        "{% endblock %}\n"
    )
    return "article.html"


def failing_filter(files: dict[str, str | bytes]) -> str:
    """A failure only the rendering of story 217 meets: rounding a text."""
    files["templates/article.html"] = (
        '{% extends "base.html" %}{% block main %}{{ article.title }}\n'
        '{% if article.title == "Story 0217" %}{{ article.title|round }}{% endif %}\n'
        "{% endblock %}\n"
    )
    return "article.html"


def failing_everywhere(files: dict[str, str | bytes]) -> str:
    """A failure every story page meets: the error named must not depend on which
    worker reported first (the first page in order, as one process finds it)."""
    files["templates/article.html"] = (
        '{% extends "base.html" %}{% block main %}{{ article.title|round }}{% endblock %}\n'
    )
    return "article.html"


MISTAKES = [long_slug_story, undefined_name, failing_filter, failing_everywhere]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_an_error_met_in_a_worker_reads_as_with_one_process(
    mistake: Any, tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    files = news_tree(article, WORKER_STORIES)
    named = mistake(files)
    site = write_tree(tmp_path / "site", files)
    messages = {}
    for jobs in ("1", "2"):
        public = output_in(tmp_path / f"out-{jobs}")
        code, out, err = build(run_parsite, site, public, "--no-cache", "--jobs", jobs)
        assert code == 1, f"--jobs {jobs}: exit {code}\n{out}\n{err}"
        assert "worker process" not in err and "without a result" not in err, err
        # One 'path: message' line for the one mistake (a summary line may follow).
        assert len([line for line in error_lines(err) if named in line]) == 1, err
        assert not public.exists(), f"--jobs {jobs}: a failed first build left {public}"
        assert leftovers(public) == [], f"--jobs {jobs}"
        messages[jobs] = err
    assert messages["2"] == messages["1"]
