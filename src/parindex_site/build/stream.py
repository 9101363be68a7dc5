"""The render phase at scale: pages rendered (or spliced) and written as they are made.

10,000 stories make ~17,000 pages, far too many bytes to hold in one list, so workers
forked after the site is built (sharing it copy-on-write) render their slice of pages and
write each straight into the staging folder, sending back only a line per page.

Pages are rendered with a unique placeholder where the sidebar goes, then the sidebar is
put in its place: the bytes are those of rendering with the sidebar itself, and the page
records how many copies it holds. When only the sidebar changed since the last build
(say the newest story's title), a page is *spliced* instead: the old file with the old
sidebar replaced by the new one, which gives the same bytes (see ``plan.has_no_border``).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup

from .output import write_file
from .parallel import Progress, Tally, run_slices
from .plan import SPLICE, PageJob, has_no_border
from ..render.pages import Page, Renderer
from ..model.site import Site
from ..model.urls import output_key

PROGRESS_STEP = 100


@dataclass(frozen=True)
class Written:
    """One page done: its URL, its sidebar count (-1: not splicable) and the staged name."""

    url: str
    sidebar_count: int
    staged: str


@dataclass(frozen=True)
class Target:
    """Where pages go: ``flat`` staging (numbered files, moved in later) or a full tree;
    ``previous`` is the last output, read when splicing, with its sidebar and counts."""

    staging: Path
    flat: bool
    previous: Path | None = None
    old_sidebar: bytes = b""
    old_counts: Mapping[str, int] | None = None


@dataclass(frozen=True)
class StreamReport:
    written: tuple[Written, ...]
    render_seconds: float
    write_seconds: float


class ShellRenderer:
    """A ``Renderer`` whose pages carry a placeholder for the sidebar, filled after."""

    def __init__(self, site: Site, env: jinja2.Environment) -> None:
        self.renderer = Renderer(site, env)
        self.sidebar_text = str(self.renderer.base["sidebar"])
        self.sidebar = self.sidebar_text.encode("utf-8")
        # Unique per build, so no story can contain it by accident or on purpose.
        self.placeholder = f"<!--parsite-sidebar-{uuid.uuid4().hex}-->".encode("ascii")
        self.renderer.base["sidebar"] = Markup(self.placeholder.decode("ascii"))
        self.borderless = has_no_border(self.sidebar_text)

    def compile_templates(self) -> None:
        """Compile the page templates by rendering one of each: done before workers fork,
        it is done once rather than once per worker (a rebuild rendering nothing skips it)."""
        site = self.renderer.site
        if site.articles:
            self.renderer.article(site.articles[0])
        self.renderer.listing_page(site.home, 1)

    def finish(self, page: Page) -> tuple[bytes, int]:
        """The page's real bytes and its sidebar count (-1 if it may never be spliced)."""
        count = page.data.count(self.placeholder)
        splicable = self.sidebar not in page.data
        return page.data.replace(self.placeholder, self.sidebar), count if splicable else -1

    def job(self, site: Site, job: PageJob) -> Page:
        if job.article >= 0:
            return self.renderer.article(site.articles[job.article])
        return self.renderer.listing_page(site.listings[job.listing], job.number)


def write_pages(
    site: Site,
    shells: ShellRenderer,
    jobs: Sequence[tuple[int, PageJob]],
    target: Target,
    workers: int,
    progress: Tally | None = None,
) -> StreamReport:
    """Render or splice each ``(number, job)`` and write it; ``number`` names a flat file."""

    def work(part: Sequence[tuple[int, PageJob]], report: Progress) -> StreamReport:
        made: set[str] = set()
        written: list[Written] = []
        render_s = write_s = 0.0
        for done, (number, job) in enumerate(part, 1):
            started = time.perf_counter()
            data, count = _splice(job, target, shells) or shells.finish(shells.job(site, job))
            wrote = time.perf_counter()
            relative = str(number) if target.flat else output_key(job.url)
            _write(target.staging, relative, data, made)
            render_s += wrote - started
            write_s += time.perf_counter() - wrote
            written.append(Written(job.url, count, str(number) if target.flat else ""))
            if done % PROGRESS_STEP == 0:
                report(PROGRESS_STEP)
        report(len(part) % PROGRESS_STEP)
        return StreamReport(tuple(written), render_s, write_s)

    if workers > 1 and len(jobs) > 1:
        shells.compile_templates()
    parts = run_slices(work, jobs, workers, progress)
    return StreamReport(
        written=tuple(w for part in parts for w in part.written),
        render_seconds=sum(part.render_seconds for part in parts),
        write_seconds=sum(part.write_seconds for part in parts),
    )


def _write(root: Path, relative: str, data: bytes, made: set[str]) -> None:
    """``output.write_file`` with plain strings: 17,000 pages make pathlib's cost count."""
    if ".." in relative.split("/"):
        write_file(root, PurePosixPath(relative), data, set())  # refuses, with the message
    target = os.path.join(root, relative)
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    with open(target, "wb") as out:
        out.write(data)


def _splice(job: PageJob, target: Target, shells: ShellRenderer) -> tuple[bytes, int] | None:
    """The old page with the new sidebar, if it still holds exactly the copies recorded."""
    if job.action != SPLICE or target.previous is None or target.old_counts is None:
        return None
    count = target.old_counts.get(job.url, -1)
    try:
        with open(os.path.join(target.previous, output_key(job.url)), "rb") as page:
            old = page.read()
    except OSError:
        return None
    if count <= 0 or old.count(target.old_sidebar) != count:
        return None  # edited by hand, or not ours: render it afresh
    new = old.replace(target.old_sidebar, shells.sidebar)
    # Splicable again next time only if the new sidebar is found exactly where it was put.
    again = shells.borderless and new.count(shells.sidebar) == count
    return new, count if again else -1
