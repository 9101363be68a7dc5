"""``parsite serve`` in Chromium: an open page follows the editor's saves by itself.

Each test starts the real command on a tiny site and never navigates after the first
``goto``: every change seen comes from the injected script reloading or drawing.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from browser_harness import PageIssues
from playwright.sync_api import Page, expect

STORY = "content/news/hello.md"
STORY_URL = "/news/hello-world/"
# Deadlines for waits, not speed checks (benchmarks/serve_latency.py measures speed).
START_TIMEOUT_S = 60
CHANGE_TIMEOUT_MS = 20_000
_URL = re.compile(r"Serving .* at (http://127\.0\.0\.1:\d+)/")


@contextmanager
def serving(site: Path, log: Path) -> Iterator[str]:
    """``parsite serve --port 0`` on ``site``; yields its base URL (no trailing slash)."""
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "parindex_site", "serve", "--site", str(site), "--port", "0"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT: every thread's stack
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (found := _URL.search(log.read_text())):
            assert proc.poll() is None, f"serve exited {proc.returncode}:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"no URL printed:\n{log.read_text()}"
            time.sleep(0.05)
        yield found.group(1)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            proc.wait(timeout=30)
            raise AssertionError(f"serve did not stop on SIGINT:\n{log.read_text()}") from None


def assert_clean(issues: PageIssues) -> None:
    """No problems, apart from event streams the script closed itself before reloading."""
    closed = re.compile(r"/__parsite/events: net::ERR_ABORTED$")
    issues.failed_requests[:] = [r for r in issues.failed_requests if not closed.search(r)]
    issues.assert_clean()


def long_story(article: Callable[..., str], ending: str) -> str:
    paragraphs = "\n\n".join(f"Paragraph {n} of a long report. " * 8 for n in range(60))
    return article(title="Hello world", body=f"{paragraphs}\n\n{ending}")


def test_open_page_shows_a_saved_edit_without_navigating(
    page: Page,
    page_issues: PageIssues,
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
) -> None:
    site = write_tree(tmp_path / "site", {STORY: long_story(article, "The first ending.")})
    with serving(site, tmp_path / "serve.log") as base:
        page.goto(base + STORY_URL)
        expect(page.locator("main")).to_contain_text("The first ending.")
        page.evaluate("window.scrollTo(0, 1500)")
        page.evaluate("window.__beforeTheSave = true")

        (site / STORY).write_text(long_story(article, "A corrected ending."), encoding="utf-8")

        expect(page.locator("main")).to_contain_text(
            "A corrected ending.", timeout=CHANGE_TIMEOUT_MS
        )
        assert page.evaluate("window.__beforeTheSave === undefined"), "it was not reloaded"
        assert page.url == base + STORY_URL
        page.wait_for_function("Math.abs(window.scrollY - 1500) < 2")
        assert_clean(page_issues)


def test_broken_yaml_shows_an_overlay_and_the_fix_clears_it(
    page: Page,
    page_issues: PageIssues,
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
) -> None:
    site = write_tree(tmp_path / "site", {STORY: article(title="Hello world", body="Good.")})
    with serving(site, tmp_path / "serve.log") as base:
        page.goto(base + STORY_URL)
        overlay = page.locator("#parsite-overlay")
        expect(overlay).to_have_count(0)

        (site / STORY).write_text("---\ntitle: Hello world\ntags: [a, b\n---\nBroken.\n")
        expect(overlay).to_be_visible(timeout=CHANGE_TIMEOUT_MS)
        expect(overlay).to_contain_text("content/news/hello.md:")
        expect(overlay).to_contain_text("invalid YAML")
        expect(page.locator("main")).to_contain_text("Good.")  # the last good page stays

        (site / STORY).write_text(article(title="Hello world", body="Fixed."), encoding="utf-8")
        expect(page.locator("main")).to_contain_text("Fixed.", timeout=CHANGE_TIMEOUT_MS)
        expect(overlay).to_have_count(0)
        assert_clean(page_issues)
