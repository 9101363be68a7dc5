"""The repository's own demo portal, built by the real command, shows what the issues promised.

It is bilingual (#11): the Vietnamese edition at ``/``, the English one, which keeps
reproducing the seed page exactly, under ``/en/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAR_TITLE = (
    "Hung Yen has increased by 10 ranks in the PAR index and 2 ranks in the SIPAS index in 2021"
)
# The seed's "Latest news" in the seed's order: days newest first, each day as its editors
# ranked it (``weight:``; #14): a fragment of each title and its stamp.
LATEST = [
    ("Vietnam - Korea", "(24/06/2022 10:14 SA)"),
    ("Sumitomo Corporation", "(23/06/2022 4:37 CH)"),
    ("Forum on Digital Transformation", "(23/06/2022 10:33 SA)"),
    ("investment certificate", "(23/06/2022 5:15 CH)"),
    ("inspects the construction", "(23/06/2022 5:28 CH)"),
    ("To Lam and National Assembly", "(22/06/2022 4:04 CH)"),
    ("The solutions to increase administrative reform index", "(22/06/2022 2:58 CH)"),
    ("congratulates the press", "(21/06/2022 5:02 CH)"),
]


@pytest.fixture(scope="module")
def par_story(built_demo: Path, parse_html: Callable[..., Any]) -> Any:
    pages = [
        doc
        for doc in (parse_html(p.read_bytes()) for p in sorted(built_demo.rglob("index.html")))
        if any(h1.text == PAR_TITLE for h1 in doc.find_all("h1"))
    ]
    assert len(pages) == 1, pages
    return pages[0]


def test_par_story_shows_the_seed_publication_line(par_story: Any) -> None:
    assert par_story.find("h1").text == PAR_TITLE
    published = par_story.find("p", class_="published")
    assert published.text.startswith("Published on 25 - 05 - 2022")


def test_par_story_has_the_captioned_photo(par_story: Any, built_demo: Path) -> None:
    figure = par_story.find("article", class_="story").find("figure")
    assert figure.find("figcaption").text == "At the conference"
    src = figure.find("img").attrs["src"]
    assert (built_demo / src.lstrip("/")).is_file()
    assert figure.find("img").attrs["alt"]


def test_par_story_has_the_seed_figures(par_story: Any) -> None:
    body = par_story.find("div", class_="body").text
    for fact in ("88.34", "12/63", "up 10 ranks", "92.07%", "up 0.41%", "3rd out of 63"):
        assert fact in body
    for fact in ("82.79% - 94.07%", "87.02%", "tasks and solutions"):
        assert fact in body


def test_sidebar_has_the_eight_seed_stories_with_their_stamps(par_story: Any) -> None:
    items = par_story.find("aside", class_="latest-news").find_all("li")
    assert len(items) == len(LATEST)
    for item, (fragment, stamp) in zip(items, LATEST, strict=True):
        assert fragment in item.find("a").attrs["title"]
        assert item.find("time").text == stamp


def test_demo_has_pagination_tags_and_archives(built_demo: Path) -> None:
    english = built_demo / "en"
    assert (english / "page/2/index.html").is_file()
    assert (english / "tags/par-index/index.html").is_file()
    years = sorted(p.name for p in (english / "archive").iterdir() if p.is_dir())
    assert years == ["2021", "2022"]
    categories = [p for p in english.iterdir() if (p / "atom.xml").is_file()]
    assert len(categories) >= 3


def test_the_seed_story_keeps_its_url(built_demo: Path) -> None:
    """Links and search engines know this address: a default slug rule must not move it,
    and the move under /en/ leaves a redirect behind."""
    slug = (
        "hung-yen-has-increased-by-10-ranks-in-the-par-index-and-2-ranks-in-the-sipas-index-in-2021"
    )
    assert (built_demo / "en/administrative-reform" / slug / "index.html").is_file()
    # Its address of before the Vietnamese edition took / still leads to it.
    moved = (built_demo / "administrative-reform" / slug / "index.html").read_text("utf-8")
    assert f'url=/en/administrative-reform/{slug}/"' in moved


VI_TITLE = "Hưng Yên tăng 10 bậc chỉ số PAR INDEX và 2 bậc chỉ số SIPAS năm 2021"
VI_URL = (
    "/cai-cach-hanh-chinh/hung-yen-tang-10-bac-chi-so-par-index-va-2-bac-chi-so-sipas-nam-2021/"
)
# The Vietnamese sidebar: the same eight stories, in Vietnamese, on a 24-hour clock; its
# stories are not ranked, so each day is newest first.
LATEST_VI = [
    ("Việt Nam - Hàn Quốc", "(24/06/2022 10:14)"),
    ("kiểm tra tiến độ thi công", "(23/06/2022 17:28)"),
    ("giấy chứng nhận đầu tư", "(23/06/2022 17:15)"),
    ("Sumitomo", "(23/06/2022 16:37)"),
    ("Chuyển đổi số", "(23/06/2022 10:33)"),
    ("Tô Lâm", "(22/06/2022 16:04)"),
    ("Giải pháp nâng cao chỉ số cải cách hành chính", "(22/06/2022 14:58)"),
    ("Ngày Báo chí Cách mạng", "(21/06/2022 17:02)"),
]


@pytest.fixture(scope="module")
def vi_story(built_demo: Path, parse_html: Callable[..., Any]) -> Any:
    return parse_html((built_demo / VI_URL.strip("/") / "index.html").read_bytes())


def test_the_vietnamese_par_story_is_at_the_root_with_its_caption_and_figures(
    vi_story: Any,
) -> None:
    assert vi_story.find("html").attrs["lang"] == "vi"
    assert vi_story.find("h1").text == VI_TITLE
    assert vi_story.find("p", class_="published").text.startswith("Ngày đăng: 25/05/2022")
    assert vi_story.find("figcaption").text == "Quang cảnh hội nghị"
    body = vi_story.find("div", class_="body").text
    for fact in ("88,34", "12/63", "tăng 10 bậc", "92,07%", "tăng 0,41%", "thứ 3/63"):
        assert fact in body
    for fact in ("82,79% đến 94,07%", "87,02%", "tăng 2 bậc"):
        assert fact in body


def test_the_two_par_stories_link_each_other(vi_story: Any, par_story: Any) -> None:
    english = par_story.find("nav", class_="language-switch").find("a")
    assert (english.attrs["href"], english.text) == (VI_URL, "Tiếng Việt")
    vietnamese = vi_story.find("nav", class_="language-switch").find("a")
    assert vietnamese.attrs["href"].startswith("/en/administrative-reform/hung-yen-has-")
    assert vietnamese.text == "English"


def test_the_vietnamese_sidebar_lists_vietnamese_stories_each_with_its_translation(
    vi_story: Any, built_demo: Path, parse_html: Callable[..., Any]
) -> None:
    aside = vi_story.find("aside", class_="latest-news")
    assert aside.find("h2").text == "Tin mới nhất"
    items = aside.find_all("li")
    assert len(items) == len(LATEST_VI)
    for item, (fragment, stamp) in zip(items, LATEST_VI, strict=True):
        assert fragment in item.find("a").attrs["title"]
        assert item.find("time").text == stamp
        story = parse_html(
            (built_demo / item.find("a").attrs["href"].strip("/") / "index.html").read_bytes()
        )
        assert "Bài viết mẫu" in story.find("div", class_="body").text  # sample text, said so
        switch = story.find("nav", class_="language-switch").find("a")
        assert switch.attrs["href"].startswith("/en/"), fragment
        assert switch.attrs["href"] != "/en/", f"{fragment}: no English translation linked"
