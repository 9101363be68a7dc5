"""Markdown -> HTML with one reusable Python-Markdown instance per process.

Building a ``Markdown`` object costs far more than resetting one, so a renderer keeps
its instance; it is not thread-safe, which is why each worker process has its own.
"""

from __future__ import annotations

import html
import re

import markdown

# Full module names: a short name ("extra") makes Python-Markdown search every installed
# package's entry points first, which costs more than the rest of a rebuild's parsing.
EXTENSIONS = (
    "markdown.extensions.extra",
    "markdown.extensions.toc",
    "markdown.extensions.sane_lists",
)
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class MarkdownRenderer:
    """Renders Markdown source to an HTML fragment."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")

    def render(self, source: str) -> str:
        html_text = self._md.reset().convert(source)
        return html_text


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, spaces folded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


def first_paragraph_text(html_text: str) -> str:
    """The plain text of the first paragraph, for a summary the editor did not write.

    A paragraph with no text (a lone photo, as stories often open with) is passed over.
    """
    texts = (plain_text(m.group(1)) for m in _FIRST_PARAGRAPH.finditer(html_text))
    return next((text for text in texts if text), "")
