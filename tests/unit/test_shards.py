"""Stories' shard files: the bodies stay in the file until read, each story gets its own
body back, and a file cut short or pointing past its end is not trusted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
from pathlib import Path

import pytest

from parindex_site.build.cache import Entry
from parindex_site.build.parallel import dumps
from parindex_site.build.shards import read_shard, write_shard
from parindex_site.content.models import Article, Term, with_fields
from parindex_site.errors import SiteError

TZ = dt.timezone(dt.timedelta(hours=7))


def story(n: int, body: str) -> Article:
    return Article(
        source=f"content/news/{n}.md",
        title=f"Tin {n}",
        published=dt.datetime(2022, 5, 25, 10, n % 60, tzinfo=TZ),
        slug=f"tin-{n}",
        category=Term("news", "Tin tức"),
        body_html=body,
        summary="Tóm tắt",
    )


def bodies(count: int) -> dict[str, str]:
    # Lengths from empty up, and non-ASCII text: offsets are in bytes, not characters.
    return {f"{n}.md": f"<p>Hưng Yên tăng {n} bậc</p>" * (n % 7) for n in range(count)}


def write(path: Path, texts: dict[str, str], stamp: str = "s") -> None:
    entries = {
        key: Entry("digest", (1, 2, 3, 4), 5, story(n, text))
        for n, (key, text) in enumerate(texts.items())
    }
    write_shard(path, stamp, entries)


def test_every_story_reads_back_its_own_body_and_only_when_asked(tmp_path: Path) -> None:
    path, texts = tmp_path / "shard", bodies(40)
    write(path, texts)
    loaded = read_shard(path, "s")
    assert sorted(loaded) == sorted(texts)
    first = loaded["3.md"].article
    assert "body_html" not in vars(first)  # still in the file
    assert first.title == "Tin 3"
    for key, text in texts.items():
        assert loaded[key].article.body_html == text
        assert str(loaded[key].article.body) == text
    # Read each time it is asked for, never held: a render worker that kept every body
    # it rendered would grow by half the site's bodies.
    assert "body_html" not in vars(first) and first.body_html == texts["3.md"]


def test_a_shard_rewritten_while_its_stories_are_in_use_keeps_their_bodies(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shard"
    write(path, {"a.md": "<p>old a</p>", "b.md": "<p>old b</p>"})
    old = read_shard(path, "s")
    # The build saves the shard again with a new body for b, and another length for a.
    write(path, {"a.md": "<p>a new and much longer body</p>", "b.md": "<p>b</p>"})
    assert old["a.md"].article.body_html == "<p>old a</p>"
    assert old["b.md"].article.body_html == "<p>old b</p>"
    assert read_shard(path, "s")["b.md"].article.body_html == "<p>b</p>"


def test_a_story_whose_body_is_on_disk_saves_and_pickles_whole(tmp_path: Path) -> None:
    path, again = tmp_path / "shard", tmp_path / "again"
    write(path, {"a.md": "<p>Đề án 06</p>"})
    entry = read_shard(path, "s")["a.md"]
    write_shard(again, "s", {"a.md": entry})  # a shard saved from a lazy story
    assert read_shard(again, "s")["a.md"].article.body_html == "<p>Đề án 06</p>"
    lazy = read_shard(path, "s")["a.md"].article
    copied = pickle.loads(dumps(lazy))  # as a worker's result would travel
    assert copied.body_html == "<p>Đề án 06</p>"
    assert "_body_source" not in vars(copied)


def test_fields_at_their_default_or_not_read_back_as_written(tmp_path: Path) -> None:
    plain = story(1, "<p>a</p>")
    rich = dataclasses.replace(
        story(2, "<p>b</p>"),
        tags=(Term("par", "PAR"),),
        updated=dt.datetime(2022, 6, 24, 10, 14, tzinfo=TZ),
        weight=0,  # 0 is not the default None, nor False
        featured=True,
        image_line=3,
        aliases=("/old/",),
        body_pictures=(("/images/a.jpg", True),),
        fingerprint="f" * 32,
    )
    path = tmp_path / "shard"
    write_shard(
        path,
        "s",
        {"1.md": Entry("d", (1, 2, 3, 4), 5, plain), "2.md": Entry("d", (1, 2, 3, 4), 5, rich)},
    )
    loaded = read_shard(path, "s")
    for key, original in (("1.md", plain), ("2.md", rich)):
        again = loaded[key].article
        for f in dataclasses.fields(Article):
            value, expected = getattr(again, f.name), getattr(original, f.name)
            assert value == expected and type(value) is type(expected), f.name


def test_a_shard_cut_short_or_of_another_stamp_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "shard"
    write(path, {"a.md": "<p>" + "x" * 500 + "</p>"})
    assert read_shard(path, "other") is None
    data = path.read_bytes()
    for cut in (len(data) - 1, len(data) - 300, 30, 5):
        path.write_bytes(data[:cut])
        assert read_shard(path, "s") is None, cut
    path.write_bytes(data.replace(b"\n", b"x\n", 2))  # the length line damaged
    assert read_shard(path, "s") is None
    assert read_shard(tmp_path / "missing", "s") is None


def test_the_body_is_still_a_field_every_story_must_be_given() -> None:
    # The descriptor is set on the class after the dataclass is made: set before, it
    # would have become the field's default, and a story without a body would be made.
    assert "body_html" in {
        f.name for f in dataclasses.fields(Article) if f.default is dataclasses.MISSING
    }
    fields = {"source": "a.md", "title": "A", "published": dt.datetime(2022, 1, 1, tzinfo=TZ)}
    with pytest.raises(TypeError, match="body_html"):
        Article(**fields, slug="a", category=Term("news", "News"), summary="")  # type: ignore[call-arg]
    # A story holding neither its body nor a place to read it from has no body at all.
    bare = story(1, "<p>x</p>")
    del vars(bare)["body_html"]
    with pytest.raises(AttributeError):
        _ = bare.body_html


def test_a_shards_file_closes_once_no_story_points_into_it(tmp_path: Path) -> None:
    """``parsite serve`` builds for hours in one process: every build's open shard files
    must close with its stories."""
    path = tmp_path / "shard"
    write(path, bodies(5))
    before = len(os.listdir("/proc/self/fd"))
    loaded = read_shard(path, "s")
    assert len(os.listdir("/proc/self/fd")) == before + 1
    kept = loaded["2.md"].article
    del loaded
    assert len(os.listdir("/proc/self/fd")) == before + 1  # one story still needs it
    assert kept.body_html == bodies(5)["2.md"]
    del kept
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_shard_cut_short_while_in_use_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "shard"
    write(path, {"a.md": "<p>" + "x" * 500 + "</p>"})
    lazy = read_shard(path, "s")["a.md"].article
    os.truncate(path, 40)  # something else changed the cache folder meanwhile
    with pytest.raises(SiteError, match="cut short while this build read it"):
        _ = lazy.body_html


def test_a_story_copied_with_other_fields_leaves_its_body_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "shard"
    write(path, {"a.md": "<p>Hưng Yên</p>"})
    lazy = read_shard(path, "s")["a.md"].article
    copy = with_fields(lazy, title="Tin khác")
    assert copy.title == "Tin khác" and lazy.title == "Tin 0"
    assert "body_html" not in vars(copy) and copy.body_html == "<p>Hưng Yên</p>"
