"""Shared fixtures: fixture sites are assembled from the repository's engine files and a content folder."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(REPO))

os.environ["TZ"] = "UTC"
os.environ["LC_ALL"] = "C.UTF-8"
if hasattr(time, "tzset"):
    time.tzset()

SITE_FILES = ["site.yaml", "schemas", "templates", "content/_data", "site_src/assets", "site_src/i18n", "site_src/data"]


BROWSER_FIXTURES = {"browser", "page", "playwright"}   # tests/browser.py's, tests/test_search_browser.py's
SLOW_FIXTURES = {"bundled_public"}                    # a build of the repository's own content


def pytest_collection_modifyitems(items):
    """Every test that launches Chromium (through a browser fixture) is marked `browser`, and every test
    that reads the build of the repository's own content is marked `slow`."""
    for item in items:
        parameters = getattr(getattr(item, "callspec", None), "params", {})   # a parametrized `page` is no browser page
        fixtures = set(getattr(item, "fixturenames", ())) - set(parameters)
        if BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
        if SLOW_FIXTURES & fixtures:
            item.add_marker(pytest.mark.slow)


def make_site(destination: Path, fixture: str | None = "small") -> Path:
    """A site root in `destination`: the repo's config, schemas, templates and assets plus a fixture's content."""
    for name in SITE_FILES:
        source = REPO / name
        target = destination / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    if fixture:
        shutil.copytree(FIXTURES / fixture, destination, dirs_exist_ok=True)
    return destination


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """The small fixture site, never built: for tests of `check`, or of a site's first build."""
    return make_site(tmp_path / "site")


@pytest.fixture(scope="session")
def small_built(tmp_path_factory) -> Path:
    """The small fixture site after one cold build (public/ and its .cache/), once per test run.
    Tests only read it; a test that changes a built site takes `built_root`, its own copy."""
    from helpers import run_build

    root = make_site(tmp_path_factory.mktemp("small-built") / "site")
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:   # no event loop there (Playwright's
        report = pool.submit(run_build, root).result()                  # may run in the main thread)
    assert report.written, [d.text() for d in report.diagnostics]
    return root


@pytest.fixture
def built_root(small_built: Path, tmp_path: Path) -> Path:
    """A copy of `small_built`, public/ and .cache/ included: the test's first build renders nothing.
    The copy and that build cost about a third of the cold build they stand for. A plain copy: one
    that keeps public/'s hard links to the cache (as `cp -a` does) is, today, a site on which the
    no-change build never applies, as the manifest keeps the old inodes (hub/incremental/cache.py)."""
    return Path(shutil.copytree(small_built, tmp_path / "site", symlinks=True))


@pytest.fixture(scope="session")
def playwright():
    """Playwright's driver, started once per test run, on the first test that needs a browser."""
    from browser import CHROMIUM

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    """Debian's Chromium, launched once per test run; every test opens its own context (a fresh profile,
    as a new browser would have) and closes it. While it is open an event loop runs in the main thread:
    the build's search stage then runs its own loop in a thread (hub/search.py's _run)."""
    from browser import CHROMIUM, CHROMIUM_ARGS

    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def bundled_model():
    """The model of the repository's own content, checked once per test run."""
    from hub.build import BuildReport, check
    from hub.source.config import load_config

    checked = check(load_config(REPO), BuildReport())
    assert checked.site is not None
    return checked.site


@pytest.fixture(scope="session")
def bundled_public(tmp_path_factory) -> Path:
    """The repository's own content built once per test run, as `build.py build` builds it, into a
    temporary folder (and with a cache of its own: no test writes into the checkout's .cache/)."""
    scratch = tmp_path_factory.mktemp("bundled")
    env = {**os.environ, "HUB_CACHE_DIR": str(scratch / "cache")}
    result = subprocess.run([sys.executable, "build.py", "build", "--no-cache", "--out", str(scratch / "public")],
                            cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return scratch / "public"
