"""The link checker: every internal link, image, stylesheet and ``#anchor`` must resolve.

It reads the site as its output: the HTML pages (path -> bytes) and the set of every
file path, as a sink holds them before publishing (``parsite check --links`` in memory,
``build --strict`` in the new tree) or as already written to a folder (``parsite check
--links --output DIR``). External
links are never fetched; an absolute URL under the site's own ``base_url`` counts as
internal, so a wrong canonical or ``og:image`` is caught too.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import BuildFailed, LinkError, OutputError

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


# A start tag with its attributes; a quoted value may contain ">". Comments and the text
# of <script>/<style> are blanked first (keeping their newlines), so that a tag written
# inside them is not taken for a link. A regex, not html.parser: five times faster on a
# portal's thousands of pages, and the pages are our own templates' output.
_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>"
)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_HIDDEN = re.compile(r"<!--.*?-->|(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)", re.S | re.I)


def _blank(match: re.Match[str]) -> str:
    """A comment or a script's text as just its newlines; a script's tags stay."""
    opening, _, inner, closing = match.groups()
    if opening is None:
        return "\n" * match.group(0).count("\n")
    return opening + "\n" * inner.count("\n") + closing


def _attributes(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name, *quoted = match.groups()
        raw = next((q for q in quoted if q is not None), "")
        values.setdefault(name.lower(), html.unescape(raw))
    return values


def _references(tag: str, values: Mapping[str, str], line: int) -> Iterator[Reference]:
    for attr in _LINK_ATTRS.get(tag, ()):
        if attr in values:
            urls = _srcset_urls(values[attr]) if attr == "srcset" else [values[attr]]
            yield from (Reference(line, tag, attr, url) for url in urls)
    if tag == "meta" and values.get("property", values.get("name")) in _META_IMAGES:
        yield Reference(line, tag, "content", values.get("content", ""))


def _srcset_urls(srcset: str) -> list[str]:
    return [item.split()[0] for item in srcset.split(",") if item.strip()]


def parse_page(data: bytes) -> tuple[list[Reference], set[str]]:
    """The references and element ids of one HTML page."""
    text = _HIDDEN.sub(_blank, data.decode("utf-8", errors="replace"))
    references: list[Reference] = []
    ids: set[str] = set()
    line, counted = 1, 0
    for match in _START_TAG.finditer(text):
        tag = match.group(1).lower()
        attrs = match.group(2)
        if tag not in _LINK_ATTRS and tag != "meta" and "id" not in attrs:
            continue  # most tags: nothing to check, nothing to point at
        values = _attributes(attrs)
        if "id" in values:
            ids.add(values["id"])
        if tag == "a" and "name" in values:
            ids.add(values["name"])
        if tag in _LINK_ATTRS or tag == "meta":
            line += text.count("\n", counted, match.start())
            counted = match.start()
            references.extend(_references(tag, values, line))
    return references, ids


def page_url(path: PurePosixPath) -> str:
    """The URL a page is served at: ``a/index.html`` -> ``/a/``."""
    text = "/" + path.as_posix()
    return text.removesuffix("index.html")


def find_broken_links(files: OutputFiles, site_url: str = "") -> list[LinkError]:
    """Every reference on every page that points at no file or at a missing ``#id``."""
    parsed = {path: parse_page(data) for path, data in sorted(files.html.items())}
    resolver = _Resolver(
        paths=frozenset(p.as_posix() for p in files.paths),
        ids={p.as_posix(): page_ids for p, (_, page_ids) in parsed.items()},
        site_url=site_url,
    )
    errors: list[LinkError] = []
    for path, (references, _) in parsed.items():
        for ref in references:
            problem = resolver.problem("/" + path.as_posix(), ref.value.strip())
            if problem:
                shown = f'<{ref.tag} {ref.attr}="{ref.value}">'
                errors.append(LinkError(page_url(path), ref.line, f"{shown}: {problem}"))
    return errors


class _Resolver:
    """Resolves references against the output, remembering answers: the navigation and
    the sidebar repeat the same links on every page."""

    def __init__(self, paths: frozenset[str], ids: Mapping[str, set[str]], site_url: str):
        self.paths = paths
        self.ids = ids
        self.site_url = site_url
        self.known: dict[tuple[str, str], str | None] = {}

    def problem(self, page: str, value: str) -> str | None:
        """Why ``value`` on ``page`` (``/a/index.html``) is broken, or None when it is not."""
        # Only a relative reference ("#id", "../b/") depends on the page it is on.
        key = ("" if value.startswith(("/", "http:", "https:")) else page, value)
        if key not in self.known:
            self.known[key] = self._check(page, value)
        return self.known[key]

    def _check(self, page: str, value: str) -> str | None:
        url = _internal_url(value, self.site_url)
        if url is None:
            return None
        parts = urlsplit(urljoin(page, url))
        target = _target_file(unquote(parts.path), self.paths)
        if target is None:
            return f"nothing at {parts.path} in the output (fix or remove the link)"
        fragment = unquote(parts.fragment)
        if not fragment or fragment == "top" or target not in self.ids:
            return None
        if fragment not in self.ids[target]:
            shown = page_url(PurePosixPath(target))
            return f'{shown} has no element with id="{fragment}" (fix the #anchor)'
        return None


def _internal_url(value: str, site_url: str) -> str | None:
    """The value as a site-relative URL, or None for external and non-HTTP references."""
    if site_url and (value == site_url or value.startswith(site_url + "/")):
        return value[len(site_url) :] or "/"
    # Any scheme (https:, mailto:, data:, javascript:) or host ("//cdn...") is not ours.
    parts = urlsplit(value)
    return None if parts.scheme or parts.netloc else value


def _target_file(url_path: str, paths: frozenset[str]) -> str | None:
    """The output file (a POSIX path) a URL path is served from, as a static host finds it."""
    clean = posixpath.normpath(url_path).strip("/")
    clean = "" if clean == "." else clean
    index = f"{clean}/index.html" if clean else "index.html"
    folder = url_path.endswith("/") or not clean
    candidates = [index] if folder else [clean, index]
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
        raise BuildFailed(errors, outcome=f"broken links in {output_dir}")
    return len(files.html)
