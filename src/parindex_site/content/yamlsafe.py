"""YAML that hostile or broken input cannot make slow, huge or a traceback.

Front matter and ``parsite.yaml`` are parsed in three steps: a text scan refuses nesting
deeper than any real file has (libyaml takes minutes on 100,000 ``[`` and its composer
crashes the process), the node graph is measured as it would be with every alias expanded
("billion laughs": 470 bytes, 1.6 GB) and checked for duplicate keys and unsupported tags,
and only then is it turned into Python values, each bad scalar (a 5,000-digit number,
``!!float 'abc'``) recorded as a problem at its own line instead of raising.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .quoting import quoted

MAX_DEPTH = 50  # real front matter nests 2 or 3 levels
MAX_NODES = 20_000  # values after expanding every alias
MAX_INDENT = 200  # columns of leading spaces and "- " markers
MAX_DIGITS = 100  # a longer number is not a front-matter value
_STANDARD = "tag:yaml.org,2002:"
_TAGS = frozenset(
    _STANDARD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
) | {_STANDARD + "merge"}
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BRACKET = re.compile(r"[\[\]{}\n]")


@dataclass(frozen=True)
class YamlProblem:
    line: int  # in the file
    message: str


@dataclass(frozen=True)
class ItemLines:
    """Where one item of a top-level list is written: its first line and, for a mapping,
    each of its keys' lines (``sections:`` entries are reported at their own lines)."""

    line: int
    keys: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class YamlDocument:
    """The values (None if the text could not be read), each top-level key's file line,
    the lines of the items of each top-level list, and every problem found."""

    data: Any
    lines: Mapping[str, int] = field(default_factory=dict)
    problems: tuple[YamlProblem, ...] = ()
    items: Mapping[str, tuple[ItemLines, ...]] = field(default_factory=dict)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, recording bad scalars in ``problems`` instead of raising."""

    first_line = 1
    problems: list[YamlProblem]

    def note(self, node: yaml.Node, message: str) -> str:
        self.problems.append(YamlProblem(node.start_mark.line + self.first_line, message))
        return str(node.value)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> object:
        text = str(node.value)
        if len(text) > MAX_DIGITS:
            return self.note(node, f"a number of {len(text)} digits is too long (quote it)")
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.note(node, f"{quoted(text)} is not a whole number")

    def construct_yaml_float(self, node: yaml.ScalarNode) -> object:
        try:
            return super().construct_yaml_float(node)
        except ValueError:
            return self.note(node, f"{quoted(str(node.value))} is not a number")

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> object:
        try:
            return super().construct_yaml_bool(node)
        except (KeyError, ValueError):
            return self.note(node, f"{quoted(str(node.value))} is not true or false")

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        # `2022-02-31`, year 0 or an offset past year 1 make PyYAML raise without a line;
        # as text the value reaches the date check, which names the field and the fix.
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError, AttributeError):
            return str(node.value)


for _tag, _method in (
    ("int", _Loader.construct_yaml_int),
    ("float", _Loader.construct_yaml_float),
    ("bool", _Loader.construct_yaml_bool),
    ("timestamp", _Loader.construct_yaml_timestamp),
):
    _Loader.add_constructor(_STANDARD + _tag, _method)


def load_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text``, whose first line is line ``first_line`` of its file."""
    deep = _too_deep(text)
    if deep is not None:
        return _fail(deep + first_line, "nested too deeply (more than 50 levels)")
    loader = _Loader(text)
    loader.first_line, loader.problems = first_line, []
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None)
        measure = _Measure(first_line)
        problems = measure.check(node)
        if measure.fatal or (problems and not measure.only_duplicates):
            return YamlDocument(None, _key_lines(node, first_line), tuple(problems))
        # Duplicate keys alone: the values are still read, for the file's other errors.
        loader.problems.extend(problems)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return _fail(line, f"invalid YAML: {_bounded(str(problem))}")
    finally:
        loader.dispose()
    lines = _key_lines(node, first_line)
    return YamlDocument(data, lines, tuple(loader.problems), _item_lines(node, first_line))


def _fail(line: int, message: str) -> YamlDocument:
    return YamlDocument(None, {}, (YamlProblem(line, message),))


def _bounded(text: str) -> str:
    return quoted(text, 120)[1:-1]


def _too_deep(text: str) -> int | None:
    """The 0-based line where nesting passes the limit (by brackets or indentation), if any."""
    depth, line = 0, 0
    for match in _BRACKET.finditer(text):
        char = match.group()
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        else:
            depth = max(0, depth - 1)
    for number, row in enumerate(text.split("\n")):
        if len(row) - len(row.lstrip(" -?:")) > MAX_INDENT:
            return number
    return None


def _key_lines(node: yaml.Node, first_line: int) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines: dict[str, int] = {}
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            lines.setdefault(str(key.value), key.start_mark.line + first_line)
    return lines


def _item_lines(node: yaml.Node, first_line: int) -> dict[str, tuple[ItemLines, ...]]:
    """For each top-level key holding a list, where each item and its keys are written.
    Only direct children are read: an alias expands nothing here."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    found: dict[str, tuple[ItemLines, ...]] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode):
            found.setdefault(
                str(key.value),
                tuple(
                    ItemLines(item.start_mark.line + first_line, _key_lines(item, first_line))
                    for item in value.value
                ),
            )
    return found


class _Measure:
    """Sizes with aliases expanded (memoised, so a bomb costs its node count), depth,
    duplicate keys and tags, walked without recursion."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.problems: list[YamlProblem] = []
        self.fatal = False  # too big, too deep or cyclic: not to be constructed
        self.only_duplicates = True

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + self.first_line

    def check(self, root: yaml.Node) -> list[YamlProblem]:
        size: dict[int, tuple[int, int]] = {}  # id -> (expanded values, depth)
        open_nodes: set[int] = set()
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        while stack:
            node, children_done = stack.pop()
            if id(node) in size:
                continue
            kids = _children(node)
            if children_done:
                open_nodes.discard(id(node))
                total = 1 + sum(size[id(k)][0] for k in kids)
                depth = 1 + max((size[id(k)][1] for k in kids), default=0)
                size[id(node)] = (total, depth)
                if total > MAX_NODES or depth > MAX_DEPTH:
                    limit = "aliases expand" if total > MAX_NODES else "values nest"
                    what = f"{MAX_NODES:,} values" if total > MAX_NODES else "50 levels"
                    self.fatal = True
                    return [YamlProblem(self.line(node), f"{limit} to more than {what}")]
                continue
            if id(node) in open_nodes:
                self.fatal = True
                return [YamlProblem(self.line(node), "an alias refers to its own anchor")]
            open_nodes.add(id(node))
            self.tag(node)
            if isinstance(node, yaml.MappingNode):
                self.duplicates(node)
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in size)
        return self.problems

    def tag(self, node: yaml.Node) -> None:
        if node.tag not in _TAGS:
            tag = str(node.tag).replace(_STANDARD, "!!")
            self.only_duplicates = False
            self.problems.append(
                YamlProblem(self.line(node), f"the tag {quoted(tag)} is not supported (remove it)")
            )

    def duplicates(self, node: yaml.MappingNode) -> None:
        seen: dict[str, int] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == _STANDARD + "merge":
                continue
            name, line = str(key.value), self.line(key)
            if name in seen:
                self.problems.append(
                    YamlProblem(
                        line,
                        f"duplicate key {quoted(name)} (also on line {seen[name]}; keep one)",
                    )
                )
            else:
                seen[name] = line


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
