"""Compiled templates kept between builds: a second build compiles nothing, and a
template whose source changed is compiled afresh, never served from the old code."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from parindex_site.config import SiteConfig
from parindex_site.render.environment import CompiledTemplates, make_environment


def _compiles(env: jinja2.Environment) -> list[str]:
    """The names Jinja compiles from source in ``env`` from now on."""
    names: list[str] = []
    compile_source = env.compile

    def counting(source: Any, name: str | None = None, *args: Any, **kw: Any) -> Any:
        names.append(str(name))
        return compile_source(source, name, *args, **kw)

    env.compile = counting  # type: ignore[method-assign]
    return names


@pytest.fixture
def config(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> SiteConfig:
    site = make_config(tmp_path)
    site.templates_dir.mkdir(parents=True, exist_ok=True)
    (site.templates_dir / "page.html").write_text("one {{ x }}", "utf-8")
    return site


def test_a_second_environment_compiles_nothing_it_was_given(config: SiteConfig) -> None:
    first = CompiledTemplates({})
    env = make_environment(config, first)
    assert env.get_template("page.html").render(x=1) == "one 1"
    assert first.changed and len(first.code) == 1

    second = CompiledTemplates(first.code)
    env = make_environment(config, second)
    compiled = _compiles(env)
    assert env.get_template("page.html").render(x=2) == "one 2"
    assert compiled == []
    assert not second.changed  # nothing new to keep


def test_a_changed_template_is_compiled_from_its_new_source(config: SiteConfig) -> None:
    first = CompiledTemplates({})
    make_environment(config, first).get_template("page.html")
    (config.templates_dir / "page.html").write_text("two {{ x }}", "utf-8")

    second = CompiledTemplates(first.code)
    env = make_environment(config, second)
    compiled = _compiles(env)
    assert env.get_template("page.html").render(x=3) == "two 3"
    assert compiled == ["page.html"]
    assert second.changed and second.code != first.code


def test_only_the_templates_a_build_used_are_kept(config: SiteConfig) -> None:
    (config.templates_dir / "other.html").write_text("other", "utf-8")
    first = CompiledTemplates({})
    env = make_environment(config, first)
    env.get_template("page.html")
    env.get_template("other.html")
    (config.templates_dir / "other.html").unlink()

    second = CompiledTemplates(first.code)
    make_environment(config, second).get_template("page.html")
    assert len(second.code) == 1 and second.changed  # the removed one is not kept


def test_the_templates_digest_is_of_their_bytes_not_of_where_they_are(
    tmp_path: Path, make_config: Callable[..., SiteConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    from parindex_site.render import environment
    from parindex_site.render.theme import theme_dir

    def site(folder: Path) -> SiteConfig:
        made = make_config(folder)
        made.templates_dir.mkdir(parents=True)
        (made.templates_dir / "404.html").write_text("Gone", "utf-8")
        return made

    here, there = site(tmp_path / "here"), site(tmp_path / "there" / "portal")
    digest = environment.template_digest(here)
    assert environment.template_digest(there) == digest
    # parsite installed elsewhere: its theme, byte for byte, in another folder
    moved = tmp_path / "installed" / "theme"
    shutil.copytree(theme_dir(), moved)
    monkeypatch.setattr(environment, "theme_dir", lambda: moved)
    assert environment.template_digest(here) == digest
    # ...but a byte changed there counts, and so does which folder holds which bytes
    theme_404 = moved / "templates" / "404.html"
    original = theme_404.read_bytes()
    theme_404.write_bytes(b"Not here")
    assert environment.template_digest(here) != digest
    theme_404.write_bytes(b"Gone")
    (here.templates_dir / "404.html").write_bytes(original)
    assert environment.template_digest(here) != digest
