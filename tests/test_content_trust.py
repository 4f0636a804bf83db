"""Content a reader can trust: dated statuses, the basis of every focus area, sources on every page,
one Indonesian term per glossary entry, unreviewed translations marked, and Indonesia covered in Indonesian.

The bundled content is built once (module fixture); rules that depend on a setting (the reference date,
a translation's review) are also tried on the small fixture site, where the setting can be changed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from hub.source.config import load_config

from conftest import REPO
from helpers import run_build, run_check, write

GLOSSARY = REPO / "content" / "_data" / "glossary.yaml"


@pytest.fixture
def site(bundled_model):
    return bundled_model


@pytest.fixture
def built(bundled_public):
    return bundled_public


def page_text(path: Path) -> str:
    """The visible text of a built page, tags removed and white space collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()


def expected_date_words(as_of, reference: str, lang: str) -> str:
    """The rule the templates apply (partials/macros.html, status_date), written again independently:
    stale when the status's last possible day is more than two years before the reference date."""
    text = str(as_of)
    last_day = date.fromisoformat(text) if len(text) > 4 else date(int(text), 12, 31)
    ref = date.fromisoformat(reference)
    stale = last_day < ref.replace(year=ref.year - 2)
    words = {("en", True): "last reported {}", ("en", False): "as of {}",
             ("id", True): "terakhir dilaporkan {}", ("id", False): "per {}"}
    return "(" + words[(lang, stale)].format(text[:4]) + ")"


# --- dated statuses -------------------------------------------------------------------------------

def test_every_status_is_dated_in_the_content(site):
    undated = [slug for (collection, slug), e in site.entries.items()
               if "status" in e.meta and "status_as_of" not in e.meta]
    assert undated == []


def test_every_status_shown_on_pages_and_cards_carries_its_date(site, built):
    reference = site.config.reference_date
    assert reference, "site.yaml must set reference_date"
    listing = {lang: page_text(built / prefix / "projects" / "index.html") for lang, prefix in (("en", ""), ("id", "id"))}
    strings = {lang: yaml.safe_load((REPO / "site_src" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
               for lang in ("en", "id")}
    checked = 0
    for slug in site.order["projects"]:
        meta = site.entry("projects", slug).meta
        if "status" not in meta:
            continue
        for lang, prefix in (("en", ""), ("id", "id")):
            shown = strings[lang][f"status_{meta['status']}"] + " " + expected_date_words(meta["status_as_of"], reference, lang)
            page = built / prefix / "projects" / slug / "index.html"
            if page.exists():   # no page where it is not translated (hub/model/pages.py): the card shows it
                assert shown in page_text(page), (slug, lang, shown)
            assert shown in listing[lang], (slug, lang, "card")
            checked += 1
    assert checked >= 60


def test_old_statuses_read_last_reported_and_recent_ones_as_of(site, built):
    text = page_text(built / "projects" / "jakarta-ok-otrip" / "index.html")      # planned, reported 2018
    assert "Planned (last reported 2018)" in text
    text = page_text(built / "projects" / "jakarta-jaki" / "index.html")          # ongoing, reported 2025
    assert "Ongoing (as of 2025)" in text


@pytest.mark.slow
def test_reference_date_decides_what_is_stale(site_root):
    """The small site's home-care project is ongoing as of 2024: current until 2026-12-31, then stale."""
    out = site_root / "out"
    for reference, words in (("2026-12-31", "Ongoing (as of 2024)"), ("2027-01-01", "Ongoing (last reported 2024)")):
        config = (site_root / "site.yaml").read_text(encoding="utf-8")
        config = re.sub(r"reference_date: .*", f"reference_date: '{reference}'", config)
        write(site_root, "site.yaml", config)
        report = run_build(site_root, out_dir=out, use_cache=False)
        assert report.written, report.diagnostics
        assert words in page_text(out / "projects" / "makassar-home-care" / "index.html")
        assert words in page_text(out / "projects" / "index.html")


def test_a_reference_date_that_is_not_a_date_is_a_config_error(site_root):
    from hub.source.config import ConfigError
    config = (site_root / "site.yaml").read_text(encoding="utf-8")
    write(site_root, "site.yaml", re.sub(r"reference_date: .*", "reference_date: 'soon'", config))
    with pytest.raises(ConfigError, match="reference_date 'soon' is not a date"):
        load_config(site_root)


def test_check_warns_when_a_status_has_no_date(site_root):
    path = site_root / "content" / "projects" / "makassar-home-care.md"
    write(site_root, "content/projects/makassar-home-care.md",
          path.read_text(encoding="utf-8").replace("status_as_of: 2024\n", ""))
    found = [d for d in run_check(site_root) if d.code == "status-undated"]
    assert [(d.path, d.line, d.severity) for d in found] == [("content/projects/makassar-home-care.md", 8, "warning")]
    assert "status_as_of" in found[0].hint


@pytest.mark.slow
def test_check_warns_about_focus_areas_without_their_basis_and_the_build_goes_on(built_root):
    """A warning, not an error: content from before the field (the peers' benchmark corpus) still builds."""
    path = built_root / "content" / "projects" / "makassar-home-care.md"
    text = path.read_text(encoding="utf-8")
    basis = next(line for line in text.splitlines() if line.startswith("focus_areas_basis:"))
    write(built_root, "content/projects/makassar-home-care.md", text.replace(basis + "\n", ""))
    found = [d for d in run_check(built_root) if d.code == "focus-basis-missing"]
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("focus_areas:"))
    assert [(d.path, d.line, d.severity) for d in found] == [("content/projects/makassar-home-care.md", line, "warning")]
    assert run_build(built_root).written


def test_open_data_carries_the_status_date_and_the_focus_area_basis(site, built):
    data = json.loads((built / "api" / "projects.json").read_text(encoding="utf-8"))
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO((built / "api" / "projects.csv").read_text("utf-8")))}
    for item in data["items"]:
        meta = site.entry("projects", item["slug"]).meta
        assert item["focus_areas_basis"] == meta["focus_areas_basis"]
        assert rows[item["slug"]]["focus_areas_basis"] == meta["focus_areas_basis"]
        if "status" in meta:
            assert item["status_as_of"] == meta["status_as_of"]
            assert rows[item["slug"]]["status_as_of"] == str(meta["status_as_of"])


