"""Publishing into a folder as one atomic step, whatever happens.

Every build assembles a complete new tree and switches it in with one
``renameat2(RENAME_EXCHANGE)``: a reader, a web server or a crash sees the old site or
the new one, never a mix. Only then is the manifest saved; a build that dies before
that leaves a manifest that names the old tree, which the next build recognises and
ignores (``manifest.valid_manifest``).

Beside the output folder, while a build runs, is its work folder ``.<name>.parsite/``:
its ``lock`` keeps builds into one folder from overlapping, ``new/`` is the tree being
assembled, ``old/`` the one just switched out and ``scratch/`` what a build without a
cache makes for itself alone (picture variants, search bundles). The build removes it
when it ends;
leftovers of a build that died are removed by the next. A ``public`` that is a symbolic
link is built through: the new tree is switched in at the link's target, and the link
stays as it was.

The new tree starts as the spare, the tree the build before switched out (kept in the
cache), if its manifest can be trusted, else empty. A file it already holds with the
live bytes is kept as it is; another unchanged page is written over the spare's own
file, and another unchanged file hard-linked from the live tree; a page that changed is
written over the spare's own file, or anew if the live tree holds that file too. So
the two trees seldom share a page, and a change to every page (the sidebar's newest
titles) rewrites files where they are instead of freeing and allocating them all.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import OutputError
from .cache import Spare
from .manifest import Manifest, spare_record, tree_identity, unfit_files, valid_manifest
from .sinks import Sources, Written

WORK_SUFFIX = ".parsite"
Made = TypeVar("Made")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def check_output_dir(output_dir: Path, site_dir: Path) -> Path:
    """The real folder to publish into (links resolved); refuse one whose replacement
    would destroy the site's sources or files that are not a parsite output."""
    out = output_dir.resolve()
    site = site_dir.resolve()
    if out == site or out in site.parents:
        raise OutputError(f"output folder {output_dir} contains the site itself (use e.g. public/)")
    for name in ("content", "templates", "static"):
        folder = (site / name).resolve()  # a content/ that is a link counts where it points
        if out == folder or folder.is_relative_to(out) or out.is_relative_to(folder):
            raise OutputError(f"output folder {output_dir} overlaps {name}/ (choose e.g. public/)")
    if out.exists() and not out.is_dir():
        raise OutputError(f"output folder {output_dir} is a file (choose e.g. public/)")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").exists():
        raise OutputError(
            f"output folder {output_dir} has files but no index.html: it does not look like a "
            "parsite output, and building would replace it (empty it or choose another --output)"
        )
    return out


@dataclass(frozen=True)
class SpareLook:
    """Which files of the spare tree, recorded as holding the live bytes, do not
    (``unfit``): a look at the spare made while the build reads and plans, so that
    keeping a file needs no system call."""

    identity: tuple[int, int]  # the tree the spare's manifest describes
    unfit: frozenset[str]


