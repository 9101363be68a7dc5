"""A real (non-editable) ``pip install .`` ships the default theme inside the package.

Slow-ish (a throwaway venv and a wheel build), but it is the only proof that the wheel
carries ``templates/`` and ``static/``: every other test runs from the checkout.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT_S = 600


def run(*args: str | Path, cwd: Path) -> str:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_S,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
    return proc.stdout


@pytest.mark.slow
def test_pip_install_gives_a_parsite_that_builds_with_the_packaged_theme(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    venv = tmp_path / "venv"
    # System site-packages give the dependencies without a download; the venv's own
    # copy of parindex_site comes first on sys.path, shadowing the checkout.
    run(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    install = [python, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check"]
    if importlib.util.find_spec("hatchling") is not None:
        install.append("--no-build-isolation")
    run(*install, REPO_ROOT, cwd=tmp_path)
    where = run(python, "-c", "import parindex_site; print(parindex_site.__file__)", cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(venv), where

    site = write_tree(tmp_path / "site", {"content/news/a.md": article(title="Installed")})
    run(venv / "bin" / "parsite", "build", cwd=site)
    public = site / "public"
    assert (public / "css/style.css").is_file()
    doc = parse_html((public / "news/installed/index.html").read_bytes())
    assert doc.find("h1").text == "Installed"
    assert doc.find("aside", class_="latest-news")
