"""Where the search index's partitions are kept between builds, and how they are made.

With a cache, each partition's Pagefind bundle lives in ``.parsite-cache/search/<digest>/``
(``assets.search``): a folder that exists is complete (it is made under a temporary
name and renamed) and is never indexed again. Without one (``--no-cache``) this
build's bundles are made in its scratch folder beside the output, which goes when the
build ends. The partitions a build lacks are indexed by one Pagefind process per worker,
each taking them one after another.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..assets.pagefind_files import make_reproducible
from ..assets.pagefind_service import PagefindService
from ..assets.search import UNUSED, Partition, SearchPlan, bundle_files, partition_records
from ..assets.static import StaticFile
from ..errors import SiteError
from ..model.site import Site
from .cache import Cache
from .parallel import Executor, Pending, Progress, Tally

SEARCH_DIR = "search"
RECORD = ".parsite-part.json"  # in each part's folder: its files as written


class SearchStore:
    """The partitions' folder of one build."""

    def __init__(self, cache: Cache, scratch: Path | None) -> None:
        """``scratch``: the build's own folder, removed when it ends (None for ``parsite
        check``, which indexes nothing)."""
        # Each part's files as its record lists them, once checked (None: not intact):
        # a warm build of a large site checks every part, so once is enough.
        self._checked: dict[str, list[str] | None] = {}
        self.folder, self._kept = cache.store(SEARCH_DIR, scratch)

    def start(
        self,
        plan: SearchPlan,
        sites: Sequence[Site],
        executor: Executor,
        progress: Tally | None = None,
    ) -> Pending[int]:
        """Index every partition the store lacks, in a process of its own while the build
        goes on (``Executor.start``), with one Pagefind process per worker the executor
        gives (two on two cores); the result is the number indexed. ``files`` lists
        them once the result is in."""
        missing = [p for p in plan.partitions if self._names(p) is None]
        for partition in missing:  # the step's own process makes them: look again after
            self._checked.pop(partition.digest, None)
        if not missing:
            return Pending.of(0)
        workers = dataclasses.replace(executor, threshold=2).workers(len(missing))
        executor.used = max(executor.used, workers)
        records_of = partition_records(sites, plan)

        def index(parts: Sequence[Partition], report: Progress) -> int:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = threading.Lock()

            def work(part: Sequence[Partition]) -> None:
                service = PagefindService()
                try:
                    for partition in part:
                        final = self.folder / partition.digest
                        temporary = final.with_name(
                            f"{final.name}.{os.getpid()}.{threading.get_ident()}.tmp"
                        )
                        shutil.rmtree(temporary, ignore_errors=True)
                        _finish(service.index_files(records_of(partition)), temporary, final)
                        with lock:
                            report(1)
                finally:
                    service.close()

            # Threads, not processes: the work is Pagefind's, in its own process.
            with ThreadPoolExecutor(workers) as pool:
                for future in [pool.submit(work, parts[n::workers]) for n in range(workers)]:
                    future.result()
            return len(parts)

        return executor.start(index, missing, progress)

    def files(self, plan: SearchPlan) -> list[StaticFile]:
        """The published files of every partition in the store."""
        files: list[StaticFile] = []
        for partition in plan.partitions:
            names = self._names(partition)
            if names is not None:
                files += bundle_files(partition, self.folder / partition.digest, names)
        return files

    def _names(self, partition: Partition) -> list[str] | None:
        if partition.digest not in self._checked:
            self._checked[partition.digest] = _intact(self.folder / partition.digest)
        return self._checked[partition.digest]

    def save(self, plan: SearchPlan) -> None:
        """Remove the partitions no output uses any more."""
        if not self._kept:
            return
        used = {p.digest for p in plan.partitions}
        if self.folder.is_dir():
            for path in sorted(self.folder.iterdir()):
                if path.name not in used:
                    shutil.rmtree(path, ignore_errors=True)


def _finish(files: Mapping[str, bytes], temporary: Path, final: Path) -> None:
    """Write a bundle but what the search page does not use, make its bytes
    reproducible, and give the folder its name: a folder of that name is complete."""
    if "pagefind-entry.json" not in files:
        raise SiteError("Pagefind made no index (is its binary installed whole?)")
    for name, data in sorted(files.items()):
        path = temporary / name
        if name in UNUSED or not path.resolve().is_relative_to(temporary.resolve()):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    make_reproducible(temporary)
    stats = {p.relative_to(temporary).as_posix(): _stat(p) for p in _bundle_paths(temporary)}
    (temporary / RECORD).write_text(json.dumps(stats, sort_keys=True), encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)  # a damaged one: _intact said so
    try:
        os.replace(temporary, final)
    except OSError:  # another build made it first: the same bytes
        shutil.rmtree(temporary, ignore_errors=True)


def _intact(folder: Path) -> list[str] | None:
    """The files a part's folder was made with, sorted, if each still has the size,
    times and inode it was written with; None if not: a damaged cache is never trusted
    (a file that was cut short, replaced or removed is made again). A file the record
    does not name is not published, so it need not be looked for."""
    try:
        recorded = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict):
        return None
    root = os.fspath(folder)
    for name, stat in recorded.items():
        if not isinstance(name, str) or name.startswith((".", "/")) or ".." in name.split("/"):
            return None
        try:
            if _stat(os.path.join(root, name)) != stat:
                return None
        except OSError:
            return None
    return sorted(recorded)


def _bundle_paths(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != RECORD)


def _stat(path: str | os.PathLike[str]) -> list[int]:
    """What a part's record holds of each file, and what ``_intact`` compares."""
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns, info.st_ino]
