"""Cache, parallelism and incremental rebuilds never change a byte.

Each test builds a small portal, changes it, rebuilds it warm (cache and last output
reused, worker processes forced on with PARSITE_PARALLEL_MIN=1), and compares every file
with a cold single-process build (``--no-cache``) of the changed tree.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Snapshot = Callable[[Path], dict[str, bytes]]
CONFIG = "title: Test Portal\npage_size: 3\nlatest_count: 4\nrelated_count: 2\n"


def portal(article: Any) -> dict[str, str]:
    files = {"parsite.yaml": CONFIG}
    for n in range(1, 13):
        section = "news" if n % 3 else "investment"
        files[f"content/{section}/story-{n:02d}.md"] = article(
            title=f"Story number {n}",
            date=f"2022-05-{n:02d} 10:{n:02d}",
            body=f"Body of story {n}.\n\nMore about {n}.",
            tags=["PAR Index", "SIPAS"] if n % 2 else ["Economy"],
        )
    return files


def newest(files: dict[str, str]) -> str:
    return "content/investment/story-12.md"


def edit_body(files: dict[str, str]) -> None:
    path = "content/news/story-05.md"
    files[path] = files[path].replace("Body of story 5.", "A corrected body of story 5.")


def edit_newest_title(files: dict[str, str]) -> None:
    path = newest(files)
    files[path] = files[path].replace("Story number 12", "Story number twelve, corrected")


def edit_title_keeping_slug(files: dict[str, str]) -> None:
    """A 'slug' line keeps the URL: the story stays where it was in every list."""
    path = "content/news/story-05.md"
    text = files[path].replace("Story number 5", "Story number five, corrected")
    files[path] = text.replace("title:", "slug: story-number-5\ntitle:", 1)


def delete_story(files: dict[str, str]) -> None:
    del files["content/news/story-07.md"]


def rename_story(files: dict[str, str]) -> None:
    files["content/news/renamed-story.md"] = files.pop("content/news/story-08.md")


def add_story(files: dict[str, str]) -> None:
    files["content/news/story-13.md"] = (
        files["content/news/story-01.md"]
        .replace("2022-05-01", "2022-06-01")
        .replace("Story number 1", "Story number 13")
    )


def add_alias(files: dict[str, str]) -> None:
    path = "content/news/story-04.md"
    files[path] = files[path].replace("title:", "aliases: [/old/story-four/]\ntitle:", 1)


def edit_template(files: dict[str, str]) -> None:
    files["templates/404.html"] = '{% extends "base.html" %}{% block main %}Gone{% endblock %}\n'


def edit_config(files: dict[str, str]) -> None:
    files["parsite.yaml"] = CONFIG.replace("Test Portal", "Renamed Portal")


def no_change(files: dict[str, str]) -> None:
    pass


CHANGES = {
    f.__name__: f
    for f in (
        edit_body,
        edit_newest_title,
        edit_title_keeping_slug,
        delete_story,
        rename_story,
        add_story,
        add_alias,
        edit_template,
        edit_config,
        no_change,
    )
}


# A body or a template leaves every story where it was; the others move one (these
# stories have no 'slug' line, so a new title is a new URL).
MODEL_KEPT = {"edit_body", "edit_title_keeping_slug", "edit_template", "no_change"}


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARSITE_PARALLEL_MIN", "1")


def cold_build(root: Path, files: dict[str, str], write_tree: Any, run_parsite: Any) -> Path:
    """The reference: no cache, and one process (the ``parallel`` fixture's variable,
    which forces workers on the warm build, is lifted for this run)."""
    write_tree(root, files)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PARSITE_PARALLEL_MIN", raising=False)
        code, _, err = run_parsite("build", "--no-cache", cwd=root)
    assert code == 0, err
    assert not (root / ".parsite-cache").exists()
    return root / "public"


def warm_build(root: Path, run_parsite: Any, *flags: str) -> str:
    code, out, err = run_parsite("build", "--verbose", *flags, cwd=root)
    assert code == 0, err
    return str(out)


def counts(out: str) -> dict[str, int]:
    found = re.search(
        r"(\d+) stories parsed, (\d+) pages rendered, (\d+) given the new sidebar, "
        r"(\d+) unchanged",
        out,
    )
    assert found, out
    names = ("parsed", "rendered", "spliced", "kept")
    return dict(zip(names, map(int, found.groups()), strict=True))


def built_portal(root: Path, article: Any, write_tree: Any, run_parsite: Any) -> dict[str, str]:
    """The test portal, written below ``root`` and built once (warm from now on)."""
    files = portal(article)
    write_tree(root, files)
    warm_build(root, run_parsite)
    return files


def replace_tree(root: Path, files: dict[str, str], write_tree: Any) -> None:
    shutil.rmtree(root / "content")
    (root / "parsite.yaml").unlink()
    write_tree(root, files)


@pytest.mark.usefixtures("parallel")
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_warm_rebuild_after_a_change_equals_a_cold_build(
    change: str, tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    files = portal(article)
    warm = tmp_path / "warm"
    write_tree(warm, files)
    warm_build(warm, run_parsite)
    CHANGES[change](files)
    # Files written again get new stats: whether the next build may replay then depends
    # on how soon it starts (a file younger than two seconds counts by its bytes), so a
    # build with no change touches no file.
    if change != "no_change":
        replace_tree(warm, files, write_tree)
    out = warm_build(warm, run_parsite, "--profile")
    # The last model is reused exactly when no story moved in it (model_cache.py).
    if change == "no_change":  # every input as before: the last build stands
        assert "no input changed since the last build" in out, out
    else:
        assert ("model (reused)" in out) == (change in MODEL_KEPT), out
    expected = snapshot(cold_build(tmp_path / "cold", files, write_tree, run_parsite))
    got = snapshot(warm / "public")
    assert sorted(got) == sorted(expected)
    for path, data in expected.items():
        assert got[path] == data, path
    if change in ("edit_body", "no_change", "delete_story"):
        assert counts(out)["kept"] > 0, out


@pytest.mark.usefixtures("parallel")
def test_only_the_sidebar_is_spliced_into_pages_after_a_newest_title_edit(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    files = built_portal(tmp_path, article, write_tree, run_parsite)
    edit_newest_title(files)
    write_tree(tmp_path, files)
    found = counts(warm_build(tmp_path, run_parsite))
    assert found["parsed"] == 1
    assert found["spliced"] > found["rendered"] > 0
    assert "Story number twelve, corrected" in (tmp_path / "public/index.html").read_text()


@pytest.mark.usefixtures("parallel")
def test_nothing_changed_renders_nothing(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, portal(article))
    warm_build(tmp_path, run_parsite)
    found = counts(warm_build(tmp_path, run_parsite))
    assert found["parsed"] == found["rendered"] == found["spliced"] == 0


@pytest.mark.usefixtures("parallel")
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    files = portal(article)
    write_tree(tmp_path / "warm", files)
    warm_build(tmp_path / "warm", run_parsite)
    cache = tmp_path / "warm" / ".parsite-cache"
    shards = sorted(p for p in cache.rglob("*") if p.is_file())
    assert shards
    for index, shard in enumerate(shards):
        data = shard.read_bytes()
        shard.write_bytes(data[: len(data) // 2] if index % 2 else b"garbage")
    found = counts(warm_build(tmp_path / "warm", run_parsite))
    assert found["parsed"] > 0
    expected = snapshot(cold_build(tmp_path / "cold", files, write_tree, run_parsite))
    assert snapshot(tmp_path / "warm" / "public") == expected


@pytest.mark.usefixtures("parallel")
def test_a_failed_warm_build_leaves_the_output_untouched(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    files = built_portal(tmp_path, article, write_tree, run_parsite)
    edit_body(files)
    write_tree(tmp_path, files)
    before = snapshot(tmp_path / "public")
    write_tree(tmp_path, {"content/news/bad.md": "---\ntitle: Bad\ndate: 31/02/2022\n---\n"})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "bad.md" in err
    assert snapshot(tmp_path / "public") == before
    (tmp_path / "content/news/bad.md").unlink()
    warm_build(tmp_path, run_parsite)
    expected = snapshot(cold_build(tmp_path / "cold", files, write_tree, run_parsite))
    assert snapshot(tmp_path / "public") == expected


def test_clean_removes_the_cache(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, portal(article))
    warm_build(tmp_path, run_parsite)
    assert (tmp_path / ".parsite-cache").is_dir()
    code, out, _ = run_parsite("clean", cwd=tmp_path)
    assert "removed" in out
    assert code == 0
    assert not (tmp_path / ".parsite-cache").exists()
    assert (tmp_path / "public" / "index.html").is_file()


@pytest.mark.usefixtures("parallel")
def test_the_streamed_parallel_build_equals_the_in_memory_build(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    files = portal(article)
    write_tree(tmp_path / "streamed", files)  # workers forced on by the fixture
    code, _, err = run_parsite("build", "--no-cache", cwd=tmp_path / "streamed")
    assert code == 0, err
    streamed = tmp_path / "streamed" / "public"
    write_tree(tmp_path / "memory", files)
    # --strict checks every page before publishing: the same pipeline, the same bytes.
    memory = ("build", "--strict", "--no-cache", "--verbose", "--profile")
    code, out, err = run_parsite(*memory, cwd=tmp_path / "memory")
    assert code == 0, err
    assert counts(out)["parsed"] == 12, out  # it reports like the streamed build
    assert snapshot(streamed) == snapshot(tmp_path / "memory" / "public")


@pytest.mark.usefixtures("parallel")
def test_a_template_error_in_a_worker_leaves_the_output_and_no_staging_folder(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    files = built_portal(tmp_path, article, write_tree, run_parsite)
    before = snapshot(tmp_path / "public")
    edit_body(files)
    files["templates/article.html"] = "{{ article.no_such_field }}\n"
    write_tree(tmp_path, files)
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "article.html:1" in err
    assert snapshot(tmp_path / "public") == before
    assert sorted(p.name for p in tmp_path.iterdir() if "public" in p.name) == ["public"]


@pytest.mark.usefixtures("parallel")
def test_workers_report_every_content_error_in_path_order(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    files = portal(article)
    for name in ("a-bad", "b-bad", "c-bad"):
        files[f"content/news/{name}.md"] = "---\ntitle: Bad\ndate: 31/02/2022\n---\n"
    write_tree(tmp_path, files)
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    named = [line.split(":")[0] for line in err.splitlines() if "-bad.md" in line]
    assert named == [f"content/news/{n}.md" for n in ("a-bad", "b-bad", "c-bad")]


def test_a_picture_changed_behind_the_builds_back_is_still_copied_again(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    """A picture's stat stands for its bytes (it is not read again while size, mtime,
    inode and ctime stay), but a same-size change with the old mtime given back (as
    ``cp -p`` leaves a file) moves the ctime: the build sees it."""
    files = portal(article)
    write_tree(tmp_path, {**files, "content/images/photo.jpg": "one"})
    photo = tmp_path / "content" / "images" / "photo.jpg"
    old = photo.stat().st_mtime_ns - 60_000_000_000
    os.utime(photo, ns=(old, old))
    warm_build(tmp_path, run_parsite)
    assert (tmp_path / "public" / "images" / "photo.jpg").read_bytes() == b"one"
    with photo.open("r+b") as out:  # same file, same size
        out.write(b"two")
    os.utime(photo, ns=(old, old))
    warm_build(tmp_path, run_parsite)
    assert (tmp_path / "public" / "images" / "photo.jpg").read_bytes() == b"two"


@pytest.mark.usefixtures("parallel")
def test_the_site_folder_named_another_way_is_built_from_the_same_cache(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    """An editor builds inside the folder, a cron job with ``--site /srv/portal``, a
    colleague from the folder above: one site, one cache, whichever way it is named."""
    root = tmp_path / "portal"
    files = built_portal(root, article, write_tree, run_parsite)  # as ``--site .``
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for cwd, site in ((tmp_path, "portal"), (elsewhere, str(root)), (elsewhere, "../portal")):
        code, out, err = run_parsite("build", "--verbose", "--site", site, cwd=cwd)
        assert code == 0, err
        assert "no input changed since the last build" in out, (site, out)
    edit_body(files)
    write_tree(root, files)
    code, out, err = run_parsite("build", "--verbose", "--site", "portal", cwd=tmp_path)
    assert code == 0, err
    found = counts(out)
    assert found["parsed"] == 1, out
    assert 0 < found["rendered"] < found["kept"], out
    expected = snapshot(cold_build(tmp_path / "cold", files, write_tree, run_parsite))
    assert snapshot(root / "public") == expected
