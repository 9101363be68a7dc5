#!/usr/bin/env python3
"""Pictures for phones: build time with a photo per story, and what a phone downloads.

    python benchmarks/pictures.py                 # 1,000 stories, each its own 3000x2000 photo
    python benchmarks/pictures.py --stories 50    # a quick look

Writes a portal into a temporary folder, then times ``parsite build`` cold (empty
cache) and warm (no change), and prints the picture bytes a phone (375 px wide, one
device pixel per CSS pixel) downloads for the home page and a story page: before (the
original every ``<img src>`` named) and after (the WebP candidate of ``srcset`` a
browser picks for a 343-px slot: the narrowest at least that wide).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

SLOT = 343  # CSS pixels: a 375-px screen less the page's 2rem of padding
_WEBP_SRCSET = re.compile(r'<source type="image/webp" srcset="([^"]*)"')


def photo(path: Path, rng: random.Random, base: Image.Image) -> None:
    """A 3000x2000 JPEG as heavy as a photo (noise), made distinct by a coloured box."""
    image = base.copy()
    box = (rng.randrange(2800), rng.randrange(1800))
    colour = tuple(rng.randrange(256) for _ in range(3))
    ImageDraw.Draw(image).rectangle((*box, box[0] + 200, box[1] + 200), fill=colour)
    image.save(path, "JPEG", quality=88)


def write_site(root: Path, stories: int) -> None:
    rng = random.Random(12)
    base = Image.effect_noise((3000, 2000), 40).convert("RGB")
    (root / "content/images").mkdir(parents=True)
    for number in range(stories):
        photo(root / f"content/images/p{number}.jpg", rng, base)
        day = 1 + number % 28
        (root / f"content/s{number}.md").write_text(
            f"---\ntitle: Story {number}\ndate: 2022-05-{day:02d} 10:{number % 60:02d}\n"
            f"image: /images/p{number}.jpg\nimage_alt: A photo\n---\n\n"
            + "Words of the story. " * 100
            + "\n",
            encoding="utf-8",
        )


def build(root: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, workers included) of one build: on a shared
    machine the CPU figure is the steadier one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "parindex_site", "build", "--quiet"],
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def page_bytes(public: Path, page: Path) -> tuple[int, int]:
    """Picture bytes of one page before (originals) and after (the WebP a phone picks)."""
    text = page.read_text(encoding="utf-8")
    before = after = 0
    for srcset in _WEBP_SRCSET.findall(text):
        candidates = [(int(w[:-1]), url) for url, w in (c.split() for c in srcset.split(", "))]
        url = next((u for w, u in candidates if w >= SLOT), candidates[-1][1])
        after += (public / url.lstrip("/")).stat().st_size
        original = re.sub(r"-\d+w\.webp$", ".jpg", url)
        before += (public / original.lstrip("/")).stat().st_size
    return before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.stories)
        cold = build(root)
        warm = build(root)
        public = root / "public"
        home = page_bytes(public, public / "index.html")
        story = page_bytes(public, public / "news/story-0/index.html")
    print(f"{args.stories} stories, each with its own 3000x2000 photo")
    print(f"cold build  {cold[0]:7.2f} s ({cold[1]:.2f} s CPU)")
    print(f"warm build  {warm[0]:7.2f} s ({warm[1]:.2f} s CPU; no change)")
    for name, (before, after) in (("home page", home), ("story page", story)):
        print(f"{name:10}  pictures {before / 1000:8.0f} kB before, {after / 1000:6.0f} kB after")


if __name__ == "__main__":
    main()
