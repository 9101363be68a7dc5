"""What the default theme keeps while it grows (#14): no layout shift on the demo's home
and story pages at desktop and phone sizes."""

from __future__ import annotations

import pytest
from browser_harness import CLS_SCRIPT
from demo_pages import ARTICLE, DESKTOP, PHONE
from playwright.sync_api import Page

SIZES = {"1280x800": DESKTOP, "375x812": PHONE}
SHOWN = {"home": "/en/", "article": ARTICLE, "home-vi": "/"}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SHOWN))
def test_no_layout_shift(page: Page, demo_url: str, name: str, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto(demo_url + SHOWN[name], wait_until="load")
    assert page.evaluate(CLS_SCRIPT) == 0
