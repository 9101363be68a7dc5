"""Rendering one template with one context, every failure named by template and line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from ..errors import SiteError, TemplateError

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


def render_template(
    env: jinja2.Environment, name: str, context: Mapping[str, Any], url: str
) -> str:
    """``name`` rendered with exactly ``context``; ``url`` names the page in errors."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            exc.name or name, exc.lineno, exc.message or "syntax error", url
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(name, None, f"template '{exc.name}' not found", url) from None
    except SiteError:
        raise  # the build's own (a story's body unreadable): not the template's fault
    except Exception as exc:  # a template's own runtime failure (undefined name, bad filter)
        template_name, line = _template_location(exc.__traceback__, name)
        raise TemplateError(template_name, line, _describe(exc), url) from None


def _template_location(tb: TracebackType | None, fallback: str) -> tuple[str, int | None]:
    """The innermost template frame of a traceback that Jinja rewrote to template lines."""
    name, line = fallback, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            name, line = Path(filename).name, tb.tb_lineno
        tb = tb.tb_next
    return name, line


_UNDEFINED = re.compile(r"^'(.+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"^.+ has no attribute '(.+)'$")


def _describe(exc: Exception) -> str:
    message = str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        found = _UNDEFINED.match(message) or _NO_ATTRIBUTE.match(message)
        if found:
            return (
                f"{message} (check the spelling of '{found.group(1)}'; the names each "
                "template receives are listed in parindex_site/build/registry.py)"
            )
        return message
    return f"{type(exc).__name__}: {message}"
