"""Markdown -> HTML with reusable Python-Markdown instances, one set per process.

Building a ``Markdown`` object costs far more than resetting one, so a renderer keeps
its instances; they are not thread-safe, which is why each worker process has its own.

Most of Python-Markdown's time goes to trying every processor on every block and every
inline pattern on every run of text, although a typical story uses a handful of them.
A processor whose pattern needs a character the text does not contain cannot change
it, so the renderer uses an instance with those processors removed: one instance per
set of absent triggers, made on first need (0.3 ms each) and kept in a small LRU
cache, so that a stream of unusual stories cannot grow a worker without bound.

Why the output is exactly the full instance's, by construction rather than by test:
Python-Markdown's first preprocessor, ``NormalizeWhitespace``, rewrites the source (it
deletes STX and ETX, turns CR and CRLF into LF, expands tabs, empties whitespace-only
lines), and that rewritten text, not the source, is what every later processor sees:
``"a  \\x02\\nb"`` has a hard break only once the STX is gone. So the renderer runs
that very preprocessor (the installed version's object, not a copy of its code) once,
decides the absent triggers on its result, and hands the result as lines to an instance
that lacks it: the pruned instance's remaining preprocessors get the same list of lines
as the full one's, and no second normalisation is involved, so nothing depends on it
being idempotent. The one place ``convert`` looks at its argument before the
preprocessors is its "blank source gives an empty string" test; a source that only
normalisation makes blank (spaces and STX/ETX) is given to the full instance as it is.

Markup is the other exception. The HTML preprocessor does not only stash tags: it
moves the text around them, so ``"<!-- a --> !<!-- b -->[x](y.png)"`` comes out as
``" ![x](y.png)"`` and ``"<!-- c -->|\\t<div>"`` as ``"|   \\n<div>"``: it joins
pieces into trigger text (an image, a hard break, ``[TOC]``) that the normalised text
does not contain. Which triggers it can make is a property of its parser, not of one
regular expression, so a text with a ``<`` in it goes to the full instance; stories
with raw HTML are few, and the rest keep the pruned instances.

The test suite compares the two on every Markdown feature, on generated mixtures and
in a randomised differential fuzz (``tests/unit/test_markdown_fuzz.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from xml.etree import ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import NormalizeWhitespace

_NORMALISER = "normalize_whitespace"

# Ordinary stories share few trigger sets (3 in the 1,000-story benchmark corpus, 2 in
# the demo); an instance holds about 20 kB, and a miss costs one 0.3 ms build.
MAX_INSTANCES = 32


def extensions() -> tuple[type[Extension], ...]:
    """The extensions editors rely on: "extra", "toc" and "sane_lists", then parsite's
    own ``figures`` (a picture alone in its paragraph becomes a captioned figure).

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

    from .figures import FigureExtension

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
        FigureExtension,
    )


@dataclass(frozen=True)
class Trigger:
    """Processors that can act only on a normalised text containing one of ``needs``.

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
    # The escape pattern leaves STX-number-ETX placeholders for the unescaper; the
    # normalised text has no STX or ETX of its own.
    Trigger(("\\",), inline=("escape",), tree=("unescape",)),
    Trigger(("{",), tree=("attr_list",)),
    Trigger(("[",), inline=("link",)),
    Trigger(("![",), inline=("image_link",), tree=("figures",)),
    # Reference links only resolve to ids defined by "[id]: url" lines; without one
    # they match nothing and leave the text as it was.
    Trigger(
        ("]:",),
        inline=("reference", "short_reference", "image_reference", "short_image_ref"),
        block=("reference",),
    ),
    Trigger(("[^",), inline=("footnote",), block=("footnote",)),
    # A text with "<" goes to the full instance (see above), so in a pruned instance
    # these are always dropped; the HTML preprocessor stays for "&" alone.
    Trigger(("<",), inline=("autolink", "automail", "html")),
    # The HTML preprocessor also rewrites character references ("&#169" -> "&#169;");
    # with neither "<" nor "&" it hands the text back unchanged and stashes nothing, so
    # md_in_html's block processor has nothing to unstash.
    Trigger(("<", "&"), block=("markdown_block",), pre=("html_block",)),
    Trigger(("&",), inline=("entity",)),
    # Tabs and CRs are gone from the normalised text, so two spaces are the only way.
    Trigger(("  \n",), inline=("linebreak",)),
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


def absent(text: str) -> tuple[bool, ...]:
    """For each trigger, whether the normalised text (see ``Normaliser``) lacks every one
    of its needs."""
    return tuple(not any(need in text for need in t.needs) for t in TRIGGERS)


def pruned_markdown(unneeded: tuple[bool, ...]) -> markdown.Markdown:
    """A full instance less its whitespace normaliser and the processors of the triggers
    marked ``True``: it must be given text that ``Normaliser`` has already rewritten."""
    md = new_markdown()
    first = next(iter(md.preprocessors))
    if not isinstance(first, NormalizeWhitespace):
        # Something that ran before the normaliser would see different text here.
        raise RuntimeError(f"Python-Markdown's first preprocessor is {first!r}")
    md.preprocessors.deregister(_NORMALISER)
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
            toc = md.treeprocessors["toc"]
            # An empty marker makes the toc extension skip its search of the whole tree.
            toc.marker = ""  # type: ignore[attr-defined]
            # Without a marker the table of contents is never placed in the page, and
            # parsite reads no ``md.toc``: building and serialising it was 7% of a story.
            toc.build_toc_div = _empty_toc  # type: ignore[attr-defined]
    return md


def _empty_toc(tokens: object) -> etree.Element:
    return etree.Element("div")


class Normaliser:
    """Python-Markdown's own first step, run outside the instances: the text it gives
    is what every other processor of a full instance sees, lines joined by LF."""

    def __init__(self, full: markdown.Markdown) -> None:
        self._step = full.preprocessors[_NORMALISER]

    def __call__(self, source: str) -> str:
        return "\n".join(self._step.run(source.split("\n")))


class MarkdownRenderer:
    """Renders Markdown source to an HTML fragment."""

    def __init__(self, max_instances: int = MAX_INSTANCES) -> None:
        if max_instances < 1:
            raise ValueError("max_instances must be at least 1")
        self._max = max_instances
        self._instances: OrderedDict[tuple[bool, ...], markdown.Markdown] = OrderedDict()
        self._full: markdown.Markdown | None = None  # made on first use, like the rest
        self._normalise: Normaliser | None = None

    @property
    def instance_count(self) -> int:
        """How many pruned instances are kept now (at most ``max_instances``)."""
        return len(self._instances)

    def render(self, source: str) -> str:
        if self._full is None or self._normalise is None:
            self._full = new_markdown()
            self._normalise = Normaliser(self._full)
        text = self._normalise(source)
        if not text.strip() or "<" in text:
            return self._full.reset().convert(source)
        return self._instance(absent(text)).reset().convert(text)

    def _instance(self, key: tuple[bool, ...]) -> markdown.Markdown:
        md = self._instances.get(key)
        if md is not None:
            self._instances.move_to_end(key)
            return md
        md = self._instances[key] = pruned_markdown(key)
        if len(self._instances) > self._max:
            self._instances.popitem(last=False)
        return md
