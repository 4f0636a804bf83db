"""One test per diagnostic code: the reported file, line, column and code are exact."""

from __future__ import annotations

import pytest

from hub.source.config import load_config

from helpers import CITY, run_check, slow_but, write

# (code, file, text, expected (line, col)) — line and column are in the file itself.
CASES = [
    ("yaml-syntax", "content/cities/bad.md",
     '---\ntitle: "Unclosed\nsummary: A city.\n---\n', (2, 8)),
    ("yaml-duplicate-key", "content/cities/bad.md",
     CITY.replace("joined: 2018\n", "joined: 2018\njoined: 2019\n"), (11, 1)),
    ("yaml-alias", "content/cities/bad.md",
     CITY.replace("joined: 2018\n", "region: &r Sulawesi\nfocus_areas: [*r]\njoined: 2018\n"), (10, 9)),
    ("yaml-tag", "content/cities/bad.md",
     CITY.replace("joined: 2018", "joined: !!python/object:os.system 2018"), (10, 9)),
    ("frontmatter-missing", "content/cities/bad.md", "title: No dashes\n", (1, 1)),
    ("frontmatter-unclosed", "content/cities/bad.md", "---\ntitle: Open\n", (1, 1)),
    ("frontmatter-not-mapping", "content/cities/bad.md", "---\n- a\n- b\n---\nbody\n", (2, 1)),
    ("encoding", "content/cities/bad.md", CITY.replace("Body text.", "Bad \udcff byte").encode("utf-8", "surrogateescape"), (13, 5)),
    ("required-field", "content/cities/bad.md", CITY.replace("joined: 2018\n", ""), (1, 1)),
    ("unknown-field", "content/cities/bad.md", CITY.replace("country: ID", "countri: ID"), (6, 1)),
    ("wrong-type", "content/cities/bad.md", CITY.replace("joined: 2018", "joined: 'soon'"), (10, 9)),
    ("enum", "content/projects/bad.md",
     "---\ntitle: P\nsummary: A project for the tests.\nsources: [https://example.org/]\n"
     "city: makassar\nfocus_areas: [civic-and-social]\nstatus: on-going\nfocus_areas_basis: editorial\n---\n", (7, 9)),
    ("invalid-value", "content/meetings/bad.md",
     "---\ntitle: M\nsummary: A meeting for the tests.\nsources: [https://example.org/]\nedition: 9\n"
     "year: 2030\nstart_date: '2030-13-01'\nlocation: X\ncountry: ID\nformat: virtual\n---\n", (7, 13)),
    ("unknown-reference", "content/cities/bad.md", CITY.replace("country: ID", "country: IX"), (6, 10)),
    ("duplicate-value", "content/meetings/bad.md",
     "---\ntitle: M\nsummary: A meeting for the tests.\nsources: [https://example.org/]\nedition: 6\n"
     "year: 2030\nstart_date: '2030-01-01'\nlocation: X\ncountry: ID\nformat: virtual\n---\n", (5, 10)),
    ("date-order", "content/meetings/bad.md",
     "---\ntitle: M\nsummary: A meeting for the tests.\nsources: [https://example.org/]\nedition: 9\n"
     "year: 2030\nstart_date: '2030-02-01'\nend_date: '2030-01-01'\nlocation: X\ncountry: ID\nformat: virtual\n---\n",
     (8, 11)),
    ("coordinates-outside", "content/cities/bad.md", CITY.replace("lat: -5.1", "lat: 51.5"), (8, 3)),
    ("coordinates-swapped", "content/cities/bad.md",
     CITY.replace("lat: -5.1\n  lon: 119.4", "lat: 119.4\n  lon: -5.1"), (8, 3)),
    ("invalid-slug", "content/cities/Bad_Name.md", CITY, (1, 1)),
    ("duplicate-slug", "content/cities/makassar.en.md", "---\ntitle: Makassar\n---\n", (1, 1)),
    ("translation-language", "content/cities/makassar.xx.md", "---\ntitle: Makassar\n---\n", (1, 1)),
    ("translation-orphan", "content/cities/nowhere.id.md", "---\ntitle: Entah\n---\n", (1, 1)),
    ("translation-field", "content/cities/makassar.id.md",
     "---\ntitle: Makassar\njoined: 2019\n---\n", (3, 1)),
    ("broken-link", "content/cities/bad.md", CITY.replace("Body text.", "Line one.\nSee [x](../cities/nowhere.md)."), (14, 5)),
    ("image-missing", "content/cities/bad.md",
     CITY.replace("joined: 2018", "joined: 2018\nimage: nothere.jpg\nimage_alt: A street"), (11, 8)),
    ("image-alt-missing", "content/cities/bad.md", CITY.replace("Body text.", "![](/assets/img/x.png)"), (13, 1)),
    ("summary-sentences", "content/cities/bad.md",
     CITY.replace("A city used by the tests.", "A city. It is used by the tests."), (3, 10)),
]


