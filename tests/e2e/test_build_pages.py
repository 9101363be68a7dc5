"""One small portal, built once by the real command; every page type checked on it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

BASE = "https://portal.example.test"
LONG_TITLE = (
    "Comrade Chairman of the Provincial People's Committee attends the ceremony awarding "
    "investment certificates to new projects"
)
# (file, title, date, extra front matter). Dates are site time (Asia/Ho_Chi_Minh).
STORIES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("news/s1.md", "Vietnam Korea conference", "2022-06-24 10:14", {}),
    ("news/s2.md", "Sumitomo visit", "2022-06-23 16:37", {}),
    ("news/s3.md", "Noon briefing", "2022-06-23 12:05", {}),
    ("news/s4.md", "Night shift", "2022-06-23 00:30", {}),
    ("news/beta.md", "Beta story", "2022-06-22 09:00", {"slug": "beta-story"}),
    ("news/alpha.md", "Alpha story", "2022-06-22 09:00", {"slug": "alpha-story"}),
    ("news/long.md", LONG_TITLE, "2022-06-21 08:00", {}),
    (
        "news/par.md",
        "Hưng Yên tăng 10 bậc",
        "2022-05-25 10:14",
        {
            "image": "/images/par.jpg",
            "image_alt": "Delegates in the hall",
            "image_caption": "At the conference",
            "tags": ["PAR Index", "Đoàn công tác"],
            "author": "Thu Ha",
            "aliases": ["/old/par-story/"],
            "lang": "vi",
        },
    ),
    ("culture/feature.md", "Longan harvest festival", "2022-05-20 08:00", {"featured": True}),
    ("culture/c2.md", "Folk songs evening", "2022-05-01 20:00", {"tags": "Culture, PAR Index"}),
    ("culture/c3.md", "New Year fireworks", "2021-12-31 23:00", {}),
]
FIRST_PARAGRAPH = "The **province** rose [ten places](https://example.org/par) in the index."


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
) -> Path:
    root = tmp_path_factory.mktemp("portal")
    files: dict[str, str | bytes] = {
        "parsite.yaml": f"title: Test Portal\nbase_url: {BASE}/\npage_size: 3\n",
        "static/images/par.jpg": b"\xff\xd8\xff\xe0fake-jpeg",
    }
    for name, title, date, fields in STORIES:
        body = f"{FIRST_PARAGRAPH}\n\nMore text." if name == "news/par.md" else f"About {title}."
        files["content/" + name] = article(title=title, date=date, body=body, **fields)
    return build_tree(root, files)


@pytest.fixture(scope="module")
def page(site: Path, parse_html: Callable[..., Any]) -> Callable[[str], Any]:
    def load(url: str) -> Any:
        relative = url.strip("/") + ("/index.html" if url.endswith("/") else "")
        return parse_html((site / relative.lstrip("/")).read_bytes())

    return load


def links(node: Any) -> list[str]:
    return [a.attrs["href"] for a in node.find_all("a")]


# --------------------------------------------------------------------------- home


def test_home_leads_with_the_featured_story(page: Callable[[str], Any]) -> None:
    lead = page("/").find("article", class_="lead")
    assert lead.find("h2").text == "Longan harvest festival"
    assert links(lead) == ["/culture/longan-harvest-festival/"]


def test_home_lists_newest_stories_with_first_paragraph_summaries(
    page: Callable[[str], Any],
) -> None:
    home = page("/")
    summaries = home.find_all("article", class_="summary")
    assert [s.find("h2").text for s in summaries] == [
        "Vietnam Korea conference",
        "Sumitomo visit",
        "Noon briefing",
    ]
    page3 = page("/page/3/")
    par = next(s for s in page3.find_all("article", class_="summary") if "Hưng" in s.text)
    assert "The province rose ten places in the index." in par.text
    assert par.find("img").attrs["src"] == "/images/par.jpg"


def test_home_is_paginated_under_page_n(site: Path, page: Callable[[str], Any]) -> None:
    # 11 stories, 3 a page -> /, /page/2/, /page/3/, /page/4/
    assert (site / "page/4/index.html").is_file()
    assert not (site / "page/5").exists()
    assert not (site / "page/1").exists()
    pager = page("/page/2/").find("nav", class_="pager")
    assert pager.find("a", rel="prev").attrs["href"] == "/"
    assert pager.find("a", rel="next").attrs["href"] == "/page/3/"
    links = [a.attrs["href"] for a in page("/").find("nav", class_="pager").find_all("a")]
    assert links == ["/page/2/", "/page/3/", "/page/4/", "/page/2/"]  # 1 is this page


def test_ties_in_time_are_ordered_by_slug(page: Callable[[str], Any]) -> None:
    titles = [s.find("h2").text for s in page("/page/2/").find_all("article", class_="summary")]
    assert titles == ["Night shift", "Alpha story", "Beta story"]


# --------------------------------------------------------------------------- article


PAR_URL = "/news/hung-yen-tang-10-bac/"


def test_article_url_uses_a_vietnamese_aware_slug(site: Path) -> None:
    assert (site / "news/hung-yen-tang-10-bac/index.html").is_file()


def test_article_has_breadcrumb_title_and_published_line(page: Callable[[str], Any]) -> None:
    doc = page(PAR_URL)
    crumbs = doc.find("nav", class_="breadcrumb")
    assert links(crumbs) == ["/", "/news/", PAR_URL]
    assert doc.find("h1").text == "Hưng Yên tăng 10 bậc"
    published = doc.find("p", class_="published")
    assert published.text.startswith("Published on 25 - 05 - 2022")
    assert published.find("time").attrs["datetime"] == "2022-05-25T10:14:00+07:00"
    assert "Thu Ha" in published.text


def test_article_image_is_a_figure_with_caption(page: Callable[[str], Any]) -> None:
    figure = page(PAR_URL).find("article", class_="story").find("figure")
    img = figure.find("img")
    assert (img.attrs["src"], img.attrs["alt"]) == ("/images/par.jpg", "Delegates in the hall")
    assert figure.find("figcaption").text == "At the conference"


def test_article_body_tags_and_language(page: Callable[[str], Any]) -> None:
    doc = page(PAR_URL)
    assert doc.find("html").attrs["lang"] == "vi"
    body = doc.find("div", class_="body")
    assert body.find("strong").text == "province"
    tags = doc.find("p", class_="tags")
    assert links(tags) == ["/tags/par-index/", "/tags/doan-cong-tac/"]
    assert [a.text for a in tags.find_all("a")] == ["PAR Index", "Đoàn công tác"]


def test_article_lists_five_related_stories_from_its_category(page: Callable[[str], Any]) -> None:
    related = links(page(PAR_URL).find("section", class_="related"))
    assert len(related) == 5
    assert all(url.startswith("/news/") for url in related)
    assert PAR_URL not in related


def test_article_without_image_has_no_figure(page: Callable[[str], Any]) -> None:
    assert page("/news/sumitomo-visit/").find_all("figure") == []


# --------------------------------------------------------------------------- lists


def test_category_pages_list_only_their_stories(page: Callable[[str], Any]) -> None:
    culture = page("/culture/")
    assert [s.find("h2").text for s in culture.find_all("article", class_="summary")] == [
        "Longan harvest festival",
        "Folk songs evening",
        "New Year fireworks",
    ]
    news2 = page("/news/page/2/").find_all("article", class_="summary")
    assert news2  # page 2 exists and lists stories
    assert all("/news/" in links(s)[0] for s in news2)


def test_tag_pages_use_slugs_and_merge_comma_and_list_tags(page: Callable[[str], Any]) -> None:
    par_index = page("/tags/par-index/").find_all("article", class_="summary")
    assert [s.find("h2").text for s in par_index] == ["Hưng Yên tăng 10 bậc", "Folk songs evening"]
    doan = page("/tags/doan-cong-tac/").find_all("article", class_="summary")
    assert [s.find("h2").text for s in doan] == ["Hưng Yên tăng 10 bậc"]
    assert "/tags/culture/" in links(page("/tags/").find("main"))


def test_year_and_month_archives(site: Path, page: Callable[[str], Any]) -> None:
    year_2021 = page("/archive/2021/").find_all("article", class_="summary")
    assert [s.find("h2").text for s in year_2021] == ["New Year fireworks"]
    may = page("/archive/2022/05/").find_all("article", class_="summary")
    assert len(may) == 3
    assert (site / "archive/2022/06/index.html").is_file()
    index_links = links(page("/archive/").find("main"))
    assert {"/archive/2022/", "/archive/2022/05/", "/archive/2021/12/"} <= set(index_links)


def test_404_page_exists_with_the_sidebar(page: Callable[[str], Any]) -> None:
    doc = page("/404.html")
    assert doc.find("h1").text == "Page not found"
    assert doc.find("aside", class_="latest-news")


def test_alias_is_a_redirect_page_to_the_article(page: Callable[[str], Any]) -> None:
    doc = page("/old/par-story/")
    refresh = doc.find("meta", http_equiv="refresh")
    assert refresh.attrs["content"] == f"0; url={PAR_URL}"
    assert doc.find("link", rel="canonical").attrs["href"] == BASE + PAR_URL


# --------------------------------------------------------------------------- sidebar


def html_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if b"http-equiv" not in p.read_bytes()]


def test_every_page_has_the_same_latest_news_sidebar(
    site: Path, parse_html: Callable[..., Any]
) -> None:
    pages = html_pages(site)
    assert len(pages) > 20
    sidebars = set()
    for path in pages:
        asides = parse_html(path.read_bytes()).find_all("aside", class_="latest-news")
        assert len(asides) == 1, path
        sidebars.add(repr(asides[0]))
    assert len(sidebars) == 1


def test_sidebar_lists_the_eight_newest_newest_first(page: Callable[[str], Any]) -> None:
    items = page("/culture/").find("aside", class_="latest-news").find_all("li")
    assert len(items) == 8
    titles = [li.find("a").attrs["title"] for li in items]
    assert titles[:4] == [
        "Vietnam Korea conference",
        "Sumitomo visit",
        "Noon briefing",
        "Night shift",
    ]
    assert titles[-1] == "Hưng Yên tăng 10 bậc"
    assert "Longan harvest festival" not in titles


def test_sidebar_stamps_use_the_vietnamese_12_hour_clock(page: Callable[[str], Any]) -> None:
    items = page("/").find("aside", class_="latest-news").find_all("li")
    stamps = [li.find("time").text for li in items[:4]]
    assert stamps == [
        "(24/06/2022 10:14 SA)",
        "(23/06/2022 4:37 CH)",
        "(23/06/2022 12:05 CH)",
        "(23/06/2022 12:30 SA)",
    ]
    assert items[1].find("time").attrs["datetime"] == "2022-06-23T16:37:00+07:00"


def test_sidebar_cuts_long_titles_at_a_word_with_the_full_title_in_title(
    page: Callable[[str], Any],
) -> None:
    items = page("/").find("aside", class_="latest-news").find_all("li")
    link = next(li.find("a") for li in items if li.find("a").attrs["title"] == LONG_TITLE)
    shown = link.text
    assert shown.endswith("...")
    assert 60 <= len(shown) <= 83
    assert LONG_TITLE.startswith(shown.removesuffix("..."))
    assert LONG_TITLE[len(shown) - 3] == " "  # cut before a word, not inside one


# --------------------------------------------------------------------------- feeds etc.


def test_site_feed_is_valid_atom_with_dated_entries(site: Path) -> None:
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "Test Portal"
    assert len(feed.entries) == len(STORIES)
    first = feed.entries[0]
    assert first.title == "Vietnam Korea conference"
    assert first.link == BASE + "/news/vietnam-korea-conference/"
    assert first.published == "2022-06-24T10:14:00+07:00"
    assert tuple(first.published_parsed[:5]) == (2022, 6, 24, 3, 14)  # feedparser gives UTC
    par = next(e for e in feed.entries if e.link.endswith(PAR_URL))
    assert par.summary == "The province rose ten places in the index."


def test_each_category_has_its_own_feed(site: Path) -> None:
    feed = feedparser.parse((site / "culture/atom.xml").read_bytes())
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == [
        "Longan harvest festival",
        "Folk songs evening",
        "New Year fireworks",
    ]


def test_sitemap_lists_pages_with_absolute_urls_but_not_aliases(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert BASE + PAR_URL in locs
    assert {BASE + "/", BASE + "/page/2/", BASE + "/culture/", BASE + "/tags/par-index/"} <= set(
        locs
    )
    assert BASE + "/old/par-story/" not in locs
    assert locs == sorted(locs)


def test_robots_txt_points_at_the_sitemap(site: Path) -> None:
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_static_files_are_copied(site: Path) -> None:
    assert (site / "images/par.jpg").read_bytes() == b"\xff\xd8\xff\xe0fake-jpeg"
    assert (site / "css/style.css").is_file()  # from the packaged theme
