"""Open data: every collection as JSON and CSV under /api/, cities also as GeoJSON, each with a JSON Schema.

Made from the validated model, so the files hold exactly what the pages show. The shape is
versioned (API_VERSION; raise it on any change that could break a reader) and documented by
the published schemas (/api/schemas/<name>.json) and the /data/ page, both generated here from
the collection schemas in schemas/, so they cannot drift apart.

A JSON file is an envelope around the items:

    {"version": 1, "collection": "cities", "generated_from": "content/cities/",
     "site": "<base URL>", "schema": "<URL of its JSON Schema>",
     "license": "CC-BY-4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/",
     "license_note": "...", "count": 32, "items": [...]}

An item is the entry's frontmatter (fields of its schema, in schema order; `draft` and `aliases`
are left out) with `slug` and `url` first and `translations` last: for each other language the
URL a reader of that language is sent to (the translation's page, or the entry's own where it has
no translation: hub/model/pages.py), and the translated `title` and `summary` where a translation exists.

CSV has one row per item and one column per field, nested fields named with dots
(`coordinates.lat`, `translations.id.title`); lists are joined with "; ". The columns come from
the schema, so they are the same whichever fields the entries use.

No timestamps: the same content gives byte-identical files.
"""

from __future__ import annotations

import copy
import csv
import io
import json

from hub.model.field_reference import type_label
from hub.model.pages import reader_lang
from hub.model.site import Site
from hub.model.urls import entry_url
from hub.source.schemas import POINT_FIELD  # collections with it are also published as GeoJSON

API_VERSION = 1
API_FOLDER = "api"
LIST_SEPARATOR = "; "
LEFT_OUT = ("draft", "aliases")                # editorial fields, not data
LICENSE = "CC-BY-4.0"                          # SPDX identifier (LICENSES/CC-BY-4.0.md)
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NOTE = (f"The data is licensed under CC BY 4.0 ({LICENSE_URL}). Every item also cites its sources "
                "in its `sources` field.")

_ADDED_FIELDS = {
    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
             "description": "The entry's identifier: its file name in content/ without .md. Other items refer to it."},
    "url": {"type": "string", "format": "uri", "description": "Address of the entry's page in the default language."},
}


def _translations_field(site: Site) -> dict:
    other = [lang for lang in site.config.languages if lang != site.config.default_language]
    return {
        "type": "object", "additionalProperties": False, "required": other,
        "description": "For each other language of the site: the address of the entry's page for its readers "
                       "(the translation's page, or the entry's own page where it has not been translated), and "
                       "the title and summary in that language where the entry has been translated.",
        "properties": {lang: {
            "type": "object", "additionalProperties": False, "required": ["url"],
            "properties": {"url": {"type": "string", "format": "uri",
                                   "description": f"Address of the entry's page for readers of {site.config.languages[lang]}."},
                           "title": {"type": "string", "description": f"Title in {site.config.languages[lang]}."},
                           "summary": {"type": "string",
                                       "description": f"Summary in {site.config.languages[lang]}."}}}
            for lang in other},
    }


def item_schema(site: Site, collection: str, published: bool = True) -> dict:
    """The JSON Schema of one item: the collection's fields (with their descriptions) plus slug, url,
    translations. Unless `published`, the schemas' own keywords (x-ref: what a slug refers to) stay."""
    source = site.schemas[collection].schema
    fields = {name: copy.deepcopy(spec) for name, spec in source.get("properties", {}).items() if name not in LEFT_OUT}
    for spec in fields.values() if published else ():
        _drop_private_keywords(spec)
    if "image" in fields:
        fields["image"] = {"type": "string", "format": "uri", "description": "Address of a picture of the entry."}
    properties = {**_ADDED_FIELDS, **fields, "translations": _translations_field(site)}
    schema = {"type": "object", "additionalProperties": False,
              "required": ["slug", "url"] + [r for r in source.get("required", []) if r not in LEFT_OUT]
              + ["translations"],
              "properties": properties}
    for keyword in ("anyOf", "oneOf", "allOf"):
        if keyword in source:
            schema[keyword] = copy.deepcopy(source[keyword])
    return schema


