"""Where the latest news stands: beside the content on wide screens; on a phone after
the story on story pages and before the pager on list pages (#14). The English sidebar
shows the seed's entries in the seed's editorial order."""

from __future__ import annotations

from typing import Any

import pytest
from demo_pages import ARTICLE, DESKTOP, PHONE
from playwright.sync_api import Page

BOXES = """() => {
  const box = s => {
    const e = document.querySelector(s);
    return e && e.getBoundingClientRect().toJSON();
  };
  return {story: box('main article.story'), related: box('main .related'), main: box('main'),
          aside: box('aside.latest-news'), pager: box('nav.pager'),
          list: box('main article.summary:last-of-type')};
}"""
LISTS = ["/en/", "/en/page/2/"]  # the English home runs to two pages


def boxes(page: Page, url: str, size: dict[str, int]) -> dict[str, Any]:
    page.set_viewport_size(size)
    page.goto(url, wait_until="load")
    return dict(page.evaluate(BOXES))


@pytest.mark.parametrize("path", LISTS)
def test_on_a_phone_the_latest_news_comes_before_the_pager(
    page: Page, demo_url: str, path: str
) -> None:
    found = boxes(page, demo_url + path, PHONE)
    assert found["pager"] is not None, "the demo's home has more than one page"
    assert found["main"]["bottom"] <= found["aside"]["top"], found
    assert found["aside"]["bottom"] <= found["pager"]["top"], found


@pytest.mark.parametrize("path", LISTS)
def test_on_a_desktop_the_pager_follows_the_list_beside_the_sidebar(
    page: Page, demo_url: str, path: str
) -> None:
    found = boxes(page, demo_url + path, DESKTOP)
    assert found["pager"]["right"] <= found["aside"]["left"], found
    assert found["aside"]["top"] < found["pager"]["top"], found
    # Right under the list, not pushed below a taller sidebar.
    assert 0 <= found["pager"]["top"] - found["main"]["bottom"] < 40, found


def test_on_a_phone_the_latest_news_follows_the_story(page: Page, demo_url: str) -> None:
    found = boxes(page, demo_url + ARTICLE, PHONE)
    assert found["story"]["bottom"] <= found["aside"]["top"], found
    assert found["main"]["bottom"] <= found["aside"]["top"], found
    assert found["aside"]["right"] <= PHONE["width"]


SEED_ORDER = [
    "(24/06/2022 10:14 SA)",
    "(23/06/2022 4:37 CH)",
    "(23/06/2022 10:33 SA)",
    "(23/06/2022 5:15 CH)",
    "(23/06/2022 5:28 CH)",
    "(22/06/2022 4:04 CH)",
    "(22/06/2022 2:58 CH)",
    "(21/06/2022 5:02 CH)",
]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
def test_the_english_sidebar_reads_in_the_seed_s_order_top_to_bottom(
    page: Page, demo_url: str, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    page.goto(demo_url + ARTICLE, wait_until="load")
    entries = page.evaluate(
        """() => [...document.querySelectorAll('aside.latest-news li')].map(li => ({
              stamp: li.querySelector('time').textContent,
              top: li.getBoundingClientRect().top,
              stampLines: Math.round(li.querySelector('time').getBoundingClientRect().height
                / parseFloat(getComputedStyle(li.querySelector('time')).lineHeight)),
           }))"""
    )
    assert [e["stamp"] for e in entries] == SEED_ORDER
    tops = [e["top"] for e in entries]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert all(e["stampLines"] == 1 for e in entries), entries  # a stamp never wraps
