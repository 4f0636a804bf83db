"""A build with nothing to do does nothing, and anything a build reads or wrote makes it build."""

from __future__ import annotations

import os
import shutil

import pytest

import hub.incremental.unchanged
from hub.cli import main
from hub.source.config import load_config

from helpers import CITY, run_build, slow_but, snapshot, write

SKIPPED = "no input changed since the last build"
BUILT = "pages rendered"


def cli_build(root, capsys, *args) -> str:
    assert main(["build", *args], root=root) == 0
    return capsys.readouterr().out


def state(folder):
    """Each file's bytes and identity: a build that writes nothing leaves all of them as they were."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return found


def test_a_build_with_nothing_changed_reads_no_entry_and_writes_nothing(built_root, capsys, monkeypatch):
    first = cli_build(built_root, capsys)
    assert BUILT in first
    before = state(built_root / "public")
    import hub.check
    monkeypatch.setattr(hub.check, "load_entries", lambda *a, **k: pytest.fail("loaded the content"))
    second = cli_build(built_root, capsys)
    assert SKIPPED in second and BUILT not in second
    assert state(built_root / "public") == before
    # It reports what the last build reported.
    pages = next(line for line in first.splitlines() if line.startswith("pages: ")).split(";")[0]
    assert pages.replace(" written", "") in second
    assert next(line for line in first.splitlines() if line.startswith("entries: ")) in second


def same_size_edit(root):
    """One letter changed, and the file's size and time stamp put back: only its bytes differ."""
    path = root / "content/cities/da-nang.md"
    stat = path.stat()
    path.write_text(path.read_text().replace("three pilot cities", "three pilot citizs"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def replace_by_copy(path):
    copy = path.with_name(path.name + ".copy")
    shutil.copy2(path, copy)
    copy.replace(path)


CHANGES = {
    "bytes only (same size and time stamp)": same_size_edit,
    "new entry": lambda root: write(root, "content/cities/hue.md", CITY.replace("Testville", "Hue")),
    "deleted entry": lambda root: (root / "content/cities/da-nang.md").unlink(),
    "template": lambda root: write(root, "templates/city.html",
                                   (root / "templates/city.html").read_text() + "{# edited #}\n"),
    "ui string": lambda root: write(root, "site_src/i18n/id.yaml",
                                    (root / "site_src/i18n/id.yaml").read_text().replace("nav_cities: Kota", "nav_cities: Kota-kota")),
    "stylesheet": lambda root: write(root, "site_src/assets/css/site.css",
                                     (root / "site_src/assets/css/site.css").read_text() + "\n/* edited */\n"),
    "schema": lambda root: write(root, "schemas/cities.yaml", (root / "schemas/cities.yaml").read_text() + "\n# edited\n"),
    "settings": lambda root: write(root, "site.yaml", (root / "site.yaml").read_text() + "\n# edited\n"),
    "page in public/ edited in place": lambda root: open(root / "public/index.html", "ab").write(b"<!-- x -->"),
    "page in public/ deleted": lambda root: (root / "public/index.html").unlink(),
    "file added to public/": lambda root: write(root, "public/stray.html", "<p>stray</p>"),
    "page in public/ replaced by a copy": lambda root: replace_by_copy(root / "public/index.html"),
    "cache's copy of a page replaced": lambda root: replace_by_copy(root / ".cache/hub/output/index.html"),
    "last build's record unreadable": lambda root: write(root, ".cache/hub/last-build.json", "{not json"),
    "last build's record from another site": lambda root: write(
        root, ".cache/hub/last-build.json", (root / ".cache/hub/last-build.json").read_text().replace('"inputs": "', '"inputs": "0')),
    "site built since without the CLI": lambda root: run_build(root, use_cache=False),
}


@pytest.mark.parametrize("change", slow_but(list(CHANGES), "bytes only (same size and time stamp)"))
def test_any_change_to_inputs_or_output_makes_a_real_build_equal_to_a_cold_one(built_root, tmp_path, capsys, change):
    cli_build(built_root, capsys)
    CHANGES[change](built_root)
    out = cli_build(built_root, capsys)
    assert BUILT in out and SKIPPED not in out
    assert SKIPPED in cli_build(built_root, capsys)   # and the build after that has nothing to do
    assert run_build(built_root, use_cache=False, out_dir=tmp_path / "cold").written
    assert snapshot(built_root / "public") == snapshot(tmp_path / "cold")


@pytest.mark.slow
def test_a_new_time_stamp_alone_changes_nothing(built_root, capsys):
    cli_build(built_root, capsys)
    path = built_root / "content/cities/da-nang.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert SKIPPED in cli_build(built_root, capsys)


@pytest.mark.slow
@pytest.mark.parametrize("options", [["--base-url", "https://example.org/hub/"], ["--drafts"], ["--no-cache"]])
def test_other_options_build(built_root, capsys, options):
    cli_build(built_root, capsys)
    out = cli_build(built_root, capsys, *options)
    assert BUILT in out and SKIPPED not in out


@pytest.mark.slow
def test_another_output_folder_builds(built_root, tmp_path, capsys):
    cli_build(built_root, capsys)
    assert BUILT in cli_build(built_root, capsys, "--out", str(tmp_path / "elsewhere"))


@pytest.mark.slow
@pytest.mark.parametrize("what", ["engine", "library"])
def test_a_new_engine_or_library_version_builds(built_root, capsys, monkeypatch, what):
    cli_build(built_root, capsys)
    if what == "engine":
        monkeypatch.setattr(hub.incremental.unchanged, "engine_fingerprint", lambda: "another engine")
    else:
        real = hub.incremental.unchanged._version
        monkeypatch.setattr(hub.incremental.unchanged, "_version", lambda name: "9.9" if name == "nh3" else real(name))
    assert BUILT in cli_build(built_root, capsys)


def test_a_linked_folder_in_the_content_is_never_taken_as_unchanged(site_root, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, site_root / "content/linked")
    config = load_config(site_root)
    assert hub.incremental.unchanged.inputs_digest(config) != hub.incremental.unchanged.inputs_digest(config)


@pytest.mark.slow
def test_warnings_are_reported_again_and_fail_a_strict_build(built_root, capsys):
    write(built_root, "content/cities/bad.md", CITY.replace("A city used by the tests.", "A city. It is a test."))
    assert "warning[summary-sentences]" in cli_build(built_root, capsys)
    again = cli_build(built_root, capsys)
    assert SKIPPED in again and "warning[summary-sentences]" in again and "warnings: 1" in again
    assert main(["build", "--strict"], root=built_root) == 1
    assert "build failed" in capsys.readouterr().out


@pytest.mark.slow
def test_a_record_that_cannot_be_written_leaves_a_built_site_and_a_full_build_next(built_root, capsys, monkeypatch):
    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")
    real = type(built_root).write_bytes
    monkeypatch.setattr(type(built_root), "write_bytes",
                        lambda self, *a, **k: full_disk(self) if self.name.startswith("last-build") else real(self, *a, **k))
    assert BUILT in cli_build(built_root, capsys)
    assert not list((built_root / ".cache/hub").glob("last-build*"))
    monkeypatch.undo()
    assert BUILT in cli_build(built_root, capsys)
    assert SKIPPED in cli_build(built_root, capsys)
