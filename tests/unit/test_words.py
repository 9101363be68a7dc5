"""Interface words: the theme's tables are complete, a site overrides single keys, and
every problem of a table names its file, line and key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
import yaml

from parindex_site.errors import SiteError
from parindex_site.render.theme import theme_dir
from parindex_site.render.words import load_words


def table(language: str) -> dict[str, object]:
    text = (theme_dir() / "i18n" / f"{language}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_the_vietnamese_table_has_every_key_of_the_english_one() -> None:
    assert list(table("vi")) == list(table("en"))


def test_vietnamese_words_read_as_a_vietnamese_reader_expects(tmp_path: Path) -> None:
    words = load_words(tmp_path, ("vi",))[0]["vi"]
    assert words.text("latest_news") == "Tin mới nhất"
    assert words.text("published_on") == "Ngày đăng:"
    assert words.text("home") == "Trang chủ"
    assert words.text("archive") == "Lưu trữ"
    assert words.text("tags") == "Thẻ"
    assert words.text("more_from", section="Đầu tư") == "Tin cùng chuyên mục"
    assert words.text("skip_to_content") == "Bỏ qua, đến nội dung chính"
    assert words.text("not_found") == "Không tìm thấy trang"
    assert (words.text("newer"), words.text("older")) == ("Trang trước", "Trang sau")
    assert words.text("story_count", n=3) == "3 tin"
    assert words.names("weekdays")[3] == "Thứ Năm"


def test_counted_words_follow_the_number_and_values_are_escaped(tmp_path: Path) -> None:
    words = load_words(tmp_path, ("en",))[0]["en"]
    assert words.text("story_count", n=1) == "1 story"
    assert words.text("story_count", n=2) == "2 stories"
    assert words.text("more_from", section="A & B") == "More from A &amp; B"


def test_a_site_overrides_single_words_of_a_language(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"i18n/vi.yaml": "latest_news: Tin nóng\n"})
    words = load_words(tmp_path, ("vi",))[0]["vi"]
    assert words.text("latest_news") == "Tin nóng"
    assert words.text("home") == "Trang chủ"  # the theme's, where the site says nothing


def test_a_language_of_the_site_alone_must_give_every_key(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(tmp_path, {"i18n/fr.yaml": "latest_news: Dernières nouvelles\n"})
    with pytest.raises(SiteError) as caught:
        load_words(tmp_path, ("fr",))
    message = str(caught.value)
    assert message.startswith("i18n/fr.yaml: language 'fr' has no 'skip_to_content', 'home'")
    assert "'latest_news'" not in message


def test_every_bad_entry_of_a_table_is_named_by_line(
    tmp_path: Path, write_tree: Callable[..., Path]
) -> None:
    write_tree(
        tmp_path,
        {
            "i18n/vi.yaml": (
                "lastest_news: Tin\n"
                "more_from: 'Tin {sektion}'\n"
                "weekdays: [Thứ Hai]\n"
                "story_count: [a]\n"
            )
        },
    )
    with pytest.raises(SiteError) as caught:
        load_words(tmp_path, ("vi",))
    lines = str(caught.value).splitlines()
    assert (
        lines[0]
        == "i18n/vi.yaml:1: unknown interface word 'lastest_news' (did you mean 'latest_news'?)"
    )
    assert lines[1].startswith("i18n/vi.yaml:2: 'more_from' uses {sektion}")
    assert "(use {section})" in lines[1]
    assert lines[2] == "i18n/vi.yaml:3: 'weekdays' must list 7 names, not 1"
    assert lines[3].startswith("i18n/vi.yaml:4: 'story_count' must be one: ... and other: ...")


def test_a_language_without_any_table_falls_back_to_english_with_a_warning(
    tmp_path: Path,
) -> None:
    words, warnings = load_words(tmp_path, ("de", "vi-VN"))
    assert words["de"].text("home") == "Home"
    assert words["vi-VN"].text("home") == "Trang chủ"  # by its primary language
    assert warnings == [
        "no interface words for language 'de': English is used (write i18n/de.yaml with "
        "every key of the theme's i18n/en.yaml)"
    ]


def test_an_unknown_word_in_a_template_is_an_error_naming_it(tmp_path: Path) -> None:
    words = load_words(tmp_path, ("en",))[0]["en"]
    with pytest.raises(jinja2.UndefinedError, match=r"t\('lates_news'\): no such interface"):
        words.text("lates_news")
