"""Browser-test harness: build the demo site, serve it on loopback, open it in headless Chromium.

Everything collected under ``tests/browser`` is marked ``browser`` automatically, so
``pytest -m "not browser"`` runs the rest of the suite without a browser.

The browser is Debian's Chromium at ``/usr/bin/chromium`` driven by Playwright for Python
(no Playwright-downloaded browser build is used, ever). When it is missing the browser tests
fail with a clear message instead of being skipped: ``.ci/run`` installs it.

Fixtures
--------
``built_demo``   (session, from ``tests/conftest.py``) the demo site, built by the real CLI.
``demo_url``     (session) that folder served on ``http://127.0.0.1:PORT`` (no trailing slash);
                 missing files answer 404 with the site's own ``404.html`` body.
``serve``        (function) ``serve(folder)`` context manager serving any folder the same way.
``browser``      (session) a Playwright ``Browser`` running Debian Chromium.
``page_issues``  (function) the :class:`browser_harness.PageIssues` of this test's ``page``:
                 console errors, uncaught page errors, failed requests, HTTP >= 400.
``page``         (function) a fresh ``Page`` in its own context (closed after the test); on a
                 test failure a full-page screenshot is saved under :func:`screenshot_dir`.
``axe_source``   (session) the text of ``node_modules/axe-core/axe.min.js`` (``npm ci``
                 installs it), for ``page.add_script_tag(content=axe_source)``.

Helpers for test modules (``PageIssues``, ``serve_directory``, ``screenshot_dir``, the
constants) live in ``browser_harness.py``; import them from there, not from this file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from browser_harness import (
    AXE_JS,
    BROWSER_TESTS_DIR,
    CHROMIUM,
    CHROMIUM_ARGS,
    PageIssues,
    screenshot_dir,
    serve_directory,
)
from playwright.sync_api import Browser, Page, sync_playwright

_REPORTS_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()


# --------------------------------------------------------------------------- hooks


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected under tests/browser with ``browser``."""
    for item in items:
        if BROWSER_TESTS_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item, so ``page`` can tell whether its test failed."""
    report = yield
    item.stash.setdefault(_REPORTS_KEY, {})[report.when] = report
    return report


# --------------------------------------------------------------------------- the demo site


@pytest.fixture(scope="session")
def demo_url(built_demo: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of the built demo site served on loopback."""
    with serve_directory(built_demo) as url:
        yield url


@pytest.fixture
def serve() -> Callable[[Path], AbstractContextManager[str]]:
    """``with serve(folder) as base_url:`` serves any folder like ``demo_url`` does."""
    return serve_directory


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian Chromium, headless, driven by Playwright; one for the whole session."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install chromium` (.ci/run does). "
            "Playwright's own browser download is not used and cannot work here.",
            pytrace=False,
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page_issues() -> PageIssues:
    """The problems recorded on this test's ``page`` (see ``PageIssues``)."""
    return PageIssues()


@pytest.fixture
def page(
    browser: Browser, page_issues: PageIssues, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A new page in a fresh browser context, recording into ``page_issues``."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        new_page = context.new_page()
        new_page.on("console", page_issues.on_console)
        new_page.on("pageerror", page_issues.on_page_error)
        new_page.on("requestfailed", page_issues.on_request_failed)
        new_page.on("response", page_issues.on_response)
        yield new_page
        report = request.node.stash.get(_REPORTS_KEY, {}).get("call")
        if report is not None and report.failed and not new_page.is_closed():
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
            try:
                new_page.screenshot(
                    path=str(screenshot_dir() / f"FAILED-{name}.png"), full_page=True
                )
            except Exception as exc:  # a broken page must not hide the real failure
                print(f"could not save a screenshot of the failed test: {exc}")
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """Source of axe-core, to inject with ``page.add_script_tag(content=axe_source)``."""
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` at the repository root.", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")
