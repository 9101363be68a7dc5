"""Splitting a source file into YAML front matter and Markdown body, and parsing the YAML.

Errors carry the line in the *file* (not in the YAML block), so an editor can jump to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import FrontMatterError

# The C loader is ~10x faster; both give the same values for what we accept.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, except that an impossible unquoted date stays text."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    # PyYAML raises a bare ValueError (no line, not a YAMLError) for `date: 2022-02-31`;
    # as text it reaches the date check, which names the line and suggests a real date.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class SplitSource:
    """The two halves of a source file; ``body_line`` is the file line the body starts on."""

    yaml_text: str
    body: str
    body_line: int


def split_front_matter(text: str, path: Path) -> SplitSource:
    """Cut ``text`` (already NFC, ``\\n`` line ends) at its ``---`` fences."""
    first_line = text.split("\n", 1)[0]
    if first_line.rstrip() != "---":
        raise FrontMatterError(
            path,
            "no front matter: the file must start with a line '---', then 'title:' and "
            "'date:' lines, then another '---'",
            line=1,
        )
    start = len(first_line) + 1
    closing = _FENCE.search(text, start)
    if closing is None:
        raise FrontMatterError(
            path,
            "front matter is not closed: add a line '---' after the last 'key: value' line",
            line=1,
        )
    yaml_text = text[start : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, closing.end()) + 2
    return SplitSource(yaml_text, text[body_start:], body_line)


def parse_front_matter(yaml_text: str, path: Path) -> dict[str, Any]:
    """Parse the YAML block into a mapping; errors point at the file line (block starts on 2)."""
    try:
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(
            path,
            f"invalid YAML in front matter: {problem} "
            "(check quotes and the 'key: value' form; quote text that contains ': ')",
            line=line,
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(path, "front matter must be 'key: value' lines", line=2)
    return {str(k): v for k, v in data.items()}


def key_line(yaml_text: str, key: str, first_line: int = 2) -> int | None:
    """The file line where ``key:`` is written, for messages about that field.

    ``first_line`` is the file line of the YAML's first line: 2 in front matter (after
    the opening ``---``), 1 in a whole-file YAML like parsite.yaml.
    """
    pattern = re.compile(rf"^{re.escape(key)}\s*:", re.MULTILINE)
    match = pattern.search(yaml_text)
    return yaml_text.count("\n", 0, match.start()) + first_line if match else None
