"""Files published as they are: the theme's, those beside the stories, the site's ``static/``.

Each becomes an entry of the build's list of outputs (``StaticFile``), checked for
clashes with pages like any other output and copied by the sink.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..config import SiteConfig
from ..render.theme import theme_dir


@dataclass(frozen=True)
class StaticFile:
    """A file copied as is: its place in the output and where it comes from."""

    path: PurePosixPath
    source: Path


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


def static_sources(config: SiteConfig) -> list[Path | StaticSource]:
    """Copied as they are, later folders winning: the theme, the files beside the stories
    in ``content/`` (their pictures and documents, as in Pelican), the site's ``static/``."""
    beside_stories = StaticSource(config.content_dir, skip_suffixes=(".md", ".swp", "~"))
    return [theme_dir() / "static", beside_stories, config.static_dir]
