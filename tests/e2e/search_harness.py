"""Reading a built search index back as the browser would; no fixture in here.

Imported by the tests that check what the index holds (``from search_harness import
fragments``): each story's fragment is gzip around Pagefind's signature and JSON, with
its URL, text and metadata.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def fragments(bundle: Path) -> list[dict[str, Any]]:
    """Every record of a bundle and of the part bundles below it."""
    found = []
    for path in sorted(bundle.rglob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE) :]))
    return found
