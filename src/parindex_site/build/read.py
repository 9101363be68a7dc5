"""The read phase at scale: sources -> articles, from the cache where it can, else in parallel.

A source is parsed again only if its bytes changed (sha256). To avoid hashing 10,000
unchanged files on every build, a file whose size, mtime and inode are those recorded
with its digest is taken as unchanged (``cache.still_hashed``). Parsing runs in forked
workers, each with its own Markdown instance; results come back in sorted-path order
and every content error is still collected.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..config import SiteConfig
from ..content.fields import FileErrors
from ..content.markdown import MarkdownRenderer
from ..content.models import Article, Term, with_fields
from ..content.reader import read_article
from ..errors import BuildFailed, ContentError, SiteError
from ..model.site import with_urls
from .cache import Cache, Entry, Stat, still_hashed
from .keys import made_from
from .parallel import Executor, Progress, Tally, unsplit
from .spool import Place, Spool, attach

PROGRESS_STEP = 50
# One worker's stories (digest, story, the body's place in its spool or None), or
# errors; its Markdown seconds; its spool file's name
_Parsed = tuple[list[tuple[str, Article, Place | None] | SiteError], float, str | None]


class Source(NamedTuple):  # not a frozen dataclass: every build makes 10,000
    key: str  # the path relative to the content folder, POSIX style
    name: str  # the path as find_source_names gave it
    stat: Stat

    @property
    def path(self) -> Path:
        return Path(self.name)


@dataclass(frozen=True)
class ReadResult:
    """Articles in sorted-path order, each source's digest, and where the time went."""

    articles: tuple[Article, ...]
    digests: dict[str, str]  # by Article.source
    parsed: int
    markdown_seconds: float


class _TimedRenderer(MarkdownRenderer):
    """Counts the seconds spent in Python-Markdown, for ``--profile``."""

    seconds = 0.0

    def render(self, source: str) -> str:
        started = time.perf_counter()
        try:
            return super().render(source)
        finally:
            self.seconds += time.perf_counter() - started


def read_sources(
    config: SiteConfig,
    paths: Sequence[str],
    cache: Cache,
    executor: Executor,
    progress: Tally | None = None,
    looked_at: Mapping[str, os.stat_result | None] | None = None,
    spool: Path | None = None,
) -> ReadResult:
    """Every source as an Article, through ``cache`` (which may be off or read-only).

    ``looked_at`` holds the stat of each source taken earlier in this build (the
    replay's ``InputScan``): the file is looked at once, and the replay digest and the
    read see the same stat. ``spool``: a folder of the build's own where worker
    processes leave the bodies they parse (``build.spool``); None: they send them."""
    content_dir = str(config.content_dir)
    stats = looked_at or {}
    sources = [_source(content_dir, path, stats.get(path)) for path in paths]
    known = cache.load_entries()
    now = time.time_ns()
    entries: dict[str, Entry] = {}
    todo: list[tuple[Source, str, bytes | None]] = []
    for source in sources:
        entry = known.get(source.key)
        if entry is None:
            todo.append((source, "", None))  # new: the worker that parses it hashes it
            continue
        if _unchanged(entry, source):
            entries[source.key] = entry
            continue
        digest, data = _digest(source)
        if entry.digest == digest:
            entries[source.key] = Entry(digest, source.stat, now, entry.article)
        else:
            todo.append((source, digest, data))
    parsed, seconds = _parse(config, cache.stamp, todo, executor, progress, spool)
    saving = cache.enabled and cache.writable
    terms: dict[Term, Term] = {}
    for (source, _, _), (digest, article) in zip(todo, parsed, strict=True):
        # Shared terms only matter to the cache's pickles: without one, skip the copies.
        shared = _shared_terms(article, terms) if saving else article
        entries[source.key] = Entry(digest, source.stat, now, shared)
    if saving:
        _save(cache, entries, known)
    ordered = [entries[source.key] for source in sources]
    return ReadResult(
        articles=tuple(e.article for e in ordered),
        digests={e.article.source: e.digest for e in ordered},
        parsed=len(todo),
        markdown_seconds=seconds,
    )