class FolderSink:
    """A complete new tree beside the output folder, switched in by ``commit``."""

    def __init__(
        self,
        output_dir: Path,
        site_dir: Path,
        load_manifest: Callable[[Path], object],
        spare_of: Callable[[Path], Spare | None] = lambda _: None,
    ) -> None:
        self.shown = str(output_dir)  # as the user wrote it, for messages
        self.target = check_output_dir(output_dir, site_dir)
        self.work = self.target.with_name(f".{self.target.name}{WORK_SUFFIX}")
        self.new = self.work / "new"
        self.scratch = self.work / "scratch"  # made by whoever needs it; gone with the work
        self._new = str(self.new)
        self._live = str(self.target)
        self._lock_fd = _lock(self.work, self.shown)
        self._spare = spare_of(self.target)
        try:
            _remove_leftovers(self.work)
        except OSError as exc:
            self._release()
            raise OutputError(f"cannot prepare {self.work}: {exc.strerror}") from None
        # What the new tree holds when it starts (``prepare``): the spare, if trusted.
        self._base: Manifest | None = None
        self._started = False  # an output given without ``prepare`` starts an empty tree
        self._load_manifest = load_manifest
        self._previous: Manifest | None = None
        self._loaded = False  # the manifest is read when first asked for: not by a replay
        self._made: set[str] = {self._new}
        self._spare_look: Callable[[], SpareLook | None] | None = None
        self._looked: SpareLook | None = None  # what it found, once asked
        self.stats: dict[str, tuple[int, int, int]] = {}

    @property
    def previous(self) -> Manifest | None:
        """The last build's manifest, if it describes the tree in the output folder."""
        if not self._loaded:
            self._previous = valid_manifest(self._load_manifest(self.target), self.target)
            self._loaded = True
        return self._previous

    @property
    def live_dir(self) -> Path | None:
        return self.target

    @property
    def has_spare(self) -> bool:
        return self._spare is not None and self._spare.tree.is_dir()

    def look_at_spare(self) -> SpareLook | None:
        """The spare tree's files its manifest records as holding the live bytes but do
        not. None: no spare, or none to trust. For a process of its own
        (``trust_spare``)."""
        previous, spare = self.previous, self._spare
        if previous is None or spare is None:
            return None
        manifest = valid_manifest(spare.peek(), spare.tree)
        if manifest is None:
            return None
        return SpareLook(manifest.identity, unfit_files(manifest, previous, spare.tree))

    def trust_spare(self, look: Callable[[], SpareLook | None]) -> None:
        """Keep files from the spare by what ``look()`` (``look_at_spare``, done
        elsewhere) found, asked for when the first file is kept, instead of looking at
        each: 165,000 ``stat`` calls at 100,000 stories. None: look at each."""
        self._spare_look = look

    def prepare(self, paths: Iterable[str]) -> None:
        """Start the new tree: from the spare if it can be trusted (then without every
        file this build does not publish), else empty. Not done before it is known that
        something changed: a build that publishes nothing leaves the spare alone."""
        self._start(self._take_spare)
        if self._base is None:
            return
        self._take_look()  # here, before the pages are written by forked workers
        gone = sorted(self._base.files.keys() - set(paths))
        for path in gone:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self._new, path))
        for path in gone:
            _prune(os.path.dirname(os.path.join(self._new, path)), self._new)

    def put(self, path: str, data: bytes) -> Written:
        try:
            info = self._into(path, lambda target: self._put(path, target, data))
        except OSError as exc:
            raise self._error(path, exc) from None
        return (path, info.st_size, info.st_mtime_ns, info.st_ino, None)

    def _put(self, path: str, target: str, data: bytes) -> os.stat_result:
        if self._base is not None:  # a spare's file: rewritten, or replaced if shared
            if not self._shared(path):  # not the live file (for all it knows)
                info = _rewritten(target, data)
                if info is not None:
                    return info
            _unlink(target)
        with open(target, "wb") as out:
            out.write(data)
        return os.stat(target)

    def copy(self, path: str, source: Path) -> Written:
        def copied(target: str) -> os.stat_result:
            if self._base is not None:
                _unlink(target)  # never written in place: its inode may be the live site's
            shutil.copyfile(source, target)
            return os.stat(target)

        try:
            info = self._into(path, copied)
        except OSError as exc:
            raise self._error(path, exc) from None
        return (path, info.st_size, info.st_mtime_ns, info.st_ino, None)

    def keep(self, path: str) -> None:
        """The live file's bytes in the new tree. In a spare tree they are often there
        already: the same file, or the spare's own copy of the same page. Else a page
        with the sidebar is copied into the spare's own file, where it is (``_copied``),
        so that the next page-wide change (a new story, the newest title) can rewrite
        it in place; any other file is the live file, linked: same bytes, same stat."""
        there = self._in_spare(path)
        if there is not None:
            self.stats[path] = there
            return
        # Only a file the last manifest records, and whose live stat the build checked
        # against that record, is kept (``manifest.Decider``).
        previous = self.previous
        assert previous is not None and path in previous.files, path
        live = os.path.join(self._live, path)
        try:
            if self._base is not None and previous.files[path][4] != 0:
                info = self._copied(path, live)
                if info is not None:
                    self.stats[path] = (info.st_size, info.st_mtime_ns, info.st_ino)
                    return

            def linked(target: str) -> None:
                if self._base is not None:
                    _unlink(target)  # the spare's own, older file
                os.link(live, target)

            self._into(path, linked)
        except OSError as exc:
            raise self._error(path, exc) from None
        # A link shares the live file's inode: the stat just checked, not another look.
        # Were the live file changed since, the next build would see it differ, and
        # repair it.
        self.stats[path] = previous.files[path][1:4]

    def _copied(self, path: str, live: str) -> os.stat_result | None:
        """The live file's bytes written over the spare's own file for ``path``, which
        no other tree holds; None if there is no such file (``_rewritten``). Linking
        the live file instead would free the spare file's blocks now and allocate new
        ones for the next page-wide change, whose writes would no longer be in place
        (on this machine that made a newest-title edit after a body edit, at 10,000
        stories, spend 8 to 11 s of system time creating files)."""
        if self._shared(path):
            return None
        with open(live, "rb") as source:
            data = source.read()
        return _rewritten(os.path.join(self._new, path), data)

    def accept(self, written: Written) -> None:
        self.stats[written[0]] = (written[1], written[2], written[3])

    def files(self) -> Iterator[tuple[str, bytes | None]]:
        for path in sorted(self.stats):
            if path.endswith(".html"):
                yield path, (self.new / path).read_bytes()
            else:
                yield path, None

    def commit(
        self, sidebar: str, entries: Mapping[str, tuple[str, int]], sources: Sources
    ) -> Manifest | None:
        """Switch the new tree in; the manifest of what it holds (None without entries:
        a build with no cache records nothing)."""
        self._start(lambda: None)
        # Every output is in the new tree: the spare's manifest (as large as the one made
        # here, 66 MB at 100,000 stories) and the stats are done with once it is made.
        self._base = None
        identity = tree_identity(self.new)
        files = {path: (key, *self.stats[path], slots) for path, (key, slots) in entries.items()}
        self.stats = {}
        try:
            if self.target.exists():
                _exchange(self.new, self.target)  # self.new holds the old tree now
                self._keep_spare()
            else:
                os.rename(self.new, self.target)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot switch in {self.shown}: {exc.strerror}") from None
        self._release()
        return Manifest(identity, sidebar, files, sources) if entries else None

    def _keep_spare(self) -> None:
        """The tree just switched out becomes the next build's spare, if its manifest is
        known; otherwise it is removed with the work folder."""
        spare, previous = self._spare, self.previous
        if spare is None or previous is None:
            return
        try:
            spare.tree.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.new, spare.tree)
        except OSError:
            return  # another file system, say: it is removed with the work folder
        spare.give_back()  # the manifest ``previous`` was read from

    def unchanged(self) -> None:
        """Nothing to publish (``prepare`` was never called): the spare waits as it is."""
        self._release()

    def abort(self) -> None:
        shutil.rmtree(self.new, ignore_errors=True)
        self._release()

    def _start(self, base: Callable[[], Manifest | None]) -> None:
        """Make the new tree, once: from ``base()`` (the spare) or empty."""
        if self._started:
            return
        self._started = True
        try:
            self._base = base()
            if self._base is None:
                self.new.mkdir()
        except OSError as exc:
            raise OutputError(f"cannot prepare {self.work}: {exc.strerror}") from None

    def _in_spare(self, path: str) -> tuple[int, int, int] | None:
        """The stat of ``path`` in the new tree if the spare's file holds the live bytes
        (the live file itself, or the spare's own copy of the same page) as recorded."""
        previous = self.previous
        if self._base is None or previous is None:
            return None
        record = spare_record(self._base, previous, path)
        if record is None:
            return None
        self._take_look()
        if self._looked is not None:
            return None if path in self._looked.unfit else record[1:4]
        try:
            info = os.stat(os.path.join(self._new, path))
        except OSError:
            return None
        stat = (info.st_size, info.st_mtime_ns, info.st_ino)
        return stat if stat == record[1:4] else None

    def _shared(self, path: str) -> bool:
        """Whether the manifests record the spare's file for ``path`` as the live one."""
        previous = self.previous
        if self._base is None or previous is None:
            return False
        spare, live = self._base.files.get(path), previous.files.get(path)
        return spare is not None and live is not None and spare[3] == live[3]

    def _take_look(self) -> None:
        """What the look at the spare (``trust_spare``) found, once, in this process."""
        if self._spare_look is None or self._base is None:
            return
        look, self._spare_look = self._spare_look(), None
        self._looked = look if look is not None and look.identity == self._base.identity else None

    def _take_spare(self) -> Manifest | None:
        spare = self._spare
        if spare is None:
            return None
        value = spare.take()
        manifest = valid_manifest(value, spare.tree)
        if manifest is None or tree_identity(spare.tree)[0] != tree_identity(self.work)[0]:
            shutil.rmtree(spare.tree, ignore_errors=True)
            return None
        os.rename(spare.tree, self.new)
        return manifest

    def _into(self, path: str, make: Callable[[str], Made]) -> Made:
        """``make(file)`` for the new tree's file for ``path``, its folder made first (once
        per process). In a spare tree the folder is there already, but for a page new
        since: it is made only if ``make`` finds it missing. Trying to make the existing
        folders of every page (``mkdir``, its error, a ``stat``) was a quarter of the
        work of rewriting every page's sidebar."""
        self._start(lambda: None)
        if self._base is None:
            return make(self._folder_for(path))
        target = os.path.join(self._new, path)
        try:
            return make(target)
        except (FileNotFoundError, NotADirectoryError):
            _clear_way(self._new, os.path.dirname(target))
            return make(self._folder_for(path))

    def _folder_for(self, path: str) -> str:
        """The new tree's file for ``path``, its folder made (once per process)."""
        self._start(lambda: None)
        target = os.path.join(self._new, path)
        parent = os.path.dirname(target)
        if parent not in self._made:
            try:
                _make_folder(parent)
            except OSError as exc:
                raise self._error(path, exc) from None
            self._made.add(parent)
        return target

    def _error(self, path: str, exc: OSError) -> OutputError:
        return OutputError(f"cannot write {self.shown}/{path}: {exc.strerror}")

    def _release(self) -> None:
        """Remove the work folder (nothing stays beside the output), then unlock."""
        if self._lock_fd < 0:
            return
        try:
            _remove_leftovers(self.work)
            (self.work / "lock").unlink(missing_ok=True)
            self.work.rmdir()
        except OSError:
            pass  # a leftover the next build removes
        os.close(self._lock_fd)
        self._lock_fd = -1