# --- focus areas: sourced or editorial --------------------------------------------------------------

def test_every_focus_area_assignment_has_its_basis(site):
    missing = [key for key, e in site.entries.items()
               if e.meta.get("focus_areas") and e.meta.get("focus_areas_basis") not in ("sourced", "editorial")]
    assert missing == []


def test_focus_area_pages_separate_sourced_from_editorial_assignments(site, built):
    text = page_text(built / "focus-areas" / "health-and-well-being" / "index.html")
    sourced, editorial = text.split("Filed under it by the sources")[1].split("Assigned by the hub")
    for slug in site.order["projects"]:
        entry = site.entry("projects", slug)
        if "health-and-well-being" not in entry.meta["focus_areas"]:
            continue
        title = entry.meta["title"]
        assert title in (sourced if entry.meta["focus_areas_basis"] == "sourced" else editorial), slug


def test_cards_say_when_focus_areas_are_our_classification(built):
    text = page_text(built / "cities" / "jakarta" / "index.html")
    jaki = text[text.index("JAKI platform"):]
    assert "our classification, no source names one" in jaki[:600]


def test_makassar_projects_agree_with_the_city_page(site):
    """The city page says both 2018 proposals were filed under health and well-being; the source does too."""
    for slug in ("makassar-dottorota-home-care", "makassar-integrated-tax"):
        meta = site.entry("projects", slug).meta
        assert meta["focus_areas"] == ["health-and-well-being"] and meta["focus_areas_basis"] == "sourced"


# --- sources on every page --------------------------------------------------------------------------

def test_every_entry_and_hand_written_page_has_a_source(site):
    for (collection, slug), entry in site.entries.items():
        assert entry.meta.get("sources"), (collection, slug)


def test_every_built_entry_and_page_lists_its_sources(site, built):
    """The home page promises that every page lists the sources behind its facts."""
    pages = [built / "index.html", built / "id" / "index.html"]
    for (collection, slug) in site.entries:
        for prefix in ("", "id"):
            if collection == "pages":
                folder = built / prefix if slug == "index" else built / prefix / slug
            else:
                folder = built / prefix / collection / slug
            if collection == "pages" or not prefix or site.translation(site.entries[(collection, slug)], "id"):
                pages.append(folder / "index.html")   # an entry has pages only where it is written (hub/model/pages.py)
    assert len(pages) > 2 * len(site.order["pages"]) + len(site.entries) - len(site.order["pages"])
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        section = re.search(r'<section aria-labelledby="sources-heading" class="sources".*?</section>', raw, re.S)
        assert section and "<li><a href=\"http" in section.group(0), path


def test_unsourced_workshop_attendance_is_gone():
    for name in ("about.md", "about.id.md"):
        text = (REPO / "site_src" / "pages" / name).read_text(encoding="utf-8")
        assert "UNESCAP" not in text and "UNDP" not in text


# --- thin city pages and the next meeting --------------------------------------------------------------

def test_a_city_without_projects_says_so_and_invites_a_sourced_addition(site, built):
    cities = [slug for slug in site.order["cities"] if not site.referrers("cities", slug, "projects")]
    assert cities, "expected some cities without projects"
    for slug in cities:
        text = page_text(built / "cities" / slug / "index.html")
        assert "is recorded in the hub yet" in text and f"content/cities/{slug}.md" in text, slug
    with_projects = page_text(built / "cities" / "makassar" / "index.html")
    assert "is recorded in the hub yet" not in with_projects


