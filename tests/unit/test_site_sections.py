"""The model names and orders sections as parsite.yaml says, merges spellings under the
most used one, and gives each story its picture as a site path."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from parindex_site.config import SiteConfig
from parindex_site.content.models import Article, Term
from parindex_site.model.site import Visibility, build_site, with_urls

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 7, 1, 12, 0, tzinfo=VN)


def story(slug: str, section: tuple[str, str] = ("news", "News"), **fields: Any) -> Article:
    return Article(
        source=f"content/{section[0]}/{slug}.md",
        title=slug,
        published=dt.datetime(2022, 5, 25, 10, 14, tzinfo=VN),
        slug=slug,
        category=Term(*section),
        body_html="<p>Body</p>",
        summary="Body",
        **fields,
    )


def titles(listings: Any) -> list[str]:
    return [listing.title for listing in listings]


def test_listed_sections_come_first_in_their_order_with_their_names(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(
        tmp_path,
        sections=[{"folder": "doi-song"}, {"folder": "cai-cach", "name": "Cải cách"}],
    )
    stories = [
        story("a", ("cai-cach", "Cai Cach")),
        story("b", ("an-ninh", "An Ninh")),
        story("c", ("doi-song", "Đời sống")),
        story("d", ("bao-chi", "Bao Chi")),
    ]
    site = build_site(config, stories, Visibility(NOW))
    assert titles(site.categories) == ["Đời sống", "Cải cách", "An Ninh", "Bao Chi"]
    renamed = next(a for a in site.articles if a.slug == "a")
    assert renamed.category == Term("cai-cach", "Cải cách", "/cai-cach/")


def test_a_listed_section_without_stories_makes_no_list(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path, sections=[{"folder": "empty", "name": "Empty"}])
    site = build_site(config, [story("a")], Visibility(NOW))
    assert titles(site.categories) == ["News"]


def test_the_most_used_spelling_names_the_list_whatever_the_file_order(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path)
    stories = [story(f"s{n}", tags=(Term("dang-bo", "Đảng bộ"),)) for n in range(3)]
    stories.append(story("shout", tags=(Term("dang-bo", "ĐẢNG BỘ"),)))
    for seed in range(5):
        random.Random(seed).shuffle(stories)
        site = build_site(config, stories, Visibility(NOW))
        assert titles(site.tags) == ["Đảng bộ"]
        assert len(site.tags[0].articles) == 4


def test_a_tie_goes_to_the_spelling_that_sorts_first(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path)
    stories = [
        story("a", tags=(Term("par-index", "PAR index"),)),
        story("b", tags=(Term("par-index", "PAR Index"),)),
    ]
    for ordered in (stories, stories[::-1]):
        assert titles(build_site(config, ordered, Visibility(NOW)).tags) == ["PAR Index"]


def test_with_urls_makes_a_relative_picture_a_site_path(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path)
    article = with_urls(config, story("a", image="images/a.jpg"))
    assert article.image == "/news/images/a.jpg"
    assert with_urls(config, article) is article  # nothing left to change
