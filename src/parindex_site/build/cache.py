"""The one cache boundary: ``.parsite-cache/`` behind one ``Cache`` object and one stamp.

It keeps parsed stories (by source path, with the sha256 of the file's bytes, in 64
shard files: rewriting one shard after an edit beats rewriting all, and 64 files beat
10,000 tiny ones; ``build.shards``: a story's body is read from its shard only when a
page needs it), the last site model (``build.model_cache``) and the manifest of the
last output written to each output folder (``build.manifest``), what is known of each
picture file, the pictures' resized variants (``build.picture_store``) and the
templates' compiled code (``render.environment``).

Every file carries the stamp: the cache format and the versions of Python, parsite and
every library whose output the cache or the kept pages hold (Python-Markdown, Jinja2,
MarkupSafe, PyYAML, python-slugify with text-unidecode, dateutil, Pillow), and a fingerprint of
the configuration. A file whose stamp differs, that does not unpickle, or that names
anything but the few classes a cached value is made of, is ignored and rebuilt: a cache
is never trusted. Writes are atomic (a temporary file renamed over the old one).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import __version__
from ..assets.pagefind_service import version as pagefind_version
from ..config import SiteConfig
from ..content.models import Article
from .pickles import load_value, save_value
from .shards import read_shard, write_shard

CACHE_DIR_NAME = ".parsite-cache"
# 3: Terms carry their URL, articles their fingerprint; 4: warnings; 5: a site-path
# image; 6: the image key's line; 7: stats with ctime, manifests with a replay;
# 8: site-path pictures in the body; 9: a section listing's description in the model;
# 10: the translation key's line; 11: picture records; 12: one model per edition;
# 13: the editors' weight; 14: the body's pictures found when a story is read;
# 15: shards with their bodies after the pickle (``build.shards``)
FORMAT = 15
SHARDS = 64  # an edit rewrites ~160 of 10,000 articles: 6 ms, not 25
MODEL_FILE = "model.pickle"
PICTURES_FILE = "pictures.pickle"
TEMPLATES_FILE = "templates.pickle"
OUTPUTS_DIR = "outputs"
RACY_NS = 2_000_000_000  # a file changed this close to being hashed is hashed again
Stat = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns
# Distributions whose code shapes the bytes of a cached story or a kept page.
LIBRARIES = (
    "markdown",
    "jinja2",
    "markupsafe",
    "pyyaml",
    "python-slugify",
    "text-unidecode",
    "python-dateutil",
    "pillow",
)
# The modules that state their own version (imported by the time a stamp is made).
_MODULES = {
    "markdown": "markdown",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "pyyaml": "yaml",
    "python-slugify": "slugify",
    "text-unidecode": "text_unidecode",
    "python-dateutil": "dateutil",
    "pillow": "PIL",
}


@dataclass(frozen=True)
class Entry:
    """One parsed source: its bytes' digest, its stat when hashed, and the article."""

    digest: str
    stat: Stat
    recorded_ns: int
    article: Article


def file_stat(path: str | Path) -> Stat:
    info = os.stat(path)
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def still_hashed(stat: Stat, recorded: Stat | None, recorded_ns: int) -> bool:
    """Whether a file whose stat is ``stat`` still has the digest recorded with the stat
    ``recorded`` at ``recorded_ns``: the same size, mtime, inode and ctime (a file
    copied over with its old mtime kept, as ``cp -p`` does, changes only its ctime), and
    not changed within two seconds of being recorded, where a coarse file-system clock
    could hide a second edit (git's "racy" rule)."""
    return stat == recorded and max(stat[1], stat[3]) + RACY_NS < recorded_ns


