"""Cached, incremental and parallel builds give exactly what a cold serial build gives."""

from __future__ import annotations

import json
import shutil

import pytest

import hub
import hub.render.parallel
import hub.render.renderer
import hub.search.index
from hub.formats.opendata import API_FOLDER

from conftest import REPO
from helpers import CITY, run_build, slow_but, snapshot, write

PROJECT = """---
title: Flood sensors
summary: A project that the cache tests add and change.
sources: [https://example.org/flood]
city: da-nang
focus_areas: [quality-environment]
focus_areas_basis: editorial
---

Sensors along the river.
"""


def cold(root, tmp_path, name="cold"):
    """A cold, serial build of the same input, for comparison."""
    out = tmp_path / name
    report = run_build(root, use_cache=False, jobs=1, out_dir=out)
    assert report.written, report.diagnostics
    return snapshot(out)


def edit(root, rel, old, new):
    path = root / rel
    text = path.read_text()
    assert old in text, f"{rel} no longer holds {old!r}: the edit would change nothing"
    path.write_text(text.replace(old, new))


EDITS = {
    "body": lambda root: edit(root, "content/cities/da-nang.md", "three pilot cities", "three pilot cities, by the sea"),
    "title": lambda root: edit(root, "content/cities/da-nang.md", "title: Da Nang", "title: Đà Nẵng"),
    "new entry": lambda root: write(root, "content/projects/flood-sensors.md", PROJECT),
    "translation": lambda root: write(root, "content/cities/da-nang.id.md",
                                      "---\ntitle: Da Nang\nsummary: Kota pesisir di Vietnam tengah.\n---\n\nIsi.\n"),
    "template": lambda root: edit(root, "templates/city.html", "{% block facts %}\n",
                                   "{% block facts %}\n    <dt>City</dt> <dd>{{ entry.slug }}</dd>\n"),
    "ui string": lambda root: edit(root, "site_src/i18n/id.yaml", "nav_cities: Kota", "nav_cities: Kota-kota"),
    "stylesheet": lambda root: edit(root, "site_src/assets/css/site.css", "* { box-sizing", "*, ::before { box-sizing"),
    "vocabulary": lambda root: edit(root, "content/_data/countries.yaml", "names: {id: Vietnam}",
                                    "names: {id: Viet Nam}"),
}


@pytest.mark.slow
@pytest.mark.parametrize("sequence", [["body"], ["title", "new entry"], ["translation", "template"],
                                      ["ui string", "stylesheet", "vocabulary"], ["new entry", "body", "title"]])
def test_incremental_builds_equal_a_cold_serial_build(built_root, tmp_path, sequence):
    assert run_build(built_root).written
    for step, name in enumerate(sequence):
        EDITS[name](built_root)
        report = run_build(built_root)
        assert report.written, report.diagnostics
        assert snapshot(built_root / "public") == cold(built_root, tmp_path, f"cold{step}"), name


@pytest.mark.slow
def test_no_change_rebuild_renders_and_writes_nothing(built_root):
    assert run_build(built_root).written
    before = {p: p.stat().st_ino for p in (built_root / "public").rglob("*") if p.is_file()}
    report = run_build(built_root)
    assert (report.rendered, report.rewritten) == (0, 0)
    assert {p: p.stat().st_ino for p in (built_root / "public").rglob("*") if p.is_file()} == before


def test_body_edit_renders_only_that_entry(built_root):
    assert run_build(built_root).written
    EDITS["body"](built_root)
    report = run_build(built_root)
    # its own page: it has no page in the other languages, and the listings show only title and summary
    assert report.rendered == 1


# Da Nang has no translation: its body is indexed in English only, and it has no page in the other
# languages; a city template shows in the languages that have city pages (Makassar's
# Indonesian one); a translation is indexed in its language and takes its English page out of the
# Indonesian search (the page's shown_in filter, hub/model/pages.py)
@pytest.mark.parametrize("change, indexed", slow_but([("stylesheet", set()), ("template", {"en", "id"}), ("body", {"en"}),
                                                     ("translation", {"en", "id"})]))
def test_a_languages_index_is_rebuilt_only_when_what_pagefind_reads_of_its_pages_changed(
        built_root, tmp_path, monkeypatch, change, indexed):
    assert run_build(built_root).written
    languages = []
    real = hub.search.index.index_folder

    def index_folder(folder, shards, config):   # Pagefind as ever, noting the languages it is asked to index
        languages.extend(lang for lang, _ in shards)
        return real(folder, shards, config)

    monkeypatch.setattr(hub.search.index, "index_folder", index_folder)
    EDITS[change](built_root)             # every page's stylesheet link; the city's page; its body; its translation
    report = run_build(built_root)
    assert report.written and set(languages) == indexed
    assert snapshot(built_root / "public") == cold(built_root, tmp_path)


@pytest.mark.slow
def test_pages_cached_without_what_pagefind_reads_are_read_again_not_reindexed(built_root, tmp_path):
    assert run_build(built_root).written
    manifest = built_root / ".cache/hub/manifest.json"
    data = json.loads(manifest.read_text())
    for record in data["files"].values():   # as an older engine left it
        record.pop("indexed", None)
    manifest.write_text(json.dumps(data))
    EDITS["stylesheet"](built_root)
    report = run_build(built_root)
    assert report.written and "index" not in report.timings
    assert snapshot(built_root / "public") == cold(built_root, tmp_path)


