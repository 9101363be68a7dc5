"""Command-line wiring: parse arguments, call the build, print, choose the exit code.

Exit codes: 0 success, 1 a problem in the site's files (SiteError), 2 a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from . import __version__
from .build.cache import CACHE_DIR_NAME, Cache, remove_cache
from .build.parallel import PARALLEL_MIN
from .build.pipeline import BuildOptions, BuildReport, build, read_stories
from .check.links import check_output_links
from .config import load_config
from .content.dates import parse_date
from .content.newstory import create_story
from .errors import SiteError
from .model.schedule import FILTERS, next_change, schedule
from .progress import ProgressLine


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parsite", description="Build a static news portal from Markdown stories."
    )
    parser.add_argument("--version", action="version", version=f"parsite {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    _add_site_options(build_cmd)
    _add_at_option(build_cmd)
    build_cmd.add_argument(
        "--next-change",
        action="store_true",
        help="print only when the site next changes by itself (a story goes live or "
        "expires; ISO 8601, nothing if never) and build nothing: for cron or a timer",
    )
    build_cmd.add_argument("--output", type=Path, help="output folder (default: SITE/public)")
    loudness = build_cmd.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    loudness.add_argument("--verbose", "-v", action="store_true", help="print more detail")
    build_cmd.add_argument(
        "--no-cache",
        action="store_true",
        help="build everything from scratch, ignoring and not writing .parsite-cache/",
    )
    build_cmd.add_argument(
        "--profile", action="store_true", help="print the seconds spent in each phase"
    )
    build_cmd.add_argument(
        "--strict",
        action="store_true",
        help="fail, writing nothing, on any warning (e.g. a story image without image_alt) "
        "or broken internal link",
    )

    check_cmd = commands.add_parser("check", help="validate everything without writing")
    _add_site_options(check_cmd)
    _add_at_option(check_cmd)
    check_cmd.add_argument(
        "--links",
        action="store_true",
        help="also check that every internal link, image, stylesheet and #anchor of the "
        "pages, rendered in memory, points at something (external links are not fetched)",
    )
    check_cmd.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="check the links of the site already built in DIR instead (implies --links)",
    )

    list_cmd = commands.add_parser(
        "list", help="list the stories with their dates and states (draft, scheduled...)"
    )
    list_cmd.add_argument(
        "which",
        nargs="?",
        default="all",
        choices=list(FILTERS),
        help="which stories (all)",
    )
    list_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (.)")
    list_cmd.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N", help="processes")
    _add_at_option(list_cmd)

    new_cmd = commands.add_parser("new", help="start a new story (a draft)")
    new_cmd.add_argument("title", help="the story's title")
    new_cmd.add_argument("--section", default="news", help="folder under content/ (news)")
    new_cmd.add_argument(
        "--lang", default="", help="the edition it is written for (default: the first)"
    )
    new_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (.)")

    clean_cmd = commands.add_parser("clean", help="delete the build cache (.parsite-cache/)")
    clean_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder (.)")

    serve_cmd = commands.add_parser("serve", help="preview: serve, rebuild on save, reload")
    _add_site_options(serve_cmd)
    _add_at_option(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve_cmd.add_argument("--port", type=_port, default=8000, help="port (8000; 0: any free one)")
    serve_cmd.add_argument(
        "--no-reload", action="store_true", help="still rebuild on save, but never reload pages"
    )
    serve_cmd.add_argument("--open", action="store_true", help="open the site in a browser")
    return parser


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 to 256)")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return int(text)


def _add_site_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--site", type=Path, default=Path("."), help="site folder (.)")
    command.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=0,
        metavar="N",
        help="worker processes (default: one per core for large sites; 1: one process)",
    )
    command.add_argument("--drafts", action="store_true", help="include draft stories")
    command.add_argument("--future", action="store_true", help="include future-dated stories")
    command.add_argument("--expired", action="store_true", help="include expired stories")


def _add_at_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--at",
        metavar="WHEN",
        help="as of this moment instead of now, in the site's time zone, written as a "
        "story's date is (e.g. '25/06/2022 08:00'); drafts still need --drafts",
    )


class _UsageError(Exception):
    """A bad option value only the site can judge (``--at`` needs its time zone): exit 2."""


def _at(args: argparse.Namespace) -> dt.datetime | None:
    """``--at``, read by the parser of stories' dates, in the site's time zone."""
    if getattr(args, "at", None) is None:
        return None
    try:
        return parse_date(args.at, load_config(args.site).tz)
    except (ValueError, OverflowError) as exc:
        shown = "".join(c if c.isprintable() else "?" for c in str(exc))
        raise _UsageError(f"parsite {args.command}: error: argument --at: {shown}") from None


def run() -> NoReturn:
    """The ``parsite`` command: ``main``, then out at once. A build leaves the model of
    every story in memory; freeing it object by object at exit took 0.2-0.3 s at 10,000
    stories, a quarter of a no-change build, and the system frees a process whole. So
    the build hands ``kept`` what it made instead of freeing it as it returns (0.65 s of
    a body edit at 100,000 stories). Nothing of parsite's needs ``atexit``: temporary
    folders go in ``finally`` blocks."""
    if sys.stderr is None:  # started without one (``2>&-``, some schedulers): nobody to tell
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
    kept: list[object] = []  # what a build made, freed with the process, not before
    try:
        code = main(keep=kept)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (``parsite list | head``): as C tools do
        code = 128 + signal.SIGPIPE
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None, keep: list[object] | None = None) -> int:
    """The command line's work; ``keep``: see ``build``."""
    args = make_parser().parse_args(argv)
    try:
        return _run(args, keep)
    except SiteError as exc:
        print(f"error: {exc}" if "\n" not in str(exc) else str(exc), file=sys.stderr)
        return 1
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace, keep: list[object] | None = None) -> int:
    if not args.site.is_dir():
        raise SiteError(f"site folder {args.site} does not exist (use --site DIR)")
    if args.command == "new":
        config = load_config(args.site)
        now = dt.datetime.now(config.tz)
        path = create_story(config, args.title, args.section, now, args.lang)
        print(path)
        return 0
    if args.command == "serve":
        return _serve(args)
    if args.command == "clean":
        removed = remove_cache(args.site)
        print(f"removed {args.site / CACHE_DIR_NAME}" if removed else "no cache to remove")
        return 0
    if args.command == "list":
        return _list(args)
    if args.command == "check" and args.output is not None:
        count = check_output_links(args.output, load_config(args.site).site_url)
        print(f"checked the links of {count} pages in {args.output}: none is broken")
        return 0
    options = BuildOptions(
        site_dir=args.site,
        output_dir=getattr(args, "output", None),
        drafts=args.drafts,
        future=args.future,
        expired=args.expired,
        strict=getattr(args, "strict", False),
        links=getattr(args, "links", False),
        cache=not getattr(args, "no_cache", False),
        jobs=args.jobs,
        parallel_min=_parallel_min(),
        now=_at(args),
    )
    if getattr(args, "next_change", False):
        return _next_change(options)
    bar = ProgressLine(lambda text: print(text, end="", file=sys.stderr, flush=True))
    show_bar = sys.stderr.isatty() and not getattr(args, "quiet", False)
    try:
        report = build(options, args.command == "build", bar if show_bar else None, keep)
    finally:
        bar.clear()
    _print_report(args, options, report)
    return 0


