"""What editors wrote is kept: descriptions, categories lists, entities in titles, dates
as they copy them, long and recurring titles, folder names (issue 10, items 3, 5-7, 11)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

Files = dict[str, str | bytes]


def page(public: Path, url: str) -> str:
    return (public / url.strip("/") / "index.html").read_text(encoding="utf-8")


def meta_description(html: str, parse_html: Callable[[str], Any]) -> str:
    return str(parse_html(html).find("meta", name="description").attrs["content"])


def test_description_is_the_meta_description_and_teaser(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[[str], Any],
) -> None:
    files: Files = {"content/news/a.md": article(title="Described", description="Told by me")}
    public = build_tree(tmp_path, files)
    assert meta_description(page(public, "/news/described/"), parse_html) == "Told by me"
    assert "Told by me" in page(public, "/news/")


def test_summary_wins_over_description_and_excerpt(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[[str], Any],
) -> None:
    files: Files = {
        "content/news/a.md": article(title="Both", summary="S", description="D", excerpt="E")
    }
    public = build_tree(tmp_path, files)
    assert meta_description(page(public, "/news/both/"), parse_html) == "S"


def test_the_automatic_summary_reads_ckeditor_paragraphs_and_falls_back_to_the_title(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[[str], Any],
) -> None:
    ckeditor = '<p style="text-align: justify;">Tr&ocirc;\u0300ng&nbsp;c\u00e2y xanh</p>\n'
    files: Files = {
        "content/news/a.md": article(title="CMS story", body=ckeditor),
        "content/news/b.md": article(title="Only a file", body="<p>&nbsp;</p>\n"),
    }
    public = build_tree(tmp_path, files)
    assert meta_description(page(public, "/news/cms-story/"), parse_html) == "Trồng cây xanh"
    assert meta_description(page(public, "/news/only-a-file/"), parse_html) == "Only a file"


def test_categories_first_is_the_section_the_others_tags(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files: Files = {"content/posts/a.md": article(title="Tux", categories=["Linux", "Ubuntu"])}
    public = build_tree(tmp_path, files)
    assert (public / "linux/tux/index.html").is_file()
    assert "Tux" in page(public, "/tags/ubuntu/")


def test_a_list_valued_category_says_what_to_write(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(category=["Linux", "Ubuntu"])})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "content/news/a.md:4: 'category' must be one section, not a list" in err
    assert "write 'categories: [A, B]'" in err


def test_entities_in_titles_are_decoded_once(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files: Files = {"content/news/a.md": article(title="Tom &amp; Jerry&nbsp;Show &amp;amp;")}
    public = build_tree(tmp_path, files)
    html = page(public, "/news/tom-jerry-show/")
    assert "<h1>Tom &amp; Jerry Show &amp;amp;</h1>" in html


def test_long_titles_give_capped_slugs_cut_at_a_word(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    title = "Quyết định phê duyệt kế hoạch " * 12
    files: Files = {
        "content/news/a.md": article(title=title),
        "parsite.yaml": "slug_max_length: 40\n",
    }
    public = build_tree(tmp_path, files)
    (folder,) = [p.name for p in (public / "news").iterdir() if p.is_dir() and p.name != "page"]
    assert folder == "quyet-dinh-phe-duyet-ke-hoach-quyet-dinh"


def test_slug_from_filename_keeps_recurring_titles_apart(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files: Files = {
        "content/news/2022-06-24-lich-tuan-26.md": article(title="Thông báo"),
        "content/news/lich-tuan-27.md": article(title="Thông báo"),
        "parsite.yaml": "slug_from: filename\n",
    }
    public = build_tree(tmp_path, files)
    assert (public / "news/lich-tuan-26/index.html").is_file()
    assert (public / "news/lich-tuan-27/index.html").is_file()


def test_dates_as_editors_copy_them(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    stamps = {
        "sa": ("24/06/2022 10:14 SA", "2022-06-24T10:14:00+07:00"),
        "ch": ("24/06/2022 12:05 CH", "2022-06-24T12:05:00+07:00"),
        "midnight": ("24/06/2022 12:30 SA", "2022-06-24T00:30:00+07:00"),
        "dash": ("24/06/2022 - 10:14", "2022-06-24T10:14:00+07:00"),
        "jekyll": ("2014-12-17 11:16:21 -0800", "2014-12-18T02:16:21+07:00"),
        "quoted": ('"2022-06-24T10:14:00+07:00"', "2022-06-24T10:14:00+07:00"),
    }
    files: Files = {f"content/news/{k}.md": article(title=k, date=v[0]) for k, v in stamps.items()}
    public = build_tree(tmp_path, files)
    for name, (_, iso) in stamps.items():
        assert f'datetime="{iso}"' in page(public, f"/news/{name}/"), name


def test_a_jekyll_file_name_gives_the_date_and_a_date_only_story_shows_no_time(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[[str], Any],
) -> None:
    files: Files = {"content/news/2022-06-21-hop-bao.md": article(title="Họp báo", date=None)}
    public = build_tree(tmp_path, files, "--at", "25/06/2022 08:00")
    sidebar = parse_html(page(public, "/")).find("aside", class_="latest-news")
    stamp = sidebar.find("time")
    assert stamp.attrs["datetime"] == "2022-06-21"
    assert stamp.text == "(21 - 06 - 2022)"


def test_a_story_directly_in_content_goes_to_the_default_section(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files: Files = {
        "content/a.md": article(title="Loose"),
        "content/b.md": article(title="Loose too"),
        "parsite.yaml": "default_category: Tin tức\n",
    }
    public = build_tree(tmp_path, files)
    assert (public / "tin-tuc/loose/index.html").is_file()


def test_nfd_folder_names_become_nfc_section_names_by_words(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    folder = unicodedata.normalize("NFD", "đời-sống")
    public = build_tree(tmp_path, {f"content/{folder}/a.md": article(title="Sống")})
    assert "Đời Sống" in page(public, "/doi-song/")
    assert "ĐờI" not in page(public, "/doi-song/")
