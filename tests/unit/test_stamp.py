"""The ``stamp`` filter, made once a build for each story, against the macro it replaced:
the same bytes for any moment, with or without a time, in parentheses or not, in each
edition's patterns and words. Generated with a fresh seed each run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex_site.config import SiteConfig
from parindex_site.render.environment import make_environment
from parindex_site.render.words import Words, load_words

# The theme's _stamp.html before the filter, word for word.
MACRO = (
    "{% macro stamp(story, parens=false) -%}\n"
    "{% if story.date_only %}"
    "<time datetime=\"{{ story.published|iso|truncate(10, true, '', 0) }}\">"
    "{% if parens %}({% endif %}{{ story.published|date }}{% if parens %}){% endif %}</time>"
    '{% else %}<time datetime="{{ story.published|iso }}">{% if parens %}({% endif %}'
    "{{ story.published|datetime }}{% if parens %}){% endif %}</time>{% endif %}\n"
    "{%- endmacro %}"
)
OLD = MACRO + "{{ stamp(story, parens=parens) }}"
NEW = "{{ story|stamp(parens=parens) }}"
ZONES = [ZoneInfo("Asia/Ho_Chi_Minh"), ZoneInfo("UTC"), ZoneInfo("America/New_York")]
CONFIGS = {
    "vi": {"language": "vi"},  # its own patterns: 24/06/2022 16:37
    "en": {"datetime_format": "%A %d %B %Y %-I:%M %p", "am_pm": ["SA", "CH"]},
    "odd": {"date_format": "%d <%m> & %Y", "datetime_format": "%B %-d, %Y %H:%M"},
}


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def edition(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    make_config: Callable[..., SiteConfig],
) -> tuple[jinja2.Environment, dict[str, object]]:
    site = tmp_path_factory.mktemp("site")
    config = make_config(site, **CONFIGS[request.param])
    code = config.editions[0].code
    words: Words = load_words(site, (code,))[0][code]
    return make_environment(config), {"edition": config.editions[0], "words": words}


moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    st.sampled_from(ZONES),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(moments, st.booleans(), st.booleans()), min_size=1, max_size=6))
def test_the_stamp_filter_prints_what_the_old_macro_printed(
    edition: tuple[jinja2.Environment, dict[str, object]],
    stories: list[tuple[dt.datetime, bool, bool]],
) -> None:
    env, context = edition
    old, new = env.from_string(OLD), env.from_string(NEW)
    # Twice each: the second is the filter's remembered stamp.
    for moment, day, parens in stories + stories:
        story = SimpleNamespace(published=moment, date_only=day)
        values = {**context, "story": story, "parens": parens}
        assert new.render(values) == old.render(values), (moment, day, parens)
