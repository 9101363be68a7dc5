"""Splitting a source file into front matter and body, and parsing the front matter.

Three formats, as Hugo reads them: YAML between ``---`` lines, TOML between ``+++``
lines, JSON as a ``{...}`` object opening the file (or between ``---json`` and ``---``).
Errors carry the line in the *file* (not in the block), so an editor can jump to it,
and every problem of the block is reported, each at its own line.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FrontMatterError
from .quoting import quoted
from .yamlsafe import YamlProblem, load_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

_FENCES = {"---": "---", "+++": "+++", "---json": "---"}
_FORMATS = {"---": "yaml", "+++": "toml", "---json": "json"}
_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class SplitSource:
    """The two halves of a source file; ``body_line`` is the file line the body starts on.
    ``yaml_text`` is the front matter's text, whatever its ``format``."""

    yaml_text: str
    body: str
    body_line: int
    format: str = "yaml"
    first_line: int = 2  # the file line of the block's first line


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter: values, each top-level key's file line, every problem."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    errors: tuple[FrontMatterError, ...] = ()


def split_front_matter(text: str, path: Path) -> SplitSource:
    """Cut ``text`` (already NFC, ``\\n`` line ends) at its fences."""
    first_line = text.split("\n", 1)[0].rstrip()
    if first_line.startswith("{"):
        return _split_json_object(text, path)
    if first_line not in _FENCES:
        raise FrontMatterError(
            path,
            "no front matter: the file must start with a line '---', then 'title:' and "
            "'date:' lines, then another '---' (or TOML between '+++' lines, or JSON)",
            line=1,
        )
    fence = _FENCES[first_line]
    start = text.find("\n") + 1 if "\n" in text else len(text)
    closing = re.compile(rf"^{re.escape(fence)}[ \t]*$", re.MULTILINE).search(text, start)
    if closing is None:
        raise FrontMatterError(
            path,
            f"front matter is not closed: add a line '{fence}' after the last 'key: value' line",
            line=1,
        )
    body_line = text.count("\n", 0, closing.end()) + 2
    return SplitSource(
        text[start : closing.start()],
        text[closing.end() + 1 :],
        body_line,
        _FORMATS[first_line],
    )


def _split_json_object(text: str, path: Path) -> SplitSource:
    try:
        end: int | None = json.JSONDecoder().raw_decode(text)[1]
    except (ValueError, RecursionError):
        end = _json_end(text)
    if end is None:
        raise FrontMatterError(
            path, "JSON front matter is not closed: end the object with '}'", line=1
        )
    body_line = text.count("\n", 0, end) + 2
    body = text[end:]
    body = body[body.find("\n") + 1 :] if "\n" in body else ""
    return SplitSource(text[:end], body, body_line, "json", first_line=1)


def _json_end(text: str) -> int | None:
    """Where a broken JSON object most likely ends: the first line that is just '}'."""
    match = re.search(r"^\}[ \t]*$", text, re.MULTILINE)
    return match.end() if match else None


def read_front_matter(split: SplitSource, path: Path) -> FrontMatter:
    """Parse the block in its format; problems are collected, never raised. Values
    come with the problems that do not stop reading them (duplicate keys, bad numbers)."""
    if split.format == "toml":
        return _toml(split, path)
    if split.format == "json":
        return _json(split, path)
    document = load_yaml(split.yaml_text, split.first_line)
    errors = tuple(_error(path, p) for p in document.problems)
    if document.data is None:
        return FrontMatter({}, dict(document.lines), errors)
    parsed = _mapping(document.data, dict(document.lines), path, split.first_line)
    return FrontMatter(parsed.data, parsed.lines, errors + parsed.errors)


def parse_front_matter(yaml_text: str, path: Path) -> dict[str, Any]:
    """The YAML block as a mapping (block starts on file line 2); raise its first problem."""
    parsed = read_front_matter(SplitSource(yaml_text, "", 0), path)
    if parsed.errors:
        raise parsed.errors[0]
    return parsed.data


def _mapping(data: object, lines: dict[str, int], path: Path, line: int) -> FrontMatter:
    if not isinstance(data, dict):
        error = FrontMatterError(path, "front matter must be 'key: value' lines", line=line)
        return FrontMatter({}, {}, (error,))
    return FrontMatter({str(k): v for k, v in data.items()}, lines)


def _error(path: Path, problem: YamlProblem) -> FrontMatterError:
    message = problem.message
    if message.startswith("invalid YAML"):
        message = message.replace("invalid YAML", "invalid YAML in front matter", 1) + (
            " (check quotes and the 'key: value' form; quote text that contains ': ')"
        )
    return FrontMatterError(path, message, line=problem.line)


def _toml(split: SplitSource, path: Path) -> FrontMatter:
    try:
        data = tomllib.loads(split.yaml_text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) + split.first_line - 1 if found else split.first_line
        problem = quoted(str(exc).split(" (at ")[0], 120)[1:-1]
        error = FrontMatterError(path, f"invalid TOML in front matter: {problem}", line=line)
        return FrontMatter({}, {}, (error,))
    except (ValueError, RecursionError):  # a 5,000-digit number; arrays 1,000 deep
        error = FrontMatterError(
            path, "invalid TOML in front matter: a number too long or nesting too deep", line=2
        )
        return FrontMatter({}, {}, (error,))
    lines = _lines(split, r"^[ \t]*[\"']?{}[\"']?[ \t]*=", data)
    return _mapping(data, lines, path, split.first_line)


def _json(split: SplitSource, path: Path) -> FrontMatter:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        data = json.loads(split.yaml_text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        line = exc.lineno + split.first_line - 1
        error = FrontMatterError(path, f"invalid JSON in front matter: {exc.msg}", line=line)
        return FrontMatter({}, {}, (error,))
    except (ValueError, RecursionError):
        error = FrontMatterError(
            path, "invalid JSON in front matter: a number too long or nesting too deep", line=1
        )
        return FrontMatter({}, {}, (error,))
    lines = _lines(split, r"^[ \t]*\"{}\"[ \t]*:", data if isinstance(data, dict) else {})
    errors = tuple(
        FrontMatterError(path, f"duplicate key {quoted(k)} (keep one)", line=lines.get(k, 1))
        for k in dict.fromkeys(duplicates)
    )
    if errors:
        return FrontMatter({}, lines, errors)
    return _mapping(data, lines, path, split.first_line)


def _lines(split: SplitSource, pattern: str, data: dict[str, Any]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for key in data:
        match = re.compile(pattern.format(re.escape(str(key))), re.MULTILINE).search(
            split.yaml_text
        )
        if match:
            lines[str(key)] = split.yaml_text.count("\n", 0, match.start()) + split.first_line
    return lines


def key_line(yaml_text: str, key: str, first_line: int = 2) -> int | None:
    """The file line where ``key:`` (or ``"key":``) is written, for messages about it.

    ``first_line`` is the file line of the YAML's first line: 2 in front matter (after
    the opening ``---``), 1 in a whole-file YAML like parsite.yaml.
    """
    pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*:", re.MULTILINE)
    match = pattern.search(yaml_text)
    return yaml_text.count("\n", 0, match.start()) + first_line if match else None
