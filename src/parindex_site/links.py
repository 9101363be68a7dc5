"""The link checker: every internal link, image, stylesheet and ``#anchor`` must resolve.

It reads the site as its output: the HTML pages (path -> bytes) and the set of every
file path, whether rendered in memory (``parsite check --links``, ``build --strict``)
or already written to a folder (``parsite check --links --output DIR``). External
links are never fetched; an absolute URL under the site's own ``base_url`` counts as
internal, so a wrong canonical or ``og:image`` is caught too.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from .errors import BuildFailed, LinkError, OutputError

# Attributes that point at another resource, per element. ``srcset`` holds a list.
_LINK_ATTRS: Mapping[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
}
# Social cards name their image in <meta content>, and aggregators fetch it.
_META_IMAGES = frozenset({"og:image", "og:url", "twitter:image"})


@dataclass(frozen=True)
class Reference:
    """One link as written on a page: where, which element and attribute, and the value."""

    line: int
    tag: str
    attr: str
    value: str


@dataclass(frozen=True)
class OutputFiles:
    """The site as built: every file's path, and the bytes of each HTML page."""

    paths: frozenset[PurePosixPath]
    html: Mapping[PurePosixPath, bytes]


class _PageParser(HTMLParser):
    """Collects a page's links and the ids its fragments may point at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for attr in _LINK_ATTRS.get(tag, ()):
            if attr not in values:
                continue
            urls = _srcset_urls(values[attr]) if attr == "srcset" else [values[attr]]
            self.references.extend(Reference(line, tag, attr, url) for url in urls)
        if tag == "meta" and values.get("property", values.get("name")) in _META_IMAGES:
            self.references.append(Reference(line, tag, "content", values.get("content", "")))


def _srcset_urls(srcset: str) -> list[str]:
    return [item.split()[0] for item in srcset.split(",") if item.strip()]


def parse_page(data: bytes) -> tuple[list[Reference], set[str]]:
    """The references and element ids of one HTML page."""
    parser = _PageParser()
    parser.feed(data.decode("utf-8", errors="replace"))
    parser.close()
    return parser.references, parser.ids


def page_url(path: PurePosixPath) -> str:
    """The URL a page is served at: ``a/index.html`` -> ``/a/``."""
    text = "/" + path.as_posix()
    return text.removesuffix("index.html")


def find_broken_links(files: OutputFiles, site_url: str = "") -> list[LinkError]:
    """Every reference on every page that points at no file or at a missing ``#id``."""
    parsed = {path: parse_page(data) for path, data in sorted(files.html.items())}
    ids = {path: page_ids for path, (_, page_ids) in parsed.items()}
    errors: list[LinkError] = []
    for path, (references, _) in parsed.items():
        for ref in references:
            problem = _check(path, ref, files.paths, ids, site_url)
            if problem:
                shown = f'<{ref.tag} {ref.attr}="{ref.value}">'
                errors.append(LinkError(page_url(path), ref.line, f"{shown}: {problem}"))
    return errors


def _check(
    page: PurePosixPath,
    ref: Reference,
    paths: frozenset[PurePosixPath],
    ids: Mapping[PurePosixPath, set[str]],
    site_url: str,
) -> str | None:
    """Why ``ref`` is broken, or None when it resolves (or is not ours to check)."""
    url = _internal_url(ref.value.strip(), site_url)
    if url is None:
        return None
    resolved = urljoin("/" + page.as_posix(), url)
    parts = urlsplit(resolved)
    target = _target_file(unquote(parts.path), paths)
    if target is None:
        return f"nothing at {parts.path} in the output (fix or remove the link)"
    fragment = unquote(parts.fragment)
    if not fragment or fragment == "top" or target not in ids:
        return None
    if fragment not in ids[target]:
        return f'{page_url(target)} has no element with id="{fragment}" (fix the #anchor)'
    return None


def _internal_url(value: str, site_url: str) -> str | None:
    """The value as a site-relative URL, or None for external and non-HTTP references."""
    if site_url and (value == site_url or value.startswith(site_url + "/")):
        return value[len(site_url) :] or "/"
    # Any scheme (https:, mailto:, data:, javascript:) or host ("//cdn...") is not ours.
    parts = urlsplit(value)
    return None if parts.scheme or parts.netloc else value


def _target_file(url_path: str, paths: frozenset[PurePosixPath]) -> PurePosixPath | None:
    """The output file a URL path is served from, as a static host finds it."""
    clean = posixpath.normpath(url_path).lstrip("/")
    folder = url_path.endswith("/") or clean in ("", ".")
    base = PurePosixPath(clean) if clean not in ("", ".") else PurePosixPath()
    candidates = [base / "index.html"] if folder else [base, base / "index.html"]
    return next((c for c in candidates if c in paths), None)


def output_files(items: Iterable[tuple[PurePosixPath, bytes | None]]) -> OutputFiles:
    """Output from (path, bytes) pairs; bytes are needed only for ``.html`` files."""
    paths: set[PurePosixPath] = set()
    html: dict[PurePosixPath, bytes] = {}
    for path, data in items:
        paths.add(path)
        if path.suffix == ".html" and data is not None:
            html[path] = data
    return OutputFiles(frozenset(paths), html)


def read_output_dir(output_dir: Path) -> OutputFiles:
    """The files of an already built site folder."""
    if not (output_dir / "index.html").is_file():
        raise OutputError(
            f"{output_dir} has no index.html: build the site first (parsite build) "
            "or give the built folder with --output"
        )
    items: list[tuple[PurePosixPath, bytes | None]] = []
    for folder, dirs, names in os.walk(output_dir):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            rel = PurePosixPath(*path.relative_to(output_dir).parts)
            items.append((rel, path.read_bytes() if rel.suffix == ".html" else None))
    return output_files(items)


def check_output_links(output_dir: Path, site_url: str) -> int:
    """Check a built folder: raise every broken link at once, else return the page count."""
    files = read_output_dir(output_dir)
    errors = find_broken_links(files, site_url)
    if errors:
        raise BuildFailed(errors)
    return len(files.html)
