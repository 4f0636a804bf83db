"""Reading (and, for determinism, rewriting) the files of a Pagefind 1.5 bundle.

A bundle has pagefind-entry.json (its languages, each with the hash of a metadata file) and
gzipped binary files that start with the signature 'pagefind_dcd' followed by CBOR:
  pagefind.<hash>.pf_meta   [version, [[page hash, words]], [[from, to, chunk hash]],
                             [[filter, filter hash]], [[sort, page order]], meta keys]
  index/<hash>.pf_index     [[[word, [[page delta, positions…], …], …], …], …]
  filter/<hash>.pf_filter   [filter, [[value, [page numbers]], …]]
  fragment/<hash>.pf_fragment  one page's text and metadata, for showing a result

`deterministic` makes a bundle byte-identical from build to build (Pagefind writes filter values
in hash-map order, which changes from run to run). `read` is also used by the benchmark
(bench/search.py), which works out what a browser downloads to search one word.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json

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
