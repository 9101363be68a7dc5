"""Where a build's outputs go: the only thing that differs between ``check`` and ``build``.

A sink is given every output of the build, each as bytes (``put``), as a file to copy
(``copy``) or as "the same as last time" (``keep``), and then either ``commit``s them
all at once or ``abort``s, leaving what was there before untouched. ``put`` and
``copy`` may run in forked workers: they return a small record that the parent hands
to ``accept``, so a sink's state lives in the parent only.

``MemorySink`` (``parsite check``) holds the files in memory; ``folder.FolderSink``
(``parsite build``) assembles a complete new tree and switches it in with one rename.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from .cache import Stat
from .manifest import Manifest

# path, size, mtime_ns, inode, and the bytes (a memory sink only)
Written = tuple[str, int, int, int, bytes | None]
# static output path -> its source, the source's stat and when it was hashed
Sources = Mapping[str, tuple[str, Stat, int]]


class Sink(Protocol):
    @property
    def previous(self) -> Manifest | None:
        """The manifest of what the sink holds now, if it can be trusted."""

    @property
    def live_dir(self) -> Path | None:
        """The folder holding the previous output (for keeping and splicing)."""

    def prepare(self, paths: Iterable[str]) -> None:
        """Before any output is given: these are the paths of every output."""

    def put(self, path: str, data: bytes) -> Written: ...

    def copy(self, path: str, source: Path) -> Written: ...

    def keep(self, path: str) -> None: ...

    def accept(self, written: Written) -> None: ...

    def files(self) -> Iterator[tuple[str, bytes | None]]:
        """Every file this build put, kept or copied (HTML pages with their bytes)."""

    def commit(
        self, sidebar: str, entries: Mapping[str, tuple[str, int]], sources: Sources
    ) -> Manifest | None:
        """Publish everything at once; the manifest of what is published now."""

    def unchanged(self) -> None:
        """Nothing differs from what the sink holds: publish nothing."""

    def abort(self) -> None: ...


class MemorySink:
    """Every output in memory, for ``parsite check``; writes nothing anywhere."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    @property
    def previous(self) -> Manifest | None:
        return None

    @property
    def live_dir(self) -> Path | None:
        return None

    def prepare(self, paths: Iterable[str]) -> None:
        pass

    def put(self, path: str, data: bytes) -> Written:
        return (path, len(data), 0, 0, data)

    def copy(self, path: str, source: Path) -> Written:
        return (path, 0, 0, 0, None)

    def keep(self, path: str) -> None:
        raise AssertionError("a memory sink has no previous output to keep")

    def accept(self, written: Written) -> None:
        self.data[written[0]] = written[4] or b""

    def files(self) -> Iterator[tuple[str, bytes | None]]:
        for path in sorted(self.data):
            yield path, self.data[path] if path.endswith(".html") else None

    def commit(
        self, sidebar: str, entries: Mapping[str, tuple[str, int]], sources: Sources
    ) -> Manifest | None:
        return None

    def unchanged(self) -> None:
        pass

    def abort(self) -> None:
        self.data.clear()
