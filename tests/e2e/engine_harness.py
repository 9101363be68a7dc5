"""Helpers of the build-engine tests (warm = cold, tamper, faults); no fixture in here.

Imported by those tests (``from engine_harness import ...``), as ``serve_harness`` is.
They start the real ``parsite`` in subprocesses, compare built folders, look beside an
output folder for leftovers and at ``/proc`` for surviving workers. Whatever the tests
assert on lives in the tests; this module only fetches and describes.

The engine's contract they rely on: beside an output folder ``public`` a build may keep
one hidden work folder ``.public.parsite`` and nothing else; ``--jobs N`` forces N
processes; ``--no-cache`` neither reads nor writes ``.parsite-cache/``.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

SEED_ENV = "PARSITE_SEED"  # PARSITE_SEED=1234 pytest ... replays a run
BUILD_TIMEOUT_S = 120
CACHE_DIR = ".parsite-cache"
Files = dict[str, str | bytes]
Tree = Mapping[str, bytes]


# --------------------------------------------------------------------------- seeds


def fresh_seed() -> int:
    """A new seed for every run, unless ``PARSITE_SEED`` asks to replay one."""
    replay = os.environ.get(SEED_ENV, "").strip()
    seed = int(replay) if replay else random.randrange(2**32)
    print(f"seed {seed} (replay with {SEED_ENV}={seed})")
    return seed


# --------------------------------------------------------------------------- the command


def parsite_command(*args: str | Path) -> list[str]:
    """The command line ``run_parsite`` runs, for the tests that need a ``Popen``."""
    return [sys.executable, "-m", "parindex_site", *(str(a) for a in args)]


def start_parsite(
    *args: str | Path, cwd: Path, log: Path, new_session: bool = False
) -> subprocess.Popen[bytes]:
    """``parsite ARGS`` in the background, stdout and stderr into ``log``.out/.err (files,
    not pipes: a process killed at a random moment must never block on a full pipe)."""
    with open(f"{log}.out", "wb") as out, open(f"{log}.err", "wb") as err:
        return subprocess.Popen(
            parsite_command(*args),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=new_session,
        )


def finish(proc: subprocess.Popen[bytes], log: Path) -> tuple[int, str, str]:
    """Wait for a started build (killing it at the deadline); its code, stdout, stderr."""
    try:
        code = proc.wait(timeout=BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    out = Path(f"{log}.out").read_text(encoding="utf-8", errors="replace")
    err = Path(f"{log}.err").read_text(encoding="utf-8", errors="replace")
    return code, out, err


# --------------------------------------------------------------------------- source trees


def replace_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Make the site below ``root`` (its content/, templates/, static/ and parsite.yaml)
    exactly ``files``: what is not in it is removed, and a file whose bytes are
    unchanged is not rewritten (its mtime stays, as an editor leaves it)."""
    for name in ("content", "templates", "static"):
        folder = root / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    if (root / "parsite.yaml").is_file() and "parsite.yaml" not in files:
        (root / "parsite.yaml").unlink()
    for relative, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        path = root / relative
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def news_tree(article: Callable[..., str], count: int, title: str = "Test Portal") -> Files:
    """A portal of ``count`` stories in three sections, with tags and a few aliases, for
    the tests that need a build long enough to interrupt. Story ``n`` is in
    ``content/<section>/story-<n>.md``, titled ``Story <n>``; story 0 is the newest."""
    files: Files = {"parsite.yaml": f"title: {title}\npage_size: 5\nlatest_count: 6\n"}
    sections = ("news", "economy", "society")
    for n in range(count):
        minutes = (count - n) * 97  # story 0 newest; no two share a moment
        day, minute = divmod(minutes, 24 * 60)
        fields: dict[str, Any] = {"tags": [f"Topic {n % 9}", f"Area {n % 4}"]}
        if n % 50 == 3:
            fields["aliases"] = [f"/old/story-{n}/"]
        files[f"content/{sections[n % 3]}/story-{n:04d}.md"] = article(
            title=f"Story {n:04d}",
            date=_moment(day, minute),
            body=f"Body of story {n}.\n\n" + "A sentence about the province. " * 12,
            **fields,
        )
    return files


def _moment(day: int, minute: int) -> str:
    """Day ``day`` after 2019-01-01 in a calendar of 12 months of 28 days: always real."""
    year, day_of_year = 2019 + day // 336, day % 336
    month, day_of_month = 1 + day_of_year // 28, 1 + day_of_year % 28
    return f"{year}-{month:02d}-{day_of_month:02d} {minute // 60:02d}:{minute % 60:02d}"


def story_path(files: Mapping[str, str | bytes], number: int) -> str:
    """The source of story ``number`` in a ``news_tree``."""
    suffix = f"/story-{number:04d}.md"
    return next(name for name in files if name.endswith(suffix))


def edit(files: Files, path: str, old: str, new: str) -> None:
    text = files[path]
    assert isinstance(text, str) and old in text, f"{old!r} not in {path}"
    files[path] = text.replace(old, new, 1)


# --------------------------------------------------------------------------- output folders


