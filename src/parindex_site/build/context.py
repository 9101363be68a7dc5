"""One output of the registry (``PageSpec``) and its render context (``PageContext``):
the values many pages share, then the page's own.

Every page of an edition is given the same configuration, edition, words, navigation,
links and sidebar; ``plan_pages`` used to copy them into 17,000 dictionaries, and the
keyer walked the same ten names again on every page. A ``PageContext`` holds the shared
dictionary once, by reference, so the keyer takes its token once per build
(``keys.Keyer``) and a page's own values are all that is walked per page. It is a
read-only mapping: templates and the registry's readers see one flat context, the
page's own values winning over the shared ones of the same name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ..model.site import Listing


class PageContext(Mapping[str, Any]):
    """``own`` over ``shared``; neither is ever changed once made."""

    __slots__ = ("own", "shared")

    def __init__(self, shared: Mapping[str, Any], own: Mapping[str, Any]) -> None:
        self.shared = shared
        self.own = own

    def __getitem__(self, name: str) -> Any:
        own = self.own
        return own[name] if name in own else self.shared[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        own = self.own
        yield from (name for name in self.shared if name not in own)

    def __len__(self) -> int:
        own = self.own
        return len(own) + sum(1 for name in self.shared if name not in own)

    def __repr__(self) -> str:
        return f"PageContext({dict(self)!r})"


# Who makes an output, for messages: a story's source, a description, or a listing
# (named only when a message needs it: naming one sorts its sources).
Origin = str | Listing


class PageSpec(NamedTuple):
    """One rendered output. A named tuple: a large site makes 17,000 per build."""

    url: str
    template: str
    context: Mapping[str, Any]
    origin: Origin
    lastmod: dt.datetime | None = None  # for the sitemap
    listed: bool = False  # in the sitemap