def _save(cache: Cache, entries: dict[str, Entry], known: dict[str, Entry]) -> None:
    """Rewrite the shards of the sources added, changed or deleted since the last build."""
    changed = {key for key in entries if known.get(key) is not entries[key]}
    cache.save_entries(entries, changed | (known.keys() - entries.keys()))


def _shared_terms(article: Article, terms: dict[Term, Term]) -> Article:
    """The article with one object for each equal category or tag across the build: the
    cache pickles a shared object once per shard, so a warm build unpickles 10,000
    stories' terms as a few dozen objects instead of 40,000."""
    category = terms.setdefault(article.category, article.category)
    tags = tuple(terms.setdefault(tag, tag) for tag in article.tags)
    same = all(a is b for a, b in zip(tags, article.tags, strict=True))
    if category is article.category and same:
        return article
    return with_fields(article, category=category, tags=tags)


def _source(content_dir: str, name: str, info: os.stat_result | None) -> Source:
    if info is None:
        try:
            info = os.stat(name)
        except OSError as exc:
            raise ContentError(Path(name), f"cannot read the file: {exc.strerror}") from None
    # find_source_names gives paths below content_dir: the key is the rest, POSIX style.
    key = name[len(content_dir) :].lstrip(os.sep).replace(os.sep, "/")
    return Source(key, name, (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns))


def _unchanged(entry: Entry, source: Source) -> bool:
    return still_hashed(source.stat, entry.stat, entry.recorded_ns)


def _digest(source: Source) -> tuple[str, bytes | None]:
    try:
        data = source.path.read_bytes()
    except OSError:
        return "", None  # parsing reads it again and reports the error with the file's name
    return hashlib.sha256(data).hexdigest(), data


def _parse(
    config: SiteConfig,
    stamp: str,
    todo: Sequence[tuple[Source, str, bytes | None]],
    executor: Executor,
    progress: Tally | None,
    spool: Path | None,
) -> tuple[list[tuple[str, Article]], float]:
    """Each source's digest and article, parsed by the executor's workers; raise every
    content error of every worker at once. A source given without its digest and bytes
    is read and hashed here, in the workers, so a cold build does not read every file
    twice, once of them in a single process. Workers leave the bodies in ``spool``."""
    if not todo:
        return [], 0.0  # not even a Markdown instance: making one costs 50 ms
    # In this process (one worker) a body is where it would be read back to anyway.
    spooled = spool if executor.workers(len(todo)) > 1 else None

    def work(part: Sequence[tuple[Source, str, bytes | None]], report: Progress) -> _Parsed:
        renderer = _TimedRenderer()
        bodies = Spool(spooled) if spooled is not None else None
        outcomes: list[tuple[str, Article, Place | None] | SiteError] = []  # one per source
        for index, (source, known_digest, known_data) in enumerate(part, 1):
            digest, data = (known_digest, known_data) if known_digest else _digest(source)
            try:
                article = with_urls(config, read_article(source.path, config, renderer, data))
                article = made_from(article, stamp, article.source, digest)
                article, place = bodies.hold(article) if bodies is not None else (article, None)
                outcomes.append((digest, article, place))
            except SiteError as exc:
                outcomes.append(exc)
            if index % PROGRESS_STEP == 0:
                report(PROGRESS_STEP)
        report(len(part) % PROGRESS_STEP)
        return outcomes, renderer.seconds, bodies.close() if bodies is not None else None

    results = executor.run(work, todo, progress)
    for outcomes, _, spool_file in results:
        if spool_file is not None:
            attach(spool_file, _spooled(outcomes))
    merged = unsplit([outcomes for outcomes, _, _ in results])
    errors: list[SiteError] = []
    for item in merged:  # a file's several errors count one by one
        if isinstance(item, FileErrors):
            errors.extend(item.errors)
        elif isinstance(item, SiteError):
            errors.append(item)
    if errors:
        raise BuildFailed(errors)
    parsed = [(item[0], item[1]) for item in merged if not isinstance(item, SiteError)]
    return parsed, sum(seconds for _, seconds, _ in results)


def _spooled(
    outcomes: Sequence[tuple[str, Article, Place | None] | SiteError],
) -> Iterator[tuple[Article, Place]]:
    for item in outcomes:
        if not isinstance(item, SiteError) and item[2] is not None:
            yield item[1], item[2]
