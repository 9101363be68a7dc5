"""Run the real ``parsite serve`` in a subprocess and talk to it over HTTP.

Imported by the serve tests (``from serve_harness import Served``); the browser test has
a copy of only the start/stop part, since ``tests/browser`` cannot import from here.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, NamedTuple, TypeVar

T = TypeVar("T")

START_TIMEOUT_S = 60.0
# How long a change may take to show: generous, because the machine is shared; this is
# a deadline for a wait, not a measure of speed (benchmarks/serve_latency.py is).
CHANGE_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 30.0
_URL = re.compile(r"Serving .* at (http://127\.0\.0\.1:\d+)/")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Stopped(NamedTuple):
    code: int
    out: str
    err: str


def wait_for(check: Callable[[], T | None], what: str, timeout: float = CHANGE_TIMEOUT_S) -> T:
    """Poll ``check`` until it returns something truthy; fail, saying ``what``, at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.05)


class Served:
    """``parsite serve --port 0 --site SITE ARGS``; ``url`` is ``http://127.0.0.1:PORT``."""

    def __init__(self, site: Path, *args: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, "-m", "parindex_site", "serve", "--site", str(site)]
        self.proc = subprocess.Popen(
            [*command, "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # Tracebacks of every thread on SIGABRT: what stop() sends a preview that hangs.
            env={**os.environ, "PYTHONFAULTHANDLER": "1", **(env or {})},
            # A pytest started as a background job passes SIGINT on ignored.
            preexec_fn=_default_sigint,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            self._drain(self.proc.stdout, self.out),
            self._drain(self.proc.stderr, self.err),
        ]
        wait_for(
            lambda: self._printed_url() or self.proc.poll() is not None,
            "the URL to be printed",
            START_TIMEOUT_S,
        )
        url = self._printed_url()
        if url is None:
            stopped = self.stop()
            raise AssertionError(f"serve exited {stopped.code} before serving:\n{stopped.err}")
        self.url = url
        self.port = int(url.rsplit(":", 1)[1])

    def _printed_url(self) -> str | None:
        found = _URL.search("".join(self.out))
        return found.group(1) if found else None

    @staticmethod
    def _drain(stream: IO[str] | None, into: list[str]) -> threading.Thread:
        def run() -> None:
            assert stream is not None
            for line in stream:
                into.append(line)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def get(self, path: str, method: str = "GET") -> Answer:
        """Send ``path`` exactly as given (no client-side normalisation)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            body = response.read()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
        finally:
            connection.close()

    def stop(self, sig: int = signal.SIGINT) -> Stopped:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGABRT)
            self.proc.wait(timeout=STOP_TIMEOUT_S)
            for reader in self._readers:
                reader.join(timeout=10)
            raise AssertionError(
                f"serve did not stop within {STOP_TIMEOUT_S} s of signal {sig}; "
                f"its threads were:\n{''.join(self.err)}"
            ) from None
        for reader in self._readers:
            reader.join(timeout=10)
        return Stopped(code, "".join(self.out), "".join(self.err))

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