def _drop_private_keywords(spec: dict) -> None:
    for key in [k for k in spec if k.startswith("x-")]:
        del spec[key]
    for value in spec.values():
        if isinstance(value, dict):
            _drop_private_keywords(value)


def file_schema(site: Site, collection: str) -> dict:
    """The JSON Schema of /api/<collection>.json."""
    base = site.config.base_url.rstrip("/")
    title = site.schemas[collection].schema.get("title", collection)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base}/{API_FOLDER}/schemas/{collection}.json",
        "title": f"{title} list (open data, version {API_VERSION})",
        "description": f"Every published entry of content/{collection}/ with its facts and sources. {LICENSE_NOTE}",
        "type": "object", "additionalProperties": False,
        "required": ["version", "collection", "generated_from", "site", "schema", "license", "license_url",
                     "license_note", "count", "items"],
        "properties": {
            "version": {"const": API_VERSION, "description": "Version of this file's shape; it changes only when "
                                                              "a change could break a reader."},
            "collection": {"const": collection, "description": "Which collection the items belong to."},
            "generated_from": {"type": "string", "description": "The folder of the repository the items come from."},
            "site": {"type": "string", "format": "uri", "description": "The site the file was built for."},
            "schema": {"type": "string", "format": "uri", "description": "Address of this JSON Schema."},
            "license": {"const": LICENSE, "description": "Licence of the data, as an SPDX identifier."},
            "license_url": {"const": LICENSE_URL, "description": "Address of the licence's text."},
            "license_note": {"type": "string", "description": "The licence and the sources, in words."},
            "count": {"type": "integer", "minimum": 0, "description": "Number of items."},
            "items": {"type": "array", "items": item_schema(site, collection)},
        },
    }


def geojson_schema(site: Site, collection: str) -> dict:
    """The JSON Schema of /api/<collection>.geojson: a FeatureCollection of points."""
    base = site.config.base_url.rstrip("/")
    properties = copy.deepcopy(item_schema(site, collection))
    properties["properties"].pop(POINT_FIELD, None)
    properties["required"] = [r for r in properties["required"] if r != POINT_FIELD]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base}/{API_FOLDER}/schemas/{collection}.geojson.json",
        "title": f"{site.schemas[collection].schema.get('title', collection)} points (GeoJSON, version {API_VERSION})",
        "description": "RFC 7946 GeoJSON: one Point feature per entry at its coordinates (longitude, latitude); "
                       "the feature's properties are the item's other fields.",
        "type": "object",
        "required": ["type", "version", "collection", "license", "license_url", "license_note", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "version": {"const": API_VERSION},
            "collection": {"const": collection},
            "license": {"const": LICENSE},
            "license_url": {"const": LICENSE_URL},
            "license_note": {"type": "string"},
            "features": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": "string"},
                    "geometry": {"type": "object", "additionalProperties": False, "required": ["type", "coordinates"],
                                 "properties": {"type": {"const": "Point"},
                                                "coordinates": {"type": "array", "minItems": 2, "maxItems": 2,
                                                                "items": {"type": "number"}}}},
                    "properties": properties,
                }}},
        },
    }


def items(site: Site, collection: str, assets: dict) -> list[dict]:
    config = site.config
    base = config.base_url.rstrip("/")
    order = list(item_schema(site, collection)["properties"])
    result = []
    for entry in site.listing(collection):
        values = {"slug": entry.slug,
                  "url": base + entry_url(config, collection, entry.slug, config.default_language)}
        for name in order:
            if name in entry.meta and name not in LEFT_OUT and name not in values:
                values[name] = entry.meta[name]
        if "image" in values:
            values["image"] = base + assets.get(f"img/{values['image']}", f"/assets/img/{values['image']}")
        translations = {}
        for lang in config.languages:
            if lang == config.default_language:
                continue
            translated = site.translation(entry, lang)
            translations[lang] = {"url": base + entry_url(config, collection, entry.slug,
                                                          reader_lang(site, entry, lang))}
            if translated is not None:
                translations[lang].update({key: translated.meta[key] for key in ("title", "summary")
                                           if key in translated.meta})
        values["translations"] = translations
        result.append(values)
    return result


