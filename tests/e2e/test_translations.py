"""Translations: stories of two editions that share a ``translation_key`` link each
other (language switch, hreflang both ways with x-default, og:locale, JSON-LD and
sitemap alternates); a key used twice in one edition is an error, a key with no
story elsewhere a warning, each at ``file:line``."""

from __future__ import annotations

import json
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
  en:
    title: Hung Yen Portal
"""


@pytest.fixture(scope="module")
def public(
    tmp_path_factory: pytest.TempPathFactory, build_tree: Callable[..., Path], article: Any
) -> Path:
    files = {
        "parsite.yaml": CONFIG,
        "content/dau-tu/tin-a.md": article(title="Tin A", translation_key="a"),
        "content/en/investment/story-a.md": article(title="Story A", translation_key="a"),
        "content/en/investment/story-b.md": article(title="Story B", date="2022-05-24"),
    }
    return build_tree(tmp_path_factory.mktemp("translations"), files, "--at", "2022-05-26")


def _page(public: Path, url: str, parse_html: Any) -> Any:
    return parse_html((public / url.lstrip("/") / "index.html").read_bytes())


def _alternates(page: Any) -> list[tuple[str, str]]:
    return [
        (link.attrs["hreflang"], link.attrs["href"])
        for link in page.find_all("link", rel="alternate")
        if "hreflang" in link.attrs
    ]


def test_translations_link_each_other_with_hreflang_both_ways(
    public: Path, parse_html: Any
) -> None:
    both = [
        ("vi", "https://p.example/dau-tu/tin-a/"),
        ("en", "https://p.example/en/investment/story-a/"),
        ("x-default", "https://p.example/dau-tu/tin-a/"),
    ]
    assert _alternates(_page(public, "/dau-tu/tin-a/", parse_html)) == both
    assert _alternates(_page(public, "/en/investment/story-a/", parse_html)) == both


def test_the_switch_links_the_translation_or_the_other_home(public: Path, parse_html: Any) -> None:
    vi = _page(public, "/dau-tu/tin-a/", parse_html).find("nav", class_="language-switch")
    link = vi.find("a")
    assert (link.attrs["href"], link.attrs["lang"], link.text) == (
        "/en/investment/story-a/",
        "en",
        "English",
    )
    en = _page(public, "/en/investment/story-a/", parse_html).find("nav", class_="language-switch")
    assert (en.find("a").attrs["href"], en.find("a").text) == ("/dau-tu/tin-a/", "Tiếng Việt")
    alone = _page(public, "/en/investment/story-b/", parse_html)
    assert alone.find("nav", class_="language-switch").find("a").attrs["href"] == "/"
    assert _alternates(alone) == []  # no translation: no alternates to announce
    home = _page(public, "/en/", parse_html)
    assert home.find("nav", class_="language-switch").find("a").attrs["href"] == "/"
    assert ("vi", "https://p.example/") in _alternates(home)


def test_og_locale_and_json_ld_name_the_other_language(public: Path, parse_html: Any) -> None:
    vi = _page(public, "/dau-tu/tin-a/", parse_html)
    metas = {m.attrs.get("property"): m.attrs.get("content") for m in vi.find_all("meta")}
    assert (metas["og:locale"], metas["og:locale:alternate"]) == ("vi_VN", "en_US")
    data = json.loads(vi.find("script", type="application/ld+json").text)
    assert data["inLanguage"] == "vi"
    assert data["workTranslation"] == [
        {
            "@type": "NewsArticle",
            "url": "https://p.example/en/investment/story-a/",
            "inLanguage": "en",
        }
    ]
    en = _page(public, "/en/investment/story-a/", parse_html)
    data = json.loads(en.find("script", type="application/ld+json").text)
    assert data["inLanguage"] == "en"
    assert data["translationOfWork"]["url"] == "https://p.example/dau-tu/tin-a/"
    assert "workTranslation" not in data


def test_each_sitemap_lists_the_alternates_of_translated_pages(public: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for sitemap, loc in (
        ("sitemap.xml", "https://p.example/dau-tu/tin-a/"),
        ("en/sitemap.xml", "https://p.example/en/investment/story-a/"),
    ):
        root = ET.fromstring((public / sitemap).read_bytes())
        entry = next(u for u in root.findall("s:url", ns) if u.findtext("s:loc", "", ns) == loc)
        links = [(x.get("hreflang"), x.get("href")) for x in entry.findall("x:link", ns)]
        assert links == [
            ("vi", "https://p.example/dau-tu/tin-a/"),
            ("en", "https://p.example/en/investment/story-a/"),
            ("x-default", "https://p.example/dau-tu/tin-a/"),
        ]
    en = (public / "en/sitemap.xml").read_text(encoding="utf-8")
    assert en.count("<xhtml:link") == 3 * 4  # the story, home, tags and archive indexes


def test_a_key_used_twice_in_one_edition_is_an_error_naming_both_files(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": CONFIG,
            "content/news/a.md": article(title="A", translation_key="k"),
            "content/news/b.md": article(title="B", translation_key="k"),
            "content/en/news/c.md": article(title="C", translation_key="k"),
            "content/en/news/d.md": article(title="D", translation_key="j"),
            "content/en/news/e.md": article(title="E", translation_key="j"),
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert (
        "content/news/b.md:4: translation_key 'k' is used by content/news/a.md:4 too, in the "
        "same edition (vi)" in err
    )
    assert "content/en/news/e.md:4: translation_key 'j' is used by content/en/news/d.md:4" in err
    assert not (tmp_path / "public").exists()


def test_a_key_with_no_translation_is_a_warning_at_its_line(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": CONFIG,
            "content/news/a.md": article(title="A", tags="[x]", translation_key="lonely"),
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 0
    assert (
        "content/news/a.md:5: translation_key 'lonely' links to no story of another edition" in err
    )
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 1
