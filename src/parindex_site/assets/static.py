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

from ..content.sources import STORY_SUFFIXES, is_story_name
from ..render.theme import theme_dir
from .kinds import BACKUP_SUFFIXES, PUBLISH_SUFFIXES, SOURCE_SUFFIXES, TEMPLATE_SUFFIXES

if TYPE_CHECKING:
    from ..config import SiteConfig

ALLOWED_HIDDEN = ".well-known"  # security.txt, ACME challenges, app links
_STORY = "a story"


@dataclass(frozen=True)
class StaticFile:
    """A file copied as is: its place in the output and where it comes from."""

    path: PurePosixPath
    source: Path


@dataclass(frozen=True)
class StaticSource:
    """A folder copied as is; with ``publish_suffixes``, only files of those kinds."""

    folder: Path
    publish_suffixes: frozenset[str] | None = None
    shown_as: str = ""  # how messages name the folder ("content/"); default: its name


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
    root = source.folder
    shown = source.shown_as or root.name + "/"
    real_root = Path(os.path.realpath(root))

    def unreadable(exc: OSError) -> None:
        result.warnings.append(f"{_shown(shown, root, exc.filename)}: cannot be read, skipped")

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        for name in sorted(dirs):  # hidden folders are reported once, not file by file
            if never_published(name):
                dirs.remove(name)
                result.skipped.append(f"{_shown(shown, root, folder, name)}/ (a hidden folder)")
        dirs.sort()
        if source.publish_suffixes is not None:
            # Stories are read, not copied: the one cheap test drops them before any
            # other, as content/ holds 100,000 of them and a few pictures.
            files = [name for name in files if not is_story_name(name)]
        for name in sorted(files):
            why = _why_skipped(name, source.publish_suffixes)
            if why == _STORY:
                continue
            path = Path(folder) / name
            if why:
                result.skipped.append(f"{_shown(shown, root, path)} ({why})")
            elif not path.is_symlink() or _link_inside(path, real_root, shown, root, result):
                text = unicodedata.normalize("NFC", path.relative_to(root).as_posix())
                yield StaticFile(PurePosixPath(text), path)


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


def static_sources(config: SiteConfig) -> list[Path | StaticSource]:
    """Copied as they are, later folders winning: the theme, the files beside the stories
    in ``content/`` (their pictures and documents, as in Pelican), the site's ``static/``."""
    beside_stories = StaticSource(config.content_dir, publish_suffixes(config), "content/")
    return [
        StaticSource(theme_dir() / "static", None, "the theme's static/"),
        beside_stories,
        StaticSource(config.static_dir, None, "static/"),
    ]
