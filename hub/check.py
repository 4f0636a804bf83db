"""The first half of the pipeline: load and validate everything, build the model and plan the pages.
Writes nothing.

`build.py check` runs only this, and it is the pull-request gate: whatever the build would reject
in the checkout (content, schemas, site.yaml, templates, two claims on one output file) it reports
here, at the line that causes it. So it compiles every template (with Jinja, in the environment the
pages are rendered in) but renders none, and imports nothing else the later stages need (Markdown,
the search indexer, the worker pool); hub.build continues from what it hands on. What only the
build can find (BUILD_ONLY_CODES) is about the machine it runs on, or a template failing on one
page's data while rendering.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from hub.core.diagnostics import ERROR, Diagnostic, HubError
from hub.formats.redirects import alias_claims
from hub.incremental.memo import Memo, memo_salt
from hub.model.pages import PagePlan, output_conflicts, plan_pages
from hub.model.site import Site, build_site
from hub.render.templates import template_problems
from hub.source.config import SiteConfig, cache_dir
from hub.source.entries import load_entries, load_vocabularies
from hub.source.schemas import load_schemas, settings_problems
from hub.source.strings import load_strings
from hub.validate import validate

# The diagnostic codes the build can emit and `check` cannot, and why (tests/test_gate.py holds
# every other code the build can emit to being emitted by `check` too).
BUILD_ONLY_CODES = {
    "output": "the output folder cannot be written, or another build holds it: the machine, not the checkout",
    "search": "Pagefind is missing or fails: the machine, not the checkout",
    "template-render": "a template fails on one page's data while rendering; check compiles every template "
                       "but renders no page",
}


@dataclass
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)   # (collection, lang) -> entries
    pages: int = 0
    rendered: int = 0       # pages rendered this time (the others came from the cache)
    files: int = 0
    rewritten: int = 0      # files written with new bytes (the others were linked from the cache)
    notes: list[str] = field(default_factory=list)
    written: bool = False
    progress: object = None   # called with (stage, seconds) as each stage ends, for the CLI's progress lines
    _inner: list = field(default_factory=list, repr=False)   # time of the stages inside each open stage

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @contextmanager
    def stage(self, name: str):
        """Time a stage; a stage inside another (search inside write) counts only towards its own."""
        start = time.perf_counter()
        self._inner.append(0.0)
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            inner = self._inner.pop()
            if self._inner:
                self._inner[-1] += seconds
            self.timings[name] = self.timings.get(name, 0.0) + seconds - inner
            if self.progress:
                self.progress(name, seconds - inner)


@dataclass(frozen=True)
class Checked:
    """What validation hands on: the model, the UI strings, and the report so far."""

    site: Site | None
    strings: dict
    memo: Memo | None = None   # saved by a build once it has written the site; `check` writes nothing
    plans: list[PagePlan] = field(default_factory=list)   # every page to render, none claiming another's file


def check(config: SiteConfig, report: BuildReport) -> Checked:
    """Load and validate everything, compile the templates and plan the pages; never writes.

    A file that stops the loading (a schema that does not parse) is reported like any other problem.
    """
    try:
        return _check_content(config, report)
    except HubError as problem:
        report.diagnostics += problem.diagnostics
        with report.stage("templates"):
            report.diagnostics += template_problems(config)
        return Checked(None, {})


def _check_content(config: SiteConfig, report: BuildReport) -> Checked:
    with report.stage("load"):
        schemas = load_schemas(config)
        report.diagnostics += settings_problems(config, schemas)
        memo = Memo(cache_dir(config.root) / "entries.json" if config.use_cache else None, memo_salt(schemas))
        loaded = load_entries(config, memo)
        vocabularies, vocab_problems = load_vocabularies(config)
        strings, string_problems = load_strings(config)
    report.diagnostics += loaded.diagnostics + vocab_problems + string_problems
    for entry in loaded.entries:
        report.counts[(entry.collection, entry.lang)] += 1
    with report.stage("validate"):
        report.diagnostics += validate(loaded.entries, vocabularies, schemas, config, memo)
    content_errors = report.errors
    with report.stage("templates"):
        report.diagnostics += template_problems(config)
    if content_errors:   # no model to plan; a broken template alone does not stop the planning
        return Checked(None, strings, memo)
    with report.stage("model"):
        site = build_site(loaded.entries, vocabularies, schemas, config)
    with report.stage("plan"):
        plans = plan_pages(site)
        report.diagnostics += output_conflicts(plans, alias_claims(site))
    if report.errors:
        return Checked(None, strings, memo)
    return Checked(site, strings, memo, plans)
