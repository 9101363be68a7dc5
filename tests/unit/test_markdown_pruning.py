"""The pruned Markdown instances give exactly the bytes of the full one.

``MarkdownRenderer`` drops the processors whose trigger text a source lacks. Each
snippet below exercises one feature of Python-Markdown and its extensions; alone, in
random mixtures and with random characters cut or spliced in, every document must
render the same with pruning as without it. The characters that Python-Markdown deletes
or rewrites before parsing (STX, ETX, CR, tabs) are spliced into the middle of trigger
text, where a decision taken on the raw source would go wrong. A randomised fuzz with a
fresh seed each run is in ``test_markdown_fuzz.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest

from parindex_site.content import markdown as module
from parindex_site.content.figures import FigureExtension
from parindex_site.content.markdown import (
    MAX_INSTANCES,
    TRIGGERS,
    MarkdownRenderer,
    Normaliser,
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
    # Trigger text that exists only once STX/ETX are deleted, CRs and tabs rewritten.
    "a  \x02\nb and c \x03 \nd",
    "A hard break  \r\nafter a CR, and one\t\r\nafter a tab.",
    "*\x02[PAR]: Public Administration Reform\n\nThe PAR index.",
    "A note[\x03^1].\n\n[^\x021]: The note.",
    "A [ref link][r] and ![pic][p].\n\n[r]\x02: /r/\n[p]\x03: /p.png",
    "!\x02[alt](/img/a.jpg) and `\x02` and \x03*em\x02*",
    "[\x02TOC]\n\n## First",
    "<\x02div>\nx\n</div>\n\n&\x03amp; &\x02#169;",
    "|\x02 a | b |\n|---|---|\n| 1 | 2 |\n\nTerm\n:\x02   Def",
    "`\x02``\nfenced\n``\x03`",
    "Spaces-only lines\n   \n\t\n  \x02  \nbetween",
    "\x02 \x03",
    # The HTML preprocessor joins the text around the markup it stashes into trigger
    # text that the normalised source does not contain (found by the fuzz).
    "<!-- note\x03\x02 -->|\t<di\x03\x02v>",
    "<!-- a --> !<!-- b -->[x](y.png)",
    "<p>a</p> [TOC<!-- b -->]",
    "\ufeffText after a byte-order mark.",
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
    splices += ["\x02", "\x03", "\r", "  \r\n", " \x02\n"]
    for _ in range(1000):
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


def test_one_renderer_does_not_carry_abbreviations_to_the_next_story() -> None:
    """Python-Markdown before 3.7 kept them across ``reset()``: the reason for its bound."""
    renderer = MarkdownRenderer()
    first = renderer.render("*[PAR]: Public Administration Reform\n\nThe PAR index.")
    assert '<abbr title="Public Administration Reform">PAR</abbr>' in first
    assert renderer.render("*[SIPAS]: Satisfaction index\n\nPAR and SIPAS.") == (
        '<p>PAR and <abbr title="Satisfaction index">SIPAS</abbr>.</p>'
    )


def test_the_decision_is_taken_on_the_normalised_text() -> None:
    linebreak = next(i for i, t in enumerate(TRIGGERS) if "linebreak" in t.inline)
    source = "a  \x02\nb"
    assert absent(source)[linebreak]  # the raw text hides the hard break
    normalise = Normaliser(new_markdown())
    assert not absent(normalise(source))[linebreak]
    assert MarkdownRenderer().render(source) == "<p>a<br>\nb</p>"
    assert normalise("a  \x02\r\n\tb\x03\n   \nc") == "a  \n    b\n\nc\n\n"


def test_pruned_instances_leave_normalising_to_the_renderer() -> None:
    """The full instance normalises first of all; a pruned one must not do it again."""
    full = new_markdown()
    assert full.preprocessors._priority[0].name == "normalize_whitespace"
    assert "normalize_whitespace" in full.preprocessors
    for unneeded in (absent(""), tuple(False for _ in TRIGGERS)):
        assert "normalize_whitespace" not in pruned_markdown(unneeded).preprocessors


def _one_trigger_each() -> list[str]:
    """Documents that each contain the needs of exactly one trigger: distinct keys."""
    docs = []
    for trigger in TRIGGERS:
        doc = f"Words {trigger.needs[0]} words\n"
        keys = absent(doc)
        if sum(not k for k in keys) == 1:
            docs.append(doc)
    return docs


def test_the_instance_cache_is_bounded_and_keeps_the_recently_used(
    full: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[bool, ...]] = []

    def counting(unneeded: tuple[bool, ...]) -> markdown.Markdown:
        built.append(unneeded)
        return pruned_markdown(unneeded)

    monkeypatch.setattr(module, "pruned_markdown", counting)
    docs = _one_trigger_each()
    assert len(docs) > 6
    renderer = MarkdownRenderer(max_instances=3)
    for doc in docs:
        assert renderer.render(doc) == _full_render(full, doc), repr(doc)
        assert renderer.instance_count <= 3
    assert len(built) == len(docs)
    a, b, c = docs[-3:]
    renderer.render(a)  # the oldest of the three becomes the newest
    renderer.render(docs[0])  # evicts b
    assert len(built) == len(docs) + 1
    renderer.render(a)
    renderer.render(c)
    assert len(built) == len(docs) + 1
    renderer.render(b)
    assert len(built) == len(docs) + 2
    assert renderer.instance_count == 3


def test_many_trigger_sets_keep_the_default_bound(full: object) -> None:
    rng = random.Random(9300)
    # A text with "<" in it goes to the full instance, so it makes no trigger set.
    needs = [t.needs[0] for t in TRIGGERS if "<" not in t.needs]
    renderer = MarkdownRenderer()
    for _ in range(3 * MAX_INSTANCES):
        doc = " w ".join(rng.sample(needs, rng.randint(1, len(needs))))
        assert renderer.render(doc) == _full_render(full, doc), repr(doc)
    assert renderer.instance_count == MAX_INSTANCES
    with pytest.raises(ValueError):
        MarkdownRenderer(max_instances=0)


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


def test_the_extension_list_is_extra_toc_sane_lists_and_figures(full: object) -> None:
    """The instances registered one by one are exactly what the names would give."""
    by_name = markdown.Markdown(
        extensions=["extra", "toc", "sane_lists", FigureExtension()], output_format="html"
    )
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
