"""The latest-news titles as the seed cuts them, no two alike, and every list item's date
and time in its edition's patterns (#14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

# The seed page's eight entries, exactly as it prints them (title, then stamp).
SEED = [
    "Chairman of the Provincial People's Committee Tran Quoc Van attends the Vietnam - Korea..."
    "(24/06/2022 10:14 SA)",
    "Provincial leaders work with representatives of Sumitomo Corporation(23/06/2022 4:37 CH)",
    "Comrade Chairman of the Provincial People's Committee Tran Quoc Van attends the Forum..."
    "(23/06/2022 10:33 SA)",
    "Comrade Chairman of the Provincial People's Committee Tran Quoc Van attends the "
    "investment...(23/06/2022 5:15 CH)",
    "Comrade Secretary of the Provincial Party Committee Nguyen Huu Nghia inspects the "
    "construction...(23/06/2022 5:28 CH)",
    "Comrade Minister of Public Security To Lam and National Assembly's deputies meet voters"
    "(22/06/2022 4:04 CH)",
    "The solutions to increase administrative reform index(22/06/2022 2:58 CH)",
    "Comrade Secretary of the Provincial Party Committee Nguyen Huu Nghia congratulates the "
    "press...(21/06/2022 5:02 CH)",
]


def entries(page: Any) -> list[str]:
    items = page.find("aside", class_="latest-news").find_all("li")
    return [item.find("a").text + item.find("time").text for item in items]


def test_the_english_sidebar_reproduces_the_seed_s_eight_entries_exactly(
    built_demo: Path, parse_html: Callable[..., Any]
) -> None:
    for page in ("en/index.html", "en/administrative-reform/index.html"):
        assert entries(parse_html((built_demo / page).read_bytes())) == SEED, page


def test_the_vietnamese_sidebar_cuts_by_characters_and_no_two_entries_read_alike(
    built_demo: Path, parse_html: Callable[..., Any]
) -> None:
    shown = entries(parse_html((built_demo / "index.html").read_bytes()))
    titles = [entry.rsplit("(", 1)[0].strip() for entry in shown]
    assert len(set(titles)) == len(titles) == 8
    assert all(len(title) <= 83 for title in titles), titles


LONG = "Comrade Chairman of the Provincial People's Committee Tran Quoc Van attends the"


def test_cuts_that_would_read_alike_are_lengthened_until_they_differ(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[..., Any],
) -> None:
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": "latest_title_words: 12\n",
            "content/news/a.md": article(title=f"{LONG} forum on digital transformation"),
            "content/news/b.md": article(title=f"{LONG} forum on investment", date="2022-05-24"),
        },
    )
    links = parse_html((public / "index.html").read_bytes()).find("aside").find_all("a")
    assert [a.text for a in links] == [
        f"{LONG} forum on digital...",
        f"{LONG} forum on investment",
    ]
    assert [a.attrs["title"] for a in links] == [
        f"{LONG} forum on digital transformation",
        f"{LONG} forum on investment",
    ]


def test_every_list_item_shows_its_date_and_time_in_the_edition_s_patterns(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[..., Any],
) -> None:
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": "languages: {vi: {}, en: {}}\n",
            "content/news/a.md": article(title="A", date="2022-06-23 16:37"),
            "content/news/b.md": article(title="B", date="2022-06-22"),
            "content/en/news/c.md": article(title="C", date="2022-06-23 16:37"),
            "content/en/news/d.md": article(title="D", date="2022-06-22 09:05"),
        },
    )

    def stamps(page: str) -> list[str]:
        doc = parse_html((public / page).read_bytes())
        return [t.text for t in doc.find("main").find_all("time")]

    assert stamps("news/index.html") == ["23/06/2022 16:37", "22/06/2022"]
    assert stamps("en/news/index.html") == ["23/06/2022 4:37 CH", "22/06/2022 9:05 SA"]
    story = parse_html((public / "en/news/c/index.html").read_bytes())
    related = story.find("section", class_="related").find("time")
    assert related.text == "(22/06/2022 9:05 SA)"
    assert related.attrs["datetime"] == "2022-06-22T09:05:00+07:00"
