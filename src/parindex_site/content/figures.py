"""A picture alone in its paragraph becomes a ``<figure>``; its Markdown title, a caption.

``![Delegates in the hall](hall.jpg "At the conference")`` on a line of its own is how
editors put a captioned picture in a story: it is printed as

    <figure><img alt="Delegates in the hall" src="hall.jpg">
    <figcaption>At the conference</figcaption></figure>

(the title moves to the caption rather than also being a tooltip). A picture inside a
sentence stays inline, as Markdown has it. Raw HTML is left as the editor wrote it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

NAME = "figures"
# After the inline patterns (20), attribute lists (8) and toc (5), before "unescape"
# (0), which must still see the caption's text for backslash escapes in it.
PRIORITY = 1


class FigureProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            children = list(paragraph)
            if (
                len(children) != 1
                or children[0].tag != "img"
                or (paragraph.text or "").strip()
                or (children[0].tail or "").strip()
            ):
                continue
            image = children[0]
            paragraph.tag, paragraph.text, image.tail = "figure", None, None
            caption = image.attrib.pop("title", "")
            if caption:
                etree.SubElement(paragraph, "figcaption").text = caption


class FigureExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(FigureProcessor(md), NAME, PRIORITY)
