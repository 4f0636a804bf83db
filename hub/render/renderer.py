"""Pages through Jinja templates: each PagePlan becomes one HTML document.

Templates receive a read-only model (`site`) and a language-bound `View` with
the helpers they need; nothing a template does can change the model. Both are the
recording objects of hub/core/reads.py, and the environment records every template loaded
(extends, include, import): `render_recorded` gives a page with the tokens of all it read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markupsafe

from hub.core import cldr, reads
from hub.core.diagnostics import ERROR, Diagnostic, HubError
from hub.core.reads import ReadEntry, ReadSite, ReadStrings, read_assets, remembered
from hub.formats.opendata import catalogue
from hub.model.breadcrumbs import breadcrumbs
from hub.model.pages import FALLBACK, FALLBACK_TEMPLATE, PagePlan
from hub.model.site import Site, Term
from hub.model.urls import entry_url, list_url, source_to_url, term_url
from hub.render.images import image_size
from hub.render.jsonld import json_ld
from hub.render.map import city_map_svg
from hub.render.markdown import MarkdownRenderer
from hub.render.templates import environment
from hub.source.translations import coverage


class RecordingEnvironment(jinja2.Environment):
    """Jinja's environment, recording ("tpl", name) for every template a render loads: the page's
    own, and each one it extends, includes or imports (compiled templates ask for those at render
    time, through here, even when they are already compiled)."""

    def _load_template(self, name, globals):
        template = super()._load_template(name, globals)
        reads.record(("tpl", template.name))
        return template


def make_environment(templates: Path) -> jinja2.Environment:
    """hub/render/templates.py's environment (the one `check` compiles every template in), recording."""
    return environment(templates, RecordingEnvironment)


