"""The list of pages to render: one PagePlan per output HTML file, in every language.

Planning is cheap and happens before rendering, so that two pages claiming the
same output path are reported (with every claimant) before anything is written.

Listings, terms, the home page and the site's own pages exist in every language. A collection's
entry has a page only in the languages it is written in (its own and its translations): in the
others, links to it (cards, listings, the map, Markdown links) lead to its page in its own
language, marked with that language (hub/render/renderer.py, `View.url`), and its own page stands in for it
in those languages' search (`stands_in`, the `shown_in` search filter:
templates/partials/search.html). So a language with UI strings but few translations costs its
listings and little else (bench/README.md, "The cost of a language"). The language menu of such an
entry leads, for a language it is not written in, to that language's listing of its collection,
marked as not translated (`menu`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from hub.core.diagnostics import ERROR, Diagnostic
from hub.model.site import Site
from hub.model.urls import HOME_PAGE, entry_url, home_url, list_url, output_path, term_url
from hub.source.schemas import PAGES


@dataclass(frozen=True)
class PagePlan:
    kind: str                         # home, list, entry, term, page, search, translations, not_found
    lang: str
    url: str
    template: str
    key: tuple                        # (collection, slug), (vocabulary, key), (collection,) or ()
    source: str = ""                  # the file this page comes from, if any
    menu: tuple = ()                  # ((lang, url, written), ...) in every language, for the language menu:
                                      # `written` is False where the page is not written in that language
    stands_in: tuple = ()             # languages it has no version in, whose search shows this page

    @cached_property   # asked for often, by the cache and the writer
    def output(self) -> str:
        return output_path(self.url)

    @cached_property
    def alternates(self) -> tuple:
        """((lang, url), ...): the languages the page is written in, for hreflang and the sitemap."""
        return tuple((lang, url) for lang, url, written in self.menu if written)


def reader_lang(site, entry, lang: str) -> str:
    """The language of the page a reader of `lang` is sent to for `entry` (a Site or a recording
    ReadSite's): `lang` where the entry is written in it, or is one of the site's own pages (they are
    in every language); else the entry's own language."""
    if entry.collection == PAGES or entry.lang == lang or site.translation(entry, lang) is not None:
        return lang
    return entry.lang


def plan_pages(site: Site) -> list[PagePlan]:
    config = site.config
    languages = list(config.languages)
    plans: list[PagePlan] = []

    def add(kind, template, key, url_of, source="", versions=None, elsewhere=home_url):
        """The page in the languages of `versions` (all when None); the language menu leads to
        `elsewhere(config, lang)` for the others."""
        written = tuple((lang, url_of(lang)) for lang in languages if versions is None or lang in versions)
        missing = tuple(lang for lang in languages if versions is not None and lang not in versions)
        menu = tuple((lang, url_of(lang), True) if lang not in missing else (lang, elsewhere(config, lang), False)
                     for lang in languages)
        for lang, url in written:
            stands_in = missing if versions and lang == versions[0] else ()
            plans.append(PagePlan(kind, lang, url, template, key, source, menu, stands_in))

    home = site.entries.get((PAGES, HOME_PAGE))
    add("home", "home.html", (PAGES, HOME_PAGE), lambda lang: home_url(config, lang),
        home.source if home else "")
    for name, spec in config.collections.items():
        if spec.list_template:
            add("list", spec.list_template, (name,), lambda lang, n=name: list_url(config, n, lang))
        for entry in site.listing(name):
            add("entry", spec.template, entry.key,
                lambda lang, e=entry: entry_url(config, e.collection, e.slug, lang), entry.source,
                (entry.lang, *site.translations.get(entry.key, {})),
                (lambda config, lang, n=name: list_url(config, n, lang)) if spec.list_template else home_url)
    for name, spec in config.vocabularies.items():
        for key in site.terms.get(name, {}):
            add("term", spec.template, (name, key), lambda lang, n=name, k=key: term_url(config, n, k, lang))
    for slug in site.order[PAGES]:
        if slug != HOME_PAGE:
            entry = site.entry(PAGES, slug)
            template = f"page-{slug}.html" if (config.root / "templates" / f"page-{slug}.html").is_file() \
                else "page.html"
            add("page", template, entry.key, lambda lang, s=slug: entry_url(config, PAGES, s, lang),
                entry.source)
    add("search", "search.html", (), lambda lang: f"{config.lang_prefix(lang)}/search/")
    add("translations", "translations.html", (), lambda lang: f"{config.lang_prefix(lang)}/translations/")
    add("not_found", "404.html", (), lambda lang: f"{config.lang_prefix(lang)}/404.html")
    return plans


def output_conflicts(plans: list[PagePlan], extra_claims: dict[str, list[tuple[str, int, int]]]) -> list[Diagnostic]:
    """Every output path claimed twice, with all its claimants, as diagnostics.

    A page claims its output from the top of its file; `extra_claims` (an alias, hub/formats/redirects.py)
    from the (file, line, column) that makes the claim.
    """
    claims: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for plan in plans:
        claims[plan.output].append((plan.source or f"<{plan.kind} page>", 1, 1))
    for output, claimants in extra_claims.items():
        claims[output].extend(claimants)
    diagnostics = []
    for output, claimants in sorted(claims.items()):
        if len(claimants) > 1:
            for claimant in claimants:
                path, line, col = claimant
                if path.startswith("<"):
                    continue
                others = ", ".join(_other(c, claimant) for c in claimants if c != claimant)
                diagnostics.append(Diagnostic(path, line, col, ERROR, "duplicate-output",
                                              f"output file '{output}' is also claimed by {others}",
                                              "rename one of them or change its aliases"))
    return diagnostics


def _other(claimant: tuple[str, int, int], this: tuple[str, int, int]) -> str:
    """A claimant named in another's message: its file, with the line when it is not the file's top."""
    path, line, _col = claimant
    return f"{path} (line {line})" if line > 1 else path
