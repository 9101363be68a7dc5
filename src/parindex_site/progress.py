"""The progress bar's text, and when to show it; ``cli`` does the printing.

A bar appears only on a terminal, and only once a build has run for a second: short
builds stay one quiet line, and logs (not a TTY) never fill with carriage returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

SHOW_AFTER_S = 1.0
REDRAW_EVERY_S = 0.1
WIDTH = 30
PHASE_NAMES = {"read": "reading", "render": "writing"}


def format_bar(phase: str, done: int, total: int, width: int = WIDTH) -> str:
    """``reading  [##########          ]  3300/10000`` for ``phase``."""
    filled = width * done // total if total else width
    name = PHASE_NAMES.get(phase, phase)
    digits = len(str(total))
    return f"{name:8s} [{'#' * filled}{' ' * (width - filled)}] {done:>{digits}}/{total}"


@dataclass
class ProgressLine:
    """Redraws one line through ``write`` at most ten times a second, after a second."""

    write: Callable[[str], None]
    started: float = field(default_factory=time.perf_counter)
    _drawn_at: float = 0.0
    _shown: bool = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.started < SHOW_AFTER_S:
            return
        if done < total and now - self._drawn_at < REDRAW_EVERY_S:
            return
        self._drawn_at, self._shown = now, True
        self.write("\r" + format_bar(phase, done, total))

    def clear(self) -> None:
        """Erase the bar (before the summary line or an error is printed)."""
        if self._shown:
            self.write("\r" + " " * (WIDTH + 30) + "\r")
            self._shown = False
