"""The schedule, visible: ``parsite list``, the build's next-change line,
``build --next-change`` for cron jobs, and ``--at`` to see the site as of a moment."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parindex_site.content.dates import HOW_TO_WRITE

# Far from any real "now", so the tests do not depend on the clock.
LINES = {
    "old": "content/news/old.md\tOld story\t2020-03-01T09:00:00+07:00\tpublished",
    "expired": "content/news/expired.md\tGone story\t2021-01-01T09:00:00+07:00\texpired",
    "draft": "content/news/draft.md\tDraft story\t2022-05-25T10:14:00+07:00\tdraft",
    "future": "content/news/future.md\tFuture story\t2999-01-01T08:00:00+07:00\tscheduled",
}


def tree(article: Callable[..., str]) -> dict[str, str | bytes]:
    return {
        "content/news/old.md": article(title="Old story", date="2020-03-01 09:00"),
        "content/news/draft.md": article(title="Draft story", draft=True),
        "content/news/future.md": article(title="Future story", date="2999-01-01 08:00"),
        "content/news/expired.md": article(
            title="Gone story", date="2021-01-01 09:00", expires="2021-02-01"
        ),
    }


@pytest.fixture
def site(tmp_path: Path, write_tree: Callable[..., Path], article: Any) -> Path:
    return write_tree(tmp_path, tree(article))


def test_list_shows_every_story_with_its_date_and_state_oldest_first(
    site: Path, run_parsite: Any
) -> None:
    code, out, err = run_parsite("list", cwd=site)
    assert (code, err) == (0, "")
    assert out.splitlines() == [LINES["old"], LINES["expired"], LINES["draft"], LINES["future"]]
    assert run_parsite("list", "all", cwd=site).out == out


@pytest.mark.parametrize(
    ("which", "names"),
    [
        ("drafts", ["draft"]),
        ("future", ["future"]),
        ("expired", ["expired"]),
        ("published", ["old"]),
    ],
)
def test_list_filters_by_state(site: Path, run_parsite: Any, which: str, names: list[str]) -> None:
    code, out, err = run_parsite("list", which, cwd=site)
    assert (code, err) == (0, "")
    assert out.splitlines() == [LINES[name] for name in names]


def test_list_of_an_unknown_state_is_a_usage_error(site: Path, run_parsite: Any) -> None:
    code, out, err = run_parsite("list", "scheduled", cwd=site)
    assert (code, out) == (2, "")
    assert "invalid choice: 'scheduled'" in err and "'future'" in err


def test_list_writes_nothing_not_even_the_cache(site: Path, run_parsite: Any) -> None:
    assert run_parsite("list", cwd=site).code == 0
    assert sorted(p.name for p in site.iterdir()) == ["content"]


def test_list_reports_content_errors_as_a_build_does(
    site: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(site, {"content/news/bad.md": article(date="31/02/2022")})
    listed = run_parsite("list", cwd=site)
    built = run_parsite("build", cwd=site)
    assert (listed.code, listed.out) == (1, "")
    assert "content/news/bad.md:3: " in listed.err
    assert listed.err == built.err


def test_list_gives_the_warnings_a_build_gives_about_stories(
    site: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(site, {"content/news/typo.md": article(titel="Typo")})
    listed = run_parsite("list", "drafts", cwd=site)
    built = run_parsite("build", cwd=site)
    assert (listed.code, listed.out) == (0, LINES["draft"] + "\n")
    warning = "warning: content/news/typo.md:4: unknown front-matter key 'titel'"
    assert listed.err.startswith(warning)
    assert listed.err == built.err


def test_build_says_when_the_next_scheduled_story_goes_live(site: Path, run_parsite: Any) -> None:
    code, out, err = run_parsite("build", cwd=site)
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "next change: 2999-01-01T08:00:00+07:00 (content/news/future.md goes live)"
    )
    assert run_parsite("build", "--quiet", cwd=site) == (0, "", "")


def test_build_says_when_a_shown_story_expires(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(expires="2999-06-01 00:00")})
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "next change: 2999-06-01T00:00:00+07:00 (content/news/a.md expires)"
    )


def test_a_build_with_nothing_scheduled_prints_no_next_change(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article()})
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, err
    assert "next change" not in out
    assert run_parsite("build", "--next-change", cwd=tmp_path) == (0, "", "")


def test_next_change_prints_only_the_instant_and_builds_nothing(
    site: Path, run_parsite: Any
) -> None:
    assert run_parsite("build", "--next-change", cwd=site) == (
        0,
        "2999-01-01T08:00:00+07:00\n",
        "",
    )
    assert sorted(p.name for p in site.iterdir()) == ["content"]


def test_next_change_counts_from_at_and_heeds_the_visibility_options(
    site: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(site, {"content/news/later.md": article(date="2999-02-01 08:00")})
    after_first = run_parsite("build", "--next-change", "--at", "01/01/2999 08:00", cwd=site)
    assert after_first == (0, "2999-02-01T08:00:00+07:00\n", "")
    # With --future the scheduled stories are shown already: nothing will change.
    assert run_parsite("build", "--next-change", "--future", cwd=site) == (0, "", "")


def test_at_builds_the_site_as_of_that_moment(
    site: Path, run_parsite: Any, parse_html: Callable[..., Any]
) -> None:
    assert not (site / "public").exists()
    code, out, err = run_parsite("build", "--at", "01/01/2999 08:00", cwd=site)
    assert code == 0, err
    assert "(2 stories," in out and "next change" not in out
    page = parse_html((site / "public/news/future-story/index.html").read_bytes())
    assert page.find("h1").text == "Future story"
    sidebar = parse_html((site / "public/index.html").read_bytes()).find(
        "aside", class_="latest-news"
    )
    titles = [li.find("a").attrs["title"] for li in sidebar.find_all("li")]
    assert titles == ["Future story", "Old story"]  # the draft still needs --drafts


def test_a_minute_before_the_story_is_still_scheduled(site: Path, run_parsite: Any) -> None:
    code, out, err = run_parsite("build", "--at", "01/01/2999 07:59", cwd=site)
    assert code == 0, err
    assert not (site / "public/news/future-story").exists()
    assert out.splitlines()[-1].startswith("next change: 2999-01-01T08:00:00+07:00 ")


def test_at_lists_and_checks_as_of_that_moment(site: Path, run_parsite: Any) -> None:
    listed = run_parsite("list", "published", "--at", "2999-01-01 08:00", cwd=site)
    assert listed.out.splitlines() == [
        LINES["old"],
        LINES["future"].replace("scheduled", "published"),
    ]
    # An offset is honoured: 01:00 UTC is 08:00 in the site's time zone.
    utc = run_parsite("list", "future", "--at", "2999-01-01T01:00:00+00:00", cwd=site)
    assert utc == (0, "", "")
    checked = run_parsite("check", "--at", "1/1/2999 8:00", cwd=site)
    assert checked.code == 0, checked.err
    assert "(2 stories," in checked.out


@pytest.mark.parametrize("command", ["build", "check", "list", "serve"])
def test_a_bad_at_is_a_usage_error(site: Path, run_parsite: Any, command: str) -> None:
    code, out, err = run_parsite(command, "--at", "next tuesday", cwd=site)
    assert (code, out) == (2, "")
    # One line, naming the option and the value, and saying how to write a date (the
    # date parser's own words: --at is read as a story's date is).
    assert err.startswith(f"parsite {command}: error: argument --at: ")
    assert "next tuesday" in err and HOW_TO_WRITE in err and err.count("\n") == 1
    assert not (site / "public").exists()


def test_an_impossible_at_date_says_what_is_wrong(site: Path, run_parsite: Any) -> None:
    code, out, err = run_parsite("build", "--at", "31/02/2999", cwd=site)
    assert (code, out) == (2, "")
    assert err.startswith("parsite build: error: argument --at: ")
    assert "February 2999 has 28 days" in err


def test_a_control_character_in_at_is_never_echoed_raw(site: Path, run_parsite: Any) -> None:
    code, _, err = run_parsite("list", "--at", "\x1b[2J", cwd=site)
    assert code == 2
    assert "\x1b" not in err and "argument --at: " in err


def test_list_into_a_reader_that_leaves_early_ends_quietly(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any
) -> None:
    # More than a pipe holds (64 KB): parsite cannot have written it all before the
    # reader leaves, so the write fails inside the listing.
    write_tree(
        tmp_path,
        {
            f"content/news/story-{n:03d}.md": article(title=f"Story {n} " + "x" * 400)
            for n in range(300)
        },
    )
    command = [sys.executable, "-m", "parindex_site", "list"]
    with subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b"content/news/")
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8")
        code = proc.wait(timeout=60)
    assert "Traceback" not in err and err == ""
    assert code == 141
