"""Helpers of the warm-build tests (replays, the spare tree); no fixture in here.

Imported by those tests (``from warm_harness import ...``), as ``engine_harness`` is.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from parindex_site.build.cache import RACY_NS

REPLAYED = "no input changed since the last build"
SETTLE_S = RACY_NS / 1e9 + 0.2


def settle() -> None:
    time.sleep(SETTLE_S)


def build(run_parsite: Any, site: Path, *args: str) -> str:
    code, out, err = run_parsite("build", "-v", *args, cwd=site)
    assert code == 0, f"exit {code}\n{out}\n{err}"
    return str(out)


def cold(run_parsite: Any, site: Path, tmp_path: Path, snapshot: Any, *args: str) -> Any:
    output = tmp_path / "cold" / "public"
    code, out, err = run_parsite(
        "build", "--no-cache", "--jobs", "1", "--output", str(output), *args, cwd=site
    )
    assert code == 0, f"exit {code}\n{out}\n{err}"
    expected = snapshot(output)
    shutil.rmtree(output.parent)
    return expected


AT = "--at", "25/05/2022 12:00"


def in_a_fresh_interpreter(script: str, site: Path, *args: str) -> Any:
    """What ``script`` prints (JSON), run on ``site`` by a Python of its own: forking is
    refused from a process with threads (the browser tests' server), and a script may
    make a process die by killing itself."""
    run = subprocess.run(
        [sys.executable, "-c", script, str(site), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)
