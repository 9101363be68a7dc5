"""Worker processes: slices in input order, really forked, errors with their fields, and
the garbage collector paused for a build."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from parindex_site.build.parallel import (
    PARALLEL_MIN,
    Executor,
    paused_gc,
    run_slices,
    split,
    unsplit,
)
from parindex_site.errors import ContentError


def test_split_interleaves_and_unsplit_restores_the_order() -> None:
    parts = split(list(range(10)), 3)
    assert [list(p) for p in parts] == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]
    assert unsplit(parts) == list(range(10))
    assert split([1], 4) == [[1]]


def test_worker_results_come_back_in_input_order() -> None:
    seen: list[tuple[int, int]] = []
    results = run_slices(
        lambda part, report: (report(len(part)), [x * x for x in part])[1],
        list(range(50)),
        workers=2,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert unsplit(results) == [x * x for x in range(50)]
    assert seen[-1] == (50, 50)


# Run in a fresh interpreter: this test process may have threads (the browser tests'
# session-scoped HTTP server), and forking is rightly refused from such a process, which
# would make an in-process check pass or fail depending on which tests ran first.
_WORKER_PIDS = """
import gc, json, os, tempfile, time, weakref
from pathlib import Path
from parindex_site.errors import ContentError
from parindex_site.build.parallel import (
    PARALLEL_MIN, Executor, can_fork, cpu_count, paused_gc, run_slices
)
assert can_fork(), "a fresh single-threaded interpreter must be allowed to fork"

class Node:
    pass


def cycles(part, report):  # 10,000 objects only a cycle keeps: how many live on
    refs = []
    for _ in range(10_000):
        node = Node()
        node.self = node
        refs.append(weakref.ref(node))
    return [gc.isenabled(), sum(ref() is not None for ref in refs)]


def cycles_in_workers():
    with paused_gc():
        result = run_slices(cycles, [1, 2], workers=2)
        return {"slices": result, "after": [gc.isenabled(), gc.get_freeze_count()]}


def background(tmp):  # a step that sees a file made after starting it: they overlap
    flag = os.path.join(tmp, "flag")

    def step(part, report):
        for _ in range(500):
            if os.path.exists(flag):
                report(len(part))
                return [os.getpid(), True]
            time.sleep(0.01)
        return [os.getpid(), False]

    seen = []
    pending = Executor(jobs=2).start(step, ["a", "b"], lambda *tally: seen.append(tally))
    open(flag, "w").close()
    return {"result": pending.result(), "progress": seen}


def failing():
    def step(part, report):
        raise ContentError(Path("content/news/b.md"), "bad date", line=4)

    pending = Executor(jobs=2).start(step, [1])
    try:
        pending.result()
    except ContentError as exc:
        return [type(exc).__name__, str(exc), exc.line]
    return None


def cancelled():
    pending = Executor(jobs=2).start(lambda part, report: time.sleep(60), [1])
    pid = pending._child.pid
    started = time.monotonic()
    pending.cancel()
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    return {"seconds": time.monotonic() - started, "alive": alive}


def lazy():  # lazily: run when asked for, in a process of its own only if worth one
    ran = []

    def step(part, report):
        ran.append(os.getpid())
        return os.getpid()

    below = Executor(threshold=3).start(step, [1, 2], lazily=True)
    before = list(ran)
    below_pid = below.result()
    above_pid = Executor(jobs=2).start(step, [1, 2, 3], lazily=True).result()
    dropped = Executor(jobs=1).start(step, [1], lazily=True)
    dropped.cancel()
    try:
        dropped.result()
        after_cancel = "a result"
    except RuntimeError:
        after_cancel = "cancelled"
    return {"before": before, "below": below_pid, "above": above_pid, "ran_here": ran,
            "after_cancel": after_cancel}


def first_slice_fails(tmp):  # this process's own slice fails: the worker is ended
    mark = os.path.join(tmp, "worker")

    def step(part, report):
        if part[0] == 2:  # the worker's slice: says who it is, then would sleep a minute
            with open(mark, "w") as out:
                out.write(str(os.getpid()))
            time.sleep(60)
            return 0
        while not os.path.exists(mark) or not open(mark).read():
            time.sleep(0.01)
        raise ContentError(Path("content/news/a.md"), "bad title", line=2)

    started = time.monotonic()
    try:
        run_slices(step, [1, 2], workers=2)
        raised = None
    except ContentError as exc:
        raised = str(exc)
    pid = int(open(mark).read())
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    return {"raised": raised, "seconds": time.monotonic() - started, "alive": alive}


executor = Executor(jobs=2)
with tempfile.TemporaryDirectory() as tmp:
    overlapped = background(tmp)
with tempfile.TemporaryDirectory() as tmp:
    first_fails = first_slice_fails(tmp)
