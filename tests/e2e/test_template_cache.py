"""The templates' compiled code in the cache, as builds keep it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_a_build_keeps_every_template_whichever_pages_it_rendered(
    tmp_path: Path, write_tree: Callable[..., Path], run_parsite: Any, article: Any
) -> None:
    """A build in workers and a one-process build that renders one page keep the same
    compiled code: the cache file is not rewritten by the second."""
    site = write_tree(
        tmp_path / "site",
        {f"content/news/s{n}.md": article(title=f"S{n}", date=f"2022-05-0{n}") for n in (1, 2)},
    )
    code, _, err = run_parsite("build", "--jobs", "2", cwd=site)
    assert code == 0, err
    kept = site / ".parsite-cache" / "templates.pickle"
    before = (kept.read_bytes(), kept.stat().st_mtime_ns)
    with (site / "content/news/s1.md").open("a", encoding="utf-8") as story:
        story.write("\nOne more line.\n")
    code, _, err = run_parsite("build", "--jobs", "1", cwd=site)
    assert code == 0, err
    assert (kept.read_bytes(), kept.stat().st_mtime_ns) == before
