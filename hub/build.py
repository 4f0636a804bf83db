"""The pipeline: check -> plan -> render -> index -> write, each timed as a stage of the report.

  check   load and validate everything, then build the model (hub/check.py; `build.py check` stops here)
  plan    every page and its address; two claims on one address are an error (run by `check`, so
          that the pull-request gate rejects what the build would)
  render  the pages whose recorded inputs changed (hub/core/reads.py, hub/incremental/cache.py), the rest reused from
          the cache; likewise the files made from the whole site (sitemap, feeds, open data, ...)
  index   the site is staged beside the output folder, and Pagefind indexes the shards whose pages
          changed (hub/search/stage.py)
  write   the staged site, index included, is swapped in at once, and the cache records every file

The site is one dict of `Output` records (hub/write.py), one per file: its bytes or the cache's
unchanged copy, its key, what it read, the digest of its bytes and, for a page, of what Pagefind
reads of it. Whatever fails leaves the output folder as it was.
"""

from __future__ import annotations

from hub.check import BuildReport, check  # noqa: F401  (tests import check and BuildReport from here)
from hub.core import reads
from hub.formats import cms, exports
from hub.formats.feed import feeds
from hub.formats.opendata import open_data_files
from hub.formats.redirects import netlify_redirects
from hub.incremental import unchanged
from hub.incremental.cache import SITE_WIDE, BuildCache, Inputs, plan_key, sha256
from hub.model.pages import PagePlan
from hub.render.parallel import render_pages
from hub.render.renderer import Renderer
from hub.search import index as search
from hub.search import stage as search_stage
from hub.source.config import SiteConfig, cache_dir
from hub.write import Output, hashed_assets, output_lock, staged


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


ADMIN = "admin"   # the key of the web editor's files (hub/formats/cms.py)


def _build_locked(config: SiteConfig, report: BuildReport, strict: bool, inputs: str | None) -> BuildReport:
    checked = check(config, report)
    if report.errors or (strict and report.warnings):
        return report
    site = checked.site
    cache = BuildCache.open(config.root) if config.use_cache else BuildCache(cache_dir(config.root))
    if cache.problem:
        report.notes.append(cache.problem)
    plans = checked.plans   # planned, and every output file claimed once, by `check`
    with report.stage("render"):
        outputs = _render(site, checked.strings, plans, cache, config, report)
    with report.stage("write"):
        _link_unchanged(outputs, cache)
        index = search_stage.plan(outputs, cache, config)   # the shards whose pages Pagefind reads as before are reused
        changed = bool(index.stale) or not cache.site_is_current(config.out_dir, outputs)
    if changed:   # else the site is already there: leave it alone
        with report.stage("write"):
            staging = staged({name: output.data for name, output in outputs.items()}, config.out_dir)
        with staging:
            if index.stale:
                with report.stage("index"):
                    try:
                        staging.add({name: output.data for name, output in index.index(staging.folder).items()})
                    except search.SearchError as problem:
                        report.diagnostics.append(problem.diagnostic)
                        return report
            with report.stage("write"):
                staging.publish()
    with report.stage("write"):
        for output in outputs.values():
            output.sha = output.sha or sha256(output.data)
        if changed or report.rendered or cache.differs(outputs):   # same bytes from other inputs: remember them
            cache.record(config.out_dir, outputs)
        checked.memo.save()
    report.files = len(outputs)
    report.rewritten = sum(1 for output in outputs.values() if output.new)
    report.written = True
    if inputs:
        unchanged.record(config, inputs, report, cache.digest)
    return report


def _render(site, strings: dict, plans: list[PagePlan], cache: BuildCache, config: SiteConfig,
            report: BuildReport) -> dict[str, Output]:
    """Every file of the site but the search index: the assets, each page (rendered, or reused when
    nothing it read has changed), and the files made from the whole site."""
    assets, asset_files = hashed_assets(config.root / "site_src" / "assets")
    outputs = {name: Output(data) for name, data in asset_files.items()}
    renderer = Renderer(site, strings, assets)
    cache.use(Inputs(site, strings, assets, plans))
    keys = {plan.output: plan_key(plan) for plan in plans}
    reused = {plan.output: cache.reusable(plan.output, keys[plan.output]) for plan in plans}
    dirty = [plan for plan in plans if reused[plan.output] is None]
    made = render_pages(renderer, dirty, config.jobs)
    for name, (data, tokens) in made.items():
        outputs[name] = Output(data, keys[name], tokens)
    for name, path in reused.items():
        if path is not None:
            outputs[name] = Output(path, keys[name], cache.deps(name))
    outputs.update(_made_together(SITE_WIDE, cache, lambda: _site_wide_files(renderer.site, plans, renderer.strings,
                                                                             renderer.assets)))
    outputs.update(_made_together(ADMIN, cache, lambda: cms.admin_files(config, renderer.assets)))
    report.pages, report.rendered = len(plans), len(dirty)
    return outputs


def _made_together(group: str, cache: BuildCache, make) -> dict[str, Output]:
    """Files made at once by `make()`: reused while nothing it read has changed, else made again
    with what it read recorded."""
    made = cache.reusable_group(group)
    if made:
        return {name: Output(path, group, cache.deps(name)) for name, path in made.items()}
    with reads.recording() as tokens:
        made = make()
    return {name: Output(data, group, tokens) for name, data in made.items()}


def _site_wide_files(site, plans: list, strings, assets) -> dict[str, bytes]:
    """The files made from the whole site rather than one page (`site`, `strings` and `assets` are
    hub/core/reads.py's recording objects: what these files read is their key)."""
    files = {"sitemap.xml": exports.sitemap(site, plans), "robots.txt": exports.robots(site)}
    files.update(exports.schema_files(site))
    files["_redirects"] = netlify_redirects(site)
    files.update(open_data_files(site, assets))
    files.update(feeds(site, strings))
    return files


def _link_unchanged(outputs: dict[str, Output], cache: BuildCache) -> None:
    """Give every output the SHA-256 of its bytes, and replace new bytes identical to the cached
    file by that file (not rewritten)."""
    for name, output in outputs.items():
        if not output.new:
            output.sha = cache.manifest[name]["sha"]
            continue
        output.sha = sha256(output.data)
        output.data = cache.same_bytes(name, output.data) or output.data
