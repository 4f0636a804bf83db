"""The bundled ASCN content: complete, sourced, one-sentence summaries, and every page it promises."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO

FACTS = REPO.parent / "shared" / "reference" / "ascn-facts.yaml"
SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+[A-Z0-9\"'(]")
# How a sentence ends: Khmer writes "។" (khan), Burmese "။" (pouk); Thai ends one with a space, no mark.
SENTENCE_MARKS = ".!?។။"
UNMARKED = {"th"}


@pytest.fixture
def site(bundled_model):
    return bundled_model


@pytest.fixture
def built(bundled_public):
    return bundled_public


def test_counts(site):
    assert len(site.order["cities"]) == 32
    assert len(site.order["meetings"]) == 8
    assert len(site.order["projects"]) >= 40
    assert sorted(site.entry("meetings", slug).meta["edition"] for slug in site.order["meetings"]) == list(range(1, 9))


@pytest.mark.skipif(not FACTS.is_file(), reason="the shared reference file is outside this checkout")
def test_every_city_of_the_reference_file_has_an_entry(site):
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    assert {city["id"] for city in facts["cities"]} == set(site.order["cities"])


def test_every_entry_cites_a_source_and_summarises_in_one_sentence(site):
    for key, entry in site.entries.items():
        if key[0] == "pages":
            continue
        sources = entry.meta["sources"]
        assert sources and all(url.startswith(("https://", "http://")) for url in sources), entry.source
        summaries = [(entry.lang, entry.meta["summary"])] + [(lang, t.meta.get("summary", ""))
                                                             for lang, t in site.translations.get(key, {}).items()]
        for lang, text in summaries:
            if text:
                assert not SENTENCE_END.search(text.strip()), (entry.source, text)
                assert lang in UNMARKED or text.strip()[-1] in SENTENCE_MARKS, (entry.source, text)


def test_every_country_page_lists_its_cities(site, built):
    for code in site.terms["countries"]:
        page = (built / f"countries/{code.lower()}/index.html").read_text(encoding="utf-8")
        for city in site.referrers("countries", code, "cities"):
            assert f'href="/cities/{city.slug}/"' in page, (code, city.slug)


def test_sixth_meeting_exists_in_both_languages_with_what_the_article_reports(site, built):
    [slug] = [s for s in site.order["meetings"] if site.entry("meetings", s).meta["edition"] == 6]
    assert site.translation(site.entry("meetings", slug), "id") is not None
    english = (built / f"meetings/{slug}/index.html").read_text(encoding="utf-8")
    indonesian = (built / f"id/meetings/{slug}/index.html").read_text(encoding="utf-8")
    for page in (english, indonesian):
        for name in ("Tito Karnavian", "Penglipuran", "Jambi", "Banyuwangi", "Makassar", "Jakarta"):
            assert name in page, name
    assert 'lang="id"' in indonesian.split("<body", 1)[0]


def test_indonesian_cities_are_translated(site):
    for code_city in site.referrers("countries", "ID", "cities"):
        assert site.translation(code_city, "id") is not None, code_city.slug
