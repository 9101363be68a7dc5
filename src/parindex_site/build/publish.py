"""Every output of the registry handed to the sink: kept, spliced, rendered or copied.

The same code for every build: a build with no trustworthy manifest (the first, a
``--no-cache`` one, ``check``) simply finds nothing to keep. What to keep is decided by
``manifest.Decider`` from keys of the contexts (``keys.Keyer``) and, for static files,
from their bytes' digests.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import jinja2

from ..assets.static import StaticFile
from ..model.urls import output_key
from .cache import Stat, file_stat, still_hashed
from .context import PageSpec
from .keys import Keyer
from .manifest import KEEP, RENDER, SPLICE, Decider, Manifest
from .parallel import Executor, Progress, Tally, unsplit
from .rendering import Fragment, Previous, render_pages
from .sinks import Sink


@dataclass(frozen=True)
class Published:
    """What the sink was given: each output's key and sidebar count (empty without a
    cache: nothing to record), the static files' sources as hashed, and counts."""

    entries: dict[str, tuple[str, int]]
    sources: dict[str, tuple[str, Stat, int]]
    changed: bool  # False: the sink already holds exactly this output
    rendered: int
    spliced: int
    kept: int
    render_seconds: float


@dataclass(frozen=True)
class Outputs:
    """The registry's outputs with their paths (``clashes.check_outputs``)."""

    pages: Sequence[PageSpec]
    static: Sequence[StaticFile]
    paths: Sequence[str]  # the pages' paths, then the static files'


@dataclass(frozen=True)
class Decided:
    """Each page's key and action (``manifest.KEEP``, ``SPLICE``, ``RENDER``), in
    registry order, and the manifest's judge of the static files."""

    keys: Sequence[str]
    actions: Sequence[int]
    decider: Decider | None
    recording: bool  # keys were made (a cache): the manifest records them


def decide_pages(
    pages: Sequence[PageSpec],
    keyer: Keyer | None,
    fragment: Fragment,
    sink: Sink,
    executor: Executor,
    damaged: AbstractSet[str] | None = None,
) -> Decided:
    """Each page's key and action; ``keyer`` None: render all, record nothing
    (``--no-cache``). ``damaged``: the live files found not as the manifest records
    them, if every one was looked at already. Nothing is written: the build may still
    fail after this."""
    previous = sink.previous
    live = sink.live_dir
    # A manifest is trusted only with keys to compare (a cache) and a live tree to keep.
    trusted = previous is not None and keyer is not None
    decider = (
        Decider(previous, live, fragment.text, damaged) if trusted and live is not None else None
    )
    paths = [output_key(page.url) for page in pages]
    keys, actions = _decide(pages, paths, keyer, decider, executor)
    return Decided(keys, actions, decider, keyer is not None)


def publish(
    outputs: Outputs,
    decided: Decided,
    env: jinja2.Environment,
    fragment: Fragment,
    sink: Sink,
    executor: Executor,
    progress: Tally | None = None,
) -> Published:
    """Give every output to ``sink``, as ``decided`` (``decide_pages``) for the pages."""
    previous = sink.previous
    live = sink.live_dir
    decider = decided.decider
    pages, static = outputs.pages, outputs.static
    page_paths = outputs.paths[: len(pages)]
    keys, actions = decided.keys, decided.actions
    jobs: list[tuple[int, int]] = []
    kept: list[int] = []
    for index, action in enumerate(actions):
        if action == KEEP:
            kept.append(index)
        else:
            jobs.append((index, action))
    digests, sources = _static_digests(static, previous) if decided.recording else ({}, {})
    copies = [
        item
        for item in static
        if decider is None or decider.file(str(item.path), digests[str(item.path)]) != KEEP
    ]
    gone = previous.files.keys() - set(outputs.paths) if previous is not None else set()
    if previous is not None and not jobs and not copies and not gone:
        return Published({}, {}, False, 0, 0, len(kept) + len(static), 0.0)

    sink.prepare(outputs.paths)
    if previous is not None:
        old = Previous(live, previous.sidebar.encode("utf-8"), previous.files)
    else:
        old = Previous(live, b"", {})
    rendered = render_pages(pages, jobs, env, sink, fragment, old, executor, progress)
    for path in (page_paths[index] for index in kept):
        sink.keep(path)
    copied = {str(item.path) for item in copies}
    for item in static:
        path = str(item.path)
        if path in copied:
            sink.accept(sink.copy(path, item.source))
        else:
            sink.keep(path)
    entries: dict[str, tuple[str, int]] = {}
    if decided.recording:
        for index in kept:
            entries[page_paths[index]] = (keys[index], old.slots(page_paths[index]))
        key_of = dict(zip(page_paths, keys, strict=True))
        for written, count in rendered.written:
            entries[written[0]] = (key_of[written[0]], count)
        entries.update((str(item.path), (digests[str(item.path)], 0)) for item in static)
    for written, _ in rendered.written:
        sink.accept(written)
    return Published(
        entries=entries,
        sources=sources,
        changed=True,
        rendered=sum(1 for _, action in jobs if action != SPLICE) + len(copies),
        spliced=sum(1 for _, action in jobs if action == SPLICE),
        kept=len(kept) + len(static) - len(copies),
        render_seconds=rendered.seconds,
    )


def _decide(
    pages: Sequence[PageSpec],
    paths: Sequence[str],
    keyer: Keyer | None,
    decider: Decider | None,
    executor: Executor,
) -> tuple[list[str], list[int]]:
    """Each page's key and action; by the executor's workers, as a warm build of a large
    site does little else (a key per page, and a stat of its file)."""
    if keyer is None:
        return [""] * len(pages), [RENDER] * len(pages)

    def work(part: Sequence[int], report: Progress) -> list[tuple[str, int]]:
        decided = []
        for index in part:
            key = keyer.key(pages[index].template, pages[index].context)
            decided.append((key, decider.page(paths[index], key) if decider else RENDER))
        report(len(part))
        return decided

    decided = unsplit(executor.run(work, range(len(pages))))
    return [key for key, _ in decided], [action for _, action in decided]


def _static_digests(
    static: Sequence[StaticFile], previous: Manifest | None
) -> tuple[dict[str, str], dict[str, tuple[str, Stat, int]]]:
    """Each static file's digest; one whose source and stat are those the last build
    hashed keeps its digest and is not read again."""
    recorded_ns = time.time_ns()  # before any stat: a later edit is always seen
    old = previous.sources if previous is not None else {}
    old_files = previous.files if previous is not None else {}
    digests: dict[str, str] = {}
    sources: dict[str, tuple[str, Stat, int]] = {}
    for item in static:
        path, source = str(item.path), str(item.source)
        stat = file_stat(source)
        before = old.get(path)
        if (
            before is not None
            and before[0] == source
            and path in old_files
            and still_hashed(stat, before[1], before[2])
        ):
            digests[path] = old_files[path][0]
            sources[path] = before
        else:
            digests[path] = hashlib.sha256(item.source.read_bytes()).hexdigest()
            sources[path] = (source, stat, recorded_ns)
    return digests, sources
