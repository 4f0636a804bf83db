"""The search page in a real browser: Chromium (Debian's /usr/bin/chromium, driven by Playwright)
against a built site served by a local HTTP server that sends a strict Content-Security-Policy.

scripts/test installs Chromium when it is missing; these tests never download a browser. The
browser is the test run's one (conftest.py); each test opens its own context.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from bench.search import query_cost

from browser import CHROMIUM, CHROMIUM_ARGS
from conftest import REPO, make_site
from helpers import run_build


def deployed_csp() -> str:
    """The Content-Security-Policy the search page is deployed with (netlify.toml); Pagefind's
    WebAssembly needs only 'wasm-unsafe-eval' in it."""
    from test_netlify import headers_for

    return headers_for("/search/")["Content-Security-Policy"]


CSP = deployed_csp()


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass   # a browser closing a connection mid-answer is not a test failure; responses are checked in the page


class Server:
    """A built site on a free port of 127.0.0.1, served from its own thread."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.httpd = QuietServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def small_site(small_built):
    """The small fixture site's build shared by the test run (conftest's small_built), served; read only."""
    server = Server(small_built / "public")
    yield server
    server.close()


@pytest.fixture(scope="module")
def bundled_site(bundled_public):
    """The repository's own content as the real command line builds it (conftest's bundled_public), served."""
    server = Server(bundled_public)
    yield server
    server.close()


@pytest.fixture
def page(browser):
    """A fresh page that fails the test on any CSP violation or script error."""
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == []


def open_search(page: Page, url: str) -> None:
    """Open a search page and wait until its index has loaded and its first search is shown."""
    page.goto(url)
    expect(page.locator("#search[data-ready]")).to_be_visible()


