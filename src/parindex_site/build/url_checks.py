"""Alias URLs that a web server would misread, checked with the registry's other outputs.

An alias is written by an editor (``aliases:``) and becomes a redirect page at that
path. Some paths must never be one: a hidden name (``/.htaccess`` would put an HTML page
into Apache's configuration, ``/.git/config`` into a repository's), a query or fragment
(``/a?b/``: no file can be requested so), a path starting ``//`` (a browser reads
``//evil.example/x/`` as another host), characters Windows refuses in file names, and
Windows device names (``/CON/``, ``/aux.html``), which cannot be files there at all.
Every such alias is reported against its source, with the registry's other problems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import SiteError
from .context import PageSpec

ALIAS_TEMPLATE = "redirect.html"
_DEVICES = frozenset(
    [
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{n}" for n in range(1, 10)),
        *(f"LPT{n}" for n in range(1, 10)),
    ]
)
_WINDOWS_BAD = re.compile(r'[<>:"|*\\\x00-\x1f\x7f]')


def check_alias_urls(pages: Sequence[PageSpec]) -> list[SiteError]:
    """One error per alias that no web server should be given, naming its source."""
    errors: list[SiteError] = []
    for page in pages:
        if page.template != ALIAS_TEMPLATE:
            continue
        problem = url_problem(page.url)
        if problem:
            errors.append(
                SiteError(
                    f"{page.origin}: '{_shown(page.url)}' {problem} (remove it from 'aliases', "
                    "or write a site path like /news/old-story/)"
                )
            )
    return errors


def url_problem(url: str) -> str:
    """What makes ``url`` unfit to be an output's address, or ""."""
    if url.startswith("//"):
        return "starts with '//', which browsers read as another web site's address"
    if "?" in url or "#" in url:
        return "has a '?' or '#', which no file can be requested by"
    parts = [part for part in url.split("/") if part]
    if any(part.startswith(".") for part in parts):
        return "has a part starting with '.', a hidden file web servers keep for themselves"
    if _WINDOWS_BAD.search(url) or any(p.endswith((" ", ".")) for p in parts):
        return "has a character Windows does not allow in file names"
    if any(part.split(".")[0].upper() in _DEVICES for part in parts):
        return "names a Windows device (CON, PRN, AUX, NUL, COM1-9, LPT1-9), never a file there"
    return ""


def _shown(url: str) -> str:
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in url)
    return text if len(text) <= 80 else text[:77] + "..."
