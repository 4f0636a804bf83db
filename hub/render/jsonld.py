"""schema.org data (JSON-LD) for each page: the thing the page is about, and its breadcrumb trail.

An entry's type is its collection's `schema_org` (site.yaml; CreativeWork unless it says): a City
gets its coordinates and country, an Event its dates, attendance mode and location, a Project the
places it serves (the entries of the City-typed collections its fields refer to) and the terms its
list fields name as keywords (its focus areas). A property is given only when the entry has the
fields it comes from, so a collection of any shape may take any of these types. An entry's country
is the field that refers to a vocabulary of countries (`cldr: territories` in site.yaml); such
terms are Country, other terms DefinedTerm. Every page except the 404 page has a BreadcrumbList: the
page's trail from hub/model/breadcrumbs.py, which the visible breadcrumb shows too.

Values come from the model only; nothing is guessed (a meeting's end date is its start date only
when the content gives no end date, as schema.org expects one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hub.source.schemas import POINT_FIELD

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
        kind = "Country" if view.site.config.vocabularies[term.vocabulary].cldr == "territories" else "DefinedTerm"
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
    """The entry as its schema.org type, each property only when the entry has the fields it comes from."""
    meta = entry.meta
    kind = view.site.config.collections[entry.collection].schema_org
    data = {"@type": kind, "name": view.title(entry), "description": view.summary(entry), "url": url}
    country = country_of(entry, view) if kind in ("City", "Event") else None
    if kind == "City":
        point = _point(meta)
        if point:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": point[0], "longitude": point[1]}
        if country:
            data["address"] = {"@type": "PostalAddress", "addressCountry": country[0]}
            data["containedInPlace"] = {"@type": "Country", "name": view.term_name(country[1]),
                                        "url": view.absolute(view.term_url(country[1]))}
        if meta.get("website"):
            data["sameAs"] = meta["website"]
    elif kind == "Event":
        if meta.get("start_date"):
            data["startDate"] = meta["start_date"]
            data["endDate"] = meta.get("end_date", meta["start_date"])
        if meta.get("format") in ATTENDANCE:
            data["eventAttendanceMode"] = f"https://schema.org/{ATTENDANCE[meta['format']]}"
        if meta.get("location") and meta.get("format") == "virtual":
            data["location"] = {"@type": "VirtualLocation", "name": meta["location"]}
        elif meta.get("location"):
            data["location"] = {"@type": "Place", "name": meta["location"]}
            if country:
                data["location"]["address"] = {"@type": "PostalAddress", "addressCountry": country[0]}
    elif kind == "Project":
        places = _places(entry, view)
        if places:
            data["areaServed"] = [{"@type": "City", "name": view.title(place), "url": view.absolute(view.url(place))}
                                  for place in places]
        keywords = _keywords(entry, view)
        if keywords:
            data["keywords"] = keywords
        if meta.get("start_year"):
            data["foundingDate"] = str(meta["start_year"])
        if meta.get("website"):
            data["sameAs"] = meta["website"]
    return data


def country_of(entry, view: "View") -> tuple | None:
    """(code, term) of the entry's country: the value of its first field that refers to a vocabulary of
    countries (one whose names come from CLDR's territories, site.yaml's `cldr: territories`); None
    when its collection has no such field or the entry leaves it out."""
    config = view.site.config
    for field, target in view.site.schemas[entry.collection].references().items():
        value = entry.meta.get(field)
        if isinstance(value, str) and value and target in config.vocabularies \
                and config.vocabularies[target].cldr == "territories":
            return value, view.term(target, value)
    return None


def _point(meta) -> tuple | None:
    """(latitude, longitude) from the entry's coordinates, or None without them."""
    point = meta.get(POINT_FIELD)
    try:
        return point["lat"], point["lon"]
    except (TypeError, KeyError):
        return None


def _keywords(entry, view: "View") -> list[str]:
    """The names of the terms the entry's list fields refer to, countries aside (a project's focus areas)."""
    config = view.site.config
    names = []
    for field, target in view.site.schemas[entry.collection].references().items():
        value = entry.meta.get(field)
        if isinstance(value, list) and target in config.vocabularies \
                and config.vocabularies[target].cldr != "territories":
            names += [view.term_name(view.term(target, key)) for key in value]
    return names


def _places(entry, view: "View") -> list:
    """The entries of City-typed collections that the entry's fields refer to, in the schema's order."""
    config = view.site.config
    places = []
    for field, target in view.site.schemas[entry.collection].references().items():
        value = entry.meta.get(field)
        if value and target in config.collections and config.collections[target].schema_org == "City":
            places += [view.link(target, slug) for slug in ([value] if isinstance(value, str) else value)]
    return places