def result_links(page: Page) -> list[str]:
    return page.locator("#search-results li h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def count_of(page: Page, filter_name: str, value: str):
    return page.locator(f'fieldset[data-filter="{filter_name}"] input[value="{value}"] ~ .facet-count')


def test_query_puts_the_city_first_and_its_project_after(page, small_site):
    open_search(page, small_site.url + "/search/?q=makassar")
    expect(page.locator("#search-status")).to_have_text("3 results")
    links = result_links(page)
    assert links[0] == "/cities/makassar/"
    assert "/projects/makassar-home-care/" in links[1:]
    first = page.locator("#search-results li").first
    expect(first.locator(".meta")).to_have_text("City · Indonesia")
    expect(first.locator("mark").first).to_have_text(re.compile("Makassar", re.I))


def test_typing_a_query_searches_and_puts_it_in_the_url(page, small_site):
    open_search(page, small_site.url + "/search/")
    expect(page.locator("#search-status")).to_have_text("Type a word to search, or choose a filter.")
    page.fill("#search-q", "bali")
    expect(page.locator("#search-results li h3 a").first).to_have_attribute("href", "/meetings/2023-bali/")
    page.wait_for_url(re.compile(r"/search/\?q=bali$"))


def test_country_filter_narrows_the_results_and_the_counts(page, small_site):
    open_search(page, small_site.url + "/search/?q=ascn")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ results$"))
    everything = result_links(page)
    expect(count_of(page, "type", "city")).to_have_text("(2)")
    expect(count_of(page, "country", "VN")).to_have_text("(1)")
    page.check('input[name="country"][value="VN"]')
    expect(page.locator("#search-status")).to_have_text("1 result")
    assert result_links(page) == ["/cities/da-nang/"]
    assert len(everything) > 1
    expect(count_of(page, "type", "city")).to_have_text("(1)")
    expect(page.locator('fieldset[data-filter="type"] input[value="project"]').locator("xpath=../..")).to_be_hidden()
    # the chosen group keeps its alternatives, counted as if it were not chosen
    expect(count_of(page, "country", "ID")).to_have_text(re.compile(r"\([1-9]\d*\)"))
    page.wait_for_url(re.compile(r"\?q=ascn&country=VN$"))


def test_a_shared_url_restores_query_filters_and_results(browser, small_site):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    open_search(first, small_site.url + "/search/")
    first.fill("#search-q", "ascn")
    first.check('input[name="country"][value="ID"]')
    first.wait_for_url(re.compile(r"\?q=ascn&country=ID$"))
    expect(first.locator("#search-status")).to_have_text(re.compile("results?$"))
    shared = first.url
    open_search(second, shared)
    expect(second.locator("#search-q")).to_have_value("ascn")
    expect(second.locator('input[name="country"][value="ID"]')).to_be_checked()
    expect(second.locator("#search-status")).to_have_text(first.locator("#search-status").inner_text())
    assert result_links(second) == result_links(first)
    context.close()


def test_filters_alone_list_only_matching_projects(page, small_site):
    open_search(page, small_site.url + "/search/?type=project&focus_area=health-and-well-being")
    expect(page.locator("#search-status")).to_have_text("1 result")
    assert result_links(page) == ["/projects/makassar-home-care/"]
    expect(page.locator('input[name="type"][value="project"]')).to_be_checked()


def test_newest_first_sorts_by_year_and_keeps_undated_pages_last(page, small_site):
    open_search(page, small_site.url + "/search/?q=ascn")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ results$"))
    by_relevance = result_links(page)
    page.select_option("#search-sort", "year")
    page.wait_for_url(re.compile(r"\?q=ascn&sort=year$"))
    expect(page.locator("#search-results li h3 a").first).to_have_attribute("href", "/meetings/2023-bali/")
    by_year = result_links(page)
    assert sorted(by_year) == sorted(by_relevance), "sorting hides no page"
    assert by_year.index("/meetings/2023-bali/") < by_year.index("/cities/da-nang/") \
        < by_year.index("/projects/ascn-terms-of-reference/")   # 2023, 2018, then no year


def test_indonesian_search_uses_the_indonesian_index(page, small_site):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path)
            if "/pagefind/" in request.url else None)
    open_search(page, small_site.url + "/id/search/?q=makassar")
    # the city, in Indonesian, and its project, which has no Indonesian version: its English page,
    # from the English index the Indonesian search merges in (hub/model/pages.py); the contributor guide's
    # English field reference (which names Makassar as an example) is indexed in English only
    expect(page.locator("#search-status")).to_have_text("2 hasil")
    links = result_links(page)
    assert links == ["/id/cities/makassar/", "/projects/makassar-home-care/"]
    expect(page.locator("#search-results li .meta").first).to_have_text("Kota · Indonesia")
    expect(page.locator("#search-results li .result-lang")).to_have_text(["(English)"])
    assert {path.split("/pagefind/")[0] for path in fetched} == {"/id", ""}


def test_indonesian_country_filter_and_shared_url(page, small_site):
    open_search(page, small_site.url + "/id/search/?q=ascn&country=VN")
    expect(page.locator("#search-status")).to_have_text("1 hasil")
    assert result_links(page) == ["/cities/da-nang/"]   # no Indonesian version: its English page
    expect(page.locator('input[name="country"][value="VN"]')).to_be_checked()
    page.uncheck('input[name="country"][value="VN"]')
    page.wait_for_url(re.compile(r"/id/search/\?q=ascn$"))
    expect(page.locator("#search-status")).not_to_have_text("1 hasil")


def test_header_search_box_leads_to_the_search_page(page, small_site):
    page.goto(small_site.url + "/cities/da-nang/")
    page.fill("#header-search-q", "bali")
    page.press("#header-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=bali$"))
    expect(page.locator("#search-results li h3 a").first).to_have_attribute("href", "/meetings/2023-bali/")


def test_without_javascript_the_page_says_so_and_links_to_browse_pages(playwright, small_site):
    # JavaScript off from the start, as in a browser with scripting disabled (a driver's switch would
    # leave <noscript> unrendered)
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                         args=CHROMIUM_ARGS + ["--blink-settings=scriptEnabled=false"])
    page = browser.new_page()
    page.goto(small_site.url + "/search/?q=makassar")
    expect(page.locator("#search")).to_be_hidden()
    # (Playwright's text selectors skip <noscript>, so read what the page shows)
    assert "Search needs JavaScript, which is off in this browser." in page.locator("main").inner_text()
    browse = page.locator("#search-browse")
    expect(browse).to_be_visible()
    for href in ("/cities/", "/projects/", "/meetings/", "/countries/id/", "/focus-areas/quality-environment/"):
        expect(browse.locator(f'a[href="{href}"]')).to_have_count(1)
    browser.close()


