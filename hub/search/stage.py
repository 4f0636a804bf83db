"""The search stage of a build: which shards of the search index the build cache still holds, and
the others made by Pagefind from the staged site (hub/search/index.py) before it is swapped in.

A shard is made from what Pagefind reads of its pages (search.indexed_part), so its cache key is
the digest of that for each of its pages: an edit re-indexes the shards of the pages whose indexed
part it changed, in each language, and nothing else. Each language also gets a shards.json listing
its shards for the search page.

The build cache is used only through BuildCache.reusable, .same_bytes and .manifest; the build
records every output, the pages' `indexed` digests included, once the site is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hub.search import index as search
from hub.source.config import SiteConfig
from hub.write import Output

if TYPE_CHECKING:   # the cache is handed in by the build; this module does not import it
    from hub.incremental.cache import BuildCache


@dataclass
class SearchPlan:
    """What the index stage has to do once the site is staged: the shards left to index."""

    config: SiteConfig
    outputs: dict[str, Output]        # the site: reused shards and listings are added here
    shards: dict[tuple[str, int], tuple[str, list[str]]] = field(default_factory=dict)  # -> (key, pages)
    stale: dict[tuple[str, int], list[str]] = field(default_factory=dict)              # to index

    def index(self, folder: Path) -> dict[str, Output]:
        """Index the stale shards from the pages staged in `folder`: their files, and the listings
        of their languages, as new outputs (also added to the site's)."""
        if not self.stale:
            return {}
        bundle = search.index_folder(folder, self.stale, self.config)
        made = {}
        for lang, shard in self.stale:
            prefix = search.shard_path(self.config, lang, shard) + "/"
            key = self.shards[lang, shard][0]
            made.update({name: Output(data, key) for name, data in bundle.items() if name.startswith(prefix)})
        for lang in sorted({lang for lang, _ in self.stale}):
            made.update(self._listing(lang, made))
        self.outputs.update(made)
        return made

    def _listing(self, lang: str, fresh: dict[str, Output]) -> dict[str, Output]:
        """The language's shards.json, from its shards' entry files (fresh ones, else the reused)."""
        entries = {}
        for (shard_lang, shard), _ in sorted(self.shards.items()):
            if shard_lang != lang:
                continue
            name = f"{search.shard_path(self.config, lang, shard)}/pagefind-entry.json"
            found = fresh.get(name) or self.outputs.get(name)
            if found is not None:
                entries[shard] = found.read()
        name = f"{search.bundle_path(self.config, lang)}/{search.LISTING}"
        key = sha256("\n".join(key for (shard_lang, _), (key, _) in sorted(self.shards.items())
                                if shard_lang == lang).encode("utf-8"))
        return {name: Output(search.listing(entries), key)}


def plan(outputs: dict[str, Output], cache: "BuildCache", config: SiteConfig) -> SearchPlan:
    """Take every shard whose pages Pagefind would read as before from the cache (into `outputs`),
    with the listing of each language whose shards are all reused; the rest is left to
    `SearchPlan.index`. Every output's `sha` is known; each page gets its `indexed` digest here."""
    _indexed_digests(outputs, cache)
    found = SearchPlan(config, outputs)
    found.shards = _shards(outputs, config)
    cached = _cached_by_folder(cache, config)
    for (lang, shard), (key, pages) in found.shards.items():
        names = cached.get(search.shard_path(config, lang, shard), [])
        reused = {name: cache.reusable(name, key) for name in names}
        if reused and all(reused.values()):
            outputs.update({name: Output(path, key, sha=cache.manifest[name]["sha"]) for name, path in reused.items()})
        else:
            found.stale[lang, shard] = pages
    for lang in sorted({lang for lang, _ in found.shards} - {lang for lang, _ in found.stale}):
        for name, listing in found._listing(lang, {}).items():
            listing.sha = sha256(listing.data)
            listing.data = cache.same_bytes(name, listing.data) or listing.data
            outputs[name] = listing
    return found


def _shards(outputs: dict[str, Output], config: SiteConfig) -> dict[tuple[str, int], tuple[str, list[str]]]:
    """Each shard with pages to index, as {(lang, shard): (cache key, pages)}. Only pages that mark
    a body are indexed, unless no page of the language does: Pagefind then reads every page whole,
    and the key is made of their bytes."""
    by_lang: dict[str, list[str]] = {}
    for name in sorted(outputs):
        if name.endswith(".html"):
            by_lang.setdefault(search.page_language(name, config), []).append(name)
    shards: dict[tuple[str, int], list[str]] = {}
    parts: dict[str, dict[str, str]] = {}
    for lang, pages in by_lang.items():
        marked = [page for page in pages if outputs[page].indexed]
        parts[lang] = {page: outputs[page].indexed if marked else outputs[page].sha for page in pages}
        for page in marked or pages:
            shards.setdefault((lang, search.shard_of(page, config)), []).append(page)
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


def _indexed_digests(outputs: dict[str, Output], cache: "BuildCache") -> None:
    """Give each HTML page the SHA-256 of what Pagefind reads of it (search.indexed_part), or ""
    when Pagefind leaves it out. A page the cache already holds keeps the digest its manifest
    recorded with those bytes; any other page is read."""
    for name, output in outputs.items():
        if not name.endswith(".html"):
            continue
        record = cache.manifest.get(name)
        known = record.get("indexed") if isinstance(record, dict) and record.get("sha") == output.sha else None
        if not output.new and isinstance(known, str):
            output.indexed = known
            continue
        part = search.indexed_part(output.read())
        output.indexed = "" if part is None else sha256(part)
