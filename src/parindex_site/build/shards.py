"""The stories' cache files, whose bodies stay on disk until a page needs them.

A warm build needs every story's fields (lists, the sidebar, keys) but the bodies of only
the few pages it renders, the feeds it rewrites and the search part it re-indexes. The
bodies are five sixths of a story's bytes (49 of the 59 MB of the bench corpus's 10,000
stories' shards): unpickled
with the rest, they cost every build their reading, their copying and the memory a
forked worker may copy again. So a shard file holds, after the stamped head, the pickle
of its entries with each body replaced by where it lies in the file, then the bodies:

    head | b"<length of the pickle>\\n" | pickle | bodies (UTF-8, back to back)

Reading a shard reads its head and pickle and keeps the file open; a story's body is
read from it (one ``pread``) the first time it is asked for (``Article.body_html``).
The open file is the one whose pickle was read, so a shard replaced meanwhile, by this
build or another, cannot hand a story someone else's body. One file per shard, replaced
atomically: the pickle and the bodies it points into never come from two writes.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..content.models import Article
from ..errors import SiteError
from .parallel import Pickler
from .pickles import SafeUnpickler, head, write_atomically

_LENGTH_DIGITS = 20  # the pickle's length line, at most


class OpenFile:
    """An open file of bodies (a shard, a worker's spool), closed when no story's body
    points into it any more."""

    def __init__(self, fd: int, name: str) -> None:
        self.fd = fd
        self.name = name

    def __del__(self) -> None:
        os.close(self.fd)


class FileBody:
    """Where one story's body lies: ``length`` bytes at ``offset`` of ``file``."""

    __slots__ = ("file", "length", "offset")

    def __init__(self, file: OpenFile, offset: int, length: int) -> None:
        self.file, self.offset, self.length = file, offset, length

    def read(self) -> str:
        return self.read_bytes().decode("utf-8", "surrogatepass")

    def read_bytes(self) -> bytes:
        try:
            data = os.pread(self.file.fd, self.length, self.offset)
        except OSError as exc:
            message = f"{self.file.name}: cannot read a story's body ({exc.strerror})"
            raise SiteError(message) from None
        if len(data) != self.length:  # the file was checked whole when it was opened
            # Only something else writing into the cache folder does this: a build's own
            # files are replaced whole, never changed in place.
            raise SiteError(
                f"{self.file.name}: the file was cut short while this build read it "
                "(did something else change it?); build again, or run 'parsite clean' first"
            )
        return data


class _Place:
    """A body's place in the file being written (its persistent id)."""

    __slots__ = ("length", "offset")

    def __init__(self, offset: int, length: int) -> None:
        self.offset, self.length = offset, length


# The fields whose default the class itself holds (not those made by a factory).
_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(Article) if f.default is not dataclasses.MISSING
}


def _at_default(name: str, value: Any) -> bool:
    if name not in _DEFAULTS:
        return False
    default = _DEFAULTS[name]
    return type(value) is type(default) and value == default  # 0 is not False


class _ShardPickler(Pickler):
    """Pickles each story without its body, which goes to ``bodies`` instead."""

    def __init__(self, out: io.BytesIO, bodies: io.BytesIO) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.bodies = bodies

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Article:
            state = dict(vars(obj))
            source = state.pop("_body_source", None)
            if isinstance(source, FileBody):  # still in a file: copied as the bytes it is
                data = source.read_bytes()
            else:
                data = obj.body_html.encode("utf-8", "surrogatepass")
                state.pop("body_html", None)
            # A field at its default is left out: the class holds it (half the fields of
            # a typical story, and half the work of unpickling it).
            for name in [name for name, value in state.items() if _at_default(name, value)]:
                del state[name]
            state["_body_source"] = _Place(self.bodies.tell(), len(data))
            self.bodies.write(data)
            # Named __newobj__, the reducer pickles as NEWOBJ: the class, then its state.
            return copyreg.__newobj__, (Article,), state  # type: ignore[attr-defined]
        return super().reducer_override(obj)

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is _Place:
            return (obj.offset, obj.length)
        return None


class _ShardUnpickler(SafeUnpickler):
    def __init__(self, data: bytes, file: OpenFile, start: int, size: int) -> None:
        super().__init__(io.BytesIO(data))
        self.file, self.start, self.size = file, start, size

    def persistent_load(self, pid: Any) -> Any:
        offset, length = pid
        if not (isinstance(offset, int) and isinstance(length, int)):
            raise pickle.UnpicklingError("a body's place is not two numbers")
        if offset < 0 or length < 0 or self.start + offset + length > self.size:
            raise pickle.UnpicklingError("a body lies beyond the end of the file")
        return FileBody(self.file, self.start + offset, length)


def write_shard(path: Path, stamp_value: str, entries: Mapping[str, object]) -> None:
    """``entries`` as the shard file ``path``, the stories' bodies after the pickle."""
    out, bodies = io.BytesIO(), io.BytesIO()
    _ShardPickler(out, bodies).dump(dict(entries))
    data = out.getvalue()
    write_atomically(path, (head(stamp_value), b"%d\n" % len(data), data, bodies.getvalue()))


def read_shard(path: Path, stamp_value: str) -> Any:
    """The entries of the shard file ``path``, their stories' bodies still on disk; None
    if it is missing, another stamp's, cut short or damaged."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    file = OpenFile(fd, str(path))  # closes the file once nothing points into it
    start = head(stamp_value)
    try:
        first = os.pread(fd, len(start) + _LENGTH_DIGITS + 1, 0)
        end = first.find(b"\n", len(start))
        if not first.startswith(start) or end < 0 or not first[len(start) : end].isdigit():
            return None
        length = int(first[len(start) : end])
        data = os.pread(fd, length, end + 1)
        if len(data) != length:
            return None
        size = os.fstat(fd).st_size
        return _ShardUnpickler(data, file, end + 1 + length, size).load()
    except Exception:  # any damage at all: the cache is rebuilt, never trusted
        return None
