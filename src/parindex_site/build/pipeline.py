"""The whole pipeline in one readable sequence: read -> model -> site -> render -> write."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import cache_dir, stamp
from ..config import SiteConfig, load_config
from ..content.models import Article
from ..content.reader import find_source_names
from ..errors import BuildFailed, SiteError
from .read import read_sources
from .incremental import Publish, publish
from ..check.links import find_broken_links, output_files
from .model_cache import cached_site
from .output import (
    StaticFile,
    StaticSource,
    check_output_dir,
    check_static_collisions,
    collect_static,
    write_site,
)
from .parallel import Tally, cpu_count, paused_gc
from ..render.pages import Page, make_environment, render_site
from ..model.site import Site, Visibility
from ..render.theme import theme_dir

PARALLEL_MIN = 400
Progress = Callable[[str, int, int], None]  # phase, done, total


@dataclass(frozen=True)
class BuildOptions:
    """How to build, as the command line asked. ``now`` is fixed once per build."""

    site_dir: Path
    output_dir: Path | None = None
    drafts: bool = False
    future: bool = False
    expired: bool = False
    now: dt.datetime | None = None
    strict: bool = False  # warnings and broken links fail the build
    links: bool = False  # check every internal link of the rendered pages
    cache: bool = True  # False: ignore and do not write .parsite-cache/ (--no-cache)
    jobs: int = 0  # worker processes; 0: one per core
    parallel_min: int = PARALLEL_MIN  # fewer items than this: one process is faster

    @property
    def output(self) -> Path:
        return self.output_dir or self.site_dir / "public"

    def workers(self, items: int) -> int:
        return 1 if items < self.parallel_min else (self.jobs or cpu_count())


@dataclass(frozen=True)
class BuildReport:
    articles: int
    pages: int
    static_files: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())
    parsed: int = 0  # sources read afresh (the others came from the cache)
    rendered: int = 0
    spliced: int = 0  # pages whose only change was the sidebar
    kept: int = 0  # pages left as they were
    phases: tuple[tuple[str, float], ...] = ()  # --profile: seconds per phase


@dataclass(frozen=True)
class Gathered:
    """The read phase's result: the site model and each source's digest."""

    config: SiteConfig
    site: Site
    digests: dict[str, str]
    parsed: int
    phases: tuple[tuple[str, float], ...]


def gather(options: BuildOptions, progress: Progress | None = None, save: bool = True) -> Gathered:
    """Config, sources (through the cache, in parallel) and the site model; ``save=False``
    leaves the cache as it is (``check`` writes nothing)."""
    clock = _Clock()
    config = load_config(options.site_dir)
    now = options.now or dt.datetime.now(config.tz)
    visibility = Visibility(now, options.drafts, options.future, options.expired)
    paths = find_source_names(config.content_dir)
    cache = cache_dir(options.site_dir) if options.cache else None
    report = _phase_progress(progress, "read")
    workers = options.workers(len(paths))
    stamp_value = stamp(config)
    read = read_sources(config, paths, cache, stamp_value, workers, report, save)
    clock.lap("read")
    site, reused = cached_site(
        config, read.articles, read.digests, visibility, cache, stamp_value, save
    )
    clock.lap("model (reused)" if reused else "model")
    phases = (*clock.laps, ("markdown (cpu)", read.markdown_seconds))
    return Gathered(config, site, read.digests, read.parsed, phases)


def build(
    options: BuildOptions, write: bool = True, progress: Progress | None = None
) -> BuildReport:
    """Build the site; with ``write=False`` (``parsite check``) stop before the output.

    ``progress(phase, done, total)`` is called as work gets done, for a progress bar."""
    with paused_gc():
        return _build(options, write, progress)


def _build(options: BuildOptions, write: bool, progress: Progress | None) -> BuildReport:
    started = time.perf_counter()
    if write:
        check_output_dir(options.output, options.site_dir)
    if not write or options.strict or options.links:
        return _build_in_memory(options, write, started)
    gathered = gather(options, progress)
    config, site = gathered.config, gathered.site
    static, warnings = _static_and_warnings(config, site)
    clock = _Clock()
    done = publish(_publish_job(options, gathered, static), _phase_progress(progress, "render"))
    clock.lap("render and write")
    return BuildReport(
        articles=len(site.articles),
        pages=done.pages,
        static_files=len(static),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        parsed=gathered.parsed,
        rendered=done.rendered,
        spliced=done.spliced,
        kept=done.kept,
        phases=(
            *gathered.phases,
            *clock.laps,
            ("render (cpu)", done.render_seconds),
            ("write (cpu)", done.write_seconds),
        ),
    )


def _publish_job(
    options: BuildOptions, gathered: Gathered, static: Sequence[StaticFile]
) -> Publish:
    config = gathered.config
    return Publish(
        site=gathered.site,
        env=make_environment(config, theme_dir()),
        digests=gathered.digests,
        static=static,
        output_dir=options.output,
        cache=cache_dir(options.site_dir) if options.cache else None,
        stamp=stamp(config),
        workers=options.workers,
    )


def _build_in_memory(options: BuildOptions, write: bool, started: float) -> BuildReport:
    """``check``, ``--strict`` and ``--links``: every page in memory, then written at once."""
    gathered = gather(options, save=write)
    config, site = gathered.config, gathered.site
    clock = _Clock()
    pages = render_site(site, make_environment(config, theme_dir()))
    clock.lap("render")
    static, warnings = _static_and_warnings(config, site)
    check_static_collisions((page.url for page in pages), static)
    _check_strict(options, config, pages, static, warnings)
    if write:
        write_site(pages, static, options.output)
        clock.lap("check and write")
    return BuildReport(
        articles=len(site.articles),
        pages=len(pages),
        static_files=len(static),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        parsed=gathered.parsed,
        rendered=len(pages),
        phases=(*gathered.phases, *clock.laps),
    )


def _static_and_warnings(config: SiteConfig, site: Site) -> tuple[list[StaticFile], list[str]]:
    """The files copied as they are, and the warnings of both build paths."""
    static, warnings = collect_static(static_sources(config))
    return static, warnings + image_alt_warnings(site.articles)


def static_sources(config: SiteConfig) -> list[Path | StaticSource]:
    """Copied as they are, later folders winning: the theme, the files beside the stories
    in ``content/`` (their pictures and documents, as in Pelican), the site's ``static/``."""
    beside_stories = StaticSource(config.content_dir, skip_suffixes=(".md", ".swp", "~"))
    return [theme_dir() / "static", beside_stories, config.static_dir]


class _Clock:
    """Wall time of consecutive phases, for ``--profile``."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self._last))
        self._last = now


def _phase_progress(progress: Progress | None, phase: str) -> Tally | None:
    if progress is None:
        return None
    return lambda done, total: progress(phase, done, total)


def image_alt_warnings(articles: Iterable[Article]) -> list[str]:
    """A picture without a description is invisible to screen-reader users."""
    return [
        f"{a.source}: 'image' has no 'image_alt' (add image_alt: a short description of "
        "the picture, read out to screen-reader users)"
        for a in articles
        if a.image and not a.image_alt.strip()
    ]


def _check_strict(
    options: BuildOptions,
    config: SiteConfig,
    pages: Sequence[Page],
    static: Sequence[StaticFile],
    warnings: Sequence[str],
) -> None:
    """``--strict``: warnings and broken links fail the build; ``links``: broken links do."""
    errors: list[SiteError] = []
    if options.strict:
        errors += [SiteError(f"{w} [an error with --strict]") for w in warnings]
    if options.strict or options.links:
        files = output_files(
            [*((p.path, p.data) for p in pages), *((f.path, None) for f in static)]
        )
        errors += find_broken_links(files, config.site_url)
    if errors:
        raise BuildFailed(errors)
