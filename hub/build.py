"""The orchestrator: load and validate everything, then render, then write, timing each stage."""

from __future__ import annotations

from pathlib import Path

from hub import cms, exports, search, unchanged
from hub.cache import BuildCache, entry_digests, page_keys, sha256, shared_digest, site_wide_key
from hub.check import BuildReport, Checked, check   # noqa: F401  (check is also imported from here)
from hub.config import SiteConfig, cache_dir
from hub.feed import feeds
from hub.opendata import open_data_files
from hub.output import hashed_assets, output_lock, write_site
from hub.pages import output_conflicts, plan_pages
from hub.redirects import alias_claims, netlify_redirects
from hub.parallel import render_pages
from hub.render import Renderer
from hub.site import Site


def build(config: SiteConfig, report: BuildReport | None = None, *, strict: bool = False,
          inputs: str | None = None) -> BuildReport:
    """Build the whole site into config.out_dir, or leave it untouched when anything is wrong.

    One build at a time per output folder: a second one raises BuildLocked at once.
    `inputs`: unchanged.inputs_digest taken before the build began, recorded with the result
    so that the next build can skip everything when nothing has changed.
    """
    report = report or BuildReport()
    with output_lock(config.out_dir):
        return _build_locked(config, report, strict, inputs)


def _build_locked(config: SiteConfig, report: BuildReport, strict: bool, inputs: str | None) -> BuildReport:
    checked = check(config, report)
    if report.errors or (strict and report.warnings):
        return report
    site = checked.site
    cache = BuildCache.open(config.root) if config.use_cache else BuildCache(cache_dir(config.root))
    if cache.problem:
        report.notes.append(cache.problem)
    with report.stage("render"):
        plans = plan_pages(site)
        assets, files = hashed_assets(config.root / "site_src" / "assets")
        report.diagnostics += output_conflicts(plans, alias_claims(site))
        if report.errors:
            return report
        renderer = Renderer(site, checked.strings, assets)
        entry_digest = entry_digests(site)
        shared = shared_digest(site, assets)
        keys = page_keys(site, plans, renderer.env, checked.strings, shared, entry_digest)
        reused = {plan.output: cache.reusable(plan.output, keys[plan.output]) for plan in plans}
        dirty = [plan for plan in plans if reused[plan.output] is None]
        files.update(render_pages(renderer, dirty, config.jobs))
        files.update({output: path for output, path in reused.items() if path is not None})
        report.pages = len(plans)
        report.rendered = len(dirty)
    with report.stage("exports"):
        key = site_wide_key(site, plans, checked.strings, shared, entry_digest)
        made = cache.reusable_group(key) or _site_wide_files(site, plans, checked.strings, assets)
        files.update(made)
        keys.update({output: key for output in made})
        admin_key = cms.admin_key(config, assets)   # the web editor at /admin/: its own group and key
        admin = cache.reusable_group(admin_key) or cms.admin_files(config, assets)
        files.update(admin)
        keys.update({output: admin_key for output in admin})

    def index_written_pages(folder: Path) -> dict[str, bytes]:
        with report.stage("search"):
            bundle = search.index_folder(folder, stale, config)
            for lang, outputs in stale.items():
                key = _digest_pages(outputs, indexed, shas)
                keys.update({name: key for name in bundle if name.startswith(search.bundle_path(config, lang) + "/")})
            return bundle

    with report.stage("write"):
        shas = _unchanged_to_links(files, cache)
        indexed = _indexed_digests(files, shas, cache)
        stale = _reuse_search_bundles(files, shas, indexed, keys, cache, config)
        if stale or not cache.site_is_current(config.out_dir, files):   # nothing changed: leave the site alone
            try:
                bundle = write_site(files, config.out_dir, index_written_pages if stale else None)
            except search.SearchError as problem:
                report.diagnostics.append(problem.diagnostic)
                return report
            files.update(bundle)
            shas.update({name: sha256(data) for name, data in bundle.items()})
            cache.record(config.out_dir, keys, shas, indexed)
        elif cache.keys_differ(keys):   # same bytes from other inputs: remember the new keys, or they are remade every time
            cache.record(config.out_dir, keys, shas, indexed)
        checked.memo.save()
    report.files = len(files)
    report.rewritten = sum(1 for data in files.values() if not isinstance(data, Path))
    report.written = True
    if inputs:
        unchanged.record(config, inputs, report, cache.digest)
    return report


def _site_wide_files(site: Site, plans: list, strings: dict, assets: dict) -> dict[str, bytes]:
    """The files made from the whole site rather than one page (their inputs: cache.site_wide_key)."""
    files = {"sitemap.xml": exports.sitemap(site, plans), "robots.txt": exports.robots(site)}
    files.update(exports.schema_files(site))
    files["_redirects"] = netlify_redirects(site)
    files.update(open_data_files(site, assets))
    files.update(feeds(site, strings))
    return files


def _pages_by_language(files: dict, config: SiteConfig) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = {lang: [] for lang in config.languages}
    for output in files:
        if output.endswith(".html"):
            by_lang[search.page_language(output, config)].append(output)
    return by_lang


def _indexed_digests(files: dict, shas: dict[str, str], cache: BuildCache) -> dict[str, str]:
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


def _reuse_search_bundles(files: dict, shas: dict[str, str], indexed: dict[str, str], keys: dict[str, str],
                          cache: BuildCache, config: SiteConfig) -> dict[str, list[str]]:
    """Put the cached bundle of each language where what Pagefind reads of its pages did not change
    into `files` (and their SHA-256 into `shas`); the languages left to index, with their pages
    (Pagefind reads them once the site is written, before it is swapped in)."""
    stale = {}
    for lang, outputs in _pages_by_language(files, config).items():
        folder = search.bundle_path(config, lang) + "/"
        key = _digest_pages(outputs, indexed, shas)
        keys.update({name: key for name in cache.manifest if name.startswith(folder)})
        bundle = {name: cache.reusable(name, key) for name in cache.manifest if name.startswith(folder)}
        if bundle and all(bundle.values()):
            files.update(bundle)
            shas.update({name: cache.manifest[name]["sha"] for name in bundle})
        else:
            stale[lang] = outputs
    return stale


def _digest_pages(outputs: list[str], indexed: dict[str, str], shas: dict[str, str]) -> str:
    """What a language's search index is made from: what Pagefind reads of each of its pages; their
    bytes when no page marks a body, as Pagefind then reads every page whole."""
    parts = indexed if any(indexed[output] for output in outputs) else shas
    return sha256("\n".join(f"{output} {parts[output]}" for output in sorted(outputs)).encode("utf-8"))


def _unchanged_to_links(files: dict, cache: BuildCache) -> dict[str, str]:
    """Replace bytes identical to the cached file by that file (not rewritten); SHA-256 of every file."""
    shas = {}
    for output, data in files.items():
        if isinstance(data, Path):
            shas[output] = cache.manifest[output]["sha"]
            continue
        shas[output] = sha256(data)
        same = cache.same_bytes(output, data)
        if same is not None:
            files[output] = same
    return shas
