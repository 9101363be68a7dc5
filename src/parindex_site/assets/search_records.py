"""What the search index holds of a story: Pagefind records made from the model.

Only the stories an edition shows are indexed -- title and body text, never the menus,
sidebar and footer every page repeats -- with their URL, date, section, picture and
language. Pagefind folds Vietnamese tones (``hưng`` is found by ``hung``) but not ``đ``,
which has no decomposition: ``đăng`` would be indexed as ``đang`` and typing ``dang``
would not find it. So the indexed text has ``đ``/``Đ`` replaced by ``d``/``D`` (one
letter for one, so the words and their positions do not move), the search page folds
the reader's query alike, and the original text travels in the record's metadata
(``text``), from which the page builds the highlighted excerpt at the same positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from ..content.dates import format_date
from ..content.models import Article
from ..content.summary import clean_text
from ..model.site import Site

_FOLD = str.maketrans("đĐ", "dD")
_SKIPPED = frozenset({"script", "style", "template", "noscript"})
# Tags inside a word or sentence; any other tag ends a block: a space.
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span"}
    | {"strong", "sub", "sup", "u", "time", "var", "wbr"}
)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``đ`` as ``d``, letter for letter: what Pagefind's own folding leaves out."""
    return text.translate(_FOLD)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def body_text(html: str) -> str:
    """The text of a story's body, one space between words and blocks."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return clean_text("".join(parser.parts))


def partition_of(article: Article) -> str:
    """The month a story is indexed in (``2022-05``): an edit rebuilds only its month."""
    return f"{article.published.year:04d}-{article.published.month:02d}"


def site_records(site: Site, articles: Iterable[Article]) -> list[dict[str, Any]]:
    """The Pagefind records of ``articles``, stories of the edition ``site``."""
    sections = {a.url: c.title for c in site.categories for a in c.articles}
    edition = site.edition
    language = edition.code.split("-")[0].lower()
    records = []
    for article in articles:
        text = _SPACE.sub(" ", f"{article.title} {body_text(article.body_html)}").strip()
        section = sections.get(article.url, article.category.name)
        meta = {
            "title": article.title,
            "date": format_date(article.published, edition.date_format, edition.am_pm),
            "section": section,
            "text": text,
        }
        if article.image:
            meta["image"] = article.image
            meta["image_alt"] = article.image_alt
        record = {
            "url": article.url,
            "content": fold(text),
            "language": language,
            "meta": meta,
            "filters": {"section": [section], "year": [f"{article.published.year:04d}"]},
            "sort": {"date": article.published.isoformat()},
        }
        records.append(record)
    return records
