"""Where picture variants are kept between builds, and what is known of picture files.

With a cache, variants live in ``.parsite-cache/pictures/`` under names that digest
everything that shapes their bytes (``assets.pictures``), and what each picture file
is (its digest, format and size) is kept with its stat, so a warm build neither reads
an unchanged picture again nor encodes anything. Without one (``--no-cache``) the
variants of this build are made in its scratch folder, beside the output folder, which
goes when the build ends (``build.folder``): nothing is written anywhere else.

Encoding is the slow part of a build with new pictures, so it runs on the executor's
workers, one source picture per item (a picture is decoded once for all its widths).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Sequence
from pathlib import Path

from ..assets.pictures import PicturePlan
from ..assets.variants import EncodeJob, PictureInfo
from ..errors import BuildFailed, SiteError
from .cache import Cache, Stat, file_stat, still_hashed
from .parallel import Executor, Progress, Tally

PICTURES_DIR = "pictures"
# Stat when hashed, when that was, the bytes' digest, what the file is.
Record = tuple[Stat, int, str, PictureInfo | None]


class PictureStore:
    """The variants' folder of one build, and the records of picture files."""

    def __init__(self, cache: Cache, scratch: Path | None) -> None:
        """``scratch``: the build's own folder, removed when it ends (None for ``parsite
        check``, which writes nothing)."""
        self._cache = cache
        self.folder, self._kept = cache.store(PICTURES_DIR, scratch)
        loaded = cache.load_pictures()
        self._known: dict[str, Record] = loaded if isinstance(loaded, dict) else {}
        self._records: dict[str, Record] = {}
        self._recorded_ns = time.time_ns()  # before any stat: a later edit is always seen

    def read(self, source: Path) -> tuple[str, PictureInfo | None]:
        """A picture file's digest and info; from the last build's record if its stat is
        unchanged, else read (and recorded for the next build)."""
        key = str(source)
        try:
            stat = file_stat(source)
        except OSError:
            return "", None
        before = self._known.get(key)
        if before is not None and still_hashed(stat, before[0], before[1]):
            record = before
        else:
            try:
                digest = hashlib.sha256(source.read_bytes()).hexdigest()
            except OSError:
                return "", None
            from ..assets.codec import inspect_picture  # Pillow: only when a picture is read

            record = (stat, self._recorded_ns, digest, inspect_picture(source))
        self._records[key] = record
        return record[2], record[3]

    def encode(
        self,
        jobs: Sequence[EncodeJob],
        executor: Executor,
        site_dir: Path,
        progress: Tally | None = None,
    ) -> None:
        """Make every missing variant, on all the executor's workers once there are two."""
        if not jobs:
            return
        from ..assets.codec import encode_variants  # Pillow: only when there is work

        def work(part: Sequence[EncodeJob], report: Progress) -> list[str]:
            problems = []
            for job in part:
                try:
                    encode_variants(job)
                except (OSError, ValueError, SyntaxError) as exc:  # Pillow's decode errors
                    problems.append(f"{_shown(job.source, site_dir)}: cannot be resized ({exc})")
                report(1)
            return problems

        pictures = dataclasses.replace(executor, threshold=2)
        problems = [p for part in pictures.run(work, jobs, progress) for p in part]
        executor.used = max(executor.used, pictures.used)
        if problems:
            raise BuildFailed(
                [
                    SiteError(f"{p}: save it again from an image editor, or replace it")
                    for p in problems
                ]
            )

    def save(self, plan: PicturePlan) -> None:
        """Keep this build's records, and remove the variants no output uses any more."""
        if not self._kept:
            return
        self._cache.save_pictures(self._records)
        used = {str(item.source) for item in plan.files}
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*/*")):
                if str(path) not in used:
                    path.unlink(missing_ok=True)


def _shown(path: Path, site_dir: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return str(path)
