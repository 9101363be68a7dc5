"""The whole pipeline in one readable sequence: read -> model -> site -> render -> write."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig, load_config
from .content.models import Article
from .content.reader import find_sources, read_articles
from .errors import BuildFailed, SiteError
from .links import find_broken_links, output_files
from .output import (
    StaticFile,
    WriteReport,
    check_output_dir,
    check_static_collisions,
    collect_static,
    write_site,
)
from .render import Page, make_environment, render_site
from .site import Site, Visibility, build_site
from .theme import theme_dir


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


def prepare(options: BuildOptions) -> tuple[SiteConfig, Site, list[Page]]:
    """Read, model and render everything in memory; raises before anything is written."""
    config = load_config(options.site_dir)
    now = options.now or dt.datetime.now(config.tz)
    visibility = Visibility(now, options.drafts, options.future, options.expired)
    articles = read_articles(find_sources(config.content_dir), config)
    site = build_site(config, articles, visibility)
    pages = render_site(site, make_environment(config, theme_dir()))
    return config, site, pages


def build(options: BuildOptions, write: bool = True) -> BuildReport:
    """Build the site; with ``write=False`` (``parsite check``) stop before the output."""
    started = time.perf_counter()
    if write:
        check_output_dir(options.output, options.site_dir)
    config, site, pages = prepare(options)
    static, warnings = collect_static([theme_dir() / "static", config.static_dir])
    check_static_collisions(pages, static)
    warnings += image_alt_warnings(site.articles)
    _check_strict(options, config, pages, static, warnings)
    report = WriteReport(len(pages), len(static))
    if write:
        report = write_site(pages, static, options.output)
    return BuildReport(
        articles=len(site.articles),
        pages=report.pages,
        static_files=report.static_files,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
    )


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
