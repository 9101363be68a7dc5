"""The read workers' spool: a story parsed in a worker reaches the build without its
body, which is read from the worker's file whenever it is asked for, and every other
field as it was."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from test_shards import bodies, story

from parindex_site.build.cache import Entry
from parindex_site.build.parallel import dumps
from parindex_site.build.shards import read_shard, write_shard
from parindex_site.build.spool import Spool, attach, without_body
from parindex_site.config import SiteConfig
from parindex_site.content.models import Article
from parindex_site.errors import SiteError
from parindex_site.model.site import with_urls


def travelled(folder: Path, texts: dict[str, str]) -> list[Article]:
    """The stories as the build gets them from a worker: spooled, pickled, attached."""
    spool = Spool(folder)
    held = [spool.hold(story(n, text)) for n, text in enumerate(texts.values())]
    path = spool.close()
    assert path is not None and Path(path).parent == folder
    arrived = pickle.loads(dumps(held))
    attach(path, arrived)
    return [article for article, _ in arrived]


def test_a_spooled_story_arrives_without_its_body_and_reads_it_from_the_file(
    tmp_path: Path,
) -> None:
    texts = bodies(30)
    stories = travelled(tmp_path / "bodies", texts)
    for n, (article, text) in enumerate(zip(stories, texts.values(), strict=True)):
        assert "body_html" not in vars(article)
        assert article.body_html == text and str(article.body) == text
        expected = story(n, text)
        for f in dataclasses.fields(Article):
            if f.name != "body_html":
                assert getattr(article, f.name) == getattr(expected, f.name), f.name


def test_a_spooled_story_is_saved_to_its_shard_and_travels_whole(tmp_path: Path) -> None:
    texts = {"a.md": "<p>Đề án 06</p>", "b.md": ""}
    stories = travelled(tmp_path / "bodies", texts)
    entries = {key: Entry("d", (1, 2, 3, 4), 5, a) for key, a in zip(texts, stories, strict=True)}
    write_shard(tmp_path / "shard", "s", entries)
    (tmp_path / "bodies").rename(tmp_path / "gone")  # the scratch folder goes with the build
    again = read_shard(tmp_path / "shard", "s")
    assert {key: e.article.body_html for key, e in again.items()} == texts
    copied = pickle.loads(dumps(stories[0]))  # to a render worker
    assert vars(copied)["body_html"] == texts["a.md"]


def test_a_story_without_its_body_fails_loudly_until_it_is_given_its_place(
    tmp_path: Path,
) -> None:
    bare = without_body(story(1, "<p>x</p>"))
    assert bare.title == "Tin 1"
    with pytest.raises(RuntimeError, match="before it arrived"):
        _ = bare.body_html
    travelled = pickle.loads(dumps(bare))  # the mark travels with it
    assert "body_html" not in vars(travelled)
    with pytest.raises(RuntimeError, match="before it arrived"):
        _ = travelled.body_html
    with pytest.raises(RuntimeError):  # never saved to the cache without its body
        write_shard(tmp_path / "shard", "s", {"a.md": Entry("d", (1, 2, 3, 4), 5, bare)})
    nothing = story(2, "<p>y</p>")
    del vars(nothing)["body_html"]  # neither a body nor a place for one
    with pytest.raises(AttributeError):
        dumps(nothing)


def test_two_spools_of_one_process_have_files_of_their_own(tmp_path: Path) -> None:
    first, second = Spool(tmp_path), Spool(tmp_path)
    one = [first.hold(story(1, "<p>một</p>"))]
    two = [second.hold(story(2, "<p>hai hai</p>"))]
    paths = first.close(), second.close()
    assert paths[0] is not None and paths[1] is not None and paths[0] != paths[1]
    attach(paths[0], one)
    attach(paths[1], two)
    assert one[0][0].body_html == "<p>một</p>" and two[0][0].body_html == "<p>hai hai</p>"


def test_a_spool_that_cannot_be_written_sends_the_stories_whole(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    spool = Spool(blocked / "bodies")
    article = story(1, "<p>x</p>")
    assert spool.hold(article) == (article, None) and spool.close() is None


def test_a_spool_cut_short_is_refused(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    held = [spool.hold(story(1, "<p>" + "x" * 100 + "</p>"))]
    path = spool.close()
    assert path is not None
    os.truncate(path, 10)
    with pytest.raises(SiteError, match="cut short"):
        attach(path, held)
    with pytest.raises(SiteError, match="cannot read"):
        attach(str(tmp_path / "gone"), held)


# Run in a fresh interpreter: a build forks only from a process without threads, and
# other tests of the session may leave one running (a preview server, a watcher).
_READ_TWICE = """
import sys
from pathlib import Path
from parindex_site.build.cache import Cache
from parindex_site.build.parallel import Executor
from parindex_site.build.read import read_sources
from parindex_site.config import load_config
from parindex_site.content.sources import scan_sources

site = Path(sys.argv[1])
config = load_config(site)
names = scan_sources(config.content_dir).names
cache = Cache.of(site, config, enabled=False, writable=False)
assert Executor(jobs=2).workers(len(names)) == 2, "this process may not fork"
alone = read_sources(config, names, cache, Executor(jobs=1))
spooled = read_sources(config, names, cache, Executor(jobs=2), spool=site / "bodies")
assert [a.source for a in spooled.articles] == [a.source for a in alone.articles]
for got, expected in zip(spooled.articles, alone.articles, strict=True):
    assert "body_html" not in vars(got) and "body_html" in vars(expected), got.source
    assert got.body_html == expected.body_html, got.source
    assert got.fingerprint == expected.fingerprint, got.source
assert any((site / "bodies").iterdir()), "no worker's file"
print("read", len(names))
"""


def test_stories_read_by_two_workers_arrive_without_their_bodies(
    tmp_path: Path,
    write_tree: Callable[[Path, Mapping[str, str]], Path],
    article: Callable[..., str],
) -> None:
    """The read step itself: in two worker processes, with a spool folder."""
    files = {
        f"content/news/tin-{n:02d}.md": article(f"Tin {n}", body=f"Hưng Yên tăng {n} bậc." * n)
        for n in range(12)
    }
    write_tree(tmp_path, files)
    (tmp_path / "parsite.yaml").write_text("", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _READ_TWICE, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "read 12"


def test_a_spool_that_fills_up_keeps_the_bodies_already_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = Spool(tmp_path)
    first = spool.hold(story(1, "<p>một</p>"))
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    whole = story(2, "<p>hai</p>")
    assert spool.hold(whole) == (whole, None)  # sent as it is
    monkeypatch.setattr(os, "write", real_write)
    assert spool.hold(story(3, "<p>ba</p>"))[1] is None  # and so is every later one
    path = spool.close()
    assert path is not None and first[1] is not None
    arrived = pickle.loads(dumps([first]))
    attach(path, arrived)
    assert arrived[0][0].body_html == "<p>một</p>"


def test_giving_urls_again_to_a_story_whose_body_is_in_a_file_leaves_it_there(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path)
    made = with_urls(config, story(1, "<p>Hưng Yên</p>"))
    write_shard(tmp_path / "shard", "s", {"a.md": Entry("d", (1, 2, 3, 4), 5, made)})
    lazy = read_shard(tmp_path / "shard", "s")["a.md"].article
    again = with_urls(config, lazy)
    assert again is lazy and "body_html" not in vars(again)  # not copied, body not held
