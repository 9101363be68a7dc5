"""Typed access to front-matter values. Every problem is recorded, not raised, so that a
file's errors are all reported in one run, each at the line of its key."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import FrontMatterError
from .dates import DateValueError, parse_moment
from .quoting import described, escaped, first_control, quoted


class FileErrors(FrontMatterError):
    """Several errors of one file, reported together, each at its own line."""

    def __init__(self, errors: Sequence[FrontMatterError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.message, first.line)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def together(errors: Sequence[FrontMatterError]) -> FrontMatterError:
    """One error as it is; several as a ``FileErrors``, in line order."""
    ordered = sorted(errors, key=lambda e: e.line or 0)
    return ordered[0] if len(ordered) == 1 else FileErrors(ordered)


class Fields:
    """The values of one file's front matter, read by key; ``errors`` collects problems."""

    def __init__(
        self, meta: Mapping[str, Any], lines: Mapping[str, int], path: Path, tz: ZoneInfo
    ) -> None:
        self.meta, self.lines, self.path, self.tz = meta, lines, path, tz
        self.errors: list[FrontMatterError] = []

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def error(self, key: str, message: str) -> FrontMatterError:
        """Record a problem of ``key``; returned too, for a caller that must stop."""
        error = FrontMatterError(self.path, message, line=self.line(key))
        self.errors.append(error)
        return error

    def missing(self, key: str, fix: str, known: Iterable[str]) -> None:
        """A required key is absent; a misspelt one ('Title:', 'data:') is pointed at."""
        unknown = [k for k in self.meta if k not in known]
        typo = difflib.get_close_matches(key, unknown, n=1, cutoff=0.7)
        if typo:
            self.error(typo[0], f"missing '{key}': write '{escaped(typo[0])}:' as '{key}:'")
        else:
            self.error(key, f"missing '{key}' ({fix})")

    def text(self, key: str) -> str:
        value = self.meta.get(key)
        if value is None or value == "":
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            hint = (
                "write it as categories: [...] or keep one value"
                if key == "category" and isinstance(value, list)
                else "quote it"
            )
            self.error(key, f"'{key}' must be text, not {described(value)} ({hint})")
            return ""
        return unicodedata.normalize("NFC", str(value)).strip()

    def date(self, key: str) -> tuple[dt.datetime, bool] | None:
        value = self.meta.get(key)
        if value is None:
            return None
        try:
            return parse_moment(value, self.tz)
        except DateValueError as exc:
            self.error(key, f"{key}: {exc}")
            return None

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.meta.get(key, default)
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false, not {described(value)}")
            return default
        return value

    def rank(self, key: str, limit: int) -> int | None:
        """An editor's rank: a whole number from ``-limit`` to ``limit``, lower first
        (Hugo's ``weight``); ``None`` when not given."""
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > limit:
            self.error(
                key,
                f"'{key}' must be a whole number from -{limit} to {limit}, lower first "
                f"(e.g. {key}: 1 for the day's top story), not {described(value)}",
            )
            return None
        return value

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            items: list[Any] = value.split(",")
        elif isinstance(value, list):
            items = value
        else:
            self.error(
                key,
                f"'{key}' must be a list like [PAR Index, SIPAS] or text, not {described(value)}",
            )
            return ()
        if any(not isinstance(i, str | int | float) or isinstance(i, bool) for i in items):
            self.error(key, f"every item of '{key}' must be text")
            return ()
        cleaned = (unicodedata.normalize("NFC", str(i)).strip() for i in items)
        return tuple(dict.fromkeys(i for i in cleaned if i))

    def check_controls(self) -> None:
        """Control characters anywhere in a value: an error naming the field (they make
        feeds invalid XML and can drive the terminal that prints a message)."""
        for key, value in self.meta.items():
            bad = first_control([key, value])
            if bad is not None:
                self.error(
                    key,
                    f"'{escaped(key)}' contains the control character {quoted(bad)[1:-1]} "
                    "(remove it; in double quotes, do not write escapes like \\x1b)",
                )
