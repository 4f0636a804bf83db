"""The web editor at /admin/ (Decap CMS): its configuration, generated from schemas/ and site.yaml.

Every collection in site.yaml becomes a collection of the editor, every field of its schema a
widget chosen from the field's JSON Schema (`field_config`), so a new field or collection needs no
change here. The build writes the editor into the site (`admin_files`); a copy of the generated
configuration is kept in site_src/admin/config.yml so that a schema's pull request shows what
the editor will ask, and tests/test_cms.py fails when that copy is stale:

    .venv/bin/python -m hub.formats.cms          # rewrite site_src/admin/config.yml
    .venv/bin/python -m hub.formats.cms --check  # exit 1 if it is out of date

The editor's own code is site_src/admin/hub-cms.js (the file format, the file names of the
default language, the previews); Decap CMS and js-yaml are vendored in site_src/vendor/.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

from hub.core.reads import list_files, read_file, record
from hub.model.field_reference import keep_generated, required_label
from hub.source.config import SiteConfig, load_config
from hub.source.entries import load_vocabularies
from hub.source.schemas import load_schemas
from hub.source.strings import load_strings
from hub.source.translations import TRANSLATABLE

ADMIN = Path("site_src/admin")
COMMITTED = ADMIN / "config.yml"
VENDOR = {"decap-cms": Path("site_src/vendor/decap-cms"), "js-yaml": Path("site_src/vendor/js-yaml")}
HEADER = "# Generated from schemas/ and site.yaml by `python -m hub.formats.cms`; do not edit.\n"
FORMAT = "hub-frontmatter"            # the file format hub-cms.js registers
LONG_TEXT = 200                       # a string that may be longer than this gets a text area
_GITHUB = re.compile(r"^https://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$")


class CmsProblem(Exception):
    """The configuration cannot be made (a vocabulary or UI strings file is broken): the messages say why."""


def cms_config(config: SiteConfig) -> dict:
    """The editor's configuration (Decap's config.yml) as a dict."""
    schemas = load_schemas(config)
    vocabularies, problems = load_vocabularies(config)
    strings, more = load_strings(config)
    if problems or more:
        raise CmsProblem("\n".join(d.text() for d in problems + more))
    context = _Context(config, vocabularies, strings.get(config.default_language, {}))
    return {
        "backend": _backend(config),
        "publish_mode": "editorial_workflow",
        "site_url": config.base_url,
        "display_url": config.base_url,
        "locale": config.default_language,
        "media_folder": "site_src/assets/img",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": list(config.languages),
                 "default_locale": config.default_language},
        "collections": [collection_config(name, schemas[name].schema, context) for name in config.collections],
    }


def _backend(config: SiteConfig) -> dict:
    """GitHub through Netlify's OAuth provider; every save a branch and a pull request, forks for
    contributors without write access. The repository comes from site.yaml's repo_url."""
    match = _GITHUB.match(config.repo_url)
    return {"name": "github", "repo": match.group(1) if match else "", "branch": "main",
            "base_url": "https://api.netlify.com", "auth_endpoint": "auth",
            "open_authoring": True, "auth_scope": "public_repo", "squash_merges": True}


class _Context:
    """What widgets are made from besides the schema: vocabulary terms and labels from the UI strings."""

    def __init__(self, config: SiteConfig, vocabularies: dict[str, list[dict]], strings: dict[str, str]):
        self.config = config
        self.vocabularies = vocabularies
        self.strings = strings

    def label(self, name: str) -> str:
        return self.strings.get(name) or name.replace("_", " ").capitalize()

    def option_label(self, field: str, value: object) -> str:
        return self.strings.get(f"{field}_{value}") or str(value)


