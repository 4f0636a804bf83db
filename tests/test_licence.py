"""Licences: the code under MIT (LICENSE), the text and the open data under CC BY 4.0 (LICENSES/),
stated where a reader or a program meets them (the footer of every page in every language, /data/,
every /api/ file, the feeds), and the third-party parts listed with their own licences in one place.

The bundled content is built once per test run (the session fixture `bundled_public`).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from hub.formats.opendata import LICENSE, LICENSE_URL
from hub.source.config import load_config

from conftest import REPO

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
ATOM = "{http://www.w3.org/2005/Atom}"
THIRD_PARTY = REPO / "LICENSES" / "THIRD-PARTY.md"
FOOTER = re.compile(r'<footer class="site-footer"[^>]*>(.*?)</footer>', re.S)
LICENCE_LINK = re.compile(r'<a rel="license" href="([^"]*)">([^<]*)</a>')

pytestmark = pytest.mark.slow
LANGUAGES = list(load_config(REPO).languages)


def _prefix(lang: str) -> str:
    return load_config(REPO).lang_prefix(lang).strip("/")


def _page(public: Path, lang: str, rel: str) -> str:
    return (public / _prefix(lang) / rel).read_text(encoding="utf-8")


def test_the_nine_languages_are_covered():
    assert sorted(LANGUAGES) == sorted(["en", "id", "ms", "th", "vi", "fil", "km", "lo", "my"])


def test_the_code_is_under_the_mit_licence():
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 ASCN Knowledge Hub contributors" in text
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def test_the_text_and_data_statement_names_cc_by_and_what_it_covers():
    text = (REPO / "LICENSES" / "CC-BY-4.0.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and CC_BY in text
    for covered in ("`content/`", "`site_src/pages/`", "`/api/`"):
        assert covered in text, covered
    assert LICENSE == "CC-BY-4.0" and LICENSE_URL == CC_BY


def test_contributions_are_accepted_under_those_terms():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Licence of your contribution", 1)[1].split("\n## ", 1)[0]
    assert "MIT" in section and "CC BY 4.0" in section and CC_BY in section


@pytest.mark.parametrize("folder", ["site_src/vendor", "site_src/data"])
def test_every_third_party_folder_is_listed_with_its_licence_file(folder):
    listed = THIRD_PARTY.read_text(encoding="utf-8")
    parts = [p for p in sorted((REPO / folder).iterdir()) if p.is_dir()]
    assert parts
    for part in parts:
        rel = f"{folder}/{part.name}"
        assert f"`{rel}/`" in listed, f"{rel} is not listed in LICENSES/THIRD-PARTY.md"
        assert (part / "LICENSE").is_file(), f"{rel} has no LICENSE file"
        assert f"{rel}/LICENSE" in listed, f"LICENSES/THIRD-PARTY.md does not point to {rel}/LICENSE"
        declared = json.loads((part / "package.json").read_text(encoding="utf-8"))
        row = next(line for line in listed.splitlines() if f"`{rel}/`" in line)
        assert f"{declared['name']} {declared['version']}" in row and declared["license"] in row, row


def test_pagefind_is_listed_as_installed_with_the_licence_its_package_declares():
    pinned = re.search(r"^pagefind\[bin\]==(\S+)$", (REPO / "requirements.txt").read_text(), re.M).group(1)
    declared = metadata.metadata("pagefind")
    assert declared["Version"] == pinned
    row = next(line for line in THIRD_PARTY.read_text(encoding="utf-8").splitlines() if line.startswith("| Pagefind"))
    assert f"Pagefind {pinned}" in row and f"{declared['License-Expression']}," in row, row


@pytest.mark.parametrize("name", ["cities.json", "projects.json", "meetings.json", "cities.geojson"])
def test_every_api_file_says_cc_by_with_its_address(bundled_public, name):
    data = json.loads((bundled_public / "api" / name).read_text(encoding="utf-8"))
    assert data["license"] == "CC-BY-4.0" and data["license_url"] == CC_BY
    assert "CC BY 4.0" in data["license_note"] and "sources" in data["license_note"]
    schema_name = name if name.endswith(".json") else f"{name}.json"
    schema = json.loads((bundled_public / "api" / "schemas" / schema_name).read_text(encoding="utf-8"))
    assert schema["properties"]["license"]["const"] == "CC-BY-4.0"
    assert schema["properties"]["license_url"]["const"] == CC_BY
    assert "license_url" in schema["required"]


def test_no_api_file_is_left_without_the_licence(bundled_public):
    files = sorted((bundled_public / "api").glob("*.json")) + sorted((bundled_public / "api").glob("*.geojson"))
    assert len(files) >= 4
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert (data["license"], data["license_url"]) == ("CC-BY-4.0", CC_BY), path.name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_states_its_rights(bundled_public, lang):
    feed = ET.parse(bundled_public / _prefix(lang) / "feed.xml").getroot()
    rights = feed.find(f"{ATOM}rights")
    assert rights is not None and rights.text == f"CC BY 4.0 ({CC_BY})"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_footer_links_to_the_licence_in_each_language(bundled_public, lang):
    expected = yaml.safe_load((REPO / "site_src" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
    for rel in ("index.html", "data/index.html"):
        footer = FOOTER.search(_page(bundled_public, lang, rel)).group(1)
        links = LICENCE_LINK.findall(footer)
        assert links == [(CC_BY, html.escape(expected["footer_licence"], quote=False))], (lang, rel, links)
        assert "CC BY 4.0" in links[0][1]
    if lang != "en":      # translated: not the English phrase
        assert expected["footer_licence"] != "Text and data: CC BY 4.0"


def test_every_page_footer_links_to_the_licence(bundled_public):
    pages = [p for p in bundled_public.rglob("*.html") if "admin" not in p.parts]
    footers = 0
    for path in pages:
        match = FOOTER.search(path.read_text(encoding="utf-8"))
        if match:
            footers += 1
            assert f'<a rel="license" href="{CC_BY}">' in match.group(1), path
    assert footers > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_data_page_states_the_licence(bundled_public, lang):
    page = _page(bundled_public, lang, "data/index.html")
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert re.search(rf'<a href="{re.escape(CC_BY)}"[^>]*>CC BY 4.0</a>', main), lang
    assert "No licence has been decided" not in page
