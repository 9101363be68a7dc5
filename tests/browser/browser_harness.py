"""Plain helpers of the browser tests, importable from test modules.

``conftest.py`` builds its fixtures from these. Test modules import from here
(``from browser_harness import PageIssues``), never from ``conftest``: with several
``conftest.py`` files and no ``__init__.py``, ``import conftest`` may find another one.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Request, Response

from parindex_site.preview.server import CONTENT_TYPES, HTML

REPO_ROOT = Path(__file__).resolve().parents[2]
BROWSER_TESTS_DIR = Path(__file__).resolve().parent

CHROMIUM = Path("/usr/bin/chromium")
# As root on a machine whose only network is loopback: no sandbox (root), no GPU, and no
# background connections (Chromium would otherwise keep trying Google's hosts and log
# refused connections).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Every layout shift of the page, kept from its start (buffered), summed: the page's CLS.
CLS_SCRIPT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


def screenshot_dir() -> Path:
    """``REPO_ROOT/test-artifacts/screenshots`` (git-ignored), created on demand."""
    path = REPO_ROOT / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --------------------------------------------------------------------------- serving


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """A static host's behaviour: no directory listings; 404 answered with ``404.html``.

    A folder with ``index.html`` serves it; a folder URL without the trailing slash is
    redirected (301) to the one with it, as the standard handler does.
    """

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest's output is for test results."""

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        # The preview server's table: serving does not depend on /etc/mime.types.
        return CONTENT_TYPES.get(Path(path).suffix.lower()) or super().guess_type(path)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Each edition has its own 404.html (/en/404.html): the nearest folder's answers.
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = root / first / "404.html"
        if first in ("", ".", "..") or not page.is_file():
            page = root / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    """Chromium drops connections it no longer needs (a cancelled favicon, a navigation):
    that is not a test failure, so it is not printed as one."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a daemon thread.

    Yields the base URL, ``http://127.0.0.1:PORT`` without a trailing slash.
    """
    handler = functools.partial(SiteRequestHandler, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, name=f"serve {directory.name}", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------- page problems

_FAILED_LOAD = re.compile(r"^Failed to load resource: .*status of (\d{3})\b")


@dataclass
class PageIssues:
    """What went wrong on one test's page; ``page`` records into it as events arrive.

    - ``console_errors``: text of every ``console`` message of type error;
    - ``page_errors``: uncaught exceptions in the page;
    - ``failed_requests``: requests that got no HTTP answer at all (refused, aborted, ...);
    - ``error_responses``: every ``(status, url)`` answered with status >= 400.

    A test that means to fetch an error page says so first with :meth:`expect_status`:
    matching responses, and Chromium's console line "Failed to load resource: ... status of
    404" about them, are then left out of :meth:`problems`. Note that Chromium's own
    ``/favicon.ico`` request shows up only as such a console line (Playwright reports no
    response for it), so a site without a favicon gets a console error on every page.
    """

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[tuple[int, str]] = field(default_factory=list)
    expected: list[tuple[int, re.Pattern[str]]] = field(default_factory=list)
    _console_sources: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def expect_status(self, status: int, url_pattern: str = "") -> None:
        """Allow responses with ``status`` whose URL matches ``url_pattern`` (``re.search``)."""
        self.expected.append((status, re.compile(url_pattern)))

    def is_expected(self, status: int, url: str) -> bool:
        return any(s == status and p.search(url) for s, p in self.expected)

    @property
    def unexpected_responses(self) -> list[tuple[int, str]]:
        return [(s, u) for s, u in self.error_responses if not self.is_expected(s, u)]

    @property
    def unexpected_console_errors(self) -> list[str]:
        kept = []
        for text, url in self._console_sources:
            match = _FAILED_LOAD.match(text)
            if match and self.is_expected(int(match.group(1)), url):
                continue
            kept.append(f"{text} ({url})" if match else text)
        return kept

    def problems(self) -> list[str]:
        return [
            *(f"console error: {m}" for m in self.unexpected_console_errors),
            *(f"page error: {m}" for m in self.page_errors),
            *(f"request failed: {m}" for m in self.failed_requests),
            *(f"HTTP {s}: {u}" for s, u in self.unexpected_responses),
        ]

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "the page had problems:\n  " + "\n  ".join(problems)

    # Playwright event handlers -----------------------------------------------------------

    def on_console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            url = str(msg.location.get("url", "")) if msg.location else ""
            self.console_errors.append(msg.text)
            self._console_sources.append((msg.text, url))

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def on_request_failed(self, request: Request) -> None:
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.error_responses.append((response.status, response.url))
