#!/usr/bin/env python3
"""The link checker's cost on a synthetic portal: pages per second, parse vs resolve.

    python benchmarks/links.py                  # 2,000 stories, 3 runs
    python benchmarks/links.py --stories 10000 --runs 1

Builds the portal once into a temporary folder with the real command, then times
``find_broken_links`` over the written output (what ``parsite check --output DIR`` does;
``check --links`` and ``build --strict`` do the same on the pages in memory).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parindex_site.links import find_broken_links, parse_page, read_output_dir


def make_site(root: Path, stories: int) -> None:
    sections = ("news", "society", "investment", "leadership")
    for number in range(stories):
        section, previous = sections[number % 4], sections[(number - 1) % 4]
        folder = root / "content" / section
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"story-{number}.md").write_text(
            f"---\ntitle: Story {number}\ndate: 2022-01-01 10:{number % 60:02d}\n"
            f"tags: [Tag {number % 50}, Tag {number % 7}]\n---\n"
            f"Body of story {number}, see [the previous one](/{previous}/story-{number - 1}/).\n"
            "\n## Details\n\nMore text, and [details](#details).\n",
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parsite-links-") as tmp:
        root = Path(tmp)
        make_site(root, args.stories)
        subprocess.run(
            [sys.executable, "-m", "parindex_site", "build", "--quiet", "--output", "out"],
            cwd=root,
            check=True,
        )
        files = read_output_dir(root / "out")
        parse, total = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            for data in files.html.values():
                parse_page(data)
            parse.append(time.perf_counter() - started)
            started = time.perf_counter()
            broken = find_broken_links(files, "https://portal.example")
            total.append(time.perf_counter() - started)
    pages = len(files.html)
    megabytes = sum(len(d) for d in files.html.values()) / 1e6
    best = statistics.median(total)
    print(f"{args.stories} stories -> {pages} HTML pages, {megabytes:.1f} MB of HTML")
    print(f"parse (median of {args.runs}): {statistics.median(parse):.2f} s")
    print(f"check (median of {args.runs}): {best:.2f} s = {pages / best:.0f} pages/s")
    print(f"broken links found: {len(broken)} (the first story links to a missing one)")


if __name__ == "__main__":
    main()
