"""Writing the output, in one of two ways, never touching it before all is ready.

A full build fills a fresh folder and swaps it in (``staged_output``): files of deleted
stories disappear because the new folder starts empty. An incremental build stages only
the changed files in a flat folder beside the output, then moves each into place and
deletes the removed ones (``flat_staging``, ``commit_changes``). Either way a failed
build leaves the previous output untouched, and every path is checked to stay inside it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import CollisionError, OutputError
from ..render.pages import Page
from ..model.urls import output_key

STAGING_SUFFIX = ".parsite-new"
RETIRED_SUFFIX = ".parsite-old"


@dataclass(frozen=True)
class StaticFile:
    """A file copied as is: its place in the output and where it comes from."""

    path: PurePosixPath
    source: Path


def check_output_dir(output_dir: Path, site_dir: Path) -> None:
    """Refuse output folders whose replacement would destroy sources or unrelated files."""
    out = output_dir.resolve()
    site = site_dir.resolve()
    guarded = [site / name for name in ("content", "templates", "static")]
    if out == site or out in site.parents:
        raise OutputError(f"output folder {output_dir} contains the site itself (use e.g. public/)")
    for folder in guarded:
        if out == folder or folder.is_relative_to(out) or out.is_relative_to(folder):
            raise OutputError(
                f"output folder {output_dir} overlaps {folder.name}/ (choose e.g. public/)"
            )
    if out.exists() and not out.is_dir():
        raise OutputError(f"output folder {output_dir} is a file (choose e.g. public/)")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").exists():
        raise OutputError(
            f"output folder {output_dir} has files but no index.html: it does not look like a "
            "parsite output, and building would replace it (empty it or choose another --output)"
        )


@dataclass(frozen=True)
class StaticSource:
    """A folder copied as is, except files ending in ``skip_suffixes``."""

    folder: Path
    skip_suffixes: tuple[str, ...] = ()


def collect_static(
    sources: Sequence[Path | StaticSource],
) -> tuple[list[StaticFile], list[str]]:
    """Files of each folder in turn (later folders win), never following links outside."""
    chosen: dict[PurePosixPath, StaticFile] = {}
    warnings: list[str] = []
    for entry in sources:
        root, skip = (entry, ()) if isinstance(entry, Path) else (entry.folder, entry.skip_suffixes)
        if not root.is_dir():
            continue
        real_root = root.resolve()
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                if skip and name.endswith(skip):
                    continue
                source = Path(folder) / name
                if not source.resolve().is_relative_to(real_root):
                    warnings.append(f"{source}: links outside {root.name}/, not copied")
                    continue
                rel = PurePosixPath(*source.relative_to(root).parts)
                chosen[rel] = StaticFile(rel, source)
    return [chosen[p] for p in sorted(chosen)], warnings


def check_static_collisions(urls: Iterable[str], static: Iterable[StaticFile]) -> None:
    """A static file and a page (given by its URL) at one path: refuse, naming both."""
    by_path = {str(item.path): item for item in static}
    for url in urls:
        item = by_path.get(output_key(url))
        if item is not None:
            raise CollisionError(url, [item.source, f"generated {item.path}"])


def write_site(pages: Sequence[Page], static: Sequence[StaticFile], output_dir: Path) -> None:
    """Write everything into a staging folder beside ``output_dir``, then swap it in."""
    with staged_output(output_dir) as staging:
        made: set[Path] = set()
        copy_static(staging, static, made)
        for page in pages:
            write_file(staging, page.path, page.data, made)


def staging_dir(output_dir: Path) -> Path:
    return output_dir.with_name(output_dir.name + STAGING_SUFFIX)


@contextmanager
def staged_output(output_dir: Path) -> Iterator[Path]:
    """A fresh, empty staging folder; swapped in for ``output_dir`` if the block succeeds.

    Whatever fails inside the block (a template, the disk), the old output stays as it was.
    """
    staging = staging_dir(output_dir)
    retired = output_dir.with_name(output_dir.name + RETIRED_SUFFIX)
    try:
        for leftover in (staging, retired):
            if leftover.exists():
                shutil.rmtree(leftover)
        staging.mkdir(parents=True)
        yield staging
        if output_dir.exists():
            output_dir.rename(retired)
        staging.rename(output_dir)
        if retired.exists():
            shutil.rmtree(retired)
    except OSError as exc:
        _undo(staging, retired, output_dir)
        raise OutputError(f"cannot write {exc.filename or output_dir}: {exc.strerror}") from None
    except BaseException:
        _undo(staging, retired, output_dir)
        raise


@contextmanager
def flat_staging(output_dir: Path) -> Iterator[Path]:
    """A fresh folder beside the output for the files of an incremental build; removed
    (and the output untouched) if anything fails while it is being filled."""
    staging = staging_dir(output_dir)
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        yield staging
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write {exc.filename or staging}: {exc.strerror}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _undo(staging: Path, retired: Path, output_dir: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    if retired.exists() and not output_dir.exists():
        retired.rename(output_dir)


def copy_static(root: Path, static: Sequence[StaticFile], made: set[Path]) -> None:
    for item in static:
        target = _inside(root, item.path)
        _ensure_parent(target, made)
        shutil.copyfile(item.source, target)


def write_file(root: Path, relative: PurePosixPath, data: bytes, made: set[Path]) -> None:
    """Write ``data`` at ``relative`` below ``root``, creating folders once each."""
    target = _inside(root, relative)
    _ensure_parent(target, made)
    target.write_bytes(data)


def commit_changes(
    output_dir: Path,
    staging: Path,
    moves: Sequence[tuple[str, str]],
    removals: Sequence[PurePosixPath],
) -> None:
    """Move each fully written staged file over its place in the output; drop removed files.

    Every file is replaced by one rename: a reader sees the old page or the new one. The
    caller has forgotten the last build's manifest before this, so if a rename fails half
    way the next build is a full one, which repairs the output.
    """
    root, staged = str(output_dir), str(staging)
    try:
        for name, relative in moves:
            _move(os.path.join(staged, name), root, relative)
        for gone in removals:
            target = _inside(output_dir, gone)
            target.unlink(missing_ok=True)
            _prune(target.parent, output_dir)
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or output_dir}: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move(source: str, root: str, relative: str) -> None:
    """Rename ``source`` to ``relative`` (POSIX style) below ``root``; plain strings, as
    this runs for every changed page, and a folder is made only when the rename needs it."""
    if ".." in relative.split("/") or relative.startswith("/") or "\\" in relative:
        raise OutputError(f"refusing to write {relative}: it would leave the output folder")
    target = os.path.join(root, relative)
    try:
        os.replace(source, target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)


def _prune(folder: Path, root: Path) -> None:
    """Remove folders left empty by a deleted page, up to (not including) ``root``."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): stop climbing
            return
        folder = folder.parent


def _ensure_parent(target: Path, made: set[Path]) -> None:
    parent = target.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made.add(parent)


def _inside(root: Path, relative: PurePosixPath) -> Path:
    target = root.joinpath(*relative.parts)
    if ".." in relative.parts or relative.is_absolute() or not target.is_relative_to(root):
        raise OutputError(f"refusing to write {relative}: it would leave the output folder")
    return target
