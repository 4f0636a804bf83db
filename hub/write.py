"""The site's files as records, their atomic write, and content-hashed asset names.

The site is staged in a folder beside the output folder and swapped in only when every file
is there (the search index, made from the staged pages, included), so a failed or killed build
leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import posixpath
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ASSET_ROOT = "assets"


@dataclass
class Output:
    """One file of the site, and what the build cache keeps of it (hub/incremental/cache.py)."""

    data: "bytes | Path"        # new bytes, or the cache's unchanged copy (hard-linked, never rewritten)
    key: str = ""               # what it was made as: a page's plan key, the site-wide group, a shard's key
    deps: object = ()           # the tokens of what it read (hub/core/reads.py)
    sha: str = ""               # SHA-256 of its bytes, once known
    indexed: str | None = None  # a page: SHA-256 of what Pagefind reads of it ("" when it is left out)

    @property
    def new(self) -> bool:
        return not isinstance(self.data, Path)

    def read(self) -> bytes:
        return self.data.read_bytes() if isinstance(self.data, Path) else self.data


def hashed_assets(source: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """Files under site_src/assets -> ({'css/site.css': '/assets/css/site.1a2b3c4d.css'}, {path: bytes})."""
    urls: dict[str, str] = {}
    files: dict[str, bytes] = {}
    if not source.is_dir():
        return urls, files
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
        name = path.relative_to(source).as_posix()
        if any(part.startswith(".") for part in name.split("/")):
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        hashed = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
        urls[name] = f"/{ASSET_ROOT}/{hashed}"
        files[f"{ASSET_ROOT}/{hashed}"] = data
    return urls, files


class OutputError(Exception):
    """The output folder cannot be written; the previous site is untouched."""


class BuildLocked(OutputError):
    """Another build is writing the same output folder."""


@contextmanager
def output_lock(out_dir: Path):
    """Hold an exclusive lock on the output folder for a whole build; a second build is refused at once."""
    out_dir = out_dir.resolve()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir.parent / f".{out_dir.name}.lock", "a+")
    except OSError as exc:
        raise OutputError(f"cannot write beside {out_dir}: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"another build is already writing {out_dir}; wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def remove_leftovers(out_dir: Path) -> None:
    """Staging folders of builds that were killed before they could clean up (we hold the lock)."""
    out_dir = out_dir.resolve()
    for stale in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)


class Staging:
    """The new site in a folder beside the output folder, until `publish` swaps it in.

    The folder is the site before the current one (kept as `.public.prev` after each swap), so
    only what differs is written or removed: deleting and recreating tens of thousands of files
    costs more than building them. A value that is a Path is an unchanged file from the build
    cache: it is hard-linked, never copied or rewritten. Call under output_lock.
    """

    def __init__(self, files: dict[str, "bytes | Path"], out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.spare = self.out_dir.parent / f".{self.out_dir.name}.prev"
        self.names = set(files)
        for rel in files:
            if not _is_safe_relpath(rel):
                raise OutputError(f"refusing to write outside the output folder: {rel}")
        self.folder = self.spare
        self.published = False
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(self.out_dir)
            try:
                _fill(self.spare, files)
            except OSError:
                # The spare folder is in a shape we cannot fix in place: start from an empty one.
                shutil.rmtree(self.spare, ignore_errors=True)
                self.folder = self.out_dir.parent / f".{self.out_dir.name}.new-{os.getpid()}"
                _fill(self.folder, files)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write the site to {self.out_dir}: {exc.strerror or exc}") from exc

    def add(self, files: dict[str, bytes]) -> None:
        """Files made from the staged ones (the search index): none may replace a staged file."""
        for rel in files:
            if not _is_safe_relpath(rel) or rel in self.names:
                raise OutputError(f"refusing to write {rel}: outside the output folder or already written")
        try:
            _add(self.folder, files)
        except OSError as exc:
            raise OutputError(f"cannot write the site to {self.out_dir}: {exc.strerror or exc}") from exc
        self.names.update(files)

    def publish(self) -> None:
        """Swap the staged site in, in one step where the kernel allows it."""
        try:
            _swap_in(self.folder, self.out_dir, self.spare)
        except OSError as exc:
            raise OutputError(f"cannot write the site to {self.out_dir}: {exc.strerror or exc}") from exc
        self.published = True

    def discard(self) -> None:
        """Give up: the output folder stays as it was (the spare folder is simply refilled next time)."""
        if not self.published and self.folder != self.spare:
            shutil.rmtree(self.folder, ignore_errors=True)


    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


def staged(files: dict[str, "bytes | Path"], out_dir: Path) -> Staging:
    """`files` staged beside out_dir; as a context manager, discarded unless published by its end."""
    return Staging(files, out_dir)


def write_site(files: dict[str, "bytes | Path"], out_dir: Path) -> None:
    """Write `files` as the whole site in out_dir, atomically. Call under output_lock."""
    with staged(files, out_dir) as staging:
        staging.publish()


def _fill(folder: Path, files: dict) -> None:
    """Make `folder` hold exactly `files`, touching only what differs."""
    existing = set()
    if folder.is_dir():
        for dirpath, _, names in os.walk(folder):
            rel_dir = os.path.relpath(dirpath, folder)
            existing.update(name if rel_dir == "." else f"{rel_dir}/{name}" for name in names)
    for rel in existing - set(files):
        (folder / rel).unlink()
    made: set[str] = set()
    for rel, data in sorted(files.items()):
        target = folder / rel
        if isinstance(data, Path) and rel in existing and os.path.samefile(target, data):
            continue
        directory = posixpath.dirname(rel)
        if directory not in made:
            (folder / directory).mkdir(parents=True, exist_ok=True)
            made.add(directory)
        if rel in existing:
            target.unlink()   # never write through a hard link shared with the live site or the cache
        if isinstance(data, Path):
            _link_or_copy(data, target)
        else:
            target.write_bytes(data)
    for dirpath, dirnames, names in os.walk(folder, topdown=False):
        if not dirnames and not names and Path(dirpath) != folder:
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)


def _add(folder: Path, files: dict[str, bytes]) -> None:
    """Write new files into a filled folder (none of them is there: `_fill` removed what it was not given)."""
    for rel, data in sorted(files.items()):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _is_safe_relpath(rel: str) -> bool:
    """A plain relative path that stays inside the folder: no '..', no absolute path, no backslash."""
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and "\\" not in rel and "\0" not in rel \
        and all(part not in ("", ".", "..") for part in parts)


_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_AT_FDCWD = -100


def _swap_in(staging: Path, out_dir: Path, spare: Path) -> None:
    """Replace out_dir by staging in one step where the kernel allows it (renameat2 RENAME_EXCHANGE);
    the previous site becomes the spare folder for the next build."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is not None and renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(out_dir),
                                           _RENAME_EXCHANGE) == 0:
        if staging != spare:
            os.rename(staging, spare)
        return
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    os.rename(old, spare)
