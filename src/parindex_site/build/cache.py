"""The persistent cache in ``.parsite-cache/``: parsed articles, the manifest of the last
output written to each output folder (``incremental.py``) and the last site model
(``model_cache.py``), all through ``save_value`` and ``load_value``.

Articles are stored by source path with the sha256 of the file's bytes, in a few shard
files (rewriting one shard after an edit beats rewriting all, and 64 files beat 10,000
tiny ones). Every file carries a stamp: the cache format, parsite's, Python-Markdown's
and Python's versions and a fingerprint of the configuration. A file whose stamp differs,
that does not unpickle, or that names anything but the few classes an article is made
of, is ignored and rebuilt: a cache is never trusted. Writes are atomic (a temporary
file renamed over the old one), so an interrupted build leaves the old shard whole.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from .. import __version__
from ..config import SiteConfig
from ..content.models import Article
from .parallel import dumps

CACHE_DIR_NAME = ".parsite-cache"
FORMAT = 2  # 2: Article.source is a str
SHARDS = 64  # an edit rewrites ~160 of 10,000 articles: 6 ms, not 25
_MAGIC = b"parsite-cache\n"
RACY_NS = 2_000_000_000  # a file changed this close to being hashed is hashed again
Stat = tuple[int, int, int]  # size, mtime_ns, inode
# Every class the cached values pickle into (articles through parallel._Pickler, the
# manifest, the model's Terms); anything else is foreign.
_ALLOWED = frozenset(
    {
        ("parindex_site.content.models", "Article"),
        ("parindex_site.content.models", "Term"),
        ("parindex_site.build.parallel", "_mapping_proxy"),
        ("parindex_site.build.parallel", "_zone"),
        ("parindex_site.build.plan", "Manifest"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
    }
)


@dataclass(frozen=True)
class Entry:
    """One parsed source: its bytes' digest, its stat when hashed, and the article."""

    digest: str
    stat: Stat
    recorded_ns: int
    article: Article


def file_stat(path: str | Path) -> Stat:
    info = os.stat(path)
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def still_hashed(stat: Stat, recorded: Stat | None, recorded_ns: int) -> bool:
    """Whether a file whose stat is ``stat`` still has the digest recorded with the stat
    ``recorded`` at ``recorded_ns``: the same size, mtime and inode, and not modified
    within two seconds of being recorded, where a coarse file-system clock could hide a
    second edit (git's "racy" rule)."""
    return stat == recorded and stat[1] + RACY_NS < recorded_ns


def cache_dir(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR_NAME


def stamp(config: SiteConfig) -> str:
    """What the cached values depend on besides a file's own bytes."""
    parts = (
        FORMAT,
        __version__,
        markdown.__version__,
        sys.version_info[:2],
        repr(config),
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def shard_of(key: str) -> int:
    return hashlib.md5(key.encode("utf-8"), usedforsecurity=False).digest()[0] % SHARDS


def load_entries(folder: Path, stamp_value: str) -> dict[str, Entry]:
    """Every valid entry of every shard; a bad shard contributes nothing."""
    entries: dict[str, Entry] = {}
    for index in range(SHARDS):
        entries.update(load_shard(folder / f"articles-{index:02d}.pickle", stamp_value))
    return entries


def load_shard(path: Path, stamp_value: str) -> dict[str, Entry]:
    value = load_value(path, stamp_value)
    if not isinstance(value, dict):
        return {}
    good = {
        key: entry
        for key, entry in value.items()
        if isinstance(key, str) and isinstance(entry, Entry) and _valid(entry)
    }
    return good if len(good) == len(value) else {}


def save_entries(
    folder: Path, stamp_value: str, entries: Mapping[str, Entry], changed: Iterable[str]
) -> None:
    """Rewrite the shards holding a changed (added, edited or removed) source."""
    dirty = {shard_of(key) for key in changed}
    if not dirty:
        return
    by_shard: dict[int, dict[str, Entry]] = {index: {} for index in dirty}
    for key in sorted(entries):
        index = shard_of(key)
        if index in by_shard:
            by_shard[index][key] = entries[key]
    for index, shard in sorted(by_shard.items()):
        save_value(folder / f"articles-{index:02d}.pickle", stamp_value, shard)


def load_value(path: Path, stamp_value: str) -> Any:
    """The value stored at ``path`` under ``stamp_value``; None if missing or not valid."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = _MAGIC + stamp_value.encode("ascii") + b"\n"
    if not data.startswith(head):
        return None
    try:
        return _Unpickler(io.BytesIO(memoryview(data)[len(head) :])).load()
    except Exception:  # any damage at all: the cache is rebuilt, never trusted
        return None


def save_value(path: Path, stamp_value: str, value: object) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as out:
        out.write(_MAGIC + stamp_value.encode("ascii") + b"\n")
        out.write(dumps(value))
    os.replace(temporary, path)


def remove_cache(site_dir: Path) -> bool:
    """``parsite clean``: delete the cache folder; True if there was one."""
    folder = cache_dir(site_dir)
    if not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True


def _valid(entry: Entry) -> bool:
    return isinstance(entry.article, Article) and isinstance(entry.digest, str)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module, name) == (__name__, "Entry"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsite cache")
