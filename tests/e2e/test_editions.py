"""Editions: ``languages:`` makes one whole portal per language, the first at ``/`` and
the others under their prefix, each with its own stories, sidebar, words, dates, feeds,
sitemaps and 404; stories join an edition by folder, file suffix or ``lang:``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CONFIG = """\
title: Portal
base_url: https://p.example/
languages:
  vi:
    title: Cổng thông tin Hưng Yên
    date_format: "%d/%m/%Y"
  en:
    title: Hung Yen Portal
"""


@pytest.fixture(scope="module")
def public(
    tmp_path_factory: pytest.TempPathFactory, build_tree: Callable[..., Path], article: Any
) -> Path:
    files = {
        "parsite.yaml": CONFIG,
        "content/dau-tu/tin-a.md": article(title="Tin A", date="2022-05-25 10:14"),
        "content/en/investment/story-a.md": article(title="Story A", date="2022-05-25 10:14"),
        "content/investment/story-b.en.md": article(title="Story B", date="2022-05-24 16:37"),
        "content/dau-tu/tin-b.md": article(title="Tin B", date="2022-05-24", lang="vi"),
    }
    return build_tree(tmp_path_factory.mktemp("editions"), files, "--at", "2022-05-26 08:00")


def test_the_first_language_is_at_the_root_and_the_other_under_its_prefix(
    public: Path, parse_html: Any
) -> None:
    vi = parse_html((public / "dau-tu/tin-a/index.html").read_bytes())
    assert vi.find("html").attrs["lang"] == "vi"
    assert vi.find("p", class_="published").text == "Ngày đăng: 25/05/2022"
    en = parse_html((public / "en/investment/story-a/index.html").read_bytes())
    assert en.find("html").attrs["lang"] == "en"
    assert en.find("p", class_="published").text == "Published on 25 - 05 - 2022"
    assert en.find("p", class_="brand").text == "Hung Yen Portal"
    assert (public / "en/investment/story-b/index.html").is_file()  # by its suffix


def test_each_edition_has_its_own_sidebar_home_and_lists(public: Path, parse_html: Any) -> None:
    vi_home = parse_html((public / "index.html").read_bytes())
    aside = vi_home.find("aside", class_="latest-news")
    assert aside.find("h2").text == "Tin mới nhất"
    assert [a.text for a in aside.find_all("a")] == ["Tin A", "Tin B"]
    en_home = parse_html((public / "en/index.html").read_bytes())
    aside = en_home.find("aside", class_="latest-news")
    assert aside.find("h2").text == "Latest news"
    assert [a.text for a in aside.find_all("a")] == ["Story A", "Story B"]
    assert (public / "en/investment/index.html").is_file()
    assert (public / "en/archive/2022/05/index.html").is_file()
    assert not (public / "investment/index.html").exists()  # no English stories at /


def test_each_edition_has_feeds_sitemaps_and_a_404_and_robots_names_them_all(
    public: Path,
) -> None:
    assert "Story A" in (public / "en/atom.xml").read_text(encoding="utf-8")
    assert "Story A" not in (public / "atom.xml").read_text(encoding="utf-8")
    assert "/en/investment/story-a/" in (public / "en/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://p.example/en/" not in (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "Không tìm thấy trang" in (public / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in (public / "en/404.html").read_text(encoding="utf-8")
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert robots.count("Sitemap: ") == 4
    assert "Sitemap: https://p.example/en/news-sitemap.xml" in robots
    assert not (public / "en/robots.txt").exists()


def test_an_undeclared_language_is_an_error_naming_the_file_and_line(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": CONFIG,
            "content/news/a.md": article(lang="fr"),
            "content/en/news/b.md": article(title="B", lang="vi"),
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "content/news/a.md:4: lang 'fr' is not a language of this site (use vi, en" in err
    assert "content/en/news/b.md:4: lang 'vi' but its folder or file name says 'en'" in err


def test_bad_languages_settings_are_errors_at_their_line(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    config = "language: vi\nlanguages:\n  vi: {}\n  en: {prefix: en, titel: X}\n"
    write_tree(tmp_path, {"parsite.yaml": config, "content/news/a.md": article()})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "parsite.yaml:2: languages: en: unknown key 'titel' (did you mean 'title'?)" in err
    assert "languages: en: 'prefix' must be one folder between slashes, like /en/" in err
    assert "parsite.yaml:1: 'language' and 'languages' are both given" in err


SECTIONS = """\
base_url: https://p.example/
languages:
  vi:
    sections:
      - {folder: dau-tu, name: Đầu tư, description: Tin đầu tư của tỉnh}
      - {folder: xa-hoi, name: Xã hội}
  en:
    sections:
      - {folder: investment, name: Investment and Trade}
