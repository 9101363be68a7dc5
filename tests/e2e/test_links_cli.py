"""`parsite check --links` and `parsite build --strict` on tiny sites and on the demo portal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str]
) -> Callable[..., Path]:
    """A two-story site whose first story ("a") has the given body and front matter."""

    def make(body: str = "Nothing linked.", **fields: Any) -> Path:
        return write_tree(
            tmp_path / "site",
            {
                "content/news/a.md": article("A", "2022-05-25 10:00", body, **fields),
                "content/news/b.md": article("B", "2022-05-24 10:00", "## Details {#details}"),
            },
        )

    return make


@pytest.mark.parametrize(
    ("body", "fields", "expected"),
    [
        pytest.param(
            "See [the report](/news/report/).",
            {},
            ['<a href="/news/report/">: nothing at /news/report/'],
            id="missing-page",
        ),
        pytest.param(
            "See [story B](/news/b/#summary).",
            {},
            ['/news/b/ has no element with id="summary"'],
            id="missing-anchor",
        ),
        pytest.param(
            "",
            {"image": "/images/missing.jpg", "image_alt": "A picture"},
            ["page / line", '<img src="/images/missing.jpg">: nothing at /images/missing.jpg'],
            id="missing-image",
        ),
    ],
)
def test_check_links_names_the_page_of_each_broken_link(
    site: Callable[..., Path],
    run_parsite: Callable[..., Any],
    body: str,
    fields: dict[str, str],
    expected: list[str],
) -> None:
    result = run_parsite("check", "--links", cwd=site(body or "No links.", **fields))
    assert result.code == 1
    for fragment in ["page /news/a/ line", *expected]:
        assert fragment in result.err


def test_check_links_passes_links_that_resolve(
    site: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    root = site("See [B](/news/b/), [details](/news/b/#details) and [x](https://example.org/).")
    result = run_parsite("check", "--links", cwd=root)
    assert result.code == 0, result.err
    assert result.err == ""


def test_plain_check_does_not_check_links(
    site: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    result = run_parsite("check", cwd=site("See [the report](/news/report/)."))
    assert result.code == 0, result.err


def test_strict_build_fails_on_a_broken_link_and_writes_nothing(
    site: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    root = site("See [the report](/news/report/).")
    result = run_parsite("build", "--strict", cwd=root)
    assert result.code == 1
    assert "page /news/a/ line" in result.err
    assert not (root / "public").exists()


def test_image_without_alt_is_a_warning_and_with_strict_an_error(
    site: Callable[..., Path],
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
) -> None:
    root = site(image="/images/a.png")
    write_tree(root, {"static/images/a.png": b"\x89PNG\r\n\x1a\n"})
    built = run_parsite("build", cwd=root)
    assert built.code == 0, built.err
    assert "warning: content/news/a.md: 'image' has no 'image_alt'" in built.err

    strict = run_parsite("build", "--strict", "--output", "strict-out", cwd=root)
    assert strict.code == 1
    assert "content/news/a.md: 'image' has no 'image_alt'" in strict.err
    assert not (root / "strict-out").exists()


def test_check_output_walks_an_already_built_folder(
    site: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    root = site("See [B](/news/b/).")
    assert run_parsite("build", cwd=root).code == 0
    assert run_parsite("check", "--output", "public", cwd=root).code == 0

    (root / "public" / "news" / "b" / "index.html").unlink()  # as a careless deploy might
    result = run_parsite("check", "--output", "public", cwd=root)
    assert result.code == 1
    assert '<a href="/news/b/">: nothing at /news/b/' in result.err


def test_check_output_refuses_a_folder_that_is_not_a_built_site(
    site: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    root = site()
    result = run_parsite("check", "--output", "nowhere", cwd=root)
    assert result.code == 1
    assert "nowhere has no index.html: build the site first" in result.err


def test_the_demo_portal_has_no_broken_links_and_builds_strictly(
    tmp_path: Path, run_parsite: Callable[..., Any]
) -> None:
    checked = run_parsite("check", "--links", "--site", REPO_ROOT, cwd=tmp_path)
    assert checked.code == 0, checked.err
    built = run_parsite(
        "build", "--strict", "--site", REPO_ROOT, "--output", tmp_path / "out", cwd=tmp_path
    )
    assert built.code == 0, built.err
    assert "warning" not in built.err