def test_a_query_downloads_what_query_cost_predicts(page, small_site):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path)
            if "/pagefind/" in request.url else None)
    open_search(page, small_site.url + "/search/")
    expect(page.locator("#search-status")).to_have_text("Type a word to search, or choose a filter.")
    cost = query_cost(small_site.folder / "pagefind", "makassar")
    assert sorted(path.removeprefix("/pagefind/") for path in fetched) == sorted(cost.first_search)
    assert {path.split("/")[2] for path in fetched if path.count("/") > 2} == {"0", "1", "2", "3"}, "every shard"
    fetched.clear()
    page.fill("#search-q", "makassar")
    expect(page.locator("#search-status")).to_have_text("3 results")
    assert sorted(path.removeprefix("/pagefind/") for path in fetched) == sorted(cost.per_query)


# --- On the bundled content -------------------------------------------------------------------

def bundled_projects() -> dict[str, dict]:
    """The bundled projects that are published (no translations, no drafts), by slug, with their fields."""
    import frontmatter

    projects = {}
    for path in sorted((REPO / "content" / "projects").glob("*.md")):
        meta = frontmatter.load(path).metadata
        if path.name.count(".") == 1 and not meta.get("draft"):
            projects[path.stem] = meta
    return projects


@pytest.mark.parametrize("prefix", ["", "/id"])
def test_bundled_makassar_lists_the_city_first_and_its_projects_after(page, bundled_site, prefix):
    open_search(page, f"{bundled_site.url}{prefix}/search/?q=Makassar")
    expect(page.locator("#search-results li").first).to_be_visible()
    while page.locator("#search-more").is_visible():
        count = page.locator("#search-results li").count()
        page.click("#search-more")
        expect(page.locator("#search-results li")).not_to_have_count(count)
    links = result_links(page)
    assert links[0] == f"{prefix}/cities/makassar/"
    projects = [slug for slug, meta in bundled_projects().items()
                if meta.get("city") == "makassar" or "makassar" in meta.get("cities", [])]
    assert projects, "the bundled content has projects in Makassar"
    assert {f"{prefix}/projects/{slug}/" for slug in projects} <= set(links[1:])


@pytest.mark.parametrize("prefix", ["", "/id"])
def test_bundled_focus_area_filter_shows_only_those_projects(page, bundled_site, prefix):
    open_search(page, f"{bundled_site.url}{prefix}/search/?type=project&focus_area=health-and-well-being")
    expect(page.locator("#search-results li").first).to_be_visible()
    status = page.locator("#search-status").inner_text()
    expected = {slug for slug, meta in bundled_projects().items()
                if "health-and-well-being" in meta["focus_areas"]}
    assert status.split()[0] == str(len(expected))
    while page.locator("#search-more").is_visible():
        count = page.locator("#search-results li").count()
        page.click("#search-more")
        expect(page.locator("#search-results li")).not_to_have_count(count)
    assert {link.split("/")[-2] for link in result_links(page)} == expected
    # in Indonesian, a project with no Indonesian version is found through its English page
    assert all(link.startswith((f"{prefix}/projects/", "/projects/")) for link in result_links(page))
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"type": ["project"], "focus_area": ["health-and-well-being"]}


# --- Results a reader can scan, without the page jumping ------------------------------------------

def test_each_result_shows_its_summary_once_and_then_the_matching_passage(page, small_site):
    open_search(page, small_site.url + "/search/?q=makassar")
    expect(page.locator("#search-status")).to_have_text("3 results")
    for item in page.locator("#search-results li").all():
        summary = item.locator("p.summary").inner_text()
        assert item.inner_text().count(summary) == 1, "the summary is not repeated as the passage"
    city = page.locator("#search-results li").first
    expect(city.locator(".excerpt mark").first).to_have_text("Makassar")
    expect(city.locator(".excerpt")).to_contain_text("brought its home-care service")


