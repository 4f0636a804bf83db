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
from hub.core.reads import ReadEntry, ReadSite, ReadStrings, read_assets, remembered
from hub.formats.opendata import catalogue
from hub.model.breadcrumbs import breadcrumbs
from hub.model.pages import PagePlan, reader_lang
from hub.model.site import Site, Term
from hub.model.urls import entry_url, list_url, source_key, term_url, url_key
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

    def has_no_page(self, entry: ReadEntry) -> bool:
        """A collection's entry has a page only in the languages it is written in (hub/model/pages.py);
        the site's own pages are in every language."""
        return reader_lang(self.site, entry, self.lang) != self.lang

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
        """The entry's address in `lang`, or, by default, where a reader of this language reads it:
        its page in this language, or in its own language when it has no version in this one
        (hub/model/pages.py; the link then says so with `text_lang`)."""
        if lang is None:
            lang = reader_lang(self.site, entry, self.lang)
        return entry_url(self.site.config, entry.collection, entry.slug, lang)

    def link_attributes(self, collection: str, slug: str, rest: str) -> str:
        """The href of a link to the entry (collection, slug) in a body (`rest`: what follows its
        address, e.g. an anchor), with the hreflang of the language it leads to when not this one."""
        if (collection, slug) not in self.site.entries:
            return f'href="{entry_url(self.site.config, collection, slug, self.lang)}{rest}"'
        entry = self.site.entry(collection, slug)
        other = f' hreflang="{entry.lang}"' if self.has_no_page(entry) else ""
        return f'href="{self.url(entry)}{rest}"{other}'

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

    def body_html(self, entry: ReadEntry, lang: str) -> str:
        """The entry's body as HTML for a page in `lang`.

        Each body is converted once: links to other entries are written as placeholders naming the
        entry, each replaced per language by its address there (`View.url`: its page in that language,
        or in its own), so the English body shown untranslated on a page in another language costs
        a substitution, not a second conversion.
        """
        local = self.site.translation(entry, lang) or entry
        config = self.site.config

        def make():
            return self.markdown.render(local.body, local.source,
                                        lambda target: _tokenised(url_key(config, target) if target.startswith("/")
                                                                  else source_key(config, target)))
        html = remembered(self._bodies, local.source, make)
        view = self.views[lang]
        return _LINK_TOKEN.sub(lambda match: view.link_attributes(*match.groups()), html)

    def render_recorded(self, plan: PagePlan) -> tuple[str, frozenset]:
        """The page, and the tokens of everything it read (hub/core/reads.py)."""
        with reads.recording() as tokens:
            html = self.render(plan)
        return html, frozenset(tokens)

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


# A link to an entry in a converted body, until the page's language is known (Renderer.body_html).
_LINK_TOKEN = re.compile(r'href="/__link__/([^/"]+)/([^/"]+)/([^"]*)"')


def _tokenised(key: tuple[str, str] | None) -> str | None:
    return None if key is None else f"/__link__/{key[0]}/{key[1]}/"
