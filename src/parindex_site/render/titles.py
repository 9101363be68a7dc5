"""Short titles for the latest-news sidebar: cut by words or by characters, and never
two alike.

The seed portal cuts by words: a title keeps its first 13 words (a lone "-" between
them is no word) and then "...", and a title of 13 words or fewer is shown whole. A
character limit cuts at the last word boundary within it, as ``shorten`` does. Either
way, two different titles whose cuts read the same ("Comrade Chairman ... attends
the...") are both lengthened a word at a time until they differ, so a reader can tell
every entry apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

END = "..."
_TOKEN = re.compile(r"\S+")
_TRAILING = " ,.;:-\u2013\u2014"  # not left dangling before the "..."


def _is_word(token: str) -> bool:
    """A word has a letter or digit: a dash between words does not count."""
    return any(c.isalnum() for c in token)


def _stops(title: str, words_only: bool) -> list[int]:
    """Where a cut may end: after each token (each word, cutting by words)."""
    return [m.end() for m in _TOKEN.finditer(title) if not words_only or _is_word(m.group())]


def _first_cut(title: str, words: int, length: int) -> int:
    """Where the title is cut first: after ``words`` words, or at the last word
    boundary within ``length`` characters (mid-word if the first word is longer)."""
    if words:
        stops = _stops(title, True)
        return stops[words - 1] if len(stops) > words else len(title)
    if len(title) <= length:
        return len(title)
    within = [stop for stop in _stops(title, False) if stop <= length]
    return within[-1] if within else length


def _longer(title: str, cut: int, words: int) -> int:
    """The next cut after ``cut``: one word more (the whole title at the end)."""
    later = [stop for stop in _stops(title, bool(words)) if stop > cut]
    return later[0] if later else len(title)


def _shown(title: str, cut: int, words: int) -> str:
    rest = title[cut:]
    if cut >= len(title) or (words and not any(_is_word(t) for t in rest.split())):
        return title
    return title[:cut].rstrip(_TRAILING) + END


def cut_titles(titles: Sequence[str], words: int = 0, length: int = 80) -> tuple[str, ...]:
    """Each title cut after ``words`` words (``words`` 0: to ``length`` characters), with
    "..." where something was cut; cuts of different titles that read the same are
    lengthened until they differ (identical titles stay identical)."""
    cuts = [_first_cut(t, words, length) for t in titles]
    while True:
        shown = [_shown(t, c, words) for t, c in zip(titles, cuts, strict=True)]
        alike: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(shown):
            alike[text].append(index)
        lengthened = False
        for indices in alike.values():
            if len({titles[i] for i in indices}) < 2:
                continue
            for i in indices:
                if shown[i] != titles[i]:
                    cuts[i] = _longer(titles[i], cuts[i], words)
                    lengthened = True
        if not lengthened:
            return tuple(shown)
