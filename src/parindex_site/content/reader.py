"""Source file -> ``Article``: decode, split, validate every field, render Markdown.

``read_article`` is a pure function of the file's bytes and the config, which is what
lets the build cache it and run it in worker processes. Every problem of a file is
reported at once (``fields.FileErrors``); which keys are known and how they combine is
``content.schema``'s.
"""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from pathlib import Path
from types import MappingProxyType

from ..config import SiteConfig
from ..errors import ContentError, FrontMatterError
from .dates import file_name_date
from .fields import Fields, together
from .frontmatter import read_front_matter, split_front_matter
from .markdown import MarkdownRenderer
from .models import Article, Term
from .names import section_name
from .quoting import has_control, quoted
from .schema import (
    EXPIRY_KEYS,
    HIDING_STATUSES,
    KNOWN_KEYS,
    PUBLISH_KEYS,
    STATUSES,
    TEASER_KEYS,
    UPDATE_KEYS,
    canonical_keys,
)
from .slugs import capped, is_valid_slug, slugify
from .summary import clean_text, first_paragraph, html_text
from .templating import protect_tags, tag_warnings

MAX_WEIGHT = 1_000_000  # ranks are small numbers; this bounds what a typo can write
_Moment = tuple[dt.datetime, bool]


def decode_source(data: bytes, path: Path) -> str:
    """UTF-8 (a BOM is allowed), CRLF folded to LF, NFC-normalised."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, "not UTF-8 text (save the file as UTF-8 in your editor)", line=line
        ) from None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_article(
    text: str,
    path: Path,
    section: str,
    config: SiteConfig,
    renderer: MarkdownRenderer,
    name: str = "",
    language: str = "",
) -> Article:
    """Validate front matter and render the body. ``section`` is the first folder name,
    ``name`` the file's name without its suffix (for Jekyll's dates and ``slug_from``),
    ``language`` the edition its folder or suffix names (``content/en/``, ``a.en.md``)."""
    split = split_front_matter(text, path)
    front = read_front_matter(split, path)
    if front.errors and not front.data:
        raise together(front.errors)
    meta, lines = canonical_keys(front.data, front.lines)
    fields = Fields(meta, lines, path, config.tz)
    fields.errors.extend(front.errors)
    fields.check_controls()
    title = _title(fields)
    published = _published(fields, name)
    protected = protect_tags(split.body, split.body_line)
    body_html = renderer.render(protected.body)
    slug = _slug(fields, title, name, config)
    category, more_tags = _category(fields, section, config)
    tags = dict.fromkeys((*fields.string_list("tags"), *more_tags))
    article = Article(
        source=str(path),
        title=title,
        published=published[0] if published else dt.datetime.now(config.tz),
        date_only=published[1] if published else False,
        slug=slug,
        category=category,
        body_html=body_html,
        summary=_teaser(fields) or first_paragraph(body_html) or title,
        tags=tuple(t for t in (_term(t, fields, "tags") for t in tags) if t),
        updated=_moment(fields, UPDATE_KEYS, max),
        expires=_moment(fields, EXPIRY_KEYS, min),
        featured=fields.boolean("featured"),
        weight=fields.rank("weight", MAX_WEIGHT),
        draft=_hidden(fields),
        aliases=tuple(_aliases(fields)),
        extra=MappingProxyType({k: v for k, v in meta.items() if k not in KNOWN_KEYS}),
        warnings=tag_warnings(str(path), protected.found),
        unknown_keys=tuple((k, fields.line(k)) for k in meta if k not in KNOWN_KEYS),
        image_line=fields.line("image") if "image" in meta else 0,
        edition=_edition(fields, language, config),
        translation_key=fields.text("translation_key"),
        translation_key_line=fields.line("translation_key") if "translation_key" in meta else 0,
        author=fields.text("author"),
        image=fields.text("image"),
        image_alt=fields.text("image_alt"),
        image_caption=fields.text("image_caption"),
        lang=fields.text("lang"),
    )
    if fields.errors:
        raise together(fields.errors)
    return article


def read_article(
    path: Path, config: SiteConfig, renderer: MarkdownRenderer, data: bytes | None = None
) -> Article:
    """Read one file (or its already-read ``data``) into an ``Article``."""
    shown = _shown_path(path, config.site_dir)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ContentError(shown, f"cannot read the file: {exc.strerror}") from None
    relative = path.relative_to(config.content_dir)
    parts, stem, language = list(relative.parts), relative.stem, ""
    if config.languages:
        codes = {entry.code for entry in config.languages}
        if len(parts) > 1 and parts[0] in codes:  # content/en/news/a.md
            language = parts.pop(0)
        base, dot, suffix = stem.rpartition(".")
        if dot and suffix in codes:  # a.en.md, as Hugo names translations
            if language and suffix != language:
                raise ContentError(
                    shown,
                    f"its folder says language '{language}', its name '{suffix}' (keep one)",
                )
            stem, language = base, suffix
    section = parts[0] if len(parts) > 1 else ""
    text = decode_source(data, shown)
    return parse_article(text, shown, section, config, renderer, name=stem, language=language)


def _edition(fields: Fields, language: str, config: SiteConfig) -> str:
    """The edition of a story: its folder's or name's language, else its ``lang:``,
    else the first edition's. ``lang:`` must be a declared language once there are
    editions; without ``languages:`` it is free, as before (only ``<html lang>``)."""
    first = config.editions[0].code
    written = fields.text("lang")
    if not config.languages:
        return first
    codes = [entry.code for entry in config.languages]
    if written and written not in codes:
        fields.error(
            "lang",
            f"lang {quoted(written)} is not a language of this site (use {', '.join(codes)}, or "
            "add it under 'languages:' in parsite.yaml)",
        )
    elif written and language and written != language:
        fields.error(
            "lang",
            f"lang {quoted(written)} but its folder or file name says '{language}' (keep one)",
        )
    return language or written or first


def _shown_path(path: Path, site_dir: Path) -> Path:
    try:
        return path.relative_to(site_dir)
    except ValueError:
        return path


def _title(fields: Fields) -> str:
    """The title, its HTML entities decoded once (WordPress writes ``&amp;``, ``&nbsp;``)."""
    if fields.meta.get("title") in (None, ""):
        fields.missing("title", "add a line 'title: ...' to the front matter", KNOWN_KEYS)
        return ""
    known = len(fields.errors)
    raw = fields.text("title")
    title = clean_text(html.unescape(raw)) if "&" in raw else raw
    if not title and len(fields.errors) == known:
        fields.error("title", "'title' is empty (write the title after 'title:')")
    return title


def _published(fields: Fields, name: str) -> _Moment | None:
    """The later of ``date`` and ``publishDate``/``pubdate``; else the date of a Jekyll
    file name (``2022-06-24-title.md``, a date without a time)."""
    moments = [m for m in (fields.date(k) for k in PUBLISH_KEYS) if m is not None]
    if moments:
        return max(moments, key=lambda m: m[0])
    if any(k in fields.meta for k in PUBLISH_KEYS):
        return None  # written, but wrong: already reported
    dated = file_name_date(name)
    if dated is not None:
        day = dated[0]
        return dt.datetime(day.year, day.month, day.day, tzinfo=fields.tz), True
    fields.missing("date", "add a line like 'date: 2022-05-25 10:14'", KNOWN_KEYS)
    return None


def _moment(fields: Fields, keys: tuple[str, ...], pick: object) -> dt.datetime | None:
    moments = [m[0] for m in (fields.date(k) for k in keys) if m is not None]
    if not moments:
        return None
    return max(moments) if pick is max else min(moments)


def _hidden(fields: Fields) -> bool:
    """Draft if any visibility key says so: ``draft: true``, ``published: false`` or a
    Pelican ``status`` of draft, hidden or skip."""
    hidden = fields.boolean("draft") or not fields.boolean("published", default=True)
    status = fields.meta.get("status")
    if status is None:
        return hidden
    word = str(status).strip().lower() if isinstance(status, str) else ""
    if word not in STATUSES:
        fields.error(
            "status",
            f"'status' must be one of {', '.join(STATUSES)} (as in Pelican), not {quoted(status)}",
        )
        return True
    return hidden or word in HIDING_STATUSES


def _teaser(fields: Fields) -> str:
    for key in TEASER_KEYS:
        value = fields.text(key)
        if value:
            return html_text(value) if "<" in value or "&" in value else value
    return ""


def _slug(fields: Fields, title: str, name: str, config: SiteConfig) -> str:
    written = fields.text("slug")
    if written:
        slug = written
    elif config.slug_from == "filename" and name:
        dated = file_name_date(unicodedata.normalize("NFC", name))
        slug = capped(slugify(dated[1] if dated else name), config.slug_max_length)
    else:
        slug = capped(slugify(title), config.slug_max_length)
    if title and not is_valid_slug(slug):
        fields.error(
            "slug" if written else "title",
            f"slug {quoted(slug)} is not usable in a URL (use lowercase letters, digits and "
            "hyphens, e.g. hung-yen-par-index-2021)",
        )
    return slug


def _category(fields: Fields, section: str, config: SiteConfig) -> tuple[Term, tuple[str, ...]]:
    """The section and the tags that ``categories:`` adds. ``category`` if written, else
    the first of ``categories`` (the others become tags), else the folder's name
    ("hanh-chinh" -> "Hanh Chinh"), else ``default_category``."""
    value = fields.meta.get("category")
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, list):
        fields.error(
            "category",
            "'category' must be one section, not a list: write 'categories: [A, B]' "
            "(the first is the section, the others become tags) or keep one value",
        )
        value = None
    written = fields.text("category") if value is not None else ""
    listed = fields.string_list("categories")
    name = written or (listed[0] if listed else "") or section_name(section)
    term = _term(name or config.default_category, fields, "category")
    more = tuple(c for c in listed if c != name)
    return term or Term(slug="news", name=config.default_category), more


def _term(name: str, fields: Fields, key: str) -> Term | None:
    slug = slugify(name)
    if not slug:
        fields.error(key, f"{quoted(name)} has no letters or digits to make a URL from")
        return None
    return Term(slug=slug, name=name)


def _aliases(fields: Fields) -> list[str]:
    found = []
    for url in fields.string_list("aliases"):
        if has_control(url):
            continue  # reported by check_controls; never echoed raw
        try:
            found.append(_alias(url, fields))
        except FrontMatterError as exc:
            if exc not in fields.errors:
                fields.errors.append(exc)
    return found


def _alias(url: str, fields: Fields) -> str:
    parts = url.strip("/").split("/")
    if not url.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in url:
        raise fields.error(
            "aliases",
            f"alias {quoted(url)} must be a site path like /news/old-story/ "
            "(starting with '/', without '..' or empty parts)",
        )
    return url


def require_content_dir(config: SiteConfig) -> None:
    """A site folder without ``content/`` is most likely the wrong folder: say so, rather
    than build an empty site with exit 0."""
    if not config.content_dir.is_dir():
        raise ContentError(
            config.content_dir.name,
            f"no content/ folder in {config.site_dir} (run parsite in the site's folder, "
            "give it with --site, or create content/ with a first story: parsite new)",
        )
