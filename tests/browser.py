"""Browser tests' shared parts: Debian's Chromium driven by Playwright, and a static server for built sites.

Playwright drives the system browser at /usr/bin/chromium (scripts/test installs
it with apt); it never downloads one. conftest.py launches it once per test run
(the `browser` fixture); a test module imports the other parts it uses:

    from browser import page, watch, static_server  # noqa: F401

Playwright's sync API keeps an asyncio event loop running in the main thread
while the browser is open; the build's search stage, which runs its own loop,
then runs it in a thread (hub/search.py), so in-process builds work beside it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# Records Content-Security-Policy violations in the page, where tests can read them.
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@dataclass
class PageWatch:
    """Everything a page complained about: console errors, uncaught exceptions, failed and refused requests."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")

    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + self.failed_requests + self.csp_violations()


def watch(page) -> PageWatch:
    """Start recording a page's problems; call before the first navigation."""
    record = PageWatch(page)
    page.add_init_script(_CSP_LISTENER)
    page.on("console", lambda msg: record.console_errors.append(f"console {msg.type}: {msg.text} ({msg.location})")
            if msg.type == "error" else None)
    page.on("pageerror", lambda error: record.page_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: record.failed_requests.append(
        f"request failed: {request.url} ({request.failure})"))
    page.on("response", lambda response: record.failed_requests.append(
        f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
    return record


class _FolderHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as a static host does: /x/ -> /x/index.html, unknown paths -> /404.html with 404."""

    headers_for: Callable[[str], dict] = staticmethod(lambda path: {})

    def end_headers(self):
        for name, value in self.headers_for(self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@contextmanager
def static_server(folder: Path, headers_for: Callable[[str], dict] = lambda path: {}) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1, adding headers_for(path) to every response; yields the base URL."""
    handler = type("Handler", (_FolderHandler,), {"headers_for": staticmethod(headers_for)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
