"""The packaged default theme, and a site's own templates overriding single files of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_a_site_with_only_content_builds_with_the_default_theme(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    public = build_tree(tmp_path, {"content/news/a.md": article(title="Only content")})
    written = sorted(p.name for p in tmp_path.iterdir() if p.name != ".parsite-cache")
    assert written == ["content", "public"]
    doc = parse_html((public / "news/only-content/index.html").read_bytes())
    assert doc.find("link", rel="stylesheet").attrs["href"] == "/css/style.css"
    assert (public / "css/style.css").is_file()
    assert doc.find("header", class_="site-header").find("p", class_="brand").text == "News Portal"
    assert doc.find("aside", class_="latest-news")


def test_a_site_template_overrides_one_theme_file_and_sees_extra_keys(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    override = (
        '{% extends "base.html" %}\n{% block main %}\n'
        '<h1 class="custom">{{ article.title }}</h1>\n'
        '<p class="source">{{ article.extra.source_name }} / {{ article.extra.rank }}</p>\n'
        "{% endblock %}\n"
    )
    public = build_tree(
        tmp_path,
        {
            "content/news/a.md": article(title="Custom", source_name="Hung Yen Portal", rank=12),
            "templates/article.html": override,
        },
    )
    doc = parse_html((public / "news/custom/index.html").read_bytes())
    assert doc.find("h1", class_="custom").text == "Custom"
    assert doc.find("p", class_="source").text == "Hung Yen Portal / 12"
    assert doc.find("aside", class_="latest-news")  # base.html still comes from the theme
    home = parse_html((public / "index.html").read_bytes())
    assert home.find_all("h1", class_="custom") == []
    assert home.find("article", class_="lead")


def test_a_site_static_file_overrides_the_theme_file(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any
) -> None:
    public = build_tree(
        tmp_path, {"content/news/a.md": article(), "static/css/style.css": "body{color:red}"}
    )
    assert (public / "css/style.css").read_text(encoding="utf-8") == "body{color:red}"


def test_a_site_template_may_use_the_stamp_filter_or_the_old_stamp_macro(
    tmp_path: Path, build_tree: Callable[..., Path], article: Any, parse_html: Any
) -> None:
    """The theme prints stamps with the ``stamp`` filter; a site's own template that
    imports the ``_stamp.html`` macro, as the theme's used to, still builds and gets the
    same markup (the macro now calls the filter: that the filter prints what the old
    macro printed is ``tests/unit/test_stamp.py``'s job)."""
    own_list = (
        '{% extends "base.html" %}\n{% from "_stamp.html" import stamp with context %}\n'
        "{% block main %}\n"
        '{% for story in page.articles %}{% include "_summary.html" %}'
        '<p class="old">{{ stamp(story, parens=true) }}</p>'
        '<p class="new">{{ story|stamp(parens=true) }}</p>{% endfor %}\n'
        "{% endblock %}\n"
    )
    public = build_tree(
        tmp_path,
        {
            "parsite.yaml": "datetime_format: '%d/%m/%Y %H:%M %p'\nam_pm: [SA, CH]\n",
            "content/news/a.md": article(title="Stamped", date="2022-06-24 10:14"),
            "content/news/b.md": article(title="Day only", date="2022-06-20"),
            "templates/list.html": own_list,
        },
    )
    doc = parse_html((public / "news/index.html").read_bytes())
    times = [s.find("time") for s in doc.find_all("article", class_="summary")]
    assert [(t.text, t.attrs["datetime"]) for t in times] == [
        ("24/06/2022 10:14 SA", "2022-06-24T10:14:00+07:00"),
        ("20 - 06 - 2022", "2022-06-20"),
    ]
    page = (public / "news/index.html").read_text("utf-8")
    stamp = '<time datetime="2022-06-24T10:14:00+07:00">(24/06/2022 10:14 SA)</time>'
    assert f'<p class="old">{stamp}</p><p class="new">{stamp}</p>' in page
    day = '<time datetime="2022-06-20">(20 - 06 - 2022)</time>'
    assert f'<p class="old">{day}</p><p class="new">{day}</p>' in page
