"""What search engines and aggregators read: head tags, NewsArticle JSON-LD, news sitemap."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

BASE = "https://portal.example"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# A title that would end the <script> element and open a comment if written raw.
HOSTILE_TITLE = 'Budget </script><script>alert("x")</script> & <!-- plans'


def ago(**delta: float) -> str:
    """A front-matter date that long before now, in the site's time zone (UTC+7)."""
    return (dt.datetime.now(VIETNAM) - dt.timedelta(**delta)).strftime("%Y-%m-%d %H:%M")


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
) -> Path:
    return build_tree(
        tmp_path_factory.mktemp("seo"),
        {
            "parsite.yaml": f"title: Hung Yen Portal\nbase_url: {BASE}/\nlanguage: en\n",
            "content/investment/plant.md": article(
                "New plant opens",
                "2022-05-25 09:00",
                "Body.",
                summary="A Japanese company opens its plant.",
                author="Minh Anh",
                image="/images/plant.png",
                image_alt="Workers at the plant gate",
                tags="[Investment, Japan]",
                updated="2022-05-26 08:30",
                featured="true",
            ),
            "content/investment/hostile.md": article(
                HOSTILE_TITLE, "2022-05-20 09:00", "Body.", slug="hostile"
            ),
            "content/society/today.md": article("Flood warning", ago(hours=20), "Take care."),
            "content/society/last-week.md": article("Old news", ago(days=5), "Old."),
            "static/images/plant.png": b"\x89PNG\r\n\x1a\n",
        },
    )


def head_of(built: Path, parse_html: Callable[..., Any], url: str) -> Any:
    return parse_html((built / url.strip("/") / "index.html").read_bytes()).find("head")


def meta(head: Any, key: str) -> str:
    """The content of <meta property=key> or <meta name=key>."""
    found = head.find_all("meta", property=key) or head.find_all("meta", name=key)
    assert len(found) == 1, f"expected one <meta> {key}, found {len(found)}"
    return str(found[0].attrs["content"])


def test_article_head_has_title_description_canonical_and_social_cards(
    built: Path, parse_html: Callable[..., Any]
) -> None:
    head = head_of(built, parse_html, "/investment/new-plant-opens/")
    assert head.find("title").text == "New plant opens · Hung Yen Portal"
    assert meta(head, "description") == "A Japanese company opens its plant."
    url = f"{BASE}/investment/new-plant-opens/"
    assert head.find("link", rel="canonical").attrs["href"] == url
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:title") == "New plant opens"
    assert meta(head, "og:description") == "A Japanese company opens its plant."
    assert meta(head, "og:url") == url
    assert meta(head, "og:image") == f"{BASE}/images/plant.png"
    assert meta(head, "og:image:alt") == "Workers at the plant gate"
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "twitter:image") == f"{BASE}/images/plant.png"
    assert meta(head, "article:published_time") == "2022-05-25T09:00:00+07:00"
    feeds = head.find_all("link", rel="alternate", type="application/atom+xml")
    assert {f.attrs["href"] for f in feeds} == {"/atom.xml", "/investment/atom.xml"}


@pytest.mark.parametrize(
    "url", ["/", "/investment/", "/tags/", "/tags/japan/", "/archive/", "/archive/2022/"]
)
def test_every_listing_has_its_own_description_canonical_and_card(
    built: Path, parse_html: Callable[..., Any], url: str
) -> None:
    head = head_of(built, parse_html, url)
    assert head.find("title").text
    assert meta(head, "description")
    assert head.find("link", rel="canonical").attrs["href"] == BASE + url
    assert meta(head, "og:url") == BASE + url
    assert meta(head, "og:type") == "website"
    assert meta(head, "twitter:card") in ("summary", "summary_large_image")
    assert head.find("link", rel="alternate", type="application/atom+xml").attrs["href"]


def test_home_page_shares_the_lead_story_picture(
    built: Path, parse_html: Callable[..., Any]
) -> None:
    head = head_of(built, parse_html, "/")
    assert meta(head, "og:image") == f"{BASE}/images/plant.png"
    assert meta(head, "og:image:alt") == "Workers at the plant gate"
    assert meta(head, "twitter:card") == "summary_large_image"


def test_listing_descriptions_differ_from_page_to_page(
    built: Path, parse_html: Callable[..., Any]
) -> None:
    urls = ["/investment/", "/tags/japan/", "/archive/2022/", "/tags/", "/archive/"]
    descriptions = {meta(head_of(built, parse_html, u), "description") for u in urls}
    assert len(descriptions) == len(urls)


def jsonld_of(built: Path, parse_html: Callable[..., Any], url: str) -> dict[str, Any]:
    (script,) = head_of(built, parse_html, url).find_all("script", type="application/ld+json")
    data: dict[str, Any] = json.loads(script.text)
    return data


def test_article_carries_news_article_jsonld_with_offsets(
    built: Path, parse_html: Callable[..., Any]
) -> None:
    data = jsonld_of(built, parse_html, "/investment/new-plant-opens/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "New plant opens"
    assert data["datePublished"] == "2022-05-25T09:00:00+07:00"
    assert data["dateModified"] == "2022-05-26T08:30:00+07:00"
    assert data["image"] == [f"{BASE}/images/plant.png"]
    assert data["author"] == {"@type": "Person", "name": "Minh Anh"}
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Hung Yen Portal"
    assert data["mainEntityOfPage"]["@id"] == f"{BASE}/investment/new-plant-opens/"


def test_jsonld_cannot_break_out_of_its_script_element(
    built: Path, parse_html: Callable[..., Any]
) -> None:
    raw = (built / "investment" / "hostile" / "index.html").read_text(encoding="utf-8")
    after = raw.split('<script type="application/ld+json">', 1)[1]
    # The title holds "</script>": escaped, the element ends only where the theme ends it.
    script, rest = after.split("</script>", 1)
    assert script.rstrip().endswith("}")
    assert "<" not in script and ">" not in script and "&" not in script
    assert "<script>alert(" not in raw and "<script>" not in rest  # never live markup
    data = jsonld_of(built, parse_html, "/investment/hostile/")
    assert data["headline"] == HOSTILE_TITLE
    assert data["author"]["@type"] == "Organization"  # no author: the publisher stands in


def test_listing_pages_carry_no_news_article(built: Path, parse_html: Callable[..., Any]) -> None:
    head = head_of(built, parse_html, "/investment/")
    assert head.find_all("script", type="application/ld+json") == []


def test_news_sitemap_lists_only_the_last_two_days_in_google_news_format(built: Path) -> None:
    root = ET.parse(built / "news-sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    assert [u.findtext(f"{SITEMAP}loc") for u in urls] == [f"{BASE}/society/flood-warning/"]
    news = urls[0].find(f"{NEWS}news")
    assert news is not None
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Hung Yen Portal"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Flood warning"
    published = dt.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date") or "")
    assert published.utcoffset() == dt.timedelta(hours=7)


def test_robots_txt_names_both_sitemaps(built: Path) -> None:
    robots = (built / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}/sitemap.xml" in robots
    assert f"Sitemap: {BASE}/news-sitemap.xml" in robots
