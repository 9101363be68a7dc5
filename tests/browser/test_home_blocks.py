"""The home page reads like a portal's: the lead story, then a block per section in the
configured order with its newest stories (a thumbnail for the first), then the list (#14)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from demo_pages import DESKTOP, PHONE
from PIL import Image
from playwright.sync_api import Browser, Page

LAYOUT = """() => {
  const box = el => el.getBoundingClientRect().toJSON();
  const blocks = [...document.querySelectorAll('.home-section')];
  return {
    lead: box(document.querySelector('article.lead')),
    blocks: blocks.map(b => ({
      box: box(b),
      title: b.querySelector('h2').textContent.trim(),
      stories: b.querySelectorAll('h3, li').length,
      thumb: b.querySelector('.block-lead img') && box(b.querySelector('.block-lead img')),
      firstTitle: box(b.querySelector('h3')),
    })),
    list: box(document.querySelector('#stories-heading')),
    width: document.documentElement.scrollWidth,
  };
}"""


def picture(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def portal(
    tmp_path_factory: pytest.TempPathFactory,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
) -> Path:
    files: dict[str, str | bytes] = {
        "parsite.yaml": (
            "home_section_count: 3\n"
            "sections: [{folder: xa-hoi, name: Xã hội}, {folder: dau-tu, name: Đầu tư}]\n"
        ),
        "content/images/a.jpg": picture((200, 40, 40)),
        "content/images/b.jpg": picture((40, 40, 200)),
        "content/kinh-te/lead.md": article(title="Lead", date="2022-06-25 08:00", featured=True),
    }
    for n in range(1, 6):
        for section, image in (("dau-tu", "/images/a.jpg"), ("xa-hoi", "/images/b.jpg")):
            files[f"content/{section}/{section}-{n}.md"] = article(
                title=f"{section} story {n}",
                date=f"2022-06-{10 + n:02d} 09:00",
                image=image if n == 5 else None,
                image_alt="A picture" if n == 5 else None,
            )
    return build_tree(tmp_path_factory.mktemp("home"), files)


@pytest.fixture
def portal_url(portal: Path, serve: Callable[[Path], AbstractContextManager[str]]) -> Iterator[str]:
    with serve(portal) as url:
        yield url


def layout(browser: Browser, url: str, size: dict[str, int]) -> tuple[dict[str, Any], Page]:
    page = browser.new_context(viewport=size).new_page()
    page.goto(url, wait_until="load")
    return dict(page.evaluate(LAYOUT)), page


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
def test_lead_then_a_block_per_section_in_order_then_the_list(
    browser: Browser, portal_url: str, size: dict[str, int]
) -> None:
    found, page = layout(browser, portal_url + "/", size)
    try:
        blocks = found["blocks"]
        # Listed sections in their order; the lead's section holds only the lead, which
        # the page shows above: it has no block.
        assert [b["title"] for b in blocks] == ["Xã hội", "Đầu tư"]
        assert [b["stories"] for b in blocks] == [3, 3]
        assert all(found["lead"]["bottom"] <= b["box"]["top"] for b in blocks)
        assert all(b["box"]["bottom"] <= found["list"]["top"] for b in blocks)
        for block in blocks[:2]:  # the newest of each has a picture: a thumbnail above it
            thumb = block["thumb"]
            assert thumb is not None and thumb["width"] > 100, block
            assert abs(thumb["width"] / thumb["height"] - 1.5) < 0.05, thumb
            assert thumb["bottom"] <= block["firstTitle"]["top"], block
        assert found["width"] <= size["width"]
        if size == DESKTOP:  # two blocks side by side
            assert blocks[0]["box"]["top"] == blocks[1]["box"]["top"]
            assert blocks[0]["box"]["right"] <= blocks[1]["box"]["left"]
        else:  # one above the other
            assert blocks[0]["box"]["bottom"] <= blocks[1]["box"]["top"]
    finally:
        page.context.close()


def test_the_demo_home_shows_its_sections_in_the_configured_order(
    browser: Browser, demo_url: str
) -> None:
    found, page = layout(browser, demo_url + "/en/", DESKTOP)
    try:
        titles = [b["title"] for b in found["blocks"]]
        assert titles == [
            "Leadership Activities",
            "Administrative Reform",
            "Investment",
            "Society",
        ]
        assert found["lead"]["bottom"] <= found["blocks"][0]["box"]["top"]
    finally:
        page.context.close()
