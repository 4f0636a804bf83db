"""Open data (hub/formats/opendata.py) and the Atom feed (hub/formats/feed.py), built from the small fixture: the files
validate against their published JSON Schemas, round-trip the model's counts and values, and are
byte-identical from build to build."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from jsonschema import Draft202012Validator

from hub.build import BuildReport, check
from hub.formats.opendata import API_VERSION, LIST_SEPARATOR, csv_columns, item_schema
from hub.source.config import load_config

from conftest import REPO
from helpers import run_build, snapshot, write

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(small_built):
    site = check(load_config(small_built), BuildReport()).site
    return small_built, small_built / "public", site


def load(public, name):
    return json.loads((public / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("collection", ["cities", "projects", "meetings"])
def test_json_validates_against_its_published_schema_and_holds_every_entry(built, collection):
    root, public, site = built
    data = load(public, f"api/{collection}.json")
    schema = load(public, f"api/schemas/{collection}.json")
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data))
    assert errors == []
    assert data["version"] == API_VERSION and data["collection"] == collection
    assert data["count"] == len(data["items"]) == len(site.order[collection])
    assert [item["slug"] for item in data["items"]] == list(site.order[collection])
    assert data["license"] == "CC-BY-4.0" and data["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC BY 4.0" in data["license_note"] and "sources" in data["license_note"]
    assert schema["$id"] == data["schema"]


def test_items_carry_the_frontmatter_and_translations(built):
    root, public, site = built
    makassar = next(i for i in load(public, "api/cities.json")["items"] if i["slug"] == "makassar")
    entry = site.entry("cities", "makassar")
    assert makassar["coordinates"] == entry.meta["coordinates"]
    assert makassar["url"] == "https://ascn-hub.netlify.app/cities/makassar/"
    translated = site.translations[("cities", "makassar")]["id"].meta
    assert makassar["translations"]["id"] == {"url": "https://ascn-hub.netlify.app/id/cities/makassar/",
                                              "title": translated["title"], "summary": translated["summary"]}
    da_nang = next(i for i in load(public, "api/cities.json")["items"] if i["slug"] == "da-nang")
    # not translated into Indonesian: it has no page there (hub/model/pages.py), its readers are sent to its own
    assert da_nang["translations"]["id"] == {"url": "https://ascn-hub.netlify.app/cities/da-nang/"}
    assert "draft" not in makassar and "aliases" not in makassar


def test_item_schema_documents_every_field_from_the_collection_schemas(built):
    root, public, site = built
    for collection in site.config.collections:
        properties = item_schema(site, collection)["properties"]
        for name, spec in properties.items():
            assert spec.get("description"), f"{collection}.{name} has no description"
        assert not any(key.startswith("x-") for key in json.dumps(properties).split('"'))


@pytest.mark.parametrize("collection", ["cities", "projects", "meetings"])
def test_csv_round_trips_the_json(built, collection):
    root, public, site = built
    items = load(public, f"api/{collection}.json")["items"]
    text = (public / f"api/{collection}.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == csv_columns(item_schema(site, collection))
    assert len(rows) == len(items)
    for item, row in zip(items, rows):
        flat = {}
        stack = [("", item)]
        while stack:
            prefix, value = stack.pop()
            if isinstance(value, dict):
                stack += [(f"{prefix}{k}.", v) for k, v in value.items()]
            elif isinstance(value, list):
                assert all(LIST_SEPARATOR not in str(v) for v in value)
                flat[prefix[:-1]] = [str(v) for v in value]
            else:
                flat[prefix[:-1]] = "true" if value is True else str(value)
        for column, value in flat.items():
            cell = row[column]
            assert (cell.split(LIST_SEPARATOR) if isinstance(value, list) else cell) == value, (item["slug"], column)
        assert all(row[c] == "" for c in row if c not in flat)


def test_geojson_has_a_point_per_city_in_longitude_latitude_order(built):
    root, public, site = built
    data = load(public, "api/cities.geojson")
    schema = load(public, "api/schemas/cities.geojson.json")
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(site.order["cities"])
    for feature in data["features"]:
        coordinates = site.entry("cities", feature["id"]).meta["coordinates"]
        assert feature["geometry"]["coordinates"] == [coordinates["lon"], coordinates["lat"]]
        assert "coordinates" not in feature["properties"]


@pytest.mark.slow
def test_feed_lists_meetings_and_updated_entries_newest_first(built_root):
    root = built_root
    path = root / "content/cities/da-nang.md"
    path.write_text(path.read_text(encoding="utf-8").replace("joined:", "updated: 2024-02-03\njoined:", 1),
                    encoding="utf-8")
    assert run_build(root).written
    feed = ET.parse(root / "public/feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.find(f"{ATOM}updated").text == dates[0]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert "https://ascn-hub.netlify.app/cities/da-nang/" in links
    assert "https://ascn-hub.netlify.app/meetings/2023-bali/" in links
    assert dates[links.index("https://ascn-hub.netlify.app/cities/da-nang/")] == "2024-02-03T00:00:00Z"
    assert "https://ascn-hub.netlify.app/cities/makassar/" not in links    # no `updated` date, not a meeting
    indonesian = ET.parse(root / "public/id/feed.xml").getroot()
    assert indonesian.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    bali = next(e for e in indonesian.findall(f"{ATOM}entry") if "2023-bali" in e.find(f"{ATOM}link").get("href"))
    assert bali.find(f"{ATOM}link").get("href") == "https://ascn-hub.netlify.app/id/meetings/2023-bali/"
    assert bali.get("{http://www.w3.org/XML/1998/namespace}lang") is None     # translated, so in Indonesian


@pytest.mark.slow
def test_open_data_and_feeds_are_byte_identical_from_build_to_build(small_built, site_root):
    first, second = small_built, site_root      # two cold builds of the same content
    assert run_build(second).written
    names = [n for n in snapshot(first / "public") if n.startswith("api/") or n.endswith("feed.xml")]
    assert len(names) >= 12
    assert {n: snapshot(first / "public")[n] for n in names} == {n: snapshot(second / "public")[n] for n in names}



@pytest.mark.slow
def test_data_page_lists_every_file_and_field_in_both_languages(built_root):
    root = built_root
    write(root, "site_src/pages/data.md", (REPO / "site_src/pages/data.md").read_text(encoding="utf-8"))
    assert run_build(root).written
    site = check(load_config(root), BuildReport()).site
    for page, prefix in (("data/index.html", ""), ("id/data/index.html", "/id")):
        html = (root / "public" / page).read_text(encoding="utf-8")
        for collection in site.config.collections:
            assert f'href="/api/{collection}.json" download' in html and f'href="/api/{collection}.csv" download' in html
            for name in item_schema(site, collection)["properties"]:
                assert f"<code>{name}</code>" in html
        assert 'href="/api/cities.geojson" download' in html and "<code>coordinates.lat</code>" in html
        assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener noreferrer">CC BY 4.0</a>' in html
        assert f'<li><a href="{prefix}/data/">' in (root / "public" / prefix.lstrip("/") / "index.html").read_text()
