"""`build.py new`: start an entry from its collection's schema, every value to supply marked TODO.

The file is written from the schema, so a new field or collection needs no change
here: required fields are written with the value TODO (which `check` rejects until
it is replaced), optional fields as comments with their descriptions, ready to be
uncommented. A translation holds only what a translation may set: title, summary
and the text.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from hub.source.config import SiteConfig
from hub.source.entries import SLUG_RE, load_vocabularies, read_entry
from hub.source.schemas import Schema, load_schemas
from hub.source.translations import SOURCE_DIGEST, TRANSLATABLE, digest_yaml, source_digest, stamp_command
from hub.source.yamlsafe import YamlProblem, load_yaml
from hub.validate import TODO

WIDTH = 100   # comment lines are wrapped to this width


class ScaffoldError(Exception):
    """The entry cannot be created as asked; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class NewEntry:
    path: Path     # the file written
    source: str    # the same, relative to the checkout
    todos: int     # placeholders left to replace


def entry_kinds(config: SiteConfig, schemas: dict[str, Schema]) -> dict[str, str]:
    """Kind of entry -> collection: the schema's title in lower case ('city'), and the collection's own name."""
    kinds = {}
    for name in config.collections:
        title = str(schemas[name].schema.get("title") or name)
        kinds[title.lower()] = name
        kinds[name] = name
    return kinds


def new_entry(config: SiteConfig, kind: str, slug: str, *, title: str | None = None,
              lang: str | None = None) -> NewEntry:
    """Write content/<collection>/<slug>[.<lang>].md; never overwrites an existing file."""
    schemas = load_schemas(config)
    kinds = entry_kinds(config, schemas)
    if kind not in kinds:
        singular = [k for k, c in kinds.items() if k != c]
        raise ScaffoldError(f"unknown kind of entry '{kind}'", f"choose one of: {', '.join(singular)}")
    collection = kinds[kind]
    _check_slug(slug)
    if title is not None and (not title.strip() or "\n" in title or "\r" in title):
        raise ScaffoldError("the title must be one line of text", "leave out --title to fill it in later")
    folder = config.root / "content" / collection
    base = folder / f"{slug}.md"
    if lang is None:
        path = base
        text = entry_text(collection, schemas[collection].schema, title, _choices(config))
    else:
        _check_translation(config, lang, base, collection, slug)
        path = folder / f"{slug}.{lang}.md"
        base_entry, _problems = read_entry(config.root, base, collection, config)   # problems: `check` reports them
        digest = source_digest(base_entry.meta, base_entry.body) if base_entry else None
        text = translation_text(config, schemas[collection].schema, lang, base,
                                base_entry.meta if base_entry else {}, title, digest)
    source = path.relative_to(config.root).as_posix()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:   # 'x': fails if the file exists
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{source} already exists; it was left as it was",
                            "edit that file, or choose another slug") from None
    todos = sum(1 for line in text.splitlines() if TODO in line.split(" #")[0] and not line.startswith("#"))
    return NewEntry(path, source, todos)


def _check_slug(slug: str) -> None:
    if SLUG_RE.match(slug):
        return
    suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
    hint = f"try '{suggestion}'" if suggestion else "for example 'kuala-lumpur'"
    raise ScaffoldError(f"'{slug}' is not a valid slug: use lower-case letters, digits and single hyphens",
                        hint + "; the slug becomes the file name and the page's address")


def _check_translation(config: SiteConfig, lang: str, base: Path, collection: str, slug: str) -> None:
    if lang == config.default_language:
        raise ScaffoldError(f"content/{collection}/{slug}.md already exists, and {lang} is the site's main language",
                            "edit that file; --lang is for translations into another language")
    if lang not in config.languages:
        raise ScaffoldError(f"'{lang}' is not a language of this site",
                            f"languages to translate into: {', '.join(config.extra_languages)}")
    if not base.is_file():
        raise ScaffoldError(f"a translation needs its base entry, and content/{collection}/{slug}.md does not exist",
                            "create it first without --lang, or check the slug")


def _choices(config: SiteConfig) -> dict[str, list[str]]:
    """Vocabulary -> its keys, to list in the comments of fields that refer to it."""
    vocabularies, _problems = load_vocabularies(config)   # problems are reported by `check`
    return {name: [str(term[config.vocabularies[name].key]) for term in terms]
            for name, terms in vocabularies.items()}


