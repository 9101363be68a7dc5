"""The build as one readable sequence; ``check`` and ``build`` differ only in the sink.

    load_config -> scan_sources -> read_sources (cached) -> cached_sites (the models)
    -> plan_search (its index then made in a process of its own: SearchStore.start)
    -> plan_pages (THE list of outputs) -> pictures -> decide_pages (keys) -> the
    index's files + static files -> check_outputs -> publish (rendered by the executor,
    into the sink) -> links -> sink.commit

Gather everything, then write: the sidebar, tags and archives need every story before
any page is rendered, and everything that can fail on content happens before the sink
publishes anything.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from markupsafe import Markup

from ..assets.pagefind_service import version as pagefind_version
from ..assets.pictures import plan_pictures
from ..assets.pictures_check import check_pictures, omitted_originals
from ..assets.search import plan_search
from ..assets.static import StaticFile, collect_static, static_sources
from ..check.links import find_broken_links, output_files
from ..config import SiteConfig, load_config
from ..content.models import Article
from ..content.reader import require_content_dir
from ..content.sources import SourceScan, scan_sources
from ..content.warnings import story_warnings
from ..errors import BuildFailed, SiteError
from ..model.schedule import next_change
from ..model.site import Site, Visibility
from ..model.translations import check_translations
from ..render.environment import CompiledTemplates, make_environment, template_digest
from ..render.seo import news_sitemap_change
from ..render.templates import render_template
from ..render.words import load_words
from .cache import Cache
from .clashes import check_outputs
from .folder import FolderSink, SpareLook
from .keys import Keyer
from .manifest import damaged_files, stat_rows, stat_table, stat_table_for, tree_identity
from .model_cache import cached_sites
from .parallel import PARALLEL_MIN, Executor, Pending, Tally, paused_gc
from .picture_store import PictureStore
from .publish import Outputs, Published, decide_pages, publish
from .read import read_sources
from .registry import SIDEBAR_TEMPLATE, plan_pages, sidebar_context
from .rendering import Fragment
from .replay import InputScan, Replay, Window, matching, recorded, recorded_for
from .search_store import SearchStore
from .sinks import MemorySink, Sink

Progress = Callable[[str, int, int], None]  # phase, done, total
Found = TypeVar("Found")
REPLAY_FORMAT = 2  # what _inputs digests: change it when that changes
SPOOL_DIR = "bodies"  # in the build's scratch folder: the read workers' bodies


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
    jobs: int = 0  # worker processes; 0: one per core for large steps
    parallel_min: int = PARALLEL_MIN  # fewer items than this: one process is faster

    @property
    def output(self) -> Path:
        return self.output_dir or self.site_dir / "public"


@dataclass(frozen=True)
class BuildReport:
    articles: int
    pages: int
    static_files: int
    seconds: float
    warnings: tuple[str, ...] = field(default=())
    skipped: tuple[str, ...] = ()  # files beside the stories or in static/ not published
    parsed: int = 0  # sources read afresh (the others came from the cache)
    rendered: int = 0
    spliced: int = 0  # pages whose only change was the sidebar
    kept: int = 0  # outputs left as they were
    processes: int = 1  # the most worker processes a step used
    phases: tuple[tuple[str, float], ...] = ()  # --profile: seconds per phase
    # When the site next changes by itself (a story goes live or expires), and how.
    next_change: tuple[dt.datetime, str] | None = None
    replayed: bool = False  # every input as the last build's: nothing was done again


def build(
    options: BuildOptions,
    write: bool = True,
    progress: Progress | None = None,
    keep: list[object] | None = None,
) -> BuildReport:
    """Build the site; with ``write=False`` (``parsite check``) into memory only.

    ``progress(phase, done, total)`` is called as work gets done, for a progress bar.
    ``keep``: a caller that ends its process soon after (the command line) passes a
    list, and everything the build made goes into it instead of being freed object
    by object as the build returns: 0.65 s of a body edit at 100,000 stories, where
    the system frees the process whole."""
    with paused_gc():
        return _build(options, write, progress, keep)


def _build(
    options: BuildOptions, write: bool, progress: Progress | None, keep: list[object] | None
) -> BuildReport:
    started = time.perf_counter()
    clock = _Clock()
    config = _load_config(options)
    cache = Cache.of(config.site_dir, config, options.cache, writable=write)
    executor = Executor(options.jobs, options.parallel_min)
    # The sink first: it takes the output folder's lock before anything is read.
    sink: Sink = (
        FolderSink(options.output, options.site_dir, cache.load_manifest, cache.spare)
        if write
        else MemorySink()
    )
    scratch = sink.scratch if isinstance(sink, FolderSink) else None
    pictures = PictureStore(cache, scratch)
    searches = SearchStore(cache, scratch)
    indexing: Pending[int] | None = None
    tree: Pending[frozenset[str] | None] | None = None
    spare: Pending[SpareLook | None] | None = None
    try:
        # The last build's report, and its tree looked at while the inputs are scanned
        last = _last_replay(sink, cache) if write and cache.enabled else None
        tree = _look_at_tree(sink, executor, cache, last) if last is not None else None
        visibility = _visibility(options, config)
        scan = scan_sources(config.content_dir)
        static, warnings, skipped = collect_static(static_sources(config, scan.listed))
        templates = template_digest(config)
        editions = config.editions
        words, word_warnings = load_words(config.site_dir, [e.code for e in editions])
        recording = write and cache.enabled
        inputs = (
            _inputs(options, cache, (templates, words), sink, scan, static, warnings, skipped)
            if recording
            else None
        )
        checked = None
        if inputs is not None and last is not None and isinstance(sink, FolderSink):
            checked = inputs.digest(last.hashed)
            if matching(last, checked, visibility.now) is not None:
                damaged = _found(tree)
                if damaged is not None and not damaged:
                    sink.unchanged()
                    if keep is not None:
                        keep.append(locals())
                    return _replayed(last, cache, started, executor.used)
        spare = _look_at_spare(sink, executor, last)
        looked_at = inputs.stats() if inputs is not None else None
        spool = scratch / SPOOL_DIR if scratch is not None else None
        sites, parsed, change, stories = _gather(
            config, visibility, scan.names, cache, executor, progress, clock, looked_at, spool
        )
        key_warnings = check_translations(stories, config)  # raises on a key used twice
        compiled = CompiledTemplates(cache.load_templates())
        env = make_environment(config, compiled)
        sidebars = [
            render_template(env, SIDEBAR_TEMPLATE, sidebar_context(s, words[s.edition.code]), "/")
            for s in sites
        ]
        # The first edition's sidebar is spliced into its pages (``build.rendering``);
        # another edition's is part of its pages' context, so their keys cover it.
        fragment = Fragment.of(sidebars[0])
        shown = [a for site in sites for a in site.articles]
        variants = plan_pictures(
            shown, static, config.picture_widths, pictures.folder, pictures.read
        )
        slots = [fragment.slot, *map(Markup, sidebars[1:])]
        search = plan_search(sites, pagefind_version(), variants.views) if config.search else None
        # The search index is made in a process of its own while the pages are planned
        # and keyed and the pictures made, which need nothing of it but its plan; its
        # files are listed once it is done.
        if search is not None and write:  # parsite check indexes nothing
            indexing = searches.start(search, sites, executor, _tally(progress, "search"))
        pages = plan_pages(sites, slots, words, variants.views, search.views if search else None)
        warnings[:0] = [*scan.warnings, *word_warnings]
        warnings += image_alt_warnings(shown)
        warnings += story_warnings(stories)  # every source's, shown or not
        warnings += key_warnings
        omit = config.large_originals == "omit"
        warnings += check_pictures(shown, static, config.site_dir, variants.infos, omit)
        if omit:
            left_out = omitted_originals(static, variants.infos)
            static = [item for item in static if str(item.path) not in left_out]
        clock.lap("plan")
        if write:  # a memory sink never reads a copied file: check encodes nothing
            pictures.encode(variants.jobs, executor, config.site_dir, _tally(progress, "resize"))
            clock.lap("pictures")
        keyer = Keyer(templates + cache.stamp) if recording else None
        # The look at the last tree, done by now, spares the deciding a look at each file
        decided = decide_pages(pages, keyer, fragment, sink, executor, _found(tree))
        clock.lap("keys")
        indexed = []
        if search is not None:
            if indexing is not None:
                indexing.result()
            indexed = searches.files(search)
            clock.lap("search (the rest)")  # the listing of its files too
        # The variants and the search index join the static files: one list of outputs
        # covers them too.
        static = [*static, *variants.files, *indexed]
        outputs = Outputs(pages, static, check_outputs(pages, static))
        done = publish(outputs, decided, env, fragment, sink, executor, _tally(progress, "render"))
        clock.lap("render and write")
        _check(options, config, sink, warnings, done)
        replay = None
        if inputs is not None and inputs.complete:
            hashed = inputs.racy()
            window = Window(visibility.now, _window_end(sites, change))
            # The digest this build checked the last replay with, if it hashed the same files
            same = checked is not None and last is not None and last.hashed == hashed
            replay = Replay(
                checked if same and checked else inputs.digest(hashed),
                hashed,
                window,
                len(shown),
                len(pages),
                len(static),
                tuple(warnings),
                tuple(skipped),
                change,
            )
        if done.changed:
            manifest = sink.commit(fragment.text, done.entries, done.sources)
            if manifest is not None and isinstance(sink, FolderSink):
                cache.save_manifest(sink.target, manifest)
                cache.save_stat_table(sink.target, stat_table(manifest))
                cache.save_replay(sink.target, recorded(manifest.identity, replay))
        else:
            sink.unchanged()
            previous = sink.previous
            if isinstance(sink, FolderSink) and previous is not None and last != replay:
                cache.save_replay(sink.target, recorded(previous.identity, replay))
                # The same tree: its table, kept when it was switched in, holds, unless
                # that was by a parsite that kept none
                cache.save_stat_table(sink.target, stat_table(previous))
        if spare is not None:
            spare.cancel()  # not needed if nothing was kept from the spare
        cache.prune_manifests()
        if compiled.changed:
            cache.save_templates(compiled.code)
        pictures.save(variants)
        if search is not None:
            searches.save(search)
        clock.lap("publish")
        if keep is not None:
            keep.append(locals())
    except BaseException:
        for step in (tree, indexing, spare):
            if step is not None:
                # The build's own error is the one to report, not a failure to end a step
                with contextlib.suppress(Exception):
                    step.cancel()
        sink.abort()
        raise
    return BuildReport(
        articles=len(shown),
        pages=len(pages),
        static_files=len(static),
        seconds=time.perf_counter() - started,
        warnings=(*warnings, *cache.problems),
        skipped=tuple(skipped),
        parsed=parsed,
        rendered=done.rendered,
        spliced=done.spliced,
        kept=done.kept,
        processes=executor.used,
        phases=(*clock.laps, ("render (cpu)", done.render_seconds)),
        next_change=change,
    )


def _gather(
    config: SiteConfig,
    visibility: Visibility,
    paths: Sequence[str],
    cache: Cache,
    executor: Executor,
    progress: Progress | None,
    clock: _Clock,
    looked_at: Mapping[str, os.stat_result | None] | None,
    spool: Path | None,
) -> tuple[tuple[Site, ...], int, tuple[dt.datetime, str] | None, tuple[Article, ...]]:
    """Sources (through the cache, in parallel; workers leave the bodies in ``spool``),
    the model of each edition (through the cache) and the next change."""
    read = read_sources(config, paths, cache, executor, _tally(progress, "read"), looked_at, spool)
    clock.lap("read")
    clock.laps.append(("markdown (cpu)", read.markdown_seconds))
    sites, kept = cached_sites(config, read.articles, read.digests, visibility, cache)
    reused = all(kept)
    clock.lap("model (reused)" if reused else "model")
    return sites, read.parsed, next_change(read.articles, visibility), read.articles


def _inputs(
    options: BuildOptions,
    cache: Cache,
    theme: object,
    sink: Sink,
    scan: SourceScan,
    static: Sequence[StaticFile],
    warnings: Sequence[str],
    skipped: Sequence[str],
) -> InputScan:
    """Everything this build reads, for ``replay``: what else could make it differ."""
    parts = (
        REPLAY_FORMAT,
        cache.stamp,
        theme,  # the templates' digest and the interface words
        str(sink.live_dir),
        (options.drafts, options.future, options.expired, options.strict, options.links),
        scan.warnings,
        tuple(warnings),
        tuple(skipped),
        tuple(str(item.path) for item in static),
    )
    return InputScan(parts, scan.names, (item.source for item in static))


def _last_replay(sink: Sink, cache: Cache) -> Replay | None:
    """What the last build of the tree now in the output folder reported, if it left
    a replay of itself."""
    if not isinstance(sink, FolderSink):
        return None
    return recorded_for(cache.load_replay(sink.target), tree_identity(sink.target))


def _look_at_tree(
    sink: Sink, executor: Executor, cache: Cache, last: Replay
) -> Pending[frozenset[str] | None] | None:
    """The files of the tree the last build wrote that are no longer as its manifest
    says (None: no manifest describes the tree), looked at in a process of its own while
    this one scans the inputs. At 100,000 stories that is some 0.6 s of ``stat`` calls,
    more than scanning the inputs. The stat of each file is read from the table kept
    beside the manifest (``StatTable``), or else from the manifest, which takes 0.2 s
    more to load and which a build that replays the last one does not need. A build
    that does not replay decides its pages with what it found, and looks at no file
    again."""
    if not isinstance(sink, FolderSink):
        return None
    live = sink.target

    def work(_: Sequence[int], report: object) -> frozenset[str] | None:
        table = stat_table_for(cache.load_stat_table(live), live)
        if table is not None:
            return damaged_files(table.rows(), live)
        previous = sink.previous
        return None if previous is None else damaged_files(stat_rows(previous.files.items()), live)

    # The tree's files are counted by the replay: the threshold's items, not the work's
    return executor.start(work, range(last.pages + last.static_files), lazily=True)


def _look_at_spare(
    sink: Sink, executor: Executor, last: Replay | None
) -> Pending[SpareLook | None] | None:
    """The spare tree looked at in a process of its own while this one reads and plans,
    and given to the sink, which would otherwise look at each file it keeps from the
    spare as it keeps it. Not in this process: there it would cost just as much."""
    if not isinstance(sink, FolderSink) or last is None or not sink.has_spare:
        return None
    count = last.pages + last.static_files
    if executor.workers(count) < 2:
        return None

    def work(_: Sequence[int], report: object) -> SpareLook | None:
        return sink.look_at_spare()

    pending = executor.start(work, range(count), lazily=True)
    sink.trust_spare(lambda: _found(pending))
    return pending


def _found(look: Pending[Found | None] | None) -> Found | None:
    """What a look (at the last tree, at the spare) found; None if there was none or
    its process died (killed, out of memory): then each file is looked at as it is
    used, deciding a page or keeping a file."""
    if look is None:
        return None
    try:
        return look.result()
    except SiteError:
        return None


def _replayed(last: Replay, cache: Cache, started: float, processes: int) -> BuildReport:
    """The last build's report again: this build has its inputs, its output is intact."""
    cache.prune_manifests()  # another output folder's may be gone
    return BuildReport(
        articles=last.articles,
        pages=last.pages,
        static_files=last.static_files,
        seconds=time.perf_counter() - started,
        warnings=(*last.warnings, *cache.problems),
        skipped=last.skipped,
        kept=last.pages + last.static_files,
        processes=processes,
        phases=(("replay", time.perf_counter() - started),),
        next_change=last.next_change,
        replayed=True,
    )


