"""The search pages of the built demo portal, in Chromium: Vietnamese folding, results
that show the original text highlighted, one edition's stories only, pages that load,
no third-party request, no console error, no serious axe violation, and the header
form without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser_harness import PageIssues
from playwright.sync_api import Browser, Page
from test_accessibility import BLOCKING, axe_violations, describe

VI_SEARCH = "/tim-kiem/"
EN_SEARCH = "/en/search/"
DIGITAL = "/hoat-dong-lanh-dao/"  # the section of the story on "chuyển đổi số"
SUMITOMO_VI = "/dau-tu/lanh-dao-tinh-lam-viec-voi-dai-dien-tap-doan-sumitomo/"
DONE = """() => {
  const s = document.querySelector('.search-status');
  return s && s.textContent && !s.textContent.endsWith('…');
}"""


def results(page: Page, base: str, path: str, query: str) -> list[dict[str, str]]:
    """Search ``query`` on a search page by typing it, as a reader does."""
    page.goto(base + path, wait_until="load")
    page.wait_for_function("() => document.querySelector('#search-year option + option')")
    page.fill("#search-q", query)
    page.wait_for_function(DONE, timeout=15_000)
    page.wait_for_function("(q) => new URLSearchParams(location.search).get('q') === q", arg=query)
    # Leaving the page before its favicon came would report that request as failed.
    page.wait_for_load_state("networkidle")
    found: list[dict[str, str]] = page.eval_on_selector_all(
        ".search-result",
        """items => items.map(li => ({
            url: li.querySelector('h2 a').getAttribute('href'),
            title: li.querySelector('h2').textContent,
            meta: li.querySelector('.search-meta').textContent,
            excerpt: li.querySelector('.search-excerpt').innerHTML,
        }))""",
    )
    return found


@pytest.fixture
def local_only(page: Page, demo_url: str) -> Iterator[list[str]]:
    """Every request the page makes to another host than the demo's."""
    elsewhere: list[str] = []
    host = urlsplit(demo_url).netloc
    page.on(
        "request", lambda r: None if urlsplit(r.url).netloc == host else elsewhere.append(r.url)
    )
    yield elsewhere


@pytest.mark.parametrize(
    "query", ["chuyen doi so", "Chuyển đổi số", "CHUYỂN ĐỔI SỐ", "chuyen đoi so"]
)
def test_typed_without_tones_or_d_the_story_comes_first_highlighted_as_written(
    page: Page, page_issues: PageIssues, demo_url: str, local_only: list[str], query: str
) -> None:
    found = results(page, demo_url, VI_SEARCH, query)
    assert found, f"nothing found for {query!r}"
    first = found[0]
    assert first["url"].startswith(DIGITAL) and "Chuyển đổi số" in first["title"]
    # The original words, đ included, highlighted: not the folded text that is indexed.
    assert "<mark>đổi</mark>" in first["excerpt"] or "<mark>Đổi</mark>" in first["excerpt"]
    assert "dổi" not in first["excerpt"]
    assert "23/06/2022" in first["meta"] and "Hoạt động lãnh đạo" in first["meta"]
    assert not local_only
    page_issues.assert_clean()


def test_hung_yen_finds_the_stories_about_hung_yen(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    found = results(page, demo_url, VI_SEARCH, "hung yen")
    assert len(found) >= 3
    assert all("<mark>Hưng</mark> <mark>Yên" in r["excerpt"] for r in found[:3])
    page_issues.assert_clean()


def test_a_word_of_the_sidebar_finds_only_its_own_story(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    page.goto(demo_url + "/", wait_until="networkidle")
    assert "Sumitomo" in page.inner_text("aside.latest-news")  # on every page's sidebar
    found = results(page, demo_url, VI_SEARCH, "sumitomo")
    assert [r["url"] for r in found] == [SUMITOMO_VI]
    page_issues.assert_clean()


def test_each_edition_finds_its_own_stories_only(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    vi = results(page, demo_url, VI_SEARCH, "sumitomo")
    en = results(page, demo_url, EN_SEARCH, "sumitomo")
    assert vi and all(not r["url"].startswith("/en/") for r in vi)
    assert en and all(r["url"].startswith("/en/") for r in en)
    assert all(
        not r["url"].startswith("/en/") for r in results(page, demo_url, VI_SEARCH, "province")
    )
    page_issues.assert_clean()


def test_filters_by_section_and_year_narrow_the_results(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    everything = results(page, demo_url, VI_SEARCH, "hung yen")
    page.select_option("#search-section", "Đầu tư")
    page.wait_for_function("() => new URLSearchParams(location.search).get('section') === 'Đầu tư'")
    page.wait_for_function(DONE)
    page.wait_for_timeout(300)
    shown = page.eval_on_selector_all(".search-meta", "ps => ps.map(p => p.textContent)")
    assert shown and len(shown) < len(everything)
    assert all("Đầu tư" in m for m in shown)
    years = page.eval_on_selector_all("#search-year option", "os => os.map(o => o.value)")
    assert "2022" in years
    page_issues.assert_clean()


def test_every_result_leads_to_a_page_that_loads(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    found = results(page, demo_url, VI_SEARCH, "tinh")
    assert len(found) >= 3
    for result in found:
        # A tab per result, kept open: leaving a page right after "load" would abort its
        # favicon request and report it as failed (as test_portal does).
        tab = page.context.new_page()
        tab.on("console", page_issues.on_console)
        tab.on("pageerror", page_issues.on_page_error)
        tab.on("requestfailed", page_issues.on_request_failed)
        tab.on("response", page_issues.on_response)
        response = tab.goto(demo_url + result["url"], wait_until="load")
        assert response is not None and response.status == 200, result["url"]
        assert tab.locator("h1").inner_text() == result["title"]
    page_issues.assert_clean()


@pytest.mark.parametrize("path", [VI_SEARCH, EN_SEARCH])
def test_the_search_page_has_no_serious_axe_violation(
    page: Page, page_issues: PageIssues, demo_url: str, axe_source: str, path: str
) -> None:
    results(page, demo_url, path, "hung")
    blocking = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING]
    assert not blocking, f"{path}:\n  {describe(blocking)}"
    page_issues.assert_clean()


def test_the_header_form_without_javascript_lands_on_the_search_page(
    browser: Browser, demo_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_url + "/en/", wait_until="load")
        page.fill(".search-form input[name=q]", "hung yen")
        page.click(".search-form button")
        page.wait_for_url("**/en/search/?q=hung+yen")
        assert page.locator("h1").inner_text() == "Search"
        assert "JavaScript" in page.inner_text("main")
    finally:
        context.close()
