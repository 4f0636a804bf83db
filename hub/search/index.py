"""Pagefind indexes of the written site, each language's in shards.

Each language has its index beside its pages (pagefind/ for English, id/pagefind/ for Indonesian),
split into SHARDS shards (pagefind/0/ ... pagefind/3/), each a whole Pagefind bundle of the pages
whose address, less the language prefix, hashes to its number: an entry's pages fall in the same
shard number in every language, and an edit re-indexes only the shards of the pages it changed.
The search page reads shards.json, loads the first shard's pagefind.js and merges the others with
Pagefind's mergeIndex (assets/js/search.js).

Why a fixed, small number of shards: Pagefind cuts each index into chunks of about 20,000 word
positions and a query loads, from every shard, the chunk holding each word (about 25 KB at 10,000
entries), and the first search also loads every shard's entry, metadata and filter files. Four
shards keep a one-word query under 150 KB and the first search under 60 requests at 10,000
entries (bench/search.py measures both), while an edit re-indexes a quarter of a language.

Pagefind's Python API drives its binary as a service. The build first writes the new site into
its staging folder (hub/write.py); each shard's pages are hard-linked into a scratch folder of
their own beside it, and Pagefind indexes that folder (it reads a folder on all cores; sending
pages one by one over the service is three times slower). The bundle comes back over the pipe as
bytes, is made deterministic, and is written into the staging folder, so a failed index leaves
the previous site as it was. Shards are indexed by one process each, as many at once as there
are cores while their estimated memory stays under MEMORY_CAP.

What is indexed, and with which filters, sort keys and metadata, is decided by the templates'
data-pagefind-* attributes (templates/partials/search.html), not here.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hub.core.diagnostics import ERROR, Diagnostic, HubError
from hub.search.bundle import deterministic
from hub.search.wordbreak import needs_breaks, with_word_breaks
from hub.source.config import SiteConfig

BUNDLE = "pagefind"
# Pagefind's ready-made UIs; the hub has its own search page (assets/js/search.js), so these stay out.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
SHARDS = 4
LISTING = "shards.json"
# Shards are indexed at once (one process each) while their memory together stays under the cap:
# Pagefind peaks at about 16-20 times the HTML it reads (measured on 1.5.2: 290 MB for 14 MB of
# pages, 2.2 GB for 140 MB). At once they use every core where one process cannot (the serial
# parts of its work, one huge page).
PAGEFIND_BYTES_PER_HTML_BYTE = 20
MEMORY_CAP = 1 << 30


class SearchError(HubError):
    """The index could not be built; carries a diagnostic for the build report."""

    def __init__(self, message: str, *, path: str = "hub/search/index.py", hint: str = ""):
        super().__init__(Diagnostic(path, 1, 1, ERROR, "search", message, hint))


def _stopped() -> SearchError:
    return SearchError("Pagefind stopped unexpectedly",
                       hint="a fault of the build, not of the content: reinstall requirements.txt and retry")


def bundle_path(config: SiteConfig, lang: str) -> str:
    """Where a language's index lives in the output: 'pagefind' or 'id/pagefind'."""
    return f"{config.lang_prefix(lang)}/{BUNDLE}".lstrip("/")


def shard_path(config: SiteConfig, lang: str, shard: int) -> str:
    """Where one shard of a language's index lives: 'pagefind/2' or 'id/pagefind/2'."""
    return f"{bundle_path(config, lang)}/{shard}"


def page_language(path: str, config: SiteConfig) -> str:
    """The language of an output page: the one whose URL prefix it has."""
    return next((lang for lang in config.extra_languages if path.startswith(f"{lang}/")), config.default_language)


def shard_of(path: str, config: SiteConfig) -> int:
    """The shard a page's index entry goes to: a hash of its address less the language prefix, so
    that /cities/makassar/ and /id/cities/makassar/ share a number, and that number never depends
    on the other pages of the site."""
    lang = page_language(path, config)
    bare = path.removeprefix(f"{lang}/") if lang != config.default_language else path
    return int.from_bytes(hashlib.sha256(bare.encode("utf-8")).digest()[:8], "big") % SHARDS


def listing(entries: dict[int, bytes]) -> bytes:
    """A language's shards.json: each shard's folder and the tag the search page gives Pagefind as
    metaCacheTag (a digest of its pagefind-entry.json, which names the shard's metadata file by
    its hash, so the tag changes exactly when the shard does), first shard first."""
    shards = [{"path": f"{shard}/", "tag": hashlib.sha256(entry).hexdigest()[:16]}
              for shard, entry in sorted(entries.items())]
    return json.dumps({"shards": shards}, separators=(",", ":")).encode("utf-8")


