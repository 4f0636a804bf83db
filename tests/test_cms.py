"""hub/formats/cms.py: the web editor's configuration from the schemas and site.yaml, and /admin/ in the built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from hub.formats import cms
from hub.search import index as search
from hub.source.config import load_config
from hub.source.schemas import load_schemas

from conftest import REPO, make_site
from helpers import run_build


def editor_site(destination: Path) -> Path:
    """A fixture site with the web editor's files (make_site leaves them out)."""
    root = make_site(destination)
    for folder in (cms.ADMIN, *cms.VENDOR.values()):
        shutil.copytree(REPO / folder, root / folder)
    return root


def fields_of(config: dict, collection: str) -> dict[str, dict]:
    [found] = [c for c in config["collections"] if c["name"] == collection]
    return {field["name"]: field for field in found["fields"]}


@pytest.fixture(scope="module")
def generated() -> dict:
    return cms.cms_config(load_config(REPO))


def test_committed_configuration_is_up_to_date_with_the_schemas():
    current = (REPO / cms.COMMITTED).read_text(encoding="utf-8")
    assert current == cms.config_text(load_config(REPO)), \
        "site_src/admin/config.yml is out of date with schemas/: run .venv/bin/python -m hub.formats.cms"


def test_every_collection_and_field_of_the_schemas_is_in_the_editor_in_schema_order(generated):
    config = load_config(REPO)
    schemas = load_schemas(config)
    assert [c["name"] for c in generated["collections"]] == list(config.collections)
    for collection in generated["collections"]:
        schema = schemas[collection["name"]].schema
        assert collection["folder"] == f"content/{collection['name']}"
        assert [f["name"] for f in collection["fields"]] == [*schema["properties"], "body"]
        for field in collection["fields"]:
            spec = schema["properties"].get(field["name"], {})
            if spec.get("type") == "object":
                assert [f["name"] for f in field["fields"]] == list(spec["properties"])


def test_widgets_follow_the_json_schema_types(generated):
    cities, projects, meetings = (fields_of(generated, name) for name in ("cities", "projects", "meetings"))
    assert cities["title"]["widget"] == "string" and cities["summary"]["widget"] == "text"
    assert cities["joined"] == {"label": "Joined ASCN", "name": "joined", "widget": "number", "value_type": "int",
                                      "min": 2018, "max": 2100, "required": True, "i18n": False,
                                      "hint": "Year the city joined ASCN (2018 for the 26 pilot cities)."}
    lat = cities["coordinates"]["fields"][0]
    assert (cities["coordinates"]["widget"], lat["widget"], lat["value_type"], lat["min"], lat["max"], lat["required"]) \
        == ("object", "number", "float", -90, 90, True)
    assert cities["draft"]["widget"] == "boolean" and projects["network_wide"]["widget"] == "boolean"
    assert meetings["start_date"].items() >= {"widget": "datetime", "format": "YYYY-MM-DD", "time_format": False}.items()
    assert cities["website"]["pattern"] == ["^https?://", "must start with http:// or https://"]
    assert cities["sources"]["widget"] == "list" and cities["sources"]["min"] == 1
    assert cities["sources"]["field"]["widget"] == "string" and cities["sources"]["field"]["pattern"][0] == "^https?://"
    assert meetings["outcomes"]["widget"] == "list" and "min" not in meetings["outcomes"]


def test_enums_and_vocabularies_are_selects_with_labels_and_references_are_relations(generated):
    projects, cities, meetings = (fields_of(generated, name) for name in ("projects", "cities", "meetings"))
    assert projects["status"]["widget"] == "select"
    assert projects["status"]["options"][0] == {"label": "Planned", "value": "planned"}        # site_src/i18n/en.yaml
    assert meetings["format"]["options"][0] == {"label": "In person", "value": "in-person"}
    assert cities["country"]["widget"] == "select" and {"label": "Viet Nam", "value": "VN"} in cities["country"]["options"]
    assert cities["focus_areas"].items() >= {"widget": "select", "multiple": True}.items()
    assert {"label": "Health and Well-Being", "value": "health-and-well-being"} in cities["focus_areas"]["options"]
    assert projects["focus_areas"]["min"] == 1
    assert projects["city"].items() >= {"widget": "relation", "collection": "cities", "value_field": "{{slug}}"}.items()
    assert "multiple" not in projects["city"]
    assert projects["cities"].items() >= {"widget": "relation", "collection": "cities", "multiple": True, "min": 1}.items()


def test_required_optional_and_hints(generated):
    cities, projects = fields_of(generated, "cities"), fields_of(generated, "projects")
    assert cities["country"]["required"] is True and cities["region"]["required"] is False
    assert cities["region"]["hint"] == "Province, state or other first-level region the city lies in."
    # one of city, cities, network_wide: none is required by itself, the hint says so
    for name in ("city", "cities", "network_wide"):
        assert projects[name]["required"] is False
        assert projects[name]["hint"].endswith("One of city, cities, network_wide is needed.")
    # an optional group's sub-fields are optional in the form (Decap would demand them of an empty group)
    assert [f["required"] for f in cities["population"]["fields"]] == [False, False]
    assert [f["required"] for f in cities["coordinates"]["fields"]] == [True, True]