@functools.cache
def library_versions() -> tuple[tuple[str, str], ...]:
    """Each library's version: from the module itself where it says, else from the name
    of its ``.dist-info`` folder beside it, else from the installed metadata, whose
    look-up scans ``sys.path`` and whose import alone costs 18 ms. Looked up once per
    process: what shapes the bytes is the code this process has imported, which an
    upgrade while ``serve`` runs does not change."""
    versions = []
    for name in LIBRARIES:
        module = importlib.import_module(_MODULES[name])
        # From the module's own namespace: MarkupSafe 3 answers ``__version__`` through
        # a deprecated look-up of the metadata.
        version = vars(module).get("__version__")
        if not isinstance(version, str):
            version = _beside(module, name)
        if version is None:
            from importlib import metadata  # only for a library installed otherwise

            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "absent"
        versions.append((name, version))
    return tuple(versions)


def _beside(module: ModuleType, name: str) -> str | None:
    """The version in the name of the one ``<name>-<version>.dist-info`` folder in the
    folder that holds ``module`` (where pip puts both); None if there is not one."""
    where = getattr(module, "__file__", None)
    if not where:
        return None
    # site-packages/<package>/__init__.py, or site-packages/<module>.py
    package = os.path.basename(where) == "__init__.py"
    folder = os.path.dirname(os.path.dirname(where) if package else where)
    wanted = _normalised(name)
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                stem, _, suffix = entry.name.rpartition(".")
                project, dash, version = stem.partition("-")
                if suffix == "dist-info" and dash and _normalised(project) == wanted:
                    found.append(version)
    except OSError:
        return None
    return found[0] if len(found) == 1 else None


