"""`build.py serve`: rebuild on save, reload open tabs, show errors in the browser, recover, stop on Ctrl-C.

Each test runs the real command in a subprocess on a free port, against a copy of the small fixture site.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.commands.serve import error_page
from hub.core.diagnostics import ERROR, WARNING, Diagnostic

from browser import page  # noqa: F401
from conftest import REPO
from helpers import write

EDIT_DEADLINE = 3.0      # seconds from saving a file to the new content being served
START_DEADLINE = 60.0    # the first build, on a busy machine
ERROR_HEADING = "The site could not be built"
# SIGINT gets Python's own handler, as in a terminal: a test run started in the background of a
# non-interactive shell inherits SIGINT ignored, and the preview would then ignore Ctrl-C too.
RUN_CLI = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
           "from pathlib import Path; from hub.cli import main; sys.exit(main(sys.argv[1:], root=Path.cwd()))")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_until(condition, deadline: float, what: str):
    """Poll `condition` until it returns something truthy; fail if `deadline` seconds pass first."""
    end = time.monotonic() + deadline
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > end:
            pytest.fail(f"not within {deadline:.0f}s: {what}")
        time.sleep(0.05)


@dataclass
class Preview:
    root: Path
    url: str
    process: subprocess.Popen

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.url + path)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self) -> tuple[int, str, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err


def start(root: Path, port: int | None = None) -> Preview:
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-c", RUN_CLI, "serve", "--port", str(port)], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    preview = Preview(root, f"http://127.0.0.1:{port}", process)

    def ready():
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{process.communicate()}")
        try:
            return preview.get("/")[0] == 200
        except OSError:
            return False

    wait_until(ready, START_DEADLINE, "the preview answers")
    return preview


@pytest.fixture
def preview(site_root):
    running = start(site_root)
    yield running
    running.stop()


def test_saved_edit_is_served_within_3s_and_the_open_tab_reloads_itself(preview, page):
    page.goto(preview.url + "/cities/da-nang/")
    assert "central Viet Nam" in page.locator(".lead").inner_text()
    page.evaluate("window.beforeEdit = true")

    preview.edit("content/cities/da-nang.md", "A coastal city in central Viet Nam", "A coastal city, edited live,")
    wait_until(lambda: "edited live" in preview.get("/cities/da-nang/")[1], EDIT_DEADLINE, "the edit is served")

    page.wait_for_function("window.beforeEdit === undefined", timeout=10_000)   # a reload clears it
    assert "edited live" in page.locator(".lead").inner_text()


@pytest.mark.slow
def test_an_edit_renders_again_only_the_pages_it_affects(preview):
    preview.edit("content/cities/da-nang.md", "three pilot cities.", "three pilot cities, edited in its body.")
    wait_until(lambda: "edited in its body" in preview.get("/cities/da-nang/")[1], EDIT_DEADLINE, "the edit is served")

    code, out, _ = preview.stop()
    rebuilds = re.findall(r"^rebuilt in [\d.]+s: (\d+) of (\d+) pages rendered", out, re.M)
    assert code == 0 and len(rebuilds) == 2, out
    (first, pages), (after_edit, same_pages) = rebuilds
    assert first == pages == same_pages
    # the city's own page: it has no page in the other languages, and the listings do not show its body
    assert after_edit == "1"


def test_errors_replace_every_page_in_the_browser_until_the_next_good_save(preview, page):
    page.goto(preview.url + "/cities/makassar/")
    assert page.locator("h1").inner_text() == "Makassar"

    preview.edit("content/cities/makassar.md", "country: ID", "country: IX")
    page.wait_for_function(f"document.querySelector('h1').innerText === {ERROR_HEADING!r}", timeout=10_000)
    problem = page.locator("#problems li").first.inner_text()
    assert "content/cities/makassar.md:6:10" in problem
    assert "error[unknown-reference]: 'country' refers to 'IX', which is not among the countries" in problem
    assert "country: IX" in problem   # the offending line, shown under the message

    status, body = preview.get("/projects/")   # every page, not only the broken entry's
    assert status == 500 and ERROR_HEADING in body and "content/cities/makassar.md:6:10" in body
    status, css = preview.get(css_path(preview))
    assert status == 200 and "body" in css   # assets are still served

    preview.edit("content/cities/makassar.md", "country: IX", "country: ID")
    page.wait_for_function("document.querySelector('h1').innerText === 'Makassar'", timeout=10_000)
    assert preview.get("/projects/")[0] == 200


def css_path(preview: Preview) -> str:
    (css,) = (preview.root / "public/assets/css").glob("site.*.css")
    return "/" + css.relative_to(preview.root / "public").as_posix()


@pytest.mark.slow
@pytest.mark.parametrize("mistake, message", [
    ("{% if %}", "error[template]</strong>: template syntax error: Expected an expression"),
    ("{{ no_such_value }}", "error[template-render]</strong>: UndefinedError: &#x27;no_such_value&#x27; is undefined"),
])
def test_a_broken_template_is_shown_with_its_file_and_line(preview, mistake, message):
    line = (preview.root / "templates/city.html").read_text().split("\n").index("{% block facts %}") + 1
    preview.edit("templates/city.html", "{% block facts %}", "{% block facts %}" + mistake)
    body = wait_until(lambda: (lambda r: r[0] == 500 and r[1])(preview.get("/cities/da-nang/")), 10,
                      "the error page")
    assert f"templates/city.html:{line}:1</code> <strong>{message}" in body
    preview.edit("templates/city.html", "{% block facts %}" + mistake, "{% block facts %}")
    wait_until(lambda: preview.get("/cities/da-nang/")[0] == 200, 10, "the site is back")


@pytest.mark.slow
def test_unknown_address_gets_the_site_404_page(preview):
    status, body = preview.get("/cities/atlantis/")
    assert status == 404 and "Page not found" in body


@pytest.mark.slow
def test_ctrl_c_stops_cleanly(preview):
    code, out, err = preview.stop()
    assert code == 0
    assert out.rstrip().endswith("stopped")
    assert "Traceback" not in err
    assert "Serving on http://127.0.0.1:" in err


@pytest.mark.slow
def test_busy_port_is_a_clear_usage_error(site_root):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        run = subprocess.run([sys.executable, "-c", RUN_CLI, "serve", "--port", str(port)], cwd=site_root, env=env,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert f"error: cannot serve on 127.0.0.1:{port}" in run.stderr and "choose another with --port" in run.stderr
    assert "Traceback" not in run.stderr


def test_error_page_escapes_what_it_shows(tmp_path):
    write(tmp_path, "content/cities/x.md", "---\ntitle: <script>alert(1)</script>\n---\n")
    page = error_page([Diagnostic("content/cities/x.md", 2, 8, ERROR, "wrong", "bad <b>value</b>", "use & not <"),
                       Diagnostic("content/cities/x.md", 1, 1, WARNING, "style", "a warning")], tmp_path)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "bad &lt;b&gt;value&lt;/b&gt;" in page and "hint: use &amp; not &lt;" in page
    assert page.index("content/cities/x.md:1:1") < page.index("content/cities/x.md:2:8")   # sorted by line
    assert "1 error, 1 warning in 1 file" in page
