"""The read phase's warnings: each story's own, and one per unknown front-matter key.

A key parsite does not know is kept in ``extra`` for templates, but a site moved from
another generator has dozens of them in hundreds of files, so each key is reported
once, naming the first few files (at the key's line) and how many more there are.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Article
from .quoting import escaped
from .schema import suggestion

SHOWN_FILES = 3


def story_warnings(articles: Iterable[Article]) -> list[str]:
    """Per-file warnings, then one warning per unknown key, in the order first met."""
    warnings: list[str] = []
    unknown: dict[str, list[str]] = {}
    for article in articles:
        warnings.extend(article.warnings)
        for key, line in article.unknown_keys:
            unknown.setdefault(key, []).append(f"{article.source}:{line}")
    for key, places in unknown.items():
        more = len(places) - SHOWN_FILES
        where = ", ".join(places[:SHOWN_FILES]) + (f" and {more} more files" if more > 0 else "")
        warnings.append(
            f"{places[0]}: unknown front-matter key '{escaped(key)}'{suggestion(key)} in "
            f"{where}: kept in 'extra' for templates, not used by parsite"
        )
    return warnings
