"""A page's breadcrumb trail, from the home page to the page itself: the one source of the visible
breadcrumb (the `breadcrumb` macro of templates/partials/macros.html, which leaves the home page
out) and of the JSON-LD BreadcrumbList (hub/jsonld.py).

Everything is read through the View (hub/render.py), so each read is recorded (hub/reads.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.pages import PagePlan
    from hub.render import View

# Which listing a vocabulary's pages sit under.
TERM_PARENTS = {"countries": "cities", "focus_areas": "projects"}


def breadcrumbs(plan: "PagePlan", context: dict, view: "View") -> list[tuple[str, str]]:
    """(name, URL) from the home page to this page; empty for the home page itself."""
    config = view.site.config
    home = (config.title, f"{config.lang_prefix(view.lang)}/")
    entry = context.get("entry")
    if plan.kind == "entry" and entry is not None:
        trail = [home, (listing_name(view, entry.collection), view.list_url(entry.collection))]
        if entry.collection == "cities":
            country = view.term("countries", entry.meta["country"])
            trail.append((view.term_name(country), view.term_url(country)))
        return trail + [(view.title(entry), plan.url)]
    if plan.kind == "term":
        term = context["term"]
        parent = TERM_PARENTS.get(term.vocabulary)
        middle = [(listing_name(view, parent), view.list_url(parent))] if parent else []
        return [home, *middle, (view.term_name(term), plan.url)]
    if plan.kind == "list":
        return [home, (listing_name(view, plan.key[0]), plan.url)]
    if plan.kind == "page" and entry is not None:
        return [home, (view.title(entry), plan.url)]
    if plan.kind == "search":
        return [home, (view.t("search_title"), plan.url)]
    return []


def listing_name(view: "View", collection: str) -> str:
    """The listing's name as the navigation shows it."""
    return view.strings[view.lang].get(f"nav_{collection}", collection)
