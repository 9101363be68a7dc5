"""Editors rank a day's stories (``weight:``, Hugo's name) and ``list_order:
day_then_weight`` orders every list day by day, each day as ranked; plain sites stay
newest first (#14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Page = Callable[[str], Any]
# (file, date, weight): two days, the later one ranked against the clock, plus an
# unranked story and two ranked alike at one minute (the slug decides).
STORIES = [
    ("late", "2022-06-23 17:28", 3),
    ("noon", "2022-06-23 12:00", None),
    ("early", "2022-06-23 10:33", 1),
    ("evening", "2022-06-23 17:15", 2),
    ("b-tie", "2022-06-23 17:15", 2),
    ("newest", "2022-06-24 10:14", None),
    ("old-late", "2022-06-22 16:04", None),
    ("old-early", "2022-06-22 14:58", 1),
]
RANKED = ["newest", "early", "b-tie", "evening", "late", "noon", "old-early", "old-late"]
NEWEST = ["newest", "late", "b-tie", "evening", "noon", "early", "old-late", "old-early"]


def files(article: Callable[..., str], config: str) -> dict[str, str]:
    tree = {
        f"content/news/{name}.md": article(title=name, date=date, weight=weight, tags=["T"])
        for name, date, weight in STORIES
    }
    tree["parsite.yaml"] = config
    return tree


def slugs(links: list[Any]) -> list[str]:
    return [a.attrs["href"].strip("/").split("/")[-1] for a in links]


def sidebar(page: Any) -> list[str]:
    return slugs(page.find("aside", class_="latest-news").find_all("a"))


def stories(page: Any) -> list[str]:
    found = page.find("main").find_all("article", class_="summary")
    return slugs([story.find("h2").find("a") for story in found])


@pytest.fixture
def site(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str], parse_html: Any
) -> Callable[[str], Page]:
    def build(config: str) -> Page:
        public = build_tree(tmp_path, files(article, config))
        return lambda url: parse_html((public / url.strip("/") / "index.html").read_bytes())

    return build


def test_day_then_weight_orders_every_list_day_by_day_as_ranked(
    site: Callable[[str], Page],
) -> None:
    page = site("list_order: day_then_weight\nlatest_count: 8\n")
    home = page("/")
    assert sidebar(home) == RANKED
    assert stories(home) == [n for n in RANKED if n != "newest"]
    assert stories(page("/news/")) == RANKED
    assert stories(page("/tags/t/")) == RANKED
    assert stories(page("/archive/2022/06/")) == RANKED


def test_a_plain_site_stays_newest_first_whatever_the_weights(
    site: Callable[[str], Page],
) -> None:
    page = site("latest_count: 8\n")
    assert sidebar(page("/")) == NEWEST
    assert stories(page("/news/")) == NEWEST


def test_the_day_is_the_site_time_zone_s(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str], parse_html: Any
) -> None:
    # 23:30 in Ha Noi is 16:30 UTC: still the 23rd, so it ranks with that day's stories.
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": "list_order: day_then_weight\n",
            "content/news/night.md": article(title="night", date="2022-06-23T16:30:00Z"),
            "content/news/ranked.md": article(title="ranked", date="2022-06-23 08:00", weight=1),
            "content/news/next.md": article(title="next", date="2022-06-24 00:10"),
        },
    )
    home = parse_html((public / "index.html").read_bytes())
    assert sidebar(home) == ["next", "ranked", "night"]


@pytest.mark.parametrize(
    "written",
    ['"first"', "true", "1.5", "2000000", "[1]"],
)
def test_a_weight_that_is_not_a_whole_number_is_an_error_at_its_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
    written: str,
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(title="A", weight=written)})
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 1, out + err
    assert "content/news/a.md:4: 'weight' must be a whole number from -1000000 to 1000000" in err
    assert not (tmp_path / "public").exists()


def test_an_unknown_list_order_is_an_error_at_its_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": "title: T\nlist_order: weight\n",
            "content/news/a.md": article(title="A"),
        },
    )
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 1, out + err
    assert "parsite.yaml:2: 'list_order' must be newest or day_then_weight, not 'weight'" in err