print(json.dumps({
    "background": overlapped,
    "inline": Executor(jobs=1).start(lambda part, report: os.getpid(), [1]).result(),
    "failing": failing(),
    "cancelled": cancelled(),
    "parent": os.getpid(),
    "slices": run_slices(lambda part, report: os.getpid(), [1, 2, 3, 4], workers=2),
    "jobs_2": executor.run(lambda part, report: os.getpid(), ["a", "b"]),
    "used": executor.used,
    "cores": cpu_count(),
    "auto": [Executor().workers(n) for n in (1, PARALLEL_MIN - 1, PARALLEL_MIN, 10**6)],
    "cycles": cycles_in_workers(),
    "lazy": lazy(),
    "first_fails": first_fails,
}))
"""


@pytest.fixture(scope="module")
def forked() -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-c", _WORKER_PIDS], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_the_first_slice_runs_here_and_each_other_in_a_worker_even_for_two_items(
    forked: dict[str, Any],
) -> None:
    for pids in (forked["slices"], forked["jobs_2"]):
        assert pids[0] == forked["parent"] and forked["parent"] not in pids[1:]
        assert len(set(pids)) == 2
    assert forked["used"] == 2


def test_an_error_in_this_processs_own_slice_ends_the_workers(
    forked: dict[str, Any],
) -> None:
    failed = forked["first_fails"]
    assert failed["raised"] == "content/news/a.md:2: bad title"
    assert failed["alive"] is False  # killed and reaped, not left sleeping
    assert failed["seconds"] < 10


def test_a_background_step_runs_in_its_own_process_while_this_one_goes_on(
    forked: dict[str, Any],
) -> None:
    pid, saw_the_flag = forked["background"]["result"]
    assert pid != forked["parent"]
    assert saw_the_flag  # made after start() returned: start did not wait for the step
    assert forked["background"]["progress"] == [[2, 2]]  # passed on when it is collected
    assert forked["inline"] == forked["parent"]  # --jobs 1: in this process


def test_a_background_steps_error_reaches_the_parent_and_a_cancelled_one_ends(
    forked: dict[str, Any],
) -> None:
    assert forked["failing"] == ["ContentError", "content/news/b.md:4: bad date", 4]
    assert forked["cancelled"]["alive"] is False
    assert forked["cancelled"]["seconds"] < 10  # killed, not waited for (it sleeps 60 s)


def test_lazy_work_waits_for_its_result_and_forks_only_when_worth_it(
    forked: dict[str, Any],
) -> None:
    lazy, parent = forked["lazy"], forked["parent"]
    assert lazy["before"] == []  # nothing ran before the result was asked for
    assert lazy["below"] == parent  # fewer items than the threshold: in this process
    assert lazy["above"] != parent  # two jobs asked for: a process of its own
    assert lazy["ran_here"] == [parent]  # and the cancelled step never ran
    assert lazy["after_cancel"] == "cancelled"


def test_automatic_jobs_use_one_process_below_the_threshold_and_every_core_above(
    forked: dict[str, Any],
) -> None:
    cores = forked["cores"]
    assert forked["auto"] == [1, 1, cores, cores]
    assert Executor().workers(PARALLEL_MIN - 1) == 1  # here too, threads or not
    assert Executor(threshold=10).workers(9) == 1


def test_an_error_in_a_worker_reaches_the_parent_with_its_fields() -> None:
    def work(part: Sequence[int], report: Callable[[int], None]) -> int:
        if 3 in part:
            raise ContentError(Path("content/news/b.md"), "bad date", line=4)
        return 0

    with pytest.raises(ContentError) as caught:
        run_slices(work, [1, 2, 3, 4], workers=2)
    assert caught.value.path == Path("content/news/b.md")
    assert caught.value.line == 4
    assert str(caught.value) == "content/news/b.md:4: bad date"


class _Node:
    self: _Node


def _cycles(part: Sequence[int], report: Callable[[int], None]) -> tuple[bool, int]:
    """Makes 10,000 objects that only a cycle keeps alive: how many are still alive."""
    refs = []
    for _ in range(10_000):
        node = _Node()
        node.self = node
        refs.append(weakref.ref(node))
    return gc.isenabled(), sum(ref() is not None for ref in refs)


def test_a_step_collects_its_own_cycles_in_a_paused_build(forked: dict[str, Any]) -> None:
    """Rendering makes reference cycles: under ``paused_gc`` a step (in this process or
    in its workers) runs with the collector on, for its own objects, and off after."""
    for enabled, alive in forked["cycles"]["slices"]:
        assert enabled and alive < 5_000
    assert forked["cycles"]["after"] == [False, 0]
    with paused_gc():
        [(enabled, alive)] = run_slices(_cycles, [1], workers=1)
        assert enabled and alive < 5_000
        assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_the_garbage_collector_is_paused_during_a_build_and_restored_after() -> None:
    assert gc.isenabled()
    with pytest.raises(ContentError), paused_gc():
        assert not gc.isenabled()
        raise ContentError(Path("content/a.md"), "bad")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_a_steps_error_is_raised_again_by_every_later_call_for_its_result() -> None:
    """A step asked twice (the replay's look at the tree, then the pages' deciding)
    gives its error both times, not a different one the second time."""

    def work(part: Sequence[int], report: Callable[[int], None]) -> int:
        raise ContentError(Path("content/news/b.md"), "bad date", line=4)

    pending = Executor(jobs=1).start(work, [1], lazily=True)
    for _ in range(2):
        with pytest.raises(ContentError, match="bad date"):
            pending.result()
