"""Watching a site's sources for ``parsite serve``: content/, templates/, static/, i18n/
and parsite.yaml.

The site folder itself is watched (recursively, through ``watchfiles``' native notify
backend) and filtered, rather than each source on its own: editors often save by writing
a new file and renaming it over the old one, and a watch on the file alone is lost then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from ..config import CONFIG_NAME

SOURCE_FOLDERS = ("content", "templates", "static", "i18n")
# Wait this long after a change for the rest of a burst (an editor saving several files,
# a checkout), but never more than DEBOUNCE_MS in all before rebuilding.
QUIET_MS = 50
DEBOUNCE_MS = 1000
# The watch is installed on its own thread; the probe waits for it at most 100 x 0.1 s.
PROBE_ATTEMPTS = 100
PROBE_WAIT_S = 0.1


class SourceFilter(DefaultFilter):
    """Changes to the site's sources, without editor swap and backup files.

    A change in ``probe_dir`` only proves that the watch is in place: it sets ``ready``.
    """

    def __init__(self, site_dir: Path, probe_dir: Path, ready: threading.Event) -> None:
        super().__init__()
        self._site = site_dir.resolve()
        self._probe = probe_dir.resolve()
        self._ready = ready

    def __call__(self, change: Change, path: str) -> bool:
        if Path(path).is_relative_to(self._probe):
            self._ready.set()
            return False
        try:
            parts = Path(path).relative_to(self._site).parts
        except ValueError:
            return False
        if parts == (CONFIG_NAME,):
            return True
        in_sources = len(parts) > 1 and parts[0] in SOURCE_FOLDERS
        return in_sources and bool(super().__call__(change, path))


@dataclass(frozen=True)
class Watching:
    """A running watch: its thread, and proof that it is in place."""

    thread: threading.Thread
    ready: threading.Event
    probe_dir: Path

    def wait_until_ready(self) -> None:
        """Return once the watch surely sees changes: write a probe until it is seen."""
        for attempt in range(PROBE_ATTEMPTS):
            (self.probe_dir / "probe").write_text(str(attempt), encoding="utf-8")
            if self.ready.wait(PROBE_WAIT_S) or not self.thread.is_alive():
                return


def start_watching(
    site_dir: Path,
    probe_dir: Path,
    on_change: Callable[[list[str]], None],
    on_error: Callable[[str], None],
    stop: threading.Event,
) -> Watching:
    """Call ``on_change(changed paths, relative to the site)`` after each burst of changes,
    until ``stop`` is set. Changes made while ``on_change`` runs come in the next call.
    ``on_error`` hears why watching stopped, if the system refuses it (e.g. inotify limits).
    ``probe_dir`` is a folder of the caller's own, for :meth:`Watching.wait_until_ready`.
    """
    site = site_dir.resolve()
    probe_dir.mkdir(parents=True, exist_ok=True)
    ready = threading.Event()

    def run() -> None:
        try:
            for changes in watch(
                site,
                probe_dir,
                watch_filter=SourceFilter(site_dir, probe_dir, ready),
                debounce=DEBOUNCE_MS,
                step=QUIET_MS,
                stop_event=stop,
                raise_interrupt=False,
            ):
                on_change(sorted({Path(p).relative_to(site).as_posix() for _, p in changes}))
        except OSError as exc:
            on_error(f"cannot watch {site_dir} for changes ({exc}): saves will not rebuild")

    thread = threading.Thread(target=run, name="parsite-watch", daemon=True)
    thread.start()
    return Watching(thread, ready, probe_dir)
