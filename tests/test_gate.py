"""`check` is the pull-request gate: whatever `build` rejects in a checkout, `check` reports too, at the
line that causes it; and a broken input of any kind is a diagnostic with its file and line, never a
traceback (issue 18)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hub.build import BuildReport, build
from hub.check import BUILD_ONLY_CODES, check
from hub.cli import main
from hub.commands.failures import diagnostics_for
from hub.source.config import load_config

from conftest import REPO
from helpers import CITY, slow_but, write


def gate(root: Path) -> list:
    """What `check` reports, as the command line gets it."""
    report = BuildReport()
    try:
        check(load_config(root), report)
    except Exception as problem:
        return report.diagnostics + diagnostics_for(problem, root)
    return report.diagnostics


def built(root: Path) -> tuple[list, bool]:
    """What `build` reports, as the command line gets it, and whether it wrote the site."""
    report = BuildReport()
    try:
        build(load_config(root), report)
    except Exception as problem:
        return report.diagnostics + diagnostics_for(problem, root, root / "public"), False
    return report.diagnostics, report.written


def where(diagnostics) -> set:
    return {(d.path, d.line, d.code) for d in diagnostics}


def line_of(root: Path, rel: str, text: str) -> int:
    return (root / rel).read_text(encoding="utf-8").split("\n").index(text) + 1


def append(root: Path, rel: str, text: str) -> int:
    """Add a line at the end of a file; its line number."""
    path = root / rel
    old = path.read_text(encoding="utf-8")
    old += "" if old.endswith("\n") else "\n"
    path.write_text(old + text + "\n", encoding="utf-8")
    return old.count("\n") + 1


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


# --- what build rejects, check reports at the same place -------------------------------------------

def alias_on_a_live_address(root):
    replace(root, "content/cities/makassar.md", "joined: 2018", "joined: 2018\naliases:\n  - /cities/da-nang/")
    return {("content/cities/makassar.md", line_of(root, "content/cities/makassar.md", "  - /cities/da-nang/") + 0,
             "duplicate-output")}


def page_on_a_list_address(root):
    write(root, "site_src/pages/cities.md",
          "---\ntitle: Cities\nsummary: A page that clashes with a list.\nsources: [https://example.org/]\n---\n")
    return {("site_src/pages/cities.md", 1, "duplicate-output")}


def template_syntax(root):
    return {("templates/city.html", append(root, "templates/city.html", "{% if %}{% endif %}"), "template")}


def template_unknown_filter(root):
    replace(root, "templates/city.html", "{% block facts %}\n", "{% block facts %}\n{{ 1 | no_such_filter }}\n")
    return {("templates/city.html", line_of(root, "templates/city.html", "{{ 1 | no_such_filter }}"), "template")}


def template_included_missing(root):
    return {("templates/city.html", append(root, "templates/city.html", '{% include "partials/nope.html" %}'),
             "template-missing")}


def template_named_in_site_yaml_missing(root):
    (root / "templates/cities.html").unlink()
    return {("site.yaml", line_of(root, "site.yaml", "    list_template: cities.html"), "template-missing")}


def schema_yaml(root):
    return {("schemas/cities.yaml", append(root, "schemas/cities.yaml", "broken: a: b"), "yaml-syntax")}


def schema_invalid(root):
    replace(root, "schemas/cities.yaml", "  country:\n    type: string", "  country:\n    type: 12")
    return {("schemas/cities.yaml", line_of(root, "schemas/cities.yaml", "    type: 12"), "schema")}


def schema_missing(root):
    (root / "schemas/meetings.yaml").unlink()
    return {("schemas/meetings.yaml", 1, "schema")}


def site_yaml(root):
    return {("site.yaml", append(root, "site.yaml", "broken: a: b"), "yaml-syntax")}


def entry(root):
    write(root, "content/cities/bad.md", CITY.replace("joined: 2018", "joined: 2018\ncolour: red"))
    return {("content/cities/bad.md", 11, "unknown-field")}


BROKEN = [alias_on_a_live_address, page_on_a_list_address, template_syntax, template_unknown_filter,
          template_included_missing, template_named_in_site_yaml_missing, schema_yaml, schema_invalid,
          schema_missing, site_yaml, entry]


@pytest.mark.parametrize("breakage", slow_but(BROKEN, alias_on_a_live_address, template_syntax),
                         ids=lambda f: f.__name__)
def test_check_reports_what_build_rejects_at_the_line_that_causes_it(site_root, breakage):
    expected = breakage(site_root)
    checked = where(gate(site_root))
    assert expected <= checked
    rejected, written = built(site_root)
    assert not written
    assert where(d for d in rejected if d.code not in BUILD_ONLY_CODES) <= checked


def test_an_alias_conflict_names_both_files_and_the_alias_line(site_root):
    alias_on_a_live_address(site_root)
    line = line_of(site_root, "content/cities/makassar.md", "  - /cities/da-nang/")
    messages = {(d.path, d.line, d.message) for d in gate(site_root)}
    assert ("content/cities/makassar.md", line,
            "output file 'cities/da-nang/index.html' is also claimed by content/cities/da-nang.md") in messages
    assert ("content/cities/da-nang.md", 1,
            f"output file 'cities/da-nang/index.html' is also claimed by content/cities/makassar.md (line {line})") \
        in messages


@pytest.mark.slow
def test_every_code_the_build_can_emit_is_emitted_by_check_or_declared_build_only(site_root):
    """Every diagnostic code written in hub/ is written in a function that `check` runs (on a clean
    site), or is one of BUILD_ONLY_CODES. A new rejection in the build's later stages (render, index,
    write, or the failures the command line catches) fails here until `check` makes it too."""
    ran = functions_run(lambda: main(["check"], root=site_root))   # a clean site, then one with a wrong entry
    write(site_root, "content/cities/bad.md", CITY.replace("joined: 2018", "joined: soon\ncolour: red"))
    ran |= functions_run(lambda: main(["check"], root=site_root))
    config = site_root / "site.yaml"   # and one with a collection setting its schema cannot serve
    config.write_text(config.read_text(encoding="utf-8").replace("breadcrumb_parent: country", "breadcrumb_parent: joined"),
                      encoding="utf-8")
    ran |= functions_run(lambda: main(["check"], root=site_root))
    missing = {}
    for path, function, code in code_sites():
        if (path, function) not in ran and code not in BUILD_ONLY_CODES:
            missing.setdefault(code, []).append(f"{path.relative_to(REPO)}:{function}")
    covered = {code for path, function, code in code_sites() if (path, function) in ran}
    assert not missing, f"codes only the build can emit: {missing}"
    assert {"duplicate-output", "template", "template-missing", "schema", "yaml-syntax", "config"} <= covered
    assert set(BUILD_ONLY_CODES) == {"output", "search", "template-render"}   # each with its reason in hub/check.py


def functions_run(action) -> set[tuple[Path, int]]:
    """(file, first line) of every function in hub/ that `action` runs."""
    ran = set()

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.startswith(str(REPO / "hub")):
            ran.add((Path(frame.f_code.co_filename), frame.f_code.co_firstlineno))
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return ran


# Callables that take a diagnostic code, and the position of the code among their arguments.
CODE_ARGUMENT = {"Diagnostic": 4, "_diag": 2, "_problem": 3}
CODE = re.compile(r"[a-z]+(-[a-z]+)*")


def code_sites() -> list[tuple[Path, int, str]]:
    """(file, first line of the enclosing function, code) for every diagnostic code written in hub/."""
    sites = []
    for path in sorted((REPO / "hub").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([function.lineno] + [d.lineno for d in function.decorator_list])
                sites += [(path, first, code) for code in _codes_in(function)]
    assert len({code for _path, _line, code in sites}) > 40, "the scan no longer finds the codes"
    return sites


def _codes_in(function) -> list[str]:
    """Codes written in this function's own body (not in functions nested in it)."""
    codes = []
    for node in _own_nodes(function):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = CODE_ARGUMENT.get(name)
            argument = node.args[index] if index is not None and len(node.args) > index else None
            argument = argument or next((k.value for k in node.keywords if k.arg == "code"), None)
            codes += _constants(argument)
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "code" for t in node.targets):
            codes += _constants(node.value)
    return codes