def collection_config(name: str, schema: dict, context: _Context) -> dict:
    """One editor collection: its folder, file names, and a widget per field in the schema's order."""
    fields = [field_config(field, spec, required_in(schema, field), context)
              for field, spec in schema.get("properties", {}).items()]
    for field in fields:
        needed = required_label(schema, field["name"])
        if needed.startswith("one of "):
            field["hint"] = f"{field.get('hint', '')} One of {needed.removeprefix('one of ')} is needed.".strip()
    fields.append({"label": "Text", "name": "body", "widget": "markdown", "required": False, "i18n": True,
                   "hint": "The page's text in Markdown. Link to other entries by their file, e.g. ../cities/makassar.md."})
    return {
        "name": name,
        "label": context.strings.get(f"nav_{name}") or name.capitalize(),
        "label_singular": schema.get("title", name),
        "description": schema.get("description", ""),
        "folder": f"content/{name}",
        "create": True,
        "extension": "md",
        "format": FORMAT,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "preview_path": f"{name}/{{{{slug}}}}/",
        "i18n": True,
        "fields": fields,
    }


def required_in(schema: dict, name: str) -> bool:
    """Required by the schema itself; a field that is one of several alternatives (anyOf) is optional
    in the form, and its hint says which one is needed."""
    return name in schema.get("required", [])


def field_config(name: str, spec: dict, required: bool, context: _Context, *, nested: bool = False) -> dict:
    """The widget for one field, from its JSON Schema: type, enum, x-ref, format, bounds, pattern."""
    field = {"label": context.label(name), "name": name, **_widget(name, spec, context, required), "required": required}
    if spec.get("description"):
        field["hint"] = spec["description"]
    if not nested:
        field["i18n"] = name in TRANSLATABLE
    return field


def _widget(name: str, spec: dict, context: _Context, required: bool = True) -> dict:
    kind = spec.get("type")
    if kind == "array":
        return _list_widget(name, spec, context)
    if kind == "object":
        # Decap checks a group's required sub-fields even when the group itself is left empty, so in
        # an optional group they are optional in the form; `check` still wants both once one is set.
        subfields = [field_config(sub, sub_spec, required and sub in spec.get("required", []), context, nested=True)
                     for sub, sub_spec in spec.get("properties", {}).items()]
        return {"widget": "object", "collapsed": False, "fields": subfields}
    choice = _choice_widget(name, spec, context, multiple=False)
    if choice:
        return choice
    if kind in ("integer", "number"):
        return _number_widget(spec)
    if kind == "boolean":
        return {"widget": "boolean"}
    if spec.get("format") == "date":
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "picker_utc": True}
    widget = {"widget": "text" if spec.get("maxLength", 0) > LONG_TEXT else "string"}
    return {**widget, **_pattern(spec)}


def _choice_widget(name: str, spec: dict, context: _Context, *, multiple: bool) -> dict | None:
    """enum -> select with the UI strings' labels; x-ref to a vocabulary -> select with its terms'
    names; x-ref to a collection -> relation listing that collection's entries."""
    many = {"multiple": True} if multiple else {}
    if "enum" in spec:
        return {"widget": "select", **many,
                "options": [{"label": context.option_label(name, value), "value": value} for value in spec["enum"]]}
    target = spec.get("x-ref")
    if target in context.config.vocabularies:
        key = context.config.vocabularies[target].key
        return {"widget": "select", **many,
                "options": [{"label": term["name"], "value": term[key]} for term in context.vocabularies.get(target, [])]}
    if target in context.config.collections:
        return {"widget": "relation", **many, "collection": target, "value_field": "{{slug}}",
                "search_fields": ["title"], "display_fields": ["title"], "options_length": 1000}
    return None


def _list_widget(name: str, spec: dict, context: _Context) -> dict:
    items = spec.get("items", {})
    bounds = {key: spec[source] for key, source in (("min", "minItems"), ("max", "maxItems")) if source in spec}
    choice = _choice_widget(name, items, context, multiple=True)
    if choice:
        return {**choice, **bounds}
    item = {"label": context.label(name), "name": "item", **_widget(name, items, context)}
    return {"widget": "list", "collapsed": False, "field": item, **bounds}


