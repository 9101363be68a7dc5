#!/usr/bin/env python3
"""Pagefind's own indexing CPU against a whole cold build without search, in one run.

    python benchmarks/pagefind_alone.py                  # 10,000 corpus stories, 3 runs
    python benchmarks/pagefind_alone.py --stories 1000 --parts 10

Issue #13 asks for a cold build with search within 1.3x of one without. This measures
the floor of that ratio: the CPU seconds that Pagefind's service process alone spends
indexing every story (one record each: title and body text, as parsite sends them,
spoken to through ``assets.pagefind_service``; no parsite work counted), against the
CPU seconds of ``parsite build --no-cache`` with ``search: false`` on the same corpus
(the build and its workers). Writes the corpus with ``../shared/bench/make_corpus.py``
(``--corpus-script``) into a temporary folder; prints medians.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from parindex_site.assets.pagefind_service import PagefindService
from parindex_site.content.frontmatter import read_front_matter, split_front_matter

REPO = Path(__file__).resolve().parent.parent
_MARKUP = re.compile(r"[#*_`>\[\]()!|]+")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def records(content: Path) -> list[dict[str, Any]]:
    made = []
    for path in sorted(content.rglob("*.md")):
        doc = split_front_matter(path.read_text(encoding="utf-8"), path)
        title = str(read_front_matter(doc, path).data.get("title", ""))
        made.append(
            {
                "url": f"/{path.stem}/",
                "content": f"{title} {_MARKUP.sub(' ', doc.body)}",
                "language": "vi",
                "meta": {"title": title},
                "filters": {"section": ["news"]},
                "sort": {"date": "2022-05-25"},
            }
        )
    return made


def pagefind_cpu(items: list[dict[str, Any]], parts: int) -> float:
    before = children_cpu()
    service = PagefindService()
    size = -(-len(items) // parts)
    try:
        for start in range(0, len(items), size):
            service.index_files(items[start : start + size])
    finally:
        service.close()
    return children_cpu() - before


def build_cpu(site: Path) -> float:
    before = children_cpu()
    cmd = [sys.executable, "-m", "parindex_site", "build", "--no-cache", "-q", "--site", site]
    subprocess.run([str(c) for c in cmd], check=True, stderr=subprocess.DEVNULL)
    return children_cpu() - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parts", type=int, default=96, help="indexes, as parsite's months")
    parser.add_argument(
        "--corpus-script", type=Path, default=REPO / ".." / "shared" / "bench" / "make_corpus.py"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        cmd = [sys.executable, args.corpus_script.resolve(), "--flavor", "parsite"]
        cmd += ["--n", str(args.stories), site / "content"]
        subprocess.run([str(c) for c in cmd], check=True, stderr=subprocess.DEVNULL)
        (site / "parsite.yaml").write_text("search: false\n", encoding="utf-8")
        items = records(site / "content")
        words = sum(len(item["content"].split()) for item in items) / len(items)
        builds, one, many = [], [], []
        for _ in range(args.runs):
            builds.append(build_cpu(site))
            one.append(pagefind_cpu(items, 1))
            many.append(pagefind_cpu(items, args.parts))
    build, single, parted = (statistics.median(x) for x in (builds, one, many))
    print(f"{len(items)} stories of {words:.0f} words, medians of {args.runs} runs, CPU seconds")
    print(f"parsite build --no-cache, search: false: {build:.2f} s")
    for label, cpu in (("one index", single), (f"{args.parts} indexes", parted)):
        ratio = (build + cpu) / build
        print(
            f"Pagefind alone, {label}: {cpu:.2f} s ({1000 * cpu / len(items):.2f} ms a story); "
            f"build + Pagefind alone = {ratio:.2f}x the build"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
