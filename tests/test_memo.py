"""The memo of parsed and checked files (hub/memo.py) saves work and never changes a result."""

from __future__ import annotations

import json
import os

from hub.build import BuildReport, check
from hub.config import load_config

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


def test_diagnostics_of_remembered_files_have_the_positions_of_a_fresh_parse(site_root):
    assert run_build(site_root).written
    # The project and the translation are unchanged, so they come from the memo; their
    # references now fail, and the positions must be those a fresh parse gives.
    (site_root / "content/cities/makassar.md").unlink()
    remembered = diagnostics(site_root)
    assert {d.code for d in remembered} >= {"unknown-reference", "broken-link"}
    assert remembered == diagnostics(site_root, use_cache=False)


def test_memo_from_another_engine_version_is_ignored(site_root, tmp_path):
    assert run_build(site_root).written
    memo = json.loads((site_root / MEMO).read_text())
    for record in memo["files"].values():
        if record["load"]["entry"]:
            record["load"]["entry"]["meta"]["title"] = "Poisoned"
    memo["salt"] = "another engine"
    (site_root / MEMO).write_text(json.dumps(memo))
    assert run_build(site_root).written
    assert b"Poisoned" not in b"".join(snapshot(site_root / "public").values())
    assert snapshot(site_root / "public") == cold(site_root, tmp_path)
    assert json.loads((site_root / MEMO).read_text())["salt"] != "another engine"


def test_content_change_that_keeps_size_and_mtime_is_seen(site_root, tmp_path):
    """Content files are always hashed: a stat match is not trusted for them (unlike the output cache)."""
    assert run_build(site_root).written
    path = site_root / "content/cities/da-nang.md"
    before = path.stat()
    text = path.read_text()
    assert "Da Nang" in text
    path.write_text(text.replace("Da Nang", "Da Nung"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert run_build(site_root).written
    assert b"Da Nung" in (site_root / "public/cities/da-nang/index.html").read_bytes()
    assert snapshot(site_root / "public") == cold(site_root, tmp_path)


def test_no_change_build_leaves_the_memo_file_alone(site_root):
    assert run_build(site_root).written
    before = (site_root / MEMO).stat()
    assert run_build(site_root).written
    after = (site_root / MEMO).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_memo_forgets_deleted_files(site_root):
    assert run_build(site_root).written
    (site_root / "content/projects/ascn-terms-of-reference.md").unlink()
    assert run_build(site_root).written
    assert "content/projects/ascn-terms-of-reference.md" not in json.loads((site_root / MEMO).read_text())["files"]
