"""Shared helpers of the unit and end-to-end tests, handed out as fixtures.

Test modules take them as fixture arguments (``def test_x(tmp_path, write_tree, article)``)
instead of importing this file: with several ``conftest.py`` files and no ``__init__.py``,
``import conftest`` may find another one. They are session-scoped so that module-scoped
fixtures (one built tree shared by many assertions) can use them too.

``write_tree(root, {"content/a.md": "..."})``  writes text (UTF-8) or bytes; returns ``root``.
``article(title=..., date=..., body=..., **fields)``  the text of a source file.
``run_parsite(*args, cwd=...)``  the real command in a subprocess -> ``Run(code, out, err)``;
                                 fails the test at once if a traceback reaches stderr.
``build_tree(root, files, *args)``  write the tree, ``parsite build ARGS`` it, assert it
                                 succeeded; returns the output folder ``root/public``.
``parse_html(text)``             a small DOM (``Node``) built with ``html.parser``.
``make_config(site_dir, **values)``  a ``SiteConfig`` through the real parser.
``snapshot(folder)``             ``{relative path: bytes}`` of every file below ``folder``.
``built_demo``                   (session) the repository's demo portal built once by the real
                                 command into a temporary folder; shared, so read it only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from parindex_site.config import SiteConfig, parse_config

REPO_ROOT = Path(__file__).resolve().parents[1]
SUBPROCESS_TIMEOUT_S = 120


# --------------------------------------------------------------------------- source trees


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write each ``relative path: content`` below ``root`` (text as UTF-8, LF kept)."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def article(
    title: str | None = "A story",
    date: str | None = "2022-05-25 10:14",
    body: str = "First paragraph of the story.\n\nSecond paragraph.",
    **fields: Any,
) -> str:
    """A source file. A ``str`` value is written as raw YAML (so ``date="2022-05-25"`` is
    a YAML date); other values as JSON, which YAML reads as the same value. ``None``
    leaves the key out."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {json.dumps(title, ensure_ascii=False)}")
    if date is not None:
        lines.append(f"date: {date}")
    for key, value in fields.items():
        if value is None:
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    lines += ["---", "", body, ""]
    return "\n".join(lines)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, keyed by its POSIX relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_config(site_dir: Path, **values: Any) -> SiteConfig:
    """A config as ``parsite.yaml`` would give it, validated by the real parser."""
    return parse_config(yaml.safe_dump(values) if values else "", site_dir)


# --------------------------------------------------------------------------- the command


class Run(NamedTuple):
    code: int
    out: str
    err: str


def run_parsite(*args: str | Path, cwd: Path) -> Run:
    """``python -m parindex_site ARGS`` in ``cwd``; an editor must never see a traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "parindex_site", *(str(a) for a in args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=SUBPROCESS_TIMEOUT_S,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return Run(proc.returncode, proc.stdout, proc.stderr)


def build_tree(root: Path, files: Mapping[str, str | bytes], *args: str | Path) -> Path:
    """Write ``files`` below ``root`` and build it; the build must succeed."""
    write_tree(root, files)
    code, out, err = run_parsite("build", *args, cwd=root)
    assert code == 0, f"exit {code}\n{out}\n{err}"
    return root / "public"


# --------------------------------------------------------------------------- HTML


_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)


@dataclass
class Node:
    """An element of a parsed page: enough of a DOM to find things and read their text."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All text inside, with whitespace folded."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, class_: str | None = None, **attrs: str
    ) -> list[Node]:
        """Descendants by tag, a class among their classes, and exact attribute values
        (``http_equiv="refresh"`` matches ``http-equiv``)."""
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (class_ is None or class_ in node.attrs.get("class", "").split())
            and all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Node:
        """The first match; fails the test (with what was asked) when there is none."""
        found = self.find_all(tag, class_, **attrs)
        assert found, f"no <{tag or '*'} class={class_!r} {attrs}> in the page"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open element; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str | bytes) -> Node:
    builder = _TreeBuilder()
    builder.feed(text.decode("utf-8") if isinstance(text, bytes) else text)
    builder.close()
    return builder.root


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session", name="write_tree")
def _write_tree() -> Callable[[Path, Mapping[str, str | bytes]], Path]:
    return write_tree


@pytest.fixture(scope="session", name="article")
def _article() -> Callable[..., str]:
    return article


@pytest.fixture(scope="session", name="run_parsite")
def _run_parsite() -> Callable[..., Run]:
    return run_parsite


@pytest.fixture(scope="session", name="build_tree")
def _build_tree() -> Callable[..., Path]:
    return build_tree


@pytest.fixture(scope="session", name="parse_html")
def _parse_html() -> Callable[[str | bytes], Node]:
    return parse_html


@pytest.fixture(scope="session", name="make_config")
def _make_config() -> Callable[..., SiteConfig]:
    return make_config


@pytest.fixture(scope="session", name="snapshot")
def _snapshot() -> Callable[[Path], dict[str, bytes]]:
    return snapshot


@pytest.fixture(params=[False, True], ids=["in-process", "forked"])
def forked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether a build's looks at the last tree and at the spare run in processes of
    their own, as for a tree of PARSITE_PARALLEL_MIN files or more (1: any), or in the
    build's own process."""
    if request.param:
        monkeypatch.setenv("PARSITE_PARALLEL_MIN", "1")
    else:
        monkeypatch.delenv("PARSITE_PARALLEL_MIN", raising=False)
    return bool(request.param)


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the repository's site with the real CLI; return the output folder."""
    out = tmp_path_factory.mktemp("demo-site") / "public"
    code, stdout, stderr = run_parsite("build", "--site", REPO_ROOT, "--output", out, cwd=REPO_ROOT)
    assert code == 0, f"building the demo exited {code}\n{stdout}\n{stderr}"
    assert out.is_dir(), f"the build exited 0 but wrote no {out}"
    return out
