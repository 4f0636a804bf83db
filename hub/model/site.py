"""The validated model: entries by key, translations, vocabularies and back-references.

Built once after validation and handed to templates read-only. Entries refer to
each other by key (collection, slug), never by holding each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from hub.source.config import SiteConfig
from hub.source.entries import Entry
from hub.source.schemas import PAGES, Schema
from hub.source.translations import state


@dataclass(frozen=True)
class Term:
    """One term of a controlled vocabulary (a country, a focus area)."""

    vocabulary: str
    key: str
    name: str
    fields: Mapping[str, object]

    def name_in(self, lang: str) -> str:
        return self.fields.get("names", {}).get(lang, self.name)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    schemas: Mapping[str, Schema]
    entries: Mapping[tuple[str, str], Entry]                        # base entries, by (collection, slug)
    translations: Mapping[tuple[str, str], Mapping[str, Entry]]     # (collection, slug) -> lang -> entry
    order: Mapping[str, tuple[str, ...]]                            # collection -> slugs in listing order
    terms: Mapping[str, Mapping[str, Term]]                         # vocabulary -> key -> term
    backrefs: Mapping[tuple[str, str], Mapping[str, tuple[str, ...]]]  # (target, key) -> collection -> slugs

    def entry(self, collection: str, slug: str) -> Entry:
        return self.entries[(collection, slug)]

    def listing(self, collection: str) -> list[Entry]:
        return [self.entries[(collection, slug)] for slug in self.order.get(collection, ())]

    def translation(self, entry: Entry, lang: str) -> Entry | None:
        return self.translations.get(entry.key, {}).get(lang)

    def translation_state(self, translation: Entry, base: Entry | None = None) -> str:
        """Whether `translation` translates its base entry as it is now: current, stale or unstamped
        (hub/source/translations.py). Reads the translation's fields and the base entry's fields and body."""
        base = base if base is not None else self.entries[translation.key]
        return state(translation.meta, base.meta, base.body)

    def referrers(self, target: str, key: str, collection: str) -> list[Entry]:
        """Entries of `collection` that refer to `key` of `target` (directly or through one entry)."""
        slugs = self.backrefs.get((target, key), {}).get(collection, ())
        rank = self._ranks.get(collection) or {}
        return [self.entries[(collection, s)] for s in sorted(slugs, key=rank.__getitem__)]

    @cached_property
    def _ranks(self) -> dict[str, dict[str, int]]:
        """collection -> slug -> its place in the collection's listing order."""
        return {name: {slug: i for i, slug in enumerate(slugs)} for name, slugs in self.order.items()}

    def term(self, vocabulary: str, key: str) -> Term:
        return self.terms[vocabulary][key]

    def references(self, entry: Entry, field: str) -> list[str]:
        value = entry.meta.get(field)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]


def build_site(entries: list[Entry], vocabularies: dict[str, list[dict]], schemas: dict[str, Schema],
               config: SiteConfig) -> Site:
    """The read-only model of validated entries (drafts left out unless the build asks for them)."""
    published = [e for e in entries if config.include_drafts or not e.meta.get("draft")]
    base = {e.key: e for e in published if not e.is_translation and e.collection != PAGES}
    pages = {e.key: e for e in published if not e.is_translation and e.collection == PAGES}
    translations: dict = defaultdict(dict)
    for entry in published:
        if entry.is_translation and (entry.key in base or entry.key in pages):
            translations[entry.key][entry.lang] = entry
    terms = {
        name: MappingProxyType({str(t[config.vocabularies[name].key]): Term(name, str(t[config.vocabularies[name].key]),
                                                                             t["name"], MappingProxyType(t))
                                for t in items})
        for name, items in vocabularies.items()
    }
    order = {name: tuple(_ordered(base, name, spec.sort)) for name, spec in config.collections.items()}
    order[PAGES] = tuple(sorted(slug for (_, slug) in pages))
    return Site(
        config=config,
        schemas=MappingProxyType(schemas),
        entries=MappingProxyType({**base, **pages}),
        translations=MappingProxyType({k: MappingProxyType(v) for k, v in translations.items()}),
        order=MappingProxyType(order),
        terms=MappingProxyType(terms),
        backrefs=_backrefs(base, schemas),
    )


def _ordered(base: dict, collection: str, sort: str) -> list[str]:
    field = sort.lstrip("-")
    items = [e for (c, _), e in base.items() if c == collection]
    items.sort(key=lambda e: (str(e.meta.get(field, "")).casefold(), e.slug), reverse=sort.startswith("-"))
    return [e.slug for e in items]


def _backrefs(base: dict[tuple[str, str], Entry], schemas: dict[str, Schema]) -> Mapping:
    """(target, key) -> collection -> slugs, for direct references and for one hop through an entry.

    One hop: a project names a city, the city names a country, so the country
    lists the project, unless projects refer to countries themselves. Only
    single-valued fields are inherited this way: a project lies in its city's
    country, but does not serve every focus area its city cares about.
    """
    direct: dict = defaultdict(lambda: defaultdict(set))
    for entry in base.values():
        for field, target in schemas[entry.collection].references().items():
            value = entry.meta.get(field)
            for key in (value if isinstance(value, list) else [value] if value is not None else []):
                direct[(target, key)][entry.collection].add(entry.slug)
    combined: dict = defaultdict(lambda: defaultdict(set))
    for target_key, by_collection in direct.items():
        for collection, slugs in by_collection.items():
            combined[target_key][collection] |= slugs
    for (target, key), by_collection in list(direct.items()):
        if (target, key) not in base:
            continue
        target_refs = schemas[target].references()
        for collection, slugs in by_collection.items():
            own_targets = set(schemas[collection].references().values())
            for field, vocabulary in target_refs.items():
                if vocabulary in own_targets or schemas[target].fields()[field].get("type") != "string":
                    continue
                value = base[(target, key)].meta.get(field)
                for term in (value if isinstance(value, list) else [value] if value is not None else []):
                    combined[(vocabulary, term)][collection] |= slugs
    return MappingProxyType({
        target_key: MappingProxyType({c: tuple(sorted(s)) for c, s in by_collection.items()})
        for target_key, by_collection in combined.items()
    })
