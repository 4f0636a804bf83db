"""Ruff, pinned in requirements-dev.txt, passes over the repository with the rules of ruff.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from conftest import REPO


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_pinned_with_pyflakes_bugbear_and_import_order():
    pins = (REPO / "requirements-dev.txt").read_text(encoding="utf-8").split()
    assert any(line.startswith("ruff==") for line in pins)
    config = tomllib.loads((REPO / "ruff.toml").read_text(encoding="utf-8"))
    assert sorted(config["lint"]["select"]) == ["B", "F", "I"]