@pytest.mark.slow
def test_invitation_links_to_the_entry_file_when_the_repository_is_set(site_root):
    config = (site_root / "site.yaml").read_text(encoding="utf-8")
    write(site_root, "site.yaml", config + "repo_url: https://github.com/example/ascn-hub\n")
    out = site_root / "out"
    report = run_build(site_root, out_dir=out, use_cache=False)
    assert report.written, report.diagnostics
    raw = (out / "cities" / "da-nang" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/ascn-hub/blob/main/content/cities/da-nang.md"' in raw


def test_meetings_page_says_what_is_known_of_the_ninth_meeting(built):
    text = page_text(built / "meetings" / "index.html")
    assert "The 9th annual meeting (2026)" in text and "no public source read gives the date" in text


# --- Indonesian: glossary, coverage, review -----------------------------------------------------------

def glossary_variants(lang: str) -> list[tuple[str, str]]:
    """(variant to avoid, term to use) for one language."""
    terms = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    return [(variant, term[lang]) for term in terms for variant in term.get("avoid", {}).get(lang, [])]


def glossary_hits(text: str, lang: str) -> list[str]:
    """Every non-glossary variant used in a text, as 'variant (use: term)'."""
    return [f"{variant!r} (use: {term!r})" for variant, term in glossary_variants(lang)
            if re.search(r"(?<!\w)" + re.escape(variant) + r"(?!\w)", text, re.I)]


def indonesian_texts() -> dict[str, str]:
    files = [REPO / "site_src" / "i18n" / "id.yaml", REPO / "content" / "_data" / "focus_areas.yaml"]
    files += sorted((REPO / "content").rglob("*.id.md")) + sorted((REPO / "site_src" / "pages").glob("*.id.md"))
    return {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in files}


def test_glossary_gives_every_term_a_form_and_sources_per_language():
    terms = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    assert len({t["key"] for t in terms}) == len(terms)
    for term in terms:
        assert term.get("en") and term.get("id"), term["key"]
        assert "id" in term["sources"], term["key"]
        assert term["sources"]["id"] or term.get("note"), f"{term['key']}: no source, and no note saying why"


def test_ui_strings_and_translations_use_the_glossary_terms():
    problems = {path: hits for path, text in indonesian_texts().items() if (hits := glossary_hits(text, "id"))}
    assert problems == {}


def test_glossary_check_flags_a_variant():
    assert glossary_hits("Kota-kota di jejaring ini", "id") == ["'jejaring' (use: 'Jaringan Kota Cerdas ASEAN')"]
    assert glossary_hits("Bidang Sipil dan Sosial", "id")
    assert glossary_hits("Jaringan Kota Cerdas ASEAN, secara hybrid", "id") == []


def test_every_indonesian_entry_and_every_meeting_is_translated(site):
    wanted = []
    for slug in site.order["cities"]:
        if site.entry("cities", slug).meta["country"] == "ID":
            wanted.append(("cities", slug))
    for slug in site.order["projects"]:
        meta = site.entry("projects", slug).meta
        places = ([meta["city"]] if "city" in meta else []) + meta.get("cities", [])
        if any(site.entry("cities", c).meta["country"] == "ID" for c in places):
            wanted.append(("projects", slug))
    wanted += [("meetings", slug) for slug in site.order["meetings"]]
    missing = [key for key in wanted if site.translation(site.entry(*key), "id") is None]
    assert missing == []


@pytest.mark.slow
def test_unreviewed_translations_say_so_and_reviewed_ones_do_not(site_root):
    out = site_root / "out"
    report = run_build(site_root, out_dir=out, use_cache=False)
    assert report.written, report.diagnostics
    note = "Terjemahan ini belum ditinjau oleh orang kedua."
    assert note in page_text(out / "id" / "cities" / "makassar" / "index.html")
    assert note not in page_text(out / "id" / "cities" / "index.html")   # the list shows no translation's note
    assert note not in page_text(out / "cities" / "makassar" / "index.html")
    path = site_root / "content" / "cities" / "makassar.id.md"
    write(site_root, "content/cities/makassar.id.md", path.read_text(encoding="utf-8").replace("---\n", "---\nreviewed: true\n", 1))
    report = run_build(site_root, out_dir=out, use_cache=False)
    assert report.written, report.diagnostics
    assert note not in page_text(out / "id" / "cities" / "makassar" / "index.html")


def test_reviewed_must_be_true_or_false(site_root):
    path = site_root / "content" / "cities" / "makassar.id.md"
    write(site_root, "content/cities/makassar.id.md", path.read_text(encoding="utf-8").replace("---\n", "---\nreviewed: yes please\n", 1))
    found = [d for d in run_check(site_root) if d.path.endswith("makassar.id.md")]
    assert [(d.code, d.line, d.message) for d in found] == [("wrong-type", 2, "'reviewed' must be true or false")]
