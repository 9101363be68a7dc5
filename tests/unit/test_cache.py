"""The build cache: round trips, one stamp for everything, a damaged or foreign cache is
never trusted, a read-only cache writes nothing."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import types
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

from parindex_site.build.cache import LIBRARIES, Cache, Entry, library_versions, make_stamp
from parindex_site.build.manifest import Manifest, has_no_border
from parindex_site.build.pickles import load_value, save_value
from parindex_site.build.shards import write_shard
from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term

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


def entry(title: str = "A story") -> Entry:
    return Entry("d", (1, 2, 3), 4, story(title))


def manifest(sidebar: str = "<aside/>") -> Manifest:
    return Manifest((1, 2), sidebar, {"index.html": ("key", 4, 5, 6, 1)})


def test_entries_round_trip_with_time_zones_and_extra_fields(tmp_path: Path) -> None:
    Cache(tmp_path, "stamp").save_entries({"news/a.md": entry(story().title)}, ["news/a.md"])
    loaded = Cache(tmp_path, "stamp").load_entries()["news/a.md"].article
    assert loaded.title == "Hưng Yên tăng 10 bậc"
    assert loaded.published == story().published
    assert loaded.published.tzinfo == TZ
    assert dict(loaded.extra) == dict(story().extra)
    assert isinstance(loaded.extra, MappingProxyType)


def test_a_removed_source_leaves_its_shard_and_the_others_stay(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "s")
    entries = {f"{n}.md": entry(f"Story {n}") for n in range(20)}
    cache.save_entries(entries, changed=entries)
    del entries["7.md"]
    cache.save_entries(entries, changed=["7.md"])
    assert sorted(cache.load_entries()) == sorted(entries)


def test_a_cache_written_under_another_stamp_is_ignored(tmp_path: Path) -> None:
    save_value(tmp_path / "v.pickle", "old-config", {"a": 1})
    assert load_value(tmp_path / "v.pickle", "old-config") == {"a": 1}
    assert load_value(tmp_path / "v.pickle", "new-config") is None
    Cache(tmp_path, "old").save_entries({"a.md": entry()}, ["a.md"])
    assert Cache(tmp_path, "new").load_entries() == {}
    assert "a.md" in Cache(tmp_path, "old").load_entries()


def test_truncated_or_garbage_cache_files_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "v.pickle"
    save_value(path, "s", {"news/a.md": entry()})
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
    cache = Cache(tmp_path, "s")
    cache.save_entries({"a.md": entry()}, ["a.md"])
    shard = next(tmp_path.iterdir())
    write_shard(shard, "s", {"a.md": entry(), "b.md": "not an entry"})
    assert cache.load_entries() == {}


def test_the_model_and_manifests_round_trip_and_a_manifest_can_be_forgotten(
    tmp_path: Path,
) -> None:
    cache, out = Cache(tmp_path / "cache", "s"), tmp_path / "public"
    cache.save_model(("flags", {"a.md": ("d", "k")}))
    cache.save_manifest(out, manifest())
    assert cache.load_model() == ("flags", {"a.md": ("d", "k")})
    assert cache.load_manifest(out) == manifest()
    assert cache.load_manifest(tmp_path / "other") is None
    cache.save_replay(out, ((1, 2), "report"))
    assert cache.load_replay(out) == ((1, 2), "report")
    cache.save_stat_table(out, ((1, 2), "stats"))
    assert cache.load_stat_table(out) == ((1, 2), "stats")
    cache.forget_manifest(out)
    assert cache.load_manifest(out) is None
    assert cache.load_replay(out) is None  # forgotten with its manifest
    assert cache.load_stat_table(out) is None
    assert list((tmp_path / "cache" / "outputs").iterdir()) == []


def test_a_replay_is_kept_apart_and_nothing_to_replay_removes_it(tmp_path: Path) -> None:
    cache, out = Cache(tmp_path / "cache", "s"), tmp_path / "public"
    cache.save_manifest(out, manifest())
    cache.save_replay(out, ((1, 2), "report"))
    cache.save_replay(tmp_path / "other", ((3, 4), "another"))
    assert cache.load_replay(out) == ((1, 2), "report")
    assert cache.load_manifest(out) == manifest()  # the manifest holds no replay
    cache.save_replay(out, None)
    assert cache.load_replay(out) is None
    assert cache.load_replay(tmp_path / "other") == ((3, 4), "another")
    Cache(tmp_path / "cache", "s", writable=False).save_replay(tmp_path / "other", None)
    assert cache.load_replay(tmp_path / "other") == ((3, 4), "another")


def test_pruning_drops_the_manifest_of_a_folder_that_is_gone_and_keeps_the_others(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path / "cache", "s")
    kept, gone = tmp_path / "public", tmp_path / "preview"
    kept.mkdir()
    gone.mkdir()
    cache.save_manifest(kept, manifest("kept"))
    cache.save_manifest(gone, manifest("gone"))
    cache.save_replay(gone, ((1, 2), "report"))
    cache.save_stat_table(gone, ((1, 2), "stats"))
    gone.rmdir()
    cache.prune_manifests()
    assert cache.load_manifest(kept) == manifest("kept")
    assert cache.load_manifest(gone) is None
    assert cache.load_replay(gone) is None
    assert cache.load_stat_table(gone) is None
    assert len(list((tmp_path / "cache" / "outputs").iterdir())) == 2  # kept's pickle, path


def test_a_read_only_cache_reads_but_writes_and_removes_nothing(tmp_path: Path) -> None:
    folder, out = tmp_path / "cache", tmp_path / "gone"
    Cache(folder, "s").save_manifest(out, manifest())  # out never existed
    Cache(folder, "s").save_model("model")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    reader = Cache(folder, "s", writable=False)
    reader.save_entries({"a.md": entry()}, ["a.md"])
    reader.save_model("new model")
    reader.save_manifest(tmp_path / "public", manifest("new"))
    reader.prune_manifests()
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert reader.load_model() == "model"
    assert reader.load_manifest(out) == manifest()


def test_a_disabled_cache_reads_and_writes_nothing(tmp_path: Path) -> None:
    cache = Cache(None, "s")
    cache.save_model("model")
    cache.save_manifest(tmp_path / "public", manifest())
    assert not cache.enabled
    assert cache.load_model() is None and cache.load_entries() == {}
    assert list(tmp_path.iterdir()) == []


def test_the_stamp_follows_the_config(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    stamp = make_stamp(make_config(tmp_path, title="A"))
    assert make_stamp(make_config(tmp_path, title="A")) == stamp
    assert make_stamp(make_config(tmp_path, title="B")) != stamp
    assert make_stamp(make_config(tmp_path, title="A", page_size=3)) != stamp
    assert re.fullmatch(r"[0-9a-f]{64}", stamp)  # written in every file's ASCII header


def test_the_stamp_is_the_same_wherever_the_site_folder_is(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    stamp = make_stamp(make_config(tmp_path / "portal", title="A"))
    assert make_stamp(make_config(Path("."), title="A")) == stamp
    assert make_stamp(make_config(Path("elsewhere/portal"), title="A")) == stamp


def test_the_stamp_names_a_version_of_every_library_the_output_depends_on() -> None:
    versions = dict(library_versions())
    assert list(versions) == list(LIBRARIES)
    assert {"markdown", "jinja2", "pyyaml"} <= versions.keys()
    for name, version in versions.items():
        assert re.match(r"\d+(\.\d+)*", version), f"{name}: {version!r}"
    # Found without the metadata where that is possible, they are the metadata's.
    from importlib import metadata

    for name, version in versions.items():
        assert version == metadata.version(name), name


def test_a_version_is_read_from_the_one_dist_info_folder_beside_the_module(
    tmp_path: Path,
) -> None:
    from parindex_site.build.cache import _beside

    package = tmp_path / "text_unidecode"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = types.ModuleType("text_unidecode")
    module.__file__ = str(package / "__init__.py")
    assert _beside(module, "text-unidecode") is None  # no folder: the metadata is asked
    (tmp_path / "text_unidecode-1.3.dist-info").mkdir()
    (tmp_path / "other_project-9.9.dist-info").mkdir()
    assert _beside(module, "text-unidecode") == "1.3"
    (tmp_path / "Text_Unidecode-1.4.dist-info").mkdir()  # two: which one is unknown
    assert _beside(module, "text-unidecode") is None


def test_a_text_with_a_border_cannot_be_spliced() -> None:
    assert has_no_border('<aside class="latest">news</aside>\n')
    assert not has_no_border("abcab")
    assert not has_no_border("aa")
    assert not has_no_border("")


def test_a_stat_stands_for_the_bytes_only_when_all_of_it_matches_and_is_old() -> None:
    from parindex_site.build.cache import RACY_NS, still_hashed

    stat = (10, 1_000_000_000_000, 42, 1_000_000_000_000)
    later = stat[1] + RACY_NS + 1
    assert still_hashed(stat, stat, later)
    assert not still_hashed(stat, stat, later - 2)  # changed within the racy margin
    assert not still_hashed(stat, (10, stat[1], 42, stat[3] + 1), later)  # cp -p: ctime moved
    assert not still_hashed((11, *stat[1:]), stat, later)
    assert not still_hashed(stat, None, later)
    moved = (10, stat[1], 42, later)  # ctime later than the mtime: the ctime counts
    assert not still_hashed(moved, moved, later + 1)
