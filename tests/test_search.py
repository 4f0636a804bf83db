"""The search stage (hub/search/index.py) and the Pagefind attributes the templates put on pages."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.search import query_cost

from helpers import CITY, run_build, slow_but, snapshot, write


class PagefindAttributes(HTMLParser):
    """What Pagefind reads from a page: filters, sort keys, metadata, and where its body is.

    Understands the forms the templates use: `name[attribute]` and `name:value`.
    """

    def __init__(self):
        super().__init__()
        self.filters: dict[str, list[str]] = {}
        self.sort: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.body = 0           # elements carrying data-pagefind-body
        self.ignored: list[str] = []   # 'tag#aria-labelledby' of elements carrying data-pagefind-ignore
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "data-pagefind-body" in attrs:
            self.body += 1
        if "data-pagefind-ignore" in attrs:
            self.ignored.append(f"{tag}#{attrs.get('aria-labelledby') or attrs.get('class') or ''}")
        for kind in ("filter", "sort", "meta"):
            spec = attrs.get(f"data-pagefind-{kind}")
            for name, value in _captures(spec, attrs) if spec else ():
                if kind == "filter":
                    self.filters.setdefault(name, []).append(value)
                elif kind == "sort":
                    self.sort[name] = value
                else:
                    self.meta[name] = value


def _captures(spec: str, attrs: dict) -> list[tuple[str, str]]:
    found = []
    for part in spec.split(","):
        part = part.strip()
        if part.endswith("]") and "[" in part:
            name, attribute = part[:-1].split("[", 1)
            found.append((name, attrs[attribute]))
        elif ":" in part:
            name, value = part.split(":", 1)
            found.append((name, value))
    return found


def read(public: Path, page: str) -> PagefindAttributes:
    parser = PagefindAttributes()
    parser.feed((public / page).read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def public(small_built) -> Path:
    return small_built / "public"


ENTRY_FILTERS = {
    "cities/makassar/index.html": {"type": ["city"], "country": ["ID"], "focus_area": ["health-and-well-being"],
                                   "focus_areas_basis": ["sourced"], "year": ["2018"]},
    "cities/da-nang/index.html": {"type": ["city"], "country": ["VN"], "year": ["2018"]},
    # a project lies in its city's country
    "projects/makassar-home-care/index.html": {"type": ["project"], "country": ["ID"],
                                               "focus_area": ["health-and-well-being"], "status": ["ongoing"],
                                               "focus_areas_basis": ["sourced"], "status_as_of": ["2024"],
                                               "year": ["2018"]},
    # network-wide: no country, and no year given
    "projects/ascn-terms-of-reference/index.html": {"type": ["project"], "focus_area": ["civic-and-social"],
                                                    "status": ["completed"], "focus_areas_basis": ["editorial"],
                                                    "status_as_of": ["2019"]},
    "meetings/2023-bali/index.html": {"type": ["meeting"], "country": ["ID"], "year": ["2023"]},
    "countries/id/index.html": {"type": ["country"], "country": ["ID"]},
    "focus-areas/health-and-well-being/index.html": {"type": ["focus_area"], "focus_area": ["health-and-well-being"]},
    "about/index.html": {"type": ["page"]},
    "index.html": {"type": ["page"]},
}


# The English page of an entry is also in the search of each language the entry has no version in
# (the shown_in filter); in those languages the entry has no page (hub/model/pages.py).
NOT_IN_INDONESIAN = {"cities/da-nang/index.html", "projects/makassar-home-care/index.html",
                     "projects/ascn-terms-of-reference/index.html"}
UNTRANSLATED = ["ms", "th", "vi", "fil", "km", "lo", "my"]   # no entry of the small site is in these
SHOWN_IN = {"cities/makassar/index.html": ["en", *UNTRANSLATED], "meetings/2023-bali/index.html": ["en", *UNTRANSLATED],
            **{page: ["en", "id", *UNTRANSLATED] for page in NOT_IN_INDONESIAN}}


@pytest.mark.parametrize("prefix", ["", "id/"])
@pytest.mark.parametrize("page", sorted(ENTRY_FILTERS))
def test_indexed_pages_carry_their_filters_in_both_languages(public, prefix, page):
    if prefix and page in NOT_IN_INDONESIAN:
        assert not (public / prefix / page).exists(), "an entry has pages only in the languages it is written in"
        return
    found = read(public, prefix + page)
    assert found.body == 1
    assert found.filters.pop("sort_year") == [ENTRY_FILTERS[page].get("year", ["0"])[0]]
    assert found.filters.pop("shown_in") == (["id"] if prefix else SHOWN_IN.get(page, ["en"]))
    assert found.filters == ENTRY_FILTERS[page]
    assert found.sort == {}, "sorting is the search page's (a Pagefind sort would hold within one shard only)"
    assert found.html_lang == ("id" if prefix else "en")


def test_every_entry_page_is_indexed_with_one_type_and_a_sort_year(public):
    entry_pages = [p for c in ("cities", "projects", "meetings") for p in (public / c).glob("*/index.html")]
    entry_pages += [p for c in ("cities", "projects", "meetings") for p in (public / "id" / c).glob("*/index.html")]
    assert len(entry_pages) == 7
    for path in entry_pages:
        found = read(public, path.relative_to(public).as_posix())
        assert found.body == 1, path
        assert len(found.filters["type"]) == 1, path
        assert len(found.filters["sort_year"]) == 1, path


def test_titles_and_summaries_are_search_metadata(public):
    assert read(public, "projects/makassar-home-care/index.html").meta == {
        "title": "Dottoro'ta (Home Care)",
        "summary": "Makassar's home-care health service, proposed as an ASCN project in 2018."}
    assert read(public, "id/cities/makassar/index.html").meta["summary"].startswith("Ibu kota Sulawesi Selatan")


@pytest.mark.parametrize("page", ["cities/index.html", "projects/index.html", "meetings/index.html",
                                  "search/index.html", "404.html", "id/search/index.html", "id/cities/index.html"])
def test_listings_search_and_404_pages_are_not_indexed(public, page):
    found = read(public, page)
    assert found.body == 0
    assert found.filters == {} and found.sort == {}


def test_navigation_related_listings_and_sources_are_left_out_of_the_body(public):
    city = read(public, "cities/makassar/index.html").ignored
    assert "header#site-header" in city and "footer#site-footer" in city
    assert "nav#breadcrumb" in city
    assert "section#projects-heading" in city and "section#meetings-heading" in city
    assert "section#sources-heading" in city
    country = read(public, "countries/id/index.html").ignored
    assert {"section#cities-heading", "section#projects-heading", "section#meetings-heading"} <= set(country)


@pytest.mark.slow
def test_project_takes_its_citys_country_but_not_its_focus_areas(built_root):
    write(built_root, "content/cities/testville.md",
          CITY.replace("joined: 2018", "joined: 2019\nfocus_areas: [quality-environment]\nfocus_areas_basis: editorial"))
    write(built_root, "content/projects/testville-buses.md", """---
