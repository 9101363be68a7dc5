"""A ``language: vi`` portal speaks Vietnamese on every page of the default theme, a
site overrides single words, and a bad table fails the build naming file, line and key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ENGLISH = ("Latest news", "Published on", "Skip to main content", "More from", "Older")


@pytest.fixture(scope="module")
def public(
    tmp_path_factory: pytest.TempPathFactory, build_tree: Callable[..., Path], article: Any
) -> Path:
    root = tmp_path_factory.mktemp("vi")
    files = {
        "parsite.yaml": "title: Cổng thông tin\nlanguage: vi\npage_size: 1\n",
        "content/dau-tu/a.md": article(title="Tin A", date="2022-05-24 10:14", tags="[Thẻ A]"),
        "content/dau-tu/b.md": article(title="Tin B", date="2022-05-25 16:37"),
    }
    return build_tree(root, files, "--at", "2022-05-26 08:00")


def test_every_label_of_a_vietnamese_story_page_is_vietnamese(
    public: Path, parse_html: Any
) -> None:
    html = (public / "dau-tu/tin-a/index.html").read_text(encoding="utf-8")
    doc = parse_html(html)
    assert doc.find("a", class_="skip-link").text == "Bỏ qua, đến nội dung chính"
    assert doc.find("aside", class_="latest-news").find("h2").text == "Tin mới nhất"
    assert doc.find("p", class_="published").text == "Ngày đăng: 24/05/2022"  # its own pattern
    assert doc.find("p", class_="tags").text.startswith("Thẻ:")
    assert doc.find("section", class_="related").find("h2").text == "Tin cùng chuyên mục"
    nav = [a.text for a in doc.find("nav", class_="site-nav").find_all("a")]
    assert (nav[0], nav[-1]) == ("Trang chủ", "Lưu trữ")
    for english in ENGLISH:
        assert english not in html


def test_list_pages_404_and_pager_are_vietnamese(public: Path, parse_html: Any) -> None:
    listing = parse_html((public / "dau-tu/index.html").read_bytes())
    assert listing.find("p", class_="count").text == "2 tin, trang 1/2"
    assert listing.find("a", rel="next").text == "Trang sau →"
    missing = parse_html((public / "404.html").read_bytes())
    assert missing.find("h1").text == "Không tìm thấy trang"
    assert "Older" not in (public / "page/2/index.html").read_text(encoding="utf-8")


def test_a_site_table_overrides_one_word(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    files = {
        "parsite.yaml": "language: vi\n",
        "i18n/vi.yaml": "latest_news: Tin nóng\n",
        "content/news/a.md": article(),
    }
    doc = parse_html((build_tree(tmp_path, files) / "news/a-story/index.html").read_bytes())
    assert doc.find("aside", class_="latest-news").find("h2").text == "Tin nóng"
    assert doc.find("a", class_="skip-link").text == "Bỏ qua, đến nội dung chính"


def test_a_bad_table_fails_the_build_naming_file_line_and_key(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": "language: vi\n",
            "i18n/vi.yaml": "home: Trang chủ\nlastest_news: Tin\n",
            "content/news/a.md": article(),
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "i18n/vi.yaml:2: unknown interface word 'lastest_news' (did you mean" in err
    assert not (tmp_path / "public").exists()
