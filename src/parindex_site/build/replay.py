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
that is copied. Stat (size, mtime, ctime, inode) stands for bytes under git's "racy"
rule, as in the story cache: a build in which some file was changed within ``RACY_NS``
of being looked at records no replay, and matches none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import RACY_NS


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
    window: Window
    articles: int
    pages: int
    static_files: int
    warnings: tuple[str, ...]
    skipped: tuple[str, ...]
    next_change: tuple[dt.datetime, str] | None


@dataclass(frozen=True)
class Inputs:
    """The digest of a build's inputs, and whether it may stand for their bytes."""

    digest: str
    settled: bool  # no file changed within RACY_NS of being looked at


def input_digest(parts: Sequence[object], sources: Iterable[str], copied: Iterable[Path]) -> Inputs:
    """``parts`` (stamps and options, by ``repr``) and each story and copied file by name
    and stat. A file that cannot be looked at makes the digest unmatchable: the build
    itself will say what is wrong with it."""
    started = time.time_ns()
    hasher = hashlib.blake2b(repr(tuple(parts)).encode("utf-8", "surrogatepass"), digest_size=16)
    newest = 0
    lines: list[str] = []
    for name in (*sources, "\0", *map(str, copied)):
        if name == "\0":
            lines.append(name)
            continue
        try:
            info = os.stat(name)
        except OSError:
            return Inputs("", False)
        newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
        # ctime too: a file copied over with its old mtime kept (``cp -p``) changes it.
        lines.append(
            f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
        )
    hasher.update("\n".join(lines).encode("utf-8", "surrogatepass"))
    return Inputs(hasher.hexdigest(), newest + RACY_NS < started)


def matching(replay: Replay | None, inputs: Inputs, now: dt.datetime) -> Replay | None:
    """``replay`` if it was recorded for exactly these inputs and holds at ``now``."""
    if replay is None or not inputs.digest or not inputs.settled:
        return None
    if replay.inputs != inputs.digest or not replay.window.holds(now):
        return None
    return replay
