"""Writing a built site: in full into a fresh folder, or only what changed since last time.

A full build renders every page into a staging folder and swaps it in (``output``). An
incremental build -- when the cache holds the manifest of the last build into this very
output folder -- renders or splices only the pages whose inputs changed (``plan``) into a
flat staging folder, then moves each over its old file and deletes the pages that are
gone. Everything that can fail on content or templates happens before the output is
touched; the manifest is forgotten before the moves and written again after them.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from .cache import Stat, file_stat, load_value, save_value, still_hashed
from .extras import extra_keys
from .output import (
    StaticFile,
    check_static_collisions,
    commit_changes,
    copy_static,
    flat_staging,
    staged_output,
    write_file,
)
from .parallel import Tally
from .plan import (
    KEEP,
    MANIFEST_FORMAT,
    RENDER,
    SPLICE,
    Manifest,
    PageJob,
    decide,
    digest,
    output_identity,
    plan_pages,
    site_digest,
    template_digest,
)
from ..render.pages import Page, render_extras
from ..model.site import Site
from .stream import ShellRenderer, StreamReport, Target, write_pages
from ..render.theme import theme_dir
from ..model.urls import output_key


@dataclass(frozen=True)
class Publish:
    """What to write and where: ``cache`` is the cache folder (None: ``--no-cache``)."""

    site: Site
    env: jinja2.Environment
    digests: dict[str, str]
    static: Sequence[StaticFile]
    output_dir: Path
    cache: Path | None
    stamp: str
    workers: Callable[[int], int]  # how many processes for this many pages


@dataclass(frozen=True)
class PublishReport:
    pages: int
    rendered: int
    spliced: int
    kept: int
    render_seconds: float
    write_seconds: float


def publish(job: Publish, progress: Tally | None = None) -> PublishReport:
    """Render and write the site; incrementally when the last build's manifest allows."""
    config = job.site.config
    shells = ShellRenderer(job.site, job.env)
    templates = template_digest([config.templates_dir, theme_dir() / "templates"])
    site_key = site_digest(config, job.site, templates)
    jobs = plan_pages(job.site, job.digests, site_key)
    keys = extra_keys(job.site, job.digests, site_key, shells.sidebar_text)
    manifest = _load_manifest(job)
    unchanged = _unchanged_extras(keys, manifest)
    extras = _render_extras(job, shells, keys, unchanged)
    check_static_collisions([*(j.url for j in jobs), *keys], job.static)
    if manifest is None:
        streamed = _write_full(job, shells, jobs, extras, progress)
        # The files' digests only go into the manifest: without a cache, no need to hash.
        files = _file_digests(job.static, extras, None) if job.cache is not None else _NONE
        decided: Sequence[PageJob] = jobs
    else:
        decided = decide(jobs, manifest, shells.sidebar_text)
        extras_done = (extras, unchanged)
        streamed, files = _write_changes(job, shells, decided, extras_done, manifest, progress)
    if job.cache is not None:
        _save_manifest(job, shells, decided, streamed, (files, keys), manifest)
    actions = [j.action for j in decided]
    return PublishReport(
        pages=len(jobs) + len(keys),
        rendered=actions.count(RENDER) + len(extras),
        spliced=actions.count(SPLICE),
        kept=actions.count(KEEP) + len(keys) - len(extras),
        render_seconds=streamed.render_seconds,
        write_seconds=streamed.write_seconds,
    )


def _render_extras(
    job: Publish, shells: ShellRenderer, keys: dict[str, str], unchanged: dict[str, str]
) -> list[Page]:
    """The extra pages whose inputs changed since the last build (all without one)."""
    kept = {url for url in keys if output_key(url) in unchanged}
    pages = render_extras(job.site, shells.renderer, kept)
    return [Page(p.url, shells.finish(p)[0]) for p in pages]


def _unchanged_extras(keys: dict[str, str], manifest: Manifest | None) -> dict[str, str]:
    """Output file -> digest of the extras that the last build wrote with these keys."""
    if manifest is None:
        return {}
    kept = {}
    for url, key in keys.items():
        name = output_key(url)
        if manifest.extras.get(url) == key and name in manifest.files:
            kept[name] = manifest.files[name]
    return kept


def _write_full(
    job: Publish,
    shells: ShellRenderer,
    jobs: Sequence[PageJob],
    extras: Sequence[Page],
    progress: Tally | None,
) -> StreamReport:
    with staged_output(job.output_dir) as staging:
        made: set[Path] = set()
        copy_static(staging, job.static, made)
        numbered = list(enumerate(jobs))
        target = Target(staging, flat=False)
        streamed = write_pages(job.site, shells, numbered, target, job.workers(len(jobs)), progress)
        for page in extras:
            write_file(staging, page.path, page.data, made)
    return streamed


