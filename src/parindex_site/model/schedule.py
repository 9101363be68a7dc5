"""The schedule: each story's state at one moment, and the next moment the site changes.

Pure: given stories and the build's ``Visibility``. ``parsite list`` prints the states;
every build reports the next change, which is when a cron job or a systemd timer must
build again (``parsite build --next-change``).

The next change is the first instant after ``now`` at which some story would be shown
while it is not now, or hidden while it is shown now: a story going live at its
``published`` time, or leaving at its ``expires`` time. It is asked of ``Visibility``
itself rather than recomputed here, so a story that can never go live (a draft, or one
that expires before it is published) announces nothing, and ``--future``/``--expired``
builds, which already show those stories, wait for nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..content.models import Article
from .site import Visibility

State = Literal["draft", "scheduled", "expired", "published", "hidden"]

# What `parsite list FILTER` shows: the filter's name -> the states it keeps.
FILTERS: dict[str, frozenset[State]] = {
    "drafts": frozenset({"draft"}),
    "future": frozenset({"scheduled"}),
    "expired": frozenset({"expired"}),
    "published": frozenset({"published"}),
    "all": frozenset({"draft", "scheduled", "expired", "published", "hidden"}),
}

# With many stories changing at one instant, the report names this many.
NAMED_AT_ONCE = 1


@dataclass(frozen=True)
class Listed:
    """One story as ``parsite list`` shows it."""

    source: str
    title: str
    published: dt.datetime
    state: State

    @property
    def line(self) -> str:
        """Tab-separated, for people and for ``cut -f``: no field holds a tab or a
        control character (a title with one would garble the terminal)."""
        return "\t".join(
            (
                _printable(self.source),
                _printable(self.title),
                self.published.isoformat(),
                self.state,
            )
        )


def state_of(article: Article, now: dt.datetime) -> State:
    """Draft before anything (an editor must still release it), then expired (it will
    never be shown again, whatever its date), then scheduled; a story that is none of
    these but still not shown by a plain build is ``hidden``, never called published."""
    if article.draft:
        return "draft"
    if article.expires is not None and article.expires <= now:
        return "expired"
    if article.published > now:
        return "scheduled"
    return "published" if Visibility(now).shows(article) else "hidden"


def schedule(articles: Iterable[Article], now: dt.datetime, wanted: str = "all") -> list[Listed]:
    """The stories of the filter ``wanted`` (a key of ``FILTERS``), oldest first by
    publication time, ties by source file: the order of a timetable, the same each run."""
    states = FILTERS[wanted]
    listed = (Listed(a.source, a.title, a.published, state_of(a, now)) for a in articles)
    return sorted(
        (item for item in listed if item.state in states),
        key=lambda item: (item.published.timestamp(), item.source),
    )


def next_change(
    articles: Sequence[Article], visibility: Visibility
) -> tuple[dt.datetime, str] | None:
    """The first instant after ``visibility.now`` at which what the build shows changes,
    and what happens then (``content/news/x.md goes live``); None if nothing ever will."""
    events: dict[dt.datetime, list[str]] = {}
    for article in articles:
        shown = visibility.shows(article)
        later = sorted(
            m for m in (article.published, article.expires) if m is not None and m > visibility.now
        )
        for moment in later:
            # shows() changes only at these instants: the first at which it differs from
            # now is the story's next change (in time order: it may expire before its date).
            if dataclasses.replace(visibility, now=moment).shows(article) != shown:
                verb = "expires" if shown else "goes live"
                events.setdefault(moment, []).append(f"{_printable(article.source)} {verb}")
                break
    if not events:
        return None
    moment = min(events)
    happenings = sorted(events[moment])
    more = len(happenings) - NAMED_AT_ONCE
    what = ", ".join(happenings[:NAMED_AT_ONCE]) + (f", and {more} more" if more > 0 else "")
    return moment, what


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)
