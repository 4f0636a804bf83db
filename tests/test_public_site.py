"""The public site in Chromium (Debian's /usr/bin/chromium through Playwright), served with the
headers of netlify.toml (Content-Security-Policy included): one page of every type in both
languages, at 375 px and 1280 px, in the light and the dark colour scheme; and the visitor's
journey of issue 8 on a phone-sized window.

Every page must load without a console error, a failed request or a CSP violation, must not
scroll sideways, and must have no axe-core violation (tests/axe.py). Screenshots of each go
to test-output/screenshots/ (git-ignored) for a person to review.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_netlify import headers_for

from hub.build import BuildReport, check
from hub.model.pages import plan_pages
from hub.source.config import load_config

from axe import axe_violations
from browser import static_server, watch  # noqa: F401
from conftest import REPO

SHOTS = REPO / "test-output" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}
PREFERRED = {"cities": "makassar", "projects": "makassar-dottorota-home-care", "meetings": "2023-bali",
             "countries": "ID", "focus_areas": "health-and-well-being"}


@pytest.fixture
def public(bundled_public) -> Path:
    """The repository's own content, built by the real command line into a temporary folder."""
    return bundled_public


def pages_of_every_type() -> dict[str, str]:
    """URL -> a name for it: one page of each (kind, template) in every language, from the engine's plan.
    Entries and terms are the ones the journey visits, when they exist."""
    site = check(load_config(REPO), BuildReport()).site
    chosen: dict[tuple, object] = {}
    for plan in plan_pages(site):
        key = (plan.kind, plan.template, plan.lang)
        preferred = len(plan.key) == 2 and PREFERRED.get(plan.key[0]) == plan.key[1]
        if key not in chosen or preferred:
            chosen[key] = plan
    return {plan.url: f"{plan.lang}-{plan.kind}-{plan.template.removesuffix('.html')}" for plan in chosen.values()}


def test_every_page_type_is_covered():
    names = pages_of_every_type()
    assert {"/", "/id/", "/cities/", "/cities/makassar/", "/id/cities/makassar/", "/projects/",
            "/meetings/2023-bali/", "/countries/id/", "/data/", "/id/data/", "/search/", "/404.html"} <= set(names)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", WIDTHS)
def test_every_page_type_is_clean_in_chromium(public, browser, size, scheme):
    context = browser.new_context(viewport={"width": WIDTHS[size], "height": 900}, color_scheme=scheme)
    page = context.new_page()
    record = watch(page)
    problems: dict[str, list[str]] = {}
    folder = SHOTS / f"{size}-{scheme}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with static_server(public, headers_for) as base:
            for url, name in pages_of_every_type().items():
                # The search page loads its index only for a query, so every page is done at "load".
                response = page.goto(base + url, wait_until="load")
                if page.locator("#search").count():   # its index loads after "load": let it finish, or
                    page.locator("#search[data-ready]").wait_for()   # the next page sees its requests aborted
                found = list(record.problems())
                for seen in (record.console_errors, record.page_errors, record.failed_requests):
                    seen.clear()
                if response.status != 200:
                    found.append(f"HTTP {response.status}")
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    found.append(f"scrolls sideways by {overflow}px")
                found += axe_violations(page)
                page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
                if found:
                    problems[url] = found
    finally:
        context.close()
    assert problems == {}, "\n".join(f"{url}:\n  " + "\n  ".join(p) for url, p in problems.items())


def test_keyboard_reaches_skip_link_first_and_focus_is_visible(public, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        with static_server(public, headers_for) as base:
            page.goto(base + "/cities/")
            page.keyboard.press("Tab")
            focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href'),"
                                    " getComputedStyle(document.activeElement).outlineStyle,"
                                    " document.activeElement.getBoundingClientRect().left]")
            assert focused[:2] == ["skip-link", "#main"]
            assert focused[2] != "none" and focused[3] >= 0    # shown on screen with an outline
            page.keyboard.press("Enter")
            assert page.evaluate("location.hash") == "#main"
            # The map's own skip link passes its 32 links in one step.
            page.locator(".skip-map").focus()
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.closest('svg') === null")
    finally:
        context.close()


def test_visitor_journey_on_a_phone(public, browser):
    """Issue 8's 'done when': home -> Makassar on the map -> its projects -> the meeting hosted in
    its country -> Bahasa Indonesia and back -> the cities CSV; no error or axe violation anywhere."""
    folder = SHOTS / "journey"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 740}, accept_downloads=True, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    record = watch(page)
    steps: list[tuple[str, str]] = []

    def step(name: str) -> None:
        page.wait_for_load_state("networkidle")
        problems = record.problems() + axe_violations(page)
        page.screenshot(path=str(folder / f"{len(steps) + 1:02d}-{name}.png"), full_page=True)
        assert problems == [], f"step {name} ({page.url}): {problems}"
        steps.append((name, page.url))

    try:
        with static_server(public, headers_for) as base:
            page.goto(base + "/")
            step("home")
            marker = page.locator('svg.city-map a[aria-label^="Makassar"]')
            assert marker.count() == 1
            marker.tap()
            page.wait_for_url(base + "/cities/makassar/")
            step("makassar")
            projects = page.locator('section[aria-labelledby="projects-heading"] a')
            assert projects.count() >= 1
            first_project = projects.first.get_attribute("href")
            projects.first.tap()
            page.wait_for_url(base + first_project)
            assert "makassar" in page.locator(".facts").inner_text().lower()
            step("project")
            page.go_back()
            page.wait_for_url(base + "/cities/makassar/")
            meeting = page.locator('section[aria-labelledby="meetings-heading"] a', has_text="2023")
            meeting.tap()
            page.wait_for_url(base + "/meetings/2023-bali/")
            assert "Indonesia" in page.locator(".facts").inner_text()
            step("meeting")
            page.locator(".lang-switch summary").tap()   # the language menu opens without JavaScript
            page.locator(".lang-switch a[hreflang='id']").tap()
            page.wait_for_url(base + "/id/meetings/2023-bali/")
            assert page.evaluate("document.documentElement.lang") == "id"
            step("meeting-id")
            page.locator(".lang-switch summary").tap()
            page.locator(".lang-switch a[hreflang='en']").tap()
            page.wait_for_url(base + "/meetings/2023-bali/")
            step("meeting-en")
            page.locator(".footer-links a", has_text="Open data").tap()
            page.wait_for_url(base + "/data/")
            step("data")
            with page.expect_download() as download_info:
                page.locator('a[href="/api/cities.csv"]').click()
            download = download_info.value
            rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
            (folder / "cities.csv").write_bytes(Path(download.path()).read_bytes())
            site = check(load_config(REPO), BuildReport()).site
            assert [row["slug"] for row in rows] == list(site.order["cities"])
            assert next(r for r in rows if r["slug"] == "makassar")["coordinates.lat"] == "-5.14861"
            assert record.problems() == []
    finally:
        context.close()
    assert [name for name, _ in steps] == ["home", "makassar", "project", "meeting", "meeting-id", "meeting-en",
                                           "data"]
