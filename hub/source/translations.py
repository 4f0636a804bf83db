"""Which version of its source a translation translates, and how the translations stand.

A translation (`<slug>.<lang>.md`) records in `source_digest` a digest of what it translates: the
base entry's translatable fields and its body, as `source_digest()` computes them (the one place it
is computed). `build.py new --lang` writes it; `build.py translations --stamp FILE` writes it again
once a translator has brought the translation up to date with its base entry. When the base entry
changes, the recorded digest no longer matches: the translation is *stale*, and its page, `check`
and the /translations/ page say so. A translation without the field is *unstamped*.

Stamping rewrites one line of the frontmatter (or inserts it before the closing '---') and leaves
every other byte of the file as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Mapping

import yaml

from hub.core.diagnostics import Diagnostic
from hub.source.config import SiteConfig
from hub.source.entries import _BOUNDARY, parse_file_name, read_entry, relpath
from hub.source.schemas import PAGES

# The fields a translation may set in place of its base entry's (every schema in schemas/ has both);
# its body is translated too. Every other fact lives in the base entry only.
TRANSLATABLE = ("summary", "title")
# `reviewed: true` in a translation records that a second person checked it against the base entry;
# until then its pages say the translation is unreviewed.
REVIEWED = "reviewed"
# The digest of the base entry the translation was made from (`source_digest()`).
SOURCE_DIGEST = "source_digest"
DIGEST_RE = re.compile(r"^[0-9a-f]{12}$")

CURRENT, STALE, UNSTAMPED = "current", "stale", "unstamped"


def source_digest(meta: Mapping, body: str) -> str:
    """The first 12 hex digits of the SHA-256 of a base entry's translatable fields and its body.

    A change to the title, the summary or the text changes it; a change to any other field (a
    fact that the translation shows from the base entry as it is) does not.
    """
    fields = {name: meta[name] for name in TRANSLATABLE if name in meta}
    text = json.dumps([fields, body], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def state(translation_meta: Mapping, base_meta: Mapping, base_body: str) -> str:
    """CURRENT when the translation records the digest of its base entry as it is now, STALE when
    it records another, UNSTAMPED when it records none."""
    recorded = translation_meta.get(SOURCE_DIGEST)
    if recorded is None:
        return UNSTAMPED
    return CURRENT if recorded == source_digest(base_meta, base_body) else STALE


def stamp_command(source: str) -> str:
    return f"python build.py translations --stamp {source}"


# --- stamping ---------------------------------------------------------------------------------------

class StampError(Exception):
    """A file that cannot be stamped: what to do instead (like hub/scaffold.ScaffoldError), or the
    diagnostics of a file that does not load (which `check` reports too)."""

    def __init__(self, message: str, hint: str = "", diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.message, self.hint, self.diagnostics = message, hint, diagnostics or []

    def text(self) -> str:
        if self.diagnostics:
            return "\n".join(d.text() for d in self.diagnostics)
        return f"error: {self.message}" + (f"\n  hint: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class Stamped:
    source: str      # the translation, relative to the checkout
    digest: str
    changed: bool    # False when it already recorded this digest


def digest_yaml(digest: str) -> str:
    """The digest as YAML, written as the web editor writes it (js-yaml, site_src/admin/hub-cms.js):
    plain, or in single quotes when plain it would read as a number ('123456789012', '12e456789012'),
    so that saving a translation there leaves the line as it is."""
    number = re.fullmatch(r"[0-9]+(?:[eE][0-9]+)?", digest) or not isinstance(yaml.safe_load(digest), str)
    return f"'{digest}'" if number else digest


def stamp_text(text: str, digest: str) -> str:
    """`text` (a file that hub.source.entries.read_entry accepts) with its `source_digest` line set to
    `digest`: that line replaced, or a new one inserted before the closing '---'. Line endings
    (LF or CRLF) and a byte-order mark are kept; nothing else changes."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom):]
    opening, closing = islice(_BOUNDARY.finditer(rest), 2)
    first_line_end = rest.index("\n", opening.start()) if "\n" in rest else len(rest)
    eol = "\r\n" if rest[first_line_end - 1:first_line_end] == "\r" else "\n"
    line = f"{SOURCE_DIGEST}: {digest_yaml(digest)}"
    field = re.compile(rf"^{SOURCE_DIGEST}[ \t]*:[^\r\n]*", re.M)
    found = field.search(rest, first_line_end, closing.start())
    if found:
        rest = rest[:found.start()] + line + rest[found.end():]
    else:
        rest = rest[:closing.start()] + line + eol + rest[closing.start():]
    return bom + rest


