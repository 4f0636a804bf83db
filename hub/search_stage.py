"""The search stage of a build: which shards of the search index the build cache still holds, and
the others made by Pagefind from the written site (hub/search.py) before it is swapped in.

A shard is made from what Pagefind reads of its pages (search.indexed_part), so its cache key is
the digest of that for each of its pages: an edit re-indexes the shards of the pages whose indexed
part it changed, in each language, and nothing else. Each language also gets a shards.json listing
its shards for the search page.

The build cache is used only through BuildCache.reusable, .same_bytes and .manifest; the build
records the files, their keys and `SearchPlan.indexed` after writing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hub import search
from hub.config import SiteConfig

if TYPE_CHECKING:   # the cache is handed in by the build; this module does not import it
    from hub.cache import BuildCache


@dataclass
class SearchPlan:
    """What the build's search stage has to do once the site is written."""

    config: SiteConfig
    files: dict                        # the build's files: reused shards and listings are added here
    keys: dict[str, str]               # the build's cache keys, completed here for every index file
    shas: dict[str, str]
    indexed: dict[str, str]            # page -> digest of what Pagefind reads of it ("" when left out)
    shards: dict[tuple[str, int], tuple[str, list[str]]] = field(default_factory=dict)  # -> (key, pages)
    stale: dict[tuple[str, int], list[str]] = field(default_factory=dict)              # to index

    def indexer(self, report) -> Callable[[Path], dict[str, bytes]] | None:
        """The function write_site calls with the written folder (None when every shard is reused):
        it indexes the stale shards, timed as the report's search stage, and returns their files
        and the listings of their languages."""
        if not self.stale:
            return None

        def index(folder: Path) -> dict[str, bytes]:
            with report.stage("search"):
                bundle = search.index_folder(folder, self.stale, self.config)
                for lang, shard in self.stale:
                    folder_name = search.shard_path(self.config, lang, shard) + "/"
                    key = self.shards[lang, shard][0]
                    self.keys.update({name: key for name in bundle if name.startswith(folder_name)})
                for lang in sorted({lang for lang, _ in self.stale}):
                    bundle.update(self._listing(lang, bundle))
                return bundle
        return index

    def _listing(self, lang: str, fresh: dict[str, bytes]) -> dict[str, bytes]:
        """The language's shards.json, from its shards' entry files (fresh ones, else the reused)."""
        entries = {}
        for (shard_lang, shard), _ in sorted(self.shards.items()):
            if shard_lang != lang:
                continue
            name = f"{search.shard_path(self.config, lang, shard)}/pagefind-entry.json"
            data = fresh.get(name, self.files.get(name))
            if data is not None:
                entries[shard] = data if isinstance(data, bytes) else data.read_bytes()
        name = f"{search.bundle_path(self.config, lang)}/{search.LISTING}"
        self.keys[name] = sha256("\n".join(key for (shard_lang, _), (key, _) in sorted(self.shards.items())
                                           if shard_lang == lang).encode("utf-8"))
        return {name: search.listing(entries)}


def plan(files: dict, shas: dict[str, str], keys: dict[str, str], cache: "BuildCache",
         config: SiteConfig) -> SearchPlan:
    """Take every shard whose pages Pagefind would read as before from the cache (into `files`,
    `shas` and `keys`), with the listing of each language whose shards are all reused; the rest
    is left to `SearchPlan.indexer`. `shas` holds the SHA-256 of every file in `files`."""
    found = SearchPlan(config, files, keys, shas, _indexed_digests(files, shas, cache))
    found.shards = _shards(files, found.indexed, shas, config)
    cached = _cached_by_folder(cache, config)
    for (lang, shard), (key, pages) in found.shards.items():
        names = cached.get(search.shard_path(config, lang, shard), [])
        keys.update({name: key for name in names})
        reused = {name: cache.reusable(name, key) for name in names}
        if reused and all(reused.values()):
            files.update(reused)
            shas.update({name: cache.manifest[name]["sha"] for name in reused})
        else:
            found.stale[lang, shard] = pages
    for lang in sorted({lang for lang, _ in found.shards} - {lang for lang, _ in found.stale}):
        for name, data in found._listing(lang, {}).items():
            shas[name] = sha256(data)
            files[name] = cache.same_bytes(name, data) or data
    return found


def _shards(files: dict, indexed: dict[str, str], shas: dict[str, str],
            config: SiteConfig) -> dict[tuple[str, int], tuple[str, list[str]]]:
    """Each shard with pages to index, as {(lang, shard): (cache key, pages)}. Only pages that mark
    a body are indexed, unless no page of the language does: Pagefind then reads every page whole,
    and the key is made of their bytes."""
    by_lang: dict[str, list[str]] = {}
    for output in sorted(files):
        if output.endswith(".html"):
            by_lang.setdefault(search.page_language(output, config), []).append(output)
    shards: dict[tuple[str, int], list[str]] = {}
    parts: dict[str, dict[str, str]] = {}
    for lang, outputs in by_lang.items():
        marked = [output for output in outputs if indexed[output]]
        parts[lang] = indexed if marked else shas
        for output in marked or outputs:
            shards.setdefault((lang, search.shard_of(output, config)), []).append(output)
    return {(lang, shard): (_digest_pages(pages, parts[lang]), pages)
            for (lang, shard), pages in sorted(shards.items())}


def _digest_pages(pages: list[str], parts: dict[str, str]) -> str:
    """A shard's cache key: what Pagefind reads of each of its pages, and how many shards there are."""
    lines = [f"shards {search.SHARDS}"] + [f"{page} {parts[page]}" for page in pages]
    return sha256("\n".join(lines).encode("utf-8"))


def _cached_by_folder(cache: "BuildCache", config: SiteConfig) -> dict[str, list[str]]:
    """The cached index files of every shard, by the shard's folder ('pagefind/2')."""
    roots = {search.bundle_path(config, lang) + "/" for lang in config.languages}
    by_folder: dict[str, list[str]] = {}
    for name in cache.manifest:
        for root in roots:
            if name.startswith(root):
                shard, _, rest = name[len(root):].partition("/")
                if shard.isdigit() and rest:
                    by_folder.setdefault(root + shard, []).append(name)
    return by_folder


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _indexed_digests(files: dict, shas: dict[str, str], cache: "BuildCache") -> dict[str, str]:
    """For each HTML page, the SHA-256 of what Pagefind reads of it (search.indexed_part), or "" when
    Pagefind leaves it out. A page the cache already holds keeps the digest its manifest recorded
    with those bytes; any other page is read."""
    indexed = {}
    for output, data in files.items():
        if not output.endswith(".html"):
            continue
        record = cache.manifest.get(output)
        known = record.get("indexed") if isinstance(record, dict) and record.get("sha") == shas[output] else None
        if isinstance(data, Path) and isinstance(known, str):
            indexed[output] = known
            continue
        part = search.indexed_part(data if isinstance(data, bytes) else data.read_bytes())
        indexed[output] = "" if part is None else sha256(part)
    return indexed
