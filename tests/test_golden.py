"""Each page type, built from the small fixture, matches its golden file byte for byte."""

from __future__ import annotations

import difflib

import pytest

from golden import GOLDEN, PAGES, read_pages


@pytest.fixture(scope="module")
def built(small_built) -> dict[str, bytes]:
    return read_pages(small_built / "public")


@pytest.mark.parametrize("name", PAGES)
def test_page_matches_golden(built, name):
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    actual = built[name].decode("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", f"built/{name}", n=2))
        pytest.fail(f"{name} differs from its golden file (regenerate: python tests/golden.py)\n{diff}")
