"""The agency footer of a state portal, from ``agency:`` in parsite.yaml, in every
edition's language; its mistakes reported at their line (#14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def footer(page: Any) -> Any:
    return page.find("footer", class_="site-footer")


def test_both_demo_editions_name_the_agency_in_their_language(
    built_demo: Path, parse_html: Callable[..., Any]
) -> None:
    vi = footer(parse_html((built_demo / "index.html").read_bytes()))
    en = footer(parse_html((built_demo / "en/index.html").read_bytes()))
    assert vi.find("h2").text.startswith("Văn phòng Ủy ban nhân dân tỉnh Hưng Yên")
    assert en.find("h2").text.startswith("Office of the Hung Yen Provincial People's Committee")
    for edition, words in (
        (vi, ("Địa chỉ:", "Điện thoại:", "Đường dây nóng:", "Chịu trách nhiệm nội dung:")),
        (en, ("Address:", "Phone:", "Hotline:", "Responsible for the content:")),
    ):
        text = edition.text
        assert all(word in text for word in words), text
        # Numbers and the address the English entry does not translate are the portal's.
        links = {a.attrs["href"] for a in edition.find("address").find_all("a")}
        assert links == {
            "tel:02213000000",
            "tel:02213000001",
            "mailto:congthongtin@portal.hungyen.example",
        }
        assert "(sample" in text or "(mẫu)" in text  # sample values, said so
    assert "Giấy phép số" in vi.find("p", class_="licence").text
    assert en.find("p", class_="licence").text.startswith("Licence No.")


def test_a_site_without_an_agency_prints_none(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[..., Any],
) -> None:
    public = build_tree(tmp_path, {"content/news/a.md": article(title="A")})
    page = footer(parse_html((public / "index.html").read_bytes()))
    assert page.find_all("section") == [] and page.find_all("address") == []
    assert page.find("p", class_="footer-links").find("a").text == "Tags"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "title: T\nagency:\n  name: A\n  phon: 1\n",
            "parsite.yaml:2: agency: unknown key 'phon' (did you mean 'phone'?)",
        ),
        (
            "agency: {email: nobody}\n",
            "parsite.yaml:1: agency: 'email' 'nobody' is not an address",
        ),
        (
            "agency: {hotline: call us}\n",
            "parsite.yaml:1: agency: 'hotline' 'call us' is not a phone number",
        ),
        ("agency: [a, b]\n", "parsite.yaml:1: 'agency' must be 'key: value' lines"),
        (
            "languages:\n  vi: {}\n  en: {agency: {name: [x]}}\n",
            "parsite.yaml:1: languages: en: agency: 'name' must be text (quote it)",
        ),
    ],
)
def test_agency_mistakes_are_reported_at_their_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
    config: str,
    message: str,
) -> None:
    write_tree(tmp_path, {"parsite.yaml": config, "content/news/a.md": article(title="A")})
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 1, out + err
    assert message in err, err
