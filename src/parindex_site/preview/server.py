"""The preview's HTTP side: serve one output folder, and nothing outside it.

A request path is decoded once and checked part by part: ``..`` and ``.`` parts, NUL
bytes and undecodable escapes are refused (400); empty parts are dropped, so ``//etc``
is looked for *inside* the output; the resolved file must still be inside the output
after symlinks are followed (else 404). Hidden files and folders (``.git/``, ``.env``;
``.well-known/`` excepted) and editors' backups are never served, even if they are in
the output (404), as they are never published. HTML is served with the live-reload script
added (never written to disk); the event stream is ``livereload.EVENTS_URL``.
"""

from __future__ import annotations

import errno
import socket
import sys
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..assets.static import never_published
from ..errors import ServeError
from .livereload import (
    EVENTS_URL,
    SCRIPT_URL,
    STREAM_KEEPALIVE,
    Broadcaster,
    inject,
    live_script,
    stream_event,
    stream_preamble,
)

HTML = "text/html; charset=utf-8"
# Explicit, so that answers do not depend on the machine's /etc/mime.types.
CONTENT_TYPES: dict[str, str] = {
    ".html": HTML,
    ".htm": HTML,
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}
# Seconds between keep-alive comments on an idle event stream.
KEEPALIVE_S = 15.0
# The build swaps its new output in with two renames; a request landing between them
# waits for the new folder rather than answering 404 (bounded: 100 x 10 ms).
SWAP_WAITS = 100

NO_404_PAGE = b"<!DOCTYPE html>\n<title>Not found</title>\n<body><h1>Not found</h1></body>\n"
NO_SITE = (
    b"<!DOCTYPE html>\n<title>No build yet</title>\n<body><h1>No build yet</h1>"
    b"<p>The first build failed: see the error below or in the terminal, fix it and save."
    b"</p></body>\n"
)


@dataclass(frozen=True)
class Target:
    """What a request path leads to: a file to send, a redirect, or an error status."""

    status: HTTPStatus
    file: Path | None = None
    location: str = ""


def locate(root: Path, request_path: str) -> Target:
    """Map a request path (as sent, still percent-encoded) to a file inside ``root``."""
    path, _, query = request_path.partition("#")[0].partition("?")
    try:
        text = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return Target(HTTPStatus.BAD_REQUEST)
    parts = [part for part in text.split("/") if part]
    if not text.startswith("/") or "\0" in text or any(p in (".", "..") for p in parts):
        return Target(HTTPStatus.BAD_REQUEST)
    if any(never_published(part) for part in parts):
        return Target(HTTPStatus.NOT_FOUND)  # .git/, .env, backups: as if not there
    try:
        return _find(root.resolve(), parts, folder_url=text.endswith("/"), query=query)
    except (OSError, RuntimeError):  # a name too long, a symlink loop: nothing to serve
        return Target(HTTPStatus.NOT_FOUND)


def _find(real_root: Path, parts: list[str], folder_url: bool, query: str) -> Target:
    found = real_root.joinpath(*parts).resolve()
    if found.is_dir() and found.is_relative_to(real_root):
        if not folder_url:
            folder = "/" + "".join(quote(part) + "/" for part in parts)
            return Target(HTTPStatus.MOVED_PERMANENTLY, location=folder + (query and "?" + query))
        found = (found / "index.html").resolve()
    if found.is_file() and found.is_relative_to(real_root):
        return Target(HTTPStatus.OK, found)
    return Target(HTTPStatus.NOT_FOUND)


def not_found_page(root: Path, request_path: str) -> Path | None:
    """The 404 page for a missing path: that of the edition whose folder the path is in
    (``/en/x/`` -> ``/en/404.html``), else the site's own, as a static host set up for
    editions answers; found through ``locate``, so never from outside ``root``."""
    first = request_path.partition("?")[0].lstrip("/").split("/", 1)[0]
    candidates = (f"/{first}/404.html", "/404.html") if first else ("/404.html",)
    for url in candidates:
        target = locate(root, url)
        if target.status == HTTPStatus.OK and target.file is not None:
            return target.file
    return None


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


