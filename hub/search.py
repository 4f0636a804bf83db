"""Search stage: a Pagefind index of each language, added to the site before it is swapped in.

Pagefind's Python API drives its binary as a service. The build first writes the new site into
its staging folder (hub/output.py), then asks Pagefind to index that folder, each language by
a glob of its pages: Pagefind reads them on all cores, as its CLI does. (Sending each page's HTML
from memory instead is Pagefind's other way in, but the service handles those one at a time:
about 3 ms a page on one core, against under 1 ms a page over a folder.) The bundle comes back
over the pipe as bytes, is made deterministic, and is written into the staging folder, so a
failed index leaves the previous site as it was.

Each language has its own bundle beside its pages (pagefind/ for English, id/pagefind/ for
Indonesian), and its search page loads only that one. The languages are indexed by one Pagefind
process each: at once for a small site, one after the other for a large one (TOGETHER_UP_TO).

What is indexed, and with which filters, sort keys and metadata, is decided by the templates'
data-pagefind-* attributes (templates/partials/search.html), not here.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import functools
import json
import re
from pathlib import Path

from hub.config import SiteConfig
from hub.diagnostics import ERROR, Diagnostic
from hub.pagefind_bundle import deterministic

BUNDLE = "pagefind"
# Pagefind's ready-made UIs; the hub has its own search page (assets/js/search.js), so these stay out.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
_GLOB_SAFE = re.compile(r"[A-Za-z0-9._-]+")
# The languages are indexed at once (one process each) while their memory together stays small:
# Pagefind peaks at about 16-20 times the HTML it reads (measured on 1.5.2: 290 MB for 14 MB of
# pages, 2.2 GB for 140 MB). Together they use both cores where one process cannot (the serial
# parts of its work, one huge page); one after the other they hold one index at a time.
PAGEFIND_BYTES_PER_HTML_BYTE = 20
TOGETHER_UP_TO = 1 << 30


class SearchError(Exception):
    """The index could not be built; carries a diagnostic for the build report."""

    def __init__(self, message: str, *, path: str = "hub/search.py", hint: str = ""):
        super().__init__(message)
        self.diagnostic = Diagnostic(path, 1, 1, ERROR, "search", message, hint)


def _stopped() -> SearchError:
    return SearchError("Pagefind stopped unexpectedly",
                       hint="a fault of the build, not of the content: reinstall requirements.txt and retry")


def bundle_path(config: SiteConfig, lang: str) -> str:
    """Where a language's bundle lives in the output: 'pagefind' or 'id/pagefind'."""
    return f"{config.lang_prefix(lang)}/{BUNDLE}".lstrip("/")


def page_language(path: str, config: SiteConfig) -> str:
    """The language of an output page: the one whose URL prefix it has."""
    return next((lang for lang in config.extra_languages if path.startswith(f"{lang}/")), config.default_language)


def index_folder(folder: Path, pages: dict[str, list[str]], config: SiteConfig) -> dict[str, bytes]:
    """The Pagefind bundle of each language in `pages` ({lang: its HTML output paths}), made from
    those pages as written in `folder`, as {output path: bytes}.

    Pages without data-pagefind-body are skipped by Pagefind itself (the templates decide).
    Languages left out of `pages` get no bundle (the build cache reuses theirs).
    """
    jobs = {bundle_path(config, lang): (lang, _glob(outputs)) for lang, outputs in pages.items() if outputs}
    html_bytes = sum((folder / output).stat().st_size for outputs in pages.values() for output in outputs)
    together = html_bytes * PAGEFIND_BYTES_PER_HTML_BYTE <= TOGETHER_UP_TO
    bundle = _run(_index_languages(folder, jobs, together))
    clashes = sorted(set(bundle) & {output for outputs in pages.values() for output in outputs})
    if clashes:
        raise SearchError(f"the search index would overwrite {clashes[0]}", path=clashes[0],
                          hint=f"no page may be written in a folder named {BUNDLE}/")
    return bundle


_TAG_NAME = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)")


def indexed_part(html: bytes) -> bytes | None:
    """What Pagefind can read of a page, over-approximated: its <html> tag, every tag carrying a
    data-pagefind-* attribute (metadata, filters, sort keys, ignored parts), and the element marked
    data-pagefind-body from its start tag to the last end tag of its name (the whole page when the
    mark appears twice). None when no element is marked, that is when Pagefind leaves the page out.

    Two pages with the same part give the same index, so a change elsewhere (the header, the
    footer, a stylesheet's hashed name) leaves the search index as it is. Plain searches, not an
    HTML parser: this runs on every page of every build (20,000 pages in about a second).
    """
    mark = html.find(b"data-pagefind-body")
    if mark < 0:
        return None
    if html.find(b"data-pagefind-body", mark + 1) >= 0:
        return html
    start = html.rfind(b"<", 0, mark)
    name = _TAG_NAME.match(html, start)
    end = html.rfind(b"</" + name.group(1) + b">") if name else -1
    end = end if end > mark else len(html)
    parts = [_tag_at(html, html.find(b"<html"))]
    for outside, limit in ((0, start), (end, len(html))):
        found = html.find(b"data-pagefind-", outside, limit)
        while found >= 0:
            parts.append(_tag_at(html, html.rfind(b"<", outside, found)))
            found = html.find(b"data-pagefind-", found + 1, limit)
    parts.append(html[start:end])
    return b"\n".join(parts)


def _tag_at(html: bytes, start: int) -> bytes:
    """The tag that starts at `start` ('<' to '>'), or nothing when there is none."""
    if start < 0:
        return b""
    end = html.find(b">", start)
    return html[start:end + 1 if end >= 0 else len(html)]


