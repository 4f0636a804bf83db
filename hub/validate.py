"""Entries -> diagnostics: schema, file names, translations, references, dates, places, links, images.

Every check runs over every entry, so a contributor sees every problem in one run.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from jsonschema.exceptions import ValidationError

from hub.core.diagnostics import ERROR, WARNING, Diagnostic, did_you_mean
from hub.source.config import SiteConfig
from hub.source.entries import SLUG_RE, Entry
from hub.source.schemas import Schema
from hub.source.translations import (
    DIGEST_RE,
    REVIEWED,
    SOURCE_DIGEST,
    STALE,
    TRANSLATABLE,
    UNSTAMPED,
    source_digest,
    stamp_command,
    state,
)

# ASEAN's extent with a margin: (south, north, west, east) in degrees.
ASEAN_BOX = (-11.5, 28.6, 92.0, 141.1)
# A link or image in Markdown: [text](target) or ![alt](target), and [label]: target definitions.
# Starts with the literal '[' so the scan is fast; a '!' just before it makes an image.
_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_DEF_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+[A-Z0-9\"'(]")
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a set of 'field: value' lines", "null": "empty"}


def _diag(entry: Entry, pos: tuple[int, int], code: str, message: str, hint: str = "",
          severity: str = ERROR) -> Diagnostic:
    return Diagnostic(entry.source, pos[0], pos[1], severity, code, message, hint)


def validate(entries: list[Entry], vocabularies: dict[str, list[dict]], schemas: dict[str, Schema],
             config: SiteConfig, memo=None) -> list[Diagnostic]:
    """All diagnostics for the loaded entries; an empty list means the content is good.

    The checks that look at one entry alone are remembered per file content when a memo
    (hub.incremental.memo.Memo) is given; the checks across entries always run.
    """
    keys = _known_keys(entries, vocabularies, config)
    base_slugs = {(e.collection, e.slug) for e in entries if not e.is_translation}
    known_sources = {e.source for e in entries}
    diagnostics: list[Diagnostic] = []
    for entry in entries:
        schema = schemas[entry.collection]
        local = (memo.checked(entry, lambda e=entry, s=schema: local_checks(e, s)) if memo
                 else list(local_checks(entry, schema)))
        diagnostics.extend(local)
        diagnostics.extend(check_file_name(entry, config, base_slugs))
        if not entry.is_translation:
            diagnostics.extend(check_references(entry, schema, keys))
            diagnostics.extend(check_image_field(entry, config.root))
        if not any(d.code == "body-too-complex" for d in local):
            links = memo.remembered(entry, "links", lambda e=entry: body_links(e)) if memo else body_links(entry)
            diagnostics.extend(check_body(entry, links, config.root, known_sources))
    diagnostics.extend(check_unique_fields(entries, schemas))
    diagnostics.extend(check_translation_versions(entries))
    return check_todos(entries, schemas, diagnostics)


def local_checks(entry: Entry, schema: Schema) -> Iterator[Diagnostic]:
    """The checks that need nothing but the entry and its schema."""
    if entry.is_translation:
        yield from check_translation_fields(entry)
    else:
        yield from check_schema(entry, schema)
        yield from check_ranges(entry)
        yield from check_coordinates(entry)
        yield from check_status_date(entry)
        yield from check_focus_basis(entry)
    yield from check_summary(entry)
    yield from check_body_shape(entry)


def _known_keys(entries: list[Entry], vocabularies: dict[str, list[dict]], config: SiteConfig) -> dict[str, set]:
    # Files that exist but failed to load count as known: their own errors say what is wrong,
    # and the entries naming them should not add a second, misleading one.
    keys: dict[str, set] = {name: {p.name[:-3] for p in (config.root / "content" / name).glob("*.md")
                                   if "." not in p.name[:-3]} for name in config.collections}
    for entry in entries:
        if not entry.is_translation and entry.collection in keys:
            keys[entry.collection].add(entry.slug)
    for name, terms in vocabularies.items():
        key = config.vocabularies[name].key
        keys[name] = {str(term[key]) for term in terms}
    return keys


def check_file_name(entry: Entry, config: SiteConfig, base_slugs: set) -> Iterator[Diagnostic]:
    name = entry.source.rsplit("/", 1)[-1]
    if not SLUG_RE.match(entry.slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", entry.slug.lower()).strip("-") or "name"
        yield _diag(entry, (1, 1), "invalid-slug",
                    f"file name '{name}' is not a valid slug (lower-case letters, digits and single hyphens)",
                    f"rename it to '{suggestion}.md'")
    if not entry.is_translation:
        return
    if entry.lang == config.default_language:
        yield _diag(entry, (1, 1), "duplicate-slug",
                    f"'{name}' claims the same page as '{entry.slug}.md' ({entry.lang} is the default language)",
                    f"put the text in '{entry.slug}.md' and delete this file")
    elif entry.lang not in config.languages:
        yield _diag(entry, (1, 1), "translation-language",
                    f"unknown language '{entry.lang}' in file name '{name}'",
                    f"languages of this site: {', '.join(config.extra_languages)}")
    elif (entry.collection, entry.slug) not in base_slugs \
            and not (config.root / posixpath.dirname(entry.source) / f"{entry.slug}.md").is_file():
        # (a base file that exists but has errors of its own is reported there, not here)
        yield _diag(entry, (1, 1), "translation-orphan",
                    f"translation '{name}' has no base entry '{entry.slug}.md' in the same folder",
                    "add the base entry first, or fix the slug part of the file name")


def check_translation_fields(entry: Entry) -> Iterator[Diagnostic]:
    for field, value in entry.meta.items():
        if field == REVIEWED:
            if not isinstance(value, bool):
                yield _diag(entry, entry.position((field,)), "wrong-type", f"'{field}' must be true or false")
        elif field == SOURCE_DIGEST:
            if not isinstance(value, str) or not DIGEST_RE.match(value):
                yield _diag(entry, entry.position((field,)), "wrong-type",
                            f"'{field}' must be the 12-character digest that `build.py translations --stamp` "
                            "writes, in quotes", f"write it again with: {stamp_command(entry.source)}")
        elif field not in TRANSLATABLE:
            yield _diag(entry, entry.position((field,), of_key=True), "translation-field",
                        f"a translation may set only title, summary, {REVIEWED} and {SOURCE_DIGEST}, not '{field}'",
                        "facts live in the base entry; remove this field here")
        elif not isinstance(value, str) or not value.strip():
            yield _diag(entry, entry.position((field,)), "wrong-type", f"'{field}' must be text")


def check_translation_versions(entries: list[Entry]) -> Iterator[Diagnostic]:
    """A warning for each translation whose base entry changed since it was stamped (its recorded
    `source_digest` is not the base entry's now), and for each that records no digest at all."""
    base = {e.key: e for e in entries if not e.is_translation}
    for entry in entries:
        source = base.get(entry.key) if entry.is_translation else None
        recorded = entry.meta.get(SOURCE_DIGEST) if source else None
        if source is None or (recorded is not None and not (isinstance(recorded, str) and DIGEST_RE.match(recorded))):
            continue   # an orphan, or a digest that is not one: reported by the checks above
        found = state(entry.meta, source.meta, source.body)
        base_name = source.source.rsplit("/", 1)[-1]
        if found == STALE:
            yield _diag(entry, entry.position((SOURCE_DIGEST,)), "translation-stale",
                        f"{base_name} has changed since this translation was made (its title, summary or text: "
                        f"this translation records version {recorded}, {base_name} is now "
                        f"{source_digest(source.meta, source.body)})",
                        f"bring the translation up to date with {base_name} (git log -p {source.source} shows "
                        f"what changed), then run: {stamp_command(entry.source)}", WARNING)
        elif found == UNSTAMPED:
            yield _diag(entry, (1, 1), "translation-unstamped",
                        f"this translation does not record which version of {base_name} it translates",
                        f"if it translates {base_name} as it is now, run: {stamp_command(entry.source)}", WARNING)


def check_schema(entry: Entry, schema: Schema) -> Iterator[Diagnostic]:
    # jsonschema reports `required` once per missing field, each error naming them all: keep one of each.
    # A misspelt field is reported once, as unknown with its suggestion, not also as missing.
    found: list[Diagnostic] = []
    for error in sorted(schema.validator.iter_errors(entry.meta), key=lambda e: list(map(str, e.absolute_path))):
        found.extend(d for d in _schema_diagnostics(entry, error) if d not in found)
    suggested = {d.hint for d in found if d.code == "unknown-field"}
    for diagnostic in found:
        missing = diagnostic.message.removeprefix("missing required field ").split(" ")[0]
        if diagnostic.code == "required-field" and f"did you mean {missing}?" in suggested:
            continue
        yield diagnostic


def _schema_diagnostics(entry: Entry, error: ValidationError) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    field = ".".join(map(str, path)) or "frontmatter"
    kind = error.validator
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(set(error.instance) - set(allowed), key=str):
            yield _diag(entry, entry.position(path + (extra,), of_key=True), "unknown-field",
                        f"unknown field '{'.'.join(map(str, path + (extra,)))}'",
                        did_you_mean(str(extra), allowed) or f"allowed fields: {', '.join(allowed)}")
    elif kind == "required":
        pos = entry.position(path, of_key=True) if path else (1, 1)
        for missing in [f for f in error.validator_value if f not in error.instance]:
            where = f" in '{field}'" if path else ""
            yield _diag(entry, pos, "required-field", f"missing required field '{missing}'{where}",
                        _describe(error.schema, missing))
    elif kind == "dependentRequired":
        for given, needed in error.validator_value.items():
            for missing in [f for f in needed if given in error.instance and f not in error.instance]:
                yield _diag(entry, entry.position(path + (given,), of_key=True), "required-field",
                            f"missing required field '{missing}' (needed with '{given}')",
                            _describe(error.schema, missing))
    elif kind == "anyOf" and all("required" in option for option in error.validator_value):
        options = " or ".join(f"'{o['required'][0]}'" for o in error.validator_value)
        yield _diag(entry, (1, 1), "required-field", f"missing required field: one of {options}")
    elif kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
        yield _diag(entry, entry.position(path), "wrong-type",
                    f"'{field}' must be {wanted}, not {_shown(error.instance)}", _describe_schema(error.schema))
    elif kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        yield _diag(entry, entry.position(path), "enum",
                    f"'{field}' is {_shown(error.instance)}, which is not one of the allowed values",
                    (did_you_mean(str(error.instance), allowed) + " " if did_you_mean(str(error.instance), allowed)
                     else "") + f"allowed: {', '.join(allowed)}")
    elif kind == "format" or (kind == "pattern" and path[:1] == ("sources",)):
        yield _diag(entry, entry.position(path), "invalid-value",
                    f"'{field}' is {_shown(error.instance)}, which is not a valid {error.validator_value}",
                    "dates are written YYYY-MM-DD, web addresses start with https://")
    else:
        yield _diag(entry, entry.position(path), "invalid-value", f"'{field}': {error.message}",
                    _describe_schema(error.schema))


def _shown(value: object) -> str:
    if value is None:
        return "empty"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(schema: dict, field: str) -> str:
    return schema.get("properties", {}).get(field, {}).get("description", "")


def _describe_schema(schema: dict) -> str:
    return schema.get("description", "") if isinstance(schema, dict) else ""


def check_references(entry: Entry, schema: Schema, keys: dict[str, set]) -> Iterator[Diagnostic]:
    for field, target in schema.references().items():
        value = entry.meta.get(field)
        pairs = [((field, i), v) for i, v in enumerate(value)] if isinstance(value, list) else [((field,), value)]
        for path, ref in pairs:
            if target not in keys:
                continue   # the vocabulary itself failed to load; that is reported once, elsewhere
            if isinstance(ref, str) and ref not in keys[target]:
                label = target.replace("_", " ")
                yield _diag(entry, entry.position(path), "unknown-reference",
                            f"'{field}' refers to '{ref}', which is not among the {label}",
                            did_you_mean(ref, keys.get(target, set()))
                            or f"known {label}: {', '.join(sorted(keys.get(target, set()))[:12])}")


def check_ranges(entry: Entry) -> Iterator[Diagnostic]:
    """start_X <= end_X for any pair of fields so named, and year == the year of start_date."""
    meta = entry.meta
    for start_field in [f for f in meta if isinstance(f, str) and f.startswith("start_")]:
        end_field = "end_" + start_field[6:]
        start, end = meta.get(start_field), meta.get(end_field)
        if type(start) is type(end) and isinstance(start, (int, str)) and end < start:
            yield _diag(entry, entry.position((end_field,)), "date-order",
                        f"'{end_field}' ({end}) is before '{start_field}' ({start})",
                        "swap the two values, or correct the one that is wrong")
    year, start_date = meta.get("year"), meta.get("start_date")
    if isinstance(year, int) and isinstance(start_date, str) and start_date[:4].isdigit() \
            and int(start_date[:4]) != year:
        yield _diag(entry, entry.position(("year",)), "date-order",
                    f"'year' is {year} but 'start_date' is in {start_date[:4]}", "make the two agree")


def check_status_date(entry: Entry) -> Iterator[Diagnostic]:
    """A status without the date its source gives it reads as a present fact, however old the source."""
    return _without_companion(entry, "status", "status_as_of", "status-undated", "readers cannot tell how old it is",
                              "the year (or YYYY-MM-DD date) of the source that reports this status")


def check_focus_basis(entry: Entry) -> Iterator[Diagnostic]:
    """Focus areas without their basis read as sourced data, though most are our classification."""
    return _without_companion(entry, "focus_areas", "focus_areas_basis", "focus-basis-missing",
                              "readers cannot tell a source's from ours",
                              "sourced (a source files it under them) or editorial (the hub assigned them)")


def _without_companion(entry: Entry, field: str, companion: str, code: str, why: str, what: str):
    """A warning, not an error, where `field` lacks the `companion` that says how far to trust it:
    content written before the companion existed (or by other tools) still builds, and CI shows
    the warning on the pull request."""
    if field in entry.meta and companion not in entry.meta:
        yield _diag(entry, entry.position((field,), of_key=True), code, f"'{field}' has no '{companion}': {why}",
                    f"add {companion}: {what}", severity=WARNING)


def check_coordinates(entry: Entry) -> Iterator[Diagnostic]:
    coords = entry.meta.get("coordinates")
    if not isinstance(coords, dict):
        return
    lat, lon = coords.get("lat"), coords.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return
    south, north, west, east = ASEAN_BOX

    def inside(la, lo):
        return south <= la <= north and west <= lo <= east

    if inside(lat, lon):
        return
    hint = ("lat and lon look swapped: latitude is the first, smaller number in ASEAN"
            if inside(lon, lat) else "ASEAN lies between latitudes -11.5 and 28.6 and longitudes 92 and 141")
    code = "coordinates-swapped" if inside(lon, lat) else "coordinates-outside"
    yield _diag(entry, entry.position(("coordinates",)), code,
                f"coordinates ({lat}, {lon}) are outside ASEAN", hint)


def check_image_field(entry: Entry, root: Path) -> Iterator[Diagnostic]:
    image = entry.meta.get("image")
    if image is None:
        return
    if isinstance(image, str) and not _asset_exists(root, image):
        yield _diag(entry, entry.position(("image",)), "image-missing",
                    f"image '{image}' does not exist in site_src/assets/img/", "add the file or fix the name")
    if not entry.meta.get("image_alt"):
        yield _diag(entry, entry.position(("image",), of_key=True), "image-alt-missing",
                    "the image has no 'image_alt' text", "describe the picture in 'image_alt'")


def _asset_exists(root: Path, name: str) -> bool:
    folder = (root / "site_src" / "assets" / "img").resolve()
    target = (folder / name).resolve()
    return target.is_relative_to(folder) and target.is_file()


def check_summary(entry: Entry) -> Iterator[Diagnostic]:
    summary = entry.meta.get("summary")
    if isinstance(summary, str) and _SENTENCE_END.search(summary.strip()):
        yield _diag(entry, entry.position(("summary",)), "summary-sentences",
                    "the summary should be one sentence", "move the rest into the body", severity=WARNING)


_LINKABLE = ("content/", "site_src/pages/")


def body_links(entry: Entry) -> list[list]:
    """[line within body, col, is_image, text, target] of each image, and of each link to a .md file, in the body.

    Depends on the body alone, so the memo keeps it per file content; check_body decides the rest.
    """
    return [[line_no, col, is_image, text if is_image else "", target]   # only an image's text is checked
            for line_no, col, is_image, text, target in _links(entry.body)
            if is_image or (target.split("#", 1)[0].endswith(".md") and not _is_external(target))]


def check_body(entry: Entry, links: list[list], root: Path, known_sources: set[str]) -> Iterator[Diagnostic]:
    """Relative .md links must point at an existing entry; images must exist and have alt text.

    Paths are resolved as text against the entries that were loaded, so a link
    cannot probe the file system outside the content folders.
    """
    source_dir = posixpath.dirname(entry.source)
    for line_no, col, is_image, text, target in links:
        pos = (entry.body_line + line_no, col)
        if is_image:
            if not text.strip():
                yield _diag(entry, pos, "image-alt-missing", f"image '{target}' has no alt text",
                            "write a description between the brackets: ![a street in Makassar](…)")
            if not _is_external(target) and not _body_image_exists(root, target):
                yield _diag(entry, pos, "image-missing", f"image '{target}' does not exist",
                            "put images in site_src/assets/img/ and link them as /assets/img/NAME")
            continue
        resolved = posixpath.normpath(posixpath.join(source_dir, target.split("#", 1)[0]))
        if resolved not in known_sources and not (resolved.startswith(_LINKABLE) and (root / resolved).is_file()):
            yield _diag(entry, pos, "broken-link", f"link to '{target}' points to no entry",
                        "links between entries are relative paths such as ../cities/makassar.md")


# Shapes on which sanitising explodes. cmark-gfm renders in linear time, but the HTML
# parser inside nh3 (html5ever) is quadratic in how deeply block tags nest (measured:
# 20,000 nested <div> or '>' quotes take 3 s, 10,000 take 0.7 s, 1,000 take 5 ms).
MAX_HTML_TAGS = 10_000
MAX_QUOTE_DEPTH = 1_000
_HTML_START_TAG_RE = re.compile(r"<[a-zA-Z]")
# '>' marks at the start of a line, list markers allowed between; possessive, so a miss is linear.
_DEEP_QUOTE_RE = re.compile(r"^(?:[ \t]*+(?:[-+*]|\d{1,9}[.)])?+[ \t]*+>){%d}" % (MAX_QUOTE_DEPTH + 1), re.M)


def check_body_shape(entry: Entry) -> Iterator[Diagnostic]:
    """Refuse bodies shaped to make the sanitiser hang, before the renderer sees them."""
    body = entry.body
    if len(_HTML_START_TAG_RE.findall(body)) > MAX_HTML_TAGS:
        yield _diag(entry, (entry.body_line, 1), "body-too-complex",
                    f"the body has more than {MAX_HTML_TAGS:,} HTML tags", "write the text in Markdown")
        return
    deep_quote = _DEEP_QUOTE_RE.search(body)
    if deep_quote:
        line_no = body.count("\n", 0, deep_quote.start())
        yield _diag(entry, (entry.body_line + line_no, 1), "body-too-complex",
                    f"the line nests more than {MAX_QUOTE_DEPTH:,} quotes ('>')", "remove the extra '>' marks")


def _is_external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", target))


def _body_image_exists(root: Path, target: str) -> bool:
    prefix = "/assets/img/"
    return target.startswith(prefix) and _asset_exists(root, target[len(prefix):])


_FENCE_RE = re.compile(r"^[ \t]*(```|~~~)", re.M)


def _links(body: str) -> Iterable[tuple[int, int, bool, str, str]]:
    """(line within body, col, is_image, text, target) for each inline link, skipping fenced code.

    The patterns run over the whole body at once; line numbers are found only for matches.
    """
    if "](" not in body and "]:" not in body:
        return
    fences = [m.start() for m in _FENCE_RE.finditer(body)] if ("```" in body or "~~~" in body) else []
    code = [(fences[i], fences[i + 1]) for i in range(0, len(fences) - 1, 2)]
    found = [(m.start() - image, bool(image), m.group(1), m.group(2)) for m in _LINK_RE.finditer(body)
             for image in [int(m.start() > 0 and body[m.start() - 1] == "!")]]
    if "]:" in body:
        found += [(m.start(1), False, "", m.group(1)) for m in _DEF_RE.finditer(body)]
    line, counted_to = 0, 0   # lines are counted incrementally: a body with 50,000 links stays linear
    for offset, is_image, text, target in sorted(found, key=lambda item: item[0]):
        if any(start <= offset <= end for start, end in code):
            continue
        line += body.count("\n", counted_to, offset)
        counted_to = offset
        line_start = body.rfind("\n", 0, offset) + 1
        yield line, offset - line_start + 1, is_image, text, target


def check_unique_fields(entries: list[Entry], schemas: dict[str, Schema]) -> Iterator[Diagnostic]:
    for name, schema in schemas.items():
        for field in schema.unique_fields():
            claimants = defaultdict(list)
            for entry in entries:
                if entry.collection == name and not entry.is_translation and field in entry.meta:
                    value = entry.meta[field]
                    if isinstance(value, (str, int)):
                        claimants[value].append(entry)
            for value, group in claimants.items():
                if len(group) > 1:
                    for entry in group:
                        others = ", ".join(e.source for e in group if e is not entry)
                        yield _diag(entry, entry.position((field,)), "duplicate-value",
                                    f"'{field}' {value} is also used by {others}", f"each {field} must be unique")


TODO = "TODO"   # the placeholder `build.py new` writes for every value the contributor must supply
_BODY_TODO_RE = re.compile(r"^\s*(TODO)\b")


def check_todos(entries: list[Entry], schemas: dict[str, Schema], diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One 'todo' error for each TODO placeholder left by `build.py new`, in place of the other findings there.

    A TODO in a number, date or reference field is also the wrong type or an unknown
    reference; the contributor needs one message at that spot: replace the TODO.
    """
    todos = []
    for entry in entries:
        schema = schemas.get(entry.collection)
        # Cheap guards first: almost no entry has a TODO left, and walking every body costs seconds.
        meta_paths = _todo_paths(entry.meta, ()) if TODO in repr(entry.meta) else ()
        for path in meta_paths:
            field = ".".join(map(str, path))
            todos.append(_diag(entry, entry.position(path), "todo",
                               f"'{field}' is still the placeholder TODO: replace it with the real value",
                               _field_description(schema.schema if schema else {}, path)))
        for line_no, col in _body_todo_lines(entry.body):
            todos.append(_diag(entry, (entry.body_line + line_no, col), "todo",
                               "the text still has the placeholder line 'TODO' from `build.py new`",
                               "replace that line with the entry's text, written in Markdown"))
    places = {(d.path, d.line, d.col) for d in todos}
    return [d for d in diagnostics if (d.path, d.line, d.col) not in places] + todos


def _todo_paths(value: object, path: tuple) -> Iterator[tuple]:
    if isinstance(value, str) and value.strip() == TODO:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _todo_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _todo_paths(item, path + (index,))


def _field_description(schema: dict, path: tuple) -> str:
    """The schema's description of the field at `path` (list items take their list's description)."""
    description = ""
    for step in path:
        if not isinstance(schema, dict):
            break
        if isinstance(step, int):
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(step, {})
        description = schema.get("description", description) if isinstance(schema, dict) else description
    allowed = schema.get("enum") if isinstance(schema, dict) else None
    return description + (f" One of: {', '.join(map(str, allowed))}." if allowed else "")


def _body_todo_lines(body: str) -> Iterator[tuple[int, int]]:
    """(line within body, col) of each line that starts with the word TODO, outside code."""
    if TODO not in body:
        return
    in_fence = False
    for line_no, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        match = None if in_fence or line.startswith("    ") else _BODY_TODO_RE.match(line)
        if match:
            yield line_no, match.start(1) + 1