def _number_widget(spec: dict) -> dict:
    widget = {"widget": "number", "value_type": "int" if spec["type"] == "integer" else "float"}
    if "minimum" in spec:
        widget["min"] = spec["minimum"]
    if "maximum" in spec:
        widget["max"] = spec["maximum"]
    if spec["type"] == "number":
        widget["step"] = 0.00001
    return widget


def _pattern(spec: dict) -> dict:
    if "pattern" not in spec:
        return {}
    message = "must start with http:// or https://" if spec["pattern"] == "^https?://" \
        else f"must match {spec['pattern']}"
    return {"pattern": [spec["pattern"], message]}


def config_text(config: SiteConfig) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)   # the same text, four times faster
    return HEADER + yaml.dump(cms_config(config), Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def field_rules(config: SiteConfig) -> dict:
    """What hub-cms.js needs and cannot read from Decap: the order of each group's sub-fields and the
    flags that may only be true (const: true), to write files as the hub does; the collections'
    folders and the default language, for the default language's file names."""
    order: dict[str, list[str]] = {}
    true_only: set[str] = set()
    schemas = load_schemas(config)
    for schema in (schemas[name] for name in config.collections):
        for name, spec in schema.fields().items():
            if spec.get("type") == "object":
                order.setdefault(name, [])
                order[name] += [sub for sub in spec.get("properties", {}) if sub not in order[name]]
            if spec.get("const") is True:
                true_only.add(name)
    return {"order": dict(sorted(order.items())), "trueOnly": sorted(true_only),
            "folders": [f"content/{name}" for name in config.collections], "collections": list(config.collections),
            "defaultLanguage": config.default_language}


def admin_index(config: SiteConfig, stylesheet: str) -> str:
    """/admin/index.html: site_src/admin/index.html with the site's stylesheet (for the previews)
    and the field rules filled in."""
    page = read_file(config.root, f"{ADMIN}/index.html").decode("utf-8")
    rules = json.dumps(field_rules(config), sort_keys=True, separators=(",", ":"))
    return page.replace("{{preview_style}}", _attribute(stylesheet)).replace("{{field_rules}}", _attribute(rules))


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def has_editor(config: SiteConfig) -> bool:
    """A site without site_src/admin/ (the tests' small fixture sites) has no web editor."""
    record(("file", f"{ADMIN}/index.html"))
    return (config.root / ADMIN / "index.html").is_file()


def admin_files(config: SiteConfig, assets) -> dict[str, bytes]:
    """Every file of /admin/: the page, the generated configuration, hub-cms.js and the vendored packages.

    Every file it reads is recorded (hub/core/reads.py; the schemas, vocabularies and UI strings by
    their loaders), so the build makes these files again exactly when one of them changed."""
    record(("config",))
    if not has_editor(config):
        return {}
    files = {"admin/index.html": admin_index(config, assets["css/site.css"]).encode("utf-8"),
             "admin/config.yml": config_text(config).encode("utf-8"),
             "admin/hub-cms.js": read_file(config.root, f"{ADMIN}/hub-cms.js")}
    for name, folder in VENDOR.items():
        for rel in list_files(config.root, folder):
            files[f"admin/vendor/{name}/{rel.rpartition('/')[2]}"] = read_file(config.root, rel)
    return files


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = root or Path(__file__).resolve().parents[2]
    config = load_config(root)
    try:
        wanted = config_text(config)
    except CmsProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    path = root / COMMITTED
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if not _GITHUB.match(config.repo_url):
        print("note: site.yaml has no GitHub repo_url (https://github.com/OWNER/NAME): the editor can only "
              "use a local repository until it is set", file=sys.stderr)
    return keep_generated(root, COMMITTED, current, wanted, check="--check" in argv, what="the editor's configuration",
                          sources="schemas/ and site.yaml", command="python -m hub.formats.cms")


if __name__ == "__main__":
    sys.exit(main())
