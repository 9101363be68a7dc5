"""``parsite new``: a new story file with its front matter filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..config import SiteConfig
from ..errors import SiteError
from .slugs import is_valid_slug, slugify

# The line a new story's body starts with, in its edition's language.
PLACEHOLDERS = {"vi": "Viết nội dung tin bài ở đây."}
PLACEHOLDER = "Write the story here."


def new_story_text(title: str, now: dt.datetime, language: str = "") -> str:
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
        f"{PLACEHOLDERS.get(language.split('-')[0], PLACEHOLDER)}\n"
    )


def create_story(
    config: SiteConfig, title: str, section: str, now: dt.datetime, language: str = ""
) -> Path:
    """Write ``content/<section>/<slug>.md`` (``content/<language>/<section>/...`` for an
    edition other than the first, which is where a build looks for its stories); never
    overwrite an existing file."""
    folder = _edition_folder(config, language)
    slug = slugify(title)
    if not slug:
        raise SiteError(f"title {title!r} has no letters or digits to make a file name from")
    if not is_valid_slug(section):
        raise SiteError(f"section {section!r} must be a folder name like 'news' (a-z, 0-9, -)")
    path = config.content_dir / folder / section / f"{slug}.md"
    if path.exists():
        raise SiteError(f"{path} already exists (choose another title or edit that file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(new_story_text(title, now, language or config.editions[0].code))
    return path


def _edition_folder(config: SiteConfig, language: str) -> str:
    """The folder under ``content/`` of ``language``'s stories: none for the first."""
    codes = [edition.code for edition in config.editions]
    if not language or language == codes[0]:
        return ""
    if language in codes:
        return language
    if not config.languages:
        raise SiteError(
            f"--lang {language}: this site has one language ({codes[0]}); declare its "
            "editions under 'languages:' in parsite.yaml to add another"
        )
    raise SiteError(f"--lang {language}: not a language of this site (use {', '.join(codes)})")
