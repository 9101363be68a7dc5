"""Every mistake an editor can make: exit code 1, a ``path:line: what (how to fix)``
message, no traceback (``run_parsite`` checks that on every run), nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GOOD = "---\ntitle: Good story\ndate: 2022-05-25 10:14\n---\n\nFine.\n"
# file under content/news/ -> its source, and what the message about it must contain
BAD_FILES: dict[str, tuple[str | bytes, str]] = {
    "no-front-matter": ("Just a body.\n", ":1: no front matter: the file must start with"),
    "unclosed": (
        "---\ntitle: Unclosed\ndate: 2022-05-25\n\nBody.\n",
        ":1: front matter is not closed: add a line '---'",
    ),
    "invalid-yaml": (
        "---\ntitle: Bad YAML\ndate: 2022-05-25\ntags: [a, b\n---\n",
        ":5: invalid YAML in front matter",
    ),
    "missing-title": (
        "---\ndate: 2022-05-25\n---\n",
        ":1: missing 'title' (add a line 'title: ...'",
    ),
    "empty-title": ('---\ntitle: ""\ndate: 2022-05-25\n---\n', ":2: missing 'title'"),
    "missing-date": ("---\ntitle: No date\n---\n", ":1: missing 'date' (add a line like"),
    "impossible-date": (
        "---\ntitle: Feb\ndate: 31/02/2022\n---\n",
        ":3: date: '31/02/2022' is not a real date: February 2022 has 28 days "
        "(write it as 2022-02-28 or 28/02/2022)",
    ),
    "impossible-yaml-date": (
        "---\ntitle: Feb\ndate: 2022-02-31\n---\n",
        ":3: date: '2022-02-31' is not a real date",
    ),
    "unreadable-date": (
        "---\ntitle: Soon\ndate: next Tuesday\n---\n",
        ":3: date: 'next Tuesday' is not a date parsite understands (write it as",
    ),
    "draft-maybe": (
        "---\ntitle: Maybe\ndate: 2022-05-25\ndraft: maybe\n---\n",
        ":4: 'draft' must be true or false, not str 'maybe'",
    ),
    "tags-number": (
        "---\ntitle: Five\ndate: 2022-05-25\ntags: 5\n---\n",
        ":4: 'tags' must be a list like [PAR Index, SIPAS] or text, not int 5",
    ),
    "title-list": (
        "---\ntitle: [a, b]\ndate: 2022-05-25\n---\n",
        ":2: 'title' must be text, not list",
    ),
    "not-utf8": (
        "---\ntitle: Hưng Yên\ndate: 2022-05-25\n---\n".encode("cp1258", errors="replace"),
        ":2: not UTF-8 text (save the file as UTF-8",
    ),
    "escaping-slug": (
        "---\ntitle: Escape\ndate: 2022-05-25\nslug: ../../outside\n---\n",
        ":4: slug '../../outside' is not usable in a URL",
    ),
    "escaping-alias": (
        "---\ntitle: Escape alias\ndate: 2022-05-25\naliases: [/news/../../outside/]\n---\n",
        ":4: alias '/news/../../outside/' must be a site path",
    ),
}


@pytest.fixture(scope="module")
def failed(
    tmp_path_factory: pytest.TempPathFactory,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
) -> tuple[Path, Any]:
    """A tree where every bad file sits beside a good one, built once."""
    root = tmp_path_factory.mktemp("errors")
    files: dict[str, str | bytes] = {"content/news/good.md": GOOD}
    files.update({f"content/news/{name}.md": source for name, (source, _) in BAD_FILES.items()})
    write_tree(root, files)
    return root, run_parsite("build", cwd=root)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_named_with_line_and_fix(name: str, failed: tuple[Path, Any]) -> None:
    _, (code, _, err) = failed
    assert code == 1
    lines = [line for line in err.splitlines() if f"content/news/{name}.md:" in line]
    assert len(lines) == 1, err
    assert BAD_FILES[name][1] in lines[0]


def test_all_bad_files_are_reported_in_one_run_and_nothing_is_written(
    failed: tuple[Path, Any],
) -> None:
    root, (code, out, err) = failed
    assert code == 1
    assert f"{len(BAD_FILES)} errors: nothing was written" in err
    assert "good.md" not in err
    assert out == ""
    assert not (root / "public").exists()


def test_a_single_bad_file_fails_the_build_alone(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    write_tree(
        tmp_path, {"content/news/a.md": "---\ntitle: A\ndate: 2022-05-25\ndraft: maybe\n---\n"}
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "content/news/a.md:4: 'draft' must be true or false" in err


# --------------------------------------------------------------------------- URL clashes


@pytest.fixture
def build_fails(tmp_path: Path, write_tree: Any, run_parsite: Any) -> Callable[..., str]:
    """``build_fails(files)``: build the tree; it must fail with 1, write nothing; -> stderr."""

    def build(files: dict[str, str]) -> str:
        write_tree(tmp_path, files)
        code, out, err = run_parsite("build", cwd=tmp_path)
        assert code == 1, out
        assert not (tmp_path / "public").exists()
        return str(err)

    return build


def test_duplicate_slug_names_every_file(
    build_fails: Callable[..., str], article: Callable[..., str]
) -> None:
    err = build_fails(
        {
            "content/news/one.md": article(title="Same title"),
            "content/news/two.md": article(title="Same title", date="2022-05-26"),
            "content/news/three.md": article(title="Other", slug="same-title"),
        }
    )
    assert "URL /news/same-title/ is produced by 3 sources" in err
    for name in ("one", "two", "three"):
        assert f"content/news/{name}.md" in err
    assert "give each its own 'slug'" in err


def test_alias_onto_another_story_is_a_clash(
    build_fails: Callable[..., str], article: Callable[..., str]
) -> None:
    err = build_fails(
        {
            "content/news/one.md": article(title="One"),
            "content/news/two.md": article(title="Two", aliases=["/news/one/"]),
        }
    )
    assert "/news/one/" in err
    assert "content/news/one.md" in err
    assert "content/news/two.md (alias)" in err


@pytest.mark.parametrize(("category", "url"), [("Tags", "/tags/"), ("Archive", "/archive/")])
def test_category_that_would_overwrite_a_site_page_is_a_clash(
    category: str,
    url: str,
    build_fails: Callable[..., str],
    article: Callable[..., str],
) -> None:
    err = build_fails({"content/x/a.md": article(title="A", category=category, tags=["t"])})
    assert f"content/x/a.md (category '{category}'): URL {url} is produced by 2 sources" in err
    assert "rename the clashing category" in err


def test_alias_onto_the_feed_is_a_clash(
    build_fails: Callable[..., str], article: Callable[..., str]
) -> None:
    err = build_fails({"content/news/a.md": article(title="A", aliases=["/atom.xml"])})
    assert "/atom.xml" in err
    assert "content/news/a.md (alias)" in err


# --------------------------------------------------------------------------- templates


def test_undefined_variable_in_a_site_template_names_template_line_and_page(
    build_fails: Callable[..., str], article: Callable[..., str]
) -> None:
    override = (
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ article.title }}</h1>\n'
        "<p>{{ article.subtitle }}</p>\n{% endblock %}\n"
    )
    err = build_fails({"content/news/a.md": article(title="A"), "templates/article.html": override})
    assert "article.html:4:" in err
    assert "subtitle" in err
    assert "(while rendering /news/a/)" in err


def test_template_syntax_error_names_template_and_line(
    build_fails: Callable[..., str], article: Callable[..., str]
) -> None:
    broken = (
        '{% extends "base.html" %}\n{% block main %}\n{% if article.title %}\n'
        "<h1>x</h1>\n{% endblock %}\n"
    )
    err = build_fails({"content/news/a.md": article(title="A"), "templates/article.html": broken})
    assert "article.html:5:" in err


# --------------------------------------------------------------------------- config


# Each key's checks are unit-tested (tests/unit/test_config.py); these prove the command
# reports them.
@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("titel: My portal\n", "parsite.yaml:1: unknown key 'titel' (did you mean 'title'?)"),
        ("timezone: Asia/Hanoi_City\n", ":1: unknown timezone 'Asia/Hanoi_City' (use an IANA"),
        ("date_format: '%d %Q %Y'\n", ":1: 'date_format' unsupported date code %Q"),
        ("title: Portal\n  language: en\n", "parsite.yaml:2: invalid YAML"),
    ],
)
def test_config_errors_name_the_key_and_the_fix(
    config: str,
    message: str,
    build_fails: Callable[..., str],
    article: Callable[..., str],
) -> None:
    err = build_fails({"parsite.yaml": config, "content/news/a.md": article()})
    assert message in err


def test_every_config_error_is_reported_at_once(
    build_fails: Callable[..., str], article: Callable[..., str]
) -> None:
    err = build_fails({"parsite.yaml": "titel: X\npage_size: 0\n", "content/news/a.md": article()})
    assert "parsite.yaml:1: unknown key 'titel'" in err
    assert "parsite.yaml:2: 'page_size' must be at least 1" in err
