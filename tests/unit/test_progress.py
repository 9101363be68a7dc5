"""The progress bar's text, and that it stays quiet during the first second."""

from __future__ import annotations

from parindex_site.progress import ProgressLine, format_bar


def test_the_bar_fills_in_proportion_and_names_the_phase() -> None:
    assert format_bar("read", 250, 1000, width=8) == "reading  [##      ]  250/1000"
    assert format_bar("render", 3, 3, width=4) == "writing  [####] 3/3"


def test_nothing_is_drawn_in_the_first_second_and_clear_erases_what_was() -> None:
    drawn: list[str] = []
    line = ProgressLine(drawn.append, started=1e18)  # a build that has only just begun
    line("read", 1, 10)
    line.clear()
    assert drawn == []
    line = ProgressLine(drawn.append, started=0.0)  # running for a long time already
    line("read", 10, 10)
    line.clear()
    assert drawn[0].startswith("\rreading")
    assert drawn[-1].endswith("\r")
