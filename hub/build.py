"""The orchestrator: load and validate everything, then render, then write, timing each stage."""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from hub import exports, search
from hub.config import SiteConfig
from hub.content import load_entries, load_vocabularies
from hub.diagnostics import ERROR, Diagnostic
from hub.i18n import load_strings
from hub.output import hashed_assets, output_lock, write_site
from hub.pages import output_conflicts, plan_pages
from hub.redirects import alias_claims, netlify_redirects
from hub.render import Renderer
from hub.schemas import load_schemas
from hub.site import Site, build_site
from hub.validate import validate


@dataclass
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)   # (collection, lang) -> entries
    pages: int = 0
    files: int = 0
    written: bool = False
    progress: object = None   # called with (stage, seconds) as each stage ends, for the CLI's progress lines

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            if self.progress:
                self.progress(name, seconds)


@dataclass(frozen=True)
class Checked:
    """What validation hands on: the model, the UI strings, and the report so far."""

    site: Site | None
    strings: dict


def check(config: SiteConfig, report: BuildReport) -> Checked:
    """Load and validate everything; never writes."""
    with report.stage("load"):
        loaded = load_entries(config)
        vocabularies, vocab_problems = load_vocabularies(config)
        strings, string_problems = load_strings(config)
        schemas = load_schemas(config)
    report.diagnostics += loaded.diagnostics + vocab_problems + string_problems
    for entry in loaded.entries:
        report.counts[(entry.collection, entry.lang)] += 1
    with report.stage("validate"):
        report.diagnostics += validate(loaded.entries, vocabularies, schemas, config)
    if report.errors:
        return Checked(None, strings)
    with report.stage("model"):
        site = build_site(loaded.entries, vocabularies, schemas, config)
    return Checked(site, strings)


def build(config: SiteConfig, report: BuildReport | None = None, *, strict: bool = False) -> BuildReport:
    """Build the whole site into config.out_dir, or leave it untouched when anything is wrong.

    One build at a time per output folder: a second one raises BuildLocked at once.
    """
    report = report or BuildReport()
    with output_lock(config.out_dir):
        return _build_locked(config, report, strict)


def _build_locked(config: SiteConfig, report: BuildReport, strict: bool) -> BuildReport:
    checked = check(config, report)
    if report.errors or (strict and report.warnings):
        return report
    site = checked.site
    with report.stage("render"):
        plans = plan_pages(site)
        assets, files = hashed_assets(config.root / "site_src" / "assets")
        report.diagnostics += output_conflicts(plans, alias_claims(site))
        if report.errors:
            return report
        renderer = Renderer(site, checked.strings, assets)
        for plan in plans:
            files[plan.output] = renderer.render(plan).encode("utf-8")
        report.pages = len(plans)
    with report.stage("exports"):
        files["sitemap.xml"] = exports.sitemap(site, plans)
        files["robots.txt"] = exports.robots(site)
        files.update(exports.schema_files(site))
        files["_redirects"] = netlify_redirects(site)
    with report.stage("search"):
        try:
            files.update(search.index_site(files, config))
        except search.SearchError as problem:
            report.diagnostics.append(problem.diagnostic)
            return report
    with report.stage("write"):
        write_site(files, config.out_dir)
    report.files = len(files)
    report.written = True
    return report
