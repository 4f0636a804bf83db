"""The orchestrator: load and validate everything, then render, then write, timing each stage."""

from __future__ import annotations

from pathlib import Path

from hub import exports, reads, search, search_stage, unchanged
from hub.cache import SITE_WIDE, BuildCache, Inputs, plan_key, sha256
from hub.check import BuildReport, Checked, check   # noqa: F401  (check is also imported from here)
from hub.config import SiteConfig, cache_dir
from hub.feed import feeds
from hub.opendata import open_data_files
from hub.output import hashed_assets, output_lock, write_site
from hub.pages import output_conflicts, plan_pages
from hub.redirects import alias_claims, netlify_redirects
from hub.parallel import render_pages
from hub.render import Renderer


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
        cache.use(Inputs(site, checked.strings, assets, plans))
        keys = {plan.output: plan_key(plan) for plan in plans}
        reused = {plan.output: cache.reusable(plan.output, keys[plan.output]) for plan in plans}
        dirty = [plan for plan in plans if reused[plan.output] is None]
        deps: dict[str, object] = {}   # output -> the tokens of what it read (hub/reads.py)
        for output, (data, tokens) in render_pages(renderer, dirty, config.jobs).items():
            files[output], deps[output] = data, tokens
        for output, path in reused.items():
            if path is not None:
                files[output], deps[output] = path, cache.deps(output)
        report.pages = len(plans)
        report.rendered = len(dirty)
    with report.stage("exports"):
        made = cache.reusable_group(SITE_WIDE)
        if made:
            deps.update({output: cache.deps(output) for output in made})
        else:
            with reads.recording() as tokens:
                made = _site_wide_files(renderer.site, plans, renderer.strings, renderer.assets)
            deps.update({output: tokens for output in made})
        remade = bool(dirty) or any(not isinstance(data, Path) for data in made.values())
        files.update(made)
        keys.update({output: SITE_WIDE for output in made})
    with report.stage("write"):
        shas = _unchanged_to_links(files, cache)
        index = search_stage.plan(files, shas, keys, cache, config)
        if index.stale or not cache.site_is_current(config.out_dir, files):   # nothing changed: leave the site alone
            try:
                bundle = write_site(files, config.out_dir, index.indexer(report))
            except search.SearchError as problem:
                report.diagnostics.append(problem.diagnostic)
                return report
            files.update(bundle)
            shas.update({name: sha256(data) for name, data in bundle.items()})
            cache.record(config.out_dir, keys, shas, index.indexed, deps)
        elif remade or cache.keys_differ(keys):   # same bytes from other inputs: remember them, or they are remade every time
            cache.record(config.out_dir, keys, shas, index.indexed, deps)
        checked.memo.save()
    report.files = len(files)
    report.rewritten = sum(1 for data in files.values() if not isinstance(data, Path))
    report.written = True
    if inputs:
        unchanged.record(config, inputs, report, cache.digest)
    return report


def _site_wide_files(site, plans: list, strings, assets) -> dict[str, bytes]:
    """The files made from the whole site rather than one page (`site`, `strings` and `assets` are
    hub/reads.py's recording objects: what these files read is their key)."""
    files = {"sitemap.xml": exports.sitemap(site, plans), "robots.txt": exports.robots(site)}
    files.update(exports.schema_files(site))
    files["_redirects"] = netlify_redirects(site)
    files.update(open_data_files(site, assets))
    files.update(feeds(site, strings))
    return files


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
