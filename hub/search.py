"""Search stage: a Pagefind index of the rendered pages, added to the site's files before the write.

Pagefind's Python API drives its binary as a service. Each rendered page goes to it from memory
(nothing is re-read from content or disk), and the bundle comes back over the same pipe into the
`files` mapping, so it is swapped in atomically with the rest of the site and a failed index
leaves the previous site as it was.

Each language has its own bundle beside its pages (pagefind/ for English, id/pagefind/ for
Indonesian), and its search page loads only that one. The languages are indexed by one Pagefind
process each: pages go in concurrently (one core each), but bundles are written one at a time,
because writing is where Pagefind's memory peaks (about four times what the pages take).

What is indexed, and with which filters, sort keys and metadata, is decided by the templates'
data-pagefind-* attributes (templates/partials/search.html), not here.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import functools
import json

from hub.config import SiteConfig
from hub.diagnostics import ERROR, Diagnostic
from hub.pagefind_bundle import deterministic

BUNDLE = "pagefind"
# Pagefind's ready-made UIs; the hub has its own search page (assets/js/search.js), so these stay out.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
IN_FLIGHT = 64   # pages sent to a Pagefind process before waiting for answers: keeps it busy, bounds memory
WRITE_ONE_AT_A_TIME = True   # see the module docstring: bounds peak memory to one writing process


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


def index_site(files: dict[str, bytes], config: SiteConfig, languages=None) -> dict[str, bytes]:
    """The Pagefind bundle of each language for the HTML pages in `files`, as {output path: bytes}.

    A page belongs to the language whose URL prefix it has. Pages without data-pagefind-body are
    skipped by Pagefind itself (the templates decide). `languages` limits the bundles made (the
    build cache reuses the others).
    """
    groups: dict[str, dict[str, bytes]] = {lang: {} for lang in (languages or config.languages)}
    prefixes = [(f"{lang}/", lang) for lang in config.extra_languages]
    for path, data in files.items():
        if path.endswith(".html"):
            lang = next((lang for prefix, lang in prefixes if path.startswith(prefix)), config.default_language)
            if lang in groups:
                groups[lang][path] = data
    bundle = _run(_index_languages({bundle_path(config, lang): (lang, pages) for lang, pages in groups.items()}))
    clashes = sorted(set(bundle) & set(files))
    if clashes:
        raise SearchError(f"the search index would overwrite {clashes[0]}", path=clashes[0],
                          hint=f"no page may be written in a folder named {BUNDLE}/")
    return bundle


def _run(work):
    """Run a coroutine to the end, in a thread of its own when this one already runs an event loop
    (a caller such as a test driving a browser, or a server)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _index_languages(jobs: dict[str, tuple[str, dict[str, bytes]]]) -> dict[str, bytes]:
    writing = asyncio.Lock() if WRITE_ONE_AT_A_TIME else contextlib.nullcontext()
    tasks = [asyncio.ensure_future(_index(folder, lang, pages, writing)) for folder, (lang, pages) in jobs.items()]
    try:
        bundles = await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)   # let each close its process
    return {path: data for bundle in bundles for path, data in bundle.items()}


async def _index(folder: str, lang: str, pages: dict[str, bytes], writing) -> dict[str, bytes]:
    """One language's bundle from one Pagefind process; `writing` lets one process write at a time."""
    try:
        service = await _service_class()().launch()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchError("Pagefind's binary is not installed", path="requirements.txt",
                          hint="install the pinned requirements: pip install -r requirements.txt") from exc
    try:
        index = await service.create_index({"force_language": lang})
        slots = asyncio.Semaphore(IN_FLIGHT)

        async def add(path: str, data: bytes) -> None:
            async with slots:
                try:
                    await index.add_html_file(content=data.decode("utf-8"), source_path=path)
                except (SearchError, OSError):
                    raise
                except Exception as exc:   # the service answers a page it cannot read with a bare Exception
                    raise SearchError(f"Pagefind could not index this page: {exc}", path=path) from exc

        await asyncio.gather(*(add(path, data) for path, data in sorted(pages.items())))
        async with writing:
            # The files come back over the pipe: write_files answers before its last writes
            # reach the disk (seen as a truncated pagefind.js), and memory is where the site is.
            files = await index.get_files()
            await service.close()
        return _bundle(files, folder)
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
                        raise SearchError(f"Pagefind said: {said.decode('utf-8', 'replace').strip()[:300]}")
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
