"""On a phone (375x812), a story with a 4.7 MB camera photo downloads a phone-sized copy."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from browser_harness import CLS_SCRIPT
from PIL import Image
from playwright.sync_api import Browser

MAX_IMAGE_BYTES = 150_000
IMAGE_BYTES_SCRIPT = """() => performance.getEntriesByType("resource")
  .filter(e => /\\.(jpg|webp|png)$/.test(new URL(e.name).pathname))
  .map(e => [new URL(e.name).pathname, e.encodedBodySize])"""


def camera_photo() -> bytes:
    """A 4000x3000 JPEG of noise: it compresses as badly as a real photo (about 4.7 MB)."""
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=88)
    return out.getvalue()


def test_a_phone_downloads_under_150_kb_of_pictures_and_nothing_shifts(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    serve: Callable[[Path], AbstractContextManager[str]],
    browser: Browser,
) -> None:
    photo = camera_photo()
    assert len(photo) > 3_000_000
    public = build_tree(
        tmp_path,
        {
            "content/news/a.md": article(
                title="A", image="/images/photo.jpg", image_alt="A crowd", body="Text. " * 200
            ),
            "content/images/photo.jpg": photo,
        },
    )
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        with serve(public) as url:
            page.goto(url + "/news/a/", wait_until="load")
            cls: Any = page.evaluate(CLS_SCRIPT)
            loaded: Any = page.evaluate(IMAGE_BYTES_SCRIPT)
    finally:
        context.close()
    assert loaded, "the story's picture was not downloaded"
    assert all(path.endswith(".webp") for path, _ in loaded), loaded
    assert sum(size for _, size in loaded) <= MAX_IMAGE_BYTES, loaded
    assert cls == 0, f"layout shifts add up to {cls}"
