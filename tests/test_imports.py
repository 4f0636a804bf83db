"""Every module imports on its own in a fresh interpreter (catches import cycles and stray globals)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO
from helpers import slow_but

MODULES = sorted(".".join(p.relative_to(REPO / "hub").with_suffix("").parts) for p in (REPO / "hub").rglob("*.py")
                 if p.name != "__init__.py")


@pytest.mark.parametrize("module", slow_but(MODULES, "build", "cli"))   # the two that import the most
def test_module_imports_alone(module):
    result = subprocess.run([sys.executable, "-c", f"import hub.{module}"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


CACHE = {"cache", "store", "memo", "unchanged"}   # the one cache store and the modules that read and write it
# Who may use it: the build, `check` (which reads the remembered parses), and the CLI's no-change build,
# which must answer before the renderer is imported.
CACHE_USERS = {"build", "check", "cli"}


def test_only_the_build_and_check_import_the_cache():
    import ast

    found = {}
    for path in sorted((REPO / "hub").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names, annotations_only = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                names |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                names |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("hub.")}
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                for inner in ast.walk(node):   # annotations only: not an import at run time
                    if isinstance(inner, ast.ImportFrom) and inner.module:
                        annotations_only.add(inner.module.split(".")[-1])
        names -= annotations_only
        if names & CACHE and path.stem not in CACHE | CACHE_USERS:
            found[path.stem] = sorted(names & CACHE)
    assert found == {}
