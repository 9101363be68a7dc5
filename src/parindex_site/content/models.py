"""The content model: frozen, timezone-aware, tuples not lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from markupsafe import Markup


@dataclass(frozen=True, order=True)
class Term:
    """A category or a tag: the name editors wrote, the slug its URL uses, and that URL
    (given by the model when the story is read; empty before)."""

    slug: str
    name: str
    url: str = ""


class BodySource(Protocol):
    """Where a story's body waits to be read (``build.shards``)."""

    def read(self) -> str: ...


class BodyToCome:
    """The body of a story a worker sends without it (``build.spool``), until the build
    gives the story its place in the worker's file. It travels with the story, so a story
    is never pickled as if it had no body."""

    def read(self) -> str:
        raise RuntimeError("a story's body was read before it arrived (a bug in parsite)")


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
    image_line: int = 0  # where the source sets it (0: not set), for messages
    image_alt: str = ""
    image_caption: str = ""
    featured: bool = False
    weight: int | None = None  # the editors' rank within its day, lower first (Hugo's)
    draft: bool = False
    lang: str = ""
    edition: str = ""  # the code of the edition (language portal) it belongs to
    translation_key: str = ""  # the same in each of its translations (Hugo's name)
    translation_key_line: int = 0  # where the source sets it, for messages
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    date_only: bool = False  # its date was written without a time: show none
    # Per-file warnings ("path:line: ..."), and each unknown key with its line: the build
    # gathers the latter into one warning per key (``content.warnings``).
    warnings: tuple[str, ...] = ()
    unknown_keys: tuple[tuple[str, int], ...] = ()
    url: str = ""
    # The local pictures of ``body_html`` (``model.images.body_pictures``: src as the
    # page has it, whether it has alt text), set with the URLs; None: not looked for.
    body_pictures: tuple[tuple[str, bool], ...] | None = None
    # A digest of every field above, set with the URLs (``model.site.with_urls``): what a
    # page that shows this story depends on of it (``build.keys``).
    fingerprint: str = ""

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Pickle's own way interns every field's name, one by one: for 10,000 cached
        # stories this is a third faster (0.07 s against 0.10 s).
        self.__dict__.update(state)

    def __getstate__(self) -> dict[str, Any]:
        """Its fields, the body among them (read if it is still in its file); a story
        whose body is to come (``build.spool``) pickles with that mark instead."""
        state = dict(self.__dict__)
        source = state.pop("_body_source", None)
        if "body_html" in state:
            return state
        if isinstance(source, BodyToCome):
            state["_body_source"] = source
        else:
            state["body_html"] = self.body_html  # AttributeError: a story with no body
        return state

    @property
    def body(self) -> Markup:
        """The body as HTML that templates print as it is: Markdown's output is trusted
        (an editor's raw HTML is part of Markdown), and this is the one place that says so."""
        return Markup(self.body_html)

    @property
    def modified(self) -> dt.datetime:
        """When the story last changed: ``updated`` if given, else ``published``."""
        return self.updated or self.published

    @property
    def sort_key(self) -> tuple[float, str]:
        """Newest first, ties broken by slug: sort ascending on this key."""
        return (-self.published.timestamp(), self.slug)


class _BodyFromFile:
    """``Article.body_html`` of a story whose body is in a file (``build.shards``,
    ``build.spool``): read from it each time it is asked for, never held. A page asks
    once or twice, and a render worker that held every body it rendered would grow by
    half the site's bodies. A descriptor without ``__set__``, so a story that holds its
    body never gets here, and unpickling stays C's own work."""

    def __get__(self, article: Article | None, owner: type | None = None) -> str:
        source: BodySource | None = None if article is None else vars(article).get("_body_source")
        if article is None or source is None:
            raise AttributeError("body_html")  # the class itself: a field with no default
        return source.read()


# Set once the dataclass is made, which has taken ``body_html`` for a field with no default.
setattr(Article, "body_html", _BodyFromFile())  # noqa: B010 -- mypy would refuse the type


def with_fields(article: Article, **changes: Any) -> Article:
    """``dataclasses.replace`` that leaves a body still in its file there: a copy of the
    story's own fields (a body, or the place to read it from) with ``changes`` over
    them, without running ``__init__``, which would read the body and hold it."""
    copy = object.__new__(Article)
    vars(copy).update(vars(article), **changes)
    return copy
