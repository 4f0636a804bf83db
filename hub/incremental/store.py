"""The one store of what a build keeps for the next: the cache folder (.cache/hub, or HUB_CACHE_DIR).

Its records share one format: a JSON object carrying {"format": FORMAT, "engine": the engine's
fingerprint} beside its own fields, written atomically (a temporary file, then a rename), and read
back only when both match; anything else reads as no record, with the reason:

  manifest.json    hub/incremental/cache.py      each output file: its plan key, what it read, its bytes' digest
  entries.json     hub/incremental/memo.py       each content file, by its bytes' digest: parsed, and its own checks
  last-build.json  hub/incremental/unchanged.py  the digest of the last build's inputs, and its report

plus output/, the cache's hard-linked copy of the last site (hub/incremental/cache.py). The records are JSON,
never pickle: a cache may come from another machine. Only the build and `check` use the store.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from hub import engine_fingerprint

FORMAT = 3


@dataclass(frozen=True)
class Record:
    """A record as read: its fields, the SHA-256 of its file, and why it is empty when it is."""

    fields: dict | None
    digest: str = ""
    problem: str = ""   # "" when found and usable, or when there was none


def read(folder: Path, name: str) -> Record:
    try:
        raw = (folder / name).read_bytes()
    except FileNotFoundError:
        return Record(None)
    except OSError as exc:
        return Record(None, problem=f"cache record {name} unreadable ({exc.__class__.__name__}); rebuilding")
    try:
        data = json.loads(raw)
    except ValueError:
        return Record(None, problem=f"cache record {name} unreadable (not JSON); rebuilding")
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("engine") != engine_fingerprint():
        return Record(None, problem="cache from another engine version; rebuilding")
    return Record(data, hashlib.sha256(raw).hexdigest())


def write(folder: Path, name: str, fields: dict) -> str:
    """Write a record atomically; the SHA-256 of what was written. Raises OSError."""
    # Key order is kept, not sorted: an entry's fields come back in the order its file gives them.
    raw = json.dumps({**fields, "format": FORMAT, "engine": engine_fingerprint()},
                     ensure_ascii=False, allow_nan=True).encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"{name}.{os.getpid()}.tmp"
    try:
        temporary.write_bytes(raw)
        temporary.replace(folder / name)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return hashlib.sha256(raw).hexdigest()
