"""No page of the demo weighs over 40 KB of HTML and CSS before its pictures (#14)."""

from __future__ import annotations

from pathlib import Path

LIMIT = 40_000  # bytes: the page and the stylesheet it links, as served (uncompressed)


def test_every_demo_page_with_its_stylesheet_is_under_40_kb(built_demo: Path) -> None:
    css = (built_demo / "css/style.css").stat().st_size
    pages = sorted(built_demo.rglob("*.html"))
    assert len(pages) > 50
    heavy = {
        str(p.relative_to(built_demo)): p.stat().st_size + css
        for p in pages
        if p.stat().st_size + css > LIMIT
    }
    assert not heavy, heavy
    for page in pages:
        assert b'href="/css/style.css"' in page.read_bytes() or b"http-equiv" in page.read_bytes()
