"""One listing of content/ for the stories and the files beside them, against ``os.walk``.

``content.sources.list_folder`` lists each folder once; the story scan and
``collect_static`` both read that listing. Here both are checked against plain
references written the way the two walks were before they shared it (a recursive
``scandir`` for the stories, ``os.walk`` for the static files), on random trees with
hidden and backup files and folders, ``.well-known``, folders named like stories, links
inside and outside, broken links and loops. A fresh seed each run, printed;
``PARSITE_SEED`` replays one.
"""

from __future__ import annotations

import os
import random
import unicodedata
from pathlib import Path, PurePosixPath

from parindex_site.assets.static import (
    Collected,
    StaticFile,
    _link_inside,
    _shown,
    _why_skipped,
    collect_static,
    never_published,
    publish_suffixes,
    static_sources,
)
from parindex_site.config import load_config
from parindex_site.content.sources import _is_file, is_story_name, scan_sources
from parindex_site.render.theme import theme_dir

TREES = 40
NAMES = [
    "a.md", "b.markdown", "C.MD", ".hid.md", "._a.md", "x.md~", "#y.md#", "p.jpg", "q.png",
    "r.rst", "s.html", "t.txt", "u", "v.PDF", ".env", "w.bak", "z.md.bak", "nfce\u0301.jpg",
]  # fmt: skip
FOLDERS = ["news", "sub", ".git", ".well-known", "old~", "#tmp#", "x.md", "Ảnh"]


def _fresh_seed() -> int:
    replay = os.environ.get("PARSITE_SEED", "").strip()
    seed = int(replay) if replay else random.randrange(2**32)
    print(f"seed {seed} (replay with PARSITE_SEED={seed})")
    return seed


def _random_site(site: Path, rnd: random.Random) -> None:
    (site / "content").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "parsite.yaml").write_text("search: false\n", encoding="utf-8")

    def fill(folder: Path, depth: int) -> None:
        for name in rnd.sample(NAMES, rnd.randint(0, 7)):
            (folder / name).write_text("x", encoding="utf-8")
        for name in rnd.sample(FOLDERS, rnd.randint(0, 3)) if depth < 3 else ():
            (folder / name).mkdir(exist_ok=True)
            fill(folder / name, depth + 1)

    fill(site / "content", 0)
    fill(site / "static", 1)
    files = sorted(p for p in (site / "content").rglob("*") if p.is_file())
    folders = sorted(p for p in (site / "content").rglob("*") if p.is_dir())
    folders.append(site / "content")
    (site / "outside.md").write_text("o", encoding="utf-8")
    for n in range(rnd.randint(0, 4)):
        where = rnd.choice(folders)
        link = where / f"{rnd.choice(['l', 'ld', '.l'])}{n}{rnd.choice(['.md', '.jpg', ''])}"
        kind = rnd.choice(["in", "out", "loop", "broken", "folder", "folder loop"])
        if kind == "in" and files:
            link.symlink_to(rnd.choice(files))
        elif kind == "out":
            link.symlink_to(site / "outside.md")
        elif kind == "loop":
            link.symlink_to(link)
        elif kind == "broken":
            link.symlink_to(site / "nowhere")
        elif kind == "folder":
            link.symlink_to(rnd.choice(folders))
        else:
            link.symlink_to(where)


def _reference_stories(folder: str, root: str, found: list[str], warnings: list[str]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as exc:
        warnings.append(f"{folder}: cannot read this folder ({exc.strerror}), its stories skipped")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                if not entry.is_symlink():
                    _reference_stories(entry.path, root, found, warnings)
            elif is_story_name(entry.name) and _is_file(entry, root, warnings):
                found.append(entry.path)
        except OSError as exc:
            warnings.append(f"{entry.path}: cannot be read ({exc.strerror}), skipped")


def _reference_static(root: Path, publish: frozenset[str] | None, shown: str) -> Collected:
    result = Collected([], [], [])
    files, warnings, skipped = result
    real_root = Path(os.path.realpath(root))

    def unreadable(exc: OSError) -> None:
        warnings.append(f"{_shown(shown, root, exc.filename)}: cannot be read, skipped")

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        for name in sorted(dirs):
            if never_published(name):
                dirs.remove(name)
                skipped.append(f"{_shown(shown, root, folder, name)}/ (a hidden folder)")
        dirs.sort()
        for name in sorted(names):
            if publish is not None and is_story_name(name):
                continue
            why = _why_skipped(name, publish)
            if why == "a story":
                continue
            path = Path(folder) / name
            if why:
                skipped.append(f"{_shown(shown, root, path)} ({why})")
            elif not path.is_symlink() or _link_inside(path, real_root, shown, root, result):
                text = unicodedata.normalize("NFC", path.relative_to(root).as_posix())
                files.append(StaticFile(PurePosixPath(text), path))
    return result


def test_one_listing_gives_what_the_two_walks_gave(tmp_path: Path) -> None:
    seed = _fresh_seed()
    for n in range(TREES):
        site = tmp_path / f"site-{n}"
        _random_site(site, random.Random(seed + n))
        config = load_config(site)
        scan = scan_sources(config.content_dir)
        found: list[str] = []
        raw: list[str] = []
        root = os.path.realpath(config.content_dir)
        _reference_stories(str(config.content_dir), root, found, raw)
        where = f"seed {seed}, tree {n} (PARSITE_SEED={seed})"
        assert sorted(scan.names) == sorted(found), where
        prefix = str(config.content_dir.parent) + os.sep
        assert list(scan.warnings) == [w.removeprefix(prefix) for w in raw], where
        got = collect_static(static_sources(config, scan.listed))
        chosen: dict[PurePosixPath, StaticFile] = {}
        warnings: list[str] = []
        skipped: list[str] = []
        for folder, publish, shown in (
            (theme_dir() / "static", None, "the theme's static/"),
            (config.content_dir, publish_suffixes(config), "content/"),
            (config.static_dir, None, "static/"),
        ):
            files, more_warnings, more_skipped = _reference_static(folder, publish, shown)
            chosen.update((file.path, file) for file in files)  # later folders win
            warnings += more_warnings
            skipped += more_skipped
        assert got.files == [chosen[path] for path in sorted(chosen)], where
        assert got.warnings == warnings, where
        assert got.skipped == skipped, where