def test_a_match_in_the_summary_alone_shows_no_passage(page, small_site):
    open_search(page, small_site.url + "/search/?q=capital")   # only in Makassar's summary
    expect(page.locator("#search-status")).to_have_text("1 result")
    item = page.locator("#search-results li").first
    expect(item.locator("p.summary")).to_have_text(re.compile("^Capital of South Sulawesi"))
    expect(item.locator(".excerpt")).to_have_count(0)


LAYOUT_SHIFTS = """
window.__shifts = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 667}, {"width": 1280, "height": 800}])
def test_results_arrive_without_moving_the_page(browser, small_site, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    open_search(page, small_site.url + "/search/?q=makassar")
    expect(page.locator("#search-status")).to_have_text("3 results")
    page.wait_for_timeout(300)   # any late shift is reported
    shift = page.evaluate("window.__shifts")
    context.close()
    assert shift < 0.1, f"cumulative layout shift {shift:.3f}"


# --- A sharded index at 1,000 entries -----------------------------------------------------------

@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """The benchmark's synthetic corpus of 1,000 entries (20% translated), built and served."""
    from bench import corpus

    root = make_site(tmp_path_factory.mktemp("search-1000") / "site", fixture=None)
    corpus.make(1000, root, data_dir=root / "content" / "_data")
    report = run_build(root)
    assert report.written, report.diagnostics
    server = Server(root / "public")
    server.root = root
    yield server
    server.close()


def corpus_entries(root: Path) -> dict[tuple[str, str], dict]:
    """The corpus's base entries, by (collection, slug), with their frontmatter and whether translated."""
    import frontmatter

    entries = {}
    for path in sorted((root / "content").glob("*/*.md")):
        if path.name.count(".") == 1:
            entries[path.parent.name, path.stem] = dict(frontmatter.load(path).metadata)
    for path in (root / "content").glob("*/*.id.md"):
        entries[path.parent.name, path.name.split(".")[0]]["translated"] = True
    return entries


def sort_year(meta: dict) -> int:
    """What 'newest first' sorts by (templates/partials/search.html)."""
    return meta.get("year") or meta.get("joined") or meta.get("start_year") or meta.get("end_year") or 0


def all_results(page: Page) -> list[str]:
    while page.locator("#search-more").is_visible():
        count = page.locator("#search-results li").count()
        page.click("#search-more")
        expect(page.locator("#search-results li")).not_to_have_count(count)
    return result_links(page)


def slug_of(link: str) -> tuple[str, str]:
    parts = link.strip("/").split("/")
    return parts[-2], parts[-1]


@pytest.mark.parametrize("prefix", ["", "/id"])
def test_1000_entries_filters_and_newest_first_across_shards(page, big_site, prefix):
    entries = corpus_entries(big_site.root)
    cities = {slug: meta for (collection, slug), meta in entries.items() if collection == "cities"}
    by_country: dict[str, set] = {}
    for (collection, slug), meta in entries.items():
        if collection != "projects":   # a meeting names a city too
            continue
        for city in [meta["city"]] if meta.get("city") else meta.get("cities", []):
            by_country.setdefault(cities[city]["country"], set()).add(slug)
    country = min(by_country, key=lambda code: abs(len(by_country[code]) - 40))   # some forty projects
    expected = by_country[country]
    shards = {int(hashlib.sha256(f"projects/{slug}/index.html".encode()).hexdigest()[:16], 16) % 4
              for slug in expected}
    assert len(shards) == 4, "the projects lie in every shard"
    open_search(page, f"{big_site.url}{prefix}/search/?type=project&country={country}&sort=year")
    expect(page.locator("#search-status")).to_contain_text(str(len(expected)))
    links = all_results(page)
    # in Indonesian, the projects with no Indonesian version are found through their English pages
    assert all(link.startswith((f"{prefix}/projects/", "/projects/")) for link in links)
    assert {slug_of(link)[1] for link in links} == expected
    years = [sort_year(entries[slug_of(link)]) for link in links]
    assert years == sorted(years, reverse=True), "newest first across every shard"
    assert len(set(years)) > 3


