"""The schedule: each story's state at a moment, and when the site next changes by itself."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from parindex_site.content.models import Article, Term
from parindex_site.model.schedule import next_change, schedule, state_of
from parindex_site.model.site import Visibility

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 6, 24, 12, 0, tzinfo=VN)


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def story(name: str, published: str = "2022-06-01 09:00", **fields: Any) -> Article:
    expires = fields.pop("expires", None)
    return Article(
        source=f"content/news/{name}.md",
        title=fields.pop("title", name.title()),
        published=when(published),
        slug=name,
        category=Term("news", "News"),
        body_html="<p>Body</p>",
        summary="Body",
        expires=when(expires) if expires else None,
        **fields,
    )


DRAFT = story("draft", draft=True)
FUTURE = story("future", "2022-06-25 08:00")
EXPIRED = story("expired", "2022-05-01 08:00", expires="2022-06-01 00:00")
LIVE = story("live", "2022-06-20 08:00", expires="2022-07-01 00:00")
OLD = story("old", "2021-01-01 08:00")


@pytest.mark.parametrize(
    ("article", "state"),
    [
        (DRAFT, "draft"),
        (FUTURE, "scheduled"),
        (EXPIRED, "expired"),
        (LIVE, "published"),
        (OLD, "published"),
        # A future draft is a draft first: scheduling it does not release it.
        (story("both", "2022-07-01 08:00", draft=True), "draft"),
        # Expiring before its own date, it will never be shown: expired, not scheduled.
        (story("never", "2022-07-01 08:00", expires="2022-06-01 00:00"), "expired"),
    ],
)
def test_each_story_has_one_state(article: Article, state: str) -> None:
    assert state_of(article, NOW) == state


def test_a_story_is_published_from_its_very_minute_and_expired_from_its_very_minute() -> None:
    assert state_of(FUTURE, when("2022-06-25 08:00")) == "published"
    assert state_of(FUTURE, when("2022-06-25 07:59")) == "scheduled"
    assert state_of(LIVE, when("2022-07-01 00:00")) == "expired"


def test_the_schedule_is_oldest_first_ties_by_source() -> None:
    twin = story("a-twin", "2022-06-25 08:00")
    listed = schedule([FUTURE, OLD, DRAFT, twin, LIVE, EXPIRED], NOW)
    assert [item.source.split("/")[-1] for item in listed] == [
        "old.md",
        "expired.md",
        "draft.md",
        "live.md",
        "a-twin.md",
        "future.md",
    ]


@pytest.mark.parametrize(
    ("wanted", "names"),
    [
        ("drafts", ["draft"]),
        ("future", ["future"]),
        ("expired", ["expired"]),
        ("published", ["old", "live"]),
        ("all", ["old", "expired", "draft", "live", "future"]),
    ],
)
def test_a_filter_keeps_its_state(wanted: str, names: list[str]) -> None:
    listed = schedule([DRAFT, FUTURE, EXPIRED, LIVE, OLD], NOW, wanted)
    assert [item.source.removeprefix("content/news/").removesuffix(".md") for item in listed] == (
        names
    )


def test_a_line_is_source_title_iso_date_and_state_separated_by_tabs() -> None:
    (item,) = schedule([story("future", "2022-06-25 08:00", title="Lịch công tác")], NOW)
    assert (
        item.line == "content/news/future.md\tLịch công tác\t2022-06-25T08:00:00+07:00\tscheduled"
    )


def test_a_line_never_carries_a_tab_or_a_terminal_escape() -> None:
    (item,) = schedule([story("odd", title="A\tB\x1b[2J")], NOW)
    assert item.line.split("\t")[1] == "A B [2J"


def test_the_next_change_is_the_soonest_story_going_live() -> None:
    later = story("later", "2022-06-30 08:00")
    assert next_change([later, FUTURE, OLD], Visibility(NOW)) == (
        when("2022-06-25 08:00"),
        "content/news/future.md goes live",
    )


def test_an_expiry_sooner_than_any_publication_is_the_next_change() -> None:
    soon = story("soon", "2022-06-01 08:00", expires="2022-06-24 18:00")
    assert next_change([FUTURE, soon], Visibility(NOW)) == (
        when("2022-06-24 18:00"),
        "content/news/soon.md expires",
    )


def test_drafts_and_past_dates_announce_nothing() -> None:
    future_draft = story("both", "2022-07-01 08:00", draft=True)
    assert next_change([DRAFT, future_draft, EXPIRED, OLD], Visibility(NOW)) is None


def test_a_shown_draft_counts_when_drafts_are_built() -> None:
    future_draft = story("both", "2022-07-01 08:00", draft=True)
    assert next_change([future_draft], Visibility(NOW, drafts=True)) == (
        when("2022-07-01 08:00"),
        "content/news/both.md goes live",
    )


def test_with_future_stories_shown_only_expiries_change_the_site() -> None:
    leaving = story("leaving", "2022-06-26 08:00", expires="2022-06-28 00:00")
    assert next_change([FUTURE, leaving], Visibility(NOW, future=True)) == (
        when("2022-06-28 00:00"),
        "content/news/leaving.md expires",
    )


def test_with_expired_stories_shown_expiries_change_nothing() -> None:
    assert next_change([LIVE], Visibility(NOW, expired=True)) is None


def test_a_story_that_expires_before_its_date_never_goes_live() -> None:
    never = story("never", "2022-07-01 08:00", expires="2022-06-30 00:00")
    assert next_change([never], Visibility(NOW)) is None
    # Shown early with --future, it does leave: at its expiry, which comes first.
    assert next_change([never], Visibility(NOW, future=True)) == (
        when("2022-06-30 00:00"),
        "content/news/never.md expires",
    )


def test_stories_changing_at_one_instant_are_named_once_and_counted() -> None:
    twins = [story(name, "2022-06-25 08:00") for name in ("b", "a", "c")]
    assert next_change(twins, Visibility(NOW)) == (
        when("2022-06-25 08:00"),
        "content/news/a.md goes live, and 2 more",
    )


def test_the_instant_itself_is_not_after_now() -> None:
    assert next_change([FUTURE], Visibility(when("2022-06-25 08:00"))) is None