@dataclass(frozen=True)
class View:
    """Language-bound helpers for templates: URLs, localised titles, UI strings, assets."""

    site: ReadSite
    lang: str
    strings: ReadStrings
    assets: reads.ReadMapping   # logical asset name -> hashed URL
    macros: object = None   # partials/macros.html as a module, for card()
    _cards: dict = field(default_factory=dict, repr=False, compare=False)
    _shared: dict = field(default_factory=dict, repr=False, compare=False)   # made once for every language

    def card(self, entry: ReadEntry):
        """The entry's card (the `card` macro of partials/macros.html) in this language.

        One entry's card is on many listing pages (its city, country, focus areas, the
        collection's list), and it depends only on the entry and the language, both fixed for
        the build, so it is rendered once per language and reused, with what it read.
        """
        def make():
            reads.record(("tpl", "partials/macros.html"))
            return self.macros.card(self, entry)
        return remembered(self._cards, (entry.collection, entry.slug, entry.lang), make)

    def t(self, key: str, **values) -> str:
        return self.strings[self.lang][key].format(**values)

    def local(self, entry: ReadEntry) -> ReadEntry:
        """The entry as written in this language, or the base entry when there is no translation."""
        return self.site.translation(entry, self.lang) or entry

    def title(self, entry: ReadEntry) -> str:
        return self.local(entry).meta.get("title") or entry.meta["title"]

    def summary(self, entry: ReadEntry) -> str:
        return self.local(entry).meta.get("summary") or entry.meta["summary"]

    def is_fallback(self, entry: ReadEntry) -> bool:
        return entry.lang != self.lang and self.site.translation(entry, self.lang) is None

    def translation_state(self, entry: ReadEntry) -> str | None:
        """current, stale or unstamped when this page shows a translation of `entry`
        (hub/source/translations.py); None when it shows the entry as written."""
        local = self.site.translation(entry, self.lang) if entry.lang != self.lang else None
        return None if local is None else self.site.translation_state(local)

    def translation_coverage(self) -> list:
        """How the translations into each language stand (hub/translations.coverage), for the
        /translations/ page: worked out once for every language, each page recording what it read."""
        return remembered(self._shared, "coverage", lambda: coverage(self.site))

    def url(self, entry: ReadEntry, lang: str | None = None) -> str:
        """The entry's address in this language (or in `lang`)."""
        return entry_url(self.site.config, entry.collection, entry.slug, lang or self.lang)

    def link(self, collection: str, slug: str) -> ReadEntry:
        return self.site.entry(collection, slug)

    def list_url(self, collection: str) -> str:
        return list_url(self.site.config, collection, self.lang)

    def term(self, vocabulary: str, key: str) -> Term:
        return self.site.term(vocabulary, key)

    def term_name(self, term: Term) -> str:
        """The term's name in this language: its own (content/_data), else CLDR's where the
        vocabulary says its keys are CLDR's (site.yaml `cldr: territories`), else the English one."""
        own = term.fields.get("names", {}).get(self.lang)
        if own or self.lang == self.site.config.default_language:
            return term.name_in(self.lang)
        spec = self.site.config.vocabularies.get(term.vocabulary)
        found = cldr.territory_name(term.key, self.lang) if spec and spec.cldr == "territories" else None
        return found or term.name

    def date(self, value) -> str:
        """A YYYY-MM-DD date as readers of this language write it (hub/core/cldr.py)."""
        return cldr.date(value, self.lang)

    def date_range(self, start, end) -> str:
        return cldr.date_range(start, end, self.lang)

    def number(self, value) -> str:
        return cldr.number(value, self.lang)

    def join(self, items) -> markupsafe.Markup:
        """Items joined as a list in this language ('A, B dan C'); text is escaped, markup kept."""
        return markupsafe.Markup(cldr.join([markupsafe.escape(item) for item in items], self.lang))

    def term_url(self, term: Term) -> str:
        return term_url(self.site.config, term.vocabulary, term.key, self.lang)

    def asset(self, name: str) -> str:
        return self.assets[name]

    def image_size(self, name: str) -> tuple[int, int] | None:
        """(width, height) of a picture in site_src/assets/, for the <img> attributes that prevent layout shift."""
        reads.record(("file", f"site_src/assets/{name}"))
        return image_size(self.site.config.root / "site_src" / "assets" / name)

    def absolute(self, url: str) -> str:
        return self.site.config.base_url.rstrip("/") + url

    def collection_name(self, collection: str, key: str = "nav") -> str:
        """A collection's name in this language: the UI string `<key>_<collection>` (nav_cities) or
        `<collection>_<key>` (cities_title) where the strings have it, else its schema's title."""
        table = self.strings[self.lang]
        found = table.get(f"{key}_{collection}") or table.get(f"{collection}_{key}")
        return found or self.site.schemas[collection].schema.get("title", collection)

    def nav_collections(self) -> list[str]:
        """The collections the main navigation links to, in site.yaml's order."""
        return [name for name, spec in self.site.config.collections.items() if spec.in_nav]

    def card_template(self, collection: str) -> str:
        return self.site.config.collections[collection].card_template

    def count(self, collection: str) -> int:
        return len(self.site.order.get(collection) or ())

    def open_data(self) -> list[dict]:
        """The open-data files and their fields (hub/formats/opendata.py), for the /data/ page."""
        return catalogue(self.site)