@pytest.mark.parametrize("prefix, word", [("", "flood"), ("/id", "banjir")])
def test_1000_entries_a_query_sorted_newest_first_holds_the_same_results(page, big_site, prefix, word):
    entries = corpus_entries(big_site.root)
    open_search(page, f"{big_site.url}{prefix}/search/?q={word}&status=ongoing")
    by_relevance = all_results(page)
    assert len(by_relevance) > 10
    open_search(page, f"{big_site.url}{prefix}/search/?q={word}&status=ongoing&sort=year")
    by_year = all_results(page)
    assert sorted(by_year) == sorted(by_relevance)
    years = [sort_year(entries[slug_of(link)]) for link in by_year]
    assert years == sorted(years, reverse=True)
    assert all(entries[slug_of(link)]["status"] == "ongoing" for link in by_year)


@pytest.mark.parametrize("translated", [True, False])
def test_1000_entries_title_matches_come_first_across_shards_in_both_languages(page, big_site, translated):
    # each shard scores with its own statistics; the page puts results whose title matches first
    entries = corpus_entries(big_site.root)
    city = next(slug for (collection, slug), meta in sorted(entries.items()) if collection == "cities"
                and bool(meta.get("translated")) == translated
                and sum(1 for m in entries.values() if m.get("city") == slug) >= 3)
    name = entries["cities", city]["title"]
    for prefix in ("", "/id"):
        open_search(page, f"{big_site.url}{prefix}/search/?q={name}")
        expect(page.locator("#search-results li").first).to_be_visible()
        links = all_results(page)
        titles = page.locator("#search-results li h3 a").all_inner_texts()
        in_title = [name.lower() in title.lower() for title in titles]
        assert in_title == sorted(in_title, reverse=True), (prefix, list(zip(titles, in_title))[:12])
        own = f"{prefix}/cities/{city}/" if translated else f"/cities/{city}/"   # else its English page
        assert own in [link for link, hit in zip(links, in_title) if hit]
        assert len({slug_of(link)[0] for link in links}) > 1


def test_an_entry_without_a_version_in_a_language_is_found_there_through_its_own_page(page, tmp_path):
    """It has no page in that language (hub/model/pages.py): the search of that language
    finds the entry's own page, marked with its language, and only for entries that have no version."""
    root = make_site(tmp_path / "site")
    for slug in ("da-nang", "makassar"):   # Makassar has an Indonesian version, Da Nang none
        city = root / f"content/cities/{slug}.md"
        city.write_text(city.read_text() + "\nIts riverside promenade hosts a festival.\n")
    assert run_build(root).written
    server = Server(root / "public")
    try:
        open_search(page, server.url + "/search/?q=riverside")
        expect(page.locator("#search-status")).to_have_text("2 results")
        assert sorted(result_links(page)) == ["/cities/da-nang/", "/cities/makassar/"]
        assert page.locator("#search-results .result-lang").count() == 0
        open_search(page, server.url + "/id/search/?q=riverside")
        expect(page.locator("#search-status")).to_have_text("1 hasil")
        assert result_links(page) == ["/cities/da-nang/"]
        heading = page.locator("#search-results h3").first
        assert heading.locator("a").get_attribute("lang") == "en"
        expect(heading.locator(".result-lang")).to_have_text("(English)")
        open_search(page, server.url + "/id/search/?q=da nang")   # its title, in the other language's search
        expect(page.locator("#search-results li").first).to_be_visible()
        assert result_links(page)[0] == "/cities/da-nang/"
        open_search(page, server.url + "/id/search/?q=makassar")   # its own version only, not also the English
        expect(page.locator("#search-results li").first).to_be_visible()
        assert "/cities/makassar/" not in result_links(page) and "/id/cities/makassar/" in result_links(page)
    finally:
        server.close()
