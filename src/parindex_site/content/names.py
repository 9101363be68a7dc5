"""Section names made from folder names, as an editor would write them.

Folder names saved on macOS (or unpacked from a zip file) are often NFD: ``str.title()``
takes each combining mark for a word break and gives "ĐờI SốNg". Names are NFC first and
title-cased word by word: "đời-sống" -> "Đời Sống".
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def section_name(folder: str) -> str:
    """``"hanh-chinh"`` -> ``"Hanh Chinh"``; hyphens and underscores separate words."""
    words = nfc(folder).replace("_", " ").replace("-", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words)
