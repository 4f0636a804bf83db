"""Discover and load entries: frontmatter and body of every Markdown file, with positions.

Loading never raises for a contributor's mistake: a file that cannot be read
or parsed becomes a Diagnostic, and the rest of the files still load.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from hub.core.diagnostics import ERROR, WARNING, Diagnostic
from hub.core.reads import record
from hub.source.config import SiteConfig
from hub.source.yamlsafe import YamlProblem, load_yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_BOUNDARY = YAMLHandler.FM_BOUNDARY  # python-frontmatter's rule for '---' lines


class Positions:
    """Where each frontmatter key and value is in the file, 1-based: path -> (line, col).

    Only diagnostics need them. An entry parsed now has them at once; an entry taken from
    the memo (hub/incremental/memo.py) carries its frontmatter text instead, parsed again the first
    time a diagnostic asks, since on most runs none does.
    """

    def __init__(self, keys: dict | None = None, values: dict | None = None, *,
                 frontmatter: str | None = None, source: str = "", line_offset: int = 0):
        self._tables = (keys or {}, values or {}) if frontmatter is None else None
        self.frontmatter, self.source, self.line_offset = frontmatter, source, line_offset

    @property
    def keys(self) -> dict:
        return self._parsed()[0]

    @property
    def values(self) -> dict:
        return self._parsed()[1]

    def _parsed(self) -> tuple[dict, dict]:
        if self._tables is None:
            document = load_yaml(self.frontmatter, self.source, self.line_offset)
            self._tables = _file_positions(document, self.line_offset)
        return self._tables


def _file_positions(document, fm_line_offset: int) -> tuple[dict, dict]:
    """The YAML document's 0-based positions in its text -> 1-based positions in the file."""
    shift = fm_line_offset + 1
    return ({k: (line + shift, col + 1) for k, (line, col) in document.key_positions.items()},
            {k: (line + shift, col + 1) for k, (line, col) in document.value_positions.items()})


@dataclass(frozen=True)
class Entry:
    """One Markdown file of a collection (or a hand-written page), as loaded.

    `lang` is the language the file is written in; `is_translation` is true for
    `<slug>.<lang>.md`. Positions are 1-based (line, col) in the file itself.
    """

    collection: str
    slug: str
    lang: str
    is_translation: bool
    source: str               # path relative to the checkout, with '/' separators
    meta: dict
    body: str
    body_line: int            # line of the body's first line in the file
    positions: Positions = field(default_factory=Positions, compare=False, repr=False)
    digest: str = field(default="", compare=False, repr=False)   # SHA-256 of the file's bytes

    @property
    def key(self) -> tuple[str, str]:
        return (self.collection, self.slug)

    @property
    def key_positions(self) -> dict:
        return self.positions.keys

    @property
    def value_positions(self) -> dict:
        return self.positions.values

    def position(self, path: tuple, *, of_key: bool = False) -> tuple[int, int]:
        """Position of a field (its key, or its value), falling back to the nearest parent."""
        table = self.key_positions if of_key else self.value_positions
        while path:
            if path in table:
                return table[path]
            if not of_key and path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return (1, 1)


@dataclass(frozen=True)
class LoadResult:
    entries: list[Entry]
    diagnostics: list[Diagnostic]