def index_folder(folder: Path, jobs: dict[tuple[str, int], list[str]], config: SiteConfig) -> dict[str, bytes]:
    """The Pagefind bundle of each shard in `jobs` ({(lang, shard): its HTML output paths}), made
    from those pages as written in `folder`, as {output path: bytes}.

    Pages without data-pagefind-body are skipped by Pagefind itself (the templates decide).
    """
    jobs = {key: pages for key, pages in jobs.items() if pages}
    sizes = {key: sum((folder / page).stat().st_size for page in pages) for key, pages in jobs.items()}
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.index-", dir=folder.parent))
    try:
        for (lang, shard), pages in jobs.items():
            _link_pages(folder, scratch / f"{lang}-{shard}", pages)
        work = {(shard_path(config, lang, shard), lang, scratch / f"{lang}-{shard}"): sizes[lang, shard]
                for lang, shard in jobs}
        bundle = _run(_index_within_cap(work, os.cpu_count() or 1))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    clashes = sorted(set(bundle) & {page for pages in jobs.values() for page in pages})
    if clashes:
        raise SearchError(f"the search index would overwrite {clashes[0]}", path=clashes[0],
                          hint=f"no page may be written in a folder named {BUNDLE}/")
    return bundle


def _link_pages(folder: Path, shard_folder: Path, pages: list[str]) -> None:
    """The shard's pages at their own paths under `shard_folder`, so that Pagefind gives them their
    own URLs: each as Pagefind reads it (pagefind_input), with the word boundaries marked where its
    text is in a script written without spaces (hub/search/wordbreak.py); a page given whole is a hard
    link (a copy where the file system has none)."""
    made = set()
    for page in pages:
        target = shard_folder / page
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        html = (folder / page).read_bytes()
        given = pagefind_input(html)
        if needs_breaks(given):
            target.write_text(_with_word_breaks(given.decode("utf-8")), encoding="utf-8")
        elif given is not html:
            target.write_bytes(given)
        else:
            try:
                os.link(folder / page, target)
            except OSError:
                shutil.copyfile(folder / page, target)


def _with_word_breaks(html: str) -> str:
    try:
        return with_word_breaks(html)
    except ImportError as exc:
        raise SearchError("PyICU, which finds the words of Thai, Lao, Khmer and Burmese text, is not installed",
                          path="requirements.txt",
                          hint="install the pinned requirements: pip install -r requirements.txt") from exc


_TAG_NAME = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)")
_IGNORED = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")
_KEPT_IN_IGNORED = re.compile(rb"<[^>]*\s(?:id=|data-pagefind-)[^>]*>")
_VOID = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source",
         b"track", b"wbr"}


_BODY_MARK = b"data-pagefind-body"


def _body_span(html: bytes) -> tuple[int, int] | None:
    """Where the element marked data-pagefind-body starts, and where its end tag (the last of its
    name) starts, or -1 when there is none after the mark; None unless exactly one element is marked."""
    mark = html.find(_BODY_MARK)
    if mark < 0 or html.find(_BODY_MARK, mark + 1) >= 0:
        return None
    start = html.rfind(b"<", 0, mark)
    name = _TAG_NAME.match(html, start)
    end = html.rfind(b"</" + name.group(1) + b">") if name else -1
    return start, end if end > mark else -1


def indexed_part(html: bytes) -> bytes | None:
    """What Pagefind can read of a page, over-approximated: its <html> tag, every tag carrying a
    data-pagefind-* attribute (metadata, filters, sort keys, ignored parts), and the element marked
    data-pagefind-body from its start tag to the last end tag of its name (the whole page when the
    mark appears twice), less the text of the elements inside it marked data-pagefind-ignore
    (Pagefind indexes none of it; their tags with an id or a data-pagefind-* attribute are kept,
    as those still count). None when no element is marked, that is when Pagefind leaves the page out.

    Two pages with the same part give the same index, so a change elsewhere (the header, the
    footer, a stylesheet's hashed name, a listing of related entries, an untranslated body shown
    on another language's page) leaves the search index as it is. Plain searches, not an HTML
    parser: this runs on every page of every build (20,000 pages in about a second).
    """
    span = _body_span(html)
    if span is None:
        return html if _BODY_MARK in html else None
    start, end = span
    end = end if end >= 0 else len(html)
    parts = [_tag_at(html, html.find(b"<html"))]
    for outside, limit in ((0, start), (end, len(html))):
        found = html.find(b"data-pagefind-", outside, limit)
        while found >= 0:
            parts.append(_tag_at(html, html.rfind(b"<", outside, found)))
            found = html.find(b"data-pagefind-", found + 1, limit)
    parts.append(_without_ignored_text(html, start, end))
    return b"\n".join(parts)


