"""Front matter, dates and text as the real build reads them.

One tree holds one story per behaviour; each test looks only at its own story's output.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

# story file -> (date as written in YAML, the ISO time the build must give it)
DATES = {
    "yaml-date": ("2022-05-25", "2022-05-25T00:00:00+07:00"),
    "yaml-naive-datetime": ("2022-05-25 10:14:00", "2022-05-25T10:14:00+07:00"),
    "no-seconds-string": ("2022-05-25 10:14", "2022-05-25T10:14:00+07:00"),
    "day-first": ("25/05/2022", "2022-05-25T00:00:00+07:00"),
    "day-first-time": ("25/05/2022 10:14", "2022-05-25T10:14:00+07:00"),
    "iso-offset": ("2022-05-25T03:14:00+00:00", "2022-05-25T10:14:00+07:00"),
    "quoted-iso-offset": ('"2022-05-25T12:14:00+09:00"', "2022-05-25T10:14:00+07:00"),
}


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
) -> Path:
    root = tmp_path_factory.mktemp("content")
    files: dict[str, str | bytes] = {
        f"content/dates/{name}.md": article(title=f"Date {name}", date=date)
        for name, (date, _) in DATES.items()
    }
    files.update(
        {
            # 06:30 in Vietnam is 23:30 the day before in UTC: it belongs to 2022.
            "content/dates/new-year-morning.md": article(
                title="New year morning", date="2022-01-01 06:30"
            ),
            "content/dates/utc-evening.md": article(
                title="UTC evening", date="2021-12-31T23:30:00Z"
            ),
            "content/fields/all.md": article(
                title="All the fields",
                date="2022-05-20 08:00",
                updated="2022-05-21 09:30",
                expires="2099-01-01",
                slug="custom-slug",
                summary="A summary the editor wrote.",
                category="Tin tức",
                tags="Đoàn công tác, PAR Index",
                author="Thu Ha",
                featured="true",
                draft="false",
                body="Body first paragraph.",
            ),
            "content/fields/summary.md": article(
                title="Default summary",
                date="2022-05-19",
                body="# Heading\n\nThe *first* paragraph, with a [link](/x/) &amp; more.\n\n"
                "The second paragraph.",
            ),
            "content/hanh-chinh/folder-category.md": article(
                title="Folder category", date="2022-05-18"
            ),
            "content/text/bom-crlf.md": "\ufeff"
            + article(title="Dòng CRLF", date="2022-05-17", tags=["Hưng Yên"]).replace(
                "\n", "\r\n"
            ),
        }
    )
    return build_tree(root, files)


@pytest.fixture(scope="module")
def page(site: Path, parse_html: Callable[..., Any]) -> Callable[[str], Any]:
    return lambda url: parse_html((site / url.strip("/") / "index.html").read_bytes())


@pytest.mark.parametrize("name", sorted(DATES))
def test_date_forms_are_read_in_the_site_time_zone(name: str, page: Callable[[str], Any]) -> None:
    published = page(f"/dates/date-{name}/").find("p", class_="published")
    assert published.find("time").attrs["datetime"] == DATES[name][1]
    assert published.text.startswith("Published on 25 - 05 - 2022")


def test_a_time_without_offset_is_site_time_not_utc(site: Path, page: Callable[[str], Any]) -> None:
    jan = page("/archive/2022/01/").find_all("article", class_="summary")
    assert {s.find("h2").text for s in jan} == {"New year morning", "UTC evening"}
    assert not (site / "archive/2021").exists()
    stamp = page("/dates/utc-evening/").find("p", class_="published").find("time")
    assert stamp.attrs["datetime"] == "2022-01-01T06:30:00+07:00"


def test_all_front_matter_fields_reach_the_page(page: Callable[[str], Any]) -> None:
    doc = page("/tin-tuc/custom-slug/")
    assert doc.find("h1").text == "All the fields"
    assert "Thu Ha" in doc.find("p", class_="published").text
    tags = doc.find("p", class_="tags").find_all("a")
    assert [(a.attrs["href"], a.text) for a in tags] == [
        ("/tags/doan-cong-tac/", "Đoàn công tác"),
        ("/tags/par-index/", "PAR Index"),
    ]
    assert doc.find("nav", class_="breadcrumb").find_all("a")[1].text == "Tin tức"
    home = page("/")
    lead = home.find("article", class_="lead")
    assert lead.find("h2").text == "All the fields"  # featured: true
    assert "A summary the editor wrote." in lead.text


def test_updated_is_the_feed_entry_update_time(site: Path) -> None:
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "All the fields")
    assert entry.published == "2022-05-20T08:00:00+07:00"
    assert entry.updated == "2022-05-21T09:30:00+07:00"


def test_summary_defaults_to_the_first_paragraph_as_plain_text(
    page: Callable[[str], Any],
) -> None:
    summaries = page("/fields/").find_all("article", class_="summary")
    default = next(s for s in summaries if s.find("h2").text == "Default summary")
    assert default.find_all("p")[-1].text == "The first paragraph, with a link & more."


def test_category_defaults_to_the_first_folder(page: Callable[[str], Any]) -> None:
    doc = page("/hanh-chinh/folder-category/")
    assert doc.find("nav", class_="breadcrumb").find_all("a")[1].text == "Hanh Chinh"
    nav = [a.attrs["href"] for a in page("/").find("nav", class_="site-nav").find_all("a")]
    assert "/hanh-chinh/" in nav
    assert "/tin-tuc/" in nav


def test_a_file_with_bom_and_crlf_reads_like_any_other(
    site: Path, page: Callable[[str], Any]
) -> None:
    doc = page("/text/dong-crlf/")
    assert doc.find("h1").text == "Dòng CRLF"
    assert doc.find("p", class_="tags").find("a").attrs["href"] == "/tags/hung-yen/"
    # The raw bytes: parsed text folds every whitespace, "\r" included, into one space.
    assert b"\r" not in (site / "text" / "dong-crlf" / "index.html").read_bytes()


def test_decomposed_text_gives_the_same_bytes_as_composed(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    snapshot: Callable[[Path], dict[str, bytes]],
) -> None:
    source = article(title="Đoàn công tác", date="2022-05-16", tags=["Đảng ủy"], body="Hưng Yên.")
    nfc, nfd = (
        snapshot(
            build_tree(tmp_path / form, {"content/news/a.md": unicodedata.normalize(form, source)})
        )
        for form in ("NFC", "NFD")
    )
    assert "news/doan-cong-tac/index.html" in nfc
    assert "tags/dang-uy/index.html" in nfc
    assert nfd == nfc
