"""Make site_src/assets/img/social.png, the default Open Graph / Twitter card picture (1200 x 630).

It shows the map of member cities (hub/render/map.py, the same outlines and coordinates as the site)
beside the site's title, drawn by Debian's Chromium through Playwright, the browser the tests
use. Run it after the member cities change, and commit the picture:

    .venv/bin/python scripts/social_image.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hub.build import BuildReport, check  # noqa: E402
from hub.render.map import ATLAS, CITIES, CityMark, draw_city_map  # noqa: E402
from hub.source.config import load_config  # noqa: E402

WIDTH, HEIGHT = 1200, 630
OUT = ROOT / "site_src" / "assets" / "img" / "social.png"

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; width: {w}px; height: {h}px; display: flex; align-items: center; background: #f6f8fa;
       font-family: system-ui, "DejaVu Sans", sans-serif; color: #1b1f24; overflow: hidden; }}
.text {{ width: 430px; padding: 0 24px 0 56px; box-sizing: border-box; }}
h1 {{ font-size: 52px; line-height: 1.1; margin: 0 0 24px; }}
p {{ font-size: 26px; line-height: 1.35; margin: 0; color: #3d4651; }}
svg {{ height: {h}px; width: auto; }}
.map-sea {{ fill: #dbeafe; }} .map-other {{ fill: #e5e7eb; stroke: #9ca3af; stroke-width: 1; }}
.map-member {{ fill: #cce6dc; stroke: #2f6b57; stroke-width: 1.2; }}
.map-dot {{ fill: #b42318; stroke: #fff; stroke-width: 2.5; }}
</style></head><body><div class="text"><h1>{title}</h1><p>{tagline}</p></div>{svg}</body></html>"""


def main() -> None:
    config = load_config(ROOT)
    report = BuildReport()
    checked = check(config, report)
    if checked.site is None:
        sys.exit("the content has errors; run build.py check")
    site = checked.site
    marks = [CityMark(e.slug, e.meta["coordinates"]["lon"], e.meta["coordinates"]["lat"], "", e.meta["title"], "#",
                      e.meta["country"]) for e in site.listing(CITIES)]
    svg = draw_city_map(marks, ROOT / ATLAS, config.title)
    html = PAGE.format(w=WIDTH, h=HEIGHT, title=config.title, tagline=checked.strings["en"]["site_tagline"], svg=svg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(html)
        page.screenshot(path=str(OUT), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    print(f"wrote {OUT.relative_to(ROOT)} ({WIDTH} x {HEIGHT})")


if __name__ == "__main__":
    main()
