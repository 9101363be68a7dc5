"""Pictures and URLs that work everywhere: resolved, absolute where they must be, checked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CONFIG = "base_url: https://host.example/\n"


def png(width: int, height: int = 100, size: int = 64) -> bytes:
    """A PNG header (all the width check reads), padded to ``size`` bytes."""
    head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + width.to_bytes(4, "big")
    head += height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return head + b"\0" * max(0, size - len(head))


def story_page(public: Path, parse_html: Any, url: str = "news/a-story") -> Any:
    return parse_html((public / url / "index.html").read_text(encoding="utf-8"))


def shared_image(page: Any) -> tuple[str, list[str]]:
    og = page.find("meta", property="og:image").attrs["content"]
    data = json.loads(page.find("script", type="application/ld+json").text)
    return og, data["image"]


def test_a_relative_image_resolves_against_the_story_s_folder(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": CONFIG,
            "content/news/a.md": article(image="images/a.jpg", image_alt="A"),
            "content/news/images/a.jpg": png(800),
        },
        "--strict",  # it exists: no warning
    )
    page = story_page(public, parse_html)
    assert page.find("figure").find("img").attrs["src"] == "/news/images/a.jpg"
    assert shared_image(page) == (
        "https://host.example/news/images/a.jpg",
        ["https://host.example/news/images/a.jpg"],
    )
    home = parse_html((public / "index.html").read_text(encoding="utf-8"))
    assert {img.attrs["src"] for img in home.find_all("img")} == {"/news/images/a.jpg"}


@pytest.mark.parametrize(
    ("image", "shared"),
    [
        ("//cdn.example.com/b.jpg", "https://cdn.example.com/b.jpg"),
        ("https://cdn.example.com/b.jpg", "https://cdn.example.com/b.jpg"),
    ],
)
def test_full_and_protocol_relative_urls_are_kept_and_shared_absolute(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Any,
    parse_html: Any,
    image: str,
    shared: str,
) -> None:
    public = build_tree(
        tmp_path,
        {"parsite.yaml": CONFIG, "content/news/a.md": article(image=image, image_alt="B")},
        "--strict",  # full URLs are not fetched: no warning
    )
    page = story_page(public, parse_html)
    assert page.find("figure").find("img").attrs["src"] == image
    assert shared_image(page) == (shared, [shared])


@pytest.mark.parametrize("image", ["javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo="])
def test_an_image_that_is_not_a_picture_address_is_an_error(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any, run_parsite: Any, image: str
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(image=json.dumps(image), image_alt="x")})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert f"content/news/a.md:4: image '{image}' is not a picture's address" in err
    assert not (tmp_path / "public").exists()


def test_a_missing_picture_is_a_warning_naming_file_and_line(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any, run_parsite: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "content/news/a.md": article(
                image="images/gone.jpg", image_alt="x", body="Text.\n\n![Map](/maps/none.png)\n"
            )
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 0
    assert (
        "warning: content/news/a.md:4: image /news/images/gone.jpg points at no file "
        "(put the picture at content/news/images/gone.jpg or static/news/images/gone.jpg"
    ) in err
    assert "warning: content/news/a.md:10: the picture /maps/none.png points at no file" in err
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 1 and "gone.jpg points at no file" in err and "[an error with --strict]" in err


@pytest.mark.parametrize(
    ("picture", "problem"),
    [
        # with what becomes of it: these bytes (a PNG's header) are no picture to resize
        (png(3000), "is 3000 px wide, over 2500 px (it is published as it is, not resized"),
        (png(800, size=1_200_000), "is 1.2 MB, over 1 MB (it is published as it is, not resized"),
    ],
    ids=["wide", "heavy"],  # not the bytes: the test's name is in every child's environment
)
def test_a_heavy_or_wide_picture_is_a_warning(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Any,
    run_parsite: Any,
    picture: bytes,
    problem: str,
) -> None:
    write_tree(
        tmp_path,
        {
            "content/news/a.md": article(image="/images/big.png", image_alt="x"),
            "static/images/big.png": picture,
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 0
    assert f"warning: content/news/a.md:4: image /images/big.png {problem}" in err


@pytest.mark.parametrize(
    ("alias", "problem"),
    [
        ("/.htaccess", "has a part starting with '.'"),
        ("/.git/config", "has a part starting with '.'"),
        ("//evil.example/x/", "starts with '//'"),
        ("/a?b/", "has a '?' or '#'"),
        ("/CON/", "names a Windows device"),
        ("/news/aux.html", "names a Windows device"),
    ],
)
def test_aliases_a_web_server_would_misread_are_refused(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Any,
    run_parsite: Any,
    alias: str,
    problem: str,
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(aliases=[alias])})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert f"content/news/a.md (alias): '{alias}' {problem}" in err
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("/../{slug}/", "has an empty, '.' or '..' part"),
        ('"/{{slug}}/"', "has '{{' or '}}'"),
        ('"/{slug}/ /"', "holds a space"),
        ("/news/.{slug}/", "has a part starting with '.'"),
    ],
)
def test_an_article_url_that_cannot_work_is_a_config_error(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Any,
    run_parsite: Any,
    pattern: str,
    problem: str,
) -> None:
    write_tree(
        tmp_path,
        {"parsite.yaml": f"title: T\narticle_url: {pattern}\n", "content/news/a.md": article()},
    )
    code, _, err = run_parsite("check", cwd=tmp_path)
    assert code == 1
    assert "parsite.yaml:2: 'article_url'" in err and problem in err


BODY_PICTURES = """\
Intro.