def _envelope(site: Site, collection: str, records: list[dict]) -> dict:
    base = site.config.base_url.rstrip("/")
    return {"version": API_VERSION, "collection": collection, "generated_from": f"content/{collection}/",
            "site": site.config.base_url, "schema": f"{base}/{API_FOLDER}/schemas/{collection}.json",
            "license": LICENSE, "license_url": LICENSE_URL, "license_note": LICENSE_NOTE,
            "count": len(records), "items": records}


def csv_columns(schema: dict, prefix: str = "") -> list[str]:
    """Dotted column names for an item schema: nested objects are expanded, everything else is one column."""
    columns = []
    for name, spec in schema.get("properties", {}).items():
        if spec.get("type") == "object" and spec.get("properties"):
            columns += csv_columns(spec, f"{prefix}{name}.")
        else:
            columns.append(prefix + name)
    return columns


def _flatten(value, prefix: str, row: dict) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}{key}.", row)
    elif isinstance(value, list):
        row[prefix[:-1]] = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, bool):
        row[prefix[:-1]] = "true" if value else "false"
    else:
        row[prefix[:-1]] = "" if value is None else str(value)


def to_csv(schema: dict, records: list[dict]) -> bytes:
    columns = csv_columns(schema)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row: dict = {}
        _flatten(record, "", row)
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue().encode("utf-8")


def to_geojson(site: Site, collection: str, records: list[dict]) -> dict:
    features = []
    for record in records:
        point = record[POINT_FIELD]
        features.append({"type": "Feature", "id": record["slug"],
                         "geometry": {"type": "Point", "coordinates": [point["lon"], point["lat"]]},
                         "properties": {k: v for k, v in record.items() if k != POINT_FIELD}})
    return {"type": "FeatureCollection", "version": API_VERSION, "collection": collection, "license": LICENSE,
            "license_url": LICENSE_URL, "license_note": LICENSE_NOTE, "features": features}


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def has_points(site: Site, collection: str) -> bool:
    return POINT_FIELD in site.schemas[collection].fields()


def open_data_files(site: Site, assets: dict) -> dict[str, bytes]:
    """{output path: bytes} of every open-data file and its schema."""
    files = {}
    for collection in site.config.collections:
        records = items(site, collection, assets)
        files[f"{API_FOLDER}/{collection}.json"] = _json(_envelope(site, collection, records))
        files[f"{API_FOLDER}/{collection}.csv"] = to_csv(item_schema(site, collection), records)
        files[f"{API_FOLDER}/schemas/{collection}.json"] = _json(file_schema(site, collection))
        if has_points(site, collection):
            files[f"{API_FOLDER}/{collection}.geojson"] = _json(to_geojson(site, collection, records))
            files[f"{API_FOLDER}/schemas/{collection}.geojson.json"] = _json(geojson_schema(site, collection))
    return files


def catalogue(site: Site) -> list[dict]:
    """What the /data/ page lists: per collection its files and its fields with their descriptions."""
    result = []
    for collection in site.config.collections:
        schema = item_schema(site, collection, published=False)
        files = [("JSON", f"/{API_FOLDER}/{collection}.json"), ("CSV", f"/{API_FOLDER}/{collection}.csv")]
        if has_points(site, collection):
            files.append(("GeoJSON", f"/{API_FOLDER}/{collection}.geojson"))
        fields = []
        for name, spec in schema["properties"].items():
            fields.append({"name": name, "type": type_label(spec), "required": name in schema["required"],
                           "description": spec.get("description", "")})
            if spec.get("type") == "object" and name != "translations":
                for inner, inner_spec in spec.get("properties", {}).items():
                    fields.append({"name": f"{name}.{inner}", "type": type_label(inner_spec),
                                   "required": inner in spec.get("required", []),
                                   "description": inner_spec.get("description", "")})
        result.append({"collection": collection, "title": site.schemas[collection].schema.get("title", collection),
                       "files": files, "schema": f"/{API_FOLDER}/schemas/{collection}.json", "fields": fields})
    return result

