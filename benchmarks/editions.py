#!/usr/bin/env python3
"""Two editions against one: the same corpus built as one portal and split over two.

    python benchmarks/editions.py                    # 10,000 stories, 3 runs
    python benchmarks/editions.py --size 1000 --runs 3

Makes the synthetic corpus of ``bench.py`` twice: once as a one-edition portal, once
with every other story moved to ``content/en/`` and ``languages: [vi, en]`` in
``parsite.yaml``, so both have the same stories, bodies and total size. Times the same
scenarios as ``bench.py`` (cold, no change, body edit, newest title edit, new story; the
edits fall in the first edition) on both, in the same run, and prints the medians with the
ratio two editions / one. The goal (issue #11): a two-edition build within 1.1x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import bench

TWO_EDITIONS = """\
title: Cổng thông tin
languages:
  vi:
    title: Cổng thông tin
  en:
    title: News Portal
"""


def portal(work: Path, size: int, script: Path, editions: int) -> bench.Tool:
    site = work / f"editions-n{size}" / f"{editions}"
    bench.make_corpus(script, "parsite", size, site / "content")
    news = site / "content" / "news"
    moved = site / "content" / "en" / "news"
    if editions == 2:
        (site / "parsite.yaml").write_text(TWO_EDITIONS, encoding="utf-8")
        if not moved.is_dir():
            moved.mkdir(parents=True)
            for path in sorted(news.iterdir())[1::2]:
                path.rename(moved / path.name)
    base = [sys.executable, "-m", "parindex_site", "build", "--future", "-q"]

    def reset() -> None:
        for folder in (site / "public", site / ".parsite-cache"):
            shutil.rmtree(folder, ignore_errors=True)

    return bench.Tool(
        f"{editions} edition{'s' if editions > 1 else ''}",
        site,
        site / "content",
        lambda: [*base, "--no-cache"],
        lambda: base,
        reset,
    )


def table(size: int, one: bench.Result, two: bench.Result) -> str:
    runs = len(one.times["cold"])
    lines = [
        f"### {size:,} stories, one edition against two (medians of {runs} runs)",
        "| | one edition | two editions | two/one |",
        "|---|---:|---:|---:|",
    ]
    for scenario in bench.SCENARIOS:
        a, b = one.median(scenario), two.median(scenario)
        lines.append(f"| {scenario} | {a:.2f} s | {b:.2f} s | {b / a:.2f}x |")
        a, b = (statistics.median(r.cpu[scenario]) for r in (one, two))
        lines.append(f"| {scenario} (CPU) | {a:.2f} s | {b:.2f} s | {b / a:.2f}x |")
    a, b = max(one.rss_mb), max(two.rss_mb)
    lines.append(f"| peak RSS | {a:.0f} MB | {b:.0f} MB | {b / a:.2f}x |")
    cold = two.median("cold") / one.median("cold")
    lines.append(f"- {'met' if cold <= 1.1 else 'NOT met'}: two editions cold <= 1.1x one")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--corpus-script",
        type=Path,
        default=bench.CORPUS_SCRIPT,
    )
    args = parser.parse_args()
    shm = Path("/dev/shm")
    work = shm / "parsite-bench" if shm.is_dir() else bench.WORK / "run"
    print(f"work folder: {work}; {os.cpu_count()} cores", flush=True)
    compile_all = [sys.executable, "-m", "compileall", "-q", str(bench.REPO / "src")]
    subprocess.run(compile_all, check=True, stdout=subprocess.DEVNULL)
    script = args.corpus_script.resolve()
    one, two = (portal(work, args.size, script, n) for n in (1, 2))
    results = []
    for tool in (one, two):
        print(f"{args.size} stories: {tool.name} ...", file=sys.stderr, flush=True)
        results.append(bench.measure(tool, args.runs))
    print(table(args.size, *results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
