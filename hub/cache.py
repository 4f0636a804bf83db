"""The build cache: pages whose inputs did not change are not rendered again, files whose bytes
did not change are not written again, and the search index is not rebuilt when no page changed.

It lives in .cache/hub/ (HUB_CACHE_DIR to move it; Netlify keeps it between deploys through
netlify-plugin-cache): `manifest.json` records, for every output file, the key of the inputs it
was made from and the SHA-256 of its bytes; `output/` holds hard links to the last site's files.
A file is reused only when its bytes still hash to what the manifest says (a cheap stat check
first), so a damaged or foreign cache is detected and rebuilt, never trusted.

A page's key covers the engine version, the Markdown configuration, the templates it uses
(with everything they include or extend), the UI strings, asset names and vocabularies, the
entry itself with its translations, and the entries it shows: the ones it refers to and the
ones that refer to it. Listing pages depend on every entry's frontmatter.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta

from hub import engine_fingerprint
from hub.config import cache_dir
from hub.markdown import markdown_config_key
from hub.pages import PagePlan
from hub.site import Site
from hub.unchanged import holds_exactly

CACHE_FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(*parts: object) -> str:
    return sha256(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))


@dataclass
class BuildCache:
    folder: Path
    manifest: dict = field(default_factory=dict)   # output path -> {"key", "sha", "size", "ino", "mtime"[, "indexed"]}
    problem: str = ""                              # why the cache was not usable, for the report
    digest: str = ""                               # SHA-256 of manifest.json as read or last written
    _identity: dict = field(default_factory=dict)  # output path -> (st_dev, st_ino) of the cached file found intact

    @classmethod
    def open(cls, root: Path) -> "BuildCache":
        folder = cache_dir(root)
        try:
            raw = (folder / "manifest.json").read_bytes()
            data = json.loads(raw)
        except FileNotFoundError:
            return cls(folder)
        except (OSError, ValueError) as exc:
            return cls(folder, problem=f"cache manifest unreadable ({exc.__class__.__name__}); rebuilding")
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("engine") != engine_fingerprint() \
                or not isinstance(data.get("files"), dict):
            return cls(folder, problem="cache from another engine version; rebuilding")
        return cls(folder, data["files"], digest=sha256(raw))

    def reusable(self, output: str, key: str) -> Path | None:
        """The cached file for `output` when it was made from `key` and is intact."""
        record = self.manifest.get(output)
        if not isinstance(record, dict) or record.get("key") != key:
            return None
        return self._intact(output, record)

    def same_bytes(self, output: str, data: bytes) -> Path | None:
        """The cached file for `output` when it holds exactly `data` (so it need not be rewritten)."""
        record = self.manifest.get(output)
        if not isinstance(record, dict) or record.get("size") != len(data) or record.get("sha") != sha256(data):
            return None
        return self._intact(output, record)

    def _intact(self, output: str, record: dict) -> Path | None:
        path = os.path.join(self.folder, "output", output)   # strings, not Paths: called for every page
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if stat.st_size != record.get("size"):
            return None
        # Same inode, size and mtime as when the manifest was written: trusted without reading,
        # as git trusts its index. The cache's files are only ever replaced (new inode), never
        # written in place, so a change of bytes under the same stat needs a deliberate act.
        if stat.st_ino != record.get("ino") or stat.st_mtime_ns != record.get("mtime"):
            try:   # restored from elsewhere (Netlify) or touched: trust only the bytes
                with open(path, "rb") as file:
                    if sha256(file.read()) != record.get("sha"):
                        return None
            except OSError:
                return None
        self._identity[output] = (stat.st_dev, stat.st_ino)
        return Path(path)

    def record(self, out_dir: Path, keys: dict[str, str], shas: dict[str, str], indexed: dict[str, str]) -> None:
        """After a successful write: bring the cache's mirror of the site up to date and save the manifest.

        The mirror is updated in place, file by file (most files are already the same inode
        as the new site's); the manifest is written last, so an interrupted update leaves
        entries whose stat no longer matches, which are then checked by their bytes.
        """
        mirror = self.folder / "output"
        mirror.mkdir(parents=True, exist_ok=True)
        for stale in set(self.manifest) - set(shas):
            with contextlib.suppress(OSError):
                (mirror / stale).unlink()
        files = {}
        made: set[str] = set()
        for output, sha in shas.items():
            source = out_dir / output
            target = mirror / output
            source_stat = source.stat()
            try:
                target_stat = target.stat()
                same = (target_stat.st_ino, target_stat.st_dev) == (source_stat.st_ino, source_stat.st_dev)
            except OSError:
                same = False
            if not same:
                folder = posixpath.dirname(output)
                if folder not in made:
                    (mirror / folder).mkdir(parents=True, exist_ok=True)
                    made.add(folder)
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)
                target_stat = target.stat()
            files[output] = {"key": keys.get(output, ""), "sha": sha, "size": target_stat.st_size,
                             "ino": target_stat.st_ino, "mtime": target_stat.st_mtime_ns}
            if output in indexed:   # an HTML page: the digest of what Pagefind reads of it (hub/build.py)
                files[output]["indexed"] = indexed[output]
        manifest = {"format": CACHE_FORMAT, "engine": engine_fingerprint(), "files": files}
        raw = json.dumps(manifest, sort_keys=True).encode("utf-8")
        temporary = self.folder / "manifest.json.tmp"
        temporary.write_bytes(raw)
        temporary.replace(self.folder / "manifest.json")
        self.manifest = files
        self.digest = sha256(raw)

    def reusable_group(self, key: str) -> dict[str, Path] | None:
        """Every cached file made from `key` (a group made together, like the site-wide files),
        when there is one and all are intact."""
        found = {output: self._intact(output, record) for output, record in self.manifest.items()
                 if isinstance(record, dict) and record.get("key") == key}
        return found if found and all(found.values()) else None

    def keys_differ(self, keys: dict[str, str]) -> bool:
        return any(record.get("key") != keys.get(output, "") for output, record in self.manifest.items())

    def site_is_current(self, out_dir: Path, files: dict) -> bool:
        """True when every file is a cached one and out_dir already holds exactly those files."""
        if set(files) != set(self.manifest) or not all(isinstance(data, Path) for data in files.values()):
            return False
        return holds_exactly(out_dir, {output: self._identity.get(output) for output in files})


def template_closure_digests(env: jinja2.Environment, names: set[str]) -> dict[str, str]:
    """Template name -> digest of its source and of every template it extends, includes or imports."""
    sources: dict[str, str] = {}
    children: dict[str, list[str]] = {}

    def visit(name: str) -> None:
        if name in sources:
            return
        source, filename, _ = env.loader.get_source(env, name)
        sources[name] = source
        # Parsed with its file name, so a syntax error names the template file and line.
        children[name] = [c for c in jinja2.meta.find_referenced_templates(env.parse(source, name, filename)) if c]
        for child in children[name]:
            visit(child)

    digests = {}
    for name in names:
        visit(name)
        closure: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in closure:
                continue
            closure.add(current)
            stack.extend(children[current])
        digests[name] = _digest(sorted((n, sources[n]) for n in closure))
    return digests


def page_keys(site: Site, plans: list[PagePlan], env: jinja2.Environment, strings: dict,
              shared: str, entry_digest: dict) -> dict[str, str]:
    """Output path -> the key of everything that page is made from (`shared`: shared_digest)."""
    config = site.config
    per_lang = {lang: _digest(shared, strings.get(lang, {})) for lang in config.languages}
    templates = template_closure_digests(env, {plan.template for plan in plans})

    # repr, not sorted JSON: several times faster, and for plain YAML data (str, int, float, bool,
    # None, list, dict) equal reprs mean equal values in the same key order.
    meta_digest = {key: sha256(repr((e.meta, [(t.lang, t.meta) for t in _translations(site, key)])).encode("utf-8"))
                   for key, e in site.entries.items()}
    everything = _digest(sorted(meta_digest.items()), {c: list(s) for c, s in site.order.items()})

    keys = {}
    related: dict[tuple, list[str]] = {}   # entry -> digests of the entries its pages show, shared by its languages
    for plan in plans:
        base = (per_lang[plan.lang], templates[plan.template], plan.kind, plan.url, repr(plan.alternates), plan.source)
        if plan.kind in ("entry", "page") and plan.key in site.entries:
            if plan.key not in related:
                related[plan.key] = sorted(meta_digest[k] for k in _related(site, plan.key))
            keys[plan.output] = _digest_strings(*base, entry_digest[plan.key], *related[plan.key])
        else:                        # home, listings, terms, search, 404: anything may show up there
            keys[plan.output] = _digest_strings(*base, everything)
    return keys


def entry_digests(site: Site) -> dict[tuple[str, str], str]:
    """Entry key -> digest of the entry's file and its translations' files (see _entry_digest)."""
    return {key: _entry_digest(entry, _translations(site, key)) for key, entry in site.entries.items()}


def site_wide_key(site: Site, plans: list[PagePlan], strings: dict, shared: str, entry_digest: dict) -> str:
    """The key of the files made from the whole site at once (sitemap, feeds, open data, redirects,
    published schemas): the settings, every entry's file and its translations' files, the order of
    the collections, the UI strings, the schemas and every page's address. A new export that reads
    anything else must add it here."""
    entries = "\n".join(sorted(f"{collection}/{slug} {digest}" for (collection, slug), digest in entry_digest.items()))
    pages = "\n".join(f"{plan.kind} {plan.lang} {plan.url} {plan.alternates!r}" for plan in plans)
    return _digest_strings(shared, _digest(strings),
                           _digest({name: schema.schema for name, schema in site.schemas.items()}),
                           _digest({c: list(s) for c, s in site.order.items()}), sha256(entries.encode("utf-8")),
                           sha256(pages.encode("utf-8")))


def shared_digest(site: Site, assets: dict) -> str:
    """What every page and site-wide file depends on: engine, Markdown settings, site settings, assets, data files, vocabularies."""
    config = site.config
    settings = (config.title, config.description, config.base_url, config.default_language, dict(config.languages),
                repr(dict(config.collections)), repr(dict(config.vocabularies)), config.repo_url, config.include_drafts)
    data_files = sorted((p.relative_to(config.root).as_posix(), sha256(p.read_bytes()))
                        for p in (config.root / "site_src" / "data").rglob("*") if p.is_file()) \
        if (config.root / "site_src" / "data").is_dir() else []
    return _digest(engine_fingerprint(), markdown_config_key(), settings, assets, data_files,
                   {name: {key: dict(term.fields) for key, term in terms.items()} for name, terms in site.terms.items()})


def _entry_digest(entry, translations: list) -> str:
    """What an entry's own pages show of it: its file and its translations' files, by their SHA-256
    (the engine that parses them is in every key). An entry made without a file (a test's) is
    taken by its parsed contents."""
    if entry.digest and all(t.digest for t in translations):
        return _digest_strings(entry.source, entry.digest, *[f"{t.lang} {t.source} {t.digest}" for t in translations])
    return _digest(entry.meta, entry.body, *[(t.lang, t.meta, t.body) for t in translations])


def _digest_strings(*parts: str) -> str:
    """Digest of strings in this order; none contains a NUL (paths, URLs, digests, reprs), so joining is unambiguous."""
    return sha256("\0".join(parts).encode("utf-8"))


def _translations(site: Site, key) -> list:
    return [site.translations[key][lang] for lang in sorted(site.translations.get(key, {}))]


def _related(site: Site, key: tuple[str, str]) -> set[tuple[str, str]]:
    """Entries a page shows besides its own: those it refers to and those that refer to it."""
    collection, slug = key
    related: set[tuple[str, str]] = set()
    schema = site.schemas.get(collection)
    if schema is not None:
        entry = site.entries[key]
        for field, target in schema.references().items():
            if target in site.config.collections:
                related.update((target, ref) for ref in site.references(entry, field))
    for referrer_collection, slugs in site.backrefs.get(key, {}).items():
        related.update((referrer_collection, s) for s in slugs)
    return {k for k in related if k in site.entries}
