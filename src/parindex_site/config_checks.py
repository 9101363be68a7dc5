"""Checks of the ``parsite.yaml`` values that name sections, file kinds and URL patterns.

Kept out of ``config.py`` so that it stays a table of keys: each function here turns a
raw YAML value into the frozen value ``SiteConfig`` holds, or raises a ``ConfigError``
that names ``parsite.yaml:line``, what is wrong and how to fix it (every problem of the
value at once, one per line).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .assets.kinds import refused_suffix
from .content.quoting import quoted
from .content.slugs import slugify
from .content.yamlsafe import ItemLines
from .errors import ConfigError

SECTION_KEYS = ("folder", "name", "description")
_SUFFIX = re.compile(r"\.[A-Za-z0-9][A-Za-z0-9_+-]*(\.[A-Za-z0-9][A-Za-z0-9_+-]*)*")
# Characters a URL path part may not hold as written: they start a query or fragment,
# are not allowed in file names on Windows, or are whitespace.
_BAD_URL_CHARS = re.compile(r'[?#%\\<>"|*:\s]')


@dataclass(frozen=True)
class Section:
    """A section as ``parsite.yaml`` names it: the folder (or category) it is, by slug,
    the name the menu shows, and a description for its list page."""

    folder: str
    slug: str
    name: str = ""
    description: str = ""


def check_sections(
    value: Any, where: str, items: Sequence[ItemLines] = (), source: str = ""
) -> tuple[Section, ...]:
    """``sections:`` -- a list of ``{folder, name, description}`` (or of folder names).
    ``where`` locates the key; with ``items`` (the lines of its entries) and ``source``
    (the file's name) each entry's problem is reported at the entry's own line."""
    if not isinstance(value, list):
        raise ConfigError(
            f"{where}: 'sections' must be a list like "
            "[{folder: cai-cach-hanh-chinh, name: Cải cách hành chính}]"
        )
    problems: list[str] = []
    sections: list[Section] = []
    seen: dict[str, tuple[int, str]] = {}
    for number, item in enumerate(value, 1):
        lines = items[number - 1] if len(items) == len(value) and source else None
        place = _Place(where, source, lines, f"sections item {number}")
        section = _section(item, place, problems)
        if section is None:
            continue
        if section.slug in seen:
            first, at = seen[section.slug]
            problems.append(
                f"{place.of('folder')}: folder '{section.folder}' is item {first} already"
                f"{at} (list each section once)"
            )
            continue
        seen[section.slug] = (number, f", on line {lines.line}" if lines else "")
        sections.append(section)
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(sections)


@dataclass(frozen=True)
class _Place:
    """How a message locates one ``sections:`` entry, or one of its keys."""

    where: str  # the file and the line of the ``sections:`` key
    source: str
    lines: ItemLines | None
    item: str  # "sections item 2"

    def of(self, key: str = "") -> str:
        if self.lines is None:
            return f"{self.where}: {self.item}"
        line = self.lines.keys.get(key, self.lines.line)
        return f"{self.source}:{line}: {self.item}"


def _section(item: Any, place: _Place, problems: list[str]) -> Section | None:
    if isinstance(item, str):
        item = {"folder": item}
    if not isinstance(item, dict):
        problems.append(f"{place.of()}: write 'folder: ...' (and 'name: ...', 'description: ...')")
        return None
    before = len(problems)
    for key in item:
        if key not in SECTION_KEYS:
            close = difflib.get_close_matches(str(key), SECTION_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use folder, name, description"
            problems.append(f"{place.of(str(key))}: unknown key {quoted(key)} ({hint})")
    texts = {}
    for key in SECTION_KEYS:
        text = item.get(key, "")
        if not isinstance(text, str):
            problems.append(f"{place.of(key)}: '{key}' must be text (quote it)")
            text = ""
        texts[key] = unicodedata.normalize("NFC", text).strip()
    slug = slugify(texts["folder"])
    if not slug:
        problems.append(
            f"{place.of('folder')}: needs 'folder:', the section's folder under content/ "
            "(or its category), e.g. folder: cai-cach-hanh-chinh"
        )
    if len(problems) > before:
        return None
    return Section(texts["folder"], slug, texts["name"], texts["description"])


AGENCY_KEYS = ("name", "address", "phone", "hotline", "email", "responsible", "licence")
_PHONE = re.compile(r"\+?[0-9][0-9 .()-]{2,30}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Agency:
    """The agency that runs the portal, for its footer (Decree 42/2022/NĐ-CP asks a
    state portal to name it, its address, phone and email, who answers for the content
    and its licence). Empty where not given."""

    name: str = ""
    address: str = ""
    phone: str = ""
    hotline: str = ""
    email: str = ""
    responsible: str = ""  # the person responsible for the content
    licence: str = ""  # the licence line, as written

    def over(self, base: Agency) -> Agency:
        """These values, and ``base``'s where these are empty (an edition's over the
        portal's: a translation need only give what its language changes)."""
        return Agency(*(getattr(self, k) or getattr(base, k) for k in AGENCY_KEYS))

    def tel(self, number: str) -> str:
        """A ``tel:`` address of a number as written ("0221 3 863 456" -> 02213863456)."""
        return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


NO_AGENCY = Agency()  # frozen: one shared empty value


def check_agency(value: Any, where: str) -> Agency:
    """``agency:`` -- ``{name, address, phone, hotline, email, responsible, licence}``."""
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where}: 'agency' must be 'key: value' lines, e.g. agency: {{name: ..., "
            "address: ..., phone: ..., email: ...}"
        )
    problems: list[str] = []
    texts: dict[str, str] = {}
    for key, text in value.items():
        if key not in AGENCY_KEYS:
            close = difflib.get_close_matches(str(key), AGENCY_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(AGENCY_KEYS)}"
            problems.append(f"{where}: agency: unknown key {quoted(key)} ({hint})")
        elif not isinstance(text, str | int) or isinstance(text, bool):
            problems.append(f"{where}: agency: '{key}' must be text (quote it)")
        else:
            texts[key] = " ".join(unicodedata.normalize("NFC", str(text)).split())
    for key in ("phone", "hotline"):
        if texts.get(key) and not _PHONE.fullmatch(texts[key]):
            problems.append(
                f"{where}: agency: '{key}' {quoted(texts[key])} is not a phone number "
                "(digits, spaces, dots, dashes, a leading +: 0221 3 863 456)"
            )
    if texts.get("email") and not _EMAIL.fullmatch(texts["email"]):
        problems.append(
            f"{where}: agency: 'email' {quoted(texts['email'])} is not an address "
            "(write it like contact@example.gov.vn)"
        )
    if problems:
        raise ConfigError("\n".join(problems))
    return Agency(**texts)


def check_publish_suffixes(value: Any, where: str) -> tuple[str, ...]:
    """``publish_suffixes:`` -- more kinds of files published from beside the stories."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: 'publish_suffixes' must be a list like [.gpx, .kml]")
    problems = []
    for suffix in value:
        lowered = suffix.strip().lower()
        if not _SUFFIX.fullmatch(lowered):
            problems.append(
                f"{where}: publish_suffixes: {suffix!r} is not a file suffix "
                "(write it with its dot, like .gpx)"
            )
        elif why := refused_suffix(lowered):
            problems.append(f"{where}: publish_suffixes: '{lowered}' cannot be added: {why}")
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(sorted({v.strip().lower() for v in value}))


def url_pattern_problem(pattern: str, fields: tuple[str, ...]) -> str:
    """What makes an ``article_url`` pattern unusable once filled in, or ""."""
    sample = pattern.format(**dict.fromkeys(fields, "x"))
    other = pattern.format(**dict.fromkeys(fields, "y"))
    if "{" in sample or "}" in sample:
        return "has '{{' or '}}', which print braces (write a field once: {slug})"
    if sample == other:
        return "does not use {slug} as a field, so every story would get one URL"
    parts = sample.strip("/").split("/")
    if "//" in sample or any(p in ("", ".", "..") for p in parts):
        return "has an empty, '.' or '..' part (write it like /{category}/{slug}/)"
    if any(p.startswith(".") for p in parts):
        return "has a part starting with '.', which web servers hide"
    if _BAD_URL_CHARS.search(sample):
        return 'holds a space or one of ? # % \\ < > " | * : (use letters, digits, - and /)'
    return ""


_SEARCH_PATH = re.compile(r"(/[a-z0-9][a-z0-9-]*)+/")


def check_search_path(value: Any, where: str) -> str:
    """The search page's URL within its edition: folders of lower-case letters, digits
    and hyphens between slashes, as a reader can type it."""
    if not isinstance(value, str) or not _SEARCH_PATH.fullmatch(value):
        raise ConfigError(
            f"{where}: 'search_path' must be folders between slashes, like /tim-kiem/, "
            f"not {quoted(value)}"
        )
    return value
