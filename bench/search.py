"""What a visitor downloads to search one word, in each language's sharded Pagefind index.

Issue 14's targets: the first search downloads at most 400 KB in at most 60 requests, and after
it a one-word query downloads at most 150 KB. The figures come from hub.pagefind_bundle.query_cost,
which mirrors the hub's search page (assets/js/search.js) on pagefind.js 1.5, and which a Chromium
test checks against the requests a browser makes (tests/test_search_browser.py):

- the first search: shards.json, the first shard's pagefind.js, worker and WebAssembly, every
  shard's entry, metadata and filter files, then its query's files (below). The runtime is
  counted as stored; Netlify compresses the JavaScript further in transit, while the index files
  and the WebAssembly are gzipped already.
- a query after it: every shard's index chunk holding the word, and the fragments of the ten
  results shown.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from hub.pagefind_bundle import query_cost, read

# A word every corpus size has, in each language: "flood" (and its Indonesian "banjir").
QUERY_WORDS = {"en": "flood", "id": "banjir"}
FIRST_SEARCH_BYTES = 400_000
FIRST_SEARCH_REQUESTS = 60
QUERY_BYTES = 150_000


@dataclass(frozen=True)
class SearchPayload:
    language: str
    shards: int
    first_search_bytes: int    # the first search: everything it loads, and its query's files
    first_search_requests: int
    query_bytes: int           # a one-word query after the first: chunks and fragments
    meta_bytes: int            # every shard's pf_meta
    chunk_bytes: int           # every shard's index chunk holding the query word
    chunks: int                # index chunks in this language, all shards
    median_chunk_bytes: int
    folder_bytes: int          # the language's whole pagefind/ folder
    folder_files: int

    @property
    def within_targets(self) -> bool:
        return self.first_search_bytes <= FIRST_SEARCH_BYTES and self.query_bytes <= QUERY_BYTES \
            and self.first_search_requests <= FIRST_SEARCH_REQUESTS


def search_payload(folder: Path, word: str) -> SearchPayload | None:
    """The one-word query's payload in the language's index `folder`, or None when it has none."""
    if not (folder / "shards.json").is_file():
        return None
    cost = query_cost(folder, word)
    files = [p for p in folder.rglob("*") if p.is_file()]
    chunk_sizes = [p.stat().st_size for p in files if p.parent.name == "index"]
    metas = [name for name in cost.first_search if name.endswith(".pf_meta")]
    chunks = sum(len(read((folder / name).read_bytes())[2]) for name in metas)
    return SearchPayload(cost.lang, len(metas), cost.first_search_bytes + cost.query_bytes,
                         cost.first_search_requests, cost.query_bytes,
                         sum(cost.first_search[name] for name in metas),
                         sum(size for name, size in cost.per_query.items() if "/index/" in name), chunks,
                         int(statistics.median(chunk_sizes)) if chunk_sizes else 0,
                         sum(p.stat().st_size for p in files), len(files))


def search_payloads(site: Path) -> list[SearchPayload]:
    """A payload per language's index in the output: pagefind/ and, per extra language, <lang>/pagefind/."""
    folders = [site / "pagefind"] + sorted(site.glob("*/pagefind"))
    payloads = []
    for folder in folders:
        lang = "en" if folder.parent == site else folder.parent.name
        payload = search_payload(folder, QUERY_WORDS.get(lang, QUERY_WORDS["en"]))
        if payload:
            payloads.append(payload)
    return payloads