title: Testville buses
summary: Electric buses for Testville.
sources:
  - https://example.org/buses
cities: [testville, da-nang]
focus_areas: [built-infrastructure]
focus_areas_basis: editorial
status: planned
start_year: 2020
end_year: 2022
---

Buses.
""")
    assert run_build(built_root).written
    found = read(built_root / "public", "projects/testville-buses/index.html")
    assert found.filters == {"type": ["project"], "country": ["ID", "VN"], "focus_area": ["built-infrastructure"],
                             "focus_areas_basis": ["editorial"], "status": ["planned"], "year": ["2020", "2021", "2022"],
                             "sort_year": ["2020"], "shown_in": ["en", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]}


def test_each_language_has_its_own_index_in_shards_of_its_indexed_pages(public):
    from hub.search.index import SHARDS, page_language, shard_of
    from hub.source.config import load_config

    config = load_config(public.parent)
    for folder, lang in (("pagefind", "en"), ("id/pagefind", "id")):
        listing = json.loads((public / folder / "shards.json").read_text(encoding="utf-8"))["shards"]
        assert [shard["path"] for shard in listing] == [f"{n}/" for n in range(SHARDS)]
        html = [p.relative_to(public).as_posix() for p in public.rglob("*.html")
                if page_language(p.relative_to(public).as_posix(), config) == lang]
        indexed = [page for page in html if read(public, page).body]
        counts = []
        for shard in listing:
            bundle = public / folder / shard["path"]
            entry = (bundle / "pagefind-entry.json").read_bytes()
            assert shard["tag"] == hashlib.sha256(entry).hexdigest()[:16]
            assert list(json.loads(entry)["languages"]) == [lang]
            counts.append(json.loads(entry)["languages"][lang]["page_count"])
            assert (bundle / "pagefind.js").is_file() and list(bundle.glob(f"wasm.{lang}.pagefind"))
            assert not list(bundle.glob("pagefind-ui*")), "Pagefind's own UI is not shipped"
        assert counts == [sum(1 for page in indexed if shard_of(page, config) == n) for n in range(SHARDS)]
        assert sum(counts) == len(indexed) == {"en": 25, "id": 22}[lang]   # /id/ has no Da Nang page indexed


def test_an_entrys_pages_fall_in_the_same_shard_in_every_language(public):
    from hub.search.index import shard_of
    from hub.source.config import load_config

    config = load_config(public.parent)
    pages = [p.relative_to(public).as_posix() for p in public.glob("*/*/index.html") if p.parts[-3] not in config.extra_languages]
    assert len({shard_of(page, config) for page in pages}) > 1, "pages are spread over the shards"
    for page in pages:
        assert shard_of(page, config) == shard_of(f"id/{page}", config), page
    for folder in ("pagefind", "id/pagefind"):   # and Pagefind put each page where shard_of says
        for fragment in (public / folder).glob("*/fragment/*.pf_fragment"):
            url = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])["url"]
            shard = int(fragment.relative_to(public / folder).parts[0])
            assert shard_of(url.lstrip("/") + "index.html", config) == shard, url


def test_search_page_loads_its_languages_shards_from_an_external_module(public):
    for page, index in (("search/index.html", "/pagefind/"), ("id/search/index.html", "/id/pagefind/")):
        html = (public / page).read_text(encoding="utf-8")
        assert f'data-index="{index}"' in html
        assert '<script type="module" src="/assets/js/search.' in html
        assert 'name="country" value="ID"' in html and 'name="focus_area" value="health-and-well-being"' in html
        assert "<noscript>" in html


def test_no_page_has_an_inline_script(public):
    for path in public.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/ld+json"' in opening, (path, opening)


@pytest.mark.parametrize("page, action", [("index.html", "/search/"), ("cities/makassar/index.html", "/search/"),
                                          ("id/index.html", "/id/search/"), ("404.html", "/search/"),
                                          ("id/countries/vn/index.html", "/id/search/")])
def test_every_page_has_a_header_search_form_for_its_language(public, page, action):
    html = (public / page).read_text(encoding="utf-8")
    assert f'<form class="header-search" role="search" action="{action}" method="get"' in html
    assert 'name="q"' in html


def test_query_cost_finds_each_shards_chunk_and_the_result_fragments(public):
    cost = query_cost(public / "pagefind", "makassar")
    assert cost.lang == "en" and cost.matches == 3   # the city, its project, the contribute page (an example)
    kinds = sorted(name.split("/")[1] for name in cost.per_query)
    assert kinds == ["fragment"] * 3 + ["index"] * 4, "a chunk from every shard"
    assert {"shards.json", "0/pagefind.js", "0/pagefind-entry.json", "3/pagefind-entry.json"} <= set(cost.first_search)
    assert not any(name.startswith("1/pagefind") and name.endswith(".js") for name in cost.first_search)
    assert any(name.startswith("0/wasm.en") for name in cost.first_search)
    assert cost.query_bytes == sum((public / "pagefind" / name).stat().st_size for name in cost.per_query)
    assert cost.first_search_requests == len(cost.first_search) + 7
    assert query_cost(public / "pagefind", "zzzunknownword").matches == 0
    assert query_cost(public / "id/pagefind", "makassar").lang == "id"


@pytest.mark.slow
def test_missing_pagefind_binary_is_a_diagnostic_and_leaves_the_site(built_root, monkeypatch):
    assert run_build(built_root).written
    before = snapshot(built_root / "public")
    write(built_root, "content/cities/testville.md", CITY)   # a change, so the index must be rebuilt
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(built_root / "no-such-pagefind"))
    report = run_build(built_root)
    assert not report.written
    assert [(d.path, d.code, d.message) for d in report.diagnostics] == [
        ("requirements.txt", "search", "Pagefind's binary is not installed")]
    assert snapshot(built_root / "public") == before


PAGEFIND_FAILURES = [
    ("exit 3", "Pagefind stopped unexpectedly"),
    ("echo 'thread main panicked at index.rs, sorry'; exit 101", "Pagefind said: thread main panicked at index.rs, sorry"),
]


@pytest.mark.parametrize("script, message", slow_but(PAGEFIND_FAILURES, PAGEFIND_FAILURES[1]))
def test_a_failing_pagefind_is_a_diagnostic_not_a_traceback(site_root, monkeypatch, script, message):
    fake = write(site_root, "fake-pagefind", f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    report = run_build(site_root)
    assert not report.written and not (site_root / "public").exists()
    assert [(d.code, d.message) for d in report.diagnostics] == [("search", message)]


@pytest.mark.slow
def test_bundles_are_byte_identical_from_build_to_build(site_root):
    # Pagefind writes filter values in hash-map order, which changes from run to run; each build
    # starts cold, so that no bundle comes from a build cache
    bundles = []
    for _ in range(3):
        shutil.rmtree(site_root / ".cache", ignore_errors=True)
        shutil.rmtree(site_root / "public", ignore_errors=True)
        assert run_build(site_root).written
        everything = snapshot(site_root / "public")
        bundles.append({path: data for path, data in everything.items() if "pagefind/" in path})
    assert bundles[0] == bundles[1] == bundles[2]
    assert any(path.startswith("pagefind/2/filter/") for path in bundles[0])
    assert any(path.startswith("id/pagefind/3/filter/") for path in bundles[0])


def test_page_language_comes_from_the_url_prefix(site_root):
    from hub.search.index import page_language
    from hub.source.config import load_config

    config = load_config(site_root)
    assert page_language("id/cities/makassar/index.html", config) == "id"
    assert page_language("cities/makassar/index.html", config) == "en"
    assert page_language("index.html", config) == "en"
    assert page_language("identity/index.html", config) == "en"


@pytest.mark.slow
def test_a_failed_index_leaves_the_site_and_no_staging_folder(built_root, monkeypatch):
    assert run_build(built_root).written
    before = snapshot(built_root / "public")
    write(built_root, "content/cities/testville.md", CITY)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(write(built_root, "fake-pagefind", "#!/bin/sh\nexit 3\n")))
    (built_root / "fake-pagefind").chmod(0o755)
    report = run_build(built_root)
    assert [(d.code, d.message) for d in report.diagnostics] == [("search", "Pagefind stopped unexpectedly")]
    assert snapshot(built_root / "public") == before
    assert sorted(p.name for p in built_root.iterdir() if p.name.startswith(".public.")) == [".public.lock", ".public.prev"]


@pytest.mark.slow
def test_shards_indexed_at_once_or_one_at_a_time_give_the_same_index(site_root, monkeypatch):
    import hub.search.index

    bundles, most_at_once, index = [], [], hub.search.index._index

    async def counted(*args):   # Pagefind as ever, counting the processes running at once
        running.append(1)
        most_at_once[-1] = max(most_at_once[-1], len(running))
        try:
            return await index(*args)
        finally:
            running.pop()

    running: list[int] = []
    monkeypatch.setattr(hub.search.index, "_index", counted)
    monkeypatch.setattr(hub.search.index.os, "cpu_count", lambda: 2)
    for cap in (hub.search.index.MEMORY_CAP, 0):   # the small site fits twice over; with no room, one at a time
        most_at_once.append(0)
        monkeypatch.setattr(hub.search.index, "MEMORY_CAP", cap)
        shutil.rmtree(site_root / ".cache", ignore_errors=True)
        shutil.rmtree(site_root / "public", ignore_errors=True)
        assert run_build(site_root).written
        bundles.append({path: data for path, data in snapshot(site_root / "public").items() if "pagefind/" in path})
    assert most_at_once == [2, 1]
    assert bundles[0] == bundles[1] and any(path.startswith("id/pagefind/") for path in bundles[0])


def _indexed_shards(monkeypatch) -> list[tuple[str, int]]:
    """A list that fills with the (language, shard) of every shard the builds ask Pagefind to index."""
    import hub.search.index

    asked, real = [], hub.search.index.index_folder

    def index_folder(folder, jobs, config):
        asked.extend(jobs)
        return real(folder, jobs, config)

    monkeypatch.setattr(hub.search.index, "index_folder", index_folder)
    return asked


@pytest.mark.slow
def test_an_edited_entry_reindexes_its_shard_in_each_language_and_no_other(built_root, tmp_path, monkeypatch):
    from hub.search.index import shard_of
    from hub.source.config import load_config

    assert run_build(built_root).written
    before = snapshot(built_root / "public")
    asked = _indexed_shards(monkeypatch)
    city = built_root / "content/cities/makassar.md"
    city.write_text(city.read_text().replace("region: South Sulawesi", "region: Sulawesi Selatan"))
    assert run_build(built_root).written
    shard = shard_of("cities/makassar/index.html", load_config(built_root))
    # a fact, shown on its page in both its languages (it has no page in the other seven);
    # the pages that list the city show it in ignored parts (related entries, maps), which is no reason
    # to re-index their shards
    assert sorted(asked) == [("en", shard), ("id", shard)]
    after = snapshot(built_root / "public")
    changed = {path.split("pagefind/", 1)[1].split("/")[0] for path in set(after) | set(before)
               if "pagefind/" in path and after.get(path) != before.get(path)}
    assert changed == {str(shard), "shards.json"}
    shutil.rmtree(built_root / ".cache")
    shutil.rmtree(built_root / "public")
    assert run_build(built_root).written
    assert snapshot(built_root / "public") == after, "the same as a cold build"


@pytest.mark.slow
def test_an_untranslated_entry_is_indexed_once_in_its_own_language(built_root, public, monkeypatch):
    from hub.search.index import shard_of
    from hub.source.config import load_config

    assert not (public / "id/projects/makassar-home-care/index.html").exists(), "no page in /id/ (hub/pages.py)"
    translated = (public / "id/cities/makassar/index.html").read_text(encoding="utf-8")
    assert '<div class="prose">' in translated, "a translated body is indexed in its language"
    assert run_build(built_root).written
    asked = _indexed_shards(monkeypatch)
    project = built_root / "content/projects/makassar-home-care.md"
    project.write_text(project.read_text().replace("Doctors visit", "Doctors and nurses visit"))
    assert run_build(built_root).written
    assert asked == [("en", shard_of("projects/makassar-home-care/index.html", load_config(built_root)))]


PAGE = (b'<!doctype html>\n<html lang="en">\n<head><link rel="stylesheet" href="/assets/css/site.1a2b.css">\n'
        b'<meta property="og:title" content="Makassar" data-pagefind-meta="title[content]">\n'
        b'<meta name="search-filter-country" content="ID" data-pagefind-filter="country[content]">\n</head>\n'
        b'<body><header data-pagefind-ignore><a href="/">Home</a></header>\n'
        b'<main id="main" data-pagefind-body><h1>Makassar</h1><p>A port city.</p></main>\n'
        b'<footer data-pagefind-ignore>Licence</footer>\n'
        b'<script src="/assets/js/search.3c4d.js"></script></body></html>\n')


@pytest.mark.parametrize("old, new", [
    (b"site.1a2b.css", b"site.9f8e.css"),                # a stylesheet edited: its hashed name changes
    (b"search.3c4d.js", b"search.7a7a.js"),
    (b">Home<", b">Beranda<"),                          # the header
    (b">Licence<", b">Licence and sources<"),           # the footer
])
def test_what_pagefind_reads_ignores_changes_outside_the_indexed_body(old, new):
    from hub.search.index import indexed_part
    assert indexed_part(PAGE.replace(old, new)) == indexed_part(PAGE) is not None


@pytest.mark.parametrize("old, new", [
    (b"A port city.", b"A port city in Sulawesi."),       # the body's text
    (b'content="Makassar"', b'content="Kota Makassar"'),  # metadata
    (b'content="ID"', b'content="MY"'),                   # a filter
    (b'<html lang="en">', b'<html lang="id">'),
    (b"<header data-pagefind-ignore>", b"<header>"),     # the header no longer left out
])
def test_what_pagefind_reads_follows_every_change_that_reaches_the_index(old, new):
    from hub.search.index import indexed_part
    assert indexed_part(PAGE.replace(old, new)) != indexed_part(PAGE)


def test_a_page_without_an_indexed_body_is_left_out_and_one_with_two_counts_whole():
    from hub.search.index import indexed_part
    assert indexed_part(PAGE.replace(b" data-pagefind-body", b"")) is None
    twice = PAGE.replace(b"<footer data-pagefind-ignore>", b"<footer data-pagefind-body>")
    assert indexed_part(twice) == twice


BODY = (b'<html lang="id"><main data-pagefind-body><h1>Da Nang</h1><p class="lead">Kota di Vietnam.</p>\n'
        b'<div class="prose" lang="en" data-pagefind-ignore>\n<p>Da Nang joined in <em>2018</em>.</p>\n'
        b'<h2 id="history">History</h2><div><p>Old port.</p></div>\n</div>\n'
        b'<section data-pagefind-ignore><ul class="cards"><li><a href="/id/projects/x/">Project X</a></li></ul></section>\n'
        b'<p>After.</p></main></html>')


@pytest.mark.parametrize("old, new", [
    (b"Da Nang joined in <em>2018</em>.", b"Da Nang joined ASCN in <em>2018</em>."),   # an untranslated body
    (b"Old port.", b"An old port."),                                                   # nested in it
    (b">Project X<", b">Project Y<"),                                                  # a related listing
])
def test_text_inside_ignored_parts_of_the_body_does_not_count(old, new):
    from hub.search.index import indexed_part
    assert indexed_part(BODY.replace(old, new)) == indexed_part(BODY)


@pytest.mark.parametrize("old, new", [
    (b'<h2 id="history">', b'<h2 id="past">'),               # ids inside still number Pagefind's anchors
    (b'<h2 id="history">', b'<h2>'),
    (b"<p>After.</p>", b"<p>Afterwards.</p>"),              # text after the ignored element
    (b"<h1>Da Nang</h1>", b"<h1>Da Nang City</h1>"),
    (b'<div class="prose" lang="en" data-pagefind-ignore>', b'<div class="prose" lang="en">'),   # now indexed
    (b"<section data-pagefind-ignore>", b'<section data-pagefind-ignore="all">'),
])
def test_what_counts_inside_and_around_ignored_parts_of_the_body(old, new):
    from hub.search.index import indexed_part
    assert indexed_part(BODY.replace(old, new)) != indexed_part(BODY)


def test_an_ignored_element_without_an_end_is_kept_whole():
    from hub.search.index import indexed_part
    unclosed = BODY.replace(b"<section data-pagefind-ignore>", b"<aside data-pagefind-ignore>")
    assert indexed_part(unclosed.replace(b">Project X<", b">Project Y<")) != indexed_part(unclosed)


def test_pagefind_given_only_what_it_reads_makes_the_same_index(public, monkeypatch):
    """search.pagefind_input trims each page to what Pagefind reads of it: the bundle of every shard,
    in every language (Thai, Khmer, Lao and Burmese with their word breaks), is byte for byte the
    one Pagefind makes from the whole pages."""
    import hub.search.index as search
    from hub.source.config import load_config

    config = load_config(public.parent)
    jobs: dict = {}
    for path in sorted(public.rglob("*.html")):
        page = path.relative_to(public).as_posix()
        if b"data-pagefind-body" in path.read_bytes():
            jobs.setdefault((search.page_language(page, config), search.shard_of(page, config)), []).append(page)
    assert {lang for lang, _ in jobs} >= {"en", "id", "th", "km", "lo", "my"}
    country = (public / "th/countries/id/index.html").read_bytes()
    given = search.pagefind_input(country)
    assert b'class="site-header"' not in given and b'<a href="/th/cities/makassar/"' not in given, \
        "neither the header nor the ignored listing of cities is given"
    trimmed = search.index_folder(public, jobs, config)
    monkeypatch.setattr(search, "pagefind_input", lambda html: html)
    whole = search.index_folder(public, jobs, config)
    assert trimmed.keys() == whole.keys() and trimmed == whole
