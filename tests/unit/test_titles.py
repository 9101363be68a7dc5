"""Latest-news titles: cut by words as the seed does, or by characters; never two alike."""

from __future__ import annotations

import random

import pytest

from parindex_site.render.environment import shorten
from parindex_site.render.titles import cut_titles

KOREA = (
    "Chairman of the Provincial People's Committee Tran Quoc Van attends the Vietnam - "
    "Korea Investment Cooperation Conference"
)
TO_LAM = "Comrade Minister of Public Security To Lam and National Assembly's deputies meet voters"


def test_thirteen_words_then_dots_a_lone_dash_not_counted() -> None:
    assert cut_titles([KOREA], words=13) == (
        "Chairman of the Provincial People's Committee Tran Quoc Van attends the Vietnam - "
        "Korea...",
    )


def test_a_title_of_exactly_thirteen_words_is_shown_whole() -> None:
    assert len(TO_LAM.split()) == 13
    assert cut_titles([TO_LAM], words=13) == (TO_LAM,)
    assert cut_titles([TO_LAM + " -"], words=13) == (TO_LAM + " -",)  # no word left out


def test_punctuation_is_not_left_before_the_dots() -> None:
    assert cut_titles(["Hưng Yên, Hải Dương, Hà Nội"], words=2) == ("Hưng Yên...",)


def test_two_cuts_that_read_alike_are_lengthened_until_they_differ() -> None:
    base = "Comrade Chairman of the Provincial People's Committee Tran Quoc Van attends the"
    titles = [f"{base} Forum on Digital Transformation", f"{base} Forum on Investment", "Short"]
    assert cut_titles(titles, words=11) == (
        f"{base} Forum on Digital...",
        f"{base} Forum on Investment",
        "Short",
    )
    by_length = cut_titles(titles, length=80)
    assert len(set(by_length)) == 3, by_length
    assert by_length[0].startswith(base) and by_length[0].endswith("...")


def test_identical_titles_stay_identical_and_whole_cuts_are_not_lengthened() -> None:
    assert cut_titles(["A b c d", "A b c d"], words=2) == ("A b...", "A b...")


def test_by_characters_it_cuts_as_shorten_does() -> None:
    rng = random.Random(14)
    words = ["Hưng", "Yên", "-", "tăng", "10", "bậc", "PAR", "Index,", "administrative"]
    for _ in range(500):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        length = rng.randint(10, 90)
        assert cut_titles([title], length=length) == (shorten(title, length),), (title, length)


@pytest.mark.parametrize("words", [0, 3, 13])
def test_no_two_different_titles_read_the_same(words: int) -> None:
    rng = random.Random(words)
    for _ in range(200):
        titles = [" ".join(rng.choice("ab") for _ in range(rng.randint(1, 20))) for _ in range(8)]
        shown = cut_titles(titles, words=words, length=12)
        for i, a in enumerate(shown):
            for j, b in enumerate(shown):
                assert a != b or titles[i] == titles[j], (titles, shown)
