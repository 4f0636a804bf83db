"""schema.org data (JSON-LD) for each page: the thing the page is about, and its breadcrumb trail.

Cities are City (a Place with coordinates and country), meetings Event (dates, attendance mode,
location), projects Project (with the places they serve and their focus areas as keywords),
countries Country, other pages WebPage. Every page except the 404 page has a BreadcrumbList that
follows the visible breadcrumb (templates/*.html), starting from the home page.

Values come from the model only; nothing is guessed (a meeting's end date is its start date only
when the content gives no end date, as schema.org expects one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.pages import PagePlan
    from hub.render import View

TYPES = {"cities": "City", "meetings": "Event", "projects": "Project"}
# Which listing a vocabulary's pages sit under in the breadcrumb (as in templates/country.html, focus_area.html).
TERM_PARENTS = {"countries": "cities", "focus_areas": "projects"}
ATTENDANCE = {"in-person": "OfflineEventAttendanceMode", "virtual": "OnlineEventAttendanceMode",
              "hybrid": "MixedEventAttendanceMode"}


def json_ld(plan: "PagePlan", context: dict, view: "View") -> dict | None:
    """The page's JSON-LD as one @graph, or None for pages without any (404)."""
    if plan.kind == "not_found":
        return None
    graph = []
    entry = context.get("entry")
    if plan.kind == "entry" and entry is not None:
        graph.append(_entry(entry, view, view.absolute(plan.url)))
    elif plan.kind == "term":
        term = context["term"]
        kind = "Country" if term.vocabulary == "countries" else "DefinedTerm"
        graph.append({"@type": kind, "name": view.term_name(term), "url": view.absolute(plan.url)})
    trail = breadcrumbs(plan, context, view)
    if trail:
        graph.append({"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": view.absolute(url)}
            for i, (name, url) in enumerate(trail, start=1)]})
    if plan.kind == "home":
        graph.append({"@type": "WebSite", "name": view.site.config.title, "url": view.absolute(plan.url),
                      "inLanguage": view.lang})
    return {"@context": "https://schema.org", "@graph": graph} if graph else None


def breadcrumbs(plan: "PagePlan", context: dict, view: "View") -> list[tuple[str, str]]:
    """(name, URL) from the home page to this page; empty for the home page itself."""
    config = view.site.config
    home = (config.title, f"{config.lang_prefix(view.lang)}/")
    entry = context.get("entry")
    if plan.kind == "entry" and entry is not None:
        trail = [home, (_listing_name(view, entry.collection), view.list_url(entry.collection))]
        if entry.collection == "cities":
            country = view.term("countries", entry.meta["country"])
            trail.append((view.term_name(country), view.term_url(country)))
        return trail + [(view.title(entry), plan.url)]
    if plan.kind == "term":
        term = context["term"]
        parent = TERM_PARENTS.get(term.vocabulary)
        middle = [(_listing_name(view, parent), view.list_url(parent))] if parent else []
        return [home, *middle, (view.term_name(term), plan.url)]
    if plan.kind == "list":
        return [home, (_listing_name(view, plan.key[0]), plan.url)]
    if plan.kind == "page" and entry is not None:
        return [home, (view.title(entry), plan.url)]
    if plan.kind == "search":
        return [home, (view.t("search_title"), plan.url)]
    if plan.kind == "translations":
        return [home, (view.t("translations_title"), plan.url)]
    return []


def _listing_name(view: "View", collection: str) -> str:
    """The listing's name as the navigation shows it."""
    return view.strings[view.lang].get(f"nav_{collection}", collection)


def _entry(entry, view: "View", url: str) -> dict:
    meta = entry.meta
    data = {"@type": TYPES.get(entry.collection, "CreativeWork"), "name": view.title(entry),
            "description": view.summary(entry), "url": url}
    if entry.collection == "cities":
        country = view.term("countries", meta["country"])
        data["geo"] = {"@type": "GeoCoordinates", "latitude": meta["coordinates"]["lat"],
                       "longitude": meta["coordinates"]["lon"]}
        data["address"] = {"@type": "PostalAddress", "addressCountry": meta["country"]}
        data["containedInPlace"] = {"@type": "Country", "name": view.term_name(country),
                                    "url": view.absolute(view.term_url(country))}
        if meta.get("website"):
            data["sameAs"] = meta["website"]
    elif entry.collection == "meetings":
        data["startDate"] = meta["start_date"]
        data["endDate"] = meta.get("end_date", meta["start_date"])
        data["eventAttendanceMode"] = f"https://schema.org/{ATTENDANCE[meta['format']]}"
        place = {"@type": "Place", "name": meta["location"],
                 "address": {"@type": "PostalAddress", "addressCountry": meta["country"]}}
        if meta["format"] == "virtual":
            data["location"] = {"@type": "VirtualLocation", "name": meta["location"]}
        else:
            data["location"] = place
    elif entry.collection == "projects":
        places = ([meta["city"]] if meta.get("city") else []) + list(meta.get("cities", []))
        if places:
            data["areaServed"] = [{"@type": "City", "name": view.title(view.link("cities", slug)),
                                   "url": view.absolute(view.url(view.link("cities", slug)))} for slug in places]
        data["keywords"] = [view.term_name(view.term("focus_areas", key)) for key in meta["focus_areas"]]
        if meta.get("start_year"):
            data["foundingDate"] = str(meta["start_year"])
        if meta.get("website"):
            data["sameAs"] = meta["website"]
    return data
