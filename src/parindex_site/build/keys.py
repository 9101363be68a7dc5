"""Keys derived from render contexts: a page is rendered again exactly when its inputs change.

A page's key is a digest of its template set and of the context it is rendered with,
computed from that very context by walking every value in it. So a template cannot read
something its key does not cover: it sees only what is in its context (``StrictUndefined``
makes any other name an error), and everything in its context is in the key. There is no
hand-kept list of "what a page depends on" to forget.

The walk knows plain values, dates, sequences, mappings and dataclasses (the model and
the views of ``render.views``). A story stands for itself by its ``fingerprint``, made
once when it is read (a digest of every input of the read: its file's bytes and path
in the site, the configuration and the versions, ``made_from``) or else of all its
fields, so 10,000 bodies are not hashed again for every page. A value of any other
type is refused: a new kind of context value must say how it is keyed, or it could go
stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from ..content.models import Article
from ..render.views import Slot
from .context import PageContext

_SCALARS: dict[type, str] = {int: "i", float: "f", bool: "b", type(None): "n"}


class Keyer:
    """Digests of contexts for one build. Values met on many pages (the configuration,
    the navigation, a story's related list) are walked once: long tokens are memoised by
    identity, which is safe because every context value is immutable and the memo holds
    a reference to it for the whole build, so its ``id`` is not reused. How a type is
    walked is decided once per type (``_branch``), not by a chain of checks per value."""

    def __init__(self, salt: str) -> None:
        self.salt = salt  # templates, library versions: what every page shares
        self._memo: dict[int, tuple[object, str]] = {}
        self._orders: dict[tuple[str, ...], tuple[str, ...]] = {}
        # How each type met is walked (and a dataclass's field names), decided once
        self._branches: dict[type, tuple[_Branch, tuple[str, ...]]] = {}

    def key(self, template: str, context: Mapping[str, Any]) -> str:
        head = f"{self.salt}\0{template}\0"
        if type(context) is PageContext:
            # The shared values' token is taken once a build (memoised by identity); a
            # shared value the page's own shadows is in the key too: at worst a page is
            # rendered again for a value it does not show, never kept for one it does.
            head += f"shared={self.token(context.shared)}\0"
            context = context.own
        names = tuple(context)
        order = self._orders.get(names)
        if order is None:  # contexts of one kind share their names: sort them once
            order = self._orders[names] = tuple(sorted(names))
        token = self.token
        parts = [f"{name}={token(context[name])}" for name in order]
        return _digest(head + "\0".join(parts))

    def token(self, value: Any) -> str:
        """A string that differs whenever ``value`` would render differently."""
        # Exact types first, cheapest first: this runs ~100,000 times a build.
        kind = type(value)
        if kind is str:
            return f"s{len(value)}:{value}"
        if kind is Article:
            return "A" + (value.fingerprint or fingerprint(value))
        if kind in _SCALARS:
            return f"{_SCALARS[kind]}:{value!r}"
        if kind is dt.datetime:
            return "d" + str(value.isoformat())
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        text = self._walk(value)
        if len(text) > 64:
            # A long text is hashed once and kept for the next page that shares the
            # value; a short one is cheaper to make again than to keep (a page's own
            # empty picture list, 17,000 times a build).
            text = "#" + _digest(text)
            self._memo[id(value)] = (value, text)
        return text

    def _walk(self, value: Any) -> str:
        kind = type(value)
        known = self._branches.get(kind)
        if known is None:
            known = self._branches[kind] = _branch(kind)
        branch, names = known
        if branch is _Branch.TUPLE:
            walk = self.token
            # Lists of stories (a page's, a story's related ones) are the common case: their
            # tokens are taken here, without a call each.
            items = [
                "A" + item.fingerprint
                if (of := type(item)) is Article and item.fingerprint
                else f"s{len(item)}:{item}"
                if of is str
                else walk(item)
                for item in value
            ]
            return "(" + ",".join(items) + ")"
        if branch is _Branch.DATACLASS:
            token = self.token
            fields = ",".join([f"{name}={token(getattr(value, name))}" for name in names])
            return f"{kind.__qualname__}[{fields}]"
        if branch is _Branch.MAPPING:
            if not value:
                return "{}"
            pairs = sorted(value.items(), key=lambda item: str(item[0]))
            return "{" + ",".join([f"{self.token(k)}={self.token(v)}" for k, v in pairs]) + "}"
        if branch is _Branch.SLOT:
            return f"slot:{value.name}"
        if branch is _Branch.STRING:  # Markup, and str subclasses: escaped is not plain
            return f"{kind.__name__}{len(value)}:{value}"
        if branch is _Branch.SEQUENCE:
            return "(" + ",".join([self.token(item) for item in value]) + ")"
        if branch is _Branch.MOMENT:
            return "d" + str(value.isoformat())
        if branch is _Branch.NAMED:
            return f"{kind.__name__}:{value}"
        raise TypeError(
            f"cannot key a template value of type {kind.__name__}: give templates "
            "plain values, dates, tuples, mappings, stories or dataclasses"
        )


class _Branch(enum.Enum):
    """How ``Keyer._walk`` takes a type's token, decided once per type."""

    TUPLE = enum.auto()
    SLOT = enum.auto()
    STRING = enum.auto()
    SEQUENCE = enum.auto()
    MOMENT = enum.auto()
    DATACLASS = enum.auto()
    MAPPING = enum.auto()
    NAMED = enum.auto()
    REFUSED = enum.auto()


def _branch(kind: type) -> tuple[_Branch, tuple[str, ...]]:
    """The branch every instance of ``kind`` takes, by these checks in this order (a Slot
    is a str, a str subclass is not plain text, a namedtuple is a tuple), and for a
    dataclass its field names."""
    if kind is tuple:
        return _Branch.TUPLE, ()
    if issubclass(kind, Slot):
        return _Branch.SLOT, ()
    if issubclass(kind, str):
        return _Branch.STRING, ()
    if issubclass(kind, (tuple, list)):
        return _Branch.SEQUENCE, ()
    if issubclass(kind, (dt.datetime, dt.date, dt.time)):
        return _Branch.MOMENT, ()
    if dataclasses.is_dataclass(kind):
        return _Branch.DATACLASS, tuple(f.name for f in dataclasses.fields(kind))
    if issubclass(kind, Mapping):
        return _Branch.MAPPING, ()
    if issubclass(kind, (ZoneInfo, PurePath)):
        return _Branch.NAMED, ()
    return _Branch.REFUSED, ()


def fingerprint(article: Article) -> str:
    """A digest of every field of a story but the fingerprint itself."""
    keyer = Keyer("")
    fields = [
        f"{f.name}={keyer.token(getattr(article, f.name))}"
        for f in dataclasses.fields(article)
        if f.name != "fingerprint"
    ]
    return _digest("\0".join(fields))


def with_fingerprint(article: Article) -> Article:
    return dataclasses.replace(article, fingerprint=fingerprint(article))


def made_from(article: Article, stamp: str, source: str, digest: str) -> Article:
    """A story just read, with a fingerprint of what it was made from: its file's path in
    the site and its bytes (their sha256), and ``stamp``, the configuration and the
    versions of parsite and its libraries (``cache.make_stamp``). Those are every input
    of the read, so stories whose fields differ have different fingerprints, and none of
    the fields is walked: that cost a cold build of 10,000 stories 1.1 s of CPU."""
    made = _digest(f"read\0{stamp}\0{source}\0{digest}")
    return dataclasses.replace(article, fingerprint=made)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
