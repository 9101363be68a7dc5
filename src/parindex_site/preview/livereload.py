"""Live reload for ``parsite serve``: build state, its event stream, the injected script.

The watcher publishes a :class:`BuildState` after every rebuild; each open page holds a
Server-Sent Events connection and gets every new state. A page reloads itself when the
build number moved on and there is no problem, and shows an overlay while there is one.
Nothing here touches the build output: the script is added to HTML only as it is served.
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass, field
from importlib import resources

from ..errors import BuildFailed, CollisionError, ContentError, SiteError, TemplateError

EVENTS_URL = "/__parsite/events"
SCRIPT_URL = "/__parsite/live.js"
OVERLAY_ID = "parsite-overlay"
# Browsers reconnect an EventSource after this many ms (e.g. when the server restarts).
RECONNECT_MS = 500

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_LOCATED = re.compile(r"(?P<file>[^\s:]+):(?P<line>\d+): (?P<message>.+)", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One error of a failed rebuild, as the overlay shows it."""

    file: str
    line: int | None
    message: str

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class BuildState:
    """``build`` counts successful builds (0: none yet); ``problems`` of the last attempt."""

    build: int = 0
    problems: tuple[Problem, ...] = field(default=())

    def to_json(self) -> str:
        """What a page gets: the overlay ready-made, so the script needs no markup of its own."""
        problems = [{"location": p.location, "message": p.message} for p in self.problems]
        data = {"build": self.build, "problems": problems, "overlay": overlay_html(self.problems)}
        return json.dumps(data, ensure_ascii=False)


def problems_of(error: SiteError) -> tuple[Problem, ...]:
    """Split an error into file/line/message items (a BuildFailed holds several)."""
    if isinstance(error, BuildFailed):
        return tuple(p for inner in error.errors for p in problems_of(inner))
    if isinstance(error, ContentError):
        return (Problem(str(error.path), error.line, error.message),)
    if isinstance(error, TemplateError):
        return (Problem(error.template, error.line, _after_location(str(error))),)
    if isinstance(error, CollisionError):
        return (Problem(error.sources[0], None, _after_location(str(error))),)
    # Others (ConfigError, ...) carry their location only in the text: "file:line: what".
    located = _LOCATED.match(str(error))
    if located:
        return (Problem(located["file"], int(located["line"]), located["message"]),)
    return (Problem("", None, str(error)),)


def _after_location(text: str) -> str:
    """The message part of ``location: message`` (the location is shown on its own)."""
    return text.split(": ", 1)[-1]


class Broadcaster:
    """The latest :class:`BuildState`, and a way for stream threads to wait for the next."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._state = BuildState()
        self._closed = False

    @property
    def state(self) -> BuildState:
        with self._changed:
            return self._state

    def succeeded(self) -> BuildState:
        with self._changed:
            return self._publish(BuildState(self._state.build + 1))

    def failed(self, problems: tuple[Problem, ...]) -> BuildState:
        with self._changed:
            return self._publish(BuildState(self._state.build, problems))

    def _publish(self, state: BuildState) -> BuildState:
        self._state = state
        self._changed.notify_all()
        return state

    def wait(self, seen: BuildState, timeout: float) -> BuildState | None:
        """The state once it differs from ``seen`` (or after ``timeout``); None when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._state is not seen, timeout)
            return None if self._closed else self._state

    def close(self) -> None:
        """Wake every waiting stream so that it ends (the server is stopping)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def stream_preamble() -> bytes:
    return f"retry: {RECONNECT_MS}\n\n".encode()


def stream_event(state: BuildState) -> bytes:
    return f"event: build\ndata: {state.to_json()}\n\n".encode()


# A comment line: keeps proxies from timing out and finds clients that went away.
STREAM_KEEPALIVE = b": keep-alive\n\n"


def live_script() -> bytes:
    return resources.files(__package__).joinpath("livereload.js").read_bytes()


def inject(page: bytes, state: BuildState) -> bytes:
    """``page`` with the reload script (and the overlay, if the last build failed)."""
    snippet = overlay_html(state.problems) + (
        f'<script src="{SCRIPT_URL}" data-build="{state.build}"></script>\n'
    )
    data = snippet.encode()
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + data
    at = ends[-1].start()
    return page[:at] + data + page[at:]


def overlay_html(problems: tuple[Problem, ...]) -> str:
    """The error overlay as HTML (escaped here, so the script inserts it as it is)."""
    if not problems:
        return ""
    items = "".join(f"<li>{_code(p.location)}{html.escape(p.message)}</li>" for p in problems)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="{OVERLAY_STYLE}">'
        f"<p><strong>parsite: the last rebuild failed</strong> "
        f"(still showing the last good build; fix the file and save)</p>"
        f"<ul>{items}</ul></div>\n"
    )


def _code(location: str) -> str:
    return f"<code>{html.escape(location)}</code> " if location else ""


OVERLAY_STYLE = (
    "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;"
    "margin:0;padding:1em 1.5em;background:#3b0a0a;color:#fff;font:15px/1.5 monospace;"
    "white-space:pre-wrap;box-shadow:0 -4px 16px rgba(0,0,0,.4)"
)