"""


@pytest.fixture(scope="module")
def sectioned(
    tmp_path_factory: pytest.TempPathFactory, build_tree: Callable[..., Path], article: Any
) -> Path:
    files = {
        "parsite.yaml": SECTIONS,
        "content/xa-hoi/tin-x.md": article(title="Tin X", date="2022-05-25 16:37"),
        "content/dau-tu/tin-a.md": article(title="Tin A", date="2022-05-25 10:14"),
        "content/en/investment/story-a.md": article(title="Story A", date="2022-05-25 10:14"),
    }
    return build_tree(tmp_path_factory.mktemp("sections"), files, "--at", "2022-05-26 08:00")


def test_each_edition_names_and_orders_its_own_sections(sectioned: Path, parse_html: Any) -> None:
    vi = parse_html((sectioned / "index.html").read_bytes())
    menu = [a.text for a in vi.find("nav", class_="site-nav").find_all("a")]
    assert menu == ["Trang chủ", "Đầu tư", "Xã hội", "Lưu trữ"]
    section = parse_html((sectioned / "dau-tu/index.html").read_bytes())
    assert section.find("p", class_="section-description").text == "Tin đầu tư của tỉnh"
    story = parse_html((sectioned / "dau-tu/tin-a/index.html").read_bytes())
    assert story.find("nav", class_="breadcrumb").find_all("a")[1].text == "Đầu tư"
    en = parse_html((sectioned / "en/investment/story-a/index.html").read_bytes())
    assert en.find("nav", class_="breadcrumb").find_all("a")[1].text == "Investment and Trade"
    assert "Đầu tư" not in (sectioned / "en/index.html").read_text(encoding="utf-8")


def test_vietnamese_dates_by_default_and_english_as_the_seed(
    sectioned: Path, parse_html: Any
) -> None:
    vi = parse_html((sectioned / "dau-tu/tin-a/index.html").read_bytes())
    assert vi.find("p", class_="published").text == "Ngày đăng: 25/05/2022"
    stamps = [t.text for t in vi.find("aside", class_="latest-news").find_all("time")]
    assert stamps == ["(25/05/2022 16:37)", "(25/05/2022 10:14)"]
    en = parse_html((sectioned / "en/investment/story-a/index.html").read_bytes())
    assert en.find("p", class_="published").text == "Published on 25 - 05 - 2022"
    stamps = [t.text for t in en.find("aside", class_="latest-news").find_all("time")]
    assert stamps == ["(25/05/2022 10:14 SA)"]


def test_a_top_level_date_pattern_is_every_editions_unless_its_entry_says(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    config = (
        "datetime_format: '%d/%m/%Y %-I:%M %p'\n"
        "languages:\n  vi: {}\n  en: {date_format: '%d.%m.%Y'}\n"
    )
    files = {
        "parsite.yaml": config,
        "content/news/tin.md": article(title="Tin", date="2022-05-25 16:37"),
        "content/en/news/story.md": article(title="Story", date="2022-05-25 16:37"),
    }
    public = build_tree(tmp_path, files, "--at", "2022-05-26")
    vi = parse_html((public / "news/tin/index.html").read_bytes())
    assert vi.find("aside", class_="latest-news").find("time").text == "(25/05/2022 4:37 CH)"
    assert vi.find("p", class_="published").text == "Ngày đăng: 25/05/2022"
    en = parse_html((public / "en/news/story/index.html").read_bytes())
    assert en.find("p", class_="published").text == "Published on 25.05.2022"


def test_a_bad_section_of_an_edition_is_an_error_naming_it(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    config = "languages:\n  vi:\n    sections: [{folder: a, nam: A}]\n  en: {sections: 3}\n"
    write_tree(tmp_path, {"parsite.yaml": config, "content/news/a.md": article()})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "parsite.yaml:1: languages: vi: sections item 1" in err
    assert "parsite.yaml:1: languages: en: 'sections' must be a list" in err
