"""A real (non-editable) ``pip install .`` ships the default theme inside the package.

Slow-ish (a throwaway venv and a wheel build), but it is the only proof that the wheel
carries ``templates/`` and ``static/``: every other test runs from the checkout.

The throwaway venv gets the dependencies from wherever the interpreter running the tests
has them, without a download: ``--system-site-packages`` would not do, since from a
virtualenv it gives the base interpreter's packages, not the virtualenv's. A ``.pth``
file lists the running interpreter's site directories instead, after the venv's own.
"""

from __future__ import annotations

import importlib.util
import os
import site
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT_S = 600


# Either would put the checkout, or another Python, in front of the venv's own copy.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}


def run(*args: str | Path, cwd: Path) -> str:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_S,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
    return proc.stdout


def site_dirs() -> list[str]:
    """Where this interpreter finds installed packages: its venv's, or the system's,
    and the user's. Only the folders, not their ``.pth`` files, which is what keeps an
    editable install of the checkout out of the throwaway venv."""
    paths = sysconfig.get_paths()
    found = [*site.getsitepackages(), paths["purelib"], paths["platlib"]]
    if site.ENABLE_USER_SITE:
        found.append(site.getusersitepackages())
    return [d for d in dict.fromkeys(found) if Path(d).is_dir()]


def make_venv(venv: Path, cwd: Path) -> Path:
    """A venv that sees the running interpreter's packages after its own."""
    run(sys.executable, "-m", "venv", venv, cwd=cwd)
    python = venv / "bin" / "python"
    own = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=cwd)
    outer = site_dirs()
    assert outer
    (Path(own.strip()) / "outer_site.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    return python


@pytest.mark.slow
def test_pip_install_gives_a_parsite_that_builds_with_the_packaged_theme(
    tmp_path: Path, write_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    venv = tmp_path / "venv"
    python = make_venv(venv, tmp_path)
    run(python, "-c", "import jinja2, markdown, yaml, dateutil, slugify, watchfiles", cwd=tmp_path)
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
