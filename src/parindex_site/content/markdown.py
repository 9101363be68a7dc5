"""Markdown -> HTML with reusable Python-Markdown instances, one set per process.

Building a ``Markdown`` object costs far more than resetting one, so a renderer keeps
its instances; they are not thread-safe, which is why each worker process has its own.

Most of Python-Markdown's time goes to trying every processor on every block and every
inline pattern on every run of text, although a typical story uses a handful of them.
A processor whose pattern needs a character the story does not contain cannot change
it, so the renderer uses an instance with those processors removed: one instance per
set of absent triggers, made on first need (0.2 ms each). The output is byte for byte
what the full instance gives -- ``tests/unit/test_markdown_pruning.py`` compares the two
on every Markdown feature and on thousands of generated mixtures.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension

_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def extensions() -> tuple[type[Extension], ...]:
    """The extensions editors rely on: "extra", "toc" and "sane_lists".

    Given by name, even a full module name, each makes Python-Markdown read every
    installed package's entry points first (25 ms, a third of a one-story rebuild), so
    they are given as classes; "extra" is its seven parts, in the order it registers
    them (tests compare the two). Imported here, on first use, because a rebuild that
    parses nothing does not need them (fenced_code alone imports Pygments if present)."""
    from markdown.extensions.abbr import AbbrExtension
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.def_list import DefListExtension
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.md_in_html import MarkdownInHtmlExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension
    from markdown.extensions.toc import TocExtension

    return (
        FencedCodeExtension,
        FootnoteExtension,
        AttrListExtension,
        DefListExtension,
        TableExtension,
        AbbrExtension,
        MarkdownInHtmlExtension,
        TocExtension,
        SaneListExtension,
    )


@dataclass(frozen=True)
class Trigger:
    """Processors that can act only on a source containing one of ``needs``.

    Each ``needs`` is read off the processor's own regular expression in Python-Markdown
    3.x (the literal text every match must contain); names are the registry keys."""

    needs: tuple[str, ...]
    inline: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    pre: tuple[str, ...] = ()
    tree: tuple[str, ...] = ()
    toc_marker: bool = False


TRIGGERS = (
    Trigger(("`",), inline=("backtick",)),
    # The escape pattern leaves STX-number-ETX placeholders for the unescaper; a source's
    # own STX and ETX are deleted before parsing.
    Trigger(("\\",), inline=("escape",), tree=("unescape",)),
    Trigger(("{",), tree=("attr_list",)),
    Trigger(("[",), inline=("link",)),
    Trigger(("![",), inline=("image_link",)),
    # Reference links only resolve to ids defined by "[id]: url" lines; without one
    # they match nothing and leave the text as it was.
    Trigger(
        ("]:",),
        inline=("reference", "short_reference", "image_reference", "short_image_ref"),
        block=("reference",),
    ),
    Trigger(("[^",), inline=("footnote",), block=("footnote",)),
    Trigger(("<",), inline=("autolink", "automail", "html")),
    # The HTML preprocessor also rewrites character references ("&#169" -> "&#169;");
    # with neither "<" nor "&" it hands the text back unchanged and stashes nothing, so
    # md_in_html's block processor has nothing to unstash.
    Trigger(("<", "&"), block=("markdown_block",), pre=("html_block",)),
    Trigger(("&",), inline=("entity",)),
    # Whitespace is normalised before parsing: tabs become spaces and CRs newlines.
    Trigger(("  \n", "\t", "\r"), inline=("linebreak",)),
    Trigger(("*", "_"), inline=("em_strong",)),
    Trigger(("|",), block=("table",)),
    Trigger((":",), block=("deflist",)),
    Trigger(("*[",), block=("abbr",)),
    Trigger((">",), block=("quote",)),
    Trigger(("```", "~~~"), pre=("fenced_code_block",)),
    Trigger(("[TOC]",), toc_marker=True),
)


def new_markdown() -> markdown.Markdown:
    """The full instance: every extension, every processor."""
    # Fresh extension objects for each instance: some keep per-document state.
    return markdown.Markdown(extensions=[make() for make in extensions()], output_format="html")


def absent(source: str) -> tuple[bool, ...]:
    """For each trigger, whether the source lacks every one of its needs."""
    return tuple(not any(need in source for need in t.needs) for t in TRIGGERS)


def pruned_markdown(unneeded: tuple[bool, ...]) -> markdown.Markdown:
    """A full instance less the processors of the triggers marked ``True``."""
    md = new_markdown()
    for trigger, drop in zip(TRIGGERS, unneeded, strict=True):
        if not drop:
            continue
        for name in trigger.inline:
            md.inlinePatterns.deregister(name)
        for name in trigger.block:
            md.parser.blockprocessors.deregister(name)
        for name in trigger.pre:
            md.preprocessors.deregister(name)
        for name in trigger.tree:
            md.treeprocessors.deregister(name)
        if trigger.toc_marker:
            # An empty marker makes the toc extension skip its search of the whole tree.
            md.treeprocessors["toc"].marker = ""  # type: ignore[attr-defined]
    return md


class MarkdownRenderer:
    """Renders Markdown source to an HTML fragment."""

    def __init__(self) -> None:
        self._instances: dict[tuple[bool, ...], markdown.Markdown] = {}

    def render(self, source: str) -> str:
        key = absent(source)
        md = self._instances.get(key)
        if md is None:
            md = self._instances[key] = pruned_markdown(key)
        return md.reset().convert(source)


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, spaces folded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


def first_paragraph_text(html_text: str) -> str:
    """The plain text of the first paragraph, for a summary the editor did not write.

    A paragraph with no text (a lone photo, as stories often open with) is passed over.
    """
    texts = (plain_text(m.group(1)) for m in _FIRST_PARAGRAPH.finditer(html_text))
    return next((text for text in texts if text), "")
