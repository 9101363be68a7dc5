"""Rendering: the sidebar's title cut, locale-free date filters, Jinja's safety settings,
site templates overriding the theme, and template errors that say where they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import pytest

from parindex_site.config import SiteConfig
from parindex_site.errors import SiteError, TemplateError
from parindex_site.render.environment import make_environment, shorten
from parindex_site.render.templates import render_template
from parindex_site.render.views import Pager, StablePager
from parindex_site.render.words import load_words

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = (
    "Comrade Chairman of the Provincial People's Committee Tran Quoc Van attends the "
    "investment certificate awarding ceremony"
)


def test_shorten_cuts_at_a_word_boundary_and_adds_dots() -> None:
    short = shorten(TITLE, 80)
    assert (
        short
        == "Comrade Chairman of the Provincial People's Committee Tran Quoc Van attends the..."
    )
    assert len(short) <= 83


def test_shorten_leaves_short_titles_whole_with_no_leeway() -> None:
    assert shorten("a" * 80, 80) == "a" * 80
    assert shorten("word " * 16 + "x", 80).endswith("...")  # 81 characters: cut


def test_shorten_drops_trailing_punctuation_before_the_dots() -> None:
    assert (
        shorten("Hanoi - Hai Phong expressway, and more words here", 19) == "Hanoi - Hai Phong..."
    )
    assert shorten("One, two three", 5) == "One..."


def test_shorten_cuts_a_single_long_word_hard() -> None:
    assert shorten("x" * 100, 80) == "x" * 80 + "..."


@pytest.fixture
def env(tmp_path: Path, make_config: Callable[..., SiteConfig]) -> jinja2.Environment:
    return make_environment(make_config(tmp_path, base_url="https://p.example/"))


def render(env: jinja2.Environment, source: str, **context: object) -> str:
    return env.from_string(source).render(**context)


def test_date_filters_use_the_configured_patterns_in_site_time(env: jinja2.Environment) -> None:
    utc = dt.datetime(2022, 6, 23, 9, 37, tzinfo=dt.timezone.utc)  # 16:37 in Vietnam
    assert render(env, "{{ d|date }}", d=utc) == "23 - 06 - 2022"
    assert render(env, "{{ d|datetime }}", d=utc) == "23/06/2022 4:37 CH"
    assert render(env, "{{ d|iso }}", d=utc) == "2022-06-23T16:37:00+07:00"
    assert render(env, "{{ d|date('%-d/%-m') }}", d=utc) == "23/6"


def test_date_filters_follow_the_config(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    config = make_config(tmp_path, datetime_format="%H:%M %p", am_pm=["AM", "PM"], timezone="UTC")
    env = make_environment(config)
    moment = dt.datetime(2022, 6, 23, 16, 37, tzinfo=VN)
    assert render(env, "{{ d|datetime }}", d=moment) == "09:37 AM"


def test_absolute_filter_prefixes_the_base_url(env: jinja2.Environment) -> None:
    assert render(env, "{{ '/news/a/'|absolute }}") == "https://p.example/news/a/"


def test_autoescape_and_strict_undefined(env: jinja2.Environment) -> None:
    assert render(env, "{{ t }}", t="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        render(env, "{{ missing }}")


def test_site_templates_override_theme_templates_one_by_one(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text("mine", encoding="utf-8")
    env = make_environment(make_config(tmp_path))
    assert env.get_template("404.html").render() == "mine"
    words = load_words(tmp_path, ("en",))[0]["en"]
    sidebar = env.get_template("_latest.html").render(latest=[], config=None, words=words)
    assert "latest-news" in sidebar


def test_a_template_error_names_the_template_its_line_and_the_page(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text("ok\n{{ missing }}\n", encoding="utf-8")
    env = make_environment(make_config(tmp_path))
    assert render_template(env, "x.html", {"missing": 1}, "/a/") == "ok\n1\n"
    with pytest.raises(TemplateError) as caught:
        render_template(env, "x.html", {}, "/a/")
    assert (caught.value.template, caught.value.line, caught.value.page) == ("x.html", 2, "/a/")
    assert "'missing' is undefined" in str(caught.value)


def test_the_build_s_own_error_while_a_page_renders_is_not_blamed_on_the_template(
    tmp_path: Path, make_config: Callable[..., SiteConfig]
) -> None:
    class Unreadable:  # a story whose body's file was cut short meanwhile
        @property
        def body(self) -> str:
            raise SiteError(".parsite-cache/articles-07.pickle: the file was cut short")

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text("{{ story.body }}\n", encoding="utf-8")
    env = make_environment(make_config(tmp_path))
    with pytest.raises(SiteError, match="cut short") as caught:
        render_template(env, "x.html", {"story": Unreadable()}, "/a/")
    assert not isinstance(caught.value, TemplateError)


@pytest.mark.parametrize(
    ("number", "count", "numbers"),
    [
        (1, 1, (1,)),
        (2, 4, (1, 2, 3, 4)),
        (1, 10, (1, 2, 3, 0, 10)),
        (5, 10, (1, 2, 3, 4, 5, 6, 7, 0, 10)),
        (10, 10, (1, 0, 8, 9, 10)),
        (500, 1000, (1, 0, 498, 499, 500, 501, 502, 0, 1000)),
    ],
)
def test_the_pager_links_a_window_of_pages_with_gaps_not_every_page(
    number: int, count: int, numbers: tuple[int, ...]
) -> None:
    assert Pager(number, count, (), "/", "/").numbers == numbers


def test_date_filters_name_weekdays_and_months_in_the_page_language(
    tmp_path: Path, env: jinja2.Environment
) -> None:
    moment = dt.datetime(2022, 6, 24, 3, 14, tzinfo=dt.timezone.utc)  # Friday 10:14 in VN
    words = load_words(tmp_path, ("vi", "en"))[0]
    source = "{{ d|date('%A, %d/%m/%Y') }} {{ d|datetime('%-d %B, %-I:%M %p') }}"
    assert render(env, source, d=moment, words=words["vi"]) == (
        "Thứ Sáu, 24/06/2022 24 tháng 6, 10:14 SA"
    )
    assert (
        render(env, source, d=moment, words=words["en"]) == "Friday, 24/06/2022 24 June, 10:14 SA"
    )


@pytest.mark.parametrize(
    ("number", "newest", "numbers"),
    [
        (1, 1, (1,)),  # one page: the newest, at the list's URL
        (4, 4, (4, 3, 2, 1)),
        (10, 10, (10, 9, 8, 0, 1)),
        (7, 10, (10, 9, 8, 7, 6, 5, 0, 1)),  # the newest page is within reach: linked
        (5, 0, (7, 6, 5, 4, 3, 2, 1)),  # far from the newest: it is not named
        (500, 0, (502, 501, 500, 499, 498, 0, 1)),
    ],
)
def test_a_stable_pager_links_its_window_newest_first(
    number: int, newest: int, numbers: tuple[int, ...]
) -> None:
    assert StablePager(number, newest, (), "/x/", "/").numbers == numbers


def test_a_stable_pager_s_newest_page_is_the_list_url_and_older_pages_do_not_count() -> None:
    front = StablePager(10, 10, (), "/news/", "/news/")
    assert (front.front, front.count, front.prev_url, front.next_url) == (
        True,
        10,
        None,
        "/news/page/9/",
    )
    near = StablePager(9, 10, (), "/news/page/9/", "/news/")
    assert (near.front, near.count, near.prev_url) == (False, 0, "/news/")
    far = StablePager(2, 0, (), "/news/page/2/", "/news/")
    assert (far.prev_url, far.next_url) == ("/news/page/3/", "/news/page/1/")
    oldest = StablePager(1, 0, (), "/news/page/1/", "/news/")
    assert oldest.next_url is None