def stamp(config: SiteConfig, path: Path) -> Stamped:
    """Record in the translation at `path` the digest of its base entry as it is now."""
    root = config.root
    if not path.is_absolute():   # from where the command runs, or else from the checkout
        path = Path.cwd() / path if (Path.cwd() / path).exists() or not (root / path).exists() else root / path
    collection = _collection_of(config, path)
    rel = relpath(root, path) if path.resolve().is_relative_to(root.resolve()) else str(path)
    parsed = parse_file_name(path.name, config)
    if collection is None or parsed is None or not parsed[2]:
        raise StampError(f"{rel} is not a translation: only a translation (content/<collection>/<slug>.<lang>.md "
                         "or site_src/pages/<slug>.<lang>.md) records the version of its source",
                         "give the path of a translation, such as content/cities/hanoi.vi.md")
    slug, lang, _ = parsed
    if lang not in config.extra_languages:
        raise StampError(f"{rel}: '{lang}' is not a language to translate into",
                         f"languages of this site: {', '.join(config.extra_languages)}")
    translation = _loaded(root, path, collection, config)
    base = _loaded(root, path.with_name(f"{slug}.md"), collection, config)
    digest = source_digest(base.meta, base.body)
    raw = path.read_bytes()
    if translation.meta.get(SOURCE_DIGEST) == digest:
        return Stamped(translation.source, digest, False)
    new = stamp_text(raw.decode("utf-8"), digest).encode("utf-8")
    _check_stamped(root, path, collection, config, translation, new, digest)
    _replace(path, new)
    return Stamped(translation.source, digest, True)


def stamp_all(config: SiteConfig) -> tuple[list[Stamped], list[StampError]]:
    """Stamp every translation that records no digest yet (one that records another is left: its
    translator has to bring it up to date first); with the problems of those that cannot be."""
    done, problems = [], []
    for path in translation_files(config):
        entry, _problems = read_entry(config.root, path, _collection_of(config, path), config)
        if entry is None or SOURCE_DIGEST in entry.meta:
            continue   # a file that does not load is reported by `check`
        try:
            done.append(stamp(config, path))
        except StampError as problem:
            problems.append(problem)
    return done, problems


def translation_files(config: SiteConfig) -> list[Path]:
    """Every `<slug>.<lang>.md` file in the collections' folders and site_src/pages/, sorted."""
    folders = [config.root / "content" / name for name in config.collections] + [config.root / "site_src" / "pages"]
    found = []
    for folder in folders:
        if folder.is_dir():
            found += sorted(path for path in folder.glob("*.md")
                            if (parsed := parse_file_name(path.name, config)) and parsed[2] and path.is_file())
    return found


def _collection_of(config: SiteConfig, path: Path) -> str | None:
    folder = path.resolve().parent
    root = config.root.resolve()
    if folder == root / "site_src" / "pages":
        return PAGES
    for name in config.collections:
        if folder == root / "content" / name:
            return name
    return None


def _loaded(root: Path, path: Path, collection: str, config: SiteConfig):
    if not path.is_file():
        rel = relpath(root, path)
        raise StampError(f"{rel} does not exist",
                         "a translation is stamped against its base entry <slug>.md, in the same folder")
    entry, problems = read_entry(root, path, collection, config)
    if entry is None:
        raise StampError(f"{relpath(root, path)} does not load", diagnostics=problems)
    return entry


def _check_stamped(root: Path, path: Path, collection: str, config: SiteConfig, before, new: bytes,
                   digest: str) -> None:
    """Refuse to write a stamp that would change anything but the one field (an unusual line the
    rewrite did not understand)."""
    after, _problems = read_entry(root, path, collection, config, new)
    if after is None or after.body != before.body or after.meta != {**before.meta, SOURCE_DIGEST: digest}:
        line, _col = before.position((SOURCE_DIGEST,), of_key=True)
        raise StampError(f"{before.source}:{line}: cannot rewrite the '{SOURCE_DIGEST}' line of this file safely",
                         f"write it by hand as one line: {SOURCE_DIGEST}: {digest_yaml(digest)}")


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` at once (a new file renamed over it), keeping its permissions."""
    temporary = path.with_name(f".{path.name}.stamp")
    temporary.write_bytes(data)
    os.chmod(temporary, path.stat().st_mode & 0o7777)
    os.replace(temporary, path)


# --- how the translations stand (the /translations/ page) -------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """One language's translations: counts per collection, and the entries in each state."""

    lang: str
    translated: dict   # collection (and "pages") -> entries translated into `lang`
    totals: dict       # collection (and "pages") -> entries
    stale: list        # translations whose base entry changed since they were stamped
    unstamped: list    # translations that record no version of their base entry
    missing: dict      # collection -> base entries not translated into `lang`


def coverage(site) -> list[Coverage]:
    """Every language but the default one, as it stands: `site` is a hub.core.reads.ReadSite, so
    everything this reads (which entries exist, which translations, each base entry's fields and
    body where a translation exists) is recorded by the page that shows it."""
    config = site.config
    listings = {name: site.listing(name) for name in [*config.collections, PAGES]}
    found = []
    for lang in config.extra_languages:
        translated, stale, unstamped, missing = {}, [], [], {}
        for name, entries in listings.items():
            translated[name] = 0
            missing[name] = []
            for entry in entries:
                local = site.translation(entry, lang)
                if local is None:
                    missing[name].append(entry)
                    continue
                translated[name] += 1
                found_state = site.translation_state(local)
                if found_state == STALE:
                    stale.append(local)
                elif found_state == UNSTAMPED:
                    unstamped.append(local)
        found.append(Coverage(lang, translated, {name: len(entries) for name, entries in listings.items()},
                              stale, unstamped, missing))
    return found