def _print_report(args: argparse.Namespace, options: BuildOptions, report: BuildReport) -> None:
    """Warnings on stderr; then, unless --quiet, the summary line, and what -v and
    --profile add."""
    _warn(report.warnings)
    if not getattr(args, "quiet", False):
        done = "wrote" if args.command == "build" else "checked"
        where = f" to {options.output}" if args.command == "build" else ""
        verbose = getattr(args, "verbose", False)
        hint = " (build -v lists them)" if not verbose else ""
        counts = ", ".join(
            (
                _count(report.articles, "story", "stories"),
                _count(report.static_files, "static file"),
                *([f"{len(report.skipped)} not published{hint}"] * bool(report.skipped)),
            )
        )
        print(f"{done} {_count(report.pages, 'page')} ({counts}){where} in {report.seconds:.2f} s")
        if report.next_change is not None:
            moment, what = report.next_change
            print(f"next change: {moment.isoformat()} ({what})")
    if getattr(args, "verbose", False):
        for skipped in report.skipped:
            print(f"not published: {skipped}")
    if getattr(args, "verbose", False) or getattr(args, "profile", False):
        if report.replayed:
            print("no input changed since the last build, whose output is intact: nothing to do")
        processes = _count(report.processes, "process", "processes")
        print(
            f"{report.parsed} stories parsed, {report.rendered} pages rendered, "
            f"{report.spliced} given the new sidebar, {report.kept} unchanged, "
            f"in {processes}"
        )
    if getattr(args, "profile", False):
        for phase, seconds in report.phases:
            print(f"  {phase:18s} {seconds:7.3f} s")


