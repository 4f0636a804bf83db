"""Pull-request CI: the workflow runs the checks, and the check's GitHub annotations point at the right lines."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from conftest import REPO
from helpers import CITY, write

WORKFLOW = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
RUN_CLI = "import sys; from pathlib import Path; from hub.cli import main; sys.exit(main(sys.argv[1:], root=Path.cwd()))"


def steps(job: str) -> list[dict]:
    return WORKFLOW["jobs"][job]["steps"]


def commands() -> str:
    return "\n".join(step.get("run", "") for job in WORKFLOW["jobs"] for step in steps(job))


def test_workflow_runs_on_pull_requests_and_on_main():
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))   # PyYAML reads the key `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_workflow_checks_with_annotations_tests_and_builds_with_pip_caching():
    run = commands()
    assert ".venv/bin/python build.py check --format github" in run
    assert "scripts/test" in run and "scripts/build" in run
    assert "python -m hub.model.field_reference --check" in run
    setup = next(s for s in steps("content") if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip" and setup["with"]["python-version"] == "3.11"
    cache = next(s for s in steps("tests") if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "~/.cache/pip" and "hashFiles('requirements*.txt')" in cache["with"]["key"]


def test_pull_request_template_has_a_contributor_checklist():
    template = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in template.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) >= 5
    assert any("source" in line for line in boxes) and any("python build.py check" in line for line in boxes)


def test_github_format_puts_each_problem_on_its_file_and_line(site_root):
    write(site_root, "content/cities/bad-city.md", CITY.replace("country: ID", "country: IX").replace(
        "title: Testville", "title: Testville\nsumary: a typo"))
    result = subprocess.run([sys.executable, "-c", RUN_CLI, "check", "--format", "github"], cwd=site_root,
                            env={"PYTHONPATH": str(REPO)}, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/cities/bad-city.md,line=3,col=1,title=unknown-field::unknown field 'sumary' "
        "(hint: did you mean 'summary'?)",
        "::error file=content/cities/bad-city.md,line=7,col=10,title=unknown-reference::'country' refers to 'IX', "
        "which is not among the countries (hint: known countries: BN, ID, KH, LA, MM, MY, PH, SG, TH, TL, VN)",
        "2 errors, 0 warnings in 1 file",
    ]


@pytest.mark.slow
def test_github_format_escapes_what_would_break_an_annotation(site_root):
    write(site_root, "content/cities/bad,city.md", CITY.replace("joined: 2018", "joined: 100%"))
    result = subprocess.run([sys.executable, "-c", RUN_CLI, "check", "--format", "github"], cwd=site_root,
                            env={"PYTHONPATH": str(REPO)}, capture_output=True, text=True)
    assert result.stdout.splitlines() == [
        "::error file=content/cities/bad%2Ccity.md,line=1,col=1,title=invalid-slug::file name 'bad,city.md' is not "
        "a valid slug (lower-case letters, digits and single hyphens) (hint: rename it to 'bad-city.md')",
        "::error file=content/cities/bad%2Ccity.md,line=10,col=9,title=wrong-type::'joined' must be a whole number, "
        "not '100%25' (hint: Year the city joined ASCN (2018 for the 26 pilot cities).)",
        "2 errors, 0 warnings in 1 file",
    ]


@pytest.mark.slow
def test_github_format_reports_todo_placeholders_on_their_lines(site_root):
    write(site_root, "content/cities/new-city.md", CITY.replace("joined: 2018", "joined: TODO"))
    result = subprocess.run([sys.executable, "-c", RUN_CLI, "check", "--format", "github"], cwd=site_root,
                            env={"PYTHONPATH": str(REPO)}, capture_output=True, text=True)
    assert result.stdout.splitlines() == [
        "::error file=content/cities/new-city.md,line=10,col=9,title=todo::'joined' is still the placeholder TODO: "
        "replace it with the real value (hint: Year the city joined ASCN (2018 for the 26 pilot cities).)",
        "1 error, 0 warnings in 1 file",
    ]
