"""``parsite check``: everything a build would find, with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_check_of_a_good_site_passes_and_writes_nothing(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Any,
    article: Any,
    snapshot: Callable[[Path], dict[str, bytes]],
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(), "content/news/b.md": article("B")})
    before = snapshot(tmp_path)
    code, out, err = run_parsite("check", cwd=tmp_path)
    assert code == 0, err
    assert out.startswith("checked ")
    assert "(2 stories" in out
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "public").exists()


def test_check_reports_every_bad_file_and_exits_1(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Any,
    article: Any,
    snapshot: Callable[[Path], dict[str, bytes]],
) -> None:
    write_tree(
        tmp_path,
        {
            "content/news/a.md": article(draft="maybe"),
            "content/news/b.md": article(date="31/02/2022"),
            "content/news/c.md": article(),
        },
    )
    before = snapshot(tmp_path)
    code, out, err = run_parsite("check", cwd=tmp_path)
    assert code == 1
    assert "content/news/a.md:4: 'draft' must be true or false" in err
    assert "content/news/b.md:3: date: '31/02/2022' is not a real date" in err
    assert "2 errors" in err
    assert out == ""
    assert snapshot(tmp_path) == before


def test_check_renders_templates_and_reports_their_errors(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(
        tmp_path,
        {"content/news/a.md": article(), "templates/home.html": "{{ lead.nope }}\n"},
    )
    code, _, err = run_parsite("check", cwd=tmp_path)
    assert code == 1
    assert "home.html:1:" in err
    assert "(while rendering /)" in err
    assert not (tmp_path / "public").exists()


def test_check_reports_url_clashes_and_config_errors(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    write_tree(tmp_path, {"content/news/a.md": article(), "content/news/b.md": article()})
    code, _, err = run_parsite("check", cwd=tmp_path)
    assert code == 1
    assert "URL /news/a-story/ is produced by 2 sources" in err
    write_tree(tmp_path, {"parsite.yaml": "page_sise: 5\n"})
    code, _, err = run_parsite("check", cwd=tmp_path)
    assert code == 1
    assert "unknown key 'page_sise' (did you mean 'page_size'?)" in err
