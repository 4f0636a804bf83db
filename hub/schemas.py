"""The collection schemas: YAML files in schemas/, merged with the common fields."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from hub.config import SiteConfig
from hub.reads import record
from hub.yamlsafe import load_yaml

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


def _read(path: Path) -> dict:
    record(("file", f"schemas/{path.name}"))
    return load_yaml(path.read_text(encoding="utf-8"), path.name).data


def load_schemas(config: SiteConfig) -> dict[str, Schema]:
    """One Schema per collection (common fields merged in), plus the internal one for pages.

    A broken schema file is a bug in the hub, not in content: it raises.
    """
    folder = config.root / "schemas"
    common = _read(folder / "_common.yaml")
    schemas = {}
    for name in config.collections:
        schema = _read(folder / f"{name}.yaml")
        merged = copy.deepcopy(schema)
        merged["properties"] = {**common["properties"], **schema.get("properties", {})}
        merged["required"] = list(common.get("required", [])) + list(schema.get("required", []))
        schemas[name] = _compile(name, merged)
    schemas[PAGES] = _compile(PAGES, _read(folder / "_pages.yaml"))
    return schemas


def _compile(name: str, schema: dict) -> Schema:
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return Schema(name, schema, validator)
