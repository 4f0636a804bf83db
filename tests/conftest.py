"""Shared fixtures: fixture sites are assembled from the repository's engine files and a content folder."""

from __future__ import annotations

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


def pytest_collection_modifyitems(items):
    """Every test that launches Chromium (through a browser fixture) is marked `browser`."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


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
    return make_site(tmp_path / "site")


@pytest.fixture(scope="session")
def bundled_model():
    """The model of the repository's own content, checked once per test run."""
    from hub.build import BuildReport, check
    from hub.config import load_config

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
