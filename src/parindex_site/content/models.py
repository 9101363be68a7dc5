"""The content model: frozen, timezone-aware, tuples not lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, order=True)
class Term:
    """A category or a tag: the name editors wrote and the slug its URL uses."""

    slug: str
    name: str


# eq=False: identity is what matters, and comparing every field (bodies too) is slow.
@dataclass(frozen=True, eq=False)
class Article:
    """One story, validated. ``url`` is empty until the site gives it one."""

    # The file as messages name it (relative to the site folder). Text, not a Path: a
    # warm build unpickles 10,000 of these, and a Path costs ten times a string to rebuild.
    source: str
    title: str
    published: dt.datetime
    slug: str
    category: Term
    body_html: str
    summary: str
    tags: tuple[Term, ...] = ()
    updated: dt.datetime | None = None
    expires: dt.datetime | None = None
    author: str = ""
    image: str = ""
    image_alt: str = ""
    image_caption: str = ""
    featured: bool = False
    draft: bool = False
    lang: str = ""
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    url: str = ""

    @property
    def modified(self) -> dt.datetime:
        """When the story last changed: ``updated`` if given, else ``published``."""
        return self.updated or self.published

    @property
    def sort_key(self) -> tuple[float, str]:
        """Newest first, ties broken by slug: sort ascending on this key."""
        return (-self.published.timestamp(), self.slug)
