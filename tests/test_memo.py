"""The memo of parsed and checked files (hub/incremental/memo.py) saves work and never changes a result."""

from __future__ import annotations

import json
import os

import pytest

from hub.build import BuildReport, check
from hub.source.config import load_config

from helpers import run_build, snapshot

MEMO = ".cache/hub/entries.json"


def diagnostics(root, **options):
    report = BuildReport()
    check(load_config(root, **options), report)
    return report.diagnostics


def cold(root, tmp_path):
    out = tmp_path / "cold"
    assert run_build(root, use_cache=False, jobs=1, out_dir=out).written
    return snapshot(out)


def test_diagnostics_of_remembered_files_have_the_positions_of_a_fresh_parse(built_root):
    assert run_build(built_root).written
    # The project and the translation are unchanged, so they come from the memo; their
    # references now fail, and the positions must be those a fresh parse gives.
    (built_root / "content/cities/makassar.md").unlink()
    remembered = diagnostics(built_root)
    assert {d.code for d in remembered} >= {"unknown-reference", "broken-link"}
    assert remembered == diagnostics(built_root, use_cache=False)


@pytest.mark.slow
def test_memo_from_another_engine_version_is_ignored(built_root, tmp_path):
    assert run_build(built_root).written
    memo = json.loads((built_root / MEMO).read_text())
    for record in memo["files"].values():
        if record["load"]["entry"]:
            record["load"]["entry"]["meta"]["title"] = "Poisoned"
    memo["salt"] = "another engine"
    (built_root / MEMO).write_text(json.dumps(memo))
    assert run_build(built_root).written
    assert b"Poisoned" not in b"".join(snapshot(built_root / "public").values())
    assert snapshot(built_root / "public") == cold(built_root, tmp_path)
    assert json.loads((built_root / MEMO).read_text())["salt"] != "another engine"


@pytest.mark.slow
def test_content_change_that_keeps_size_and_mtime_is_seen(built_root, tmp_path):
    """Content files are always hashed: a stat match is not trusted for them (unlike the output cache)."""
    assert run_build(built_root).written
    path = built_root / "content/cities/da-nang.md"
    before = path.stat()
    text = path.read_text()
    assert "Da Nang" in text
    path.write_text(text.replace("Da Nang", "Da Nung"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert run_build(built_root).written
    assert b"Da Nung" in (built_root / "public/cities/da-nang/index.html").read_bytes()
    assert snapshot(built_root / "public") == cold(built_root, tmp_path)


@pytest.mark.slow
def test_no_change_build_leaves_the_memo_file_alone(built_root):
    assert run_build(built_root).written
    before = (built_root / MEMO).stat()
    assert run_build(built_root).written
    after = (built_root / MEMO).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.slow
def test_memo_forgets_deleted_files(built_root):
    assert run_build(built_root).written
    (built_root / "content/projects/ascn-terms-of-reference.md").unlink()
    assert run_build(built_root).written
    assert "content/projects/ascn-terms-of-reference.md" not in json.loads((built_root / MEMO).read_text())["files"]
