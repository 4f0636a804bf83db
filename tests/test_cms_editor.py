"""The web editor end to end, in Chromium: Decap CMS at /admin/ of a built copy of the repository,
under the Content-Security-Policy netlify.toml gives /admin/, saving through the CMS's local backend
(decap-server in git mode, so every save is a branch and publishing merges it, as on GitHub)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_netlify import clean_checkout, headers_for

from browser import page, static_server, watch  # noqa: F401
from conftest import REPO

DECAP_SERVER = REPO / "node_modules" / ".bin" / "decap-server"
CITY = "kota-contoh"


@dataclass
class Editor:
    repo: Path
    base: str
    proxy_port: int

    def url(self, route: str) -> str:
        return f"{self.base}/admin/?local_backend={self.proxy_port}#{route}"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def hub(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", *args], cwd=repo, capture_output=True, text=True, timeout=600)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_proxy(port: int, process: subprocess.Popen) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=json.dumps({"action": "info"}).encode(),
                                     headers={"Content-Type": "application/json"})
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"decap-server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                assert "editorial_workflow" in json.load(response)["publish_modes"]
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("decap-server did not answer")


def admin_headers(proxy_port: int):
    """netlify.toml's headers, with the local backend's address added to the editor's connect-src
    (the one thing the deployed site never talks to)."""
    def for_path(path: str) -> dict[str, str]:
        values = headers_for(path)
        if path.startswith("/admin/"):
            values["Content-Security-Policy"] = values["Content-Security-Policy"].replace(
                "connect-src 'self'", f"connect-src 'self' http://localhost:{proxy_port}")
        return values
    return for_path


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    if shutil.which("node") is None or not DECAP_SERVER.exists():
        pytest.fail("node or decap-server is missing: run scripts/test, which installs them (npm ci)")
    repo = clean_checkout(tmp_path_factory.mktemp("cms") / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Editor Test")
    git(repo, "config", "user.email", "editor-test@localhost")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the repository as the editor finds it")
    built = hub(repo, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    port = free_port()
    env = {**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo),
           "LOG_LEVEL": "warn"}
    proxy = subprocess.Popen([str(DECAP_SERVER)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_proxy(port, proxy)
        with static_server(repo / "public", admin_headers(port)) as base:
            yield Editor(repo, base, port)
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def field(page, name: str):
    """The default language's input of a field (Decap gives it the id '<name>-field-<n>')."""
    return page.locator(f"[id^='{name}-field-']").first


def sign_in(page, editor: Editor, route: str) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(editor.url("/"))
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Collections").first.wait_for()
    page.goto(editor.url(route))


def save_and_publish(page) -> None:
    """Save (a branch cms/<collection>/<slug>), mark it ready and publish it (merged into main)."""
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Publish", exact=True).wait_for()
    page.get_by_text("Changes saved").wait_for()
    page.get_by_role("button", name="Status: Draft").click()
    page.get_by_text("Ready", exact=True).click()
    page.get_by_role("button", name="Status: Ready").wait_for()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()
    page.get_by_text("Entry published").wait_for()


def choose(page, name: str, text: str) -> None:
    field(page, name).fill(text)
    page.keyboard.press("Enter")


def test_a_city_created_in_the_form_passes_check_and_gets_its_page(editor, page):
    record = watch(page)
    sign_in(page, editor, "/collections/cities/new")
    field(page, "title").fill("Kota Contoh")
    field(page, "summary").fill("Kota Contoh is a test city that the editor's end-to-end test creates.")
    page.get_by_role("button", name="Add sources").click()
    field(page, "item").fill("https://example.org/kota-contoh")
    choose(page, "country", "Indonesia")
    field(page, "lat").fill("-5.5")
    field(page, "lon").fill("119.25")
    field(page, "joined").fill("2024")
    choose(page, "focus_areas", "Health and Well")
    choose(page, "focus_areas_basis", "editorial")
    save_and_publish(page)

    path = editor.repo / "content" / "cities" / f"{CITY}.md"
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "title: Kota Contoh\n"
        "summary: Kota Contoh is a test city that the editor's end-to-end test creates.\n"
        "sources:\n"
        "- https://example.org/kota-contoh\n"
        "country: ID\n"
        "coordinates:\n"
        "  lat: -5.5\n"
        "  lon: 119.25\n"
        "joined: 2024\n"
        "focus_areas:\n"
        "- health-and-well-being\n"
        "focus_areas_basis: editorial\n"
        "---\n")
    assert not (editor.repo / "content" / "cities" / f"{CITY}.id.md").exists()   # no empty translation
    assert git(editor.repo, "status", "--porcelain") == ""                        # committed on main
    checked = hub(editor.repo, "check")
    assert checked.returncode == 0, checked.stdout
    built = hub(editor.repo, "build")
    assert built.returncode == 0, built.stdout
    html = (editor.repo / "public" / "cities" / CITY / "index.html").read_text(encoding="utf-8")
    assert "<h1>Kota Contoh</h1>" in html and "/focus-areas/health-and-well-being/" in html
    assert record.csp_violations() == []


