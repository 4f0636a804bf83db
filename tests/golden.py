"""Golden pages: one page of each type, built from tests/fixtures/small.

Regenerate after an intended template change with `.venv/bin/python tests/golden.py`,
then review `git diff tests/golden`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from conftest import make_site  # noqa: E402
from helpers import run_build  # noqa: E402

GOLDEN = HERE / "golden"
PAGES = [
    "index.html", "cities/index.html", "projects/index.html", "meetings/index.html",
    "cities/makassar/index.html", "projects/makassar-home-care/index.html", "meetings/2023-bali/index.html",
    "countries/id/index.html", "focus-areas/health-and-well-being/index.html", "about/index.html", "404.html",
    "id/index.html", "id/cities/makassar/index.html", "id/projects/index.html",
    "id/meetings/2023-bali/index.html", "sitemap.xml", "robots.txt", "schemas/cities.json",
    "feed.xml", "api/cities.json", "api/cities.csv", "api/cities.geojson", "translations/index.html",
    "id/translations/index.html",
]


def build_pages() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp) / "site")
        report = run_build(root)
        assert report.written, report.diagnostics
        return read_pages(root / "public")


def read_pages(public: Path) -> dict[str, bytes]:
    """The golden pages' bytes in a built site's public/ folder."""
    return {name: (public / name).read_bytes() for name in PAGES}


def regenerate() -> None:
    for name, data in build_pages().items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(PAGES)} golden files to {GOLDEN}")


if __name__ == "__main__":
    regenerate()
