"""The pruned Markdown instances give exactly the bytes of the full one.

``MarkdownRenderer`` drops the processors whose trigger text a source lacks. Each
snippet below exercises one feature of Python-Markdown and its extensions; alone, in
random mixtures and with random characters cut or spliced in, every document must
render the same with pruning as without it.
"""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest

from parindex_site.content.markdown import (
    TRIGGERS,
    MarkdownRenderer,
    absent,
    new_markdown,
    pruned_markdown,
)

REPO = Path(__file__).resolve().parents[2]

SNIPPETS = [
    "Plain paragraph of a story about the PAR index.",
    "Tỉnh Hưng Yên tăng 10 bậc về Chỉ số CCHC năm 2021.",
    "# Heading one\n\n## Heading two\n\n## Heading two",
    "Setext heading\n==============\n\nAnother\n-------",
    "## Heading with id {#custom-id}\n\nText {: .lead }",
    "Paragraph with attributes\n{: #para .note }\n\n- item {: .x }\n\n[link](/a/){: .ext }",
    "Braces { not attributes } and {: } empty and {} none.",
    "[TOC]\n\n## First\n\n### Second",
    "A [link](https://example.org/ 'title') and [another][ref].\n\n[ref]: /x/ \"Ref\"",
    "A [short ref] here.\n\n[short ref]: /short/",
    "Undefined [ref][nowhere] and [short] and ![img][none] stay text.",
    "Refs [a][] [b] ![c][]\n\n[a]: /a/\n[b]: </b/> 'B'\n  [c]:\n    /c.png (C)",
    "An image ![alt text](/img/a.jpg) and ![ref image][img].\n\n[img]: /img/b.jpg",
    "![short image]\n\n[short image]: /img/c.jpg",
    "Auto <https://example.org/path> and mail <editor@example.org>.",
    "Inline <span class='x'>html</span> and <br/> and <!-- comment -->.",
    '<div markdown="1">\n*inside* a div\n</div>',
    "<div>\nraw block\n</div>\n\nafter",
    "<p>Para &amp; html</p>",
    "Entities &amp; &copy; &#169; &#xA9; and a bare & ampersand.",
    "Line with a hard break  \nnext line.",
    "Line ending in a tab\t\nnext line.",
    "Windows\r\nline endings  \r\nhere.",
    "Old Mac\rline endings.",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_word 2*3*4",
    "A * lone star and _ lone underscore.",
    "Code `span` and ``double `tick` span`` and \\`escaped\\`.",
    "Escapes: \\*not em\\* \\[not link\\] \\<not html\\> \\\\ backslash.",
    "```python\nprint('fenced')\n```",
    "~~~\ntilde fenced\n~~~",
    "    indented code\n    second line",
    "> A quote\n> on two lines\n\n> > nested",
    "| a | b |\n|---|:-:|\n| 1 | 2 |",
    "a | b\n--|--\n1 | 2",
    "Term\n:   Definition one\n:   Definition two",
    "Time 10:14 SA, ratio 3:1, not a definition.",
    "Text with a note[^1].\n\n[^1]: The note.",
    "Another note[^n] and [^missing].\n\n[^n]:\n    Indented note body.",
    "*[PAR]: Public Administration Reform\n\nThe PAR index rose.",
    "- one\n- two\n    - nested\n\n1. first\n2. second\n\n3) paren",
    "* star item\n+ plus item\n\n---\n\n***\n\n___",
    "Line one\nline two\n\n\n\nafter blank lines",
    "Control \x02 and \x03 characters, and NUL-free text.",
    "Link with *em* inside: [*em* link](/a/ 'T') and `[code]`.",
    "Email-ish a@b but not auto, and <notatag and 3 < 4 > 2.",
]


@pytest.fixture(scope="module")
def full() -> object:
    return new_markdown()


def _full_render(full: object, source: str) -> str:
    return full.reset().convert(source)  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_each_feature_renders_the_same_pruned(full: object, snippet: str) -> None:
    assert MarkdownRenderer().render(snippet) == _full_render(full, snippet)


def test_random_mixtures_render_the_same_pruned(full: object) -> None:
    rng = random.Random(20211)
    renderer = MarkdownRenderer()
    seps = ["\n\n", "\n", " ", "", "\n\n\n"]
    splices = ["`", "\\", "[", "]", "!", "<", ">", "&", "*", "_", "|", ":", "^", "~", "\t", "  \n"]
    for _ in range(2500):
        parts = rng.sample(SNIPPETS, rng.randint(1, 5))
        doc = "".join(part + rng.choice(seps) for part in parts)
        for _ in range(rng.randint(0, 3)):  # cut or splice at a random place
            at = rng.randrange(len(doc) + 1)
            if rng.random() < 0.5:
                doc = doc[:at] + doc[at + rng.randint(1, 4) :]
            else:
                doc = doc[:at] + rng.choice(splices) + doc[at:]
        assert renderer.render(doc) == _full_render(full, doc), repr(doc)


def test_the_demo_stories_render_the_same_pruned(full: object) -> None:
    renderer = MarkdownRenderer()
    stories = sorted((REPO / "content").rglob("*.md"))
    assert stories
    for story in stories:
        text = story.read_text(encoding="utf-8")
        assert renderer.render(text) == _full_render(full, text), story


def test_a_plain_story_runs_fewer_processors() -> None:
    """The pruning happens: without it the tests above would pass on the full instance."""
    whole, plain = new_markdown(), pruned_markdown(absent("Just words, and more words."))
    assert len(plain.inlinePatterns) < len(whole.inlinePatterns)
    assert len(plain.parser.blockprocessors) < len(whole.parser.blockprocessors)
    assert len(plain.preprocessors) < len(whole.preprocessors)


def _registries(md: markdown.Markdown) -> list[list[tuple[str, float]]]:
    regs = (
        md.preprocessors,
        md.parser.blockprocessors,
        md.inlinePatterns,
        md.treeprocessors,
        md.postprocessors,
    )
    return [[(item.name, item.priority) for item in reg._priority] for reg in regs]


def test_the_extension_list_is_extra_toc_and_sane_lists(full: object) -> None:
    """The instances registered one by one are exactly what the names would give."""
    by_name = markdown.Markdown(extensions=["extra", "toc", "sane_lists"], output_format="html")
    assert _registries(new_markdown()) == _registries(by_name)
    for snippet in SNIPPETS:
        assert by_name.reset().convert(snippet) == _full_render(full, snippet), snippet


def test_every_trigger_names_registered_processors() -> None:
    """A renamed processor in a new Python-Markdown would make deregister fail here first."""
    md = new_markdown()
    for trigger in TRIGGERS:
        for name in trigger.inline:
            assert name in md.inlinePatterns, name
        for name in trigger.block:
            assert name in md.parser.blockprocessors, name
        for name in trigger.pre:
            assert name in md.preprocessors, name
        for name in trigger.tree:
            assert name in md.treeprocessors, name
    assert pruned_markdown(tuple(True for _ in TRIGGERS)) is not None
