"""The cache's files: a stamped head, then a pickle that may name only the few classes a
cached value is made of. A file whose head is another stamp's, that does not unpickle,
or that names anything else, reads as None: a cache is rebuilt, never trusted."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path
from typing import Any

from .parallel import dumps

MAGIC = b"parsite-cache\n"
# Every class the cached values pickle into; anything else is foreign.
ALLOWED = frozenset(
    {
        ("parindex_site.content.models", "Article"),
        ("parindex_site.content.models", "Term"),
        ("parindex_site.build.parallel", "_mapping_proxy"),
        ("parindex_site.build.parallel", "_zone"),
        ("parindex_site.build.manifest", "Manifest"),
        ("parindex_site.build.manifest", "StatTable"),
        ("parindex_site.build.replay", "Replay"),
        ("parindex_site.build.replay", "Window"),
        ("parindex_site.build.cache", "Entry"),
        ("parindex_site.assets.variants", "PictureInfo"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
    }
)


def head(stamp_value: str) -> bytes:
    """What every cache file starts with: a magic line, then the stamp it holds for."""
    return MAGIC + stamp_value.encode("ascii") + b"\n"


def load_value(path: Path, stamp_value: str) -> Any:
    """The value stored at ``path`` under ``stamp_value``; None if missing or not valid."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = head(stamp_value)
    if not data.startswith(start):
        return None
    try:
        return SafeUnpickler(io.BytesIO(memoryview(data)[len(start) :])).load()
    except Exception:  # any damage at all: the cache is rebuilt, never trusted
        return None


def save_value(path: Path, stamp_value: str, value: object) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    write_atomically(path, (head(stamp_value), dumps(value)))


def write_atomically(path: Path, parts: tuple[bytes, ...]) -> None:
    """``parts`` as the file ``path``, through a temporary file renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as out:
        for part in parts:
            out.write(part)
    os.replace(temporary, path)


class SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsite cache")