def entry_text(collection: str, schema: dict, title: str | None, choices: dict[str, list[str]]) -> str:
    properties = schema.get("properties", {})
    required = list(schema.get("required", []))
    alternatives = [option["required"][0] for option in schema.get("anyOf", [])
                    if len(option.get("required", [])) == 1]
    if alternatives and not set(alternatives) & set(required):
        required.append(alternatives[0])
    lines = ["---"]
    lines += _comment(schema.get("description", ""))
    lines += _comment("Replace every TODO with the real value, then run: python build.py check")
    lines += _comment("Every fact needs a public source: list the web pages you used under 'sources'.")
    for name, spec in properties.items():
        if name not in required:
            continue
        lines.append("")
        if name in alternatives:
            others = ", ".join(a for a in alternatives if a != name)
            lines += _comment(f"Give {name}, or instead one of {others} (among the optional fields below).")
        value = _scalar(title) if name == "title" and title else None
        lines += _field(name, spec, choices, value=value)
    lines.append("")
    lines += _comment("Optional fields. To use one, delete the '# ' at the start of its lines and replace the TODO.")
    for name, spec in properties.items():
        if name in required:
            continue
        lines.append("")
        lines += [line if line.startswith("#") else "# " + line for line in _field(name, spec, choices)]
    lines += ["---", "", f"{TODO}: replace this line with the text of the page, in Markdown. Start sections with "
              f"'## ' headings; link to other entries with relative paths such as ../{collection}/other-slug.md.", ""]
    return "\n".join(lines)


def translation_text(config: SiteConfig, schema: dict, lang: str, base: Path, base_meta: dict,
                     title: str | None, digest: str | None = None) -> str:
    """The translation's file; `digest` (hub/source/translations.py) records the version of the base entry
    it translates (left out when the base entry cannot be read: `check` then asks for a stamp)."""
    language = config.languages[lang]
    lines = ["---"]
    lines += _comment(f"{language} translation of {base.name}. A translation sets only {', '.join(sorted(TRANSLATABLE))} "
                      f"and the text; every other fact stays in {base.name}.")
    lines += _comment("Replace every TODO with your translation, then run: python build.py check")
    for name in [n for n in schema.get("properties", {}) if n in TRANSLATABLE]:
        lines.append("")
        original = base_meta.get(name)
        if isinstance(original, str):
            lines += _comment(f"In {base.name}: {original}")
        value = _scalar(title) if name == "title" and title else None
        lines += _field(name, schema["properties"][name], {}, value=value, describe=False)
    if digest:
        source = base.relative_to(config.root).with_name(f"{base.stem}.{lang}.md").as_posix()
        lines.append("")
        lines += _comment(f"The version of {base.name} this translates. When {base.name} changes, check warns and the "
                          "page says the translation is out of date; once you have brought it up to date, run:")
        lines += [f"#   {stamp_command(source)}", f"{SOURCE_DIGEST}: {digest_yaml(digest)}"]
    lines += ["---", "", f"{TODO}: replace this line with the translated text of {base.name}, in Markdown.", ""]
    return "\n".join(lines)


def _field(name: str, spec: dict, choices: dict[str, list[str]], *, value: str | None = None,
           describe: bool = True) -> list[str]:
    """The lines of one field: its description as comments, then the field with a TODO value."""
    lines = _comment(_description(spec, choices)) if describe else []
    kind = spec.get("type")
    if kind == "object":
        lines.append(f"{name}:")
        required = spec.get("required", [])
        for sub, sub_spec in spec.get("properties", {}).items():
            line = f"  {sub}: {_placeholder(sub_spec)}  # {_description(sub_spec, choices)}"
            lines.append(line if sub in required else "# " + line)
    elif kind == "array":
        lines += [f"{name}:", f"  - {_placeholder(spec.get('items', {}))}"]
    else:
        lines.append(f"{name}: {value if value is not None else _placeholder(spec)}")
    return lines


def _placeholder(spec: dict) -> str:
    if "const" in spec:
        return json.dumps(spec["const"])
    if spec.get("type") == "boolean":
        return "true"
    return TODO


def _description(spec: dict, choices: dict[str, list[str]]) -> str:
    text = spec.get("description", "")
    items = spec.get("items", {})
    allowed = spec.get("enum") or items.get("enum")
    target = spec.get("x-ref") or items.get("x-ref")
    if allowed:
        text += f" One of: {', '.join(map(str, allowed))}."
    elif target in choices:
        text += f" One of: {', '.join(choices[target])}."
    return text.strip()


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, WIDTH - 2, break_on_hyphens=False)] if text else []


def _scalar(text: str) -> str:
    """A value as YAML: plain when it reads back unchanged, otherwise quoted."""
    try:
        if load_yaml(f"v: {text}", "title").data == {"v": text}:
            return text
    except YamlProblem:
        pass
    return json.dumps(text, ensure_ascii=False)
