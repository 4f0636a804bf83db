"""The no-change build: when nothing a build reads has changed since the last build, and the site
it wrote is still there exactly as it was written, there is nothing to do.

After each successful build the CLI records here (`last-build.json` in the cache folder) the
digest of every input, taken before the build read them (`inputs_digest`: site.yaml, content/,
site_src/, templates/, schemas/, the engine's code, the versions of the libraries that shape the
output, and the options), with the manifest that build left and the warnings it gave. The next
`python build.py` compares, under the output lock, before it loads a single entry:
  - the same inputs, byte for byte (every file is hashed, not trusted on its time stamp);
  - the same manifest (hub/incremental/cache.py), so no other build has been recorded since;
  - the output folder holds exactly the manifest's files, each the very file (same inode) as the
    cache's copy, whose size, inode and mtime are still those the manifest wrote down.
Anything else, or a record that cannot be read, and the full build runs (it has its own caches).

This module imports nothing heavy (no Jinja, Markdown, schemas or Pagefind): the check is the
whole of a no-change build, so its start-up counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import sys
from dataclasses import dataclass

from hub import engine_fingerprint
from hub.core.diagnostics import ERROR, Diagnostic, diagnostics_from_json, diagnostics_to_json
from hub.incremental import store
from hub.source.config import SiteConfig, cache_dir

RECORD = "last-build.json"
MANIFEST = "manifest.json"   # hub/incremental/cache.py's record, which this module reads but never writes
INPUTS = ("site.yaml", "content", "site_src", "templates", "schemas")
# The libraries whose version can change a byte of the site (Markdown, sanitiser, templates,
# YAML, search); the engine's own code is in engine_fingerprint.
LIBRARIES = ("cmarkgfm", "nh3", "Jinja2", "MarkupSafe", "PyYAML", "python-frontmatter", "jsonschema",
             "pagefind", "pagefind-bin", "cbor2", "babel", "pyicu-wheels")


@dataclass(frozen=True)
class LastBuild:
    """What the last successful build reported, to print again when nothing changed."""
    diagnostics: list[Diagnostic]
    counts: dict[tuple[str, str], int]
    pages: int
    files: int


def inputs_digest(config: SiteConfig) -> str:
    """SHA-256 of everything a build reads and every option that shapes its output."""
    digest = hashlib.sha256()

    def add(*parts: str) -> None:
        digest.update("\0".join(parts).encode("utf-8", "surrogateescape") + b"\n")

    add(str(store.FORMAT), engine_fingerprint(), sys.version, *library_versions())
    add(str(config.root), str(config.out_dir.resolve()), config.base_url, str(config.include_drafts))
    for name in INPUTS:
        for rel, path in _files(config.root, name):   # links to folders are listed as files: unreadable
            try:
                with open(path, "rb") as file:
                    add(rel, hashlib.sha256(file.read()).hexdigest())
            except OSError:   # unreadable, or a link to a folder: the build will say; never a match
                add(rel, "unreadable", os.urandom(16).hex())
    return digest.hexdigest()


def replay(config: SiteConfig, inputs: str, *, strict: bool) -> LastBuild | None:
    """The last build's report when `inputs` are what it was made from and its site is intact
    (the caller holds the output lock); None when a build is needed."""
    if not config.use_cache:
        return None
    folder = cache_dir(config.root)
    record, manifest = store.read(folder, RECORD).fields, store.read(folder, MANIFEST)
    if record is None or manifest.fields is None or record.get("inputs") != inputs \
            or record.get("manifest") != manifest.digest:
        return None
    try:
        diagnostics = diagnostics_from_json(record["diagnostics"])
        if any(d.severity == ERROR for d in diagnostics) or (strict and diagnostics):
            return None
        manifest = manifest.fields["files"]
        if not site_matches(folder / "output", config.out_dir, manifest):
            return None
        counts = {(collection, lang): n for collection, lang, n in record["counts"]}
        return LastBuild(diagnostics, counts, int(record["pages"]), len(manifest))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record(config: SiteConfig, inputs: str, report, manifest: str) -> None:
    """After a successful build (under its lock): what `replay` needs. `manifest`: the SHA-256 of
    the cache manifest that build left (BuildCache.digest)."""
    data = {"inputs": inputs, "manifest": manifest, "pages": report.pages,
            "counts": sorted([collection, lang, n] for (collection, lang), n in report.counts.items()),
            "diagnostics": diagnostics_to_json(report.diagnostics)}
    with contextlib.suppress(OSError):   # the site is built; without a record the next build is simply a full one
        store.write(cache_dir(config.root), RECORD, data)


def site_matches(mirror: os.PathLike, out_dir: os.PathLike, manifest: dict) -> bool:
    """True when `out_dir` holds exactly the files of `manifest`, each the same file as the
    cache's copy in `mirror`, and each copy has the size, inode and mtime the manifest recorded."""
    identities = {}
    try:
        for output, record in manifest.items():
            stat = os.stat(os.path.join(mirror, output))
            if (stat.st_ino, stat.st_size, stat.st_mtime_ns) != (record["ino"], record["size"], record["mtime"]):
                return False
            identities[output] = (stat.st_dev, stat.st_ino)
    except (OSError, KeyError, TypeError):
        return False
    return holds_exactly(out_dir, identities)


def holds_exactly(out_dir: os.PathLike, identities: dict) -> bool:
    """True when `out_dir` holds exactly the files named in `identities` (output path ->
    (st_dev, st_ino)), each that very file.

    Compares inode numbers as os.scandir lists them, without a stat per file; where the file
    system reports another number there (overlay file systems may), os.stat decides.
    """
    out_dir = os.fspath(out_dir)
    try:
        device = os.stat(out_dir).st_dev
        found = files_under(out_dir)
        if found.keys() != identities.keys():
            return False
        for output, inode in found.items():
            identity = identities[output]
            if identity != (device, inode) and identity != _identity(os.path.join(out_dir, output)):
                return False
    except OSError:
        return False
    return True


def _identity(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return (stat.st_dev, stat.st_ino)


def files_under(folder: str) -> dict[str, int]:
    """'/'-separated path -> inode number (as the folder lists it) of everything under `folder`
    that is not a folder, at any depth (a symbolic link counts as a file)."""
    found: dict[str, int] = {}
    stack = [("", folder)]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    found[prefix + entry.name] = entry.inode()
    return found


def _files(root, name: str) -> list[tuple[str, str]]:
    """(path relative to root, path) of every file at root/name, sorted; the name itself when it is a file."""
    top = os.path.join(root, name)
    if not os.path.isdir(top):
        return [(name, top)] if os.path.lexists(top) else []
    found = []
    for folder, dirs, files in os.walk(top):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        linked = [name for name in dirs if os.path.islink(os.path.join(folder, name))]
        dirs[:] = [name for name in dirs if name not in linked]
        found.extend((f"{rel}/{file}", os.path.join(folder, file)) for file in files + linked)
    return sorted(found)


def library_versions() -> list[str]:
    """'name=version' of each library that shapes the output (LIBRARIES)."""
    return [f"{name}={_version(name)}" for name in LIBRARIES]


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"