class Renderer:
    """Renders PagePlans; one instance per process, reused for every page."""

    def __init__(self, site: Site, strings: dict, assets: dict):
        self.site = ReadSite(site)
        self.strings = ReadStrings(strings)
        self.assets = read_assets(assets)
        self.env = make_environment(site.config.root / "templates")
        self.markdown = MarkdownRenderer()
        macros = self.env.get_template("partials/macros.html").module
        shared: dict = {}
        self.views = {lang: View(self.site, lang, self.strings, self.assets, macros, _shared=shared)
                      for lang in site.config.languages}
        # Drawn at most once per language and process, and only when a page shows it: a build
        # that reuses the home and city pages from the cache never draws it.
        self._maps: dict = {}
        self.maps = {lang: DeferredMarkup(lambda view=view: remembered(self._maps, view.lang, lambda: city_map_svg(view)))
                     for lang, view in self.views.items()}
        self._bodies: dict = {}
        self._skeletons: dict = {}

    def body_html(self, entry: ReadEntry, lang: str) -> str:
        """The entry's body as HTML for a page in `lang`.

        Each body is converted once: links to other entries are written with a
        language token that is replaced per language, so the English body shown
        untranslated under /id/ costs a string replace, not a second conversion.
        """
        local = self.site.translation(entry, lang) or entry
        config = self.site.config

        def make():
            return self.markdown.render(local.body, local.source,
                                        lambda path: _tokenised(source_to_url(config, path, config.default_language)))
        html = remembered(self._bodies, local.source, make)
        return html.replace(f'href="{LANG_TOKEN}', f'href="{config.lang_prefix(lang)}')

    def render_recorded(self, plan: PagePlan) -> tuple[str, frozenset]:
        """The page, and the tokens of everything it read (hub/core/reads.py)."""
        if plan.kind == FALLBACK:
            return self.fallback(plan)
        with reads.recording() as tokens:
            html = self.render(plan)
        return html, frozenset(tokens)

    def fallback(self, plan: PagePlan) -> tuple[str, frozenset]:
        """An entry's fallback page in a language it has no version in (hub/model/pages.py), and what it read.

        templates/fallback.html is rendered once per language and collection with placeholders
        for the entry's title, address and file; each page fills them in. What a page read is
        what its skeleton read and the entry's fields.
        """
        collection, slug = plan.key
        with reads.recording() as read:
            entry = self.site.entries[plan.key]
            title = entry.meta["title"]
            skeleton = remembered(self._skeletons, (plan.lang, collection, entry.lang),
                                  lambda: self._skeleton(plan.lang, collection, entry.lang))
        values = {"title": title, "slug": slug, "source": plan.source}
        html = _PLACEHOLDER.sub(lambda match: str(markupsafe.escape(values[match.group(1)])), skeleton)
        return html, frozenset(read)

    def _skeleton(self, lang: str, collection: str, base: str) -> str:
        """templates/fallback.html for `collection` in `lang`, with placeholders for the entry."""
        config = self.site.config
        url_of = lambda other: entry_url(config, collection, _placeholder("slug"), other)  # noqa: E731
        plan = PagePlan(FALLBACK, lang, url_of(lang), FALLBACK_TEMPLATE, (collection, _placeholder("slug")),
                        (), _placeholder("source"), tuple((other, url_of(other)) for other in config.languages))
        fallback = {"title": _placeholder("title"), "url": url_of(base),
                    "lang": base, "source": _placeholder("source")}
        context = {"site": self.site, "v": self.views[lang], "page": plan, "lang": lang, "fallback": fallback,
                   "jsonld": None}
        html = self.env.get_template(FALLBACK_TEMPLATE).render(context)
        missing = [name for name in ("title", "slug") if _placeholder(name) not in html]
        if missing:
            raise HubError(Diagnostic(
                f"templates/{FALLBACK_TEMPLATE}", 1, 1, ERROR, "template-render",
                f"the fallback page does not show the entry's {', '.join(missing)} as given",
                "show fallback.title and fallback.url (or page.url) without a filter"))
        return html

    def render(self, plan: PagePlan) -> str:
        view = self.views[plan.lang]
        context = {"site": self.site, "v": view, "page": plan, "lang": plan.lang, "city_map": self.maps[plan.lang]}
        if plan.kind in ("entry", "page", "home") and plan.key in self.site.entries:
            entry = self.site.entries[plan.key]
            context["entry"] = entry
            context["body"] = self.body_html(entry, plan.lang)
        elif plan.kind == "term":
            context["term"] = self.site.term(*plan.key)
        elif plan.kind == "list":
            context["collection"] = plan.key[0]
        context["breadcrumbs"] = breadcrumbs(plan, context, view)
        context["jsonld"] = json_ld(plan, context, view)
        return self.env.get_template(plan.template).render(context)


class DeferredMarkup:
    """Markup made on first use, for a template value that most pages never show.

    Jinja asks for it through `__html__` (output), `__bool__` (`{% if %}`) or `__str__`. `make`
    is asked each time: it keeps what it made itself (and records, each time, what that read).
    """

    def __init__(self, make):
        self._make = make

    def value(self):
        return self._make()

    def __html__(self) -> str:
        return self.value().__html__()

    def __str__(self) -> str:
        return str(self.value())

    def __bool__(self) -> bool:
        return bool(self.value())


LANG_TOKEN = "/__lang__"
# Placeholders in a fallback page's skeleton: NUL never occurs in a page (content cannot hold it).
_PLACEHOLDER = re.compile("\x00(title|slug|source)\x00")


def _placeholder(name: str) -> str:
    return f"\x00{name}\x00"



def _tokenised(url: str | None) -> str | None:
    return None if url is None else LANG_TOKEN + url
