"""Collections are data: a fourth collection added with no Python builds every page type, and
site.yaml is checked against its own schema, each problem at its line (hub/source/config.py)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from hub.cli import main

from conftest import FIXTURES, REPO, make_site
from helpers import run_build, run_check, slow_but

SLUG = "testville-transit-agency"


def with_partners(root, lines: str | None = None):
    """The small site plus the `partners` fixture: schema, templates, content and site.yaml lines."""
    for folder in ("schemas", "templates", "content"):
        shutil.copytree(FIXTURES / "partners" / folder, root / folder, dirs_exist_ok=True)
    shutil.copy2(REPO / "site_src/pages/data.md", root / "site_src/pages/data.md")   # the open-data page
    lines = (FIXTURES / "partners/site.yaml.partners").read_text() if lines is None else lines
    config = root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n# Controlled vocabularies", f"\n{lines}# Controlled vocabularies", 1),
                      encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def partners_site(tmp_path_factory):
    root = with_partners(make_site(tmp_path_factory.mktemp("partners") / "site"))
    report = run_build(root)
    assert report.written, [str(d) for d in report.diagnostics]
    return root / "public"


def test_a_fourth_collection_gets_its_pages_in_every_language(partners_site):
    page = (partners_site / f"partners/{SLUG}/index.html").read_text(encoding="utf-8")
    assert "Testville Transit Agency" in page and 'class="lead partner-kind">agency<' in page
    # not translated into Indonesian: no page there (hub/model/pages.py); its menu leads to the Indonesian list
    assert not (partners_site / f"id/partners/{SLUG}/index.html").exists()
    assert 'href="/id/partners/" hreflang="id" class="lang-missing"' in page
    for prefix in ("", "id/"):
        listing = (partners_site / prefix / "partners/index.html").read_text(encoding="utf-8")
        assert 'class="card-summary partner-card">A made-up agency' in listing   # its card-partners.html
        assert f'<a href="/partners/{SLUG}/"' in listing   # the Indonesian list links to its English page
        nav = listing.split('class="wrap main-nav"', 1)[1].split("</nav>", 1)[0]
        assert f'href="/{prefix}partners/"' in nav and ">Partner</a>" in nav   # named by its schema's title


def test_a_fourth_collection_is_in_the_feeds_json_ld_open_data_and_sitemap(partners_site):
    page = (partners_site / f"partners/{SLUG}/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    types = {node["@type"]: node for node in data["@graph"]}
    assert types["Organization"]["name"] == "Testville Transit Agency"
    assert [item["name"] for item in types["BreadcrumbList"]["itemListElement"]][1:] == \
        ["Partner", "Testville Transit Agency"]
    assert f"/partners/{SLUG}/" in (partners_site / "feed.xml").read_text(encoding="utf-8")
    assert f"/partners/{SLUG}/" in (partners_site / "sitemap.xml").read_text(encoding="utf-8")
    items = json.loads((partners_site / "api/partners.json").read_text(encoding="utf-8"))["items"]
    assert [item["slug"] for item in items] == [SLUG]
    assert 'id="data-partners"' in (partners_site / "data/index.html").read_text(encoding="utf-8")
    assert 'id="fields-partners"' in (partners_site / "contribute/index.html").read_text(encoding="utf-8")


def test_a_collection_without_a_list_template_builds_without_a_list_page(tmp_path):
    lines = (FIXTURES / "partners/site.yaml.partners").read_text().replace("    list_template: partners.html\n", "")
    root = with_partners(make_site(tmp_path / "site"), lines)
    assert run_build(root).written
    public = root / "public"
    assert (public / f"partners/{SLUG}/index.html").is_file() and not (public / "partners/index.html").exists()
    page = (public / f"partners/{SLUG}/index.html").read_text(encoding="utf-8")
    assert 'href="/partners/"' not in page


def test_a_missing_card_template_is_reported_at_the_collections_line_in_site_yaml(tmp_path):
    root = with_partners(make_site(tmp_path / "site"))
    (root / "templates/card-partners.html").unlink()
    problems = [d for d in run_check(root) if d.code == "template-missing"]
    line = (root / "site.yaml").read_text().splitlines().index("    template: partner.html") + 1
    assert [(d.path, d.line, "card-partners.html" in d.message) for d in problems] == [("site.yaml", line, True)]


@pytest.mark.parametrize("bad, line_text, words", [
    ("    lsit_template: partners.html\n", "    lsit_template: partners.html", "unknown setting 'collections.partners.lsit_template'"),
    ("    nav: maybe\n", "    nav: maybe", "'collections.partners.nav': 'maybe' is not of type 'boolean'"),
    ("    feed_dates: updated\n", "    feed_dates: updated", "'collections.partners.feed_dates'"),
])
def test_a_site_yaml_error_is_a_diagnostic_at_its_file_and_line(tmp_path, capsys, bad, line_text, words):
    root = with_partners(make_site(tmp_path / "site"),
                         (FIXTURES / "partners/site.yaml.partners").read_text() + bad)
    line = (root / "site.yaml").read_text().splitlines().index(line_text) + 1
    assert main(["check"], root=root) == 1
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    assert f"site.yaml:{line}:" in printed.out + printed.err and words in printed.out + printed.err


@pytest.mark.parametrize("parent, words", [
    ("kind", "'kind' is not a field of schemas/partners.yaml that refers to a vocabulary"),      # an enum
    ("city", "'city' is not a field of schemas/partners.yaml that refers to a vocabulary"),      # refers to a collection
    ("country", "'country' is not a field of schemas/partners.yaml that refers to a vocabulary"),  # no such field
])
def test_a_breadcrumb_parent_that_is_not_a_vocabulary_field_is_reported_at_its_line(tmp_path, capsys, parent, words):
    """It used to crash the build (KeyError, or a term looked up in a collection) while rendering."""
    bad = f"    breadcrumb_parent: {parent}\n"
    root = with_partners(make_site(tmp_path / "site"), (FIXTURES / "partners/site.yaml.partners").read_text() + bad)
    lines = (root / "site.yaml").read_text().splitlines()
    line = lines.index(bad.rstrip("\n"), lines.index("  partners:")) + 1
    for command in ("check", "build"):
        assert main([command], root=root) == 1
        printed = capsys.readouterr()
        assert "Traceback" not in printed.out + printed.err
        assert f"site.yaml:{line}:" in printed.out + printed.err and words in printed.out + printed.err
    assert not (root / "public").exists()


def test_map_on_a_collection_without_coordinates_is_reported_at_its_line(tmp_path, capsys):
    root = with_partners(make_site(tmp_path / "site"),
                         (FIXTURES / "partners/site.yaml.partners").read_text() + "    map: true\n")
    lines = (root / "site.yaml").read_text().splitlines()
    line = lines.index("    map: true", lines.index("  partners:")) + 1
    assert main(["check"], root=root) == 1
    printed = capsys.readouterr().out
    assert f"site.yaml:{line}:" in printed and "schemas/partners.yaml has no 'coordinates' field" in printed


def json_ld(page_path) -> dict:
    page = page_path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    return {node["@type"]: node for node in data["@graph"]}


@pytest.mark.parametrize("kind", slow_but(["City", "Event", "Project"], "City"))
def test_a_schema_org_type_whose_fields_the_collection_lacks_gives_what_it_has(tmp_path, kind):
    """Partners have no coordinates, country, dates or focus areas: the City, Event or Project
    JSON-LD gives what they have (it used to fail rendering on the first missing field)."""
    lines = (FIXTURES / "partners/site.yaml.partners").read_text().replace("schema_org: Organization",
                                                                           f"schema_org: {kind}")
    root = with_partners(make_site(tmp_path / "site"), lines)
    report = run_build(root)
    assert report.written, [str(d) for d in report.diagnostics]
    node = json_ld(root / f"public/partners/{SLUG}/index.html")[kind]
    assert node["name"] == "Testville Transit Agency" and node["url"].endswith(f"/partners/{SLUG}/")
    assert not {"geo", "address", "containedInPlace", "startDate", "location", "keywords"} & set(node)
    if kind == "Project":   # its `city` field refers to the City-typed cities
        assert [place["url"].rsplit("/", 2)[-2] for place in node["areaServed"]] == ["makassar"]


def test_the_map_shows_a_collection_without_a_country_field(tmp_path):
    """`map: true` on a collection with coordinates but no country: its entries are on the map, named
    by their title alone (it used to fail on the missing `country`)."""
    root = with_partners(make_site(tmp_path / "site"),
                         (FIXTURES / "partners/site.yaml.partners").read_text() + "    map: true\n")
    cities = (REPO / "schemas/cities.yaml").read_text(encoding="utf-8")
    point = cities[cities.index("  coordinates:\n"):cities.index("  joined:")]
    schema = root / "schemas/partners.yaml"
    schema.write_text(schema.read_text(encoding="utf-8") + point, encoding="utf-8")
    entry = root / f"content/partners/{SLUG}.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("city: makassar\n",
                                                               "city: makassar\ncoordinates: {lat: -5.2, lon: 119.5}\n"))
    report = run_build(root)
    assert report.written, [str(d) for d in report.diagnostics]
    home = (root / "public/index.html").read_text(encoding="utf-8")
    assert f'aria-label="Testville Transit Agency" data-city="{SLUG}"' in home
    assert re.search(r'aria-label="Makassar, [^"]+" data-city="makassar"', home)   # cities keep their country
