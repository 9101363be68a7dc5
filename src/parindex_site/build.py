"""The whole pipeline in one readable sequence: read -> model -> site -> render -> write."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig, load_config
from .content.reader import find_sources, read_articles
from .output import (
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
