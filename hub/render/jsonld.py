"""schema.org data (JSON-LD) for each page: the thing the page is about, and its breadcrumb trail.

An entry's type is its collection's `schema_org` (site.yaml; CreativeWork unless it says): a City
gets its coordinates and country, an Event its dates, attendance mode and location, a Project the
places it serves (the entries of the City-typed collection its fields refer to) and its focus
areas as keywords. Countries are Country, other terms DefinedTerm. Every page except the 404 page has a BreadcrumbList: the
page's trail from hub/model/breadcrumbs.py, which the visible breadcrumb shows too.

Values come from the model only; nothing is guessed (a meeting's end date is its start date only
when the content gives no end date, as schema.org expects one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.model.pages import PagePlan
    from hub.render.renderer import View

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
    trail = context["breadcrumbs"]
    if trail:
        graph.append({"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": view.absolute(url)}
            for i, (name, url) in enumerate(trail, start=1)]})
    if plan.kind == "home":
        graph.append({"@type": "WebSite", "name": view.site.config.title, "url": view.absolute(plan.url),
                      "inLanguage": view.lang})
    return {"@context": "https://schema.org", "@graph": graph} if graph else None


def _entry(entry, view: "View", url: str) -> dict:
    meta = entry.meta
    kind = view.site.config.collections[entry.collection].schema_org
    data = {"@type": kind, "name": view.title(entry), "description": view.summary(entry), "url": url}
    if kind == "City":
        country = view.term("countries", meta["country"])
        data["geo"] = {"@type": "GeoCoordinates", "latitude": meta["coordinates"]["lat"],
                       "longitude": meta["coordinates"]["lon"]}
        data["address"] = {"@type": "PostalAddress", "addressCountry": meta["country"]}
        data["containedInPlace"] = {"@type": "Country", "name": view.term_name(country),
                                    "url": view.absolute(view.term_url(country))}
        if meta.get("website"):
            data["sameAs"] = meta["website"]
    elif kind == "Event":
        data["startDate"] = meta["start_date"]
        data["endDate"] = meta.get("end_date", meta["start_date"])
        data["eventAttendanceMode"] = f"https://schema.org/{ATTENDANCE[meta['format']]}"
        place = {"@type": "Place", "name": meta["location"],
                 "address": {"@type": "PostalAddress", "addressCountry": meta["country"]}}
        if meta["format"] == "virtual":
            data["location"] = {"@type": "VirtualLocation", "name": meta["location"]}
        else:
            data["location"] = place
    elif kind == "Project":
        places = _places(entry, view)
        if places:
            data["areaServed"] = [{"@type": "City", "name": view.title(place), "url": view.absolute(view.url(place))}
                                  for place in places]
        data["keywords"] = [view.term_name(view.term("focus_areas", key)) for key in meta["focus_areas"]]
        if meta.get("start_year"):
            data["foundingDate"] = str(meta["start_year"])
        if meta.get("website"):
            data["sameAs"] = meta["website"]
    return data


def _places(entry, view: "View") -> list:
    """The entries of City-typed collections that the entry's `city` and `cities` fields name."""
    config = view.site.config
    refs = view.site.schemas[entry.collection].references()
    places = []
    for field in ("city", "cities"):
        target = refs.get(field)
        value = entry.meta.get(field)
        if value and target in config.collections and config.collections[target].schema_org == "City":
            places += [view.link(target, slug) for slug in ([value] if isinstance(value, str) else value)]
    return places
