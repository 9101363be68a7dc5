"""Builds that collide or die: the output folder is always a whole site, old or new.

Two builds of one site into one output at once, and builds killed with SIGKILL at random
moments (the whole process group, or only the main process, whose workers must then not
live on). Afterwards the output is byte for byte the site before or the site after,
nothing but the engine's hidden work folder stands beside it, and the next build
succeeds and equals a cold build. The kill moments come from a fresh seed, printed.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path
from typing import Any

from engine_harness import (
    Files,
    closest,
    differences,
    edit,
    finish,
    fresh_seed,
    kill_group,
    leftovers,
    news_tree,
    output_in,
    replace_tree,
    start_parsite,
    story_path,
    survivors,
)

CONCURRENT_STORIES = 200
KILLED_STORIES = 300
KILL_TRIALS = 6
WORKER_GRACE_S = 2.0  # how long a worker may outlive its killed parent
BUSY = "another build is running"


def cold_build(run_parsite: Any, site: Path, output: Path, snapshot: Any) -> dict[str, bytes]:
    code, out, err = run_parsite("build", "--no-cache", "--jobs", "1", "--output", output, cwd=site)
    assert code == 0, f"cold build: exit {code}\n{out}\n{err}"
    return dict(snapshot(output))


def changed(base: Files, version: int) -> Files:
    """Version ``version`` of the ``base`` tree, touching every page: the newest story's
    title (in every sidebar), some bodies, one story gone, one added."""
    new = dict(base)
    edit(new, story_path(new, 0), "Story 0000", f"Story 0000 revised {version}")
    for number in range(5 + version, 60, 11):
        edit(new, story_path(new, number), "Body of story", f"Revised ({version}) body of story")
    del new[story_path(new, 7 + version)]
    new[f"content/news/extra-{version}.md"] = str(base[story_path(base, 1)]).replace(
        "Story 0001", f"Extra story {version}"
    )
    return new


# --------------------------------------------------------------------------- concurrency


def test_two_builds_at_once_leave_one_whole_site_and_no_leftovers(
    tmp_path: Path, write_tree: Any, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    seed = fresh_seed()
    rng = random.Random(seed)
    site, public = tmp_path / "site", output_in(tmp_path / "out")
    base = news_tree(article, CONCURRENT_STORIES)
    write_tree(site, base)
    # round 0: no output yet; 1: an edit (incremental); 2: a full build racing a warm one
    flag_sets = [([], []), ([], ["--jobs", "2"]), (["--no-cache"], ["--jobs", "2"])]
    for round_number, flags in enumerate(flag_sets):
        if round_number:
            replace_tree(site, changed(base, round_number))
        context = f"seed {seed}, round {round_number}, flags {flags}"
        procs = []
        for index, extra in enumerate(flags):
            if index:
                time.sleep(rng.uniform(0.0, 0.4))  # overlap at a random offset
            log = tmp_path / f"round-{round_number}-{index}"
            procs.append(
                (start_parsite("build", "--output", public, *extra, cwd=site, log=log), log)
            )
        results = [finish(proc, log) for proc, log in procs]
        for code, out, err in results:
            assert "Traceback" not in err, f"{context}\n{err}"
            assert code == 0 or (code == 1 and BUSY in err), f"{context}: exit {code}\n{out}\n{err}"
        assert 0 in [code for code, _, _ in results], f"{context}: neither build succeeded"
        expected = cold_build(
            run_parsite, site, output_in(tmp_path / f"cold-{round_number}"), snapshot
        )
        wrong = differences(snapshot(public), expected)
        assert not wrong, f"{context}: the output is not the site:\n" + "\n".join(wrong)
        assert leftovers(public) == [], context


# --------------------------------------------------------------------------- kill -9


def killed_build(
    site: Path, public: Path, flags: list[str], delay: float, whole_group: bool, log: Path
) -> tuple[int, str, list[int]]:
    """Start ``parsite build --jobs 2 FLAGS``, SIGKILL it after ``delay`` seconds (its whole
    process group, or its main process only); its exit code, stderr, and the pids of its
    processes still alive once the workers have had their grace period."""
    args = ("build", "--jobs", "2", *flags, "--output", public)
    proc = start_parsite(*args, cwd=site, log=log, new_session=True)
    try:
        time.sleep(delay)
        if whole_group:
            kill_group(proc.pid)
        else:
            os.kill(proc.pid, signal.SIGKILL)
        code, _, err = finish(proc, log)
        return code, err, survivors(proc.pid, WORKER_GRACE_S)
    finally:
        kill_group(proc.pid)  # whatever the test says, leave no process behind


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one(
    tmp_path: Path, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    seed = fresh_seed()
    rng = random.Random(seed)
    site, public = tmp_path / "site", output_in(tmp_path / "out")
    trees = {"A": news_tree(article, KILLED_STORIES)}
    trees["B"] = changed(trees["A"], 1)
    expected, windows = {}, {}
    for name, kind in (("A", "full"), ("B", "incremental")):
        replace_tree(site, trees[name])
        expected[name] = cold_build(run_parsite, site, tmp_path / f"cold-{name}", snapshot)
        # A warm build of each, timed: the kill moments are drawn within these lengths.
        started = time.monotonic()
        code, out, err = run_parsite("build", "--jobs", "2", "--output", public, cwd=site)
        windows[kind] = time.monotonic() - started
        assert code == 0, f"{out}\n{err}"
    plan = [(kind, group) for kind in ("full", "incremental") for group in (True, False)]
    plan += [(rng.choice(tuple(windows)), rng.random() < 0.5) for _ in range(KILL_TRIALS - 4)]
    rng.shuffle(plan)
    current = "B"
    for trial, (kind, whole_group) in enumerate(plan):
        target = "A" if current == "B" else "B"
        replace_tree(site, trees[target])
        delay = rng.uniform(0.05, 1.05) * windows[kind]
        context = (
            f"seed {seed}, trial {trial}: a {kind} build {current} -> {target} killed after "
            f"{delay:.2f} s ({'the process group' if whole_group else 'the main process only'})"
        )
        flags = ["--no-cache"] if kind == "full" else []
        code, err, alive = killed_build(
            site, public, flags, delay, whole_group, tmp_path / str(trial)
        )
        print(context + ("" if code < 0 else f" (it had ended: exit {code})"))
        assert "Traceback" not in err, f"{context}\n{err}"
        assert alive == [], f"{context}: workers {alive} outlived the build"
        got = snapshot(public)
        candidates = {"old": expected[current], "new": expected[target]}
        assert got in candidates.values(), (
            f"{context}: the output is neither the old site nor the new one\n"
            + closest(got, candidates)
        )
        assert leftovers(public) == [], f"{context}: {leftovers(public)}"
        code, out, err = run_parsite("build", "--jobs", "2", "--output", public, cwd=site)
        assert code == 0, f"{context}: the next build failed\n{out}\n{err}"
        wrong = differences(snapshot(public), expected[target])
        assert not wrong, f"{context}: the next build left:\n" + "\n".join(wrong)
        current = target
