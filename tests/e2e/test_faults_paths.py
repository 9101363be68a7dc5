"""Where a build reads and writes: symbolic links, and the manifests it keeps in the cache.

A ``content/`` that is a link into the output folder must survive any build; an output
folder that is a link stays that link, and its target gets the site. The cache keeps no
manifest of an output folder that is gone: not of ``serve``'s temporary one, not of one
deleted since it was built.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

from engine_harness import cache_files_mentioning, cache_listing, differences, leftovers, output_in
from serve_harness import Served


def small_site(article: Any) -> dict[str, str | bytes]:
    return {
        "parsite.yaml": "title: Paths Portal\npage_size: 2\n",
        "content/news/a.md": article(title="A", tags=["PAR Index"], aliases=["/old/a/"]),
        "content/news/b.md": article(title="B", date="2022-05-02 08:00"),
        "content/society/c.md": article(title="C", date="2022-05-03 08:00"),
        "static/files/doc.txt": "A document.\n",
    }


def cold(run_parsite: Any, site: Path, output: Path, snapshot: Any) -> dict[str, bytes]:
    code, out, err = run_parsite("build", "--no-cache", "--jobs", "1", "--output", output, cwd=site)
    assert code == 0, f"{out}\n{err}"
    return dict(snapshot(output))


# --------------------------------------------------------------------------- links


def test_a_content_folder_linked_into_the_output_is_never_deleted(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    site = write_tree(tmp_path / "site", small_site(article))
    code, out, err = run_parsite("build", cwd=site)
    assert code == 0, f"{out}\n{err}"
    sources = site / "public" / "_sources"
    shutil.move(site / "content", sources)
    (site / "content").symlink_to(Path("public") / "_sources")
    stories = snapshot(sources)
    for flags in ((), ("--no-cache",), ("--jobs", "2")):
        code, out, err = run_parsite("build", *flags, cwd=site)
        assert code in (0, 1), f"build {flags}: exit {code}\n{out}\n{err}"
        if code == 1:
            assert "content" in err, f"build {flags}: an unclear refusal: {err}"
        assert (site / "content").is_symlink()
        assert sources.is_dir(), f"build {flags} (exit {code}) deleted the stories\n{err}"
        assert snapshot(sources) == stories, f"build {flags} (exit {code}) changed the stories"


def test_an_output_folder_that_is_a_link_stays_a_link_to_the_new_site(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    files = small_site(article)
    site = write_tree(tmp_path / "site", files)
    target = tmp_path / "www" / "site"
    target.mkdir(parents=True)
    link = site / "public"
    link.symlink_to(Path("..") / "www" / "site")
    pointed = os.readlink(link)
    for step, flags in enumerate(((), (), ("--no-cache",), ("--jobs", "2"))):
        if step:
            files["content/news/b.md"] = article(
                title="B", date="2022-05-02 08:00", body=f"v{step}"
            )
            write_tree(site, files)
        code, out, err = run_parsite("build", *flags, cwd=site)
        assert code == 0, f"step {step}, build {flags}: exit {code}\n{out}\n{err}"
        assert link.is_symlink(), f"step {step}: public/ is no longer a link"
        assert os.readlink(link) == pointed, f"step {step}: public/ points elsewhere"
        expected = cold(run_parsite, site, output_in(tmp_path / f"cold-{step}"), snapshot)
        wrong = differences(snapshot(target), expected)
        assert not wrong, f"step {step}, build {flags}: the link's target:\n" + "\n".join(wrong)
        stray = [
            n for n in os.listdir(site) if "public" in n and n not in ("public", ".public.parsite")
        ]
        assert stray == [], f"step {step}: beside the link: {stray}"
        assert leftovers(target) == [], f"step {step}: beside the target"


# --------------------------------------------------------------------------- manifests


def test_serve_leaves_no_manifest_of_its_temporary_output(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    site = write_tree(tmp_path / "site", small_site(article))
    code, out, err = run_parsite("build", cwd=site)
    assert code == 0, f"{out}\n{err}"
    before = cache_listing(site)
    temporary = tmp_path / "tmp"  # where serve makes its temporary output
    temporary.mkdir()
    with Served(site, "--no-reload", env={"TMPDIR": str(temporary)}) as served:
        assert served.get("/news/a/").status == 200
        stopped = served.stop(signal.SIGINT)
    assert "Traceback" not in stopped.err, stopped.err
    new = sorted(cache_listing(site).keys() - before.keys())
    assert new == [], f"serve left new cache files: {new}"
    assert cache_files_mentioning(site, str(temporary)) == []


def test_the_manifest_of_a_deleted_output_folder_is_dropped_by_the_next_build(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any
) -> None:
    site = write_tree(tmp_path / "site", small_site(article))
    code, out, err = run_parsite("build", cwd=site)
    assert code == 0, f"{out}\n{err}"
    before = cache_listing(site)
    elsewhere = output_in(tmp_path / "elsewhere")
    code, out, err = run_parsite("build", "--output", elsewhere, cwd=site)
    assert code == 0, f"{out}\n{err}"
    assert elsewhere.is_dir()
    shutil.rmtree(elsewhere.parent)
    code, out, err = run_parsite("build", cwd=site)
    assert code == 0, f"{out}\n{err}"
    kept = sorted(cache_listing(site).keys() - before.keys())
    assert kept == [], f"the cache still holds {kept} after {elsewhere} was deleted"
    assert cache_files_mentioning(site, str(elsewhere)) == []
