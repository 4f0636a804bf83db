"""The field reference of every collection, from the schemas' descriptions, as Markdown for CONTRIBUTING.md.

`field_rows` and `type_label` are the one place a field's type is put in words: the /contribute/
page renders the same rows at build time (the `field_rows` filter in
templates/partials/field_reference.html), and the /data/ page labels its fields with `type_label`
(hub/formats/opendata.py). tests/test_field_reference.py checks that CONTRIBUTING.md is up to date.
After changing a schema:

    .venv/bin/python -m hub.model.field_reference          # rewrite the reference in CONTRIBUTING.md
    .venv/bin/python -m hub.model.field_reference --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from hub.source.config import SiteConfig, load_config
from hub.source.schemas import load_schemas

START = "<!-- field-reference:start: generated from schemas/ by `python -m hub.model.field_reference`; do not edit -->"
END = "<!-- field-reference:end -->"
_TYPES = {"string": ("text", "text"), "integer": ("whole number", "whole numbers"), "number": ("number", "numbers"),
          "boolean": ("true or false", "true or false"), "object": ("group of fields", "groups of fields"),
          "array": ("list", "lists")}


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: str
    required: str
    description: str


def field_rows(schema: dict) -> list[FieldRow]:
    """One row per field, and one per sub-field of a group (coordinates.lat), in schema order."""
    rows = []
    for name, spec in schema.get("properties", {}).items():
        rows.append(FieldRow(name, type_label(spec), required_label(schema, name), spec.get("description", "")))
        for sub, sub_spec in spec.get("properties", {}).items():
            rows.append(FieldRow(f"{name}.{sub}", type_label(sub_spec), required_label(spec, sub),
                                 sub_spec.get("description", "")))
    return rows


def type_label(spec: dict) -> str:
    """A field's type in words: "list of references to cities", "one of: planned, ongoing"."""
    if spec.get("type") == "array":
        return "list of " + _scalar_type(spec.get("items", {}), plural=True)
    return _scalar_type(spec, plural=False)


def _scalar_type(spec: dict, plural: bool) -> str:
    s = "s" if plural else ""
    if "enum" in spec:
        return f"{'values from' if plural else 'one of'}: {', '.join(map(str, spec['enum']))}"
    if "const" in spec:
        return json.dumps(spec["const"])
    if "x-ref" in spec:
        return f"reference{s} to {spec['x-ref']}"
    if isinstance(spec.get("type"), list):   # e.g. status_as_of: a year or a date
        return " or ".join(_scalar_type({"type": kind, **({"format": spec["format"]} if kind == "string"
                                                          and "format" in spec else {})}, plural)
                           for kind in spec["type"])
    if spec.get("format") == "date":
        return f"date{s} (YYYY-MM-DD)"
    if spec.get("format") == "uri":
        return "web addresses" if plural else "web address"
    return _TYPES.get(spec.get("type"), ("any value", "any value"))[plural]


def required_label(schema: dict, name: str) -> str:
    options = [o["required"][0] for o in schema.get("anyOf", []) if len(o.get("required", [])) == 1]
    if name in schema.get("required", []):
        return "yes"
    if name in options:
        return "one of " + ", ".join(options)
    return "no"


def reference_markdown(config: SiteConfig) -> str:
    schemas = load_schemas(config)
    parts = []
    for name in config.collections:
        schema = schemas[name].schema
        parts += [f"### {schema.get('title', name)} (`content/{name}/`)", "",
                  f"{schema.get('description', '')} As JSON Schema: `/schemas/{name}.json` on the site.", "",
                  "| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]
        parts += [f"| `{row.name}` | {_cell(row.type)} | {_cell(row.required)} | {_cell(row.description)} |"
                  for row in field_rows(schema)]
        parts.append("")
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def with_reference(document: str, reference: str) -> str:
    """The document with the text between the START and END markers replaced by the reference."""
    if document.count(START) != 1 or document.count(END) != 1 or document.index(START) > document.index(END):
        raise ValueError(f"the document must hold one pair of markers:\n{START}\n{END}")
    head, rest = document.split(START)
    _old, tail = rest.split(END)
    return f"{head}{START}\n\n{reference}\n{END}{tail}"


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = root or Path(__file__).resolve().parents[2]
    path = root / "CONTRIBUTING.md"
    current = path.read_text(encoding="utf-8")
    wanted = with_reference(current, reference_markdown(load_config(root)))
    return keep_generated(root, "CONTRIBUTING.md", current, wanted, check="--check" in argv, what="the field reference",
                          sources="schemas/", command="python -m hub.model.field_reference")


def keep_generated(root: Path, rel: str, current: str, wanted: str, *, check: bool, what: str, sources: str,
                   command: str) -> int:
    """A committed file (`rel`) generated from the sources: with `check`, 1 (and a message) when it
    is out of date; else rewrite it when it is. The exit status."""
    if check:
        if current != wanted:
            print(f"{rel}: {what} is out of date with {sources}; run: {command}", file=sys.stderr)
            return 1
        return 0
    if current != wanted:
        (root / rel).write_text(wanted, encoding="utf-8")
        print(f"updated {what} in {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
