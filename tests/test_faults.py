"""Faults: a killed, failing or concurrent build never loses or corrupts the last good site."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from hub.write import output_lock

from conftest import REPO
from helpers import CITY, run_build, snapshot, write

# Runs a build in a child process that SIGKILLs itself at a chosen point, as an
# out-of-memory killer or a cancelled CI job would.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    import hub.write as output
    import hub.render.renderer as render
    point = {point!r}

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "render":
        render.Renderer.render = die
    elif point == "staging":
        original_write = Path.write_bytes
        def write_then_die(self, data):
            if "/.public." in str(self):
                die()
            return original_write(self, data)
        Path.write_bytes = write_then_die
    elif point == "search":   # the new site is written, Pagefind is reading it
        import hub.search.index
        hub.search.index.index_folder = die
    elif point == "before-swap":
        output._swap_in = die
    elif point == "after-swap":
        import hub.incremental.cache
        hub.incremental.cache.BuildCache.record = die
    from hub.cli import main
    sys.exit(main(["build"], root=Path({root!r})))
""")


@pytest.mark.slow
@pytest.mark.parametrize("point", ["render", "staging", "search", "before-swap", "after-swap"])
def test_sigkill_at_any_point_keeps_a_whole_site(built_root, tmp_path, point):
    assert run_build(built_root).written
    before = snapshot(built_root / "public")
    (built_root / "content/cities/da-nang.md").write_text(
        (built_root / "content/cities/da-nang.md").read_text().replace("three pilot cities", "three pilot cities (edited)"))
    result = subprocess.run([sys.executable, "-c", KILLER.format(repo=str(REPO), point=point, root=str(built_root))],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    after = snapshot(built_root / "public")
    if point == "after-swap":
        # The swap happened; the cache's records were not saved. public/ is the complete new site.
        pages = lambda files: {name for name in files if name.endswith(".html")}  # noqa: E731
        assert b"(edited)" in after["cities/da-nang/index.html"] and pages(after) == pages(before)
    else:
        assert after == before
    # The next build repairs whatever the killed one left, and gives what a clean build gives.
    assert run_build(built_root).written
    assert run_build(built_root, use_cache=False, out_dir=tmp_path / "clean").written
    assert snapshot(built_root / "public") == snapshot(tmp_path / "clean")
    assert not [p.name for p in built_root.iterdir()
                if p.name.startswith(".public.") and p.name not in (".public.lock", ".public.prev")]


def test_unwritable_output_folder_is_a_clear_error(site_root, capsys):
    from hub.cli import main
    (site_root / "blocker").write_text("a file where a folder should be")
    assert main(["build", "--out", str(site_root / "blocker" / "public")], root=site_root) == 1
    err = capsys.readouterr().err
    assert "error[output]" in err and "Traceback" not in err
    assert not (site_root / "blocker").is_dir()


def test_full_disk_gives_a_clear_error_and_no_partial_site(built_root, monkeypatch, capsys):
    from pathlib import Path

    from hub.cli import main
    assert run_build(built_root).written
    before = snapshot(built_root / "public")
    original = Path.write_bytes
    calls = [0]

    write(built_root, "content/cities/new.md", CITY)   # new pages, so the build has bytes to write

    def fill_up(self, data):
        calls[0] += 1
        if calls[0] > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    assert main(["build"], root=built_root) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "No space left on device" in err and "previous site was left as it was" in err
    assert snapshot(built_root / "public") == before
    assert not [p for p in built_root.iterdir() if p.name.startswith(".public.new")]


@pytest.mark.slow
def test_second_build_at_once_is_refused_with_a_clear_message(built_root, capsys):
    from hub.cli import main
    assert run_build(built_root).written
    before = snapshot(built_root / "public")
    with output_lock(built_root / "public"):
        assert main(["build"], root=built_root) == 1
    err = capsys.readouterr().err
    assert "another build is already writing" in err
    assert snapshot(built_root / "public") == before
    assert main(["build"], root=built_root) == 0     # the lock is released afterwards


@pytest.mark.slow
def test_failed_content_does_not_take_the_lock_forever(built_root):
    write(built_root, "content/cities/bad.md", CITY.replace("country: ID", "country: ZZ"))
    assert not run_build(built_root).written
    (built_root / "content/cities/bad.md").unlink()
    assert run_build(built_root).written


@pytest.mark.parametrize("rel", ["../escape.html", "/etc/passwd", "a/../../b.html", "a\\..\\b.html", "", "a//b"])
def test_output_paths_that_leave_the_folder_are_refused(tmp_path, rel):
    from hub.write import OutputError, write_site
    with pytest.raises(OutputError):
        write_site({rel: b"x"}, tmp_path / "public")
    assert not (tmp_path / "public").exists() and not (tmp_path / "escape.html").exists()