def test_translations_are_sibling_files_limited_to_title_summary_and_body(generated):
    assert generated["i18n"] == {"structure": "multiple_files", "locales": list(load_config(REPO).languages), "default_locale": "en"}
    for collection in generated["collections"]:
        assert collection["i18n"] is True and collection["format"] == "hub-frontmatter"
        assert [f["name"] for f in collection["fields"] if f["i18n"]] == ["title", "summary", "body"]


def test_github_backend_with_editorial_workflow_and_open_authoring(tmp_path, generated):
    assert generated["publish_mode"] == "editorial_workflow"
    assert generated["backend"].items() >= {"name": "github", "base_url": "https://api.netlify.com",
                                         "auth_endpoint": "auth", "open_authoring": True}.items()
    assert "local_backend" not in generated       # hub-cms.js adds it on 127.0.0.1 only
    root = editor_site(tmp_path / "site")
    (root / "site.yaml").write_text((root / "site.yaml").read_text() + "repo_url: https://github.com/example/hub\n")
    assert cms.cms_config(load_config(root))["backend"]["repo"] == "example/hub"


def test_no_credential_is_in_the_editor_files():
    text = (REPO / cms.COMMITTED).read_text() + (REPO / cms.ADMIN / "hub-cms.js").read_text()
    for word in ("secret", "token:", "client_id", "password"):
        assert word not in text.lower()


def test_a_new_field_and_a_new_collection_appear_with_no_other_change(tmp_path, capsys):
    root = editor_site(tmp_path / "site")
    shutil.copy2(REPO / cms.COMMITTED, root / cms.COMMITTED)
    assert cms.main(["--check"], root=root) == 0
    schema = root / "schemas/cities.yaml"
    schema.write_text(schema.read_text() + "  nickname:\n    type: string\n    description: What people call the city.\n")
    assert cms.main(["--check"], root=root) == 1
    assert "site_src/admin/config.yml: the editor's configuration is out of date" in capsys.readouterr().err
    assert cms.main([], root=root) == 0 and cms.main(["--check"], root=root) == 0
    assert fields_of(yaml.safe_load((root / cms.COMMITTED).read_text()), "cities")["nickname"].items() >= \
        {"widget": "string", "required": False, "hint": "What people call the city."}.items()

    (root / "schemas/partners.yaml").write_text("title: Partner\ntype: object\nproperties:\n  kind:\n"
                                                "    type: string\n    enum: [agency, company]\n")
    site_yaml = root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace(
        "# Controlled", "  partners:\n    template: page.html\n    list_template: page.html\n# Controlled"))
    partners = fields_of(cms.cms_config(load_config(root)), "partners")
    assert list(partners) == ["title", "summary", "sources", "updated", "draft", "aliases", "kind", "body"]
    assert partners["kind"]["options"] == [{"label": "agency", "value": "agency"}, {"label": "company", "value": "company"}]


@pytest.mark.slow
def test_the_build_writes_the_editor_and_keeps_it_out_of_sitemap_robots_and_search(tmp_path):
    root = editor_site(tmp_path / "site")
    assert run_build(root).written
    public = root / "public"
    assert (public / "admin/config.yml").read_text() == cms.config_text(load_config(root))
    for name in ("admin/hub-cms.js", "admin/vendor/decap-cms/decap-cms.js", "admin/vendor/decap-cms/LICENSE",
                 "admin/vendor/js-yaml/js-yaml.min.js", "admin/vendor/js-yaml/LICENSE"):
        assert (public / name).is_file(), name
    index = (public / "admin/index.html").read_bytes()
    css = next((public / "assets/css").glob("site.*.css")).name
    assert f'data-preview-style="/assets/css/{css}"'.encode() in index
    assert b'<meta name="robots" content="noindex, nofollow">' in index
    assert search.indexed_part(index) is None            # Pagefind leaves it out
    assert "/admin/" not in (public / "sitemap.xml").read_text()
    assert "Disallow: /admin/\n" in (public / "robots.txt").read_text()


@pytest.mark.slow
def test_the_editor_files_are_remade_when_what_they_are_made_from_changes(tmp_path):
    root = editor_site(tmp_path / "site")
    assert run_build(root).written
    script = root / cms.ADMIN / "hub-cms.js"
    script.write_text(script.read_text() + "// changed\n")
    assert run_build(root).written
    assert (root / "public/admin/hub-cms.js").read_text().endswith("// changed\n")
    vendored = root / cms.VENDOR["js-yaml"] / "LICENSE"
    vendored.write_text(vendored.read_text() + "changed\n")
    terms = root / "content/_data/countries.yaml"
    terms.write_text(terms.read_text().replace("name: Viet Nam", "name: Vietnam"))
    assert run_build(root).written
    assert (root / "public/admin/vendor/js-yaml/LICENSE").read_text().endswith("changed\n")
    assert "label: Vietnam" in (root / "public/admin/config.yml").read_text()
