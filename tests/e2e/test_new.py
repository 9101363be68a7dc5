"""``parsite new``: a draft story file, dated now in the site's time zone, never overwriting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

# UTC+14: a date written in UTC or machine time would be many hours off.
TIMEZONE = "Pacific/Kiritimati"


def new_site(tmp_path: Path, write_tree: Callable[..., Path]) -> Path:
    return write_tree(tmp_path, {"parsite.yaml": f"timezone: {TIMEZONE}\n"})


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return dict(yaml.safe_load(text.split("---\n")[1]))


def test_new_writes_a_draft_dated_now_in_the_site_time_zone(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any
) -> None:
    site = new_site(tmp_path, write_tree)
    tz = ZoneInfo(TIMEZONE)
    before = dt.datetime.now(tz).replace(second=0, microsecond=0, tzinfo=None)
    code, out, err = run_parsite("new", "Hưng Yên tăng 10 bậc", "--section", "news", cwd=site)
    after = dt.datetime.now(tz).replace(tzinfo=None)
    assert code == 0, err
    assert out.strip() == str(Path("content/news/hung-yen-tang-10-bac.md"))
    meta = front_matter(site / "content/news/hung-yen-tang-10-bac.md")
    assert meta["title"] == "Hưng Yên tăng 10 bậc"
    assert meta["draft"] is True
    written = dt.datetime.strptime(str(meta["date"]), "%Y-%m-%d %H:%M")
    assert before <= written <= after


def test_new_story_is_a_valid_draft_that_builds_only_with_drafts(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any
) -> None:
    site = new_site(tmp_path, write_tree)
    code, _, err = run_parsite("new", 'He said "yes": a test', cwd=site)
    assert code == 0, err
    meta = front_matter(site / "content/news/he-said-yes-a-test.md")
    assert meta["title"] == 'He said "yes": a test'
    code, out, err = run_parsite("check", cwd=site)
    assert code == 0, err
    assert "(0 stories" in out
    code, out, _ = run_parsite("check", "--drafts", cwd=site)
    assert code == 0
    assert "(1 story," in out


def test_new_refuses_to_overwrite_an_existing_story(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any
) -> None:
    site = write_tree(tmp_path, {"content/society/same.md": "mine\n"})
    code, out, err = run_parsite("new", "Same", "--section", "society", cwd=site)
    assert code == 1
    assert "already exists" in err
    assert "content/society/same.md" in err
    assert out == ""
    assert (site / "content/society/same.md").read_text(encoding="utf-8") == "mine\n"


def test_new_refuses_a_section_that_is_not_a_folder_name(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any
) -> None:
    site = new_site(tmp_path, write_tree)
    code, _, err = run_parsite("new", "Escape", "--section", "../outside", cwd=site)
    assert code == 1
    assert "section '../outside'" in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["parsite.yaml"]


def test_usage_errors_exit_2(tmp_path: Path, run_parsite: Any) -> None:
    for args in [("new",), ("build", "--no-such-option")]:
        code, _, err = run_parsite(*args, cwd=tmp_path)
        assert code == 2, args
        assert "usage: parsite" in err
    assert list(tmp_path.iterdir()) == []


BILINGUAL = "languages:\n  vi: {}\n  en: {}\n"


def test_new_with_lang_writes_into_that_editions_folder(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any
) -> None:
    site = write_tree(tmp_path, {"parsite.yaml": BILINGUAL})
    code, out, err = run_parsite("new", "Tiêu đề", "--lang", "vi", cwd=site)
    assert code == 0, err
    assert out.strip() == str(Path("content/news/tieu-de.md"))  # the first edition: at /
    assert "Viết nội dung tin bài ở đây." in (site / "content/news/tieu-de.md").read_text("utf-8")
    code, out, err = run_parsite(
        "new", "A title", "--lang", "en", "--section", "investment", cwd=site
    )
    assert code == 0, err
    assert out.strip() == str(Path("content/en/investment/a-title.md"))
    code, out, err = run_parsite("list", "drafts", cwd=site)
    assert code == 0, err
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == [
        "content/en/investment/a-title.md",
        "content/news/tieu-de.md",
    ]
    code, _, err = run_parsite("build", "--drafts", cwd=site)
    assert code == 0, err
    assert (site / "public/news/tieu-de/index.html").is_file()
    assert (site / "public/en/investment/a-title/index.html").is_file()


def test_new_with_an_undeclared_lang_is_an_error_naming_the_languages(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any
) -> None:
    site = write_tree(tmp_path, {"parsite.yaml": BILINGUAL})
    code, _, err = run_parsite("new", "Titre", "--lang", "fr", cwd=site)
    assert code == 1
    assert "--lang fr: not a language of this site (use vi, en)" in err
    assert not (site / "content").exists()
    one = write_tree(tmp_path / "one", {"parsite.yaml": "language: en\n"})
    code, _, err = run_parsite("new", "Tiêu đề", "--lang", "vi", cwd=one)
    assert code == 1
    assert "this site has one language (en); declare its editions under 'languages:'" in err