def _lock(work: Path, shown: str) -> int:
    """An exclusive lock on ``work/lock``, held until ``_release``. The file is removed by
    the build that holds it, so a lock taken on a file since removed is taken again."""
    while True:
        try:
            work.mkdir(parents=True, exist_ok=True)
            fd = os.open(work / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot prepare {work}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(
                f"another build is running into {shown}; wait for it to finish, then build again"
            ) from None
        try:
            same = os.stat(work / "lock").st_ino == os.fstat(fd).st_ino
        except OSError:
            same = False
        if same:
            return fd
        os.close(fd)  # the build before this one removed it meanwhile: take the new one


def _rewritten(target: str, data: bytes) -> os.stat_result | None:
    """``target``, a spare tree's file, rewritten where it is if no other tree holds it
    (one link: it is no longer the live site's), and its stat; None if it is missing or
    shared. A new story gives every page a new sidebar: replacing 165,000 files costs
    each one's blocks freed and others allocated (on a file system mounted with
    ``discard``, each freed block is also trimmed), where rewriting them costs about
    the bytes (0.34 s against 3.7 s for 20,000 pages of 20 kB on this machine)."""
    try:
        # Not blocking: a named pipe put in the spare would wait for a reader forever
        fd = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return None  # missing, a link, a folder, a pipe: replaced as any file is
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            return None  # the live site's too: never written in place
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        return os.fstat(fd)
    finally:
        os.close(fd)


def _clear_way(root: str, folder: str) -> None:
    """Remove the first thing that is not a folder on the way from ``root`` down to
    ``folder``: in a spare tree, a stray file (or link) where a page now needs a folder,
    which ``prepare`` did not remove as no manifest names it."""
    at = root
    for part in os.path.relpath(folder, root).split(os.sep):
        at = os.path.join(at, part)
        try:
            if stat.S_ISDIR(os.lstat(at).st_mode):
                continue
            os.unlink(at)
        except OSError:
            pass  # missing (made next), or not removable: making the folder says why
        return


def _unlink(target: str) -> None:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        os.unlink(target)


def _make_folder(folder: str) -> None:
    """``os.makedirs(folder, exist_ok=True)`` for one ``mkdir`` where the parent is there:
    a new tree makes a folder for each of 16,000 pages, and ``makedirs`` first looks at
    each one's parent, in Python."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise


def _prune(folder: str, root: str) -> None:
    """Remove folders left empty, up to (not including) ``root``."""
    while folder != root and folder.startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:  # not empty (or already gone): stop climbing
            return
        folder = os.path.dirname(folder)


def _remove_leftovers(work: Path) -> None:
    """What a build that died left: its half-made tree, the tree it switched out, or
    its scratch files."""
    for name in ("new", "old", "scratch"):
        if (work / name).exists():
            shutil.rmtree(work / name)


def _exchange(new: Path, live: Path) -> None:
    """Swap two folders in one step; where the kernel cannot, two renames (the gap
    between them is the only moment without a site, and the next build repairs it)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        done = renameat2(
            _AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(live), _RENAME_EXCHANGE
        )
        if done == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(live))
    old = new.with_name("old")
    os.rename(live, old)
    os.rename(new, live)
    os.rename(old, new)