def relpath(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def parse_file_name(name: str, config: SiteConfig) -> tuple[str, str, bool] | None:
    """'makassar.id.md' -> ('makassar', 'id', True); None when not a .md file."""
    if not name.endswith(".md"):
        return None
    stem = name[:-3]
    slug, dot, lang = stem.rpartition(".")
    if dot and lang and re.fullmatch(r"[a-z]{2,3}(-[a-z]+)?", lang):
        return slug, lang, True
    return stem, config.default_language, False


def read_entry(root: Path, path: Path, collection: str, config: SiteConfig,
               raw: bytes | None = None) -> tuple[Entry | None, list[Diagnostic]]:
    """Read and split one file; an unreadable or unparsable file gives diagnostics instead."""
    rel = relpath(root, path)
    parsed = parse_file_name(path.name, config)
    slug, lang, is_translation = parsed
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [Diagnostic(rel, 1, 1, ERROR, "unreadable", f"cannot read the file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(rel, line, col, ERROR, "encoding",
                                 f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                 "save the file as UTF-8 in your editor")]
    text = normalised(text)
    boundaries = list(islice(_BOUNDARY.finditer(text), 2))
    if not boundaries or boundaries[0].start() != 0:
        return None, [Diagnostic(rel, 1, 1, ERROR, "frontmatter-missing",
                                 "the file does not start with a '---' frontmatter block",
                                 "begin the file with a line '---', the fields, and another '---'")]
    if len(boundaries) < 2:
        return None, [Diagnostic(rel, 1, 1, ERROR, "frontmatter-unclosed",
                                 "the frontmatter opened on line 1 is never closed",
                                 "add a line '---' after the last field")]
    opening, closing = boundaries
    fm_text = text[opening.end():closing.start()]
    fm_line_offset = text.count("\n", 0, opening.end())
    try:
        document = load_yaml(fm_text, rel, fm_line_offset)
    except YamlProblem as problem:
        return None, [problem.diagnostic]
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None else f"a {_yaml_kind(document.data)}"
        return None, [Diagnostic(rel, 2, 1, ERROR, "frontmatter-not-mapping",
                                 f"the frontmatter must be a set of 'field: value' lines, but it is {kind}",
                                 "write one 'field: value' per line between the '---' lines")]
    body_start = closing.end()
    if text.startswith("\n", body_start):
        body_start += 1
    body_line = text.count("\n", 0, body_start) + 1
    entry = Entry(collection, slug, lang, is_translation, rel, document.data, text[body_start:],
                  body_line, Positions(*_file_positions(document, fm_line_offset)), hashlib.sha256(raw).hexdigest())
    return entry, []


def normalised(text: str) -> str:
    """A file's text as entries are read: without a byte-order mark, with '\\n' line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def frontmatter_span(text: str) -> tuple[int, int, int]:
    """(start, end, line offset) of the frontmatter in a file's text that read_entry accepted."""
    opening, closing = islice(_BOUNDARY.finditer(text), 2)
    return opening.end(), closing.start(), text.count("\n", 0, opening.end())


def _yaml_kind(value: object) -> str:
    return {list: "list", str: "plain text", int: "number", float: "number", bool: "true/false"}.get(
        type(value), type(value).__name__)


MAX_FILE_BYTES = 8 * 1024 * 1024


def discover(root: Path, folder: Path) -> tuple[list[str], list[Diagnostic]]:
    """Names of the Markdown files directly in a folder, sorted; anything else there is reported, not read.

    A symlink is followed only when it stays inside the checkout, so a pull
    request cannot publish files from elsewhere on the build machine.
    """
    if not folder.is_dir():
        return [], []
    names: list[str] = []
    diagnostics: list[Diagnostic] = []
    real_root = root.resolve()
    folder_rel = relpath(root, folder)
    # os.scandir, not Path.iterdir: its entries know their type without a stat, which
    # matters for 10,000 files.
    with os.scandir(folder) as scan:
        found = sorted(scan, key=lambda item: item.name)
    for item in found:
        name = item.name
        if name.startswith(".") and not name.endswith(".md"):
            continue   # editor and system files (.DS_Store, .swp); a hidden .md is reported below
        rel = f"{folder_rel}/{name}"
        if item.is_symlink() and not Path(item.path).resolve().is_relative_to(real_root):
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "symlink-outside",
                                          "this symbolic link points outside the repository",
                                          "replace the link by the file itself"))
        elif item.is_dir():
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "not-a-file",
                                          f"'{name}' is a folder; entries are files directly in {folder_rel}/",
                                          "move its files up one level, or remove it"))
        elif not name.endswith(".md"):
            diagnostics.append(Diagnostic(rel, 1, 1, WARNING, "stray-file",
                                          f"'{name}' is not a Markdown (.md) file and is ignored",
                                          "entries must end in .md"))
        elif not item.is_file():
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "not-a-file", f"'{name}' is not a regular file"))
        elif item.stat().st_size > MAX_FILE_BYTES:
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "file-too-large",
                                          f"the file is {item.stat().st_size // 1024 // 1024} MB; the limit is "
                                          f"{MAX_FILE_BYTES // 1024 // 1024} MB", "split it or shorten it"))
        else:
            names.append(name)
    return names, diagnostics


def load_entries(config: SiteConfig, memo=None) -> LoadResult:
    """Every collection entry and hand-written page, each loaded once.

    With a memo (hub.incremental.memo.Memo), a file whose bytes did not change since the last build is
    not parsed again.
    """
    root = config.root
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    sources = [(name, root / "content" / name) for name in config.collections]
    sources.append(("pages", root / "site_src" / "pages"))
    for collection, folder in sources:
        names, problems = discover(root, folder)
        diagnostics.extend(problems)
        folder_rel = relpath(root, folder)
        for name in names:
            rel = f"{folder_rel}/{name}"
            try:
                with open(os.path.join(folder, name), "rb") as file:
                    raw = file.read()
            except OSError as exc:
                diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "unreadable", f"cannot read the file: {exc.strerror}"))
                continue
            digest = hashlib.sha256(raw).hexdigest()
            remembered = memo.loaded(rel, digest, raw) if memo else None
            if remembered is not None:
                entry, problems = remembered
            else:
                entry, problems = read_entry(root, folder / name, collection, config, raw)
                if memo:
                    memo.remember_loaded(rel, digest, raw, entry, problems)
            diagnostics.extend(problems)
            if entry is not None:
                entries.append(entry)
    return LoadResult(entries, diagnostics)


def load_vocabularies(config: SiteConfig) -> tuple[dict[str, list[dict]], list[Diagnostic]]:
    """content/_data/<name>.yaml for each vocabulary in site.yaml."""
    vocabularies: dict[str, list[dict]] = {}
    diagnostics: list[Diagnostic] = []
    for name, spec in config.vocabularies.items():
        path = config.root / "content" / "_data" / f"{name}.yaml"
        rel = relpath(config.root, path)
        record(("file", rel))
        try:
            data = load_yaml(path.read_text(encoding="utf-8"), rel).data
        except OSError:
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "vocabulary", f"vocabulary file {rel} is missing"))
            continue
        except YamlProblem as problem:
            diagnostics.append(problem.diagnostic)
            continue
        if not isinstance(data, list) or not all(isinstance(t, dict) and spec.key in t and "name" in t for t in data):
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "vocabulary",
                                          f"{rel} must be a list of mappings, each with '{spec.key}' and 'name'"))
            continue
        vocabularies[name] = data
    return vocabularies, diagnostics