def _window_end(
    sites: Sequence[Site], change: tuple[dt.datetime, str] | None
) -> dt.datetime | None:
    """The first instant at which the clock alone changes this build's output."""
    news = [news_sitemap_change(site.articles, site.now) for site in sites]
    ends = [m for m in (change and change[0], *news) if m]
    return min(ends, default=None)


def _load_config(options: BuildOptions) -> SiteConfig:
    """The configuration, once the site folder is known to hold stories, with the folder
    made absolute: templates are given it, so pages' keys cover it, and ``.``, ``site``
    and ``/srv/site`` are one folder, whose pages a build through another of them keeps
    (messages show paths relative to the site folder either way)."""
    config = load_config(options.site_dir)
    require_content_dir(config)  # names the folder as it was given
    return dataclasses.replace(config, site_dir=Path(os.path.abspath(options.site_dir)))


def _visibility(options: BuildOptions, config: SiteConfig) -> Visibility:
    now = options.now or dt.datetime.now(config.tz)
    return Visibility(now, options.drafts, options.future, options.expired)


def read_stories(
    options: BuildOptions,
) -> tuple[tuple[Article, ...], Visibility, tuple[str, ...]]:
    """Every story exactly as a build reads it (its content errors alike), through a
    read-only cache, the build's visibility and the warnings about the stories: for
    ``parsite list`` and ``build --next-change``, which write nothing."""
    config = _load_config(options)
    cache = Cache.of(config.site_dir, config, enabled=options.cache, writable=False)
    executor = Executor(options.jobs, options.parallel_min)
    scan = scan_sources(config.content_dir)
    read = read_sources(config, scan.names, cache, executor)
    warnings = (
        *scan.warnings,
        *story_warnings(read.articles),
        *check_translations(read.articles, config),
    )
    return read.articles, _visibility(options, config), warnings


