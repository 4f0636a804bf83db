"""Remembered results of the per-file work of `check`: parsing a file and the checks that look
at one entry alone. Keyed by the SHA-256 of the file's bytes (and, for the checks, by the
schemas and the engine version), so an unchanged file is neither parsed nor checked again.

Stored as JSON in the build cache folder (never pickle: the cache may come from another
machine). A build saves it; `check` only reads it, so `check` still writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from hub import engine_fingerprint
from hub.content import Entry
from hub.diagnostics import Diagnostic

MEMO_FORMAT = 1


class Memo:
    def __init__(self, path: Path | None, salt: str):
        self.path = path
        self.salt = salt                   # engine version and schemas: a change forgets everything
        self.records: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == MEMO_FORMAT and data.get("salt") == salt \
                and isinstance(data.get("files"), dict):
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
        record = self.used.setdefault(source, {"sha": digest})
        if record.get("sha") != digest:
            record.clear()
            record["sha"] = digest
        record[part] = value

    def loaded(self, source: str, digest: str, raw: bytes):
        """(entry, diagnostics) from the last time this file had these bytes, or None.

        The body is not stored: it is the end of the file's text, cut again from `raw`.
        """
        data = self.get(source, digest, "load")
        if data is None:
            return None
        entry = None
        if data["entry"]:
            text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            entry = entry_from_json(data["entry"], digest, text[len(text) - data["entry"]["body_length"]:])
        return entry, diagnostics_from_json(data["problems"])

    def remember_loaded(self, source: str, digest: str, entry, problems: list[Diagnostic]) -> None:
        self.put(source, digest, "load", {"entry": entry_to_json(entry) if entry else None,
                                          "problems": diagnostics_to_json(problems)})

    def checked(self, entry, compute) -> list[Diagnostic]:
        """The diagnostics of the checks that look at `entry` alone, computed once per file content."""
        data = self.get(entry.source, entry.digest, "local") if entry.digest else None
        if data is not None:
            return diagnostics_from_json(data)
        diagnostics = list(compute())
        if entry.digest:
            self.put(entry.source, entry.digest, "local", diagnostics_to_json(diagnostics))
        return diagnostics

    def save(self) -> None:
        """Keep what this run used or made (forgetting deleted files)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"format": MEMO_FORMAT, "salt": self.salt, "files": self.used},
                                        allow_nan=True), encoding="utf-8")
        temporary.replace(self.path)


def memo_salt(schemas: dict) -> str:
    return hashlib.sha256(json.dumps([engine_fingerprint(), {n: s.schema for n, s in schemas.items()}],
                                     sort_keys=True, default=str).encode()).hexdigest()


def entry_to_json(entry: Entry) -> dict:
    return {"collection": entry.collection, "slug": entry.slug, "lang": entry.lang,
            "is_translation": entry.is_translation, "source": entry.source, "meta": entry.meta,
            "body_length": len(entry.body), "body_line": entry.body_line,
            "keys": [[list(k), *v] for k, v in entry.key_positions.items()],
            "values": [[list(k), *v] for k, v in entry.value_positions.items()]}


def entry_from_json(data: dict, digest: str, body: str) -> Entry:
    return Entry(data["collection"], data["slug"], data["lang"], data["is_translation"], data["source"],
                 data["meta"], body, data["body_line"],
                 {tuple(k): (line, col) for k, line, col in data["keys"]},
                 {tuple(k): (line, col) for k, line, col in data["values"]}, digest)


def diagnostics_to_json(diagnostics: list[Diagnostic]) -> list:
    return [[d.path, d.line, d.col, d.severity, d.code, d.message, d.hint] for d in diagnostics]


def diagnostics_from_json(data: list) -> list[Diagnostic]:
    return [Diagnostic(*item) for item in data]
