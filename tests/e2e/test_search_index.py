"""The search index: one Pagefind bundle per edition, made of the shown stories only.

Each test builds a small tree with the real command and reads the index back as the
browser would: the entry file, and each story's fragment (gzip around Pagefind's
signature and JSON) with its URL, text and metadata.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from search_harness import fragments
from serve_harness import Served, wait_for

SIDEBAR_ONLY = "Zebracornish"  # in one story's title: so in every page's sidebar too


def urls(bundle: Path) -> list[str]:
    return sorted(f["url"] for f in fragments(bundle))


def bilingual(article: Callable[..., str]) -> dict[str, str]:
    return {
        "parsite.yaml": (
            "title: Portal\nlanguages:\n  vi:\n    title: Cổng\n  en:\n    title: Portal\n"
        ),
        "content/tin-tuc/dang-ky.md": article(
            title="Đăng ký kinh doanh trực tuyến",
            date="2022-05-25 10:14",
            body="Người dân Hưng Yên **đăng ký** doanh nghiệp qua mạng.",
        ),
        "content/tin-tuc/zebra.md": article(
            title=f"Tin {SIDEBAR_ONLY}", date="2021-04-02 08:00", body="Một tin khác."
        ),
        "content/en/news/longan.md": article(
            title="Longan harvest", date="2022-05-20 09:00", body="Growers in Hung Yen."
        ),
    }


def three_years(article: Callable[..., str]) -> dict[str, str]:
    """Four stories in three years: three parts of the index."""
    return {
        "parsite.yaml": "title: P\n",
        "content/news/march.md": article(title="March", date="2020-03-01 08:00"),
        "content/news/april.md": article(title="April", date="2021-04-01 08:00"),
        "content/news/may.md": article(title="May", date="2022-05-01 08:00"),
        "content/news/may2.md": article(title="May two", date="2022-05-02 08:00"),
    }


def test_each_edition_has_its_own_index_of_its_own_stories(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    out = build_tree(tmp_path, bilingual(article))
    vi_entry = json.loads((out / "pagefind/pagefind-entry.json").read_text("utf-8"))
    en_entry = json.loads((out / "en/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert list(vi_entry["languages"]) == ["vi"]
    assert list(en_entry["languages"]) == ["en"]
    # The Vietnamese index holds the two Vietnamese stories, in two years; not /en/.
    assert urls(out / "pagefind") == [
        "/tin-tuc/dang-ky-kinh-doanh-truc-tuyen/",
        "/tin-tuc/tin-zebracornish/",
    ]
    assert (out / "pagefind/2021/pagefind-entry.json").is_file()
    assert not (out / "pagefind/2021/pagefind.js").exists()  # the main bundle's only
    assert (out / "pagefind/pagefind.js").is_file()
    assert urls(out / "en/pagefind") == ["/en/news/longan-harvest/"]


def test_records_hold_the_story_not_the_sidebar_and_fold_d(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    out = build_tree(tmp_path, bilingual(article))
    records = {f["url"]: f for f in fragments(out / "pagefind")}
    story = records["/tin-tuc/dang-ky-kinh-doanh-truc-tuyen/"]
    # Indexed with đ as d (Pagefind folds tones itself); the original in the metadata.
    assert "Dăng ký kinh doanh" in story["content"]
    assert "dăng ký doanh nghiệp" in story["content"]
    assert "đ" not in story["content"].lower()
    assert story["meta"]["title"] == "Đăng ký kinh doanh trực tuyến"
    # The words written with đ, by position, for the page to show them as written.
    assert story["meta"]["d"] == "0:Đăng 10:đăng"
    assert story["content"].split(" ")[10] == "dăng"
    assert story["meta"]["date"] == "25/05/2022"
    assert story["filters"] == {"section": ["Tin Tuc"], "year": ["2022"]}
    # The sidebar of every page names the other story: only its own record has the word.
    with_word = [url for url, f in records.items() if SIDEBAR_ONLY in f["content"]]
    assert with_word == ["/tin-tuc/tin-zebracornish/"]
    for f in records.values():  # nor menus, footer or the search box
        assert "Trang chủ" not in f["content"] and "Tìm kiếm" not in f["content"]


def test_search_pages_and_header_forms_per_edition(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[[str], Any],
) -> None:
    out = build_tree(tmp_path, bilingual(article))
    vi = parse_html((out / "tim-kiem/index.html").read_text("utf-8"))
    box = vi.find(id="search")
    assert box.attrs["data-bundle"] == "/pagefind/"
    assert box.attrs["data-merged"] == "/pagefind/2021/"
    en = parse_html((out / "en/search/index.html").read_text("utf-8"))
    box = en.find(id="search")
    assert box.attrs["data-bundle"] == "/en/pagefind/"
    for page, action in (
        ("index.html", "/tim-kiem/"),
        ("tin-tuc/tin-zebracornish/index.html", "/tim-kiem/"),
        ("en/index.html", "/en/search/"),
        ("en/404.html", "/en/search/"),
    ):
        tree = parse_html((out / page).read_text("utf-8"))
        form = tree.find("form", "search-form")
        assert (form.attrs["action"], form.attrs["method"]) == (action, "get"), page
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "/tim-kiem/" not in sitemap


def test_unpublished_stories_are_indexed_only_when_the_build_shows_them(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": "title: P\n",
            "content/news/shown.md": article(title="Shown", date="2022-05-01 08:00"),
            "content/news/draft.md": article(title="Draft", date="2022-05-02 08:00", draft="true"),
            "content/news/later.md": article(title="Later", date="2099-01-01 08:00"),
            "content/news/gone.md": article(
                title="Gone", date="2022-05-03 08:00", expires="2022-06-01 08:00"
            ),
        },
    )
    code, _out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, err
    assert urls(tmp_path / "public/pagefind") == ["/news/shown/"]
    code, _out, err = run_parsite("build", "--drafts", "--future", "--expired", cwd=tmp_path)
    assert code == 0, err
    assert urls(tmp_path / "public/pagefind") == [
        "/news/draft/",
        "/news/gone/",
        "/news/later/",
        "/news/shown/",
    ]
    assert (tmp_path / "public/pagefind/2022/pagefind-entry.json").is_file()  # 2099 is main


def test_a_warm_build_indexes_only_the_changed_part_and_drops_deleted_stories(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
    snapshot: Callable[[Path], dict[str, bytes]],
) -> None:
    write_tree(tmp_path, three_years(article))
    assert run_parsite("build", cwd=tmp_path).code == 0
    store = tmp_path / ".parsite-cache/search"
    before = {p.name: p.stat().st_mtime_ns for p in store.iterdir()}
    assert len(before) == 3  # three years
    old = snapshot(tmp_path / "public/pagefind")
    write_tree(
        tmp_path,
        {
            "content/news/april.md": article(
                title="April", date="2021-04-01 08:00", body="Edited body."
            )
        },
    )
    assert run_parsite("build", cwd=tmp_path).code == 0
    after = {p.name: p.stat().st_mtime_ns for p in store.iterdir()}
    assert len(after) == 3 and len(set(after) & set(before)) == 2  # only 2021's is new
    assert all(after[name] == before[name] for name in set(after) & set(before))
    new = snapshot(tmp_path / "public/pagefind")
    unchanged = {p for p in old if p.startswith("2020/") and new.get(p) == old[p]}
    assert unchanged and unchanged == {p for p in old if p.startswith("2020/")}
    assert "Edited body." in json.dumps(fragments(tmp_path / "public/pagefind"), ensure_ascii=False)
    (tmp_path / "content/news/may2.md").unlink()
    assert run_parsite("build", cwd=tmp_path).code == 0
    assert urls(tmp_path / "public/pagefind") == ["/news/april/", "/news/march/", "/news/may/"]
    assert len(list(store.iterdir())) == 3  # the old 2022 bundle left the cache too


def test_search_false_writes_no_index_page_or_form(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files = bilingual(article)
    files["parsite.yaml"] += "search: false\n"
    out = build_tree(tmp_path, files)
    assert not (out / "pagefind").exists() and not (out / "en/pagefind").exists()
    assert not (out / "tim-kiem").exists() and not (out / "en/search").exists()
    assert 'role="search"' not in (out / "index.html").read_text("utf-8")
    assert not (tmp_path / ".parsite-cache/search").exists()


def test_two_cold_builds_write_the_same_index_bytes(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
    snapshot: Callable[[Path], dict[str, bytes]],
) -> None:
    # Many sections and years: Pagefind orders their filter values at random by itself.
    files = {"parsite.yaml": "title: P\n"}
    for n in range(24):
        files[f"content/s{n % 7}/story-{n}.md"] = article(
            title=f"Story {n}",
            date=f"{2015 + n % 6}-05-0{1 + n % 5} 08:00",
            body=f"Words of story {n} in section {n % 7}.",
        )
    write_tree(tmp_path, files)
    builds = []
    for number in range(3):
        code, _out, err = run_parsite(
            "build", "--no-cache", "--output", f"out{number}", cwd=tmp_path
        )
        assert code == 0, err
        builds.append(snapshot(tmp_path / f"out{number}"))
    assert any("pagefind/" in p and p.endswith(".pf_filter") for p in builds[0])
    assert builds[0] == builds[1] == builds[2]


def test_a_bad_search_path_is_an_error_at_its_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
) -> None:
    write_tree(
        tmp_path,
        {
            "parsite.yaml": "title: P\nsearch_path: tim kiem\n",
            "content/news/a.md": article(),
        },
    )
    code, _out, err = run_parsite("build", cwd=tmp_path)
    assert code == 1
    assert "parsite.yaml:2: 'search_path' must be folders between slashes" in err


def test_serve_previews_the_search_page_and_its_index(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    site = write_tree(
        tmp_path / "site",
        {"content/news/hello.md": article(title="Hello world", body="Xin chào Hưng Yên.")},
    )
    with Served(site) as served:
        page = served.get("/search/")
        assert page.status == 200 and b'data-bundle="/pagefind/"' in page.body
        script = served.get("/pagefind/pagefind.js")
        assert script.status == 200 and "javascript" in script.headers["content-type"]
        entry = json.loads(served.get("/pagefind/pagefind-entry.json").body)
        assert entry["languages"]["en"]["page_count"] == 1
        write_tree(site, {"content/news/more.md": article(title="More", date="2021-01-05")})
        wait_for(
            lambda: served.get("/pagefind/2021/pagefind-entry.json").status == 200 or None,
            "the new year's index",
        )


def test_a_damaged_part_in_the_cache_is_made_again(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    run_parsite: Callable[..., Any],
    article: Callable[..., str],
    snapshot: Callable[[Path], dict[str, bytes]],
) -> None:
    write_tree(tmp_path, three_years(article))
    assert run_parsite("build", cwd=tmp_path).code == 0
    parts = {urls(p)[0]: p for p in (tmp_path / ".parsite-cache/search").iterdir()}
    assert len(parts) == 3
    cut = sorted(parts["/news/march/"].rglob("*.pf_fragment"))[0]
    cut.write_bytes(cut.read_bytes()[:5])  # cut short
    gone = sorted(parts["/news/april/"].rglob("*.pf_index"))[0]
    gone.unlink()
    # An edit, so that the build is not a replay of the last: it needs the other parts.
    write_tree(
        tmp_path,
        {"content/news/may.md": article(title="May", date="2022-05-01 08:00", body="New.")},
    )
    assert run_parsite("build", cwd=tmp_path).code == 0
    code, _out, err = run_parsite("build", "--no-cache", "--output", "cold", cwd=tmp_path)
    assert code == 0, err
    assert snapshot(tmp_path / "public") == snapshot(tmp_path / "cold")
    assert len(cut.read_bytes()) > 5 and gone.exists()
