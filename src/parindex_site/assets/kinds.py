"""Kinds of files by suffix: what is published from beside the stories, what never is.

Pure constants, shared by the static-file step and the config check (which refuses a
``publish_suffixes`` entry that names a source or a backup).
"""

from __future__ import annotations

from ..content.sources import STORY_SUFFIXES


def _suffixes(*groups: str) -> frozenset[str]:
    return frozenset(suffix for group in groups for suffix in group.split())


PICTURE_SUFFIXES = _suffixes(".jpg .jpeg .png .gif .webp .avif .svg .ico .bmp .tif .tiff .heic")
PUBLISH_SUFFIXES = PICTURE_SUFFIXES | _suffixes(
    # audio and video
    ".mp3 .m4a .aac .oga .ogg .opus .wav .flac .mp4 .m4v .webm .ogv .mov",
    # documents: PDF, office, e-books, data
    ".pdf .doc .docx .odt .rtf .xls .xlsx .ods .csv .ppt .pptx .odp .epub",
    # archives, subtitles, fonts
    ".zip .7z .rar .tar .gz .tgz .bz2 .xz .vtt .srt .woff .woff2 .ttf .otf",
)
# Sources of other generators and templates: never published from content/, whatever
# the config says (Jekyll's and Hugo's layouts are .html files full of Liquid or Go tags).
SOURCE_SUFFIXES = frozenset(
    (*STORY_SUFFIXES, ".rst", ".rest", ".adoc", ".asciidoc", ".org", ".textile")
)
TEMPLATE_SUFFIXES = _suffixes(
    ".html .htm .j2 .jinja .jinja2 .liquid .tmpl .tpl .njk .hbs .mustache"
)
# Editors' leftovers (also '#name#', Emacs's autosave): never published from anywhere.
BACKUP_SUFFIXES = ("~", ".bak", ".swp", ".swo", ".orig", ".rej")


def refused_suffix(suffix: str) -> str:
    """Why ``suffix`` may not be added to ``publish_suffixes``, or "" if it may."""
    if suffix in SOURCE_SUFFIXES:
        return "it is a story or page source, which is never published"
    if suffix in TEMPLATE_SUFFIXES:
        return "it is a template or page source, which is never published from content/"
    if suffix.endswith(BACKUP_SUFFIXES):
        return "it is an editor's backup, which is never published"
    return ""