def _normalised(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def make_stamp(config: SiteConfig) -> str:
    """What every cached value depends on besides a file's own bytes: the configuration
    wherever the site folder is and however it is spelled (``.``, ``site``, an absolute
    path), as nothing a build makes depends on that; a cache stamped with the folder's
    spelling was thrown away whole by a cron job's ``--site /srv/portal`` after an
    editor's ``parsite build`` inside it, and the other way round."""
    parts = (
        FORMAT,
        __version__,
        sys.version_info[:3],
        library_versions(),
        pagefind_version() if config.search else "",
        repr(dataclasses.replace(config, site_dir=Path("."))),
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Cache:
    """The cache of one site. ``folder`` None: ``--no-cache`` (nothing read or written);
    ``writable`` False: ``parsite check`` (read, never written)."""

    folder: Path | None
    stamp: str
    writable: bool = True
    problems: list[str] = field(default_factory=list)  # what could not be written

    @classmethod
    def of(cls, site_dir: Path, config: SiteConfig, enabled: bool, writable: bool) -> Cache:
        folder = site_dir / CACHE_DIR_NAME if enabled else None
        return cls(folder, make_stamp(config), writable)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def store(self, name: str, scratch: Path | None) -> tuple[Path, bool]:
        """Where a store of files made by builds (picture variants, search bundles) keeps
        them, and whether they stay for the next build: in the cache when it can be
        written; else (``--no-cache``) in ``scratch``, the build's own folder, gone
        when it ends; else (``parsite check``, which makes none) a name only."""
        if self.folder is not None and self.writable:
            return self.folder / name, True
        if scratch is not None:
            return scratch / name, False
        return (self.folder or Path(tempfile.gettempdir())) / name, False

    # ------------------------------------------------------------------ stories
    def load_entries(self) -> dict[str, Entry]:
        """Every valid entry of every shard; a bad shard contributes nothing."""
        entries: dict[str, Entry] = {}
        if self.folder is None:
            return entries
        for index in range(SHARDS):
            entries.update(self._load_shard(index))
        return entries

    def save_entries(self, entries: Mapping[str, Entry], changed: Iterable[str]) -> None:
        """Rewrite the shards holding a changed (added, edited or removed) source."""
        dirty = {shard_of(key) for key in changed}
        if not dirty or not self._may_write():
            return
        by_shard: dict[int, dict[str, Entry]] = {index: {} for index in dirty}
        for key in sorted(entries):
            index = shard_of(key)
            if index in by_shard:
                by_shard[index][key] = entries[key]
        for index, shard in sorted(by_shard.items()):
            self._save(f"articles-{index:02d}.pickle", shard, write_shard)

    def _load_shard(self, index: int) -> dict[str, Entry]:
        value = self._load(f"articles-{index:02d}.pickle", read_shard)
        if not isinstance(value, dict):
            return {}
        good = {
            key: entry
            for key, entry in value.items()
            if isinstance(key, str) and isinstance(entry, Entry) and _valid(entry)
        }
        return good if len(good) == len(value) else {}

    # ------------------------------------------------------------------ the model
    def load_model(self) -> Any:
        return self._load(MODEL_FILE)

    def save_model(self, value: object) -> None:
        if self._may_write():
            self._save(MODEL_FILE, value)

    # ------------------------------------------------------------------ pictures
    def load_pictures(self) -> Any:
        """What the last build knew of each picture file (``build.picture_store``)."""
        return self._load(PICTURES_FILE)

    def save_pictures(self, value: object) -> None:
        if self._may_write():
            self._save(PICTURES_FILE, value)

    # ------------------------------------------------------------------ templates
    def load_templates(self) -> dict[str, bytes]:
        """The templates' compiled code, by Jinja's bucket key (``render.environment``)."""
        value = self._load(TEMPLATES_FILE)
        if not isinstance(value, dict):
            return {}
        good = {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, bytes)}
        return good if len(good) == len(value) else {}

    def save_templates(self, value: Mapping[str, bytes]) -> None:
        if self._may_write():
            self._save(TEMPLATES_FILE, dict(value))

    # ------------------------------------------------------------------ manifests
    def load_manifest(self, output_dir: Path) -> Any:
        return self._load(_manifest_name(output_dir))

    def save_manifest(self, output_dir: Path, value: object) -> None:
        if not self._may_write():
            return
        name = _manifest_name(output_dir)
        self._save(name, value)
        assert self.folder is not None
        # The folder it describes, read by ``prune_manifests`` without unpickling.
        with contextlib.suppress(OSError):  # then it is only ever overwritten, not pruned
            (self.folder / name).with_suffix(".path").write_text(str(output_dir), "utf-8")

    def load_stat_table(self, output_dir: Path) -> Any:
        return self._load(_stats_name(output_dir))

    def save_stat_table(self, output_dir: Path, value: object) -> None:
        """Keep the stat of the files of the tree in ``output_dir`` as its manifest
        says (``manifest.StatTable``), apart from it: a build that replays the last one
        looks at every file, and need not load the manifest for that."""
        if self._may_write():
            self._save(_stats_name(output_dir), value)

    def load_replay(self, output_dir: Path) -> Any:
        return self._load(_replay_name(output_dir))

    def save_replay(self, output_dir: Path, value: object | None) -> None:
        """Keep what a build of ``output_dir`` reported (``build.replay``), apart from
        its manifest: a build that replays it need not load the manifest (21 MB at
        100,000 stories). None: there is nothing a later build could replay."""
        if not self._may_write():
            return
        if value is None:
            assert self.folder is not None
            (self.folder / _replay_name(output_dir)).unlink(missing_ok=True)
        else:
            self._save(_replay_name(output_dir), value)

    def spare(self, output_dir: Path) -> Spare | None:
        """Where the tree switched out of ``output_dir`` waits to become the next new one."""
        if not self._may_write():
            return None
        assert self.folder is not None
        name = _manifest_name(output_dir).removesuffix(".pickle")
        return Spare(
            self.folder / f"{name}.spare", f"{name}.spare.pickle", self, _manifest_name(output_dir)
        )

    def forget_manifest(self, output_dir: Path) -> None:
        if self.folder is None:
            return
        path = self.folder / _manifest_name(output_dir)
        path.unlink(missing_ok=True)
        (self.folder / _replay_name(output_dir)).unlink(missing_ok=True)
        (self.folder / _stats_name(output_dir)).unlink(missing_ok=True)
        path.with_suffix(".path").unlink(missing_ok=True)

    def prune_manifests(self) -> None:
        """Drop the manifests of output folders that no longer exist (a removed preview
        folder, an ``--output`` deleted since): nothing else would ever remove them."""
        if self.folder is None or not self._may_write():
            return
        outputs = self.folder / OUTPUTS_DIR
        if not outputs.is_dir():
            return
        for label in sorted(outputs.glob("*.path")):
            try:
                described = Path(label.read_text("utf-8"))
            except (OSError, UnicodeDecodeError):
                described = Path("\0")
            if "\0" in str(described) or not described.exists():
                label.with_suffix(".pickle").unlink(missing_ok=True)
                label.with_suffix(".replay.pickle").unlink(missing_ok=True)
                label.with_suffix(".stats.pickle").unlink(missing_ok=True)
                label.with_suffix(".spare.pickle").unlink(missing_ok=True)
                shutil.rmtree(label.with_suffix(".spare"), ignore_errors=True)
                label.unlink(missing_ok=True)

    # ------------------------------------------------------------------ files
    def _may_write(self) -> bool:
        return self.folder is not None and self.writable

    def _load(self, name: str, read: Callable[[Path, str], Any] = load_value) -> Any:
        return None if self.folder is None else read(self.folder / name, self.stamp)

    def _save(
        self,
        name: str,
        value: Any,
        write: Callable[[Path, str, Any], None] = save_value,
    ) -> None:
        """Write one cache file. A cache that cannot be written (a full disk, a read-only
        folder) costs speed, never correctness: a stale or missing file is ignored next
        time (its stamp, or the manifest's tree identity, no longer matches)."""
        assert self.folder is not None
        try:
            write(self.folder / name, self.stamp, value)
        except OSError as exc:
            self.problems.append(
                f"{self.folder / name}: the cache cannot be written ({exc.strerror}); "
                "the next build will redo this work"
            )


@dataclass(frozen=True)
class Spare:
    """The output tree of the build before last, kept in the cache (``tree``): the next
    build updates it into its new tree instead of linking every unchanged file again."""

    tree: Path
    name: str  # of its manifest, in the cache
    cache: Cache
    live_name: str  # of the manifest of the tree in the output folder

    def take(self) -> Any:
        """The spare's manifest, forgotten as it is taken: a build that dies while it
        changes the tree leaves nothing that a later build would trust."""
        value = self.cache._load(self.name)
        assert self.cache.folder is not None
        (self.cache.folder / self.name).unlink(missing_ok=True)
        return value

    def peek(self) -> Any:
        """The spare's manifest, left where it is (a look at the spare before a build
        takes it: ``FolderSink.look_at_spare``)."""
        return self.cache._load(self.name)

    def give_back(self) -> None:
        """The tree just switched out becomes the spare with the manifest it had when
        it was live: that file, moved, not written again (21 MB at 100,000 stories).
        The live tree's own manifest is saved after this."""
        assert self.cache.folder is not None
        with contextlib.suppress(OSError):  # then the spare is not trusted: built anew
            os.replace(self.cache.folder / self.live_name, self.cache.folder / self.name)


def _manifest_name(output_dir: Path) -> str:
    digest = hashlib.blake2b(str(output_dir).encode("utf-8"), digest_size=16).hexdigest()
    return f"{OUTPUTS_DIR}/{digest}.pickle"


def _replay_name(output_dir: Path) -> str:
    return _manifest_name(output_dir).removesuffix(".pickle") + ".replay.pickle"


def _stats_name(output_dir: Path) -> str:
    return _manifest_name(output_dir).removesuffix(".pickle") + ".stats.pickle"


def shard_of(key: str) -> int:
    # CRC-32, not a cryptographic digest: a save asks for every story's shard, and an
    # MD5 of each of 10,000 names cost 12 ms of it against 4 ms.
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def remove_cache(site_dir: Path) -> bool:
    """``parsite clean``: delete the cache folder; True if there was one."""
    folder = site_dir / CACHE_DIR_NAME
    if not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True


def _valid(entry: Entry) -> bool:
    return isinstance(entry.article, Article) and isinstance(entry.digest, str)
