"""The whole pipeline: bundled content, atomic output, determinism, CLI behaviour."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from hub.cli import main

from conftest import REPO
from helpers import CITY, run_build, snapshot, write


def test_bundled_content_has_zero_diagnostics():
    result = subprocess.run([sys.executable, "build.py", "check", "--strict"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "no problems found", result.stdout
    assert result.returncode == 0


def test_bundled_content_builds_every_page_type_in_both_languages(bundled_public):
    """bundled_public is `build.py build --out` of the repository, run by conftest once per test run."""
    out = bundled_public
    for prefix in ("", "id/"):
        for page in ("index.html", "cities/index.html", "projects/index.html", "meetings/index.html",
                     "cities/makassar/index.html", "countries/id/index.html",
                     "focus-areas/quality-environment/index.html", "about/index.html", "contribute/index.html",
                     "404.html"):
            assert (out / prefix / page).is_file(), prefix + page
    assert any((out / "projects").glob("*/index.html"))
    assert any((out / "meetings").glob("*/index.html"))
    for name in ("sitemap.xml", "robots.txt", "schemas/cities.json", "schemas/projects.json",
                 "schemas/meetings.json"):
        assert (out / name).is_file(), name


def test_failing_build_leaves_previous_site_byte_identical(built_root):
    assert run_build(built_root).written
    before = snapshot(built_root / "public")
    write(built_root, "content/cities/bad.md", CITY.replace("country: ID", "country: IX"))
    leftovers = {p.name for p in built_root.iterdir() if p.name.startswith(".public")}   # the lock, the last site
    report = run_build(built_root)
    assert not report.written and report.errors == 1
    assert snapshot(built_root / "public") == before
    assert {p.name for p in built_root.iterdir() if p.name.startswith(".public")} == leftovers


@pytest.mark.slow
def test_same_input_gives_byte_identical_output(site_root, tmp_path):
    assert run_build(site_root).written
    first = snapshot(site_root / "public")
    assert run_build(site_root).written
    assert snapshot(site_root / "public") == first


@pytest.mark.slow
def test_build_replaces_stale_files(built_root):
    assert run_build(built_root).written
    (built_root / "content/cities/da-nang.md").unlink()
    assert run_build(built_root).written
    assert not (built_root / "public/cities/da-nang").exists()
    assert b"da-nang" not in (built_root / "public/cities/index.html").read_bytes()


@pytest.mark.slow
def test_drafts_are_left_out_unless_asked(built_root):
    write(built_root, "content/cities/secret.md", CITY.replace("joined: 2018", "joined: 2018\ndraft: true"))
    assert run_build(built_root).written
    assert not (built_root / "public/cities/secret").exists()
    assert run_build(built_root, include_drafts=True).written
    assert (built_root / "public/cities/secret/index.html").is_file()


@pytest.mark.slow
def test_base_url_sets_canonical_links(site_root):
    assert run_build(site_root, base_url="https://preview.example.org/hub").written
    page = (site_root / "public/cities/makassar/index.html").read_text()
    assert '<link rel="canonical" href="https://preview.example.org/hub/cities/makassar/">' in page


def test_check_exit_codes_and_summary(site_root, capsys):
    assert main(["check"], root=site_root) == 0
    assert capsys.readouterr().out.strip() == "no problems found"
    write(site_root, "content/cities/bad.md", CITY.replace("country: ID", "countri: ID"))
    assert main(["check"], root=site_root) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "1 error, 0 warnings in 1 file"
    assert "content/cities/bad.md:6:1: error[unknown-field]: unknown field 'countri'" in out


def test_check_writes_nothing(site_root):
    main(["check"], root=site_root)
    assert not (site_root / "public").exists()


def test_strict_fails_on_warnings(site_root, capsys):
    write(site_root, "content/cities/bad.md", CITY.replace("A city used by the tests.", "A city. It is a test."))
    assert main(["check"], root=site_root) == 0
    assert main(["check", "--strict"], root=site_root) == 1
    assert "warning[summary-sentences]" in capsys.readouterr().out


def test_github_format_annotations(site_root, capsys):
    write(site_root, "content/cities/bad.md", CITY.replace("country: ID", "countri: ID"))
    main(["check", "--format", "github"], root=site_root)
    lines = capsys.readouterr().out.splitlines()
    assert ("::error file=content/cities/bad.md,line=6,col=1,title=unknown-field::unknown field 'countri' "
            "(hint: did you mean 'country'?)") in lines


def test_usage_error_exits_2(site_root):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml"], root=site_root)
    assert exit_info.value.code == 2


@pytest.mark.slow
def test_build_prints_progress_and_summary(built_root, capsys):
    assert main(["build"], root=built_root) == 0
    out = capsys.readouterr().out
    assert "entries: cities/en 2, cities/id 1" in out
    assert "pages written" in out or "files written" in out
    assert "time: load" in out


def test_failed_build_exit_code_and_message(site_root, capsys):
    write(site_root, "content/cities/bad.md", '---\ntitle: "Open\n---\n')
    assert main(["build"], root=site_root) == 1
    out = capsys.readouterr().out
    assert "content/cities/bad.md:2:8: error[yaml-syntax]" in out
    assert "nothing was written" in out


@pytest.mark.slow
def test_bare_build_command_builds(built_root, capsys):
    shutil.rmtree(built_root / "public")
    assert main([], root=built_root) == 0
    assert (built_root / "public/index.html").is_file()


def test_missing_template_is_a_message_not_a_traceback(site_root, capsys):
    (site_root / "templates/city.html").unlink()
    line = (site_root / "site.yaml").read_text().split("\n").index("    template: city.html") + 1
    assert main(["build"], root=site_root) == 1
    out, err = capsys.readouterr()
    assert f"site.yaml:{line}:15: error[template-missing]: template 'city.html' does not exist" in out
    assert "Traceback" not in out + err


def test_each_card_is_rendered_once_per_language_and_reused_on_every_listing(site_root):
    from collections import Counter

    from hub.build import BuildReport, check
    from hub.model.pages import plan_pages
    from hub.render.renderer import Renderer
    from hub.source.config import load_config
    from hub.write import hashed_assets

    checked = check(load_config(site_root), BuildReport())
    renderer = Renderer(checked.site, checked.strings, hashed_assets(site_root / "site_src" / "assets")[0])
    macros = renderer.views["en"].macros
    calls, card = Counter(), macros.card
    macros.card = lambda v, e: calls.update([(v.lang, e.collection, e.slug)]) or card(v, e)
    pages = {plan.output: renderer.render_recorded(plan)[0] for plan in plan_pages(checked.site)}
    assert calls and set(calls.values()) == {1}
    makassar = '<a href="/cities/makassar/">Makassar</a>'
    listings = [output for output, html in pages.items() if makassar in html and 'class="cards"' in html]
    assert len(listings) >= 3   # the cities list, Indonesia's page, a focus area's page: one rendering of the card
