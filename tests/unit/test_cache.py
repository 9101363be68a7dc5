"""The build cache: round trips, and a damaged or foreign cache is never trusted."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest

from parindex_site.build.cache import Entry, load_entries, load_value, save_entries, save_value
from parindex_site.build.parallel import paused_gc, run_slices, split, unsplit
from parindex_site.build.plan import has_no_border
from parindex_site.content.models import Article, Term
from parindex_site.errors import ContentError

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def story(title: str = "Hưng Yên tăng 10 bậc") -> Article:
    return Article(
        source="content/news/a.md",
        title=title,
        published=dt.datetime(2022, 5, 25, 10, 14, tzinfo=TZ),
        slug="hung-yen-tang-10-bac",
        category=Term("news", "News"),
        body_html="<p>Body</p>",
        summary="Body",
        tags=(Term("par-index", "PAR Index"),),
        updated=dt.datetime(2022, 5, 26, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        extra=MappingProxyType({"source_url": "https://example.org", "when": dt.date(2022, 1, 1)}),
    )


def test_entries_round_trip_with_time_zones_and_extra_fields(tmp_path: Path) -> None:
    entries = {"news/a.md": Entry("d1", (1, 2, 3), 4, story())}
    save_entries(tmp_path, "stamp", entries, changed=["news/a.md"])
    loaded = load_entries(tmp_path, "stamp")["news/a.md"].article
    assert loaded.title == "Hưng Yên tăng 10 bậc"
    assert loaded.published == story().published
    assert loaded.published.tzinfo == TZ
    assert dict(loaded.extra) == dict(story().extra)
    assert isinstance(loaded.extra, MappingProxyType)


def test_a_cache_written_under_another_stamp_is_ignored(tmp_path: Path) -> None:
    save_value(tmp_path / "v.pickle", "old-config", {"a": 1})
    assert load_value(tmp_path / "v.pickle", "old-config") == {"a": 1}
    assert load_value(tmp_path / "v.pickle", "new-config") is None


def test_truncated_or_garbage_cache_files_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "v.pickle"
    save_value(path, "s", {"news/a.md": Entry("d", (1, 2, 3), 4, story())})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    assert load_value(path, "s") is None
    path.write_bytes(b"\x00\xff" * 100)
    assert load_value(path, "s") is None


def test_a_pickle_naming_anything_else_is_refused_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    path = tmp_path / "v.pickle"
    path.write_bytes(b"parsite-cache\ns\n" + pickle.dumps(Evil()))
    assert load_value(path, "s") is None
    assert not marker.exists()


def test_a_shard_with_one_wrong_entry_is_dropped_whole(tmp_path: Path) -> None:
    save_entries(tmp_path, "s", {"a.md": Entry("d", (1, 2, 3), 4, story())}, ["a.md"])
    shard = next(tmp_path.iterdir())
    save_value(shard, "s", {"a.md": Entry("d", (1, 2, 3), 4, story()), "b.md": "not an entry"})
    assert load_entries(tmp_path, "s") == {}


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
# session-scoped HTTP server), and run_slices rightly refuses to fork from such a process,
# which would make an in-process check pass or fail depending on which tests ran first.
_WORKER_PIDS = """
import json, os
from parindex_site.build.parallel import can_fork, run_slices
assert can_fork(), "a fresh single-threaded interpreter must be allowed to fork"
pids = run_slices(lambda part, report: os.getpid(), [1, 2, 3, 4], workers=2)
print(json.dumps({"parent": os.getpid(), "workers": pids}))
"""


def test_slices_run_in_separate_worker_processes() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _WORKER_PIDS], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    pids = json.loads(run.stdout)
    assert len(set(pids["workers"])) == 2
    assert pids["parent"] not in pids["workers"]


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


def test_a_text_with_a_border_cannot_be_spliced() -> None:
    assert has_no_border('<aside class="latest">news</aside>\n')
    assert not has_no_border("abcab")
    assert not has_no_border("aa")
    assert not has_no_border("")


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
