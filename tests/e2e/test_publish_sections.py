"""Sections named and ordered by parsite.yaml; spelling variants merged under the most used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

SECTIONS = """\
title: Cổng thông tin
sections:
  - folder: doi-song
    name: Đời sống
  - folder: cai-cach-hanh-chinh
    name: Cải cách hành chính
    description: Tin về cải cách hành chính của tỉnh
"""
DESCRIPTION = "Tin về cải cách hành chính của tỉnh"


def menu(public: Path, parse_html: Any) -> list[tuple[str, str]]:
    page = parse_html((public / "index.html").read_text(encoding="utf-8"))
    nav = page.find("nav", class_="site-nav")
    links = [(a.text, a.attrs["href"]) for a in nav.find_all("a")]
    return [(text, url) for text, url in links if url not in ("/", "/archive/", "/tags/")]


def test_the_config_names_and_orders_the_sections(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": SECTIONS,
            "content/cai-cach-hanh-chinh/a.md": article(title="A"),
            "content/an-ninh/b.md": article(title="B"),
            "content/doi-song/c.md": article(title="C"),
            "content/bao-chi/d.md": article(title="D"),
        },
    )
    assert menu(public, parse_html) == [
        ("Đời sống", "/doi-song/"),
        ("Cải cách hành chính", "/cai-cach-hanh-chinh/"),
        ("An Ninh", "/an-ninh/"),  # not listed: after, by name
        ("Bao Chi", "/bao-chi/"),
    ]
    story = parse_html((public / "cai-cach-hanh-chinh/a/index.html").read_text(encoding="utf-8"))
    section = story.find("meta", property="article:section").attrs["content"]
    assert section == "Cải cách hành chính"  # the story names its section as the menu does
    listing = (public / "cai-cach-hanh-chinh/index.html").read_text(encoding="utf-8")
    assert "Cải cách hành chính" in listing


def test_a_section_s_description_is_shown_on_its_list_page_and_is_its_description(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": SECTIONS + "page_size: 1\n",
            "content/cai-cach-hanh-chinh/a.md": article(title="A"),
            "content/cai-cach-hanh-chinh/b.md": article(title="B"),
            "content/doi-song/c.md": article(title="C"),
        },
    )

    def page(path: str) -> Any:
        return parse_html((public / path / "index.html").read_text(encoding="utf-8"))

    def meta(node: Any) -> tuple[str, str]:
        named = node.find("meta", name="description").attrs["content"]
        return named, node.find("meta", property="og:description").attrs["content"]

    first = page("cai-cach-hanh-chinh")
    assert first.find("p", class_="section-description").text == DESCRIPTION
    assert meta(first) == (DESCRIPTION, DESCRIPTION)
    second = page("cai-cach-hanh-chinh/page/2")  # pages differ, for search engines
    assert second.find("p", class_="section-description").text == DESCRIPTION
    assert meta(second)[0] == f"{DESCRIPTION} (page 2)"
    plain = page("doi-song")  # no description: the default sentence, no empty paragraph
    assert not plain.find_all("p", class_="section-description")
    assert meta(plain)[0] == "The latest Đời sống stories on the Cổng thông tin."


def test_a_section_config_error_names_the_file_and_line(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any, run_parsite: Any
) -> None:
    config = """\
title: T
sections:
  - folder: news
    name: News
  - name: No folder
  - folder: life
    nmae: Life
    description: [not, text]
  - News
  - [a list]
"""
    write_tree(tmp_path, {"parsite.yaml": config, "content/news/a.md": article()})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    # Each entry's problem at its own line (the key's, when a key is wrong), not at
    # the line of 'sections:'.
    assert "parsite.yaml:5: sections item 2: needs 'folder:'" in err
    assert "parsite.yaml:7: sections item 3: unknown key 'nmae' (did you mean 'name'?)" in err
    assert "parsite.yaml:8: sections item 3: 'description' must be text" in err
    assert "parsite.yaml:9: sections item 4: folder 'News' is item 1 already, on line 3" in err
    assert "parsite.yaml:10: sections item 5: write 'folder: ...'" in err
    assert "parsite.yaml:2:" not in err


def test_spelling_variants_merge_under_the_most_used_spelling(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    files = {
        f"content/news/{n}.md": article(title=f"Story {n}", tags=["Đảng bộ"]) for n in range(3)
    }
    files["content/news/shout.md"] = article(title="Shout", tags=["ĐẢNG BỘ"])
    # Sections too: one story says "Đời Sống", two say "Đời sống".
    for n, name in enumerate(["Đời Sống", "Đời sống", "Đời sống"]):
        files[f"content/life/{n}.md"] = article(title=f"Life {n}", category=name)
    public = build_tree(tmp_path, files)
    tag = parse_html((public / "tags/dang-bo/index.html").read_text(encoding="utf-8"))
    assert tag.find("h1").text.endswith(": Đảng bộ")  # "Tag: Đảng bộ"
    assert len(tag.find_all("article")) == 4
    assert ("Đời sống", "/doi-song/") in menu(public, parse_html)
