"""Shared fixtures: fixture sites are assembled from the repository's engine files and a content folder."""

from __future__ import annotations

import os
import shutil
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
