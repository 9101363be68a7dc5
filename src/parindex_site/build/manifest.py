"""What the last build wrote into an output folder, and what this build does with each output.

The manifest records, per output file, its key (a page's context key, or a static file's
content digest), the stat of the file as written (size, mtime, inode) and how many
copies of the sidebar it holds. Against it each output of this build is

- *kept* (linked into the new tree as it is): same key, the live file's stat unchanged,
  and the same sidebar (or none in it);
- *spliced*: same key and stat, a new sidebar: the old file with the old sidebar
  replaced, which gives the bytes rendering would (see ``has_no_border``);
- *rendered* (or copied): anything else, including a file that something else deleted
  or changed since (its stat differs), so tampered output is repaired.

A manifest describes one tree, named by the folder's device and inode: a folder that
is not the one it describes (replaced, or switched in by a build that died before
saving its manifest) is built in full.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Stat

KEEP, SPLICE, RENDER = 0, 1, 2
FORMAT = 7  # 6: with the replay of the build that wrote the tree; 7: the replay apart
# key, size, mtime_ns, inode, sidebar copies (-1: never splice)
Record = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class Manifest:
    identity: tuple[int, int]
    sidebar: str
    files: Mapping[str, Record]
    # static output path -> (source, source stat, when it was hashed): an unchanged
    # picture is not read again on every build (``cache.still_hashed``)
    sources: Mapping[str, tuple[str, Stat, int]] = field(default_factory=dict)
    format: int = FORMAT


# A path, the size, mtime_ns and inode its file was written with
StatRow = tuple[str, int, int, int]


@dataclass(frozen=True)
class StatTable:
    """The stat of each file a manifest records, as a few flat values: all a look at
    the tree needs of the manifest (``damaged_files``), unpickled in milliseconds where
    the manifest's 165,000 records take 0.2 s at 100,000 stories."""

    paths: str  # joined by NUL, which no path holds
    sizes: bytes  # ``array("Q")``, one per path
    mtimes: bytes  # ``array("q")``: a file may be older than 1970
    inodes: bytes  # ``array("Q")``

    @classmethod
    def of(cls, manifest: Manifest) -> StatTable:
        records = manifest.files.values()
        return cls(
            "\0".join(manifest.files),
            array("Q", [r[1] for r in records]).tobytes(),
            array("q", [r[2] for r in records]).tobytes(),
            array("Q", [r[3] for r in records]).tobytes(),
        )

    def __len__(self) -> int:
        return self.paths.count("\0") + 1 if self.paths else 0

    def whole(self) -> bool:
        """Whether every path has its three numbers (the table is not damaged)."""
        size = len(self) * array("q").itemsize
        return len(self.sizes) == len(self.mtimes) == len(self.inodes) == size

    def rows(self) -> Iterator[StatRow]:
        if not self.paths:
            return iter(())
        sizes, mtimes, inodes = array("Q"), array("q"), array("Q")
        sizes.frombytes(self.sizes)
        mtimes.frombytes(self.mtimes)
        inodes.frombytes(self.inodes)
        return zip(self.paths.split("\0"), sizes, mtimes, inodes, strict=True)


def stat_table(manifest: Manifest) -> tuple[tuple[int, int], StatTable] | None:
    """What the cache keeps beside a manifest (``Cache.save_stat_table``): the stat of
    its files, with the identity of the tree it describes. None if a number does not
    fit the table (a file dated after 2262): the manifest serves instead."""
    try:
        return manifest.identity, StatTable.of(manifest)
    except OverflowError:
        return None


def stat_table_for(value: object, folder: Path) -> StatTable | None:
    """The stat table kept in ``value`` if it describes the tree now at ``folder``."""
    if not isinstance(value, tuple) or len(value) != 2 or value[0] != tree_identity(folder):
        return None
    table = value[1]
    return table if isinstance(table, StatTable) and table.whole() else None


def stat_rows(files: Iterable[tuple[str, Record]]) -> Iterator[StatRow]:
    """The stat rows of a manifest's records, for ``damaged_files``."""
    return ((path, record[1], record[2], record[3]) for path, record in files)


def tree_identity(folder: Path) -> tuple[int, int]:
    try:
        info = os.stat(folder)
    except OSError:
        return (0, 0)
    return (info.st_dev, info.st_ino)


