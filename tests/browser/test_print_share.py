"""Print and share on story pages: the seed story prints on at most two A4 pages with
no menus, sidebar or footer links; share links are plain links, with no script of a
third party; a print button (#14)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_harness import PageIssues
from demo_pages import ARTICLE, ARTICLE_VI
from playwright.sync_api import Page

HIDDEN_ON_PAPER = (".site-nav", ".menu", ".latest-news", ".footer-links", ".share", ".breadcrumb")


def pdf_pages(pdf: bytes) -> int:
    """The pages of a PDF Chromium wrote: its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("url", [ARTICLE, ARTICLE_VI], ids=["en", "vi"])
def test_the_seed_story_prints_on_at_most_two_a4_pages(page: Page, demo_url: str, url: str) -> None:
    page.goto(demo_url + url, wait_until="load")
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    assert 1 <= pdf_pages(pdf) <= 2, pdf_pages(pdf)


def test_pdf_pages_counts_what_it_should(page: Page, demo_url: str) -> None:
    # Guards the test above: the same story, made long, must count as more pages.
    page.goto(demo_url + ARTICLE, wait_until="load")
    page.evaluate(
        "() => { const b = document.querySelector('.body'); b.innerHTML = b.innerHTML.repeat(4); }"
    )
    assert pdf_pages(page.pdf(format="A4")) > 2


def test_on_paper_only_the_story_shows_and_link_addresses_are_printed(
    page: Page, demo_url: str
) -> None:
    page.goto(demo_url + ARTICLE, wait_until="load")
    page.evaluate(
        """() => { const a = document.createElement('a');
                   a.href = 'https://example.org/report.pdf'; a.textContent = 'the report';
                   document.querySelector('.body p').append(' See ', a); }"""
    )
    page.emulate_media(media="print")
    shown = page.evaluate(
        "(selectors) => selectors.map(s => [...document.querySelectorAll(s)]"
        ".every(e => !e.checkVisibility()))",
        list(HIDDEN_ON_PAPER),
    )
    assert all(shown), dict(zip(HIDDEN_ON_PAPER, shown, strict=True))
    assert page.locator("h1").is_visible() and page.locator(".body").is_visible()
    after = page.evaluate(
        "() => getComputedStyle(document.querySelector('.body a'), '::after').content"
    )
    assert "https://example.org/report.pdf" in after


def test_share_links_are_plain_links_and_the_page_loads_no_third_party_script(
    page: Page, page_issues: PageIssues, demo_url: str
) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    page.goto(demo_url + ARTICLE, wait_until="load")
    links = page.eval_on_selector_all(
        ".share-links a", "links => links.map(a => [a.textContent.trim(), a.href])"
    )
    names = [name for name, _ in links]
    assert names == ["Facebook", "Zalo", "X", "Email", "Copy link"]
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical
    for name, href in links:
        assert canonical in href or canonical.replace(":", "%3A") in href, (name, href)
    assert dict(links)["Email"].startswith("mailto:")
    assert hosts == {"127.0.0.1"}, hosts  # nothing fetched from another site
    scripts = page.eval_on_selector_all("script[src]", "s => s.map(e => e.src)")
    assert scripts == []
    page_issues.assert_clean()


def test_the_print_button_prints_and_is_reachable_by_keyboard(page: Page, demo_url: str) -> None:
    page.goto(demo_url + ARTICLE, wait_until="load")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button = page.get_by_role("button", name="Print this story")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.printed") == 1
    box = button.bounding_box()
    assert box is not None and box["height"] >= 24 and box["width"] >= 24


def test_copy_link_copies_the_story_s_address(page: Page, demo_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(demo_url + ARTICLE, wait_until="load")
    page.click(".copy-link")
    assert page.url == demo_url + ARTICLE  # copied, not followed
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert page.evaluate("() => navigator.clipboard.readText()") == canonical
