"""The collection schemas: YAML files in schemas/, merged with the common fields."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from hub.core.diagnostics import ERROR, Diagnostic, HubError
from hub.core.reads import record
from hub.source.config import SiteConfig
from hub.source.yamlsafe import YamlDocument, load_yaml

PAGES = "pages"
POINT_FIELD = "coordinates"   # {lat, lon}: what the map, JSON-LD and GeoJSON place an entry by


@dataclass(frozen=True)
class Schema:
    collection: str
    schema: dict
    validator: Draft202012Validator

    def fields(self) -> dict:
        return self.schema.get("properties", {})

    def references(self) -> dict[str, str]:
        """Top-level field -> the collection or vocabulary it refers to (the x-ref keyword)."""
        return self._references

    @functools.cached_property
    def _references(self) -> dict[str, str]:
        refs = {}
        for name, spec in self.fields().items():
            target = spec.get("x-ref") or spec.get("items", {}).get("x-ref")
            if target:
                refs[name] = target
        return refs

    def unique_fields(self) -> list[str]:
        return [name for name, spec in self.fields().items() if spec.get("x-unique")]


def _read(root: Path, name: str) -> YamlDocument:
    rel = f"schemas/{name}.yaml"
    record(("file", rel))
    try:
        text = (root / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HubError(Diagnostic(rel, 1, 1, ERROR, "schema", f"cannot read the schema: {exc}",
                                  "each collection in site.yaml needs its schema file")) from None
    document = load_yaml(text, rel)
    if not isinstance(document.data, dict):
        raise HubError(Diagnostic(rel, 1, 1, ERROR, "schema", "a schema must be a mapping of JSON Schema keywords"))
    return document


def load_schemas(config: SiteConfig) -> dict[str, Schema]:
    """One Schema per collection (common fields merged in), plus the internal one for pages.

    A schema that cannot be read, parsed or compiled raises HubError at its file and line.
    """
    common = _read(config.root, "_common")
    schemas = {}
    for name in config.collections:
        document = _read(config.root, name)
        merged = copy.deepcopy(document.data)
        merged["properties"] = {**common.data.get("properties", {}), **document.data.get("properties", {})}
        merged["required"] = list(common.data.get("required", [])) + list(document.data.get("required", []))
        schemas[name] = _compile(name, merged, document)
    pages = _read(config.root, "_pages")
    schemas[PAGES] = _compile(PAGES, pages.data, pages)
    return schemas


def _compile(name: str, schema: dict, document: YamlDocument) -> Schema:
    """A validator for `schema`; an invalid schema raises HubError at the line of the bad keyword
    in the file it came from (`document`; a common field's problem is shown at the top of it)."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        path = tuple(error.path)
        while path and path not in document.value_positions:
            path = path[:-1]
        line, col = document.value_positions.get(path, (0, 0))
        rel = "schemas/_pages.yaml" if name == PAGES else f"schemas/{name}.yaml"
        raise HubError(Diagnostic(rel, line + 1, col + 1, ERROR, "schema",
                                  f"invalid schema: {error.message}")) from None
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return Schema(name, schema, validator)


def settings_problems(config: SiteConfig, schemas: dict[str, Schema]) -> list[Diagnostic]:
    """Collection settings of site.yaml that name fields its schema does not have as they need them:
    `breadcrumb_parent` must name a single-valued field that refers to a vocabulary (its value is the
    term between the listing and the entry), `map: true` needs a `coordinates` field. Each problem is
    reported at the setting's line in site.yaml."""
    problems = []
    for name, spec in config.collections.items():
        fields = schemas[name].fields()
        parent = spec.breadcrumb_parent
        if parent and not (parent in fields and fields[parent].get("x-ref") in config.vocabularies):
            kinds = [field for field, field_spec in fields.items() if field_spec.get("x-ref") in config.vocabularies]
            problems.append(_setting_problem(
                config, ("collections", name, "breadcrumb_parent"),
                f"collections.{name}.breadcrumb_parent: '{parent}' is not a field of schemas/{name}.yaml "
                "that refers to a vocabulary (x-ref)",
                f"fields that do: {', '.join(kinds)}" if kinds else "leave breadcrumb_parent out"))
        if spec.map and POINT_FIELD not in fields:
            problems.append(_setting_problem(
                config, ("collections", name, "map"),
                f"collections.{name}.map: schemas/{name}.yaml has no '{POINT_FIELD}' field to place its entries",
                f"add a '{POINT_FIELD}' field ({{lat, lon}}) to the schema, or leave map out"))
    return problems


def _setting_problem(config: SiteConfig, path: tuple, message: str, hint: str) -> Diagnostic:
    try:
        positions = load_yaml((config.root / "site.yaml").read_text(encoding="utf-8"), "site.yaml").value_positions
    except (OSError, UnicodeDecodeError, HubError):   # load_config has already read it
        positions = {}
    line, col = positions.get(path, (0, 0))
    return Diagnostic("site.yaml", line + 1, col + 1, ERROR, "config", message, hint)
