#!/usr/bin/env python3
"""Python-Markdown per story: every processor against the pruned instances parsite uses.

    python benchmarks/markdown_pruning.py               # 1,000 corpus stories, 5 runs
    python benchmarks/markdown_pruning.py --stories 300 --runs 9

Writes the synthetic corpus with ``../shared/bench/make_corpus.py`` (``--corpus-script``)
into a temporary folder, then renders every story body in this one process, the full
instance and ``MarkdownRenderer`` in turn within each run, and prints the median
milliseconds per story of each, their ratio, and whether every output was identical.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import bench

from parindex_site.content.frontmatter import split_front_matter
from parindex_site.content.markdown import MarkdownRenderer, new_markdown


def bodies(script: Path, stories: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "content"
        bench.make_corpus(script, "parsite", stories, target)
        paths = sorted(target.rglob("*.md"))
        return [split_front_matter(p.read_text(encoding="utf-8"), p).body for p in paths]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus-script", type=Path, default=bench.CORPUS_SCRIPT)
    args = parser.parse_args()
    texts = bodies(args.corpus_script.resolve(), args.stories)
    full, pruned = new_markdown(), MarkdownRenderer()
    same = all(full.reset().convert(t) == pruned.render(t) for t in texts)  # also warms up
    renderers = {"full": lambda t: full.reset().convert(t), "pruned": pruned.render}
    timings: dict[str, list[float]] = {name: [] for name in renderers}
    for _ in range(args.runs):
        for name, render in renderers.items():
            started = time.perf_counter()
            for text in texts:
                render(text)
            timings[name].append((time.perf_counter() - started) / len(texts) * 1000)
    a, b = (statistics.median(timings[n]) for n in ("full", "pruned"))
    print(f"{len(texts)} stories, medians of {args.runs} runs, one process")
    print(f"every processor: {a:.3f} ms/story")
    print(f"pruned:          {b:.3f} ms/story ({b / a:.2f}x)")
    print(f"identical output: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
