"""Pagefind's indexer run as one service process per build, spoken to directly.

Pagefind's binary (``pagefind --service``, shipped by the ``pagefind_bin`` packages)
reads requests and writes answers as base64 JSON, each ended by a comma. The Python
package around it (``pagefind.index``) polls for answers every 0.1 s, one answer a
poll: 10,000 records would take over 15 minutes. This client writes a partition's
requests from a thread while it reads the answers, so a record costs what Pagefind
takes to index it. One process builds every partition a build needs, each as its own
index, written to its own folder.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import subprocess
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import SiteError

Record = Mapping[str, Any]  # url, content, language, meta, filters, sort


def executable() -> Path:
    """The Pagefind binary of the installed ``pagefind_bin_extended`` or ``pagefind_bin``."""
    for name in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        return Path(module.get_executable())
    raise SiteError(
        "search needs Pagefind's binary: pip install 'pagefind[extended]' "
        "(or set search: false in parsite.yaml)"
    )


@functools.cache  # a metadata look-up scans sys.path: once a process
def version() -> str:
    """The version of the Pagefind binary, which shapes every byte of its index."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    for name in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return f"{name} {installed(name)}"
        except PackageNotFoundError:
            continue
    return "none"


class PagefindService:
    """One ``pagefind --service`` process; ``close`` ends it."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [str(executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._sent = 0
        self._buffer = bytearray()

    def index_files(self, records: Sequence[Record]) -> dict[str, bytes]:
        """Index ``records`` as a new index: the files of its bundle, by relative path.
        (Asked for, not written by Pagefind: its ``WriteFiles`` was seen to answer before
        a file it wrote had its bytes.)"""
        index = self._ask({"type": "NewIndex", "config": {}})["index_id"]
        requests = [
            *({"type": "AddRecord", "index_id": index, **record} for record in records),
            {"type": "GetFiles", "index_id": index},
        ]
        stdin = self._process.stdin
        assert stdin is not None
        first = self._sent + 1
        self._sent += len(requests)
        writer = threading.Thread(target=_send_quietly, args=(stdin, first, requests))
        writer.start()
        last = first + len(requests) - 1
        waiting = set(range(first, last + 1))
        files: dict[str, bytes] = {}
        try:
            while waiting:  # answers may come in any order: wait for each by its number
                number, answer = self._answer()
                waiting.discard(number)
                if number == last:
                    files = {f["path"]: base64.b64decode(f["content"]) for f in answer["files"]}
        except BaseException:
            self._process.kill()  # unblocks the writer
            raise
        finally:
            writer.join()
        self._ask({"type": "DeleteIndex", "index_id": index})
        return files

    def _ask(self, payload: Mapping[str, Any]) -> Mapping[str, Any]:
        stdin = self._process.stdin
        assert stdin is not None
        self._sent += 1
        _send_all(stdin, self._sent, [payload])
        while True:
            number, answer = self._answer()
            if number == self._sent:
                return answer

    def _answer(self) -> tuple[int | None, Mapping[str, Any]]:
        """The next answer: the number of the request it answers, and its payload."""
        stdout = self._process.stdout
        assert stdout is not None
        scanned = 0
        while (end := self._buffer.find(b",", scanned)) < 0:
            scanned = len(self._buffer)
            chunk = stdout.read1(1 << 20)  # type: ignore[attr-defined]
            if not chunk:
                raise SiteError("Pagefind's indexer stopped unexpectedly (is it installed whole?)")
            self._buffer.extend(chunk)
        message = json.loads(base64.b64decode(bytes(self._buffer[:end])))
        del self._buffer[: end + 1]
        payload: Mapping[str, Any] = message.get("payload") or {}
        if payload.get("type") == "Error":
            raise SiteError(f"Pagefind could not index the stories: {payload.get('message')}")
        number = message.get("message_id")
        return (number if isinstance(number, int) else None), payload

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


def _send_all(stdin: IO[bytes], first: int, payloads: Iterable[Mapping[str, Any]]) -> None:
    for number, payload in enumerate(payloads, first):
        message = json.dumps({"message_id": number, "payload": payload}).encode("utf-8")
        stdin.write(base64.b64encode(message) + b",")
    stdin.flush()


def _send_quietly(stdin: IO[bytes], first: int, payloads: Iterable[Mapping[str, Any]]) -> None:
    """``_send_all`` in the writer thread: if the process died, the reader says why."""
    with contextlib.suppress(OSError):
        _send_all(stdin, first, payloads)
