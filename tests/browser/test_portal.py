"""The built demo portal in real Chromium: pages load cleanly, links work, phones and keyboards.

Screenshots of home and an article at desktop and phone sizes are saved under
``test-artifacts/screenshots`` (git-ignored) on every run.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_harness import PageIssues, screenshot_dir
from demo_pages import ARTICLE, ARTICLE_VI, DESKTOP, MISSING, PAGES, PHONE, is_missing
from playwright.sync_api import Page


def visit(page: Page, issues: PageIssues, url: str, name: str = "") -> None:
    """Open ``url``; the 404 page is expected to answer 404, everything else 200."""
    status = 404 if is_missing(name) else 200
    if status == 404:
        issues.expect_status(404, MISSING)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == status, f"{url}: {response}"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_without_console_errors_or_failed_requests(
    page: Page, page_issues: PageIssues, demo_url: str, name: str
) -> None:
    visit(page, page_issues, demo_url + PAGES[name], name)
    assert page.locator("h1").count() == 1
    broken_images = page.evaluate(
        "() => [...document.images].filter(i => i.loading !== 'lazy')"
        ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken_images == []
    page_issues.assert_clean()


@pytest.mark.parametrize("home", ["/", "/en/"])
def test_every_nav_and_sidebar_link_leads_to_a_page_that_loads(
    page: Page, page_issues: PageIssues, demo_url: str, home: str
) -> None:
    visit(page, page_issues, demo_url + home)
    nav = page.eval_on_selector_all(".site-nav a", "links => links.map(a => a.href)")
    sidebar = page.eval_on_selector_all(".latest-news a", "links => links.map(a => a.href)")
    assert len(nav) >= 5 and len(sidebar) == 8
    for href in dict.fromkeys(nav + sidebar):
        # A tab per link, all kept open: leaving a page right after "load" would abort its
        # favicon request (it comes later) and report it as failed.
        tab = page.context.new_page()
        tab.on("console", page_issues.on_console)
        tab.on("pageerror", page_issues.on_page_error)
        tab.on("requestfailed", page_issues.on_request_failed)
        tab.on("response", page_issues.on_response)
        response = tab.goto(href, wait_until="load")
        assert response is not None and response.status == 200, href
        assert tab.locator("h1").count() == 1, href
    page_issues.assert_clean()


def test_the_language_switch_leads_to_the_translation_and_back(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    visit(page, page_issues, demo_url + ARTICLE)
    page.click(".language-switch a")
    page.wait_for_url(demo_url + ARTICLE_VI)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text().startswith("Hưng Yên tăng 10 bậc")
    page.click(".language-switch a")
    page.wait_for_url(demo_url + ARTICLE)
    assert page.locator("html").get_attribute("lang") == "en"
    page_issues.assert_clean()


def boxes(page: Page) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => {
                const box = s => document.querySelector(s).getBoundingClientRect().toJSON();
                return {main: box('main'), aside: box('aside.latest-news'),
                        scrollWidth: document.documentElement.scrollWidth,
                        innerWidth: window.innerWidth};
            }"""
        )
    )


@pytest.mark.parametrize(
    "name", ["home", "article", "category", "tag", "home-vi", "article-vi", "category-vi"]
)
def test_on_a_phone_nothing_overflows_and_the_sidebar_moves_below_the_story(
    page: Page, page_issues: PageIssues, demo_url: str, name: str
) -> None:
    page.set_viewport_size(PHONE)
    visit(page, page_issues, demo_url + PAGES[name], name)
    layout = boxes(page)
    assert layout["scrollWidth"] <= layout["innerWidth"], layout
    assert layout["aside"]["top"] >= layout["main"]["bottom"], layout
    assert layout["aside"]["right"] <= layout["innerWidth"], layout


def test_on_a_desktop_the_sidebar_stands_beside_the_story(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    visit(page, page_issues, demo_url + ARTICLE)
    layout = boxes(page)
    assert layout["aside"]["left"] >= layout["main"]["right"], layout
    assert layout["aside"]["top"] < layout["main"]["bottom"], layout


FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        href: el.getAttribute('href'),
        inNav: !!el.closest('.site-nav'),
        inStory: !!el.closest('main article h2'),
        focusVisible: el.matches(':focus-visible'),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        box: el.getBoundingClientRect().toJSON(),
    };
}"""


def tab_through(page: Page, presses: int) -> list[dict[str, Any]]:
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(dict(page.evaluate(FOCUSED)))
    return stops


def test_keyboard_tab_reaches_skip_link_nav_and_stories_with_a_visible_focus_ring(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    visit(page, page_issues, demo_url + "/")
    stops = tab_through(page, 12)
    skip = stops[0]
    assert skip["href"] == "#main"
    assert skip["box"]["top"] >= 0 and skip["box"]["left"] >= 0, "skip link stays off-screen"
    nav = [s for s in stops if s["inNav"]]
    story = [s for s in stops if s["inStory"]]
    assert nav, "Tab never reached the navigation"
    assert story, "Tab never reached a story link"
    for stop in [skip, nav[0], story[0]]:
        assert stop["focusVisible"], stop
        assert stop["outlineStyle"] == "solid", stop
        assert stop["outlineWidth"] >= 2, stop
    page_issues.assert_clean()


def test_the_skip_link_moves_focus_to_the_main_content(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    visit(page, page_issues, demo_url + ARTICLE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")


# The search page with the results of a query typed without tones or đ.
SHOTS = {"home": PAGES["home"], "article": PAGES["article"], "search": "/tim-kiem/?q=chuyen+doi+so"}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
@pytest.mark.parametrize("name", list(SHOTS))
def test_screenshots_of_home_article_and_search_are_saved(
    page: Page, page_issues: PageIssues, demo_url: str, name: str, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    visit(page, page_issues, demo_url + SHOTS[name], name)
    if name == "search":
        page.wait_for_selector(".search-result mark")
    path = screenshot_dir() / f"{name}-{size['width']}x{size['height']}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page_issues.assert_clean()
