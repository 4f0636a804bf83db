"""Every module imports on its own in a fresh interpreter (catches import cycles and stray globals)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

MODULES = sorted(p.stem for p in (REPO / "hub").glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_alone(module):
    result = subprocess.run([sys.executable, "-c", f"import hub.{module}"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
