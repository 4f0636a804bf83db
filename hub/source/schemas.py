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
