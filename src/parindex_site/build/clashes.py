"""Outputs no folder can hold, found in the registry before anything is written.

Two outputs at one path would overwrite each other; a name of over 255 bytes is refused
by common file systems; a file where another output needs a folder (an alias
``/news/a/index.html/x/`` beside a story at ``/news/a/``) cannot be written. Each is
reported against the sources that cause it, all at once, and the build stops before the
output is touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..assets.static import StaticFile
from ..errors import BuildFailed, CollisionError, OutputError, SiteError
from ..model.site import Listing
from ..model.urls import output_key
from .context import Origin, PageSpec
from .url_checks import check_alias_urls

NAME_MAX = 255  # bytes in one file or folder name (ext4, XFS, APFS, NTFS in UTF-16 units)


def check_outputs(pages: Sequence[PageSpec], static: Sequence[StaticFile]) -> list[str]:
    """Every output's path, in registry order (pages, then static files), if no two clash
    and each can be written; else raise every problem at once."""
    errors: list[SiteError] = check_alias_urls(pages)
    paths: list[str] = []
    first: dict[str, Origin] = {}
    clashes: dict[str, list[Origin]] = {}
    items: Iterable[tuple[str | None, Origin]] = [
        *((_path_of(page.url, page.origin, errors), page.origin) for page in pages),
        *((str(item.path), str(item.source)) for item in static),
    ]
    for path, origin in items:
        if path is None:
            continue
        paths.append(path)
        if path not in first:
            first[path] = origin
        elif path in clashes:  # a list only where a second one comes: usually none
            clashes[path].append(origin)
        else:
            clashes[path] = [first[path], origin]
    for path, origins in sorted(clashes.items()):
        url = "/" + path.removesuffix("index.html")
        errors.append(CollisionError(url, [describe(o) for o in origins]))
    errors += _long_names(first)
    errors += _files_in_the_way(first)
    if errors:
        raise BuildFailed(errors)
    return paths


def describe(origin: Origin) -> str:
    """An origin named for a message; a list by a file that puts a story in it."""
    if not isinstance(origin, Listing):
        return origin
    if origin.term is None or not origin.articles:
        return f"the {origin.kind} list '{origin.title}'"
    sources = sorted(a.source for a in origin.articles)
    more = f" and {len(sources) - 1} more" if len(sources) > 1 else ""
    return f"{sources[0]}{more} ({origin.kind} '{origin.title}')"


def _path_of(url: str, origin: Origin, errors: list[SiteError]) -> str | None:
    try:
        return output_key(url)
    except OutputError as exc:
        errors.append(SiteError(f"{describe(origin)}: {exc}"))
        return None


def _long_names(first: dict[str, Origin]) -> list[SiteError]:
    errors: list[SiteError] = []
    for path, origin in first.items():
        if len(path.encode("utf-8")) <= NAME_MAX:  # no part can be longer: the common case
            continue
        longest = max(path.split("/"), key=lambda part: len(part.encode("utf-8")))
        size = len(longest.encode("utf-8"))
        if size > NAME_MAX:
            errors.append(
                SiteError(
                    f"{describe(origin)}: its output {path} has a name of {size} bytes, "
                    f"more than the {NAME_MAX} file systems allow (give it a shorter "
                    "'slug' in its front matter, or shorten the tag, section or alias)"
                )
            )
    return errors


def _files_in_the_way(first: dict[str, Origin]) -> list[SiteError]:
    """Outputs that are files where another output needs a folder of that name."""
    folders: dict[str, str] = {}
    for path in first:
        end = path.rfind("/")
        while end > 0:
            folder = path[:end]
            if folder in folders:
                break
            folders[folder] = path
            end = path.rfind("/", 0, end)
    errors: list[SiteError] = []
    for folder in sorted(folders.keys() & first.keys()):
        below = folders[folder]
        errors.append(
            SiteError(
                f"{describe(first[folder])}: its output {folder} is a file, but "
                f"{describe(first[below])} needs a folder of that name for {below} "
                "(change the slug or alias of one of them)"
            )
        )
    return errors
