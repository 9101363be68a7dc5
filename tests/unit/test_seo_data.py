"""JSON-LD serialisation and the Google News sitemap's two-day window."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term
from parindex_site.render.seo import absolute_url, jsonld, news_article, news_sitemap_stories

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 6, 24, 10, 0, tzinfo=VIETNAM)
CONFIG = SiteConfig(site_dir=Path("."), title="Portal", base_url="https://p.example/")


def story(published: dt.datetime, **fields: object) -> Article:
    base = Article(
        source="content/news/a.md",
        title="A",
        published=published,
        slug="a",
        category=Term("news", "News"),
        body_html="<p>A</p>",
        summary="Sum",
        url="/news/a/",
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def test_jsonld_escapes_markup_characters_and_round_trips() -> None:
    data = {"headline": "</script><!-- & ->"}
    text = str(jsonld(data))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


def test_jsonld_keeps_vietnamese_letters_readable() -> None:
    assert str(jsonld({"name": "Hưng Yên"})) == '{"name":"Hưng Yên"}'


def test_absolute_url_prefixes_site_urls_and_keeps_full_ones() -> None:
    assert absolute_url(CONFIG, "/images/a.jpg") == "https://p.example/images/a.jpg"
    assert absolute_url(CONFIG, "https://cdn.example/a.jpg") == "https://cdn.example/a.jpg"


def test_news_article_dates_are_in_the_site_zone_with_offset() -> None:
    utc = dt.datetime(2022, 6, 24, 1, 30, tzinfo=dt.timezone.utc)
    data = news_article(story(utc), CONFIG)
    assert data["datePublished"] == "2022-06-24T08:30:00+07:00"
    assert data["dateModified"] == "2022-06-24T08:30:00+07:00"
    assert "image" not in data  # no picture: no image key rather than an empty one


def test_news_sitemap_keeps_stories_of_the_two_days_before_now() -> None:
    inside = story(NOW - dt.timedelta(days=2))
    just_now = story(NOW)
    too_old = story(NOW - dt.timedelta(days=2, seconds=1))
    future = story(NOW + dt.timedelta(minutes=1))
    chosen = news_sitemap_stories((future, just_now, inside, too_old), NOW)
    assert chosen == (just_now, inside)


def test_news_sitemap_holds_at_most_a_thousand_stories() -> None:
    many = tuple(story(NOW - dt.timedelta(minutes=i)) for i in range(1200))
    assert len(news_sitemap_stories(many, NOW)) == 1000


def test_news_sitemap_stops_early_but_chooses_as_a_full_scan_would() -> None:
    """Newest first over ten days, future ones first: the early stop changes nothing."""
    stories = [story(NOW + dt.timedelta(hours=30 - i * 0.75)) for i in range(320)]
    expected = tuple(a for a in stories if NOW - dt.timedelta(days=2) <= a.published <= NOW)
    assert news_sitemap_stories(tuple(stories), NOW) == expected
    assert 0 < len(expected) < len(stories) - 200
