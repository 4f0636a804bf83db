"""Remembered results of the per-file work of `check`: parsing a file and the checks that look
at one entry alone. Keyed by the SHA-256 of the file's bytes (and, for the checks, by the
schemas and the engine version), so an unchanged file is neither parsed nor checked again.

Stored as JSON in the build cache folder (never pickle: the cache may come from another
machine). A build saves it; `check` only reads it, so `check` still writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hub import engine_fingerprint
from hub.core.diagnostics import Diagnostic, diagnostics_from_json, diagnostics_to_json
from hub.incremental import store
from hub.source.entries import Entry, Positions, frontmatter_span, normalised


class Memo:
    def __init__(self, path: Path | None, salt: str):
        self.path = path
        self.salt = salt                   # engine version and schemas: a change forgets everything
        self.records: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        self.changed = False               # something was put: the file on disk no longer says it all
        if path is None:
            return
        data = store.read(path.parent, path.name).fields
        if data is not None and data.get("salt") == salt and isinstance(data.get("files"), dict):
            self.records = data["files"]

    @staticmethod
    def digest(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def get(self, source: str, digest: str, part: str):
        record = self.records.get(source)
        if isinstance(record, dict) and record.get("sha") == digest and part in record:
            self.used.setdefault(source, {"sha": digest})[part] = record[part]
            return record[part]
        return None

    def put(self, source: str, digest: str, part: str, value) -> None:
        self.changed = True
        record = self.used.setdefault(source, {"sha": digest})
        if record.get("sha") != digest:
            record.clear()
            record["sha"] = digest
        record[part] = value

    def loaded(self, source: str, digest: str, raw: bytes):
        """(entry, diagnostics) from the last time this file had these bytes, or None.

        The body and the frontmatter's text are not stored: they are cut again from `raw`.
        """
        data = self.get(source, digest, "load")
        if data is None:
            return None
        entry = None
        if data["entry"]:
            entry = entry_from_json(data["entry"], digest, _text(raw))
        return entry, diagnostics_from_json(data["problems"])

    def remember_loaded(self, source: str, digest: str, raw: bytes, entry, problems: list[Diagnostic]) -> None:
        self.put(source, digest, "load", {"entry": entry_to_json(entry, _text(raw)) if entry else None,
                                          "problems": diagnostics_to_json(problems)})

    def checked(self, entry, compute) -> list[Diagnostic]:
        """The diagnostics of the checks that look at `entry` alone, computed once per file content."""
        return diagnostics_from_json(self.remembered(entry, "local", lambda: diagnostics_to_json(list(compute()))))

    def remembered(self, entry, part: str, compute):
        """compute() -- a JSON value that depends on the entry's file alone -- computed once per file content."""
        data = self.get(entry.source, entry.digest, part) if entry.digest else None
        if data is None:
            data = compute()
            if entry.digest:
                self.put(entry.source, entry.digest, part, data)
        return data

    def save(self) -> None:
        """Keep what this run used or made (forgetting deleted files); no write when that is what the file holds."""
        if self.path is None or (not self.changed and self.used.keys() == self.records.keys()):
            return
        store.write(self.path.parent, self.path.name, {"salt": self.salt, "files": self.used})


def memo_salt(schemas: dict) -> str:
    return hashlib.sha256(json.dumps([engine_fingerprint(), {n: s.schema for n, s in schemas.items()}],
                                     sort_keys=True, default=str).encode()).hexdigest()


def _text(raw: bytes) -> str:
    """A file's text as read_entry sees it (hub/source/entries.py)."""
    return normalised(raw.decode("utf-8"))


def entry_to_json(entry: Entry, text: str) -> dict:
    """The entry without its body and positions, which are cut and parsed again from the file's text."""
    return {"collection": entry.collection, "slug": entry.slug, "lang": entry.lang,
            "is_translation": entry.is_translation, "source": entry.source, "meta": entry.meta,
            "body_length": len(entry.body), "body_line": entry.body_line, "frontmatter": frontmatter_span(text)}


def entry_from_json(data: dict, digest: str, text: str) -> Entry:
    start, end, line_offset = data["frontmatter"]
    positions = Positions(frontmatter=text[start:end], source=data["source"], line_offset=line_offset)
    return Entry(data["collection"], data["slug"], data["lang"], data["is_translation"], data["source"],
                 data["meta"], text[len(text) - data["body_length"]:], data["body_line"], positions, digest)
