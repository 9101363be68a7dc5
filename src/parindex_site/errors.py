"""The exceptions parsite raises for problems an editor can fix.

::

    SiteError                      the only thing cli.py catches; anything else is a bug
    ├── ConfigError                parsite.yaml: unknown key, wrong type
    ├── ContentError(path, line)   one bad source file
    │   └── FrontMatterError       no/unclosed '---', invalid YAML, bad field
    ├── CollisionError(url, paths) two sources -> one URL (names every source)
    ├── TemplateError              template name + line, and the page being rendered
    ├── OutputError                unwritable folder, unsafe path
    ├── LinkError(page, line)      a built page links to nothing (parsite check --links)
    ├── ServeError                 the preview cannot start: port taken, foreign address
    └── BuildFailed(errors)        every error found in one run (content, config, URLs, links)

Every message reads like a compiler's: ``path:line: what is wrong (how to fix it)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class SiteError(Exception):
    """Base class: a problem in the site's own files, reported without a traceback."""


class ConfigError(SiteError):
    """parsite.yaml is unreadable, has an unknown key or a value of the wrong type."""


class ContentError(SiteError):
    """One source file is wrong; ``line`` is 1-based, or None when it is the whole file."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        location = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{location}: {message}")


class FrontMatterError(ContentError):
    """The YAML front matter is missing, unclosed, invalid or has a bad field."""


class CollisionError(SiteError):
    """Two or more sources would be written to the same URL."""

    def __init__(self, url: str, sources: Sequence[Path | str]) -> None:
        # Text, not Paths: a source may be a description ("the home list 'News'"), which
        # a Path would rewrite (its '//' folded, its '/' turned to '\\' on Windows).
        self.url = url
        self.sources = tuple(str(p) for p in sources)
        names = ", ".join(self.sources)
        super().__init__(
            f"{self.sources[0]}: URL {url} is produced by {len(self.sources)} sources: {names} "
            "(give each its own 'slug' in its front matter, or rename the clashing "
            "category, tag or alias)"
        )


class TemplateError(SiteError):
    """A template failed to load or render."""

    def __init__(self, template: str, line: int | None, message: str, page: str = "") -> None:
        self.template = template
        self.line = line
        self.page = page
        location = f"{template}:{line}" if line is not None else template
        during = f" (while rendering {page})" if page else ""
        super().__init__(f"{location}: {message}{during}")


class OutputError(SiteError):
    """The output folder cannot be written, or a path would leave it."""


class LinkError(SiteError):
    """A page of the built site links to a file or ``#anchor`` that is not there."""

    def __init__(self, page: str, line: int, message: str) -> None:
        self.page = page
        self.line = line
        self.message = message
        super().__init__(f"page {page} line {line}: {message}")


class ServeError(SiteError):
    """The preview server cannot start: the port is taken, the address is not this machine's."""


class BuildFailed(SiteError):
    """Several errors found in one run; the message lists every one, then ``outcome``:
    "nothing was written", except from a check of an already built folder, which never
    writes (``parsite check --output``)."""

    def __init__(self, errors: Sequence[SiteError], outcome: str = "nothing was written") -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        lines = [str(e) for e in self.errors]
        noun = "error" if count == 1 else "errors"
        super().__init__("\n".join([*lines, f"{count} {noun}: {outcome}"]))
