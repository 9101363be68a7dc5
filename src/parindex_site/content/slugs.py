"""URL slugs: ASCII, lowercase, Vietnamese-aware.

``đ``/``Đ`` have no Unicode decomposition, so the common "NFKD then drop non-ASCII"
turns ``Đảng`` into ``ang``. python-slugify (text-unidecode) transliterates them, and
every other script, correctly.
"""

from __future__ import annotations

import re

from slugify import slugify as _slugify

_REPLACEMENTS = [["'", ""], ["\u2019", ""], ["đ", "d"], ["Đ", "D"]]
_VALID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str) -> str:
    """``"Hưng Yên tăng 10 bậc"`` -> ``"hung-yen-tang-10-bac"``; may be empty."""
    # Apostrophes join, not split: "People's Council" -> "peoples-council".
    return str(_slugify(text, replacements=_REPLACEMENTS))


def is_valid_slug(slug: str) -> bool:
    """A slug written by hand must be the kind ``slugify`` makes: it cannot escape a folder."""
    return bool(_VALID.fullmatch(slug))


def capped(slug: str, max_length: int) -> str:
    """``slug`` cut to at most ``max_length`` characters at a hyphen (a word boundary), so
    a 300-character decree title stays a usable file name; a single longer word is cut."""
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    boundary = cut.rfind("-")
    return (cut[:boundary] if boundary > 0 else slug[:max_length]).strip("-")