_PAGEFIND_TAG = re.compile(rb"<meta\b[^>]*\sdata-pagefind-(?:meta|filter|sort)\b[^>]*>")


def pagefind_input(html: bytes) -> bytes:
    """The page as Pagefind is given it to index: its <html> tag, the <meta> tags that give Pagefind
    metadata, filters and sort keys, and the element marked data-pagefind-body less the text of
    what inside it is marked data-pagefind-ignore (as indexed_part reads it); the page itself
    (`html`, the same object) when it marks no body or more than one.

    Pagefind parses every byte it is given, and a listing page (a country's, a focus area's) is
    megabytes of ignored cards around a paragraph it indexes: the index is the same from this, and
    is made in a fraction of the time (tests/test_search.py compares the two).
    """
    span = _body_span(html)
    if span is None or span[1] < 0:
        return html
    start, end = span
    close = html.find(b">", end) + 1
    tags = _PAGEFIND_TAG.findall(html, 0, start) + _PAGEFIND_TAG.findall(html, close)
    return b"".join([b"<!doctype html>\n", _tag_at(html, html.find(b"<html")), b"\n<head>\n", b"\n".join(tags),
                     b"\n</head>\n<body>\n", _without_ignored_text(html, start, end), html[end:close],
                     b"\n</body>\n</html>\n"])


def _without_ignored_text(html: bytes, start: int, end: int) -> bytes:
    """html[start:end] with the inside of each element marked data-pagefind-ignore reduced to its
    tags that carry an id or a data-pagefind-* attribute. An element whose end cannot be found
    (a void one, or unbalanced tags) is kept whole."""
    kept, at = [], start
    for ignored in _IGNORED.finditer(html, start, end):
        if ignored.start() < at:
            continue   # inside an element already reduced
        close = _closing(html, ignored.group(1), ignored.end(), end)
        if close is None:
            continue
        kept += [html[at:ignored.end()], *_KEPT_IN_IGNORED.findall(html, ignored.end(), close)]
        at = close
    kept.append(html[at:end])
    return b"".join(kept)


def _closing(html: bytes, name: bytes, after: int, limit: int) -> int | None:
    """Where the end tag matching an element named `name` opened just before `after` begins."""
    if name.lower() in _VOID:
        return None
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"[\s>]", re.IGNORECASE)
    depth = 1
    for tag in tags.finditer(html, after, limit):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start()
    return None


def _tag_at(html: bytes, start: int) -> bytes:
    """The tag that starts at `start` ('<' to '>'), or nothing when there is none."""
    if start < 0:
        return b""
    end = html.find(b">", start)
    return html[start:end + 1 if end >= 0 else len(html)]


def _run(work):
    """Run a coroutine to the end, in a thread of its own when this one already runs an event loop
    (a caller such as a test driving a browser, or a server)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _index_within_cap(work: dict[tuple[str, str, Path], int], processes: int) -> dict[str, bytes]:
    """One Pagefind process per shard ({(bundle folder, lang, pages folder): HTML bytes}), largest
    first, as many at once as `processes` while their estimated memory stays under MEMORY_CAP
    (one at a time always runs, however large)."""
    waiting = sorted(work, key=lambda job: (-work[job], job[0]))
    running: dict[asyncio.Task, int] = {}
    bundle: dict[str, bytes] = {}
    try:
        while waiting or running:
            while waiting and len(running) < processes and (
                    not running or sum(running.values()) + _memory(work[waiting[0]]) <= MEMORY_CAP):
                job = waiting.pop(0)
                running[asyncio.ensure_future(_index(job[2], job[0], job[1]))] = _memory(work[job])
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                del running[task]
                bundle.update(task.result())
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)   # let each close its process
    return dict(sorted(bundle.items()))


def _memory(html_bytes: int) -> int:
    return html_bytes * PAGEFIND_BYTES_PER_HTML_BYTE


async def _index(pages: Path, bundle: str, lang: str) -> dict[str, bytes]:
    """One shard's bundle from one Pagefind process reading the folder of its pages."""
    try:
        service = await _service_class()().launch()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchError("Pagefind's binary is not installed", path="requirements.txt",
                          hint="install the pinned requirements: pip install -r requirements.txt") from exc
    try:
        index = await service.create_index({"force_language": lang})
        try:
            await index.add_directory(path=str(pages), glob="**/*.html")
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
    """Pagefind's files for one shard, under `folder`, made byte-identical from build to build."""
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