def _write_changes(
    job: Publish,
    shells: ShellRenderer,
    decided: Sequence[PageJob],
    extras_done: tuple[Sequence[Page], dict[str, str]],
    manifest: Manifest,
    progress: Tally | None,
) -> tuple[StreamReport, _Files]:
    """``extras_done``: the extras rendered, and the files of those left as they are."""
    extras, unchanged = extras_done
    with flat_staging(job.output_dir) as staging:
        todo = [(n, j) for n, j in enumerate(decided) if j.action != KEEP]
        counts = {url: count for url, (_, count) in manifest.pages.items()}
        old_sidebar = manifest.sidebar.encode("utf-8")
        target = Target(staging, True, job.output_dir, old_sidebar, counts)
        streamed = write_pages(job.site, shells, todo, target, job.workers(len(todo)), progress)
        files = _file_digests(job.static, extras, manifest)
        files.digests.update(unchanged)
        moves = [(w.staged, output_key(w.url)) for w in streamed.written]
        moves += _stage_files(job, extras, files.digests, manifest, staging)
    gone = _gone(decided, files.digests, manifest)
    _forget_manifest(job)
    commit_changes(job.output_dir, staging, moves, gone)
    return streamed, files


def _gone(
    decided: Sequence[PageJob], files: dict[str, str], manifest: Manifest
) -> list[PurePosixPath]:
    """The files of the last build that this one does not write, in path order.

    Usually none: only URLs that are no longer pages are mapped to files (two URLs may
    name one file, so a candidate is checked against every file this build keeps)."""
    urls = {j.url for j in decided}
    candidates = {output_key(url) for url in manifest.pages if url not in urls}
    candidates |= manifest.files.keys() - files.keys()
    if not candidates:
        return []
    kept = {output_key(j.url) for j in decided} | files.keys()
    return [PurePosixPath(path) for path in sorted(candidates - kept)]


def _stage_files(
    job: Publish,
    extras: Sequence[Page],
    files: dict[str, str],
    manifest: Manifest,
    staging: Path,
) -> list[tuple[str, str]]:
    """Stage the indexes, feeds and static files whose bytes changed since the last build."""
    sources = {str(p.path): p for p in extras}
    statics = {str(s.path): s for s in job.static}
    moves = []
    for index, (name, value) in enumerate(sorted(files.items())):
        if manifest.files.get(name) == value:
            continue
        staged = f"file-{index}"
        if name in sources:
            (staging / staged).write_bytes(sources[name].data)
        else:
            shutil.copyfile(statics[name].source, staging / staged)
        moves.append((staged, name))
    return moves


@dataclass(frozen=True)
class _Files:
    """Every output file that is not a page, by path: its digest; and, for each static
    file, its source and stat when hashed at ``recorded_ns`` (see ``Manifest``)."""

    digests: dict[str, str]
    static: dict[str, tuple[str, Stat]]
    recorded_ns: int


_NONE = _Files({}, {}, 0)


def _file_digests(
    static: Sequence[StaticFile], extras: Sequence[Page], previous: Manifest | None
) -> _Files:
    """Digests of the static files and the extras rendered. A static file whose source
    and stat are those of the last build keeps its digest: it is not read again."""
    recorded_ns = time.time_ns()  # before any stat: a later edit is always seen
    old = previous.static if previous is not None else {}
    digests: dict[str, str] = {}
    stats: dict[str, tuple[str, Stat]] = {}
    for item in static:
        name, source = str(item.path), str(item.source)
        stat = file_stat(source)
        before = old.get(name)
        if (
            previous is not None
            and before is not None
            and before[0] == source
            and name in previous.files
            and still_hashed(stat, before[1], previous.recorded_ns)
        ):
            digests[name] = previous.files[name]
        else:
            digests[name] = hashlib.sha256(item.source.read_bytes()).hexdigest()
        stats[name] = (source, stat)
    digests.update({str(p.path): hashlib.sha256(p.data).hexdigest() for p in extras})
    return _Files(digests, stats, recorded_ns)


def _manifest_path(job: Publish) -> Path:
    assert job.cache is not None
    return job.cache / f"output-{digest(str(job.output_dir.resolve()))}.pickle"


def _load_manifest(job: Publish) -> Manifest | None:
    if job.cache is None:
        return None
    value = load_value(_manifest_path(job), job.stamp)
    if not isinstance(value, Manifest) or value.format != MANIFEST_FORMAT:
        return None
    if not (job.output_dir / "index.html").is_file():
        return None
    if value.identity != output_identity(job.output_dir):
        return None  # another folder stands there now: build it in full
    return value


def _forget_manifest(job: Publish) -> None:
    if job.cache is not None:
        _manifest_path(job).unlink(missing_ok=True)


def _save_manifest(
    job: Publish,
    shells: ShellRenderer,
    decided: Sequence[PageJob],
    streamed: StreamReport,
    outputs: tuple[_Files, dict[str, str]],
    previous: Manifest | None,
) -> None:
    """``outputs``: every other output file, and every extra page's key."""
    files, extras = outputs
    counts = {w.url: w.sidebar_count for w in streamed.written}
    old = previous.pages if previous is not None else {}
    pages = {j.url: (j.key, counts[j.url] if j.url in counts else old[j.url][1]) for j in decided}
    manifest = Manifest(
        identity=output_identity(job.output_dir),
        sidebar=shells.sidebar_text,
        pages=pages,
        files=files.digests,
        extras=extras,
        static=files.static,
        recorded_ns=files.recorded_ns,
    )
    save_value(_manifest_path(job), job.stamp, manifest)
