"""Interface words: the theme's per-language tables, a site's overrides, and ``t``.

The default theme ships ``i18n/<language>.yaml`` beside its ``templates/``; ``en.yaml``
is the reference that names every key, its shape (text, ``one:``/``other:`` by a count,
or a list of names) and the ``{placeholders}`` a template fills in. A site's own
``i18n/<language>.yaml`` overrides single keys. A declared language whose table lacks a
key is an error naming the key; a language with no table at all falls back to English,
with a warning, so that a ``language: fr`` site of before keeps building.

Templates call ``t("latest_news")``; the ``Words`` of the page's edition is in every
render context, so a page's key covers the very words it is rendered with.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..content.yamlsafe import load_yaml
from ..errors import BuildFailed, ConfigError, SiteError
from .theme import theme_dir

WORDS_DIR = "i18n"
REFERENCE = "en"
# Lists of names the date filters print for %A and %B, and how many each holds.
NAME_LISTS = {"weekdays": 7, "months": 12}
COUNTED = ("one", "other")

Value = str | tuple[str, ...] | Mapping[str, str]


@dataclass(frozen=True)
class Words:
    """One language's interface words, complete (every key of the reference table)."""

    language: str
    table: Mapping[str, Value]

    def text(self, key: str, **values: Any) -> Markup:
        """The words for ``key``, escaped, with ``values`` filled in (escaped unless
        Markup, so a link can be one); ``one:``/``other:`` is chosen by ``n``."""
        found = self.table.get(key)
        if found is None or isinstance(found, tuple):
            raise jinja2.UndefinedError(
                f"t({key!r}): no such interface word (the keys are listed in the theme's "
                f"{WORDS_DIR}/{REFERENCE}.yaml)"
            )
        if not isinstance(found, str):
            found = found["one" if values.get("n") == 1 else "other"]
        try:
            return escape(found).format(**values) if values else escape(found)
        except (KeyError, IndexError) as exc:
            raise jinja2.UndefinedError(f"t({key!r}) needs the value {exc} filled in") from None

    def names(self, key: str) -> tuple[str, ...]:
        found = self.table.get(key, ())
        return found if isinstance(found, tuple) else ()


@jinja2.pass_context
def translate(context: jinja2.runtime.Context, key: str, **values: Any) -> Markup:
    """``t(key, **values)`` in templates: the words of the page's own edition."""
    words = context.get("words")
    if not isinstance(words, Words):
        raise jinja2.UndefinedError(
            "t() needs 'words' in the page's context (the registry gives it to every page)"
        )
    return words.text(key, **values)


def load_words(site_dir: Path, languages: Sequence[str]) -> tuple[dict[str, Words], list[str]]:
    """The words of each language (the theme's table under the site's own), and the
    warnings; every problem of every table is raised together."""
    theme = theme_dir() / WORDS_DIR
    own: Path | None = site_dir / WORDS_DIR
    if own is not None and _same(own, theme):
        own = None  # the demo portal: its i18n/ is the theme's
    errors: list[SiteError] = []
    reference = _read(theme / f"{REFERENCE}.yaml", f"the theme's {WORDS_DIR}/{REFERENCE}.yaml")
    if reference is None:
        raise SiteError("the default theme's interface words are missing (reinstall parsite)")
    shapes = {key: _shape(value) for key, value in reference[0].items()}
    found: dict[str, Words] = {}
    warnings: list[str] = []
    for language in dict.fromkeys(languages):
        tables = []
        for folder, label in ((theme, "the theme's "), (own, "")):
            path = _table_path(folder, language)
            if path is None:
                continue
            name = f"{label}{WORDS_DIR}/{path.name}"
            read = _read(path, name)
            if read is not None:
                tables.append((name, *read))
        if not tables:
            warnings.append(
                f"no interface words for language '{language}': English is used (write "
                f"{WORDS_DIR}/{language}.yaml with every key of the theme's "
                f"{WORDS_DIR}/{REFERENCE}.yaml)"
            )
            tables = [(f"{WORDS_DIR}/{REFERENCE}.yaml", *reference)]
        merged: dict[str, Value] = {}
        for name, data, lines in tables:
            merged.update(_checked(data, lines, name, reference[0], shapes, errors))
        missing = [key for key in reference[0] if key not in merged]
        if missing:
            names = ", ".join(f"'{key}'" for key in missing)
            errors.append(
                ConfigError(
                    f"{tables[-1][0]}: language '{language}' has no {names} (add "
                    f"{'it' if len(missing) == 1 else 'them'}: every key of the theme's "
                    f"{WORDS_DIR}/{REFERENCE}.yaml is needed)"
                )
            )
        found[language] = Words(language, MappingProxyType(merged))
    if errors:
        raise errors[0] if len(errors) == 1 else BuildFailed(errors)
    return found, warnings


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def _table_path(folder: Path | None, language: str) -> Path | None:
    """``vi-VN.yaml``, else the table of its primary language, ``vi.yaml``."""
    if folder is None:
        return None
    for code in dict.fromkeys((language, language.split("-")[0].lower())):
        path = folder / f"{code}.yaml"
        if path.is_file():
            return path
    return None


