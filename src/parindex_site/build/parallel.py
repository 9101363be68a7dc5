"""Both cores: run a function over slices of a list, in this process and forked workers.

``fork`` (not ``spawn``) is the point: a worker starts in a millisecond with the parent's
memory shared copy-on-write, so the whole ``Site`` reaches the render workers without
being pickled, and the work function can be a closure. This process does the first
slice itself; each worker sends its slice's results back through a pipe; results come
back in input order, so output stays deterministic whatever the scheduling. Workers
report progress on the same pipe.

A ``SiteError`` raised in a worker is re-raised in the parent as the same class with the
same message (error classes have their own ``__init__`` signatures, so they are rebuilt
field by field rather than through their constructors).
"""

from __future__ import annotations

import ctypes
import gc
import io
import os
import pickle
import select
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from ..errors import SiteError

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int], None]  # a worker's report: n more items done
Tally = Callable[[int, int], None]  # the caller's view: done so far, total
_HEADER = struct.Struct("!BQ")  # message kind, payload length
_RESULT, _PROGRESS, _ERROR = 0, 1, 2
_PR_SET_PDEATHSIG = 1


Work = Callable[[Sequence[T], Progress], R]  # work(items, report); report(n): n more done


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork only where it is safe: not on macOS, and not from a process with threads
    (``serve``'s server and watcher): a lock held by another thread at the moment of the
    fork would stay locked forever in the worker."""
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return False
    return threading.active_count() == 1


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a build without the cyclic garbage collector, restoring it after.

    A build holds ~10,000 articles (and their terms, dates and pages) for its whole
    length, and the collector's full passes walk all of them again and again while the
    cache is unpickled and the model is built: a third of a no-change rebuild. The
    steps that make cycles by the thousand (rendering) run with the collector on for
    their own objects (``run_slices``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """``parts`` interleaved slices (item i goes to slice i % parts), none empty unless
    ``items`` is: neighbours often cost alike (story pages, then list pages), so
    interleaving keeps the workers equally busy where halves would not."""
    parts = max(1, min(parts, len(items)))
    return [items[index::parts] for index in range(parts)]


def unsplit(parts: Sequence[Sequence[T]]) -> list[T]:
    """The items of ``split``'s slices (or of lists aligned with them) in input order."""
    merged: list[T] = []
    for row in range(max((len(part) for part in parts), default=0)):
        merged.extend(part[row] for part in parts if row < len(part))
    return merged


def run_slices(
    work: Work[T, R],
    items: Sequence[T],
    workers: int,
    on_progress: Tally | None = None,
) -> list[R]:
    """``work`` over ``workers`` slices of ``items`` (see ``split``); one result per slice.

    With one worker (or no ``fork``) the work runs in this process: same code, same bytes.
    """
    done = 0

    def report(count: int) -> None:
        nonlocal done
        done += count
        if on_progress is not None and count:
            on_progress(done, len(items))

    slices = split(items, workers)
    with _collecting_new():
        if len(slices) == 1 or not can_fork():
            return [work(part, report) for part in slices]
        # This process does the first slice while a forked worker does each other one:
        # a fork fewer, whose copy of this process's memory (page by page, as a worker
        # touches it) would cost more than the wait, and a result that needs no pipe.
        children = [_start(work, part) for part in slices[1:]]
        try:
            first = work(slices[0], report)
        except BaseException:
            _stop(children)
            raise
        return [first, *_collect(children, report)]


def _stop(children: Sequence[_Child]) -> None:
    """End and reap workers whose results are no longer wanted."""
    for child in children:
        with suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        os.close(child.fd)
        os.waitpid(child.pid, 0)


@contextmanager
def _collecting_new() -> Iterator[None]:
    """The cyclic collector on for the objects a step makes, and only for them.

    Jinja's rendering leaves objects in reference cycles (a median of 21 a page of the
    demo site), so a render step under ``paused_gc`` grew each worker by over 100 MB
    at 10,000 stories. Frozen
    objects are never scanned, so the collector walks only what the step made: not the
    site inherited or held, which would cost time and, in a forked worker, copy the
    parent's memory page by page."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()
        gc.unfreeze()


@dataclass
class _Child:
    pid: int
    fd: int
    buffer: bytearray
    result: Any = None
    done: bool = False


def _start(work: Work[T, R], part: Sequence[T]) -> _Child:
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        raise
    if pid == 0:  # the worker: never return into the parent's code, never run its atexit
        os.close(read_fd)
        _die_with_parent(parent)
        code = 0
        try:
            with os.fdopen(write_fd, "wb") as pipe:
                _serve(work, part, pipe)
        except BaseException:  # the parent sees a missing result and reports it
            code = 1
        os._exit(code)
    os.close(write_fd)
    return _Child(pid, read_fd, bytearray())


def _serve(work: Work[T, R], part: Sequence[T], pipe: io.BufferedWriter) -> None:
    def report(count: int) -> None:
        _send(pipe, _PROGRESS, count)
        pipe.flush()

    try:
        result = work(part, report)
    except SiteError as exc:
        _send(pipe, _ERROR, exc)
    except Exception as exc:  # a bug: the parent reports it with the worker's traceback
        text = "".join(traceback.format_exception(exc))
        _send(pipe, _ERROR, WorkerError(f"a worker process failed:\n{text}"))
    else:
        _send(pipe, _RESULT, result)


class WorkerError(SiteError):
    """An unexpected failure in a worker: a bug in parsite, with the worker's traceback."""


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when the parent dies (``kill -9`` included), so
    no orphan goes on writing into a tree that nobody will publish."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's pipe closing ends it
        pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _send(pipe: io.BufferedWriter, kind: int, value: object) -> None:
    payload = dumps(value)
    pipe.write(_HEADER.pack(kind, len(payload)))
    pipe.write(payload)


def _collect(children: list[_Child], report: Progress) -> list[Any]:
    errors: dict[int, SiteError] = {}  # by child, so the error raised does not depend on
    try:  # which worker happened to report first
        open_fds = {child.fd: child for child in children}
        while open_fds:
            ready, _, _ = select.select(list(open_fds), [], [])
            for fd in ready:
                child = open_fds[fd]
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    del open_fds[fd]
                    continue
                child.buffer += chunk
                error = _drain(child, report)
                if error is not None:
                    errors.setdefault(children.index(child), error)
    finally:
        for child in children:
            os.close(child.fd)
            os.waitpid(child.pid, 0)
    if errors:
        raise errors[min(errors)]
    missing = [child.pid for child in children if not child.done]
    if missing:
        raise WorkerError(
            f"worker processes {missing} ended without a result (killed, or out of memory?); "
            "build again, with --jobs 1 to use one process"
        )
    return [child.result for child in children]


def _drain(child: _Child, report: Progress) -> SiteError | None:
    """Handle every complete message in the child's buffer; return an error it sent."""
    error = None
    while len(child.buffer) >= _HEADER.size:
        kind, length = _HEADER.unpack_from(child.buffer)
        end = _HEADER.size + length
        if len(child.buffer) < end:
            break
        # Through a view: a slice would copy a worker's whole result (at 100,000 stories
        # the read step's is some 100 MB) before it is unpickled.
        with memoryview(child.buffer) as view:
            value = pickle.loads(view[_HEADER.size : end])
        del child.buffer[:end]
        if kind == _PROGRESS:
            report(value)
        elif kind == _ERROR:
            error, child.done = value, True
        else:
            child.result, child.done = value, True
    return error


class Pickler(pickle.Pickler):
    """Pickles what the standard pickler refuses or gets wrong: mapping proxies (front
    matter ``extra``), our error classes (whose constructors take several fields), and
    time zones by name (so that a cache needs no ``getattr`` to load them)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, MappingProxyType):
            return _mapping_proxy, (dict(obj),)
        if isinstance(obj, ZoneInfo):
            return _zone, (obj.key,)
        if isinstance(obj, SiteError):
            return _rebuild_error, (type(obj), obj.args, obj.__dict__)
        return NotImplemented


def dumps(value: object) -> bytes:
    """Pickle ``value`` (articles and errors included) at the highest protocol."""
    out = io.BytesIO()
    Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


def _mapping_proxy(items: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(items)


def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


def _rebuild_error(cls: type[SiteError], args: tuple[Any, ...], state: dict[str, Any]) -> SiteError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


PARALLEL_MIN = 400  # fewer items than this: one process is faster than forking


@dataclass
class Executor:
    """How a build's read and render steps use processes: ``jobs`` workers (``--jobs``;
    0: one per core once a step has ``threshold`` items). It remembers the most
    processes a step used, for the build's report."""

    jobs: int = 0
    threshold: int = PARALLEL_MIN
    used: int = 1

    def workers(self, items: int) -> int:
        automatic = cpu_count() if items >= self.threshold else 1
        wanted = max(1, min(self.jobs or automatic, items))
        return wanted if can_fork() else 1

    def run(self, work: Work[T, R], items: Sequence[T], progress: Tally | None = None) -> list[R]:
        workers = self.workers(len(items))
        self.used = max(self.used, workers)
        return run_slices(work, items, workers, progress)

    def start(
        self,
        work: Work[T, R],
        items: Sequence[T],
        progress: Tally | None = None,
        *,
        lazily: bool = False,
    ) -> Pending[R]:
        """``work`` over all of ``items`` in one forked process while this one goes on
        (``Pending.result`` waits for it, and passes on its progress then); in this
        process with ``--jobs 1`` or where forking is unsafe: now, or with ``lazily``
        (work whose result may never be asked for) when ``result`` is first called.
        Lazy work runs in a process of its own only where ``workers`` would give it
        two, and here when no process can be had."""
        if lazily and self.workers(len(items)) < 2:  # --jobs 1, one core, few items
            return Pending(None, None, progress, len(items), (work, items))
        if self.jobs == 1 or not can_fork():
            return Pending.of(run_slices(work, items, 1, progress)[0])
        try:
            child = _start(work, items)
        except OSError:  # no process to be had (a limit, no memory): in this one
            if lazily:
                return Pending(None, None, progress, len(items), (work, items))
            raise
        self.used = max(self.used, 2)
        return Pending(child, None, progress, len(items))


