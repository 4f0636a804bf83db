"""The field reference is generated from the schemas: in CONTRIBUTING.md (kept up to date) and on /contribute/."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hub.model import field_reference
from hub.source.config import load_config
from hub.source.schemas import load_schemas

from conftest import REPO
from helpers import run_build


class _ReferenceTables(HTMLParser):
    """Rows of the tables in the page's field-reference section, by the heading id above each table."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.section = None
        self.tables: dict[str, list[list[str]]] = {}
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "field-reference" in (attrs.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "h3":
            self.section = attrs["id"].removeprefix("fields-")
            self.tables[self.section] = []
        elif self.inside and tag == "tr":
            self.tables[self.section].append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "section":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_rows(html: str) -> dict[str, list[tuple[str, ...]]]:
    parser = _ReferenceTables()
    parser.feed(html)
    return {name: [tuple(row) for row in rows[1:]] for name, rows in parser.tables.items()}   # skip the header row


def generated_rows(root: Path) -> dict[str, list[tuple[str, ...]]]:
    config = load_config(root)
    schemas = load_schemas(config)
    return {name: [(r.name, r.type, r.required, r.description) for r in field_reference.field_rows(schemas[name].schema)]
            for name in config.collections}


def test_contributing_md_field_reference_is_up_to_date_with_the_schemas():
    current = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    wanted = field_reference.with_reference(current, field_reference.reference_markdown(load_config(REPO)))
    assert current == wanted, "CONTRIBUTING.md is out of date with schemas/: run .venv/bin/python -m hub.model.field_reference"


def test_contribute_page_shows_the_same_reference_for_every_collection_in_both_languages(small_built):
    site_root = small_built
    expected = generated_rows(site_root)
    assert set(expected) == {"cities", "projects", "meetings"}
    assert ("projects", ("city", "reference to cities", "one of city, cities, network_wide",
                         "Slug of the member city that runs the project (e.g. makassar). Use cities for several.")) \
        in [(name, row) for name, rows in expected.items() for row in rows]
    for prefix in ("", "id/"):
        html = (site_root / "public" / prefix / "contribute/index.html").read_text(encoding="utf-8")
        assert page_rows(html) == expected, prefix
        assert html.index("<code>python build.py check</code>") < html.index('id="field-reference"')   # text first
    # in English on the other languages' pages, and indexed in English only
    assert '<section class="prose field-reference" aria-labelledby="field-reference" lang="en" data-pagefind-ignore>' in \
        (site_root / "public/id/contribute/index.html").read_text()


@pytest.mark.slow
def test_a_schema_change_reaches_the_page_at_build_time_and_fails_the_contributing_check(built_root, capsys):
    shutil.copy2(REPO / "CONTRIBUTING.md", built_root / "CONTRIBUTING.md")
    assert field_reference.main(["--check"], root=built_root) == 0
    schema = built_root / "schemas/cities.yaml"
    schema.write_text(schema.read_text().replace("Year the city joined ASCN", "Year the city entered ASCN"))

    assert field_reference.main(["--check"], root=built_root) == 1
    assert "CONTRIBUTING.md: the field reference is out of date" in capsys.readouterr().err
    assert field_reference.main([], root=built_root) == 0
    assert "| `joined` | whole number | yes | Year the city entered ASCN" in (built_root / "CONTRIBUTING.md").read_text()
    assert field_reference.main(["--check"], root=built_root) == 0

    assert run_build(built_root).written
    html = (built_root / "public/contribute/index.html").read_text()
    assert ("joined", "whole number", "yes", "Year the city entered ASCN (2018 for the 26 pilot cities).") in \
        page_rows(html)["cities"]


def test_reference_needs_its_markers():
    with pytest.raises(ValueError, match="one pair of markers"):
        field_reference.with_reference("# Contributing\n", "table")


def test_the_data_page_puts_each_fields_type_in_the_contribute_pages_words(bundled_public):
    """One source for the words of a type (hub/field_reference.type_label): a field that both
    pages list has the same type on /data/ as in the field reference on /contribute/."""
    contribute = page_rows((bundled_public / "contribute/index.html").read_text(encoding="utf-8"))
    data = (bundled_public / "data/index.html").read_text(encoding="utf-8")
    compared = 0
    for collection, rows in contribute.items():
        section = data.split(f'id="data-{collection}"', 1)[1].split("</section>", 1)[0]
        listed = dict(re.findall(r'<dt><code>([^<]+)</code> <span class="meta"><span[^>]*>([^<]+)</span>', section))
        for name, type_words, _required, _description in rows:
            if name in listed and name != "image":   # a file in content/, an address in the data
                assert listed[name] == type_words, (collection, name)
                compared += 1
    assert compared > 20