![Map](images/map.png)

<p><img src="chart.png" alt="Chart"> <img src='../shared/logo.png' alt='Logo'></p>

<p><img alt=Plain src=./plain.png></p>

![Absolute](/images/abs.png) ![Full](https://cdn.example.com/x.png) ![Bare](//cdn.example.com/y.png)
"""


def body_sources(page: Any) -> list[str]:
    return [img.attrs["src"] for img in page.find("div", class_="body").find_all("img")]


def test_relative_body_pictures_resolve_against_the_story_s_folder(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any, run_parsite: Any
) -> None:
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": CONFIG,
            "content/news/a.md": article(body=BODY_PICTURES),
            "content/news/images/map.png": png(800),
            "content/news/chart.png": png(800),
            "content/news/plain.png": png(800),
            "content/shared/logo.png": png(800),
            "static/images/abs.png": png(800),
        },
        "--strict",  # every picture is found: no warning
    )
    # The page is /news/a-story/: written as they were, the relative ones would be missed.
    assert body_sources(story_page(public, parse_html)) == [
        "/news/images/map.png",
        "/news/chart.png",
        "/shared/logo.png",
        "/news/plain.png",
        "/images/abs.png",  # site paths and full URLs are kept as written
        "https://cdn.example.com/x.png",
        "//cdn.example.com/y.png",
    ]
    code, out, err = run_parsite("check", "--output", public, cwd=tmp_path)
    assert code == 0, out + err  # every internal picture of every page is there


def test_a_moved_story_s_cached_body_pictures_follow_it(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Any,
    parse_html: Any,
    run_parsite: Any,
) -> None:
    # The same bytes in another folder: the cache, keyed by path and bytes, must not
    # hand back the body resolved against the old folder.
    text = article(body="![Map](images/map.png)\n")
    write_tree(tmp_path, {"content/news/a.md": text, "content/news/images/map.png": png(80)})
    assert run_parsite("build", cwd=tmp_path).code == 0
    (tmp_path / "content/news/a.md").unlink()
    write_tree(tmp_path, {"content/life/a.md": text, "content/life/images/map.png": png(80)})
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 0, err
    page = story_page(tmp_path / "public", parse_html, "life/a-story")
    assert body_sources(page) == ["/life/images/map.png"]


def test_a_missing_relative_body_picture_is_a_warning_naming_file_and_line(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any, run_parsite: Any
) -> None:
    body = 'Text.\n\n<img src="there.png" alt="x">\n\nMore.\n\n![Gone](images/gone.png)\n'
    write_tree(
        tmp_path, {"content/news/a.md": article(body=body), "content/news/there.png": png(80)}
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 0
    assert (
        "warning: content/news/a.md:12: the picture /news/images/gone.png points at no file "
        "(put the picture at content/news/images/gone.png or static/news/images/gone.png"
    ) in err
    assert err.count("points at no file") == 1  # there.png is found beside the story
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 1 and "gone.png points at no file" in err and "[an error with --strict]" in err