def _read(path: Path, name: str) -> tuple[dict[str, Any], Mapping[str, int]] | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read it as UTF-8 text ({exc})") from None
    document = load_yaml(text, first_line=1)
    if document.problems:
        raise BuildFailed([ConfigError(f"{name}:{p.line}: {p.message}") for p in document.problems])
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: expected 'key: words' lines")
    return {str(k): v for k, v in data.items()}, document.lines


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    return "counted" if isinstance(value, dict) else "text"


def _checked(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    name: str,
    reference: Mapping[str, Any],
    shapes: Mapping[str, str],
    errors: list[SiteError],
) -> dict[str, Value]:
    """The table's values as ``Words`` holds them; each wrong one is added to ``errors``."""
    good: dict[str, Value] = {}
    for key, value in data.items():
        where = f"{name}:{lines[key]}" if key in lines else name
        if key not in shapes:
            close = difflib.get_close_matches(key, shapes, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "see the theme's i18n/en.yaml"
            errors.append(ConfigError(f"{where}: unknown interface word '{key}' ({hint})"))
            continue
        problem, made = _value(key, value, shapes[key], _fields(reference[key]))
        if problem:
            errors.append(ConfigError(f"{where}: '{key}' {problem}"))
        elif made is not None:
            good[key] = made
    return good


def _value(key: str, value: Any, shape: str, allowed: set[str]) -> tuple[str, Value | None]:
    if shape == "list":
        want = NAME_LISTS.get(key, 0)
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return f"must be a list of {want} names", None
        if want and len(value) != want:
            return f"must list {want} names, not {len(value)}", None
        return "", tuple(value)
    if isinstance(value, dict) and shape == "counted" and set(value) <= set(COUNTED):
        forms = {form: value.get(form, value.get("other")) for form in COUNTED}
    elif isinstance(value, str):
        forms = {"one": value, "other": value}
    else:
        how = "one: ... and other: ..." if shape == "counted" else "text (quote it)"
        return f"must be {how}", None
    for text in forms.values():
        if not isinstance(text, str):
            return "must be text (quote it)", None
        unknown = _fields(text) - allowed
        if unknown:
            use = ", ".join("{" + f + "}" for f in sorted(allowed)) or "none"
            return (
                f"uses {{{sorted(unknown)[0]}}}, which the theme does not fill in (use {use})",
                None,
            )
    counted = {form: str(text) for form, text in forms.items()}
    return "", value if isinstance(value, str) else MappingProxyType(counted)


def _fields(value: Any) -> set[str]:
    """The ``{placeholders}`` of a text (or of both forms of a counted one)."""
    texts = value.values() if isinstance(value, dict) else [value]
    found: set[str] = set()
    for text in texts:
        if isinstance(text, str):
            try:
                found |= {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            except ValueError:
                found.add("{")
    return found
