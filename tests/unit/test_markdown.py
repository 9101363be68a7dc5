"""Markdown bodies and the plain-text summary taken from their first paragraph."""

from __future__ import annotations

from parindex_site.content.markdown import MarkdownRenderer
from parindex_site.content.summary import first_paragraph, html_text


def test_body_markdown_with_extra_extensions() -> None:
    html = MarkdownRenderer().render(
        "## Results\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note"
    )
    assert '<h2 id="results">Results</h2>' in html
    assert "<table>" in html
    assert 'class="footnote"' in html


def test_one_renderer_gives_each_document_a_fresh_state() -> None:
    renderer = MarkdownRenderer()
    first = renderer.render("## Title\n\nA[^1]\n\n[^1]: one")
    second = renderer.render("## Title\n\nB")
    assert 'id="title"' in first
    assert 'id="title"' in second  # not "title_1": ids do not carry over
    assert "footnote" not in second


def test_first_paragraph_as_html_text() -> None:
    html = MarkdownRenderer().render(
        "# Heading\n\nThe *first*  paragraph,\nwith a [link](/x/) &amp; more.\n\nSecond."
    )
    assert first_paragraph(html) == "The first paragraph, with a link & more."


def test_a_paragraph_with_only_a_photo_is_passed_over() -> None:
    html = MarkdownRenderer().render("![Delegates](/images/a.jpg)\n\nThe real first paragraph.")
    assert first_paragraph(html) == "The real first paragraph."


def test_no_paragraph_gives_an_empty_summary() -> None:
    assert first_paragraph(MarkdownRenderer().render("# Only a heading")) == ""
    assert first_paragraph("") == ""


def test_plain_text_drops_tags_decodes_entities_and_folds_spaces() -> None:
    assert html_text("<b>Hưng</b>\n  Yên &lt;3&gt; &quot;x&quot;") == 'Hưng Yên <3> "x"'
