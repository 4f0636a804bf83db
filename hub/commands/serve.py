"""`build.py serve`: a live preview on 127.0.0.1 that rebuilds on save and reloads the open tabs.

The server is MkDocs' live-reload server (mkdocs.livereload, pinned in
requirements.txt): it watches the source folders, runs the rebuild once the
files stop changing, counts build versions and reloads browsers only after a
rebuild has finished. Each rebuild is the whole pipeline, in this process
(`hub.build.build`), into the output folder, which is swapped in atomically.

When a rebuild fails, the previous site stays on disk, but every page request
is answered with an error page listing the problems (file, line, message, and
the offending line) in place of a stale page; the next good save reloads the
tabs back onto the site.
"""

from __future__ import annotations

import html
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from hub.build import BuildReport, build
from hub.commands.failures import diagnostics_for
from hub.core.diagnostics import ERROR, Diagnostic, format_report, sort_key, summary_line
from hub.source.config import SiteConfig, load_config

HOST = "127.0.0.1"
WATCHED = ("content", "templates", "site_src", "schemas", "site.yaml")
POLL_SECONDS = 0.25   # how often the watched folders are scanned for changes (a few hundred small files)


@dataclass
class Outcome:
    """What the latest rebuild left for the browser: nothing to show, or the problems."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    rendered: int = 0   # of `pages`: those rendered again; the rest came from the build cache
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(d.severity == ERROR for d in self.diagnostics)


class Preview:
    """Rebuilds the site on request and keeps the outcome the server shows."""

    def __init__(self, config: SiteConfig, url: str):
        self.root = config.root
        self.url = url
        self.include_drafts = config.include_drafts
        self.out_dir = config.out_dir
        self.outcome = Outcome()

    def rebuild(self) -> None:
        """Run the pipeline; what the user can fix becomes the outcome (hub/commands/failures.py, as for
        the command line), never an exception out of here."""
        start = time.perf_counter()
        report = BuildReport()
        try:
            config = load_config(self.root, base_url=self.url, include_drafts=self.include_drafts,
                                 out_dir=self.out_dir)
            build(config, report)
            diagnostics = report.diagnostics
        except Exception as problem:   # a bug in the hub is raised again by diagnostics_for
            diagnostics = report.diagnostics + diagnostics_for(problem, self.root, self.out_dir)
        self.outcome = Outcome(diagnostics, time.perf_counter() - start, report.pages, report.rendered, report.timings)
        self._tell()

    def _tell(self) -> None:
        outcome = self.outcome
        if outcome.failed:
            print(format_report(outcome.diagnostics), flush=True)
            print(f"build failed in {outcome.seconds:.2f}s; the browser shows the problems until the next good save",
                  flush=True)
        else:
            stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in outcome.timings.items())
            warnings = f"; {summary_line(outcome.diagnostics)}" if outcome.diagnostics else ""
            print(f"rebuilt in {outcome.seconds:.2f}s: {outcome.rendered} of {outcome.pages} pages rendered"
                  f" ({stages}){warnings}", flush=True)

    def error_page(self) -> bytes:
        return error_page(self.outcome.diagnostics, self.root).encode("utf-8")


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, answering page requests with the error page while the build is failing.

    It reads the server's build version (`_visible_epoch`) and injects its reload
    script (`_inject_js_into_html`) into the error page; both are internals of
    mkdocs 1.6.1, which requirements.txt pins exactly, and tests/test_serve.py
    exercises them.
    """

    def __init__(self, preview: Preview, port: int):
        super().__init__(builder=preview.rebuild, host=HOST, port=port, root=str(preview.out_dir),
                         polling_interval=POLL_SECONDS)
        self.preview = preview
        self.error_handler = self._not_found

    def serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if _is_page(path):
            with self._epoch_cond:   # wait for a rebuild in progress, as the base class does for files
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch = self._visible_epoch
            if self.preview.outcome.failed:
                body = self._inject_js_into_html(self.preview.error_page(), epoch)
                start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                             ("Content-Length", str(len(body)))])
                return [body]
        return super().serve_request(environ, start_response)

    def _not_found(self, code: int) -> bytes | None:
        page = self.preview.out_dir / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return not path.startswith("/livereload/") and (last == "" or last.endswith(".html") or "." not in last)


def serve(config: SiteConfig, port: int = 8000) -> int:
    """Build, then serve and rebuild on every save until Ctrl-C."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    url = f"http://{HOST}:{port}/"
    preview = Preview(config, url)
    preview.rebuild()
    server = PreviewServer(preview, port)
    for name in WATCHED:
        if (config.root / name).exists():
            server.watch(str(config.root / name))
    try:
        server.serve()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    except OSError as problem:
        print(f"error: cannot serve on {HOST}:{port}: {problem.strerror or problem}\n"
              f"  hint: another program may be using the port; choose another with --port", file=sys.stderr)
        return 2
    finally:
        server.shutdown()
    return 0


def error_page(diagnostics: list[Diagnostic], root: Path) -> str:
    """A self-contained HTML page listing the problems, each with the line of the file it points at."""
    items = []
    for d in sorted(diagnostics, key=sort_key):
        excerpt = _source_line(root, d.path, d.line)
        code = ""
        if excerpt is not None:
            caret = " " * (max(d.col, 1) - 1) + "^"
            code = f'<pre><span class="ln">{d.line:>4} |</span> {html.escape(excerpt)}\n' \
                   f'<span class="ln">     |</span> <span class="caret">{caret}</span></pre>'
        hint = f'<p class="hint">hint: {html.escape(d.hint)}</p>' if d.hint else ""
        items.append(f'<li class="{d.severity}"><p><code class="where">{html.escape(d.path)}:{d.line}:{d.col}</code> '
                     f'<strong>{d.severity}[{html.escape(d.code)}]</strong>: {html.escape(d.message)}</p>'
                     f'{hint}{code}</li>')
    return _PAGE.format(summary=html.escape(summary_line(diagnostics)), items="\n".join(items))


def _source_line(root: Path, rel: str, line: int) -> str | None:
    path = (root / rel).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1].expandtabs(1) if 0 < line <= len(lines) else None


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · preview</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; }}
h1 {{ color: #a4000f; }}
ol {{ padding-left: 1.2rem; }}
li {{ margin-bottom: 1.2rem; }}
.where {{ font-weight: bold; }}
.hint {{ margin: .2rem 0; color: #3d4551; }}
pre {{ background: #f3f3f3; padding: .5rem; overflow-x: auto; }}
.ln {{ color: #71767a; }}
.caret {{ color: #a4000f; font-weight: bold; }}
</style>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p id="summary">{summary}. Fix them and save: this page reloads by itself and shows the site again.</p>
<ol id="problems">
{items}
</ol>
</main>
</body>
</html>
"""
