"""``parsite new``: a new story file with its front matter filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..config import SiteConfig
from ..errors import SiteError
from .slugs import is_valid_slug, slugify


def new_story_text(title: str, now: dt.datetime) -> str:
    """The file a new story starts as: a draft dated now, in the site's time zone."""
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "---\n"
        f'title: "{quoted}"\n'
        f"date: {now:%Y-%m-%d %H:%M}\n"
        "draft: true\n"
        "tags: []\n"
        'summary: ""\n'
        "---\n\n"
        "Write the story here.\n"
    )


def create_story(config: SiteConfig, title: str, section: str, now: dt.datetime) -> Path:
    """Write ``content/<section>/<slug>.md``; never overwrite an existing file."""
    slug = slugify(title)
    if not slug:
        raise SiteError(f"title {title!r} has no letters or digits to make a file name from")
    if not is_valid_slug(section):
        raise SiteError(f"section {section!r} must be a folder name like 'news' (a-z, 0-9, -)")
    path = config.content_dir / section / f"{slug}.md"
    if path.exists():
        raise SiteError(f"{path} already exists (choose another title or edit that file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(new_story_text(title, now))
    return path
