"""The section menu on a phone: folded behind a real button (no script needed), a short
header even with 12 sections, and the current section named on the button (#14)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from demo_pages import DESKTOP, PAGES, PHONE
from playwright.sync_api import Browser, Page

SECTIONS = [f"Section number {n}" for n in range(1, 13)]
MAX_HEADER = 0.15 * PHONE["height"]  # the bound: about 15% of a 375x812 screen


@pytest.fixture(scope="module")
def twelve_sections(
    tmp_path_factory: pytest.TempPathFactory,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
) -> Path:
    """A bilingual portal of 12 sections, with a long Vietnamese name for its brand."""
    files = {
        f"content/section-number-{n}/story-{n}.md": article(
            title=f"Story {n}", date=f"2022-06-{n:02d}"
        )
        for n in range(1, 13)
    }
    files["content/en/section-number-1/english.md"] = article(title="English story")
    files["parsite.yaml"] = (
        "languages:\n"
        "  vi: {title: Cổng thông tin điện tử tỉnh Hưng Yên}\n"
        "  en: {title: Hung Yen Provincial Portal}\n"
    )
    return build_tree(tmp_path_factory.mktemp("twelve"), files)


@pytest.fixture
def site_url(
    twelve_sections: Path, serve: Callable[[Path], AbstractContextManager[str]]
) -> Iterator[str]:
    with serve(twelve_sections) as url:
        yield url


def phone_page(browser: Browser, scripts: bool = True) -> Page:
    return browser.new_context(viewport=PHONE, java_script_enabled=scripts).new_page()


def header_height(page: Page) -> float:
    return float(page.evaluate("() => document.querySelector('header').offsetHeight"))


def menu_button(page: Page) -> dict[str, object]:
    """What a screen reader is told of the menu's summary: Chromium's disclosure button
    (platforms announce it as a button), its name and whether it is expanded."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    found = [
        {
            "name": node.get("name", {}).get("value"),
            **{p["name"]: p["value"].get("value") for p in node.get("properties", [])},
        }
        for node in tree["nodes"]
        if node.get("role", {}).get("value") == "DisclosureTriangle"
    ]
    assert len(found) == 1, found
    return found[0]


def visible_links(page: Page) -> int:
    return sum(1 for link in page.locator(".site-nav a").all() if link.is_visible())


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
def test_twelve_sections_fold_behind_a_button_in_a_short_header(
    browser: Browser, site_url: str, scripts: bool
) -> None:
    page = phone_page(browser, scripts)
    try:
        page.goto(site_url + "/section-number-7/")
        assert page.locator(".site-nav a").count() == 14  # home, 12 sections, archive
        assert header_height(page) <= MAX_HEADER, header_height(page)
        assert visible_links(page) == 0
        before = menu_button(page)
        name = str(before["name"])
        assert name.startswith("Chuyên mục") and name.endswith(": Section Number 7"), before
        assert before["focusable"] is True and before["expanded"] is False, before
        # Where the reader is stays on screen while the menu is folded.
        current = page.locator(".menu-current")
        assert current.inner_text() == "Section Number 7"
        box = current.bounding_box()
        assert box is not None and box["y"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        button = page.locator(".menu > summary")
        button.click()
        assert visible_links(page) == 14
        assert menu_button(page)["expanded"] is True
        current_link = page.locator('.site-nav a[aria-current="page"]')
        assert current_link.inner_text() == "Section Number 7"
        assert current_link.is_visible()
        button.click()
        assert visible_links(page) == 0
    finally:
        page.context.close()


def test_the_menu_opens_from_the_keyboard(browser: Browser, site_url: str) -> None:
    page = phone_page(browser)
    try:
        page.goto(site_url + "/")
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
                break
        assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        assert visible_links(page) == 14
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('.site-nav')")
    finally:
        page.context.close()


def test_on_a_desktop_the_menu_is_open_and_has_no_button(browser: Browser, site_url: str) -> None:
    page = browser.new_context(viewport=DESKTOP).new_page()
    try:
        page.goto(site_url + "/")
        assert visible_links(page) == 14
        assert not page.locator(".menu > summary").is_visible()
        assert header_height(page) <= 0.2 * DESKTOP["height"], header_height(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("name", ["home", "article", "category", "home-vi", "article-vi"])
def test_the_demo_header_is_short_on_a_phone(browser: Browser, demo_url: str, name: str) -> None:
    page = phone_page(browser)
    try:
        page.goto(demo_url + PAGES[name])
        assert header_height(page) <= MAX_HEADER, header_height(page)
        assert visible_links(page) == 0
    finally:
        page.context.close()
