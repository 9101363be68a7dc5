"""Pagefind's index files made byte for byte reproducible.

Pagefind 1.5 writes the values of each filter (``filter/*.pf_filter``) and the list of
filters and sort keys in its metadata (``pagefind.*.pf_meta``) in the order of a Rust
``HashMap``, which is seeded at random in every process: the same records give files
that differ from one run to the next (measured: two runs of 100 records with one filter
differed in 3 of 4 cases). Everything else it writes (word index, fragments, scripts)
is the same every time. So each such file is read back -- gzip around ``pagefind_dcd``
and a CBOR document -- its lists put in sorted order and written again, and, since
Pagefind names these files by a digest of their content (the first characters of the
SHA-1 of the CBOR), renamed with the references to them. The browser looks a file up
by the name its references give and checks nothing else.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
_FILTER_NAME = re.compile(r"(?P<lang>[^_/]+)_(?P<hash>[0-9a-f]+)\.pf_filter")


class _Map(tuple[tuple[Any, Any], ...]):
    """A CBOR map, its pairs in the order read."""


def decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """One CBOR item of ``data`` at ``i`` and where the next begins (the kinds
    Pagefind writes: integers, strings, arrays, maps)."""
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n, i = int.from_bytes(data[i : i + size], "big"), i + size
    else:
        raise ValueError(f"CBOR item of unknown length at byte {i}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major in (2, 3):
        raw = data[i : i + n]
        return (bytes(raw) if major == 2 else raw.decode("utf-8")), i + n
    if major in (4, 5):
        items = []
        for _ in range(n * (2 if major == 5 else 1)):
            item, i = decode(data, i)
            items.append(item)
        if major == 5:
            return _Map(zip(items[::2], items[1::2], strict=True)), i
        return items, i
    raise ValueError(f"CBOR type {major} at byte {i}: not one Pagefind writes")


def encode(value: Any) -> bytes:
    """``value`` as CBOR, each length in its shortest form (as Pagefind writes it)."""
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value)
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    raise TypeError(f"cannot write {type(value).__name__} as CBOR")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("CBOR length over 64 bits")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name}: bytes after its CBOR document")
    return value


def _write(path: Path, value: Any, digits: int) -> str:
    """Write ``value`` as Pagefind would (gzip, without a time stamp) and return the
    digest Pagefind would name it by."""
    body = encode(value)
    path.write_bytes(gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0))
    return hashlib.sha1(body).hexdigest()[:digits]


def make_reproducible(bundle: Path) -> None:
    """Sort, rewrite and rename the filter files and the metadata of the Pagefind
    bundle in ``bundle`` (one language's index), in place."""
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        found = _FILTER_NAME.fullmatch(path.name)
        if found is None:
            raise ValueError(f"unexpected Pagefind filter file {path.name}")
        name, values = _read(path)
        values.sort(key=lambda pair: pair[0])
        digest = _write(path, [name, values], len(found["hash"]))
        new = f"{found['lang']}_{digest}"
        renamed[f"{found['lang']}_{found['hash']}"] = new
        path.rename(path.with_name(new + ".pf_filter"))
    for language in entry["languages"].values():
        old = language["hash"]
        meta_path = bundle / f"pagefind.{old}.pf_meta"
        meta = _read(meta_path)
        # [version, pages, index chunks, filters [name, file], sorts [name, order], meta keys]
        for part in meta[3:5]:
            part.sort(key=lambda pair: pair[0])
        meta[3] = [[name, renamed.get(file, file)] for name, file in meta[3]]
        lang, _, digest = old.rpartition("_")
        meta_path.unlink()
        language["hash"] = f"{lang}_{_digest_of(meta, len(digest))}"
        _write(bundle / f"pagefind.{language['hash']}.pf_meta", meta, len(digest))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def _digest_of(value: Any, digits: int) -> str:
    return hashlib.sha1(encode(value)).hexdigest()[:digits]
