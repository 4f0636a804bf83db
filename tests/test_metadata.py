"""Metadata and budgets of the built pages: canonical and hreflang links, Open Graph and Twitter cards,
JSON-LD (schema.org), and the size, script and image budgets of issue 8."""

from __future__ import annotations

import json
import re
import statistics
from html import unescape as html_unescape
from html.parser import HTMLParser

import pytest

from hub.render.images import image_size

from conftest import REPO

BASE = "https://ascn-hub.netlify.app"


class Page(HTMLParser):
    """What the tests read from a page: meta tags, links, scripts, images, h1s, style attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.meta, self.links, self.scripts, self.images, self.h1, self.styles = {}, [], [], [], 0, 0
        self.lang = None
        self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.styles += 1
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        elif tag == "link":
            self.links.append(a)
        elif tag == "script":
            self._script = {"attrs": a, "text": ""}
            self.scripts.append(self._script)
        elif tag == "img":
            self.images.append(a)
        elif tag == "h1":
            self.h1 += 1

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def json_ld(self) -> dict | None:
        blocks = [s for s in self.scripts if s["attrs"].get("type") == "application/ld+json"]
        return json.loads(blocks[0]["text"]) if blocks else None


@pytest.fixture
def small(small_built):
    return small_built / "public"


def read(public, name) -> Page:
    return Page((public / name).read_text(encoding="utf-8"))


def html_pages(public):
    """The site's pages: not Pagefind's files, nor the web editor at /admin/ (its own rules, tests/test_cms.py)."""
    return sorted(p for p in public.rglob("*.html") if "pagefind" not in p.parts and p.relative_to(public).parts[0] != "admin")


def output_of(url: str) -> str:
    path = url[len(BASE):].lstrip("/")
    return path if path.endswith(".html") else path + "index.html"


def test_every_page_has_lang_one_h1_canonical_hreflang_and_social_cards(small):
    from hub.source.config import load_config

    languages = set(load_config(REPO).languages)
    for path in html_pages(small):
        rel = path.relative_to(small).as_posix()
        page = read(small, rel)
        assert page.lang in languages and page.h1 == 1, rel
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert len(canonical) == 1 and canonical[0].startswith(BASE), rel
        alternates = {link["hreflang"]: link["href"] for link in page.links
                      if link.get("rel") == "alternate" and "hreflang" in link}
        assert "robots" not in page.meta, rel
        # the languages the page is written in (hub/model/pages.py): itself, and only pages that exist
        assert page.lang in alternates and "x-default" in alternates, rel
        assert set(alternates) <= languages | {"x-default"}, rel
        assert all((small / output_of(url)).is_file() for url in alternates.values()), rel
        assert page.meta["og:url"] == canonical[0]
        assert page.meta["twitter:card"] == "summary_large_image"
        assert page.meta["og:title"] == page.meta["twitter:title"] and page.meta["og:image"] == page.meta["twitter:image"]
        assert page.meta["og:image:alt"] and page.meta["twitter:image:alt"]
        assert any(link.get("type") == "application/atom+xml" for link in page.links)


def test_default_social_image_is_a_1200_by_630_png_that_exists(small):
    page = read(small, "index.html")
    image = page.meta["og:image"]
    assert image.startswith(BASE + "/assets/img/social.") and image.endswith(".png")
    assert image_size(small / image[len(BASE) + 1:]) == (1200, 630)
    assert (page.meta["og:image:width"], page.meta["og:image:height"], page.meta["og:image:type"]) == \
        ("1200", "630", "image/png")


def graph(page: Page) -> dict[str, dict]:
    data = page.json_ld()
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def test_json_ld_city_event_project_and_breadcrumbs(small):
    city = graph(read(small, "cities/makassar/index.html"))
    assert city["City"]["geo"] == {"@type": "GeoCoordinates", "latitude": -5.14861, "longitude": 119.43194}
    assert city["City"]["address"]["addressCountry"] == "ID"
    assert city["City"]["url"] == f"{BASE}/cities/makassar/"
    trail = city["BreadcrumbList"]["itemListElement"]
    assert [item["position"] for item in trail] == [1, 2, 3, 4]
    assert [item["item"] for item in trail] == [f"{BASE}/", f"{BASE}/cities/", f"{BASE}/countries/id/",
                                                 f"{BASE}/cities/makassar/"]
    meeting = graph(read(small, "meetings/2023-bali/index.html"))["Event"]
    assert (meeting["startDate"], meeting["endDate"]) == ("2023-07-12", "2023-07-13")
    assert meeting["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert meeting["location"]["@type"] == "Place"
    project = graph(read(small, "projects/makassar-home-care/index.html"))["Project"]
    assert project["areaServed"][0]["url"] == f"{BASE}/cities/makassar/"
    indonesian = graph(read(small, "id/cities/makassar/index.html"))
    assert indonesian["City"]["url"] == f"{BASE}/id/cities/makassar/"
    assert indonesian["BreadcrumbList"]["itemListElement"][0]["item"] == f"{BASE}/id/"
    assert read(small, "404.html").json_ld() is None


def test_every_json_ld_block_is_json_with_absolute_urls(small):
    for path in html_pages(small):
        page = read(small, path.relative_to(small).as_posix())
        data = page.json_ld()
        if data is None:
            continue
        urls = re.findall(r'"(?:url|item)": "([^"]*)"', json.dumps(data))
        assert urls and all(url.startswith(BASE + "/") for url in urls), path



def test_the_visible_breadcrumb_is_the_json_ld_trail_without_the_home_page(small):
    """One trail per page (hub/model/breadcrumbs.py): where a page shows a breadcrumb, its names and
    links are the BreadcrumbList's after the home page, and the last is the page itself."""
    shown = 0
    for path in html_pages(small):
        html = path.read_text(encoding="utf-8")
        nav = re.search(r'<nav aria-label="[^"]*" class="breadcrumb".*?</nav>', html, re.S)
        if not nav:
            continue
        items = re.findall(r'<li>(?:<a href="([^"]*)">|<span aria-current="page">)([^<]*)<', nav.group(0))
        trail = graph(read(small, path.relative_to(small).as_posix()))["BreadcrumbList"]["itemListElement"]
        names = [html_unescape(name) for _, name in items]
        assert names == [item["name"] for item in trail[1:]], path
        assert [BASE + url for url, _ in items[:-1]] == [item["item"] for item in trail[1:-1]], path
        assert not items[-1][0], path
        shown += 1
    assert shown > 10