@pytest.mark.slow
def test_deleting_an_entry_removes_its_page_and_updates_listings(built_root, tmp_path):
    assert run_build(built_root).written
    (built_root / "content/projects/makassar-home-care.md").unlink()
    (built_root / "content/cities/makassar.md").write_text(
        (built_root / "content/cities/makassar.md").read_text().replace(
            "[Dottoro'ta](../projects/makassar-home-care.md)", "Dottoro'ta"))
    (built_root / "content/cities/makassar.id.md").write_text(
        (built_root / "content/cities/makassar.id.md").read_text().replace(
            "[Dottoro'ta](../projects/makassar-home-care.md)", "Dottoro'ta"))
    assert run_build(built_root).written
    public = built_root / "public"
    assert not (public / "projects/makassar-home-care").exists()
    for page in ("projects/index.html", "cities/makassar/index.html", "countries/id/index.html",
                 "focus-areas/health-and-well-being/index.html", "id/projects/index.html", "sitemap.xml"):
        assert b"makassar-home-care" not in (public / page).read_bytes(), page
    assert snapshot(public) == cold(built_root, tmp_path)


@pytest.mark.slow
def test_corrupted_cache_file_is_detected_and_rebuilt(built_root, tmp_path):
    assert run_build(built_root).written
    cached = built_root / ".cache/hub/output/cities/makassar/index.html"
    data = cached.read_bytes()
    cached.unlink()                                   # a new inode: the stat check fails, the bytes decide
    cached.write_bytes(data.replace(b"Makassar", b"Mxkassar"))
    report = run_build(built_root)
    assert report.rendered >= 1
    assert snapshot(built_root / "public") == cold(built_root, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["{not json", json.dumps({"format": 999, "engine": "x", "files": {}}), ""])
def test_damaged_or_foreign_manifest_is_ignored(built_root, tmp_path, damage):
    assert run_build(built_root).written
    (built_root / ".cache/hub/manifest.json").write_text(damage)
    report = run_build(built_root)
    assert report.written and report.rendered == report.pages
    assert report.notes
    assert snapshot(built_root / "public") == cold(built_root, tmp_path)


@pytest.mark.slow
def test_parallel_output_is_identical_to_serial(site_root, tmp_path, monkeypatch):
    monkeypatch.setattr(hub.render.parallel, "PARALLEL_MIN_PAGES", 1)
    for i in range(6):
        write(site_root, f"content/cities/extra-{i}.md", CITY.replace("Testville", f"Testville {i}"))
    assert run_build(site_root, use_cache=False, jobs=2, out_dir=tmp_path / "parallel").written
    assert snapshot(tmp_path / "parallel") == cold(site_root, tmp_path)


@pytest.mark.slow
def test_cache_lives_where_hub_cache_dir_says(site_root, tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert run_build(site_root).written
    assert (tmp_path / "elsewhere/manifest.json").is_file()
    assert run_build(site_root).rendered == 0


@pytest.mark.slow
def test_no_change_rebuild_draws_no_map(built_root, monkeypatch):
    assert run_build(built_root).written

    def refuse(view):
        raise AssertionError("the map was drawn although no page showing it was rendered")

    monkeypatch.setattr(hub.render.renderer, "city_map_svg", refuse)
    assert run_build(built_root).rendered == 0


@pytest.mark.slow
def test_site_wide_files_are_reused_and_follow_every_edit(built_root, tmp_path):
    assert run_build(built_root).written
    assert run_build(built_root).rewritten == 0      # sitemap, feeds, open data: taken from the cache
    EDITS["title"](built_root)
    assert run_build(built_root).written
    assert "Đà Nẵng".encode() in (built_root / f"public/{API_FOLDER}/cities.json").read_bytes()
    assert snapshot(built_root / "public") == cold(built_root, tmp_path)


@pytest.mark.slow
def test_an_edit_no_page_reads_renders_nothing(built_root):
    """Pages read an entry's parsed fields, not its file: a YAML comment changes no page."""
    assert run_build(built_root).written
    edit(built_root, "content/cities/da-nang.md", "title: Da Nang", "title: Da Nang  # the city's usual spelling")
    assert run_build(built_root).rendered == 0


@pytest.mark.slow
def test_new_digests_for_the_same_bytes_are_remembered(built_root):
    """An edit that changes what pages read but not what they show (the order of two fields)
    still updates the manifest, or the pages would be rendered again on every build."""
    assert run_build(built_root).written
    path = built_root / "content/cities/da-nang.md"
    text = path.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    path.write_text(text.replace(title, "\0").replace(summary, title).replace("\0", summary))
    report = run_build(built_root)
    assert report.rendered >= 2 and report.rewritten == 0
    assert run_build(built_root).rendered == 0


def test_engine_fingerprint_covers_every_file_under_hub(tmp_path):
    """Every build cache is keyed by the engine's fingerprint: editing a module of a subpackage, or the
    schema of site.yaml, must change it (a glob of hub/*.py alone would see neither)."""
    engine = tmp_path / "hub"
    shutil.copytree(REPO / "hub", engine, ignore=shutil.ignore_patterns("__pycache__"))
    assert hub.files_digest(engine) == hub.engine_fingerprint()   # the fingerprint is this digest of hub/
    for rel in ("render/map.py", "incremental/cache.py", "source/site_schema.yaml"):
        path = engine / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert hub.files_digest(engine) != hub.engine_fingerprint(), rel
        path.write_bytes(original)
    assert hub.files_digest(engine) == hub.engine_fingerprint()
