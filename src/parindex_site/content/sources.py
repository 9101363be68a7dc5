"""Source discovery: which files under ``content/`` are stories.

A story is a file ending in one of ``STORY_SUFFIXES``. Hidden names (``.git/``,
``.#story.md``, macOS's ``._story.md``) are never stories. Linked folders are not entered
(so a symlink loop cannot be walked), a linked story file is read only if it leads to a
file inside ``content/`` (a link out of it could publish any file of the machine), and a
folder or entry that cannot be read is passed over with a warning instead of a traceback.
The scan lists ``content/`` once for the build: the files published beside the stories
(``assets.static``) are taken from the same listing (``Listed``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Markdown under the names editors' tools give it (Jekyll, Hugo, Pelican all read these).
STORY_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


# The one hidden folder entered: web standards need it (security.txt, ACME challenges).
# Its files may be published (``assets.static``); none is ever read as a story.
ALLOWED_HIDDEN = ".well-known"


@dataclass(frozen=True)
class Listed:
    """A folder as listed once, with what ``os.walk`` would give of it: the names of its
    entries that are folders (links to folders too) and of the others, story files
    excepted when it was listed for its stories. ``folders``: the sub-folders listed in
    turn, which are neither links nor hidden (but ``ALLOWED_HIDDEN``). ``error``: it
    could not be listed. The scan of ``content/`` lists every folder that the files
    published beside the stories are looked for in: 100,000 stories are listed once,
    not once for the stories and again for the pictures."""

    path: str
    dirs: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    folders: Mapping[str, Listed] = field(default_factory=dict)
    error: OSError | None = None


@dataclass(frozen=True)
class SourceScan:
    """The story files found (sorted) and what could not be looked at, as warnings;
    ``listed``: ``content/`` as listed (None if it is not a folder)."""

    names: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    listed: Listed | None = None


def is_story_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(STORY_SUFFIXES)


def find_sources(content_dir: Path) -> list[Path]:
    """Every story under ``content_dir``, sorted so that builds are deterministic."""
    return [Path(name) for name in find_source_names(content_dir)]


def find_source_names(content_dir: Path) -> list[str]:
    """``find_sources`` as strings: a warm build makes a ``Path`` only of what it parses."""
    return list(scan_sources(content_dir).names)


def scan_sources(content_dir: Path) -> SourceScan:
    """The story files below ``content_dir`` and a warning for each one refused or unread."""
    if not content_dir.is_dir():
        return SourceScan(())
    raw: list[str] = []
    root = os.path.realpath(content_dir)
    files: list[str] = []
    listed = list_folder(str(content_dir), _Stories(root, files, raw))
    # Messages name files as the reader does: relative to the site folder.
    prefix = str(content_dir.parent) + os.sep
    warnings = [w.removeprefix(prefix) for w in raw]
    # The order of sorting the Paths (part by part): with the separator replaced by NUL,
    # which sorts before any character a name can hold, plain string order is the same,
    # and 7 times cheaper for 10,000 names than splitting each into its parts.
    ordered = sorted(files, key=lambda path: path.replace(os.sep, "\0"))
    return SourceScan(tuple(ordered), tuple(warnings), listed)


@dataclass(frozen=True)
class _Stories:
    """Where a listing puts the stories it finds, and its warnings about them."""

    root: str  # content/, resolved: a linked story must lead inside it
    found: list[str]
    warnings: list[str]


def list_folder(folder: str, stories: _Stories | None = None) -> Listed:
    """``folder`` and the folders below it, listed (``Listed``). With ``stories``, the
    story files are put there instead of among the other files, like ``os.walk`` +
    ``isfile``: linked folders are not entered, linked files count if they stay inside
    ``stories.root``, hidden files and folders are never stories. ``scandir`` knows a
    plain file's type from the folder listing, which spares 10,000 ``stat`` calls."""
    return _list(folder, stories is not None, stories)


def _list(folder: str, for_stories: bool, finding: _Stories | None) -> Listed:
    """``for_stories``: story files are left out of the other files. ``finding``: where
    they go; None in a hidden folder (``ALLOWED_HIDDEN``), where none is a story."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as exc:
        if finding is not None:
            finding.warnings.append(
                f"{folder}: cannot read this folder ({exc.strerror}), its stories skipped"
            )
        return Listed(folder, error=exc)
    dirs: list[str] = []
    files: list[str] = []
    folders: dict[str, Listed] = {}
    for entry in entries:
        name = entry.name
        # .git/, editors' lock files, macOS's ._ files: never content
        hidden = name.startswith(".")
        try:
            is_dir = entry.is_dir()
            if is_dir and not entry.is_symlink() and (not hidden or name == ALLOWED_HIDDEN):
                folders[name] = _list(entry.path, for_stories, None if hidden else finding)
            elif not is_dir and for_stories and is_story_name(name):
                if finding is not None and _is_file(entry, finding.root, finding.warnings):
                    finding.found.append(entry.path)
                continue
        except OSError as exc:  # a symlink loop, a name the file system refuses
            if finding is not None and not hidden:
                finding.warnings.append(f"{entry.path}: cannot be read ({exc.strerror}), skipped")
            # Not a folder, for all ``os.walk`` knows; a story name is nothing else
            is_dir = False
            if for_stories and is_story_name(name):
                continue
        (dirs if is_dir else files).append(name)
    return Listed(folder, tuple(dirs), tuple(files), folders)


def _is_file(entry: os.DirEntry[str], root: str, warnings: list[str]) -> bool:
    if not entry.is_symlink():
        return entry.is_file()
    target = os.path.realpath(entry.path)
    if not os.path.isfile(target):
        warnings.append(f"{entry.path}: a link that leads to no file (a loop or a broken link)")
        return False
    if os.path.commonpath([root, target]) != root:
        warnings.append(
            f"{entry.path}: links outside content/ (to {target}), not read "
            "(copy the story into content/ instead)"
        )
        return False
    return True
