"""The pieces of a replay: the digest of a build's inputs, its window, and the clock's
effect on the news sitemap."""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from pathlib import Path

from parindex_site.build.cache import RACY_NS
from parindex_site.build.replay import (
    InputScan,
    Replay,
    Window,
    matching,
    recorded,
    recorded_for,
)
from parindex_site.content.models import Article, Term
from parindex_site.render.seo import NEWS_WINDOW, news_sitemap_change, news_sitemap_stories

T0 = dt.datetime(2022, 5, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def files(tmp_path: Path, **texts: str) -> list[str]:
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    return [str(tmp_path / name) for name in sorted(texts)]


def digest(parts: list[object], sources: list[str], copied: list[str], hashed: object = ()) -> str:
    scan = InputScan(parts, sources, [Path(name) for name in copied])
    return scan.digest(frozenset(hashed))  # type: ignore[arg-type]


def test_the_digest_changes_with_every_part_and_every_file(tmp_path: Path) -> None:
    names = files(tmp_path, a="one", b="two", c="picture")
    base = digest(["stamp", True], names[:2], names[2:])
    assert base == digest(["stamp", True], names[:2], names[2:])
    assert digest(["stamp", False], names[:2], names[2:]) != base
    assert digest(["stamp", True], names[:1], names[2:]) != base
    assert digest(["stamp", True], names[:2], []) != base
    # a story and a copied file are told apart, not just listed
    assert digest(["stamp", True], names, []) != base
    # a file by its bytes is not the same as by its stat
    assert digest(["stamp", True], names[:2], names[2:], {names[0]}) != base
    info = os.stat(names[0])
    (tmp_path / "a").write_text("ONE")  # same size, old mtime given back: ctime differs
    os.utime(names[0], ns=(info.st_atime_ns, info.st_mtime_ns))
    assert digest(["stamp", True], names[:2], names[2:]) != base


def test_a_file_dated_past_2262_or_before_1970_has_a_digest_by_its_stat(tmp_path: Path) -> None:
    """An mtime in nanoseconds past a machine integer's range (``touch -d 2300-01-01``)
    or below zero is digested like any other, and still tells two stats apart."""
    names = files(tmp_path, a="one", b="two")
    digests = set()
    for seconds in (32_503_680_000, 32_503_680_001, -86_400, 1_650_000_000):
        os.utime(names[1], ns=(seconds * 10**9, seconds * 10**9))
        digests.add(digest([], names, []))
    assert len(digests) == 4 and "" not in digests


def test_a_racy_file_counts_by_its_bytes(tmp_path: Path) -> None:
    names = files(tmp_path, a="one", b="two")
    scan = InputScan([], names, [])
    assert scan.racy() == frozenset(names)  # just written
    hashed = scan.digest(scan.racy())
    info = os.stat(names[0])
    (tmp_path / "a").write_text("ONE")  # the same stat, but for the ctime, and other bytes
    os.utime(names[0], ns=(info.st_atime_ns, info.st_mtime_ns))
    assert InputScan([], names, []).digest(frozenset(names)) != hashed
    (tmp_path / "a").write_text("one")
    assert InputScan([], names, []).digest(frozenset(names)) == hashed  # bytes, not stat


def test_a_file_that_cannot_be_looked_at_matches_nothing(tmp_path: Path) -> None:
    scan = InputScan([], [str(tmp_path / "gone.md")], [])
    assert not scan.complete and scan.digest(frozenset()) == ""
    assert matching(_replay(Window(T0, None), ""), "", T0) is None


def test_old_files_are_not_racy_and_a_replay_holds_in_its_window(tmp_path: Path) -> None:
    names = files(tmp_path, a="one")
    time.sleep(RACY_NS / 1e9 + 0.1)
    scan = InputScan([], names, [])
    assert scan.racy() == frozenset()
    settled = scan.digest(frozenset())
    replay = _replay(Window(T0, T0 + dt.timedelta(hours=1)), settled)
    assert matching(replay, settled, T0) is replay
    assert matching(replay, settled, T0 + dt.timedelta(minutes=59)) is replay
    assert matching(replay, settled, T0 + dt.timedelta(hours=1)) is None
    assert matching(replay, settled, T0 - dt.timedelta(seconds=1)) is None
    assert matching(replay, "other", T0) is None
    assert matching(None, settled, T0) is None


def test_a_kept_replay_holds_for_the_tree_it_was_recorded_for_only() -> None:
    replay = _replay(Window(T0, None), "digest")
    kept = recorded((1, 2), replay)
    assert recorded_for(kept, (1, 2)) is replay
    assert recorded_for(kept, (1, 3)) is None  # another tree switched in since
    assert recorded((1, 2), None) is None  # nothing to replay: nothing kept
    for foreign in (None, "replay", ((1, 2),), ((1, 2), "not a replay"), [(1, 2), replay]):
        assert recorded_for(foreign, (1, 2)) is None


def test_a_window_without_an_end_holds_from_its_start_on() -> None:
    window = Window(T0, None)
    assert window.holds(T0 + dt.timedelta(days=3650))
    assert not window.holds(T0 - dt.timedelta(microseconds=1))


def test_the_news_sitemap_chooses_alike_until_its_next_change() -> None:
    """At any instant before ``news_sitemap_change``, the choice is the one at ``now``."""
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    for _ in range(200):
        stories = sorted(
            (
                article_at(T0 + dt.timedelta(minutes=rng.randint(-4 * 24 * 60, 24 * 60)), n)
                for n in range(rng.randint(0, 12))
            ),
            key=lambda a: a.published,
            reverse=True,
        )
        chosen = tuple(stories)
        now = T0 + dt.timedelta(minutes=rng.randint(-60, 60))
        change = news_sitemap_change(chosen, now)
        picked = news_sitemap_stories(chosen, now)
        end = change or now + 2 * NEWS_WINDOW
        for _ in range(10):
            moment = now + (end - now) * rng.random()
            if moment < end:
                assert news_sitemap_stories(chosen, moment) == picked, f"seed {seed}"
        if change is not None:  # at a story's own instant: when it enters or leaves
            instants = {a.published for a in chosen}
            instants |= {a.published + NEWS_WINDOW + dt.timedelta(microseconds=1) for a in chosen}
            assert change in instants, f"seed {seed}"
        # a story exactly at the window's edge now leaves at the next instant
        edge = (article_at(now - NEWS_WINDOW, 99),)
        assert news_sitemap_stories(edge, now) == edge
        assert news_sitemap_change(edge, now) == now + dt.timedelta(microseconds=1)


def article_at(published: dt.datetime, number: int) -> Article:
    return Article(
        source=f"content/news/{number}.md",
        title=f"Story {number}",
        published=published,
        slug=str(number),
        category=Term("news", "News"),
        body_html="<p>A</p>",
        summary="Sum",
        url=f"/news/{number}/",
    )


def _replay(window: Window, digest: str) -> Replay:
    return Replay(digest, frozenset(), window, 1, 2, 0, (), (), None)