def _glob(outputs: list[str]) -> str:
    """A Pagefind glob matching these pages and no other language's: the language's top-level
    pages and the trees of its top-level folders ('{*.html,cities/**/*.html,…}' for English,
    'id/**/*.html' for Indonesian)."""
    tops = sorted({output.split("/", 1)[0] if "/" in output else "*.html" for output in outputs})
    odd = [top for top in tops if top != "*.html" and not _GLOB_SAFE.fullmatch(top)]
    if odd:   # output paths come from slugs, so this is a fault of the build, not of the content
        raise SearchError(f"cannot index pages under {odd[0]!r}: not a plain folder name")
    parts = [top if top == "*.html" else f"{top}/**/*.html" for top in tops]
    return parts[0] if len(parts) == 1 else "{" + ",".join(parts) + "}"


def _run(work):
    """Run a coroutine to the end, in a thread of its own when this one already runs an event loop
    (a caller such as a test driving a browser, or a server)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _index_languages(folder: Path, jobs: dict[str, tuple[str, str]], together: bool) -> dict[str, bytes]:
    """One Pagefind process per language: all at once when `together`, else one after the other."""
    if not together:
        bundle: dict[str, bytes] = {}
        for name, (lang, glob) in jobs.items():
            bundle.update(await _index(folder, name, lang, glob))
        return bundle
    tasks = [asyncio.ensure_future(_index(folder, name, lang, glob)) for name, (lang, glob) in jobs.items()]
    try:
        bundles = await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)   # let each close its process
    return {path: data for bundle in bundles for path, data in bundle.items()}


async def _index(folder: Path, bundle: str, lang: str, glob: str) -> dict[str, bytes]:
    """One language's bundle from one Pagefind process."""
    try:
        service = await _service_class()().launch()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchError("Pagefind's binary is not installed", path="requirements.txt",
                          hint="install the pinned requirements: pip install -r requirements.txt") from exc
    try:
        index = await service.create_index({"force_language": lang})
        try:
            await index.add_directory(path=str(folder), glob=glob)
        except (SearchError, OSError):
            raise
        except Exception as exc:   # the service answers what it cannot read with a bare Exception
            raise SearchError(f"Pagefind could not index the pages: {exc}") from exc
        # The files come back over the pipe: write_files answers before its last writes
        # reach the disk (seen as a truncated pagefind.js), and the build writes them itself.
        return _bundle(await index.get_files(), bundle)
    except OSError as exc:                 # the pipe broke: the binary has gone
        raise (service.failure or _stopped()) from exc
    finally:
        await service.close()


def _bundle(files: list[dict], folder: str) -> dict[str, bytes]:
    """Pagefind's files for one language, under `folder`, made byte-identical from build to build."""
    by_name = {file["path"].lstrip("/"): file["content"] for file in files
               if file["path"].lstrip("/") not in UNUSED}
    if "pagefind-entry.json" not in by_name:
        raise SearchError("Pagefind wrote no index", hint="check that some pages carry data-pagefind-body")
    return {f"{folder}/{name}": data for name, data in sorted(deterministic(by_name).items())}


@functools.cache
def _service_class():
    """Pagefind's service with a reader that answers at once and fails loudly.

    pagefind 1.5.2's reader sleeps 0.1 s before every answer, which caps indexing at ten pages a
    second, and leaves callers waiting forever if the binary dies; this one reads answers as they
    come and fails every pending request when the binary stops. Imported here, not at the top, so
    that a missing package is a diagnostic rather than an ImportError at start-up.
    """
    from pagefind.service import PagefindService

    class PromptService(PagefindService):
        failure: SearchError | None = None

        async def send(self, payload):
            """As the library's send, less its debug logging, which formats every page's HTML."""
            if self.failure:
                raise self.failure
            self._message_id += 1
            future = self._loop.create_future()
            self._responses[self._message_id] = future
            message = json.dumps({"message_id": self._message_id, "payload": payload})
            self._backend.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            await self._backend.stdin.drain()
            return await future

        async def _wait_for_responses(self) -> None:
            try:
                while True:
                    raw = await _read_message(self._backend.stdout)
                    try:
                        response = json.loads(base64.b64decode(raw[:-1]))
                    except ValueError:   # not a message: the binary is printing an error
                        said = raw + await self._backend.stdout.read(300)
                        raise SearchError(f"Pagefind said: {said.decode('utf-8', 'replace').strip()[:300]}") from None
                    _answer(self._responses, response)
            except (asyncio.IncompleteReadError, SearchError, OSError) as exc:
                self.failure = exc if isinstance(exc, SearchError) else _stopped()
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(self.failure)
                self._responses.clear()

        async def close(self) -> None:
            """Stop the binary at once (the library waits up to 5 s for answers first); safe to repeat."""
            self._poll_task.cancel()
            if self._backend.returncode is None:
                self._backend.terminate()
            await self._backend.wait()

    return PromptService


async def _read_message(stdout: asyncio.StreamReader) -> bytes:
    """One message up to its closing comma, however long (the stream's limit is 2 MiB; the bundle is more)."""
    parts = []
    while True:
        try:
            parts.append(await stdout.readuntil(b","))
            return b"".join(parts)
        except asyncio.LimitOverrunError as overrun:
            parts.append(await stdout.readexactly(overrun.consumed))


def _answer(pending: dict, response: dict) -> None:
    future = pending.pop(response.get("message_id"), None)
    payload = response.get("payload") or {}
    failed = payload.get("type") == "Error"
    if future is None or future.done():
        if failed:
            raise SearchError(f"Pagefind failed: {payload.get('message')}")
    elif failed:
        future.set_exception(Exception(payload.get("message", "unknown error")))
    else:
        future.set_result(payload)