QUICK_CODES = {"yaml-syntax", "unknown-reference", "broken-link"}


@pytest.mark.parametrize("code, rel, text, position", slow_but(CASES, *(case for case in CASES if case[0] in QUICK_CODES)),
                         ids=[case[0] for case in CASES])
def test_each_code_reports_file_line_and_column(site_root, code, rel, text, position):
    write(site_root, rel, text)
    found = [d for d in run_check(site_root) if d.code == code and d.path == rel]
    assert found, f"no {code} diagnostic; got {run_check(site_root)}"
    assert (found[0].path, found[0].line, found[0].col) == (rel, *position)


def test_fixture_site_is_clean(site_root):
    assert run_check(site_root) == []


def test_unknown_field_reports_line_and_suggestion(site_root):
    write(site_root, "content/cities/bad.md", CITY.replace("country: ID", "countri: ID"))
    diagnostics = run_check(site_root)
    texts = [d.text() for d in diagnostics]
    assert "content/cities/bad.md:6:1: error[unknown-field]: unknown field 'countri'\n  hint: did you mean 'country'?" \
        in texts


@pytest.mark.slow
def test_unknown_city_suggests_the_closest(site_root):
    write(site_root, "content/projects/bad.md",
          "---\ntitle: P\nsummary: A project for the tests.\nsources: [https://example.org/]\n"
          "city: makasar\nfocus_areas: [civic-and-social]\nfocus_areas_basis: editorial\n---\n")
    [diagnostic] = [d for d in run_check(site_root) if d.code == "unknown-reference"]
    assert diagnostic.message == "'city' refers to 'makasar', which is not among the cities"
    assert diagnostic.hint == "did you mean 'makassar'?"
    assert (diagnostic.line, diagnostic.col) == (5, 7)


@pytest.mark.slow
def test_enum_lists_the_allowed_values(site_root):
    write(site_root, "content/projects/bad.md",
          "---\ntitle: P\nsummary: A project for the tests.\nsources: [https://example.org/]\n"
          "city: makassar\nfocus_areas: [civic-and-social]\nstatus: on-going\nfocus_areas_basis: editorial\n---\n")
    [diagnostic] = [d for d in run_check(site_root) if d.code == "enum"]
    assert diagnostic.hint == "did you mean 'ongoing'? allowed: planned, ongoing, completed, discontinued"


@pytest.mark.slow
def test_unclosed_quote_says_what_to_fix(site_root):
    write(site_root, "content/cities/bad.md", '---\ntitle: "Unclosed\nsummary: A city.\n---\n')
    [diagnostic] = run_check(site_root)
    assert diagnostic.code == "yaml-syntax"
    assert "quote" in diagnostic.hint


