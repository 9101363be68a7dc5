#!/usr/bin/env python3
"""Pagefind's own indexing CPU against a whole cold build without search, in one run.

    python benchmarks/pagefind_alone.py                  # 10,000 corpus stories, 3 runs
    python benchmarks/pagefind_alone.py --stories 1000

Issue #13 asks for a cold build with search within 1.3x of one without. This measures
the floor of that ratio: the CPU seconds that Pagefind's service process alone spends
indexing every story, against the CPU seconds of ``parsite build --no-cache`` with
``search: false`` on the same corpus (the build and its workers). The records and the
parts are parsite's own (``read_stories``, ``plan_search``, ``partition_records``),
made before the clock starts, so only Pagefind's process is counted; each run indexes
them as parsite's parts and as one index. Writes the corpus with
``../shared/bench/make_corpus.py`` (``--corpus-script``) into a temporary folder; prints
medians.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import bench

from parindex_site.assets.pagefind_service import PagefindService, version
from parindex_site.assets.search import partition_records, plan_search
from parindex_site.build.pipeline import BuildOptions, read_stories
from parindex_site.config import load_config
from parindex_site.model.site import build_editions

Records = list[dict[str, Any]]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parts_of(site: Path) -> list[Records]:
    """The records of each part of the index, exactly as a build of ``site`` sends them
    (pictures aside: the corpus points at none that exist)."""
    articles, visibility, _ = read_stories(BuildOptions(site_dir=site, cache=False))
    sites = build_editions(load_config(site), articles, visibility)
    plan = plan_search(sites, version(), {})
    records_of = partition_records(sites, plan)
    return [records_of(partition) for partition in plan.partitions]


def pagefind_cpu(parts: list[Records]) -> float:
    before = children_cpu()
    service = PagefindService()
    try:
        for records in parts:
            service.index_files(records)
    finally:
        service.close()
    return children_cpu() - before


def build_cpu(site: Path) -> float:
    cmd = [sys.executable, "-m", "parindex_site", "build", "--no-cache", "-q", "--site", site]
    return bench.run([str(c) for c in cmd], site).cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus-script", type=Path, default=bench.CORPUS_SCRIPT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        bench.make_corpus(args.corpus_script.resolve(), "parsite", args.stories, site / "content")
        (site / "parsite.yaml").write_text("search: false\n", encoding="utf-8")
        parts = parts_of(site)
        whole = [[record for records in parts for record in records]]
        builds, one, many = [], [], []
        for _ in range(args.runs):
            builds.append(build_cpu(site))
            one.append(pagefind_cpu(whole))
            many.append(pagefind_cpu(parts))
    stories = len(whole[0])
    words = sum(len(record["content"].split()) for record in whole[0]) / stories
    build, single, parted = (statistics.median(x) for x in (builds, one, many))
    print(f"{stories} stories of {words:.0f} words, medians of {args.runs} runs, CPU seconds")
    print(f"parsite build --no-cache, search: false: {build:.2f} s")
    for label, cpu in (("one index", single), (f"parsite's {len(parts)} parts", parted)):
        print(
            f"Pagefind alone, {label}: {cpu:.2f} s ({1000 * cpu / stories:.2f} ms a story); "
            f"build + Pagefind alone = {(build + cpu) / build:.2f}x the build"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
