"""``parsite build`` options and the settings of parsite.yaml that shape the output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from warm_harness import in_a_fresh_interpreter


def test_build_prints_a_one_line_summary(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article()})
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, err
    assert re.fullmatch(r"wrote \d+ pages \(1 stor(y|ies).*\) to \S*public in \d+\.\d+ s\n", out)


def test_quiet_build_prints_nothing(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article()})
    assert run_parsite("build", "--quiet", cwd=tmp_path) == (0, "", "")
    assert (tmp_path / "public/index.html").is_file()


def test_site_and_output_options_work_from_anywhere(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, {"portal/content/news/a.md": article(), "elsewhere/.keep": ""})
    code, _, err = run_parsite(
        "build", "--site", "../portal", "--output", "built", cwd=tmp_path / "elsewhere"
    )
    assert code == 0, err
    assert (tmp_path / "elsewhere/built/news/a-story/index.html").is_file()
    assert not (tmp_path / "portal/public").exists()
    code, _, err = run_parsite("build", "--site", tmp_path / "portal", cwd=tmp_path / "elsewhere")
    assert code == 0, err
    assert (tmp_path / "portal/public/index.html").is_file()


def test_a_missing_site_folder_is_an_error(tmp_path: Path, run_parsite: Any) -> None:
    code, _, err = run_parsite("build", "--site", "nowhere", cwd=tmp_path)
    assert code == 1
    assert "site folder nowhere does not exist" in err


def test_article_url_pattern_latest_count_and_page_size_come_from_the_config(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    files: dict[str, str | bytes] = {
        "parsite.yaml": "article_url: /{year}/{month}/{day}/{slug}/\nlatest_count: 3\n"
        "page_size: 4\nlatest_title_length: 20\n",
    }
    for day in range(1, 10):
        files[f"content/news/s{day}.md"] = article(
            title=f"Story number {day} with a long title", date=f"2022-05-0{day} 08:00"
        )
    public = build_tree(tmp_path, files)
    assert (public / "2022/05/07/story-number-7-with-a-long-title/index.html").is_file()
    sidebar = parse_html((public / "index.html").read_bytes()).find("aside", class_="latest-news")
    links = [li.find("a") for li in sidebar.find_all("li")]
    assert [a.attrs["href"] for a in links] == [
        f"/2022/05/0{day}/story-number-{day}-with-a-long-title/" for day in (9, 8, 7)
    ]
    assert links[0].text == "Story number 9 with..."
    assert (public / "page/3/index.html").is_file()  # 9 stories, 4 a page
    assert not (public / "page/4").exists()


def test_warnings_go_to_stderr_one_a_line_and_a_build_without_stderr_still_succeeds(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "content/news/a.md": article(title="A", image="/images/a.jpg"),
            "content/news/b.md": article(title="B", image="/images/b.jpg"),
        },
    )
    code, out, err = run_parsite("build", "--no-cache", cwd=tmp_path)
    assert code == 0, err
    lines = err.splitlines()
    assert len(lines) >= 4 and all(line.startswith("warning: content/news/") for line in lines)
    assert err.endswith("\n") and out.startswith("wrote ")
    # Started with no stderr at all (``2>&-``, as some schedulers do): nobody to warn,
    # and that is no reason to fail the build.
    closed = subprocess.run(
        [sys.executable, "-m", "parindex_site", "build", "--no-cache"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(2),
    )
    assert closed.returncode == 0
    assert closed.stdout.startswith("wrote ")


_KEPT = """
import gc, json, sys
from parindex_site import cli
from parindex_site.model.site import Site

def models():
    return sum(isinstance(o, Site) for o in gc.get_objects())

gc.disable()  # nothing is freed but by reference counts: a cycle would keep its objects
args = ["build", "--quiet", "--no-cache", "--site", sys.argv[1]]
cli.main(args)
after_a_build = models()
kept = []
cli.main(args, keep=kept)
print(json.dumps([after_a_build, models(), sorted(set(kept[0]) & {"sites", "pages"})]))
"""


def test_the_command_line_leaves_what_a_build_made_to_the_process_end(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any
) -> None:
    """``parsite build`` ends its process without freeing the model object by object
    (``keep``); any other caller (``serve``, tests) gets everything freed as the build
    returns, with no cycle left holding it."""
    write_tree(tmp_path, {"content/news/a.md": article()})
    after_a_build, kept_models, kept = in_a_fresh_interpreter(_KEPT, tmp_path)
    assert after_a_build == 0
    assert kept_models >= 1 and kept == ["pages", "sites"]
