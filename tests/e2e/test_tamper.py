"""An output file changed or deleted by hand is written again by the next build.

A warm build must not trust that the files it kept are still the ones it wrote: after
stories' pages, the stylesheet, the feeds and the sitemap are deleted or edited behind
its back, the next build (cache on, nothing else asked) equals a cold build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_harness import differences, leftovers, output_in

CONFIG = "title: Tamper Portal\npage_size: 3\n"


def portal(article: Any) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"parsite.yaml": CONFIG}
    for n in range(1, 10):
        section = "news" if n % 3 else "society"
        files[f"content/{section}/story-{n}.md"] = article(
            title=f"Story {n}",
            date=f"2022-05-{n:02d} 10:00",
            tags=["PAR Index"] if n % 2 else ["SIPAS"],
            aliases=[f"/old/{n}/"] if n == 4 else None,
        )
    return files


def tamper(public: Path) -> None:
    """What a careless upload script or a hand edit does to a built site."""
    targets = ["news/story-1/index.html", "news/story-2/index.html", "css/style.css"]
    targets += ["sitemap.xml", "atom.xml", "index.html"]
    missing = [name for name in targets if not (public / name).is_file()]
    assert not missing, f"the build wrote none of {missing}: the test needs updating"
    (public / "news/story-1/index.html").unlink()
    (public / "news/story-2/index.html").write_bytes(b"<p>vandalised</p>\n")
    (public / "css/style.css").unlink()
    (public / "sitemap.xml").unlink()
    (public / "atom.xml").unlink()
    with (public / "index.html").open("ab") as home:
        home.write(b"<!-- appended by hand -->\n")


@pytest.mark.parametrize(
    ("edit", "flags"),
    [("nothing", ()), ("a body", ("--jobs", "2"))],
    ids=["nothing else", "a body edited, 2 jobs"],
)
def test_the_next_build_restores_every_file_deleted_or_changed_by_hand(
    edit: str,
    flags: tuple[str, ...],
    tmp_path: Path,
    write_tree: Any,
    run_parsite: Any,
    article: Any,
    snapshot: Any,
) -> None:
    files = portal(article)
    site, public = tmp_path / "site", output_in(tmp_path / "out")
    write_tree(site, files)
    code, out, err = run_parsite("build", "--output", public, *flags, cwd=site)
    assert code == 0, f"{out}\n{err}"
    tamper(public)
    if edit == "a body":
        path = "content/news/story-5.md"
        text = files[path]
        assert isinstance(text, str)
        files[path] = text.replace("First paragraph", "A corrected first paragraph")
        write_tree(site, files)
    code, out, err = run_parsite("build", "--output", public, *flags, cwd=site)
    assert code == 0, f"{out}\n{err}"
    cold = output_in(tmp_path / "cold")
    code, out, err = run_parsite("build", "--no-cache", "--jobs", "1", "--output", cold, cwd=site)
    assert code == 0, f"{out}\n{err}"
    wrong = differences(snapshot(public), snapshot(cold))
    assert not wrong, "after tampering, the next build left:\n" + "\n".join(wrong)
    assert leftovers(public) == []
