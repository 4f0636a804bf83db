"""Netlify's own CLI (npm netlify-cli, pinned in package.json; scripts/test installs it with `npm ci`)
builds a copy of the repository as Netlify would: a deploy preview with the cache plugin, production
without it, and production publishes no page from a build cache that a deploy preview forged.

`netlify build --offline` runs Netlify's build (configuration, plugins, the context's command) on this
machine; Netlify's cache folder is then .netlify/cache in the copy, which every build of the copy shares
as the site's builds share Netlify's cache. Skipped where npm is missing (scripts/test installs Debian's
nodejs and npm when it runs as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_netlify import CONTEXT_URLS, NETLIFY, clean_checkout, forge_cached_page

from conftest import REPO

pytestmark = pytest.mark.slow

NETLIFY_CLI = REPO / "node_modules" / ".bin" / "netlify"
SITE_FILES = ["index.html", "id/index.html", "404.html", "_redirects", "sitemap.xml", "pagefind/shards.json",
              "pagefind/0/pagefind.js", "id/pagefind/0/pagefind.js", "cities/makassar/index.html"]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A fresh clone of the repository with what Netlify installs because of package.json:
    `npm install $NPM_FLAGS` (the cache plugin only)."""
    if not shutil.which("npm") or not shutil.which("node"):
        pytest.skip("npm is not installed here, so Netlify's CLI cannot run (scripts/test installs "
                    "Debian's nodejs and npm when it runs as root)")
    if not NETLIFY_CLI.exists():
        pytest.skip("Netlify's CLI is not installed: run scripts/test, which installs it with npm ci")
    folder = clean_checkout(tmp_path_factory.mktemp("netlify-cli") / "repo")
    flags = NETLIFY["build"]["environment"]["NPM_FLAGS"].split()
    run = subprocess.run(["npm", "install", *flags, "--prefer-offline"], cwd=folder, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert not (folder / "node_modules" / "netlify-cli").exists()
    return folder


def netlify_build(folder: Path, context: str) -> str:
    """`netlify build --offline --context CONTEXT` on a fresh checkout: the output and cache folders a
    clone does not have are removed first; Netlify's cache folder stays, and so does the .venv that
    scripts/build made (only to spare installing it again: production removes it)."""
    shutil.rmtree(folder / NETLIFY["build"]["publish"], ignore_errors=True)
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env["URL"] = CONTEXT_URLS["production"]   # Netlify sets it; --offline leaves it unset
    run = subprocess.run([str(NETLIFY_CLI), "build", "--offline", "--context", context], cwd=folder, env=env,
                         capture_output=True, text=True, timeout=900)
    output = run.stdout + run.stderr
    assert run.returncode == 0, f"netlify build --context {context} failed:\n{output[-5000:]}"
    assert "Netlify Build Complete" in output
    return output


def assert_site_built(public: Path) -> None:
    for name in SITE_FILES:
        assert (public / name).is_file(), name
    home = (public / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{CONTEXT_URLS["production"]}/">' in home


@pytest.fixture(scope="module")
def previewed(checkout) -> tuple[Path, str, bytes]:
    """The copy after one deploy preview build: (folder, the CLI's output, the home page's bytes)."""
    output = netlify_build(checkout, "deploy-preview")
    return checkout, output, (checkout / "public/index.html").read_bytes()


def cached_copies(folder: Path, data: bytes) -> list[Path]:
    """The files in Netlify's cache folder that hold exactly `data`."""
    cache = folder / ".netlify" / "cache"
    return [p for p in cache.rglob("*") if p.is_file() and p.stat().st_size == len(data) and p.read_bytes() == data]


def test_deploy_preview_builds_and_keeps_the_cache_through_the_plugin(previewed):
    folder, output, home = previewed
    assert "netlify-plugin-cache@" in output and "from netlify.toml and package.json" in output
    assert_site_built(folder / "public")
    assert cached_copies(folder, home), "the preview saved no build cache in Netlify's cache folder"


def test_production_builds_the_same_site_cold_and_runs_no_plugin(previewed):
    folder, _, home = previewed
    output = netlify_build(folder, "production")
    assert "netlify-plugin-cache" not in output and "Loading plugins" not in output
    assert "--no-cache" in output   # the command Netlify ran
    assert_site_built(folder / "public")
    assert (folder / "public/index.html").read_bytes() == home


def test_production_publishes_no_page_a_deploy_preview_forged_in_the_cache(previewed):
    """A pull request's preview build could leave this in Netlify's cache: the home page replaced, its
    records rewritten to match. A preview restores it and publishes the forgery; production does not."""
    folder, _, home = previewed
    forged = forge_cached_page(folder / ".netlify" / "cache", home)

    output = netlify_build(folder, "deploy-preview")
    assert "Successfully restored" in output
    assert (folder / "public/index.html").read_bytes() == forged, "the forged cache must fool a build that trusts it"

    netlify_build(folder, "production")
    assert (folder / "public/index.html").read_bytes() == home
    assert not [p for p in (folder / "public").rglob("*") if p.is_file() and b"FORGED" in p.read_bytes()]
