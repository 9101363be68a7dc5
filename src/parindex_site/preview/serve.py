"""``parsite serve``: build into a temporary folder, serve it, rebuild on save, reload pages.

The preview knows nothing of the build: it gets a ``rebuild(output_dir)`` callable and
calls it once at the start and again after every burst of source changes (watch.py), on
the one watcher thread, so builds never overlap. A failed rebuild leaves the last good
output in place and is published as problems instead (livereload.py). The main thread
serves HTTP (server.py), one thread per connection.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from ..errors import SiteError
from .livereload import Broadcaster, problems_of
from .server import open_server
from .watch import start_watching

Rebuild = Callable[[Path], object]
# Seconds between looks at the stop flag while no request comes.
STOP_POLL_S = 0.25


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    live_reload: bool = True
    open_browser: bool = False


@dataclass(frozen=True)
class Console:
    """Where the preview reports; cli.py decides how to print."""

    info: Callable[[str], None]
    error: Callable[[str], None]


def serve(settings: ServeSettings, site_dir: Path, rebuild: Rebuild, console: Console) -> None:
    """Serve until SIGINT (Ctrl-C) or SIGTERM; return once everything is cleaned up."""
    with _interrupt_on_sigterm(), temporary_output() as output_dir:
        builds = Broadcaster()
        server = open_server(settings.host, settings.port, output_dir, builds, settings.live_reload)
        server.timeout = STOP_POLL_S
        stop = threading.Event()

        def on_change(changed: list[str]) -> None:
            run_build(rebuild, output_dir, builds, console, changed)

        # Watch before the first build, so that a save during it is not missed, and
        # announce the URL only once the watch is in place.
        probe_dir = output_dir.with_name("watch-probe")
        watching = start_watching(site_dir, probe_dir, on_change, console.error, stop)
        try:
            run_build(rebuild, output_dir, builds, console, [])
            watching.wait_until_ready()
            console.info(f"Serving {site_dir} at {server.url} (Ctrl-C to stop)")
            if settings.open_browser:  # in the background: a browser may take its time
                threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
            with _stop_on_signals() as stopping:
                while not stopping.requested:
                    server.handle_request()
        finally:
            stop.set()
            builds.close()
            server.server_close()
            watching.thread.join()


def run_build(
    rebuild: Rebuild, output_dir: Path, builds: Broadcaster, console: Console, changed: list[str]
) -> None:
    """Rebuild and tell every open page; bad content never stops the preview."""
    started = time.perf_counter()
    cause = f" after changes to {', '.join(changed)}" if changed else ""
    try:
        rebuild(output_dir)
    except SiteError as exc:
        builds.failed(problems_of(exc))
        console.error(f"rebuild failed{cause}:\n{exc}")
        return
    except Exception as exc:  # a bug in parsite must not end the preview either
        message = f"internal error while building: {exc!r} (please report it)"
        builds.failed(problems_of(SiteError(message)))
        console.error(message)
        return
    state = builds.succeeded()
    seconds = time.perf_counter() - started
    console.info(f"build {state.build}{cause}: done in {seconds:.2f} s")


@contextmanager
def temporary_output() -> Iterator[Path]:
    """An output folder for the preview, removed on the way out whatever happens.

    It is a child of a fresh temporary folder, because the build writes its new output
    beside the old one and swaps them.
    """
    root = Path(tempfile.mkdtemp(prefix="parsite-serve-"))
    try:
        yield root / "site"
    finally:
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Stopping:
    requested: bool = False


@contextmanager
def _stop_on_signals() -> Iterator[Stopping]:
    """SIGINT and SIGTERM ask the serve loop to end: a flag, not an exception.

    A KeyboardInterrupt raised by the default handler lands wherever the main thread
    happens to be, a finalizer included, where Python reports and drops it, and the
    preview never stops. The flag is read between requests (at most STOP_POLL_S apart).
    A SIGINT ignored by whoever started us (a background job) stays ignored.
    """
    stopping = Stopping()
    if threading.current_thread() is not threading.main_thread():
        yield stopping
        return

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopping.requested = True

    wanted = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        wanted.append(signal.SIGINT)
    previous = {signum: signal.signal(signum, request_stop) for signum in wanted}
    try:
        yield stopping
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def _interrupt_on_sigterm() -> Iterator[None]:
    """Until the serve loop starts, SIGTERM is like Ctrl-C: it interrupts the first build,
    and the temporary folder is still removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
