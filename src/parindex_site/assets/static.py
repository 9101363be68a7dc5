"""Files published as they are: the theme's, those beside the stories, the site's ``static/``.

Each becomes an entry of the build's list of outputs (``StaticFile``), checked for
clashes with pages like any other output and copied by the sink.

What is published. From ``content/``, only files of a publishable kind
(``PUBLISH_SUFFIXES``, plus the site's ``publish_suffixes``): pictures, audio, video,
documents, archives, subtitles, fonts. Stories are read, not copied; other sources
(reST, templates) and unknown kinds are skipped. From anywhere (``static/`` and the
theme too), hidden files and folders (``.git/``, ``.env``, ``.htpasswd``, ``.DS_Store``;
``.well-known/`` excepted, which web standards need) and editors' backups are never
published. Every file skipped is reported, so nothing disappears silently. Output paths
are NFC: a file saved on macOS (NFD) is published under the name NFC references use.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from ..content.sources import ALLOWED_HIDDEN, STORY_SUFFIXES, Listed, list_folder
from ..render.theme import theme_dir
from .kinds import BACKUP_SUFFIXES, PUBLISH_SUFFIXES, SOURCE_SUFFIXES, TEMPLATE_SUFFIXES

if TYPE_CHECKING:
    from ..config import SiteConfig

_STORY = "a story"


@dataclass(frozen=True)
class StaticFile:
    """A file copied as is: its place in the output and where it comes from."""

    path: PurePosixPath
    source: Path


@dataclass(frozen=True)
class StaticSource:
    """A folder copied as is; with ``publish_suffixes``, only files of those kinds.
    ``listed``: the folder as listed already (``content/``, by the scan for stories,
    story files left out), else it is listed here."""

    folder: Path
    publish_suffixes: frozenset[str] | None = None
    shown_as: str = ""  # how messages name the folder ("content/"); default: its name
    listed: Listed | None = None


class Collected(NamedTuple):
    files: list[StaticFile]
    warnings: list[str]  # links leading outside, unreadable entries
    skipped: list[str]  # "content/a.rst (a reST source: never published)"


def never_published(name: str) -> str:
    """Why a file or folder name is never published or served, or "" if it may be."""
    if name.startswith(".") and name != ALLOWED_HIDDEN:
        return "a hidden file"
    if name.endswith(BACKUP_SUFFIXES) or (name.startswith("#") and name.endswith("#")):
        return "an editor's backup"
    return ""


def collect_static(sources: Sequence[Path | StaticSource]) -> Collected:
    """Files of each folder in turn (later folders win), never following links outside."""
    chosen: dict[PurePosixPath, StaticFile] = {}
    result = Collected([], [], [])
    for entry in sources:
        source = entry if isinstance(entry, StaticSource) else StaticSource(entry)
        if source.folder.is_dir():
            for file in _walk(source, result):
                chosen[file.path] = file
    result.files.extend(chosen[p] for p in sorted(chosen))
    return result


def _walk(source: StaticSource, result: Collected) -> Iterable[StaticFile]:
    """The folder's files to publish, folder by folder as ``os.walk`` goes (top down,
    sub-folders in name order): the order its files and messages come in."""
    root = source.folder
    shown = source.shown_as or root.name + "/"
    real_root = Path(os.path.realpath(root))
    listed = source.listed if source.listed is not None else list_folder(str(root))

    def visit(folder: Listed) -> Iterable[StaticFile]:
        if folder.error is not None:
            result.warnings.append(
                f"{_shown(shown, root, folder.error.filename)}: cannot be read, skipped"
            )
            return
        entered = []
        for name in sorted(folder.dirs):  # hidden folders are reported once, not file by file
            if never_published(name):
                hidden = _shown(shown, root, folder.path, name)
                result.skipped.append(f"{hidden}/ (a hidden folder)")
            else:
                entered.append(name)
        for name in sorted(folder.files):
            why = _why_skipped(name, source.publish_suffixes)
            if why == _STORY:
                continue
            path = Path(folder.path) / name
            if why:
                result.skipped.append(f"{_shown(shown, root, path)} ({why})")
            elif not path.is_symlink() or _link_inside(path, real_root, shown, root, result):
                text = unicodedata.normalize("NFC", path.relative_to(root).as_posix())
                yield StaticFile(PurePosixPath(text), path)
        for name in entered:
            inner = folder.folders.get(name)  # None: a link to a folder, never entered
            if inner is not None:
                yield from visit(inner)

    yield from visit(listed)


def _why_skipped(name: str, publish: frozenset[str] | None) -> str:
    why = never_published(name)
    if why or publish is None:
        return why and f"{why}: never published"
    suffix = os.path.splitext(name)[1].lower()
    if suffix in STORY_SUFFIXES:
        return _STORY  # read, not copied: nothing to report
    if suffix in SOURCE_SUFFIXES:
        return "a source of another format: never published"
    if suffix in TEMPLATE_SUFFIXES:
        return "a template or page source: never published from content/"
    if suffix not in publish:
        kind = f"'{suffix}'" if suffix else "a file without a suffix"
        return f"{kind} is not a kind that is published (add it to publish_suffixes)"
    return ""


def _link_inside(path: Path, real_root: Path, shown: str, root: Path, result: Collected) -> bool:
    target = Path(os.path.realpath(path))
    if not target.is_file():
        result.warnings.append(
            f"{_shown(shown, root, path)}: a link that leads to no file, skipped"
        )
        return False
    if not target.is_relative_to(real_root):
        result.warnings.append(f"{_shown(shown, root, path)}: links outside {shown}, not copied")
        return False
    return True


def _shown(shown: str, root: Path, *parts: str | Path) -> str:
    path = Path(*parts)
    try:
        return shown + path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def publish_suffixes(config: SiteConfig) -> frozenset[str]:
    """The kinds of files published from beside the stories: the defaults and the site's."""
    return PUBLISH_SUFFIXES | frozenset(s.lower() for s in config.publish_suffixes)


def static_sources(config: SiteConfig, content: Listed | None = None) -> list[Path | StaticSource]:
    """Copied as they are, later folders winning: the theme, the files beside the stories
    in ``content/`` (their pictures and documents, as in Pelican), the site's ``static/``.
    ``content``: ``content/`` as the scan for stories listed it (``SourceScan.listed``)."""
    kinds = publish_suffixes(config)
    beside_stories = StaticSource(config.content_dir, kinds, "content/", content)
    return [
        StaticSource(theme_dir() / "static", None, "the theme's static/"),
        beside_stories,
        StaticSource(config.static_dir, None, "static/"),
    ]
