"""Pages through Jinja templates: each PagePlan becomes one HTML document.

Templates receive a read-only model (`site`) and a language-bound `View` with
the helpers they need; nothing a template does can change the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from hub.content import Entry
from hub.images import image_size
from hub.jsonld import json_ld
from hub.map import city_map_svg
from hub.markdown import MarkdownRenderer
from hub.opendata import catalogue
from hub.pages import PagePlan
from hub.site import Site, Term
from hub.urls import entry_url, list_url, source_to_url, term_url


def make_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class View:
    """Language-bound helpers for templates: URLs, localised titles, UI strings, assets."""

    site: Site
    lang: str
    strings: dict
    assets: dict   # logical asset name -> hashed URL
    macros: object = None   # partials/macros.html as a module, for card()
    _cards: dict = field(default_factory=dict, repr=False, compare=False)

    def card(self, entry: Entry):
        """The entry's card (the `card` macro of partials/macros.html) in this language.

        One entry's card is on many listing pages (its city, country, focus areas, the
        collection's list), and it depends only on the entry and the language, both fixed for
        the build, so it is rendered once per language and reused.
        """
        key = (entry.collection, entry.slug, entry.lang)
        html = self._cards.get(key)
        if html is None:
            html = self._cards[key] = self.macros.card(self, entry)
        return html

    def t(self, key: str, **values) -> str:
        return self.strings[self.lang][key].format(**values)

    def local(self, entry: Entry) -> Entry:
        """The entry as written in this language, or the base entry when there is no translation."""
        return self.site.translation(entry, self.lang) or entry

    def title(self, entry: Entry) -> str:
        return self.local(entry).meta.get("title") or entry.meta["title"]

    def summary(self, entry: Entry) -> str:
        return self.local(entry).meta.get("summary") or entry.meta["summary"]

    def is_fallback(self, entry: Entry) -> bool:
        return entry.lang != self.lang and self.site.translation(entry, self.lang) is None

    def url(self, entry: Entry) -> str:
        return entry_url(self.site.config, entry.collection, entry.slug, self.lang)

    def link(self, collection: str, slug: str) -> Entry:
        return self.site.entry(collection, slug)

    def list_url(self, collection: str) -> str:
        return list_url(self.site.config, collection, self.lang)

    def term(self, vocabulary: str, key: str) -> Term:
        return self.site.term(vocabulary, key)

    def term_name(self, term: Term) -> str:
        return term.name_in(self.lang)

    def term_url(self, term: Term) -> str:
        return term_url(self.site.config, term.vocabulary, term.key, self.lang)

    def asset(self, name: str) -> str:
        return self.assets[name]

    def image_size(self, name: str) -> tuple[int, int] | None:
        """(width, height) of a picture in site_src/assets/, for the <img> attributes that prevent layout shift."""
        return image_size(self.site.config.root / "site_src" / "assets" / name)

    def absolute(self, url: str) -> str:
        return self.site.config.base_url.rstrip("/") + url

    def count(self, collection: str) -> int:
        return len(self.site.order.get(collection, ()))

    def open_data(self) -> list[dict]:
        """The open-data files and their fields (hub/opendata.py), for the /data/ page."""
        return catalogue(self.site)


class Renderer:
    """Renders PagePlans; one instance per process, reused for every page."""

    def __init__(self, site: Site, strings: dict, assets: dict):
        self.site = site
        self.strings = strings
        self.assets = assets
        self.env = make_environment(site.config.root / "templates")
        self.markdown = MarkdownRenderer()
        macros = self.env.get_template("partials/macros.html").module
        self.views = {lang: View(site, lang, strings, assets, macros) for lang in site.config.languages}
        # Drawn at most once per language and process, and only when a page shows it: a build
        # that reuses the home and city pages from the cache never draws it.
        self.maps = {lang: DeferredMarkup(lambda view=view: city_map_svg(view)) for lang, view in self.views.items()}
        self._bodies: dict[str, str] = {}

    def body_html(self, entry: Entry, lang: str) -> str:
        """The entry's body as HTML for a page in `lang`.

        Each body is converted once: links to other entries are written with a
        language token that is replaced per language, so the English body shown
        untranslated under /id/ costs a string replace, not a second conversion.
        """
        local = self.site.translation(entry, lang) or entry
        html = self._bodies.get(local.source)
        if html is None:
            config = self.site.config
            html = self.markdown.render(
                local.body, local.source,
                lambda path: _tokenised(source_to_url(config, path, config.default_language)))
            self._bodies[local.source] = html
        return html.replace(f'href="{LANG_TOKEN}', f'href="{self.site.config.lang_prefix(lang)}')

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
        context["jsonld"] = json_ld(plan, context, view)
        return self.env.get_template(plan.template).render(context)


class DeferredMarkup:
    """Markup made on first use, for a template value that most pages never show.

    Jinja asks for it through `__html__` (output), `__bool__` (`{% if %}`) or `__str__`.
    """

    def __init__(self, make):
        self._make = make
        self._value = None

    def value(self):
        if self._value is None:
            self._value = self._make()
        return self._value

    def __html__(self) -> str:
        return self.value().__html__()

    def __str__(self) -> str:
        return str(self.value())

    def __bool__(self) -> bool:
        return bool(self.value())


LANG_TOKEN = "/__lang__"


def _tokenised(url: str | None) -> str | None:
    return None if url is None else LANG_TOKEN + url
