"""A page's breadcrumb trail, from the home page to the page itself: the one source of the visible
breadcrumb (the `breadcrumb` macro of templates/partials/macros.html, which leaves the home page
out) and of the JSON-LD BreadcrumbList (hub/render/jsonld.py).

What sits between the home page and a page comes from site.yaml: a collection's list page, the
term a collection's `breadcrumb_parent` field names (a city's country), a vocabulary's `parent`
collection. Everything is read through the View (hub/render/renderer.py), so each read is recorded
(hub/core/reads.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.model.pages import PagePlan
    from hub.render.renderer import View

def breadcrumbs(plan: "PagePlan", context: dict, view: "View") -> list[tuple[str, str]]:
    """(name, URL) from the home page to this page; empty for the home page itself."""
    config = view.site.config
    home = (config.title, f"{config.lang_prefix(view.lang)}/")
    entry = context.get("entry")
    if plan.kind == "entry" and entry is not None:
        spec = config.collections[entry.collection]
        trail = [home, *_listing(view, entry.collection)]
        if spec.breadcrumb_parent and spec.breadcrumb_parent in entry.meta:
            vocabulary = view.site.schemas[entry.collection].references()[spec.breadcrumb_parent]
            parent = view.term(vocabulary, entry.meta[spec.breadcrumb_parent])
            trail.append((view.term_name(parent), view.term_url(parent)))
        return trail + [(view.title(entry), plan.url)]
    if plan.kind == "term":
        term = context["term"]
        parent = config.vocabularies[term.vocabulary].parent
        return [home, *(_listing(view, parent) if parent else []), (view.term_name(term), plan.url)]
    if plan.kind == "list":
        return [home, (view.collection_name(plan.key[0]), plan.url)]
    if plan.kind == "page" and entry is not None:
        return [home, (view.title(entry), plan.url)]
    if plan.kind == "search":
        return [home, (view.t("search_title"), plan.url)]
    if plan.kind == "translations":
        return [home, (view.t("translations_title"), plan.url)]
    return []


def _listing(view: "View", collection: str) -> list[tuple[str, str]]:
    """The collection's list page as a crumb, named as the navigation names it; none without one."""
    if not view.site.config.collections[collection].list_template:
        return []
    return [(view.collection_name(collection), view.list_url(collection))]
