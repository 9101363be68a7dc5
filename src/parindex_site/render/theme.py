"""Where the default theme lives: one source, found both installed and in a checkout.

A wheel carries the repository's ``templates/``, ``static/`` and ``i18n/`` as
``parindex_site/theme/``; an editable install (or running from the source tree) uses
the checkout's own folders, so there is never a second copy to keep in step.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SiteError


def theme_dir() -> Path:
    """The folder holding the default theme's ``templates/``, ``static/`` and ``i18n/``."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "theme", package.parents[1]):
        if (candidate / "templates" / "base.html").is_file():
            return candidate
    raise SiteError(
        "the default theme is missing from this installation (reinstall parsite with pip)"
    )