def _check(
    options: BuildOptions, config: SiteConfig, sink: Sink, warnings: list[str], done: Published
) -> None:
    """``--strict``: warnings and broken links fail the build; ``--links``: broken links
    do. Checked on what the sink holds, before it publishes anything."""
    errors: list[SiteError] = []
    if options.strict:
        errors += [SiteError(f"{w} [an error with --strict]") for w in warnings]
    if options.strict or options.links:
        files = output_files((_pure(path), data) for path, data in _sink_files(sink, done))
        errors += find_broken_links(files, config.site_url)
    if errors:
        raise BuildFailed(errors)


def _sink_files(sink: Sink, done: Published) -> Iterable[tuple[str, bytes | None]]:
    if done.changed or sink.live_dir is None:
        return sink.files()
    live = sink.live_dir  # nothing changed: the live tree is what would be published
    return (
        (path, (live / path).read_bytes() if path.endswith(".html") else None)
        for path in sorted(str(p.relative_to(live)) for p in live.rglob("*") if p.is_file())
    )


def _pure(path: str) -> PurePosixPath:
    return PurePosixPath(path)


def image_alt_warnings(articles: Iterable[Article]) -> list[str]:
    """A picture without a description is invisible to screen-reader users."""
    return [
        f"{a.source}: 'image' has no 'image_alt' (add image_alt: a short description of "
        "the picture, read out to screen-reader users)"
        for a in articles
        if a.image and not a.image_alt.strip()
    ]


class _Clock:
    """Wall time of consecutive phases, for ``--profile``."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self._last))
        self._last = now


def _tally(progress: Progress | None, phase: str) -> Tally | None:
    if progress is None:
        return None
    return lambda done, total: progress(phase, done, total)
