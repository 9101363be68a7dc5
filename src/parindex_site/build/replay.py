"""A build whose every input is the last build's gives the last build's output: replay it.

A cron job or a timer rebuilds a portal every few minutes, and most of those builds find
nothing changed. Reading 10,000 stories back from the cache, building the model and
keying 16,000 pages only to keep every file costs seconds. Instead the last successful
build records, with the manifest of the tree it wrote, a digest of everything the build
reads (``input_digest``) and what it reported. A build whose inputs have that digest,
within the span of time in which the clock alone changes nothing (``Window``), and
whose output files are all as written, reports the recorded build again and writes
nothing.

The inputs are exactly the build's: the stamp (parsite, Python and library versions,
the whole configuration), the templates' bytes, the options that change what is
written or whether it fails, and the name and stat of every story and of every file
that is copied. Stat (size, mtime, ctime, inode) stands for bytes, except for a file
changed within ``RACY_NS`` of being looked at, which counts by its bytes (git's "racy"
rule; see ``InputScan``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from array import array
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from .cache import RACY_NS

_SEPARATOR = "\0"  # between the stories and the copied files
_NONE, _BYTES, _STAT = b"n"[0], b"b"[0], b"s"[0]  # how a file stands in the digest
# A file older than 1970 has a negative mtime
_STAT_FIELDS = (("st_size", "Q"), ("st_mtime_ns", "q"), ("st_ctime_ns", "q"), ("st_ino", "Q"))


@dataclass(frozen=True)
class Window:
    """The span in which the clock alone changes nothing the build shows or lists:
    from the build's ``now`` to the first later instant at which a story goes live,
    expires or leaves a time-bounded list (None: never)."""

    start: dt.datetime
    end: dt.datetime | None

    def holds(self, now: dt.datetime) -> bool:
        return self.start <= now and (self.end is None or now < self.end)


@dataclass(frozen=True)
class Replay:
    """What a build reported, and the inputs and window it holds for."""

    inputs: str
    hashed: frozenset[str]  # the files ``inputs`` has by their bytes (``InputScan``)
    window: Window
    articles: int
    pages: int
    static_files: int
    warnings: tuple[str, ...]
    skipped: tuple[str, ...]
    next_change: tuple[dt.datetime, str] | None


class InputScan:
    """The name and stat of every file a build reads, looked at once, as digests.

    A file changed within ``RACY_NS`` of being looked at may change again within the
    file system's clock tick, keeping its stat: such a file stands in the digest by its
    bytes' sha256 instead (``racy``), as git re-reads "racily clean" files. A replay
    records which files it hashed, and a later build digests those the same way.
    """

    def __init__(self, parts: Sequence[object], sources: Iterable[str], copied: Iterable[Path]):
        self.started = time.time_ns()
        self.head = repr(tuple(parts)).encode("utf-8", "surrogatepass")
        self.files = [*map(_looked_at, sources), (_SEPARATOR, None), *map(_looked_at, copied)]
        self.complete = all(info is not None for name, info in self.files if name != _SEPARATOR)

    def stats(self) -> dict[str, os.stat_result | None]:
        """Each file's stat as it was looked at (None: it could not be)."""
        return dict(self.files)

    def racy(self) -> frozenset[str]:
        """The files changed within ``RACY_NS`` of being looked at."""
        limit = self.started - RACY_NS
        return frozenset(
            name
            for name, info in self.files
            if info is not None and max(info.st_mtime_ns, info.st_ctime_ns) >= limit
        )

    def digest(self, hashed: AbstractSet[str]) -> str:
        """The digest, with the files in ``hashed`` by their bytes; "" if some file
        cannot be looked at or read (the build itself will say what is wrong)."""
        if not self.complete:
            return ""
        hasher = hashlib.blake2b(self.head, digest_size=16)
        names: list[str] = []
        kinds = bytearray()
        sums: list[bytes] = []
        stats: list[os.stat_result] = []
        for name, info in self.files:
            names.append(name)
            if info is None:  # the separator
                kinds.append(_NONE)
            elif name in hashed:
                try:
                    sums.append(hashlib.sha256(Path(name).read_bytes()).digest())
                except OSError:
                    return ""
                kinds.append(_BYTES)
            else:
                kinds.append(_STAT)
                stats.append(info)
        parts = [
            "\0".join(names).encode("utf-8", "surrogatepass"),
            bytes(kinds),
            b"".join(sums),
        ]
        # Each stat field as one array, not a line per file: 0.05 s at 100,000 stories
        # against 0.1 s. ctime too: a file copied over with its old mtime kept (cp -p)
        # changes it.
        for field, code in _STAT_FIELDS:
            parts.append(_packed([*map(attrgetter(field), stats)], code))
        for part in parts:  # each with its length: no two inputs give the same bytes
            hasher.update(len(part).to_bytes(8, "little"))
            hasher.update(part)
        return hasher.hexdigest()


def _packed(values: Sequence[int], code: str) -> bytes:
    """``values`` as machine integers of type ``code``, or as decimal text if one does
    not fit (a file dated after 2262 has an mtime in nanoseconds past ``q``'s range)."""
    try:
        return b"a" + array(code, values).tobytes()
    except OverflowError:
        return b"t" + ",".join(map(str, values)).encode("ascii")


def recorded(tree: tuple[int, int], replay: Replay | None) -> tuple[tuple[int, int], Replay] | None:
    """What the cache keeps of a replay (``Cache.save_replay``): with the identity of
    the output tree it was recorded for, whose manifest says what the tree holds."""
    return None if replay is None else (tree, replay)


def recorded_for(value: object, tree: tuple[int, int]) -> Replay | None:
    """The replay kept in ``value`` if it was recorded for the tree ``tree``."""
    if not isinstance(value, tuple) or len(value) != 2 or value[0] != tree:
        return None
    return value[1] if isinstance(value[1], Replay) else None


def _looked_at(name: str | Path) -> tuple[str, os.stat_result | None]:
    name = str(name)
    try:
        return name, os.stat(name)
    except OSError:
        return name, None


def matching(replay: Replay | None, digest: str, now: dt.datetime) -> Replay | None:
    """``replay`` if it was recorded for exactly these inputs and holds at ``now``."""
    if replay is None or not digest or replay.inputs != digest:
        return None
    return replay if replay.window.holds(now) else None
