"""Bytes a visitor downloads for a one-word search in a Pagefind index.

A Pagefind query fetches the language's `pf_meta` file (the list of pages and
of index chunks, each chunk covering a range of words), then the chunk whose
range holds the word, then one fragment per result shown. Its runtime
(JavaScript, WebAssembly) is the same for any site size and cached, so it is
left out, as in the peers' measurement (`../shared/peers/README.md`).

Both files are stored gzipped behind a `pagefind_dcd` signature; the meta
file is CBOR. A small CBOR reader below is enough for it.
"""

from __future__ import annotations

import gzip
import json
import statistics
import struct
from dataclasses import dataclass
from pathlib import Path

# A word every corpus size has, in each language: "flood" (and its Indonesian "banjir").
QUERY_WORDS = {"en": "flood", "id": "banjir"}
_SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True)
class SearchPayload:
    language: str
    meta_bytes: int          # pf_meta as served (gzipped)
    chunk_bytes: int         # the index chunk(s) holding the query word, as served
    chunks: int              # index chunks in this language
    median_chunk_bytes: int
    folder_bytes: int        # the whole pagefind/ folder
    folder_files: int

    @property
    def query_bytes(self) -> int:
        return self.meta_bytes + self.chunk_bytes


def _cbor(data: bytes, pos: int = 0):
    """Decode one CBOR item at pos -> (value, next pos). Definite lengths only, as Pagefind writes."""
    head = data[pos]
    major, info = head >> 5, head & 0x1F
    pos += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x} at {pos - 1}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos:pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _cbor(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(arg):
            key, pos = _cbor(data, pos)
            mapping[key], pos = _cbor(data, pos)
        return mapping, pos
    if major == 7 and info in (25, 26, 27):
        fmt = {25: ">e", 26: ">f", 27: ">d"}[info]
        return struct.unpack(fmt, arg.to_bytes(1 << (info - 24), "big"))[0], pos
    if major == 7:
        return {20: False, 21: True, 22: None}.get(arg), pos
    raise ValueError(f"unsupported CBOR major type {major}")


def read_pagefind_file(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    return data[len(_SIGNATURE):] if data.startswith(_SIGNATURE) else data


def index_chunks(meta_file: Path) -> list[tuple[str, str, str]]:
    """(first word, last word, chunk hash) for each index chunk listed in a pf_meta file."""
    meta, _ = _cbor(read_pagefind_file(meta_file))
    # [version, pages, index_chunks, filters, sorts, ...]; a chunk is [from, to, hash].
    return [tuple(chunk) for chunk in meta[2]]


def search_payload(folder: Path, word: str) -> SearchPayload | None:
    """The one-word query's payload in the Pagefind bundle `folder`, or None when it has none."""
    entry_file = folder / "pagefind-entry.json"
    if not entry_file.is_file():
        return None
    languages = json.loads(entry_file.read_text(encoding="utf-8")).get("languages", {})
    if not languages:
        return None
    language = sorted(languages)[0]   # one language per bundle in the hub; the first otherwise
    meta_file = folder / f"pagefind.{languages[language]['hash']}.pf_meta"
    chunks = index_chunks(meta_file)
    sizes = {h: (folder / "index" / f"{h}.pf_index").stat().st_size for _, _, h in chunks}
    holding = [h for first, last, h in chunks if first <= word <= last] or [chunks[0][2]]
    files = [p for p in folder.rglob("*") if p.is_file()]
    return SearchPayload(language, meta_file.stat().st_size, sum(sizes[h] for h in holding), len(chunks),
                         int(statistics.median(sizes.values())), sum(p.stat().st_size for p in files), len(files))


def search_payloads(site: Path) -> list[SearchPayload]:
    """A payload per Pagefind bundle in the output: pagefind/ and, per extra language, <lang>/pagefind/."""
    folders = [site / "pagefind"] + sorted(site.glob("*/pagefind"))
    payloads = []
    for folder in folders:
        lang = "en" if folder.parent == site else folder.parent.name
        payload = search_payload(folder, QUERY_WORDS.get(lang, QUERY_WORDS["en"]))
        if payload:
            payloads.append(payload)
    return payloads