def _own_nodes(function):
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def _constants(node) -> list[str]:
    """The diagnostic codes (lower-case words joined by hyphens) written in an expression."""
    if node is None:
        return []
    return [n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.fullmatch(n.value)]


# --- never a traceback ---------------------------------------------------------------------------

KINDS = {
    "entry": lambda root: ("content/cities/bad.md", 3, write(root, "content/cities/bad.md",
                                                            "---\ntitle: Bad\nbroken: a: b\n---\n")),
    "translation": lambda root: ("content/cities/makassar.id.md", 3,
                                 replace(root, "content/cities/makassar.id.md", "title: Makassar\n",
                                         "title: Makassar\nbroken: a: b\n")),
    "vocabulary": lambda root: ("content/_data/countries.yaml", append(root, "content/_data/countries.yaml",
                                                                      "broken: a: b"), None),
    "ui strings": lambda root: ("site_src/i18n/id.yaml", append(root, "site_src/i18n/id.yaml", "broken: a: b"), None),
    "schema": lambda root: ("schemas/cities.yaml", append(root, "schemas/cities.yaml", "broken: a: b"), None),
    "site.yaml": lambda root: ("site.yaml", append(root, "site.yaml", "broken: a: b"), None),
    "template": lambda root: ("templates/city.html", append(root, "templates/city.html", "{% if %}"), None),
}


@pytest.mark.parametrize("kind, command", slow_but([(kind, command) for kind in KINDS for command in ("check", "build")],
                                                   ("template", "build")))
def test_a_broken_input_of_each_kind_is_a_diagnostic_with_file_and_line(site_root, kind, command):
    path, line, _ = KINDS[kind](site_root)
    result = subprocess.run([sys.executable, "-c", "import sys; from hub.cli import main; sys.exit(main(sys.argv[1:]))",
                             command], cwd=site_root, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert f"{path}:{line}:" in result.stdout + result.stderr, result.stdout + result.stderr


def test_a_broken_template_does_not_hide_an_output_conflict(site_root):
    expected = template_syntax(site_root) | alias_on_a_live_address(site_root)
    assert expected <= where(gate(site_root))
