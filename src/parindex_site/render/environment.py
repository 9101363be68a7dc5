"""The Jinja environment: autoescape, ``StrictUndefined``, the site's templates over the
theme's, the filters every template may use (dates without the system locale, with the
weekday and month names of the page's own words) and ``t``, the interface words."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping

import jinja2
from markupsafe import Markup

from ..config import SiteConfig
from ..config_editions import Edition
from ..content.dates import ENGLISH_NAMES, format_date
from ..content.models import Article
from .pictures import picture, plain, responsive, share_image, share_type
from .seo import absolute_url, jsonld, news_article
from .theme import theme_dir
from .words import Words, translate


def shorten(text: str, length: int = 80, end: str = "...") -> str:
    """Cut at a word boundary to at most ``length`` characters, then add ``end``."""
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut.rstrip(" ,.;:-\u2013\u2014") + end


class CompiledTemplates(jinja2.BytecodeCache):
    """The templates' compiled code, kept from one build to the next so that a warm build
    does not compile them again (70 ms for the theme's). Jinja checks each one against
    its template's source, and Python's version; the cache's stamp covers Jinja's."""

    def __init__(self, known: Mapping[str, bytes]) -> None:
        self._known = known
        self.code: dict[str, bytes] = {}  # what this build used: what the next one keeps

    @property
    def changed(self) -> bool:
        return self.code != self._known

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._known.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # reset by Jinja if the source changed
            if bucket.code is not None:
                self.code[bucket.key] = data

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def make_environment(
    config: SiteConfig, compiled: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """Jinja with autoescape and StrictUndefined; the site's templates override the
    theme's; ``compiled``: where compiled templates are kept between builds."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(config.templates_dir)),
            jinja2.FileSystemLoader(str(theme_dir() / "templates")),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
        keep_trailing_newline=True,
        bytecode_cache=compiled,
    )
    tz = config.tz

    @jinja2.pass_context
    def date(context: jinja2.runtime.Context, moment: dt.datetime, pattern: str = "") -> str:
        edition = _edition(context, config)
        return format_date(
            moment.astimezone(tz), pattern or edition.date_format, edition.am_pm, _names(context)
        )

    @jinja2.pass_context
    def datetime(context: jinja2.runtime.Context, moment: dt.datetime, pattern: str = "") -> str:
        edition = _edition(context, config)
        pattern = pattern or edition.datetime_format
        return format_date(moment.astimezone(tz), pattern, edition.am_pm, _names(context))

    def iso(moment: dt.datetime) -> str:
        return moment.astimezone(tz).isoformat()

    # A story's stamp is printed on every list it is in, a dozen pages or more: each is
    # made once a build (in each worker), for its edition's patterns and names.
    stamps: dict[tuple[object, ...], Markup] = {}

    @jinja2.pass_context
    def stamp(context: jinja2.runtime.Context, story: Article, parens: bool = False) -> Markup:
        """``<time datetime="...">24/06/2022 10:14 SA</time>``: the date and time by the
        filters above, the date alone for a story dated without a time."""
        moment, day = story.published, story.date_only
        key = (moment, day, parens, _edition(context, config).code, _names(context))
        done = stamps.get(key)
        if done is None:
            shown = date(context, moment) if day else datetime(context, moment)
            machine = iso(moment)[:10] if day else iso(moment)
            text = f"({shown})" if parens else shown
            done = stamps[key] = Markup('<time datetime="{}">{}</time>').format(machine, text)
        return done

    env.filters.update(
        stamp=stamp,
        date=date,
        datetime=datetime,
        iso=iso,
        shorten=shorten,
        absolute=lambda url: absolute_url(config, url),
        jsonld=jsonld,
    )
    env.globals["news_article"] = jinja2.pass_context(
        lambda context, article, translations=(), image="": news_article(
            article, config, _edition(context, config), translations, image
        )
    )
    env.globals["t"] = translate
    # Pure functions of the values they are given: a page's key covers what they print.
    env.globals.update(picture=picture, share_image=share_image, share_type=share_type)
    env.filters["responsive"] = responsive
    env.filters["plain_pictures"] = plain
    return env


def _edition(context: jinja2.runtime.Context, config: SiteConfig) -> Edition:
    """The page's edition (its date patterns), in its context; else the first."""
    edition = context.get("edition")
    return edition if isinstance(edition, Edition) else config.editions[0]


def _names(context: jinja2.runtime.Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Weekday and month names from the page's interface words (in its context, so its
    key covers them); English where a context has none (a template rendered by hand)."""
    words = context.get("words")
    if not isinstance(words, Words):
        return ENGLISH_NAMES
    return words.names("weekdays"), words.names("months")


def template_digest(config: SiteConfig) -> str:
    """Every file of the site's and the theme's template folders, by folder, relative
    path and bytes: a page's key covers the templates it may be rendered with
    (``build.keys``). The folders by role, not where they are: the same templates in a
    site spelled another way, or a parsite installed elsewhere, render the same pages."""
    hasher = hashlib.blake2b(digest_size=16)
    for role, folder in (("site", config.templates_dir), ("theme", theme_dir() / "templates")):
        hasher.update(f"{role}\0".encode())
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()
