"""Helpers for tests: run the check or the build on a site root and collect the diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.build import BuildReport, build, check
from hub.core.diagnostics import Diagnostic
from hub.source.config import load_config


def run_check(root: Path) -> list[Diagnostic]:
    report = BuildReport()
    check(load_config(root), report)
    return sorted(report.diagnostics)


def run_build(root: Path, **options) -> BuildReport:
    return build(load_config(root, **options))


def slow_but(values, *quick) -> list:
    """`values` for pytest.mark.parametrize, each marked slow but those in `quick`: the quick loop
    (-m "not slow") runs that sample, scripts/test runs them all. A tuple is one case of several arguments."""
    return [value if value in quick else pytest.param(*(value if isinstance(value, tuple) else (value,)),
                                                      marks=pytest.mark.slow) for value in values]


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


CITY = """---
title: Testville
summary: A city used by the tests.
sources:
  - https://example.org/source
country: ID
coordinates:
  lat: -5.1
  lon: 119.4
joined: 2018
---

Body text.
"""