def valid_manifest(value: object, folder: Path) -> Manifest | None:
    """The manifest if it describes the tree now at ``folder``, else None."""
    if not isinstance(value, Manifest) or value.format != FORMAT:
        return None
    if value.identity != tree_identity(folder):
        return None
    return value


class Decider:
    """Decides each output against the last build's manifest and the live tree."""

    def __init__(
        self,
        manifest: Manifest | None,
        live_dir: Path,
        sidebar: str,
        damaged: AbstractSet[str] | None = None,
    ) -> None:
        self.manifest = manifest
        self.live = str(live_dir)
        self.same_sidebar = manifest is not None and manifest.sidebar == sidebar
        self.splicable = manifest is not None and has_no_border(manifest.sidebar)
        # The files found not as recorded by a look at every one earlier in this build
        # (``damaged_files``); None: each is looked at as it is decided.
        self.damaged = damaged

    def page(self, path: str, key: str) -> int:
        record = self._intact(path, key)
        if record is None:
            return RENDER
        slots = record[4]
        if self.same_sidebar or slots == 0:
            return KEEP
        return SPLICE if slots > 0 and self.splicable else RENDER

    def file(self, path: str, digest: str) -> int:
        return RENDER if self._intact(path, digest) is None else KEEP

    def _intact(self, path: str, key: str) -> Record | None:
        """The record of ``path`` if it has this key and the live file is as written."""
        if self.manifest is None:
            return None
        record = self.manifest.files.get(path)
        if record is None or record[0] != key:
            return None
        if self.damaged is not None:
            return None if path in self.damaged else record
        try:
            info = os.stat(os.path.join(self.live, path))
        except OSError:
            return None
        if (info.st_size, info.st_mtime_ns, info.st_ino) != record[1:4]:
            return None
        return record


def damaged_files(files: Iterable[StatRow], live_dir: Path) -> frozenset[str]:
    """The paths of ``files`` that are not in ``live_dir`` as they were written:
    missing, or of another size, mtime or inode."""
    live = os.path.join(live_dir, "")  # every path is relative: joined by concatenation
    stat = os.stat
    damaged = []
    for path, size, mtime, inode in files:
        try:
            info = stat(live + path)
        except OSError:
            damaged.append(path)
            continue
        if info.st_size != size or info.st_mtime_ns != mtime or info.st_ino != inode:
            damaged.append(path)
    return frozenset(damaged)


def spare_record(spare: Manifest, live: Manifest, path: str) -> Record | None:
    """The record that the spare tree's file for ``path`` must match to hold the live
    file's bytes, if its manifest says it does: the live record if the two trees share
    the file (one inode), else the spare's own record if it holds the same page (the
    same key, and for a page with the sidebar spliced in, the same sidebar). None: the
    spare holds something else there, or nothing."""
    old, now = spare.files.get(path), live.files.get(path)
    if old is None or now is None:
        return None
    if old[3] == now[3]:
        return now
    same = old[0] == now[0] and old[4] == now[4]
    # A page's key stands for the page but the first edition's sidebar: no copy of it
    # (a feed, a static file), or the same sidebar
    return old if same and (now[4] == 0 or spare.sidebar == live.sidebar) else None


def unfit_files(spare: Manifest, live: Manifest, spare_dir: Path) -> frozenset[str]:
    """The paths whose file in ``spare_dir`` its manifest (``spare``) says holds the
    live bytes (``spare_record``) but is not, or no longer, as recorded: missing,
    replaced or changed. The others are never kept from the spare as they are, so
    they are not looked at."""
    holding = (
        (path, record)
        for path in spare.files
        if (record := spare_record(spare, live, path)) is not None
    )
    return damaged_files(stat_rows(holding), spare_dir)


def has_no_border(text: str) -> bool:
    """True if no proper prefix of ``text`` is also its suffix.

    Then the copies of ``text`` inserted into a page are exactly the occurrences that
    ``str.count`` and ``str.replace`` find: no occurrence can overlap an inserted copy."""
    if not text:
        return False
    first = text[0]
    for start in range(1, len(text)):
        if text[start] == first and text.startswith(text[start:]):
            return False
    return True
