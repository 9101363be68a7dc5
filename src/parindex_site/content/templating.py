"""Template tags other generators run and parsite does not: Liquid (Jekyll's
``{% highlight %}``, ``{{ site.url }}``) and Hugo shortcodes (``{{< figure >}}``,
``{{% note %}}``).

Left in a body, Python-Markdown's attr_list takes ``{% endhighlight %}`` for attributes
and prints ``<p _ endhighlight>``. Their braces are written as ``&#123;`` before
Markdown runs, so they come out as the text the editor wrote, and each file says where
they are. Code (fenced, indented or in backticks) is left alone: there they are text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .quoting import escaped

_TAG = re.compile(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")


@dataclass(frozen=True)
class Protected:
    body: str
    found: tuple[tuple[int, str], ...]  # (file line, the tag) of each tag protected


def protect_tags(body: str, body_line: int) -> Protected:
    """``body`` with every template tag outside code made inert; ``body_line`` is the file
    line of the body's first line."""
    if "{" not in body:
        return Protected(body, ())
    lines = body.split("\n")
    found: list[tuple[int, str]] = []
    fence = ""
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if line.startswith(("    ", "\t")) or "{" not in line:
            continue
        lines[number] = _protect_line(line, body_line + number, found)
    return Protected("\n".join(lines), tuple(found))


def _protect_line(line: str, file_line: int, found: list[tuple[int, str]]) -> str:
    pieces: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(line):
        pieces.append(_protect_text(line[last : span.start()], file_line, found))
        pieces.append(span.group())
        last = span.end()
    pieces.append(_protect_text(line[last:], file_line, found))
    return "".join(pieces)


def _protect_text(text: str, file_line: int, found: list[tuple[int, str]]) -> str:
    def replace(match: re.Match[str]) -> str:
        found.append((file_line, match.group()))
        return match.group().replace("{", "&#123;")

    return _TAG.sub(replace, text)


def tag_warnings(source: str, found: tuple[tuple[int, str], ...]) -> tuple[str, ...]:
    """One warning per file: where the first tag is, and how many there are."""
    if not found:
        return ()
    line, tag = found[0]
    kind = "Hugo shortcode" if tag.startswith(("{{<", "{{%")) else "Liquid tag"
    more = f" and {len(found) - 1} more template tags" if len(found) > 1 else ""
    return (
        f"{source}:{line}: {kind} {escaped(tag)!s}{more} left in the body: printed as "
        "text, parsite does not run other generators' tags (rewrite it as Markdown or HTML)",
    )