class PreviewServer(ThreadingHTTPServer):
    """Serves ``output_dir``; with ``live_reload`` pages get the script and event stream."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], output_dir: Path, builds: Broadcaster, live_reload: bool
    ) -> None:
        self.output_dir = output_dir
        self.builds = builds
        self.live_reload = live_reload
        super().__init__(address, PreviewHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-answer is normal (a reload, a closed tab): stay quiet."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"


class PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


def open_server(
    host: str, port: int, output_dir: Path, builds: Broadcaster, live_reload: bool
) -> PreviewServer:
    """Listen on ``host:port`` (port 0: any free one); a clear ServeError if that fails."""
    server_class = PreviewServer6 if ":" in host else PreviewServer
    try:
        return server_class((host, port), output_dir, builds, live_reload)
    except OSError as exc:
        raise ServeError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    where = f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return f"cannot listen on {where}: the port is already in use (choose another --port, or 0)"
    if exc.errno == errno.EACCES:
        return f"cannot listen on {where}: not allowed (ports below 1024 need privileges)"
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {where}: not an address of this machine (check --host)"
    return f"cannot listen on {where}: {exc.strerror or exc}"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "parsite-preview"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build results and errors."""

    def _answer(self, send_body: bool) -> None:
        path = self.path.partition("?")[0]
        if self.server.live_reload and path == EVENTS_URL:
            self._stream(self.server.builds, send_body)
            return
        if self.server.live_reload and path == SCRIPT_URL:
            self._send(HTTPStatus.OK, live_script(), content_type(Path(path)), send_body)
            return
        target = self._locate()
        if target.status == HTTPStatus.MOVED_PERMANENTLY:
            self._send(target.status, b"", "text/plain; charset=utf-8", send_body, target.location)
        elif target.file is not None:
            self._send_file(target.status, target.file, send_body)
        elif target.status == HTTPStatus.NOT_FOUND:
            self._send_not_found(send_body)
        else:
            self._send(target.status, b"bad request\n", "text/plain; charset=utf-8", send_body)

    def _locate(self) -> Target:
        target = locate(self.server.output_dir, self.path)
        for _ in range(SWAP_WAITS):
            if target.status != HTTPStatus.NOT_FOUND or not _mid_swap(self.server):
                break
            time.sleep(0.01)
            target = locate(self.server.output_dir, self.path)
        return target

    def _send_not_found(self, send_body: bool) -> None:
        page = not_found_page(self.server.output_dir, self.path)
        if page is not None:
            self._send_file(HTTPStatus.NOT_FOUND, page, send_body)
        else:
            body = NO_SITE if self.server.builds.state.build == 0 else NO_404_PAGE
            self._send(HTTPStatus.NOT_FOUND, self._with_script(body), HTML, send_body)

    def _send_file(self, status: HTTPStatus, file: Path, send_body: bool) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # replaced by a rebuild between locating and reading it
            self._send(HTTPStatus.NOT_FOUND, b"", HTML, send_body)
            return
        kind = content_type(file)
        self._send(status, self._with_script(data) if kind == HTML else data, kind, send_body)

    def _with_script(self, page: bytes) -> bytes:
        return inject(page, self.server.builds.state) if self.server.live_reload else page

    def _send(
        self, status: int, body: bytes, kind: str, send_body: bool, location: str = ""
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # A preview is always fresh: the browser must not answer from its cache.
        self.send_header("Cache-Control", "no-store")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _stream(self, builds: Broadcaster, send_body: bool) -> None:
        """Send the current build state, then each new one, until the server stops."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not send_body:
            return
        state = builds.state
        self.wfile.write(stream_preamble() + stream_event(state))
        while (latest := builds.wait(state, KEEPALIVE_S)) is not None:
            self.wfile.write(STREAM_KEEPALIVE if latest is state else stream_event(latest))
            state = latest


def _mid_swap(server: PreviewServer) -> bool:
    """True while a good build exists but its folder is (briefly) renamed away."""
    return server.builds.state.build > 0 and not server.output_dir.exists()