def _warn(warnings: Sequence[str]) -> None:
    """Every warning on stderr in one write: a portal's thousands of lines, one by one
    on a line-buffered stream, took a replayed build at 100,000 stories 0.2 s."""
    if not warnings:
        return
    with contextlib.suppress(OSError):  # a pipe closed by its reader
        # One join with the prefix as its separator: no string per warning
        sys.stderr.write("warning: " + "\nwarning: ".join(warnings) + "\n")
        sys.stderr.flush()


def _list(args: argparse.Namespace) -> int:
    """``parsite list``: one tab-separated line per story, as of now or ``--at``."""
    options = BuildOptions(args.site, jobs=args.jobs, parallel_min=_parallel_min(), now=_at(args))
    articles, visibility, warnings = read_stories(options)
    _warn(warnings)
    for item in schedule(articles, visibility.now, args.which):
        print(item.line)
    return 0


def _next_change(options: BuildOptions) -> int:
    """``build --next-change``: the instant alone, or nothing; nothing is built (nor
    warned about: a timer's job wants the instant only)."""
    articles, visibility, _ = read_stories(options)
    change = next_change(articles, visibility)
    if change is not None:
        print(change[0].isoformat())
    return 0


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _parallel_min() -> int:
    """PARSITE_PARALLEL_MIN: below this many items a build uses one process (tests set 1)."""
    value = os.environ.get("PARSITE_PARALLEL_MIN", "")
    return int(value) if value.isdigit() else PARALLEL_MIN


def _serve(args: argparse.Namespace) -> int:
    # Imported here: the server and its HTTP modules would slow every build's start.
    from .preview.serve import Console, ServeSettings, serve

    options = BuildOptions(
        site_dir=args.site,
        drafts=args.drafts,
        future=args.future,
        expired=args.expired,
        jobs=args.jobs,
        now=_at(args),
    )

    outputs: set[Path] = set()

    def rebuild(output_dir: Path) -> None:
        outputs.add(output_dir)
        report = build(replace(options, output_dir=output_dir))
        _warn(report.warnings)

    settings = ServeSettings(args.host, args.port, not args.no_reload, args.open)
    console = Console(
        info=lambda text: print(text, flush=True),
        error=lambda text: print(text, file=sys.stderr, flush=True),
    )
    try:
        serve(settings, args.site, rebuild, console)
    finally:
        # The preview's folder is gone now: so is any reason to keep its manifest.
        cache = Cache(args.site / CACHE_DIR_NAME, "")
        for output_dir in outputs:
            cache.forget_manifest(output_dir.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
