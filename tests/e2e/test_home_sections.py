"""The home page's section blocks: how many stories each shows, on the first page only,
never the lead again (#14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def home_tree(article: Callable[..., str], config: str) -> dict[str, str]:
    files = {"parsite.yaml": config + "page_size: 2\n"}
    for n in range(1, 6):
        files[f"content/news/n{n}.md"] = article(title=f"N{n}", date=f"2022-06-{n:02d}")
    files["content/sport/s1.md"] = article(title="S1", date="2022-06-10", featured=True)
    files["content/sport/s2.md"] = article(title="S2", date="2022-05-01")
    return files


def blocks(page: Any) -> dict[str, list[str]]:
    found = page.find("main").find_all("section", class_="home-section")
    return {
        b.find("h2").text: [a.text for a in b.find_all("a") if a.find_all() == []][1:-1]
        for b in found
    }


def test_each_section_shows_its_newest_stories_but_the_lead(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[..., Any],
) -> None:
    public = build_tree(tmp_path, home_tree(article, "home_section_count: 3\n"))
    home = parse_html((public / "index.html").read_bytes())
    assert home.find("article", class_="lead").find("h2").text == "S1"
    assert blocks(home) == {"News": ["N5", "N4", "N3"], "Sport": ["S2"]}
    second = parse_html((public / "page/2/index.html").read_bytes())
    assert blocks(second) == {}


def test_no_blocks_with_a_count_of_zero(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[..., Any],
) -> None:
    public = build_tree(tmp_path, home_tree(article, "home_section_count: 0\n"))
    assert blocks(parse_html((public / "index.html").read_bytes())) == {}


def test_a_count_that_is_no_number_is_an_error_at_its_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
) -> None:
    write_tree(tmp_path, home_tree(article, "title: T\nhome_section_count: many\n"))
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 1, out + err
    assert "parsite.yaml:2: 'home_section_count' must be a whole number, not 'many'" in err
