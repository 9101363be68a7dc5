"""The harness itself: Chromium starts, pages render, the loopback server behaves like a host.

These tests need no built site, so they check the harness before the generator exists.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from browser_harness import PageIssues
from playwright.sync_api import Browser, Page

# A 1x1 transparent GIF: Chromium asks every site for /favicon.ico.
_FAVICON = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def test_browser_renders_a_data_url(browser: Browser, request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("browser") is not None
    page = browser.new_page()
    try:
        page.goto("data:text/html,<h1>hi</h1>")
        assert page.inner_text("h1") == "hi"
    finally:
        page.close()


def test_page_fixture_records_console_and_page_errors(page: Page, page_issues: PageIssues) -> None:
    page.goto(
        "data:text/html,<h1>ok</h1><script>console.error('boom');"
        "setTimeout(() => { throw new Error('kaput') })</script>"
    )
    assert page.locator("h1").inner_text() == "ok"
    page.wait_for_timeout(100)
    assert page_issues.console_errors == ["boom"]
    assert page_issues.problems() == ["console error: boom", "page error: kaput"]


def test_server_answers_missing_pages_with_404_html(
    tmp_path: Path,
    page: Page,
    page_issues: PageIssues,
    serve: Callable[[Path], AbstractContextManager[str]],
) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Home</title><h1>Home</h1>")
    (tmp_path / "404.html").write_text("<!doctype html><title>Lost</title><h1>Not here</h1>")
    (tmp_path / "favicon.ico").write_bytes(_FAVICON)
    (tmp_path / "empty").mkdir()
    with serve(tmp_path) as base:
        home = page.goto(base + "/")
        assert home is not None and home.status == 200
        assert home.headers["content-type"] == "text/html; charset=utf-8"
        assert page.inner_text("h1") == "Home"
        page_issues.assert_clean()

        missing = page.goto(base + "/no-such-page.html")
        assert missing is not None and missing.status == 404
        assert page.inner_text("h1") == "Not here"
        assert page_issues.unexpected_responses == [(404, base + "/no-such-page.html")]

        page_issues.expect_status(404, r"/(no-such-page\.html|empty/)$")
        listing = page.goto(base + "/empty/")  # no directory listings, as on a static host
        assert listing is not None and listing.status == 404
        assert len(page_issues.error_responses) == 2
        page_issues.assert_clean()


def test_axe_runs_in_the_page(page: Page, page_issues: PageIssues, axe_source: str) -> None:
    page.set_content("<!doctype html><html lang='en'><title>t</title><img src='data:,'></html>")
    page.add_script_tag(content=axe_source)
    result: dict[str, Any] = page.evaluate("() => axe.run(document)")
    rules = {violation["id"] for violation in result["violations"]}
    assert "image-alt" in rules
    page_issues.assert_clean()
