"""The automatic summary: the text of a body's first real paragraph.

CMS exports write paragraphs with attributes (CKEditor's ``<p style="text-align:
justify;">``), entities (``&nbsp;``, ``tr&ocirc;̀ng``, NFC only once decoded) and
paragraphs holding only a photo or an attachment link. The body is read with an HTML
parser, not a pattern, and a paragraph with no text is passed over.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from .quoting import without_controls

_SPACE = re.compile(r"\s+")
_SKIPPED = frozenset({"script", "style", "template", "noscript"})
_CHUNK = 4096  # fed piece by piece, so a long body stops being read at its first paragraph


class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open <p> elements
        self.skipping = 0
        self.parts: list[str] = []
        self.found = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "p":
            self._close()
            self.depth = 1
        elif tag == "br" and self.depth:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "p":
            self._close()

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self.parts.append(data)

    def _close(self) -> None:
        if self.depth and not self.found:
            self.found = clean_text("".join(self.parts))
        self.depth, self.parts = 0, []


def clean_text(text: str) -> str:
    """NFC, control characters dropped, runs of white space (``&nbsp;`` too) folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", without_controls(text))).strip()


def first_paragraph(body_html: str) -> str:
    """The first ``<p>`` with text in it, as plain text; empty if there is none."""
    parser = _FirstParagraph()
    for start in range(0, len(body_html), _CHUNK):
        parser.feed(body_html[start : start + _CHUNK])
        if parser.found:
            return parser.found
    parser.close()
    parser._close()
    return parser.found


def html_text(fragment: str) -> str:
    """The plain text of a short fragment an editor wrote (a description with markup)."""
    parser = _FirstParagraph()
    parser.depth = 1  # all of it counts, not only paragraphs
    parser.feed(fragment)
    parser.close()
    return clean_text("".join(parser.parts))
