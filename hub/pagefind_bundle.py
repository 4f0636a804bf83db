"""Reading (and, for determinism, rewriting) the files of a Pagefind 1.5 bundle.

A bundle has pagefind-entry.json (its languages, each with the hash of a metadata file) and
gzipped binary files that start with the signature 'pagefind_dcd' followed by CBOR:
  pagefind.<hash>.pf_meta   [version, [[page hash, words]], [[from, to, chunk hash]],
                             [[filter, filter hash]], [[sort, page order]], meta keys]
  index/<hash>.pf_index     [[[word, [[page delta, positions…], …], …], …], …]
  filter/<hash>.pf_filter   [filter, [[value, [page numbers]], …]]
  fragment/<hash>.pf_fragment  one page's text and metadata, for showing a result

Two uses: `deterministic` makes a bundle byte-identical from build to build (Pagefind writes filter
values in hash-map order, which changes from run to run), and `query_cost` works out what a
browser downloads to search one word in a language's sharded index (hub/search.py), for the
benchmark.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"


def deterministic(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same bundle with its filter files in a fixed order, renamed by content, and the
    metadata and entry files that name them rewritten to match. `files` are keyed by path
    within the bundle; other files pass through unchanged."""
    files = dict(files)
    entry = json.loads(files["pagefind-entry.json"])
    for language in entry["languages"].values():
        old_meta = f"pagefind.{language['hash']}.pf_meta"
        meta = read(files.pop(old_meta))
        lang = language["hash"].split("_", 1)[0]
        renamed = []
        for name, old_hash in sorted(meta[3]):
            filter_name, values = read(files.pop(f"filter/{old_hash}.pf_filter"))
            data = write([filter_name, sorted(values, key=lambda item: item[0])])
            new_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:7]}"
            files[f"filter/{new_hash}.pf_filter"] = data
            renamed.append([name, new_hash])
        meta[3] = renamed
        data = write(meta)
        language["hash"] = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
        files[f"pagefind.{language['hash']}.pf_meta"] = data
    entry["languages"] = dict(sorted(entry["languages"].items()))
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files


# --- What a visitor downloads: for the benchmark -------------------------------------------------

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


def query_cost(index: Path | dict[str, bytes], word: str, shown: int = 10) -> QueryCost:
    """What searching `word` downloads from one language's index, computed from its files.

    `index` is a language's index folder (public/pagefind, public/id/pagefind: shards.json and a
    folder per shard) or its files by path within it. Mirrors the hub's search page on pagefind.js
    1.5: it loads shards.json, the first shard's pagefind.js, worker and wasm, and from every shard
    its entry file, its metadata and every filter file (the page shows counts); then, per query,
    from every shard the index chunk whose word range holds the word, and the fragments of the first
    `shown` pages with a word that starts with it (shard by shard, by page number: fragment sizes
    are alike, and which pages come first depends on scores). The word is taken as written, while
    Pagefind stems it first: pick words that are their own stem, such as place names.
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
        runtime = ("pagefind.js", "pagefind-worker.js", f"wasm.{language['wasm']}.pagefind") if number == 0 else ()
        for name in (*[f"{shard}{name}" for name in runtime], f"{shard}pagefind-entry.json", meta_name):
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


# --- The file format ----------------------------------------------------------------------------

def read(data: bytes):
    """The CBOR value inside one of the bundle's gzipped binary files."""
    raw = io.BytesIO(gzip.decompress(data))
    if raw.read(len(SIGNATURE)) != SIGNATURE:
        raise ValueError("not a Pagefind bundle file")
    value = cbor2.CBORDecoder(raw).decode()
    if raw.read(1):
        raise ValueError("trailing bytes after the Pagefind data")
    return value


def write(value) -> bytes:
    """A bundle file holding `value`, gzipped without a timestamp so equal values give equal bytes.
    cbor2 writes the shortest heads and definite lengths, as Pagefind's encoder does."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
