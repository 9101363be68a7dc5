"""Odd and hostile front matter: every error of a file at its own line, bounded in time,
never a traceback; TOML and JSON front matter; template tags left in a body (issue 10,
items 8 and 10)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Files = dict[str, str | bytes]
BOMB = (
    "---\ntitle: Bomb\ndate: 2022-05-25\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\nBody\n"
)


def failed_build(
    tmp_path: Path, files: Files, write_tree: Callable[..., Path], run_parsite: Callable[..., Any]
) -> str:
    write_tree(tmp_path, files)
    started = time.monotonic()
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 1, out + err
    assert time.monotonic() - started < 30  # a subprocess on a busy machine; the work is ms
    assert not (tmp_path / "public").exists()
    return str(err)


def test_every_error_of_a_file_is_reported_each_at_its_line(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    text = '---\ntitle: A\n"draft": maybe\ndate: 31/02/2022\nfeatured: 3\n---\nBody\n'
    err = failed_build(tmp_path, {"content/news/a.md": text}, write_tree, run_parsite)
    assert "content/news/a.md:3: 'draft' must be true or false" in err
    assert "content/news/a.md:4: date: '31/02/2022' is not a real date" in err
    assert "content/news/a.md:5: 'featured' must be true or false" in err


def test_duplicate_keys_name_both_lines(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    text = "---\ntitle: A\ndate: 2022-05-25\ntitle: B\n---\nBody\n"
    err = failed_build(tmp_path, {"content/news/a.md": text}, write_tree, run_parsite)
    assert "content/news/a.md:4: duplicate key 'title' (also on line 2; keep one)" in err


def test_a_control_character_in_a_title_is_an_error_shown_escaped(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    text = '---\ntitle: "Clear\\x1b[2J"\ndate: 2022-05-25\n---\nBody\n'
    err = failed_build(tmp_path, {"content/news/a.md": text}, write_tree, run_parsite)
    assert "content/news/a.md:2: 'title' contains the control character \\x1b" in err
    assert "\x1b" not in err


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        (BOMB, 8, "aliases expand to more than 20,000 values"),
        ("---\ntitle: A\nx: " + "[" * 1000 + "]" * 1000 + "\n---\n", 3, "nested too deeply"),
        (
            "---\ntitle: A\nx:\n" + "".join(f"{'- ' * n}a\n" for n in (1, 300)) + "---\n",
            5,
            "nested too",
        ),
        ("---\ntitle: A\nn: " + "9" * 5000 + "\n---\n", 3, "a number of 5000 digits"),
        ("---\ntitle: A\nn: !!float 'abc'\n---\n", 3, "'abc' is not a number"),
        ("---\ntitle: A\ndate: 0000-01-01\n---\n", 3, "date: year 0 is out of range"),
        (
            "---\ntitle: A\ndate: 0001-01-01T00:00:00+07:00\n---\n",
            3,
            "date: year 1 is out of range",
        ),
        ("---\ntitle: A\ndate: 9999-12-31 23:59\n---\n", 3, "date: year 9999 is out of range"),
        (
            "---\ntitle: A\ndate: 2022-05-25\nupdated: 0000-01-01\n---\n",
            4,
            "updated: year 0 is out of range",
        ),
    ],
    ids=[
        "alias-bomb",
        "deep-flow",
        "deep-block",
        "huge-int",
        "bad-float",
        "year-0",
        "year-1",
        "year-9999",
        "updated-0",
    ],
)
def test_hostile_front_matter_is_a_quick_error_at_its_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    front: str,
    line: int,
    message: str,
) -> None:
    err = failed_build(tmp_path, {"content/news/a.md": front + "Body\n"}, write_tree, run_parsite)
    assert f"content/news/a.md:{line}: {message}" in err
    assert max(len(row) for row in err.splitlines()) < 400  # no value repeated unbounded


def test_toml_front_matter_is_read(tmp_path: Path, build_tree: Callable[..., Path]) -> None:
    text = '+++\ntitle = "From Hugo"\ndate = 2022-06-24T10:14:00+07:00\ndraft = false\n+++\nBody\n'
    public = build_tree(tmp_path, {"content/news/a.md": text})
    assert 'datetime="2022-06-24T10:14:00+07:00"' in (
        public / "news/from-hugo/index.html"
    ).read_text(encoding="utf-8")


def test_json_front_matter_is_read_and_its_errors_name_the_key_line(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Callable[..., Any]
) -> None:
    good = '{\n  "title": "JSON",\n  "date": "2022-06-24"\n}\nBody\n'
    bad = '---json\n{\n  "title": "Bad",\n  "date": "2022-06-24",\n  "draft": "no"\n}\n---\nBody\n'
    files: Files = {"content/news/good.md": good, "content/news/bad.md": bad}
    err = failed_build(tmp_path, files, write_tree, run_parsite)
    assert "content/news/bad.md:5: 'draft' must be true or false" in err
    assert "good.md" not in err


def test_liquid_and_shortcodes_warn_and_come_out_as_text(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
) -> None:
    body = (
        'Intro.\n\n{% highlight ruby %}\nx = 1\n{% endhighlight %}\n\n{{< figure src="a.jpg" >}}\n'
    )
    write_tree(tmp_path, {"content/news/a.md": article(title="Liquid", body=body)})
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 0
    assert "content/news/a.md:8: Liquid tag {% highlight ruby %} and 2 more template tags" in err
    html = (tmp_path / "public/news/liquid/index.html").read_text(encoding="utf-8")
    assert "&#123;% endhighlight %}" in html
    assert "<p _" not in html
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 1


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["check"],
        ["list"],
        ["list", "drafts", "--at", "25/06/2022 08:00"],
        ["build", "--next-change"],
        ["build", "--next-change", "--at", "25/06/2022 08:00"],
    ],
    ids=" ".join,
)
def test_a_site_folder_without_content_is_an_error(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    command: list[str],
) -> None:
    # A cron job running 'build --next-change' in the wrong folder must hear of it, not
    # be told that nothing is ever scheduled; 'list' must not say there are no stories.
    write_tree(tmp_path, {"parsite.yaml": "title: Empty\n"})
    code, out, err = run_parsite(*command, cwd=tmp_path)
    assert (code, out) == (1, "")
    assert "no content/ folder in ." in err
    assert "give it with --site" in err and "parsite new" in err  # how to fix it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parsite.yaml"]  # nothing written


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("timezone: Asia\n", "parsite.yaml:1: unknown timezone 'Asia'"),
        ("timezone: " + "x" * 300 + "\n", "parsite.yaml:1: unknown timezone 'xxx"),
        ("extra:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 3000)), "nested too deeply"),
        (
            BOMB.split("---\n")[1].replace("title: Bomb\ndate: 2022-05-25\n", "extra:\n  "),
            "aliases expand",
        ),
        ("title: A\npage_size: x\ntitle: B\n", "parsite.yaml:3: duplicate key 'title'"),
    ],
    ids=["tz-folder", "tz-long", "extra-deep", "alias-bomb", "duplicate"],
)
def test_hostile_config_is_a_quick_error_at_its_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
    config: str,
    message: str,
) -> None:
    files: Files = {"parsite.yaml": config, "content/news/a.md": article()}
    err = failed_build(tmp_path, files, write_tree, run_parsite)
    assert message in err
    assert "parsite.yaml:" in err
    assert max(len(row) for row in err.splitlines()) < 400
