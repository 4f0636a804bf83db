"""What a visitor downloads to search one word, in each language's sharded Pagefind index.

Issue 14's targets: the first search downloads at most 400 KB in at most 60 requests, and after
it a one-word query downloads at most 150 KB. The figures come from query_cost (below),
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

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from hub.search.bundle import read

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
    # A language other than the default also merges the default language's index into its first
    # search (its entries with no version in this language): what that adds, beyond the targets'
    # figures above, which are the language's own index
    merged_bytes: int = 0
    merged_requests: int = 0

    @property
    def within_targets(self) -> bool:
        return self.first_search_bytes <= FIRST_SEARCH_BYTES and self.query_bytes <= QUERY_BYTES \
            and self.first_search_requests <= FIRST_SEARCH_REQUESTS


def search_payload(folder: Path, word: str, also: Path | None = None) -> SearchPayload | None:
    """The one-word query's payload in the language's index `folder` (and the index `also` merged
    into it, with the first one's runtime), or None when it has none."""
    if not (folder / "shards.json").is_file():
        return None
    cost = query_cost(folder, word)
    metas = [name for name in cost.first_search if name.endswith(".pf_meta")]
    merged = query_cost(also, word, runtime=False) if also is not None and (also / "shards.json").is_file() else None
    files = [p for p in folder.rglob("*") if p.is_file()]
    chunk_sizes = [p.stat().st_size for p in files if p.parent.name == "index"]
    chunks = sum(len(read((folder / name).read_bytes())[2]) for name in metas)
    return SearchPayload(cost.lang, len(metas), cost.first_search_bytes + cost.query_bytes,
                         cost.first_search_requests, cost.query_bytes,
                         sum(cost.first_search[name] for name in metas),
                         sum(size for name, size in cost.per_query.items() if "/index/" in name), chunks,
                         int(statistics.median(chunk_sizes)) if chunk_sizes else 0,
                         sum(p.stat().st_size for p in files), len(files),
                         merged.first_search_bytes + merged.query_bytes if merged else 0,
                         merged.first_search_requests if merged else 0)


def search_payloads(site: Path) -> list[SearchPayload]:
    """A payload per language's index in the output: pagefind/ and, per extra language, <lang>/pagefind/
    with the default language's index, which its search page merges in (for the entries it has no
    version of: templates/search.html)."""
    folders = [site / "pagefind"] + sorted(site.glob("*/pagefind"))
    payloads = []
    for folder in folders:
        lang = "en" if folder.parent == site else folder.parent.name
        payload = search_payload(folder, QUERY_WORDS.get(lang, QUERY_WORDS["en"]),
                                 also=None if folder.parent == site else site / "pagefind")
        if payload:
            payloads.append(payload)
    return payloads


# --- What a visitor downloads ---------------------------------------------------------------------

@dataclass(frozen=True)
class QueryCost:
    """Bytes a browser fetches from a language's index to search one word, split into what is
    cached after the first search (the shard list, library, wasm, and each shard's entry, metadata
    and filters) and what each query adds (each shard's index chunk holding the word, and the
    fragments of the results shown)."""

    word: str
    lang: str
    first_search: dict[str, int]   # path in the language's index folder -> bytes
    per_query: dict[str, int]
    matches: int

    @property
    def first_search_bytes(self) -> int:
        return sum(self.first_search.values())

    @property
    def query_bytes(self) -> int:
        return sum(self.per_query.values())

    @property
    def first_search_requests(self) -> int:
        """Requests of a reader's first search: everything it loads, and its query's files."""
        return len(self.first_search) + len(self.per_query)


def query_cost(index: Path | dict[str, bytes], word: str, shown: int = 10, runtime: bool = True) -> QueryCost:
    """What searching `word` downloads from one language's index, computed from its files.

    `index` is a language's index folder (public/pagefind, public/id/pagefind: shards.json and a
    folder per shard) or its files by path within it. Mirrors the hub's search page on pagefind.js
    1.5: it loads shards.json, the first shard's pagefind.js, worker and wasm, and from every shard
    its entry file, its metadata and every filter file (the page shows counts); then, per query,
    from every shard the index chunk whose word range holds the word, and the fragments of the first
    `shown` pages with a word that starts with it (shard by shard, by page number: fragment sizes
    are alike, and which pages come first depends on scores). The word is taken as written, while
    Pagefind stems it first: pick words that are their own stem, such as place names. Without
    `runtime`, the library and WebAssembly are not counted: an index merged into another's.
    """
    files = {p.relative_to(index).as_posix(): p.read_bytes() for p in index.rglob("*") if p.is_file()} \
        if isinstance(index, Path) else index
    shards = [shard["path"] for shard in json.loads(files["shards.json"])["shards"]]
    first: dict[str, int] = {"shards.json": len(files["shards.json"])}
    per_query: dict[str, int] = {}
    matched: list[str] = []
    lang = ""
    for number, shard in enumerate(shards):
        entry = json.loads(files[f"{shard}pagefind-entry.json"])
        (lang, language), = entry["languages"].items()
        meta_name = f"{shard}pagefind.{language['hash']}.pf_meta"
        meta = read(files[meta_name])
        loaded = ("pagefind.js", "pagefind-worker.js", f"wasm.{language['wasm']}.pagefind") \
            if number == 0 and runtime else ()
        for name in (*[f"{shard}{name}" for name in loaded], f"{shard}pagefind-entry.json", meta_name):
            if name in files:
                first[name] = len(files[name])
        for _, filter_hash in meta[3]:
            first[f"{shard}filter/{filter_hash}.pf_filter"] = len(files[f"{shard}filter/{filter_hash}.pf_filter"])
        matched += _shard_query(files, shard, meta, word.lower(), per_query)
    for name in matched[:shown]:
        per_query[name] = len(files[name])
    return QueryCost(word, lang, first, per_query, len(matched))


def _shard_query(files: dict[str, bytes], shard: str, meta: list, term: str, per_query: dict[str, int]) -> list[str]:
    """Add to `per_query` the shard's index chunk holding `term`; the fragment files of its pages
    with a word that starts with it, by page number."""
    pages: set[int] = set()
    for low, high, chunk_hash in meta[2]:
        # as pagefind.js chooses: the chunk whose range holds the word, where a range ends with
        # every word that starts with its last word (so a prefix such as "sm" loads one chunk)
        if low <= term and (term <= high or term.startswith(high)):
            name = f"{shard}index/{chunk_hash}.pf_index"
            per_query[name] = len(files[name])
            pages |= _pages_with_prefix(read(files[name]), term)
    return [f"{shard}fragment/{meta[1][page][0]}.pf_fragment" for page in sorted(pages)]


def _pages_with_prefix(chunk: list, term: str) -> set[int]:
    """Numbers of the pages holding a word that starts with `term` (Pagefind matches prefixes)."""
    pages = set()
    for word, postings, *_ in chunk[0]:
        if word.startswith(term):
            number = 0
            for posting in postings:   # page numbers are stored as differences from the previous one
                number += posting[0]
                pages.add(number)
    return pages
