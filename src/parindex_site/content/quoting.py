"""Values quoted in messages: bounded in length and free of raw control characters.

A message may repeat what an editor wrote, but never an unbounded value (a 10 MB string,
an alias bomb's expansion) and never a control character raw: terminal escape sequences
in a title could retitle or clear the terminal the build runs in.
"""

from __future__ import annotations

import re
import reprlib
import unicodedata

LIMIT = 60
_REPR = reprlib.Repr()
_REPR.maxstring = LIMIT + 10
_REPR.maxother = LIMIT + 10
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxdict = _REPR.maxtuple = _REPR.maxset = 4


# Unicode's Cc category is exactly C0, DEL and C1 (a unit test holds it to
# ``unicodedata``): one pattern, where a test of each character took 2 us a character.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_control(char: str) -> bool:
    """C0, DEL and C1 controls, except tab and line feed (YAML block text has them)."""
    return char not in "\t\n" and unicodedata.category(char) == "Cc"


def has_control(text: str) -> bool:
    return CONTROLS.search(text) is not None


def without_controls(text: str) -> str:
    return CONTROLS.sub("", text)


def escaped(text: str, limit: int = LIMIT) -> str:
    """``text`` cut to ``limit`` characters (with "..."), each control character as ``\\xNN``."""
    cut = text[:limit]
    shown = "".join(_escape(c) if is_control(c) or c in "\t\n" else c for c in cut)
    return shown + ("..." if len(text) > limit else "")


def quoted(value: object, limit: int = LIMIT) -> str:
    """A value for a message: text in quotes, anything else as a bounded ``repr``."""
    if isinstance(value, str):
        return f"'{escaped(value, limit)}'"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "a very long number"  # repr() itself refuses ints of over 4,300 digits
    return escaped(_REPR.repr(value), limit)


def described(value: object) -> str:
    """``"list ['a', 'b']"``: the type and the bounded value."""
    return f"{type(value).__name__} {quoted(value)}"


def _escape(char: str) -> str:
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def first_control(value: object) -> str | None:
    """The first control character in a value, its keys and items included, if any."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = CONTROLS.search(item)
            if found is not None:
                return found.group()
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(str(k) for k in item)
            stack.extend(item.values())
    return None
