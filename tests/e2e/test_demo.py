"""The repository's own demo portal, built by the real command, shows what the issue promised."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAR_TITLE = (
    "Hung Yen has increased by 10 ranks in the PAR index and 2 ranks in the SIPAS index in 2021"
)
# The seed's "Latest news", newest first: a fragment of each title and its stamp.
LATEST = [
    ("Vietnam - Korea", "(24/06/2022 10:14 SA)"),
    ("inspects the construction", "(23/06/2022 5:28 CH)"),
    ("investment certificate", "(23/06/2022 5:15 CH)"),
    ("Sumitomo Corporation", "(23/06/2022 4:37 CH)"),
    ("Forum on Digital Transformation", "(23/06/2022 10:33 SA)"),
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
    assert (built_demo / "page/2/index.html").is_file()
    assert (built_demo / "tags/par-index/index.html").is_file()
    years = sorted(p.name for p in (built_demo / "archive").iterdir() if p.is_dir())
    assert years == ["2021", "2022"]
    categories = [p for p in built_demo.iterdir() if (p / "atom.xml").is_file()]
    assert len(categories) >= 3


def test_the_seed_story_keeps_its_url(built_demo: Path) -> None:
    """Links and search engines know this address: a default slug rule must not move it."""
    slug = (
        "hung-yen-has-increased-by-10-ranks-in-the-par-index-and-2-ranks-in-the-sipas-index-in-2021"
    )
    assert (built_demo / "administrative-reform" / slug / "index.html").is_file()
