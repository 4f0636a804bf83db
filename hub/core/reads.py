"""What a page reads, recorded as it reads it.

Templates and the Python helpers they call (JSON-LD, the map, open data, feeds) see the model only
through the objects here: `ReadSite` (the site), `ReadEntry` (an entry), `ReadStrings` (UI strings)
and `ReadMapping`. Each read adds a *token* to the recording in progress, a tuple naming one input:

    ("m", collection, slug, lang)   an entry's frontmatter in one language ("-" when it has none)
    ("b", collection, slug, lang)   an entry's body in one language
    ("entries",)                    which entries exist (iterating over all of them)
    ("order", collection)           which entries a collection lists, in order
    ("refs", target, key, coll)     which entries of `coll` refer to an entry or term, in order
    ("term", vocabulary, key)       one term of a vocabulary;  ("vocab", vocabulary): all of them
    ("s", lang, key)                one UI string;  ("strings", lang): all of a language's strings
    ("schema", name)                one schema;  ("schemas",): which schemas exist
    ("tpl", name)                   a template's source (every extends, include and import)
    ("asset", name)                 an asset's hashed URL;  ("file", path): a file's bytes
    ("dir", path)                   which files a folder holds
    ("config",)                     the site's settings (site.yaml and the build's options)
    ("plans",)                      every page's address and language versions (the sitemap)

hub/incremental/cache.py stores each page's tokens with the digest of what each named when the page was made,
and renders a page again exactly when one of them differs. Nothing here lists what depends on what:
a template that reaches a new input reaches it through these objects, and the read is recorded.

Results made once and shown on many pages (an entry's card, a body's HTML, the map) are kept with
the tokens their making recorded, and each page that shows them records those tokens again
(`remembered`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # the loaders import this module to record their reads: it imports none of them
    from hub.model.site import Site, Term
    from hub.source.entries import Entry

Token = tuple

_recordings: list[set] = []


def record(token: Token) -> None:
    """Note that the recording in progress (if any) read `token`."""
    if _recordings:
        _recordings[-1].add(token)


def record_all(tokens) -> None:
    if _recordings:
        _recordings[-1].update(tokens)


@contextmanager
def recording():
    """Collect the tokens read inside the block into a set (yielded); they count for any
    enclosing recording too."""
    tokens: set = set()
    _recordings.append(tokens)
    try:
        yield tokens
    finally:
        _recordings.pop()
        record_all(tokens)


def remembered(store: dict, key, make):
    """`make()`, made once per key and kept in `store` with the tokens it read; each call records them."""
    found = store.get(key)
    if found is None:
        with recording() as tokens:
            value = make()
        found = store[key] = (value, frozenset(tokens))
    else:
        record_all(found[1])
    return found[0]


class ReadEntry:
    """An entry as templates see it: identity fields free, `meta` and `body` recorded when read."""

    __slots__ = ("_entry", "collection", "slug", "lang", "is_translation", "source", "key", "body_line")

    def __init__(self, entry: Entry):
        self._entry = entry
        self.collection, self.slug, self.lang = entry.collection, entry.slug, entry.lang
        self.is_translation, self.source, self.body_line = entry.is_translation, entry.source, entry.body_line
        self.key = entry.key

    @property
    def meta(self) -> dict:
        record(("m", self.collection, self.slug, self.lang))
        return self._entry.meta

    @property
    def body(self) -> str:
        record(("b", self.collection, self.slug, self.lang))
        return self._entry.body

    def __repr__(self) -> str:
        return f"ReadEntry({self.source})"


class ReadMapping(Mapping):
    """A read-only mapping whose lookups record `token_of(key)` and whose listing records `whole`."""

    def __init__(self, data: Mapping, token_of, whole: Token, wrap=None):
        self._data, self._token_of, self._whole, self._wrap = data, token_of, whole, wrap

    def __getitem__(self, key):
        record(self._token_of(key))
        value = self._data[key]
        return self._wrap(value) if self._wrap else value

    def __contains__(self, key) -> bool:
        record(self._token_of(key))
        return key in self._data

    def __iter__(self) -> Iterator:
        record(self._whole)
        return iter(self._data)

    def __len__(self) -> int:
        record(self._whole)
        return len(self._data)


class ReadSite:
    """The read-only model (hub/site.Site) with every read recorded; the same methods and fields."""

    def __init__(self, site: Site):
        self._site = site
        self._entries: dict = {}   # id(entry) -> its ReadEntry, made once
        default = site.config.default_language
        self.entries = ReadMapping(site.entries, lambda key: ("m", *key, default), ("entries",), self._read)
        self.order = ReadMapping(site.order, lambda name: ("order", name), ("entries",))
        self.terms = ReadMapping(site.terms, lambda name: ("vocab", name), ("vocabularies",))
        self.schemas = ReadMapping(site.schemas, lambda name: ("schema", name), ("schemas",))

    @property
    def config(self):
        record(("config",))
        return self._site.config

    def _read(self, entry: Entry) -> ReadEntry:
        found = self._entries.get(id(entry))
        if found is None:
            found = self._entries[id(entry)] = ReadEntry(entry)
        return found

    def entry(self, collection: str, slug: str) -> ReadEntry:
        return self.entries[(collection, slug)]

    def listing(self, collection: str) -> list[ReadEntry]:
        record(("order", collection))
        return [self._read(entry) for entry in self._site.listing(collection)]

    def translation(self, entry, lang: str) -> ReadEntry | None:
        record(("m", *entry.key, lang))
        found = self._site.translations.get(entry.key, {}).get(lang)
        return None if found is None else self._read(found)

    def translation_state(self, translation: ReadEntry) -> str:
        """current, stale or unstamped (hub/source/translations.py): the translation's fields and its base
        entry's fields and body are read through ReadEntry, so each read is recorded, and a page that
        shows the state is made again when the base entry or the translation changes."""
        return self._site.translation_state(translation, self.entry(translation.collection, translation.slug))

    def referrers(self, target: str, key: str, collection: str) -> list[ReadEntry]:
        record(("refs", target, key, collection))
        return [self._read(entry) for entry in self._site.referrers(target, key, collection)]

    def term(self, vocabulary: str, key: str) -> Term:
        record(("term", vocabulary, key))
        return self._site.term(vocabulary, key)

    def references(self, entry, field: str) -> list[str]:
        return self._site.references(entry, field)   # reads entry.meta: recorded when `entry` is a ReadEntry


class ReadStrings(Mapping):
    """UI strings by language: `strings[lang][key]` records that string; listing a language's
    strings records them all."""

    def __init__(self, strings: Mapping[str, Mapping[str, str]]):
        self._tables = {lang: ReadMapping(table, lambda key, lang=lang: ("s", lang, key), ("strings", lang))
                        for lang, table in strings.items()}

    def __getitem__(self, lang: str) -> ReadMapping:
        return self._tables[lang]

    def __iter__(self) -> Iterator:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def read_assets(assets: Mapping[str, str]) -> ReadMapping:
    """Logical asset name -> hashed URL, each lookup recorded."""
    return ReadMapping(assets, lambda name: ("asset", name), ("assets",))


def read_file(root, rel: str) -> bytes:
    """A file of the site's sources, its read recorded ("file", rel)."""
    record(("file", rel))
    return (root / rel).read_bytes()


def list_files(root, rel: str) -> list[str]:
    """The files directly in a folder of the site's sources (as paths from the root), the listing
    recorded ("dir", rel)."""
    record(("dir", rel))
    folder = root / rel
    return sorted(f"{rel}/{path.name}" for path in folder.iterdir() if path.is_file()) if folder.is_dir() else []
