"""The site's configuration: ``parsite.yaml``, validated once, then frozen.

``parse_config`` turns text into a ``SiteConfig`` with no I/O; ``load_config`` is the thin
file-reading wrapper. Every problem in the file is reported at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config_checks import (
    NO_AGENCY,
    Agency,
    Section,
    check_agency,
    check_publish_suffixes,
    check_search_path,
    check_sections,
    url_pattern_problem,
)
from .config_editions import DATE_DEFAULTS, SEARCH_PATHS, Edition, LanguageEntry, check_languages
from .content.dates import format_date
from .content.frontmatter import key_line
from .content.quoting import first_control, quoted
from .content.yamlsafe import YamlDocument, load_yaml
from .errors import BuildFailed, ConfigError, SiteError

CONFIG_NAME = "parsite.yaml"
URL_FIELDS = ("category", "slug", "year", "month", "day")
LIST_ORDERS = ("newest", "day_then_weight")


@dataclass(frozen=True)
class SiteConfig:
    """Everything parsite.yaml can set, with the defaults a new portal starts from."""

    site_dir: Path
    title: str = "News Portal"
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    timezone: str = "Asia/Ho_Chi_Minh"
    description: str = ""
    author: str = ""
    page_size: int = 10
    # "newest": page 1 is the newest stories (at the list's URL); "stable": pages are
    # numbered from the oldest, so adding a story changes only the newest page of a list.
    pagination: str = "newest"
    latest_count: int = 8
    latest_title_length: int = 80
    latest_title_words: int = 0  # cut sidebar titles after this many words (0: by length)
    related_count: int = 5
    home_section_count: int = 4  # stories in each section's block on the home page
    feed_limit: int = 20
    feed_content: str = "full"  # or "summary": what a feed entry carries of its story
    # Lists: "newest" first, or "day_then_weight": days newest first, each day's stories
    # by their ``weight`` (lower first; unranked ones after, newest first).
    list_order: str = "newest"
    article_url: str = "/{category}/{slug}/"
    date_format: str = "%d - %m - %Y"
    datetime_format: str = "%d/%m/%Y %-I:%M %p"
    am_pm: tuple[str, str] = ("SA", "CH")
    slug_max_length: int = 120  # made slugs are cut at a hyphen to at most this
    slug_from: str = "title"  # or "filename": for sites whose titles recur
    default_category: str = "News"  # the section of a story directly in content/
    sections: tuple[Section, ...] = ()  # names and order of sections (config_checks)
    agency: Agency = NO_AGENCY  # who runs the portal, for the footer (config_checks)
    publish_suffixes: tuple[str, ...] = ()  # more kinds published from content/
    # Widths of the resized copies of story pictures (never wider than the original).
    picture_widths: tuple[int, ...] = (400, 800, 1200, 1600)
    # A resized picture over 1 MB or 2,500 px: "publish" its original beside the
    # variants, or "omit" it (readers get the variants only).
    large_originals: str = "publish"
    search: bool = True  # a Pagefind index per edition and its search page
    search_path: str = ""  # the search page's URL; default by language (/tim-kiem/, /search/)
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    languages: tuple[LanguageEntry, ...] = ()  # editions, as written (config_editions)
    given: tuple[str, ...] = ()  # the keys parsite.yaml sets (sorted), for defaults

    def _pattern(self, entry: LanguageEntry, key: str) -> str:
        """An edition's date pattern: its entry's, else the top level's if the file gives
        one, else its language's own default, else the portal's."""
        written = entry.get(key)
        if written:
            return str(written)
        language = entry.code.split("-")[0]
        if key in self.given or language not in DATE_DEFAULTS:
            return str(getattr(self, key))
        return DATE_DEFAULTS[language][key]

    def _search_path(self, code: str) -> str:
        if self.search_path:
            return self.search_path
        return SEARCH_PATHS.get(code.split("-")[0], SEARCH_PATHS["en"])

    @functools.cached_property
    def editions(self) -> tuple[Edition, ...]:
        """Each language's portal, the first served at ``/``: without ``languages:``,
        one edition of the top-level values. Cached: ``with_urls`` asks for every story
        (a cached_property writes the instance's ``__dict__``, which a frozen dataclass
        allows, and is outside its fields, so repr, equality and the stamp ignore it)."""
        entries = self.languages or (LanguageEntry(self.language, (("prefix", ""),)),)
        return tuple(
            Edition(
                code=entry.code,
                prefix=entry.get("prefix") or "",
                title=entry.get("title") or self.title,
                description=_given(entry.get("description"), self.description),
                date_format=self._pattern(entry, "date_format"),
                datetime_format=self._pattern(entry, "datetime_format"),
                am_pm=entry.get("am_pm") or self.am_pm,
                sections=_given(entry.get("sections"), self.sections),
                agency=(entry.get("agency") or NO_AGENCY).over(self.agency),
                latest_title_words=_given(entry.get("latest_title_words"), self.latest_title_words),
                search_url=entry.get("search_path") or self._search_path(entry.code),
            )
            for entry in entries
        )

    @property
    def content_dir(self) -> Path:
        return self.site_dir / "content"

    @property
    def templates_dir(self) -> Path:
        return self.site_dir / "templates"

    @property
    def static_dir(self) -> Path:
        return self.site_dir / "static"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def site_url(self) -> str:
        """The base URL without its trailing slash, to prefix a ``/``-rooted URL."""
        return self.base_url.rstrip("/")


def _given(value: Any, default: Any) -> Any:
    return default if value is None else value


_SETTABLE = {f.name: f for f in fields(SiteConfig) if f.name not in ("site_dir", "given")}
_SAMPLE_MOMENT = dt.datetime(2022, 5, 25, 16, 37)  # to try a date pattern on
_INT_LIMITS = {
    "page_size": 1,
    "latest_count": 0,
    "latest_title_length": 10,
    "related_count": 0,
    "feed_limit": 1,
    "slug_max_length": 20,
}
_INT_MAXIMA = {"slug_max_length": 200}  # file names end at 255 bytes


def parse_config(text: str, site_dir: Path, source: str = CONFIG_NAME) -> SiteConfig:
    """Validate the YAML ``text`` of a config file; raise every problem together."""
    # Bounded (content.yamlsafe): alias bombs, deep nesting and huge numbers are errors.
    document = load_yaml(text, first_line=1) if text.strip() else YamlDocument({})
    problems: list[SiteError] = [
        ConfigError(f"{source}:{p.line}: {p.message}") for p in document.problems
    ]
    if document.data is None and problems:
        raise problems[0] if len(problems) == 1 else BuildFailed(problems)
    data = {} if document.data is None else document.data
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected 'key: value' lines, found {type(data).__name__}")
    errors: list[SiteError] = problems  # duplicate keys, bad numbers: reported with the rest
    values: dict[str, Any] = {}
    for key, value in data.items():
        written_on = document.lines.get(str(key)) or key_line(text, str(key), first_line=1)
        where = f"{source}:{written_on}" if written_on else source
        try:
            if first_control([key, value]) is not None:
                raise ConfigError(
                    f"{where}: {quoted(str(key))} contains a control character (remove it)"
                )
            if key == "sections":  # each entry's problem at its own line
                items = document.items.get("sections", ())
                values["sections"] = check_sections(value, where, items, source)
                continue
            values[str(key)] = _check_value(str(key), value, where)
        except ConfigError as exc:
            errors.append(exc)
    if "languages" in data and "language" in data:
        errors.append(
            ConfigError(
                f"{source}:{document.lines.get('language', 1)}: 'language' and 'languages' "
                "are both given (drop 'language': the first of 'languages' is served at /)"
            )
        )
    if errors:
        raise errors[0] if len(errors) == 1 else BuildFailed(errors)
    return SiteConfig(site_dir=site_dir, given=tuple(sorted(values)), **values)


def load_config(site_dir: Path) -> SiteConfig:
    """Read ``parsite.yaml`` from ``site_dir``; a missing file means all defaults."""
    path = site_dir / CONFIG_NAME
    if not path.is_file():
        return SiteConfig(site_dir=site_dir)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{CONFIG_NAME}: not UTF-8 text (save it as UTF-8)") from None
    except OSError as exc:
        raise ConfigError(f"{CONFIG_NAME}: cannot read: {exc.strerror}") from None
    return parse_config(text, site_dir)


def _check_value(key: str, value: Any, source: str) -> Any:
    if key not in _SETTABLE:
        close = difflib.get_close_matches(key, _SETTABLE, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(_SETTABLE)}"
        raise ConfigError(f"{source}: unknown key '{key}' ({hint})")
    default = _SETTABLE[key].default
    if key == "languages":
        return check_languages(value, source, _check_value)
    if key == "sections":  # inside a languages: entry (the top level's is checked apart)
        return check_sections(value, source)
    if key == "publish_suffixes":
        return check_publish_suffixes(value, source)
    if key == "agency":
        return check_agency(value, source)
    if key == "picture_widths":
        return _check_widths(value, source)
    if key == "search":
        if not isinstance(value, bool):
            raise ConfigError(f"{source}: 'search' must be true or false, not {quoted(value)}")
        return value
    if key == "search_path":
        return check_search_path(value, source)
    if key == "extra":
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: 'extra' must be a mapping of key: value")
        return MappingProxyType(dict(value))
    if key == "am_pm":
        if not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
        ):
            raise ConfigError(f"{source}: 'am_pm' must be a list of two strings, e.g. [SA, CH]")
        return (value[0], value[1])
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{source}: '{key}' must be a whole number, not {quoted(value)}")
        if value < _INT_LIMITS.get(key, 0):
            raise ConfigError(f"{source}: '{key}' must be at least {_INT_LIMITS.get(key, 0)}")
        if value > _INT_MAXIMA.get(key, value):
            raise ConfigError(f"{source}: '{key}' must be at most {_INT_MAXIMA[key]}")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{source}: '{key}' must be text, not {quoted(value)} (quote it)")
    return _check_text(key, value, source)


PICTURE_WIDTHS = (16, 6000)  # pixels: the narrowest and widest variant that makes sense


def _check_widths(value: Any, source: str) -> tuple[int, ...]:
    low, high = PICTURE_WIDTHS
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not all(low <= v <= high for v in value)
    ):
        raise ConfigError(
            f"{source}: 'picture_widths' must be a list of widths in pixels from {low} to "
            f"{high}, e.g. [400, 800, 1200, 1600]"
        )
    return tuple(sorted(set(value)))


def _check_text(key: str, value: str, source: str) -> str:
    if key == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, a long name
            raise ConfigError(
                f"{source}: unknown timezone {quoted(value)} "
                "(use an IANA name like Asia/Ho_Chi_Minh)"
            ) from None
    if key == "list_order" and value not in LIST_ORDERS:
        raise ConfigError(
            f"{source}: 'list_order' must be {' or '.join(LIST_ORDERS)}, not {quoted(value)}"
        )
    if key == "feed_content" and value not in ("full", "summary"):
        raise ConfigError(f"{source}: 'feed_content' must be full or summary, not {quoted(value)}")
    if key == "pagination" and value not in ("newest", "stable"):
        raise ConfigError(f"{source}: 'pagination' must be newest or stable, not {quoted(value)}")
    if key == "slug_from" and value not in ("title", "filename"):
        raise ConfigError(f"{source}: 'slug_from' must be title or filename, not {quoted(value)}")
    if key == "large_originals" and value not in ("publish", "omit"):
        raise ConfigError(
            f"{source}: 'large_originals' must be publish or omit, not {quoted(value)}"
        )
    if key == "base_url":
        if not value.startswith(("http://", "https://")):
            raise ConfigError(f"{source}: 'base_url' must start with http:// or https://")
        return value if value.endswith("/") else value + "/"
    if key == "article_url":
        _check_url_pattern(value, source)
    if key in ("date_format", "datetime_format"):
        try:
            format_date(_SAMPLE_MOMENT, value)
        except ValueError as exc:
            raise ConfigError(
                f"{source}: '{key}' {exc} (use %d %m %Y %y %H %I %M %S %p, or %-d to drop "
                "the leading zero)"
            ) from None
    return value


def _check_url_pattern(pattern: str, source: str) -> None:
    if not (pattern.startswith("/") and pattern.endswith("/")):
        raise ConfigError(f"{source}: 'article_url' must start and end with '/'")
    if "{slug}" not in pattern:
        raise ConfigError(f"{source}: 'article_url' must contain {{slug}} so URLs are unique")
    try:
        problem = url_pattern_problem(pattern, URL_FIELDS)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise ConfigError(
            f"{source}: 'article_url' has an unknown field {exc} "
            f"(use {', '.join('{' + n + '}' for n in URL_FIELDS)})"
        ) from None
    if problem:
        raise ConfigError(f"{source}: 'article_url' {pattern!r} {problem}")
