"""Bodies of the stories a worker parses, handed to the build through a file, not a pipe.

A cold build parses every story in forked workers, which used to send each story back
whole: the build then held every body at once, first as the bytes read from the pipe,
then as text, for the rest of the build (a 10,000-story cold build peaked at 225 MB; it
now peaks at 132 MB). A
worker instead appends each body to a file of its own in the build's scratch folder
and sends the story without it, with the body's place; the build opens the file once
and reads a body from it whenever a page, a feed, the search index or a cache shard
asks for it (``shards.FileBody``). The scratch folder goes when the build ends, and
an open file stays readable after.

A worker that cannot write its file (a full disk) sends the rest of its stories whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..content.models import Article, BodyToCome, with_fields
from ..errors import SiteError
from .shards import FileBody, OpenFile

Place = tuple[int, int]  # offset, length of a body in its worker's file


class Spool:
    """One worker's file of bodies."""

    def __init__(self, folder: Path) -> None:
        self.path: str | None = None
        self._fd = -1
        self._offset = 0
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # A name of its own (O_EXCL): two spools of one process, were a step ever to
            # run its slices in turn, must not share a file.
            self._fd, self.path = tempfile.mkstemp(suffix=".bodies", dir=folder)
        except OSError:
            self.path = None  # every story goes whole

    def hold(self, article: Article) -> tuple[Article, Place | None]:
        """The story without its body and the body's place; the story as it is once the
        file cannot be written (the bodies already in it stay where they are)."""
        if self._fd < 0:
            return article, None
        data = article.body_html.encode("utf-8", "surrogatepass")
        try:
            written = os.write(self._fd, data)
            while written < len(data):
                written += os.write(self._fd, data[written:])
        except OSError:
            self._stop()
            return article, None
        place = (self._offset, len(data))
        self._offset += len(data)
        return without_body(article), place

    def close(self) -> str | None:
        """The file's name, once every body is in it (None: no file)."""
        self._stop()
        return self.path

    def _stop(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def without_body(article: Article) -> Article:
    """A copy of the story whose body is to come: it pickles without one, and a read of
    its body fails until ``attach`` gives it its place."""
    copy = with_fields(article, _body_source=BodyToCome())
    del vars(copy)["body_html"]
    return copy


def attach(path: str, stories: Iterable[tuple[Article, Place]]) -> None:
    """Give each story sent by a worker the place of its body in the worker's file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as exc:
        raise SiteError(f"{path}: cannot read the stories' bodies ({exc.strerror})") from None
    file = OpenFile(fd, path)  # closes the file once no story points into it
    size = os.fstat(fd).st_size
    for article, (offset, length) in stories:
        if offset + length > size:
            raise SiteError(
                f"{path}: the stories' bodies were cut short (did something else change "
                "the build's work folder?); build again"
            )
        vars(article)["_body_source"] = FileBody(file, offset, length)
