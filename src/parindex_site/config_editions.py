"""Editions: ``languages:`` in ``parsite.yaml``, one whole portal per language.

::

    languages:
      vi:
        title: Cổng thông tin điện tử tỉnh Hưng Yên
        date_format: "%d/%m/%Y"
      en:
        title: Hung Yen Provincial Portal
        prefix: /en/          # the default for every language but the first

The first language is served at ``/``, each other under its prefix. A value an entry
does not give (title, description, date and time patterns, ``am_pm``, ``sections``,
``latest_title_words``; ``agency`` key by key) is
the top-level one, so a site of one language, with no ``languages:``, is one edition of
the top-level values. Date patterns given nowhere are the language's own
(``DATE_DEFAULTS``: Vietnamese day/month/year), else the portal's English ones.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from .config_checks import NO_AGENCY, Agency, Section
from .errors import ConfigError

ENTRY_KEYS = (
    "title",
    "description",
    "prefix",
    "date_format",
    "datetime_format",
    "am_pm",
    "sections",
    "latest_title_words",
    "agency",
    "search_path",
)
# What a language prints dates with when neither its entry nor the top level says: a
# Vietnamese reader expects day/month/year and a 24-hour clock ("Ngày đăng: 25/05/2022",
# "24/06/2022 13:15"). Any other language keeps the portal's own (``SiteConfig``).
DATE_DEFAULTS = {"vi": {"date_format": "%d/%m/%Y", "datetime_format": "%d/%m/%Y %H:%M"}}
# The search page of an edition, unless search_path says: in its readers' word.
SEARCH_PATHS = {"vi": "/tim-kiem/", "en": "/search/"}
# A language tag as BCP 47 writes the common ones: vi, en, en-GB, zh-Hant.
_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_PREFIX = re.compile(r"/[a-z0-9][a-z0-9-]*/")
# OpenGraph's locale of a language written without a region: its most read territory.
_LOCALES = {"vi": "vi_VN", "en": "en_US"}


@dataclass(frozen=True)
class Edition:
    """One language's portal: what its pages say of the site, and where they live."""

    code: str
    prefix: str  # "" for the first edition, else "/en": put before every site URL
    title: str
    description: str
    date_format: str
    datetime_format: str
    am_pm: tuple[str, str]
    sections: tuple[Section, ...] = ()  # its own names and order of sections
    # Latest-news titles cut after this many words (0: by characters): a word of
    # English is not a syllable of Vietnamese, so each language may say.
    latest_title_words: int = 0
    agency: Agency = NO_AGENCY  # its footer's agency: its entry's values over the portal's
    search_url: str = "/search/"  # its search page, under its prefix

    @property
    def locale(self) -> str:
        """OpenGraph's ``language_TERRITORY``: vi -> vi_VN, en -> en_US, en-GB -> en_GB."""
        language, *subtags = self.code.split("-")
        # A region is two letters (GB) or three digits (419); zh-Hant's "Hant" is a script.
        region = next((t for t in subtags if len(t) == 2 or t.isdigit()), "")
        return f"{language}_{region.upper()}" if region else _LOCALES.get(language, language)

    def url(self, url: str) -> str:
        """A site URL (``/tags/``) of this edition (``/en/tags/``)."""
        return self.prefix + url


@dataclass(frozen=True)
class LanguageEntry:
    """An entry of ``languages:`` as written: ``None`` where it leaves a value to the
    top level."""

    code: str
    values: tuple[tuple[str, Any], ...]

    def get(self, key: str) -> Any:
        return dict(self.values).get(key)


def check_languages(value: Any, where: str, check_value: Any) -> tuple[LanguageEntry, ...]:
    """``languages:`` -- a mapping of language code to its entry, in order.

    ``check_value(key, value, where)`` is the config's own check of a top-level value,
    so that an entry's ``date_format`` is refused for the reasons the top level's is."""
    if not isinstance(value, dict) or not value:
        raise ConfigError(
            f"{where}: 'languages' must map each language to its settings, first the "
            "one served at /, e.g. languages: {vi: {title: ...}, en: {title: ...}}"
        )
    problems: list[str] = []
    entries: list[LanguageEntry] = []
    prefixes: dict[str, str] = {}
    for number, (code, entry) in enumerate(value.items()):
        at = f"{where}: languages: {code}"
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            problems.append(f"{at}: not a language code (write it like vi, en or en-GB)")
            continue
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            problems.append(f"{at}: write its settings as 'title: ...' lines (or {{}})")
            continue
        values: dict[str, Any] = {}
        for key, item in entry.items():
            if key not in ENTRY_KEYS:
                close = difflib.get_close_matches(str(key), ENTRY_KEYS, n=1)
                hint = f"did you mean '{close[0]}'?" if close else ", ".join(ENTRY_KEYS)
                problems.append(f"{at}: unknown key '{key}' ({hint})")
                continue
            if key == "prefix":
                continue
            try:
                values[key] = check_value(key, item, at)
            except ConfigError as exc:
                problems.append(str(exc))
        prefix = _prefix(code, entry.get("prefix"), number, at, problems)
        if prefix in prefixes:
            problems.append(f"{at}: prefix '{prefix}/' is that of {prefixes[prefix]} already")
        prefixes[prefix] = code
        values["prefix"] = prefix
        entries.append(LanguageEntry(code, tuple(values.items())))
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(entries)


def _prefix(code: str, written: Any, number: int, at: str, problems: list[str]) -> str:
    if number == 0:
        if written not in (None, "/", ""):
            problems.append(f"{at}: the first language is served at /: drop its 'prefix'")
        return ""
    if written is None:
        return f"/{code.lower()}"
    if not isinstance(written, str) or not _PREFIX.fullmatch(written):
        problems.append(f"{at}: 'prefix' must be one folder between slashes, like /{code.lower()}/")
        return f"/{code.lower()}"
    return written.rstrip("/")