def test_every_problem_in_one_run(site_root):
    """Five broken files in five folders are all reported, each with its line, in one run."""
    write(site_root, "content/cities/a.md", CITY.replace("country: ID", "countri: ID"))
    write(site_root, "content/projects/b.md",
          "---\ntitle: P\nsummary: A project for the tests.\nsources: [https://example.org/]\n"
          "city: nowhere\nfocus_areas: [civic-and-social]\nfocus_areas_basis: editorial\n---\n")
    write(site_root, "content/meetings/c.md", '---\ntitle: "Open\n---\n')
    write(site_root, "site_src/pages/d.md", "---\ntitle: D\nsummary: A page for the tests.\nextra: 1\n---\n")
    write(site_root, "content/_data/countries.yaml",
          (site_root / "content/_data/countries.yaml").read_text() + "- code: XX\n  bad: [\n")
    found = {(d.path, d.line, d.code) for d in run_check(site_root)}
    assert ("content/cities/a.md", 6, "unknown-field") in found
    assert ("content/projects/b.md", 5, "unknown-reference") in found
    assert ("content/meetings/c.md", 2, "yaml-syntax") in found
    assert ("site_src/pages/d.md", 4, "unknown-field") in found
    assert any(path == "content/_data/countries.yaml" and code == "yaml-syntax" for path, _, code in found)


@pytest.mark.slow
def test_bom_and_crlf_are_accepted_with_correct_lines(site_root):
    text = "\ufeff" + CITY.replace("country: ID", "countri: ID").replace("\n", "\r\n")
    write(site_root, "content/cities/bad.md", text.encode("utf-8"))
    found = {(d.code, d.line, d.col) for d in run_check(site_root)}
    assert found == {("unknown-field", 6, 1)}   # not also "missing 'country'": one message for one typo


@pytest.mark.slow
def test_translation_of_unknown_language_and_orphans_do_not_render(site_root):
    write(site_root, "content/cities/nowhere.id.md", "---\ntitle: Entah\n---\n")
    assert [d.code for d in run_check(site_root)] == ["translation-orphan"]


def test_page_claiming_a_collection_url_is_reported_with_both_claimants(site_root):
    from helpers import run_build
    write(site_root, "site_src/pages/cities.md", "---\ntitle: Cities\nsummary: A page that clashes with a list.\nsources: [https://example.org/]\n---\n")
    report = run_build(site_root)
    assert not report.written
    found = [d for d in report.diagnostics if d.code == "duplicate-output"]
    assert [d.path for d in found] == ["site_src/pages/cities.md"] * len(load_config(site_root).languages)   # once per language
    assert "output file 'cities/index.html' is also claimed by <list page>" in found[0].message


def test_missing_ui_string_is_reported(site_root):
    strings = site_root / "site_src/i18n/id.yaml"
    strings.write_text("\n".join(line for line in strings.read_text().splitlines()
                                 if not line.startswith("nav_cities:")) + "\n")
    [diagnostic] = run_check(site_root)
    assert (diagnostic.path, diagnostic.code) == ("site_src/i18n/id.yaml", "ui-strings")
    assert "nav_cities" in diagnostic.message


def test_broken_vocabulary_is_reported_once_without_cascading(site_root):
    write(site_root, "content/_data/focus_areas.yaml", "- slug: x\n")
    diagnostics = run_check(site_root)
    assert [(d.path, d.code) for d in diagnostics] == [("content/_data/focus_areas.yaml", "vocabulary")]


@pytest.mark.slow
def test_each_missing_field_is_reported_once(site_root):
    write(site_root, "content/cities/bad.md", "---\ntitle: T\nsummary: A city with nothing else.\n---\n")
    found = sorted(d.message for d in run_check(site_root))
    assert found == ["missing required field 'coordinates'", "missing required field 'country'",
                     "missing required field 'joined'", "missing required field 'sources'"]


@pytest.mark.slow
def test_translation_of_a_broken_base_is_not_called_an_orphan(site_root):
    write(site_root, "content/cities/makassar.md", '---\ntitle: "Makassar\n---\n')
    assert [d.code for d in run_check(site_root)] == ["yaml-syntax"]
