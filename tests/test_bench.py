"""The benchmark's own machinery: a deterministic corpus that the hub accepts, and a runner whose output parses.

Nothing here asserts a timing; timings live in the benchmark's report.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import corpus, runner
from bench.measure import parse_summary
from bench.peers import parse_rows
from bench.search import search_payloads

from conftest import make_site
from helpers import run_build

REPO = Path(__file__).resolve().parent.parent


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_entries_and_seed_give_byte_identical_corpus(tmp_path):
    corpus.make(40, tmp_path / "a", seed=3)
    corpus.make(40, tmp_path / "b", seed=3)
    corpus.make(40, tmp_path / "c", seed=4)
    a, b, c = (tree_digest(tmp_path / name / "content") for name in "abc")
    assert a == b
    assert a != c


def test_corpus_has_every_collection_and_indonesian_translations_of_title_summary_body_only(tmp_path):
    made = corpus.make(200, tmp_path, seed=1)
    content = tmp_path / "content"
    assert (made.cities, made.projects, made.meetings) == (16, 180, 4)
    translations = sorted(content.rglob("*.id.md"))
    assert len(translations) == made.translations and 20 <= made.translations <= 60   # about 20%
    for path in translations:
        assert path.with_name(path.name.replace(".id.md", ".md")).is_file()
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        assert [line.split(":")[0] for line in front.splitlines()] == ["title", "summary", "source_digest"]


def test_corpus_uses_the_hubs_vocabularies(tmp_path):
    vocab = corpus.load_vocabularies(REPO / "content" / "_data")
    corpus.make(60, tmp_path, seed=1)
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "content" / "cities").glob("*.md"))
    assert all(f"country: {code}\n" in text for code, _, _ in vocab.countries[:4])
    assert any(f"- {slug}\n" in text for slug in vocab.focus_areas)


@pytest.mark.slow
def test_generated_site_passes_check_with_no_diagnostics(tmp_path):
    root = tmp_path / "site"
    runner.prepare_root(root, 60, seed=1, translated=0.2)
    done = subprocess.run([sys.executable, "build.py", "check"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "no problems found", done.stdout


def test_parse_summary_reads_pages_files_and_every_stage():
    text = ("building site -> /tmp/x/public\n  load        0.06s\n"
            "entries: cities/en 2, projects/en 27\n"
            "pages: 104 pages, 110 files written; warnings: 0\n"
            "time: load 0.06s, validate 0.02s, model 0.00s, render 0.43s, exports 0.00s, search 1.25s, "
            "write 0.03s; total 1.79s\n")
    summary = parse_summary(text)
    assert (summary.pages, summary.files) == (104, 110)
    assert summary.stages == {"load": 0.06, "validate": 0.02, "model": 0.0, "render": 0.43, "exports": 0.0,
                              "search": 1.25, "write": 0.03}
    assert parse_summary("no problems found\n").stages == {}


def test_parse_rows_reads_the_peers_table():
    text = ("| generator            |   wall s |     min-max s | peak MiB |  pages |\n"
            "| -------------------- | -------: | ------------: | -------: | -----: |\n"
            "| hugo                 |     2.00 |     1.52-2.01 |      162 |   1073 |\n"
            "| hugo+pagefind        |     5.35 |     3.98-5.59 |      250 |        |\n")
    rows = parse_rows(text)
    assert rows["hugo"] == {"wall": 2.0, "span": "1.52-2.01", "peak_mib": 162.0, "pages": 1073}
    assert rows["hugo+pagefind"]["pages"] is None


@pytest.mark.slow
def test_tiny_run_reports_cold_build_check_and_pagefind_cli(tmp_path):
    work = tmp_path / "work"
    done = subprocess.run([sys.executable, "-m", "bench", "--entries", "30", "--repeats", "1",
                           "--scenarios", "cold,check,pagefind-cli", "--work", str(work)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "| cold |" in done.stdout and "| check |" in done.stdout and "| pagefind-cli |" in done.stdout
    assert "| time: search stage of a cold build / CLI wall |" in done.stdout
    data = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert list(data["scenarios"]) == ["cold", "check", "pagefind-cli"]
    cli = data["scenarios"]["pagefind-cli"][0]
    assert cli["wall"] > 0 and cli["peak_kib"] > 0
    assert not (work / "site" / ".bench-pagefind-cli").exists(), "the CLI's index is not left in the site"
    cold = data["scenarios"]["cold"][0]
    assert cold["pages"] > 30 and cold["out_files"] >= cold["pages"] and cold["out_bytes"] > 0
    assert {"load", "validate", "render", "write"} <= set(cold["stages"])
    assert cold["peak_kib"] > 0 and cold["wall"] > 0
    assert 0 <= cold["pagefind_kib"] <= cold["peak_kib"]   # sampled: a short Pagefind run may fall between samples
    for bundle in cold["search"]:   # one per language when the build writes a Pagefind index
        assert 0 < bundle["chunk_bytes"] <= bundle["query_bytes"] < bundle["first_search_bytes"]
        assert bundle["shards"] == 4 and bundle["first_search_requests"] > 4 * 3
        # a language other than English also merges the English index into its first search
        assert (bundle["merged_requests"] > 4 * 3) == (bundle["language"] != "en")
    assert data["scenarios"]["check"][0]["stages"] == {}


@pytest.mark.slow
def test_edits_are_undone_after_each_repeat(tmp_path):
    root = tmp_path / "site"
    runner.prepare_root(root, 30, seed=1, translated=0.2)
    before = tree_digest(root / "content") | tree_digest(root / "templates")
    runner.run_scenarios(root, sys.executable, ["edit-entry", "edit-template"], repeats=1, log=lambda line: None)
    assert tree_digest(root / "content") | tree_digest(root / "templates") == before


@pytest.mark.slow
def test_search_payload_counts_the_first_search_and_a_query_after_it(tmp_path):
    from bench.search import query_cost

    root = make_site(tmp_path / "site")
    assert run_build(root).written
    payloads = search_payloads(root / "public")   # one per language, the default language first
    english, indonesian = payloads[0], next(p for p in payloads if p.language == "id")
    cost = query_cost(root / "public/pagefind", "flood")
    assert (english.language, indonesian.language, english.shards) == ("en", "id", 4)
    assert english.first_search_bytes == cost.first_search_bytes + cost.query_bytes
    assert english.first_search_requests == len(cost.first_search) + len(cost.per_query) > 4 * 3
    assert english.query_bytes == cost.query_bytes and english.chunk_bytes <= english.query_bytes
    assert english.within_targets and indonesian.within_targets


def test_tree_memory_is_also_summed_for_the_processes_of_one_name():
    from bench.measure import tree_rss_kib

    child = subprocess.Popen(["sleep", "30"])
    try:
        for _ in range(50):   # until the child has exec'd sleep
            total, sleeping = tree_rss_kib(os.getpid(), "sleep")
            if sleeping:
                break
            time.sleep(0.05)
        assert 0 < sleeping < total
        assert tree_rss_kib(os.getpid(), "no-such-process")[1] == 0
    finally:
        child.kill()
        child.wait()


@pytest.mark.slow
def test_bundled_content_with_a_huge_entry_reports_issue_6s_limit(tmp_path):
    work = tmp_path / "work"
    done = subprocess.run([sys.executable, "-m", "bench", "--bundled", "--huge-mb", "0.3", "--repeats", "1",
                           "--scenarios", "cold,check", "--work", str(work)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bundled content plus one 0.3 MB entry" in done.stdout
    assert "Issue 6's limit with the 0.3 MB entry" in done.stdout and "| check |" in done.stdout
    site = work / "site"
    huge = site / "content/projects/huge-report.md"
    assert 300_000 <= huge.stat().st_size < 320_000
    assert (site / "content/cities/makassar.md").is_file(), "the repository's own content, not a synthetic corpus"
    page = (site / "public/projects/huge-report/index.html").read_text(encoding="utf-8")
    assert page.count("<table>") > 100 and 'id="progress-in-district-0"' in page
