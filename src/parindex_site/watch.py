"""Watching a site's sources for ``parsite serve``: content/, templates/, static/, parsite.yaml.

The site folder itself is watched (recursively, through ``watchfiles``' native notify
backend) and filtered, rather than each source on its own: editors often save by writing
a new file and renaming it over the old one, and a watch on the file alone is lost then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from .config import CONFIG_NAME

SOURCE_FOLDERS = ("content", "templates", "static")
# Wait this long after a change for the rest of a burst (an editor saving several files,
# a checkout), but never more than DEBOUNCE_MS in all before rebuilding.
QUIET_MS = 50
DEBOUNCE_MS = 1000


class SourceFilter(DefaultFilter):
    """Changes to the site's sources, without editor swap and backup files."""

    def __init__(self, site_dir: Path) -> None:
        super().__init__()
        self._site = site_dir.resolve()

    def __call__(self, change: Change, path: str) -> bool:
        try:
            parts = Path(path).relative_to(self._site).parts
        except ValueError:
            return False
        if parts == (CONFIG_NAME,):
            return True
        in_sources = len(parts) > 1 and parts[0] in SOURCE_FOLDERS
        return in_sources and bool(super().__call__(change, path))


def start_watching(
    site_dir: Path,
    on_change: Callable[[list[str]], None],
    on_error: Callable[[str], None],
    stop: threading.Event,
) -> threading.Thread:
    """Call ``on_change(changed paths, relative to the site)`` after each burst of changes,
    until ``stop`` is set. Changes made while ``on_change`` runs come in the next call.
    ``on_error`` hears why watching stopped, if the system refuses it (e.g. inotify limits).
    """
    site = site_dir.resolve()

    def run() -> None:
        try:
            for changes in watch(
                site,
                watch_filter=SourceFilter(site_dir),
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
    return thread