class Pending(Generic[R]):
    """A step started by ``Executor.start``: its result, once, or its error raised."""

    def __init__(
        self,
        child: _Child | None,
        done: tuple[R] | None,
        progress: Tally | None,
        total: int,
        later: tuple[Work[Any, R], Sequence[Any]] | None = None,
    ) -> None:
        self._child = child
        self._done = done  # the result, once there is one
        self._progress = progress
        self._total = total
        self._reported = 0
        self._later = later  # the work to do in this process when asked for its result
        self._failed: Exception | None = None

    @classmethod
    def of(cls, value: R) -> Pending[R]:
        """A step with nothing to do: its result already."""
        return cls(None, (value,), None, 0)

    def result(self) -> R:
        """The step's result; its error, raised again on every call."""
        if self._failed is not None:
            raise self._failed
        try:
            if self._done is None and self._later is not None:
                (work, items), self._later = self._later, None
                self._done = (run_slices(work, items, 1, self._progress)[0],)
            if self._done is None:
                child, self._child = self._child, None
                if child is None:
                    raise RuntimeError("the step was cancelled")
                self._done = (_collect([child], self._report)[0],)
        except Exception as exc:
            self._failed = exc
            raise
        return self._done[0]

    def _report(self, count: int) -> None:
        self._reported += count
        if self._progress is not None and count:
            self._progress(self._reported, self._total)

    def cancel(self) -> None:
        """End the step if it still runs: the build that started it failed, or does not
        need its result."""
        self._later = None
        child, self._child = self._child, None
        if child is not None:
            _stop([child])
