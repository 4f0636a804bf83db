"""The shape of hub/: every module imports on its own in a fresh interpreter (catches import cycles and stray
globals), imports point one way through the stages (hub.STAGES), and only the build uses the cache."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from hub import STAGES

from conftest import REPO
from helpers import slow_but

HUB = REPO / "hub"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(HUB.rglob("*.py"))}


@pytest.mark.parametrize("module", slow_but(sorted(MODULES), "hub.build", "hub.cli"))   # the two that import the most
def test_module_imports_alone(module):
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def stage(module: str) -> str:
    """hub.render.map -> "render"; hub/__init__.py is core."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "core"


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (getattr(test, "id", "") == "TYPE_CHECKING"
                                         or getattr(test, "attr", "") == "TYPE_CHECKING")


def runtime_imports(path: Path) -> set[str]:
    """The hub modules `path` imports at run time, at any depth (a function's lazy import counts);
    imports under `if TYPE_CHECKING:` are for annotations only and do not."""
    found: set[str] = set()
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]

    def visit(node: ast.AST) -> None:
        if _type_checking(node):
            for inner in node.orelse:
                visit(inner)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            for alias in node.names:   # `from hub.core import reads` imports the module hub.core.reads
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name == "hub" or name.startswith("hub.")}


IMPORTS = {module: runtime_imports(path) for module, path in MODULES.items()}


def backward_imports(imports: dict[str, set[str]]) -> list[str]:
    """Every import of a later stage, as "importer (its stage) -> imported (its stage)"."""
    order = {name: position for position, name in enumerate(STAGES)}
    return [f"{module} ({stage(module)}) -> {target} ({stage(target)})"
            for module, targets in sorted(imports.items()) for target in sorted(targets)
            if order[stage(target)] > order[stage(module)]]


def test_every_module_belongs_to_a_stage():
    assert {stage(module) for module in MODULES} - set(STAGES) == set()


def test_imports_point_one_way_through_the_stages():
    """No module imports from a later stage than its own (hub.STAGES, in pipeline order)."""
    assert backward_imports(IMPORTS) == []


def test_the_direction_check_sees_a_backward_import():
    """The check above can fail: a source module importing the renderer, or lazily the cache, is caught,
    and one under `if TYPE_CHECKING:` is not."""
    late = {**IMPORTS, "hub.source.config": IMPORTS["hub.source.config"] | {"hub.render.renderer"}}
    assert backward_imports(late) == ["hub.source.config (source) -> hub.render.renderer (render)"]
    assert "hub.render.renderer" not in runtime_imports(HUB / "model" / "breadcrumbs.py")   # annotations only
    assert "hub.commands.serve" in runtime_imports(HUB / "cli.py")   # imported inside a function


def test_no_import_cycle():
    """Within a stage too, the run-time imports form no cycle (today jsonld and breadcrumbs name the
    renderer's View for annotations only)."""
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join(path + (module,))
        if module not in done:
            for target in IMPORTS.get(module, ()):
                visit(target, path + (module,))
            done.add(module)

    for module in MODULES:
        visit(module, ())


# The one cache store and the modules that read and write it, and who may use it: the build, `check`
# (which reads the remembered parses), and the CLI's no-change build, which must answer before the
# renderer is imported.
CACHE_USERS = {"hub.build", "hub.check", "hub.cli"}


def test_only_the_build_and_check_import_the_cache():
    found = {module: sorted(target for target in targets if stage(target) == "incremental")
             for module, targets in IMPORTS.items() if stage(module) != "incremental" and module not in CACHE_USERS}
    assert {module: targets for module, targets in found.items() if targets} == {}
