"""The render step: pages rendered (or spliced) by the executor's workers, straight into the sink.

10,000 stories make ~17,000 pages, too many bytes to hold in one list, so workers forked
after the registry is built (sharing it copy-on-write) render their slice of pages and
hand each to the sink, sending back only a line per page.

Pages are rendered with a placeholder where the sidebar goes, then the sidebar is put in
its place: the bytes are those of rendering with the sidebar itself, and the page
records how many copies it holds. When only the sidebar changed since the last build
(say the newest story's title), a page is *spliced* instead: the old file with the old
sidebar replaced by the new one, which gives the same bytes (``manifest.has_no_border``).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..model.urls import output_key
from ..render.templates import render_template
from ..render.views import Slot
from .context import PageSpec
from .manifest import SPLICE, Record, has_no_border
from .parallel import Executor, Progress, Tally
from .sinks import Sink, Written

PROGRESS_STEP = 100
SIDEBAR = "sidebar"


@dataclass(frozen=True)
class Fragment:
    """The sidebar of this build: its text, and the slot pages are rendered with."""

    text: str
    slot: Slot

    @classmethod
    def of(cls, text: str) -> Fragment:
        # Derived from the text, so the same input gives the same bytes at every step.
        mark = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        return cls(text, Slot(SIDEBAR, f"<!--parsite-sidebar-{mark}-->"))

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def placeholder(self) -> bytes:
        return str(self.slot).encode("utf-8")


@dataclass(frozen=True)
class Previous:
    """The last build's sidebar and its manifest's records, whose last field is each
    page's count of it, for splicing."""

    live_dir: Path | None
    sidebar: bytes
    files: Mapping[str, Record]

    def slots(self, path: str) -> int:
        """How many copies of the sidebar the last build's ``path`` holds (-1: none known)."""
        record = self.files.get(path)
        return -1 if record is None else record[4]


@dataclass(frozen=True)
class Rendered:
    written: tuple[tuple[Written, int], ...]  # each page as the sink took it, its slots
    seconds: float


def render_pages(
    specs: Sequence[PageSpec],
    jobs: Sequence[tuple[int, int]],
    env: jinja2.Environment,
    sink: Sink,
    fragment: Fragment,
    previous: Previous,
    executor: Executor,
    progress: Tally | None = None,
) -> Rendered:
    """Render or splice each ``(spec index, action)`` and give it to the sink."""
    new_sidebar = fragment.data
    placeholder = fragment.placeholder
    borderless = has_no_border(fragment.text)

    def work(part: Sequence[tuple[int, int]], report: Progress) -> Rendered:
        written: list[tuple[Written, int]] = []
        started = time.perf_counter()
        for done, (index, action) in enumerate(part, 1):
            spec = specs[index]
            path = output_key(spec.url)
            made = _splice(path, previous, new_sidebar, borderless) if action == SPLICE else None
            if made is None:
                text = render_template(env, spec.template, spec.context, spec.url)
                made = _fill(text.encode("utf-8"), placeholder, new_sidebar)
            written.append((sink.put(path, made[0]), made[1]))
            if done % PROGRESS_STEP == 0:
                report(PROGRESS_STEP)
        report(len(part) % PROGRESS_STEP)
        return Rendered(tuple(written), time.perf_counter() - started)

    # Once here, not once in every worker; and all of them, so that the code kept for the
    # next build is the same whichever pages this one rendered.
    _compile_templates(env)
    parts = executor.run(work, jobs, progress)
    return Rendered(
        tuple(item for part in parts for item in part.written),
        sum(part.seconds for part in parts),
    )


def _fill(data: bytes, placeholder: bytes, sidebar: bytes) -> tuple[bytes, int]:
    """The page's real bytes and its sidebar count (-1 if it may never be spliced: the
    sidebar's text also occurs where no placeholder was)."""
    count = data.count(placeholder)
    splicable = sidebar not in data
    return data.replace(placeholder, sidebar), count if splicable else -1


def _splice(
    path: str, previous: Previous, sidebar: bytes, borderless: bool
) -> tuple[bytes, int] | None:
    """The old page with the new sidebar, if it still holds exactly the copies recorded."""
    count = previous.slots(path)
    if count <= 0 or previous.live_dir is None:
        return None
    try:
        with open(os.path.join(previous.live_dir, path), "rb") as page:
            old = page.read()
    except OSError:
        return None
    if old.count(previous.sidebar) != count:
        return None  # edited by something else: render it afresh
    new = old.replace(previous.sidebar, sidebar)
    # Splicable again next time only if the new sidebar is found exactly where it was put.
    again = borderless and new.count(sidebar) == count
    return new, count if again else -1


def _compile_templates(env: jinja2.Environment) -> None:
    """Every template, the ones pages include too: compiled here, each is compiled once
    and its code is kept for the next build (``render.environment.CompiledTemplates``)."""
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:  # rendering a page that uses it reports it, with the page's URL
            continue