def output_in(folder: Path) -> Path:
    """``folder/public``, with ``folder`` made (and empty): beside the output is where the
    tests look for leftovers."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "public"


def work_folder(output_dir: Path) -> Path:
    """The one hidden folder a build may keep beside its output."""
    return output_dir.with_name(f".{output_dir.name}.parsite")


def leftovers(output_dir: Path) -> list[str]:
    """Names beside ``output_dir`` other than it and its work folder."""
    keep = {output_dir.name, work_folder(output_dir).name}
    if not output_dir.parent.is_dir():  # a first build that failed early: nothing at all
        return []
    return sorted(p.name for p in output_dir.parent.iterdir() if p.name not in keep)


def differences(got: Tree, expected: Tree, limit: int = 6) -> list[str]:
    """The first few ways ``got`` differs from ``expected``, each a line naming a path."""
    found = [f"missing: {p}" for p in sorted(expected.keys() - got.keys())]
    found += [f"not expected: {p}" for p in sorted(got.keys() - expected.keys())]
    found += [
        f"differs: {p}: {_first_difference(got[p], expected[p])}"
        for p in sorted(got.keys() & expected.keys())
        if got[p] != expected[p]
    ]
    return found[:limit] + ([f"... and {len(found) - limit} more"] if len(found) > limit else [])


def _first_difference(got: bytes, expected: bytes) -> str:
    lines_got, lines_expected = got.split(b"\n"), expected.split(b"\n")
    for number, (a, b) in enumerate(zip(lines_got, lines_expected, strict=False), 1):
        if a != b:
            return f"line {number}: got {a[:160]!r}, expected {b[:160]!r}"
    return f"{len(lines_got)} lines, expected {len(lines_expected)}"


def closest(got: Tree, candidates: Mapping[str, Tree]) -> str:
    """How far ``got`` is from each named candidate, for a 'matches neither' message."""
    parts = []
    for name, tree in candidates.items():
        wrong = differences(got, tree, limit=3)
        changed = {p for p in got.keys() & tree.keys() if got[p] != tree[p]}
        count = len((got.keys() ^ tree.keys()) | changed)
        parts.append(f"vs the {name} site, {count} paths differ: " + "; ".join(wrong))
    return "\n".join(parts)


def site_paths(tree: Tree) -> set[str]:
    """Every file of a built site and every folder holding one, relative, POSIX style."""
    paths = set(tree)
    for path in tree:
        parts = path.split("/")[:-1]
        paths.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    return paths


_PATHLIKE = re.compile(r"[^\s'\"():,;]+")


def named_paths(message: str, paths: set[str]) -> list[str]:
    """The path-like words of ``message`` that end with one of ``paths`` (a site's
    files and folders): what an error says it could not write."""
    named = []
    for word in _PATHLIKE.findall(message):
        word = word.rstrip(".")
        if any(word == p or word.endswith("/" + p) for p in paths):
            named.append(word)
    return named


def internal_names(message: str, paths: set[str]) -> list[str]:
    """Path-like words ending in a numbered file (``/517``, ``file-3``) that is no path
    of the site: a build's private staging names, meaningless to an editor."""
    return [
        word
        for word in _PATHLIKE.findall(message)
        if "/" in word
        and re.fullmatch(r"(file-)?\d+", word.rstrip(".").rsplit("/", 1)[-1])
        and not named_paths(word, paths)
    ]


def error_lines(err: str) -> list[str]:
    """stderr without warnings and blank lines."""
    return [line for line in err.splitlines() if line.strip() and not line.startswith("warning:")]


def cache_listing(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file of the site's cache with its size and mtime."""
    folder = site_dir / CACHE_DIR
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cache_files_mentioning(site_dir: Path, text: str) -> list[str]:
    """Cache files whose bytes hold ``text`` (UTF-8), e.g. an output folder's path."""
    needle = text.encode("utf-8")
    folder = site_dir / CACHE_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and needle in p.read_bytes()
    )


# --------------------------------------------------------------------------- processes


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes of process group ``group``, read from /proc.

    A worker forked by a build started with ``start_new_session=True`` stays in the
    group whose id is the build's pid, even after the build itself is gone."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # ended meanwhile
            continue
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == group and state not in ("Z", "X"):
            members.append(int(entry))
    return sorted(members)


def survivors(group: int, grace_s: float) -> list[int]:
    """The group's processes still alive ``grace_s`` seconds from now (fewer: sooner)."""
    deadline = time.monotonic() + grace_s
    while True:
        alive = group_members(group)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


# --------------------------------------------------------------------------- tmpfs


def mount_tmpfs(folder: Path, size: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder))


def resize_tmpfs(folder: Path, size: int) -> None:
    _mount("-o", f"remount,size={size}", str(folder))


def unmount(folder: Path) -> None:
    done = subprocess.run(["umount", str(folder)], capture_output=True, timeout=60, check=False)
    if done.returncode != 0:  # still busy (a stray process): detach it at least
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=60, check=False)


def used_bytes(folder: Path) -> int:
    info = os.statvfs(folder)
    return (info.f_blocks - info.f_bfree) * info.f_frsize


def _mount(*args: str) -> None:
    mount = shutil.which("mount")
    assert mount, "these tests need mount(8)"
    done = subprocess.run([mount, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"mount {' '.join(args)} failed: {done.stderr}"