@pytest.fixture
def real(bundled_public):
    return bundled_public


def test_median_entry_page_with_its_css_is_at_most_35_kb(real):
    css = list((real / "assets/css").glob("site.*.css"))
    assert len(css) == 1 and re.fullmatch(r"site\.[0-9a-f]{10}\.css", css[0].name)
    sizes = [p.stat().st_size + css[0].stat().st_size
             for folder in ("cities", "projects", "meetings") for p in (real / folder).glob("*/index.html")]
    sizes += [p.stat().st_size + css[0].stat().st_size
              for folder in ("cities", "projects", "meetings") for p in (real / "id" / folder).glob("*/index.html")]
    assert len(sizes) >= 100   # 82 entries in English, 23 of them also in Indonesian
    median = statistics.median(sizes)
    print(f"median entry page with CSS: {median / 1024:.1f} KB (largest {max(sizes) / 1024:.1f} KB)")
    assert median <= 35 * 1024


def test_pages_need_no_script_but_search_and_have_no_inline_style(real):
    for path in html_pages(real):
        rel = path.relative_to(real).as_posix()
        page = read(real, rel)
        assert page.styles == 0, rel
        assert not any(link.get("rel") == "stylesheet" and "/assets/css/" not in link["href"] for link in page.links)
        assert sum(1 for link in page.links if link.get("rel") == "stylesheet") == 1, rel
        for script in page.scripts:
            if script["attrs"].get("type") == "application/ld+json":
                continue
            assert rel.endswith("search/index.html"), rel
            assert script["attrs"]["src"].startswith("/assets/js/search.") and not script["text"].strip()
        for image in page.images:
            assert image.get("width") and image.get("height"), (rel, image)
        for svg in re.findall(r"<svg [^>]*>", path.read_text(encoding="utf-8")):
            assert 'width="' in svg and 'height="' in svg, rel
