"""The front-matter keys parsite knows, those other generators' editors bring, and how
they combine. When two keys disagree, the rule errs on the side of not publishing:

- hidden: ``draft: true``, Jekyll's ``published: false`` or Pelican's ``status:`` draft,
  hidden or skip, any one of them;
- the publication moment: the later of ``date`` and Hugo's ``publishDate``/``pubdate``
  (a story is future until then); one of them alone is it;
- expiry: the earliest of ``expires`` and Hugo's ``expiryDate``/``unpublishdate``;
- last change: the latest of ``updated`` and Hugo's ``lastmod``/``modified``;
- the teaser and meta description: ``summary``, else ``description``, else ``excerpt``,
  else the first paragraph, else the title.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

OWN_KEYS = (
    "title",
    "date",
    "updated",
    "expires",
    "slug",
    "summary",
    "category",
    "tags",
    "author",
    "image",
    "image_alt",
    "image_caption",
    "featured",
    "weight",
    "draft",
    "lang",
    "translation_key",
    "aliases",
)
PUBLISH_KEYS = ("date", "publishdate", "pubdate")
EXPIRY_KEYS = ("expires", "expirydate", "unpublishdate")
UPDATE_KEYS = ("updated", "lastmod", "modified")
TEASER_KEYS = ("summary", "description", "excerpt")
# Hugo reads its keys in any case (publishDate, PublishDate): so does parsite.
_HUGO_DATES = tuple(k for k in (*PUBLISH_KEYS, *EXPIRY_KEYS, *UPDATE_KEYS) if k not in OWN_KEYS)
FOREIGN_KEYS = ("published", "status", "categories", "description", "excerpt", *_HUGO_DATES)
KNOWN_KEYS = frozenset((*OWN_KEYS, *FOREIGN_KEYS))
_ANY_CASE = frozenset(_HUGO_DATES)
HIDING_STATUSES = ("draft", "hidden", "skip")
STATUSES = (*HIDING_STATUSES, "published")


def canonical_keys(
    meta: Mapping[str, Any], lines: Mapping[str, int]
) -> tuple[dict[str, Any], dict[str, int]]:
    """Hugo's keys under one spelling each (``publishDate`` -> ``publishdate``)."""
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    for key, value in meta.items():
        name = key.lower() if key.lower() in _ANY_CASE else key
        values[name] = value
        if key in lines:
            where[name] = lines[key]
    return values, where


def suggestion(key: str) -> str:
    """``" (did you mean 'title'?)"`` for a near miss of a known key, else empty."""
    close = difflib.get_close_matches(key.lower(), sorted(KNOWN_KEYS), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
