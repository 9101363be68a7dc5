"""The link checker on tiny in-memory outputs: one page of HTML -> the broken links found."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from parindex_site.check.links import (
    check_output_links,
    find_broken_links,
    output_files,
    page_url,
    read_output_dir,
)
from parindex_site.errors import BuildFailed, OutputError

SITE_URL = "https://portal.example"


def broken(body: str, *others: str, site_url: str = SITE_URL) -> list[str]:
    """Messages for the links of ``body`` (the page news/a/index.html) among ``others``."""
    pages = {
        PurePosixPath("news/a/index.html"): f"<!DOCTYPE html><main id='main'>{body}</main>",
        PurePosixPath("index.html"): "<h1 id='top-story'>Home</h1>",
        PurePosixPath("news/b/index.html"): "<h2 id='related'>More</h2><a name='old'></a>",
    }
    items: list[tuple[PurePosixPath, bytes | None]] = [
        (path, text.encode()) for path, text in pages.items()
    ]
    items += [(PurePosixPath(p), None) for p in ("css/style.css", "images/a.jpg", *others)]
    return [str(error) for error in find_broken_links(output_files(items), site_url)]


@pytest.mark.parametrize(
    "body",
    [
        '<a href="/">home</a>',
        '<a href="/news/b/">b</a>',
        '<a href="/news/b">b without the slash, as a host redirects it</a>',
        '<a href="../b/">relative</a>',
        '<a href="/news/b/index.html">the file itself</a>',
        '<a href="/news/b/#related">anchor</a>',
        '<a href="/news/b/#old">a name anchor</a>',
        '<a href="#main">same page</a>',
        '<a href="#top">top of page</a>',
        '<a href="#">nothing</a>',
        '<a href="/news/b/?page=2">query</a>',
        '<link rel="stylesheet" href="/css/style.css">',
        '<img src="/images/a.jpg" alt="">',
        '<img srcset="/images/a.jpg 1x, /images/a.jpg 2x" alt="">',
        '<a href="https://example.org/missing/">external</a>',
        '<a href="//cdn.example/x.js">protocol-relative</a>',
        '<a href="mailto:editor@example.org">mail</a>',
        '<a href="tel:+842213">phone</a>',
        '<img src="data:image/gif;base64,R0lGOD" alt="">',
        f'<link rel="canonical" href="{SITE_URL}/news/b/">',
        f'<meta property="og:image" content="{SITE_URL}/images/a.jpg">',
    ],
)
def test_links_that_resolve_are_not_reported(body: str) -> None:
    assert broken(body) == []


def test_a_link_to_a_missing_page_is_reported_with_page_line_and_target() -> None:
    assert broken('<p>x</p>\n<a href="/news/c/">c</a>') == [
        'page /news/a/ line 2: <a href="/news/c/">: nothing at /news/c/ in the output '
        "(fix or remove the link)"
    ]


def test_a_missing_anchor_on_another_page_is_reported() -> None:
    (message,) = broken('<a href="/news/b/#nowhere">b</a>')
    assert '/news/b/ has no element with id="nowhere"' in message


def test_a_missing_anchor_on_the_same_page_is_reported() -> None:
    (message,) = broken('<a href="#comments">comments</a>')
    assert message.startswith("page /news/a/ line 1:")
    assert 'no element with id="comments"' in message


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ('<img src="/images/missing.jpg" alt="">', "/images/missing.jpg"),
        ('<link rel="stylesheet" href="/css/print.css">', "/css/print.css"),
        ('<script src="/js/app.js"></script>', "/js/app.js"),
        ('<img srcset="/images/a.jpg 1x, /images/b.jpg 2x" alt="">', "/images/b.jpg"),
        ('<a href="../c/">relative</a>', "/news/c/"),
        (f'<meta property="og:image" content="{SITE_URL}/images/x.jpg">', "/images/x.jpg"),
        (f'<link rel="canonical" href="{SITE_URL}/gone/">', "/gone/"),
    ],
)
def test_missing_images_stylesheets_and_scripts_are_reported(body: str, target: str) -> None:
    (message,) = broken(body)
    assert f"nothing at {target} in the output" in message


def test_links_inside_comments_and_script_text_are_not_links() -> None:
    body = (
        '<!-- <a href="/old/">old</a> -->'
        "<script>const s = \"<a href='/in-script/'>\";</script>"
        '<script type="application/ld+json">{"url": "/json/"}</script>'
    )
    assert broken(body) == []


def test_a_script_src_is_still_checked() -> None:
    (message,) = broken('<script src="/js/missing.js"></script>')
    assert "nothing at /js/missing.js" in message


def test_line_numbers_count_lines_hidden_in_comments_and_scripts() -> None:
    body = '<!--\n\n-->\n<script>\n</script>\n<a href="/gone/">x</a>'
    (message,) = broken(body)
    assert message.startswith("page /news/a/ line 6:")


def test_attribute_values_may_be_unquoted_or_hold_a_closing_bracket() -> None:
    assert broken('<a title="a > b" href=/news/b/>b</a><span id=x></span><a href=#x>x</a>') == []
    (message,) = broken('<a title="a > b" href=/nowhere/>b</a>')
    assert "nothing at /nowhere/" in message


def test_entities_in_links_are_decoded() -> None:
    assert broken('<a href="/news/b/?a=1&amp;b=2">b</a>') == []


def test_percent_encoded_links_find_their_file() -> None:
    assert broken('<a href="/files/a%20b.pdf">pdf</a>', "files/a b.pdf") == []


def test_a_fragment_into_a_non_html_file_is_not_checked() -> None:
    assert broken('<a href="/files/r.pdf#page=2">pdf</a>', "files/r.pdf") == []


def test_page_url_of_index_files_is_the_folder() -> None:
    assert page_url(PurePosixPath("index.html")) == "/"
    assert page_url(PurePosixPath("news/a/index.html")) == "/news/a/"
    assert page_url(PurePosixPath("404.html")) == "/404.html"


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for relative, text in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_built_folder_is_read_with_every_file(tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<a href='/a/'>a</a>", "a/index.html": "", "x.css": ""})
    files = read_output_dir(tmp_path)
    assert files.paths == {PurePosixPath(p) for p in ("index.html", "a/index.html", "x.css")}
    assert set(files.html) == {PurePosixPath("index.html"), PurePosixPath("a/index.html")}


def test_checking_a_built_folder_raises_every_broken_link(tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<a href='/a/'>a</a>\n<img src='/b.png' alt=''>"})
    with pytest.raises(BuildFailed) as caught:
        check_output_links(tmp_path, SITE_URL)
    assert [str(e) for e in caught.value.errors] == [
        'page / line 1: <a href="/a/">: nothing at /a/ in the output (fix or remove the link)',
        'page / line 2: <img src="/b.png">: nothing at /b.png in the output '
        "(fix or remove the link)",
    ]
    assert str(caught.value).endswith(f"2 errors: broken links in {tmp_path}")


def test_checking_a_folder_that_is_no_built_site_says_so(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"no index\.html: build the site first"):
        check_output_links(tmp_path, SITE_URL)