def test_editing_a_summary_changes_only_that_line(editor, page):
    path = editor.repo / "content" / "cities" / "makassar.md"
    before = path.read_text(encoding="utf-8")
    translation = (editor.repo / "content" / "cities" / "makassar.id.md").read_bytes()
    record = watch(page)
    sign_in(page, editor, "/collections/cities/entries/makassar")
    summary = field(page, "summary")
    summary.wait_for()
    old = summary.input_value()
    assert before.count(f"summary: {old}\n") == 1
    summary.fill(old.replace("is one of Indonesia's three", "is one of the three Indonesian"))
    save_and_publish(page)

    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.split("\n"), after.split("\n")) if a != b]
    assert len(before.split("\n")) == len(after.split("\n"))
    assert changed == [(f"summary: {old}", "summary: " + old.replace("is one of Indonesia's three",
                                                                      "is one of the three Indonesian"))]
    assert (editor.repo / "content" / "cities" / "makassar.id.md").read_bytes() == translation
    assert hub(editor.repo, "check").returncode == 0
    assert record.csp_violations() == []


def test_preview_uses_the_site_stylesheet_and_the_collections_template(editor, page):
    record = watch(page)
    sign_in(page, editor, "/collections/cities/entries/makassar")
    field(page, "summary").wait_for()
    page.get_by_title("Toggle i18n").click()
    page.get_by_title("Toggle preview").click()
    frame = page.frame_locator("iframe").first
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == "Makassar"
    assert frame.locator("main.wrap[data-collection=cities] dl.facts").inner_text().split("\n")[:2] == \
        ["Country", "Indonesia"]
    stylesheet = frame.locator("link[rel=stylesheet]").first.get_attribute("href")
    css = next((editor.repo / "public" / "assets" / "css").glob("site.*.css")).name
    assert stylesheet == f"/assets/css/{css}"
    # the site's stylesheet is applied: the lead paragraph has its own rule there
    assert frame.locator("p.lead").evaluate("e => getComputedStyle(e).fontSize") != \
        frame.locator("dl.facts dd").first.evaluate("e => getComputedStyle(e).fontSize")
    assert record.csp_violations() == []


def test_every_content_file_loads_and_saves_back_byte_identical(editor, page):
    """hub-cms.js's file format, in the browser, over every entry and translation of the repository."""
    from hub.source.config import load_config
    from hub.source.schemas import load_schemas

    config = load_config(REPO)
    schemas = load_schemas(config)
    page.goto(editor.url("/"))
    page.wait_for_function("window.hubCms !== undefined")
    files = sorted((REPO / "content").glob("*/*.md"))
    assert len(files) > 80
    for path in files:
        text = path.read_text(encoding="utf-8")
        order = list(schemas[path.parent.name].schema["properties"])
        again = page.evaluate("([text, order]) => hubCms.toFile(hubCms.fromFile(text), order)", [text, order])
        assert again == text, path.name


def test_written_files_follow_the_schema_order_and_leave_out_empty_fields(editor, page):
    page.goto(editor.url("/"))
    page.wait_for_function("window.hubCms !== undefined")
    data = {"body": "\nText.\n", "joined": 2024, "coordinates": {"lon": 1.5, "lat": -2.25}, "region": "",
            "population": {"value": None, "year": None}, "focus_areas": [], "title": "T", "network_wide": False,
            "updated": "2025-01-31", "draft": False}
    order = ["title", "updated", "draft", "coordinates", "joined", "region", "population", "focus_areas", "network_wide"]
    text = page.evaluate("([data, order]) => hubCms.toFile(data, order)", [data, order])
    assert text == ("---\ntitle: T\nupdated: '2025-01-31'\ndraft: false\ncoordinates:\n  lat: -2.25\n  lon: 1.5\n"
                    "joined: 2024\n---\n\nText.\n")
    assert page.evaluate("hubCms.toFile({title: '', body: ''}, ['title'])") == ""   # an untouched translation
    assert page.evaluate("hubCms.toDecap('content/cities/makassar.md')") == "content/cities/makassar.en.md"
    assert page.evaluate("hubCms.toDecap('content/cities/makassar.id.md')") == "content/cities/makassar.id.md"
    assert page.evaluate("hubCms.toRepo('content/cities/makassar.en.md')") == "content/cities/makassar.md"
