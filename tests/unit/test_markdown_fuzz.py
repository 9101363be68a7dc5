"""Differential fuzz: the pruned renderer against the full Python-Markdown instance.

Every run draws a fresh seed, so that repeated runs explore new documents; a failure
names it, and ``PARSITE_FUZZ_SEED=N`` replays the same sequence of documents
(``PARSITE_FUZZ_SECONDS`` lengthens the run from its default of a few seconds, as a
replay on a slower machine may need to reach the same document). The documents are
built from tokens of every construct whose processors the renderer may drop, with the
characters that Python-Markdown deletes or rewrites before parsing (STX, ETX, CR, tabs,
whitespace-only lines) between and inside them. A failing document is shrunk, token by
token, to a smaller one that still fails before it is reported. Where Python-Markdown
itself raises, the pruned renderer must raise the same.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

import pytest

from parindex_site.content.markdown import TRIGGERS, MarkdownRenderer, new_markdown

# Deleted before parsing: inside a trigger's text they hide it from the raw source.
HIDERS = ["\x02", "\x03", "\x03\x02"]
CONTROL = [*HIDERS, "\r", "\r\n", "\t", "  \n", "  \r\n", "   \n", "\n", "\n\n", " "]
TOKENS = [
    *(need for trigger in TRIGGERS for need in trigger.needs),
    *"`\\{}[]!()<>&*_|:^~#=-+.1",
    "PAR",
    "words",
    "*[PAR]: Public Administration Reform",
    "[^1]",
    "[^1]: A note.",
    "[^n]:\n    Indented note.",
    "[link](/a/ 'T')",
    "[ref]",
    "[ref][]",
    "[text][ref]",
    '[ref]: /r/ "R"',
    "![alt](/img/a.jpg)",
    "![alt][img]",
    "[img]: /img/b.jpg",
    "[TOC]",
    "<div>",
    "</div>",
    '<div markdown="1">',
    "<span class='x'>",
    "</span>",
    "<!-- note -->",
    "<https://example.org/>",
    "<editor@example.org>",
    "&amp;",
    "&copy;",
    "&#169",
    "&#xA9;",
    "&",
    "# ",
    "## Heading",
    "Setext\n===",
    "- ",
    "1. ",
    "    ",
    "> ",
    "```",
    "~~~",
    "`code`",
    "*em*",
    "**strong**",
    "__",
    "| a | b |",
    "|---|---|",
    "Term\n:   Definition",
    "{: .x }",
    "{#id}",
    "\\*",
    "---",
]


def _document(rng: random.Random) -> list[str]:
    parts: list[str] = []
    for _ in range(rng.randint(1, 12)):
        token = rng.choice(TOKENS if rng.random() < 0.75 else CONTROL)
        if len(token) > 1 and rng.random() < 0.5:  # split a token's own trigger text
            at = rng.randrange(1, len(token))
            token = token[:at] + rng.choice(HIDERS if rng.random() < 0.7 else CONTROL) + token[at:]
        parts.append(token)
    return parts


def _outcome(render: Callable[[str], str], doc: str) -> tuple[str, str]:
    try:
        return ("html", render(doc))
    except Exception as exc:  # e.g. Markdown 3.7 and 3.8.0 on "<![" opening a block
        return (type(exc).__name__, str(exc))


def _shrink(parts: list[str], fails: Callable[[str], bool]) -> str:
    """Drop tokens one at a time while the document still fails."""
    index = 0
    while index < len(parts):
        shorter = parts[:index] + parts[index + 1 :]
        if fails("".join(shorter)):
            parts = shorter
        else:
            index += 1
    return "".join(parts)


@pytest.mark.slow
def test_pruned_rendering_matches_the_full_instance_on_random_documents() -> None:
    replay = os.environ.get("PARSITE_FUZZ_SEED")
    seed = int(replay) if replay else random.SystemRandom().randrange(2**32)
    budget = float(os.environ.get("PARSITE_FUZZ_SECONDS", "4"))
    rng = random.Random(seed)
    full = new_markdown()
    # A tiny cache too, so that eviction and rebuilt instances are exercised.
    renderers = [MarkdownRenderer(), MarkdownRenderer(max_instances=2)]
    print(f"fuzz seed {seed}")

    def fails(doc: str) -> bool:
        expected = _outcome(lambda d: full.reset().convert(d), doc)
        return any(_outcome(r.render, doc) != expected for r in renderers)

    deadline = time.monotonic() + budget
    count = 0
    while time.monotonic() < deadline:
        parts = _document(rng)
        count += 1
        if fails("".join(parts)):
            small = _shrink(parts, fails)
            pytest.fail(
                f"seed {seed} (replay: PARSITE_FUZZ_SEED={seed}), document {count}: "
                f"pruned output differs from the full instance's for {small!r} "
                f"(shrunk from {''.join(parts)!r})"
            )
    assert count >= 100, f"only {count} documents in {budget} s (seed {seed})"
