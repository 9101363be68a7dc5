"""axe-core, injected into the built demo portal's pages: no serious or critical violations."""

from __future__ import annotations

from typing import Any

import pytest
from browser_harness import PageIssues
from demo_pages import ARTICLE, DESKTOP, MISSING, PHONE, is_missing
from demo_pages import PAGES as DEMO_PAGES
from playwright.sync_api import Page

PAGES = {**DEMO_PAGES, "archive": "/en/archive/", "archive-vi": "/archive/"}
SIZES = {"1280x800": DESKTOP, "375x812": PHONE}
BLOCKING = ("serious", "critical")


def axe_violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """axe's violations, with the folded section menu opened first: axe skips what a
    closed <details> holds, and the menu must be checked at every size too."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_script_tag(content=axe_source)
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
        lines.append(f"{v['impact']} {v['id']}: {v['help']} at {targets}")
    return "\n  ".join(lines)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violations(
    page: Page, page_issues: PageIssues, demo_url: str, axe_source: str, name: str, size: str
) -> None:
    page.set_viewport_size(SIZES[size])
    if is_missing(name):
        page_issues.expect_status(404, MISSING)
    page.goto(demo_url + PAGES[name], wait_until="load")
    violations = axe_violations(page, axe_source)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{PAGES[name]}:\n  {describe(blocking)}"
    page_issues.assert_clean()


def test_axe_reports_what_the_theme_must_never_ship(
    page: Page, demo_url: str, axe_source: str
) -> None:
    # Guards the test above: the same check on the same page, once broken, must fail.
    page.goto(demo_url + ARTICLE, wait_until="load")
    page.evaluate(
        """() => {
            document.documentElement.removeAttribute('lang');
            document.querySelector('figure img').removeAttribute('alt');
            document.querySelector('.site-nav a').textContent = '';
        }"""
    )
    ids = {v["id"] for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING}
    assert {"html-has-lang", "image-alt", "link-name"} <= ids
