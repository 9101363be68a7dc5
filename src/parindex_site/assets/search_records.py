"""What the search index holds of a story: Pagefind records made from the model.

Only the stories an edition shows are indexed -- title and body text, never the menus,
sidebar and footer every page repeats -- with their URL, date, section, picture and
language. Pagefind folds Vietnamese tones (``hưng`` is found by ``hung``) but not ``đ``,
which has no decomposition: ``đăng`` would be indexed as ``đang`` and typing ``dang``
would not find it. So the indexed text has ``đ``/``Đ`` replaced by ``d``/``D`` (one
letter for one, so the words and their positions do not move), the search page folds
the reader's query alike, and the words written with ``đ`` travel in the record's
metadata (``d``: ``position:word`` pairs, a few per cent of the words), from which the
page puts them back into the highlighted excerpt. (The whole original text as metadata
made Pagefind a quarter slower.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import unescape
from typing import Any

from ..content.dates import format_date
from ..content.models import Article
from ..content.summary import clean_text
from ..model.site import Site

_FOLD = str.maketrans("đĐ", "dD")
PART_SIZE = 150  # stories of one part of the index at most, where months allow
_SKIPPED_ELEMENTS = re.compile(
    r"<(script|style|template|noscript)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I
)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
# Tags inside a word or sentence; any other tag ends a block: a space.
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span"}
    | {"strong", "sub", "sup", "u", "time", "var", "wbr"}
)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``đ`` as ``d``, letter for letter: what Pagefind's own folding leaves out."""
    return text.translate(_FOLD)


def written_with_d(text: str) -> str:
    """The words of ``text`` that folding changes, with their positions: ``3:đăng``."""
    return " ".join(
        f"{n}:{word}" for n, word in enumerate(text.split(" ")) if "đ" in word or "Đ" in word
    )


def body_text(html: str) -> str:
    """The text of a story's body, one space between words and blocks. By patterns, not
    an HTML parser: the body is Markdown's well-formed output, and a parser took 7 ms a
    story (70 s for 10,000)."""
    kept = _SKIPPED_ELEMENTS.sub(" ", html)
    text = _TAG.sub(lambda m: "" if m.group(1).lower() in _INLINE else " ", kept)
    return clean_text(unescape(text))


def partition_names(articles: Sequence[Article]) -> list[str]:
    """The part of the index each story is in, in the order given: a year is one part
    (``2022``) while it has at most ``PART_SIZE`` stories, else its quarters are
    (``2022-q2``), or if one of those has more, its months (``2022-05``). An edit then
    re-indexes at most about ``PART_SIZE`` stories, and a small portal has few parts.
    Small parts cost Pagefind no more: 10,000 stories took 2.35 ms of its CPU a story
    as 96 parts, 2.69 ms as one index (``benchmarks/pagefind_alone.py``)."""
    years: Counter[int] = Counter()
    quarters: Counter[tuple[int, int]] = Counter()
    for article in articles:
        years[article.published.year] += 1
        quarters[article.published.year, _quarter(article)] += 1
    fullest = Counter[int]()
    for (year, _), count in quarters.items():
        fullest[year] = max(fullest[year], count)
    names = []
    for article in articles:
        year = article.published.year
        if years[year] <= PART_SIZE:
            names.append(f"{year:04d}")
        elif fullest[year] <= PART_SIZE:
            names.append(f"{year:04d}-q{_quarter(article)}")
        else:
            names.append(f"{year:04d}-{article.published.month:02d}")
    return names


def _quarter(article: Article) -> int:
    return 1 + (article.published.month - 1) // 3


def section_titles(site: Site) -> dict[str, str]:
    """The title of each story's section in the edition ``site``, by the story's URL."""
    return {a.url: c.title for c in site.categories for a in c.articles}


def site_records(
    site: Site,
    articles: Iterable[Article],
    images: Mapping[str, str],
    sections: Mapping[str, str],
) -> list[dict[str, Any]]:
    """The Pagefind records of ``articles``, stories of the edition ``site``; ``images``
    gives a story picture's address in the record (``SearchPlan.images``), ``sections``
    its section's title (``section_titles``)."""
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
            "d": written_with_d(text),
        }
        if article.image:
            meta["image"] = images.get(article.image, article.image)
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
