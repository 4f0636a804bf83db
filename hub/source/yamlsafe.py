"""Safe YAML: plain data only, with the position of every key and value.

Aliases, anchors and tags are refused (no alias bombs, no object construction);
duplicate keys are errors; dates stay strings so the schema checks their format.
Positions are 0-based inside the YAML text; callers add the frontmatter offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from hub.core.diagnostics import ERROR, Diagnostic, HubError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 20       # our frontmatter nests three levels; deeper is a mistake or an attack
MAX_NODES = 100_000  # 10,000-item lists are fine; millions of nodes are not

ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


def _without_timestamps(loader: type) -> type:
    """A loader class like `loader` whose '2023-07-12' stays a string."""
    plain = type(f"Plain{loader.__name__}", (loader,), {})
    plain.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in loader.yaml_implicit_resolvers.copy().items()
    }
    return plain


_PlainLoader = _without_timestamps(_BaseLoader)
# libyaml (the C parser) recurses on the C stack and crashes on extremely deep
# nesting; text that might nest deeply goes to the pure-Python parser, which
# stops with a RecursionError instead.
_SafePythonLoader = _without_timestamps(yaml.SafeLoader)
_QUOTED_RE = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\n]|'')*'")
_BRACKET_RE = re.compile(r"[\[\]{}]")
_BLOCK_NEST_RE = re.compile(r"^[ \t]*(?:[-?:][ \t]+){%d,}" % 8, re.M)


def _might_nest_deeply(text: str) -> bool:
    if _BLOCK_NEST_RE.search(text) or re.search(r"^ {120,}", text, re.M):
        return True
    depth = deepest = 0
    for match in _BRACKET_RE.finditer(_QUOTED_RE.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest > MAX_DEPTH

Path_ = tuple  # a key path such as ("coordinates", "lat") or ("sources", 0)


@dataclass(frozen=True)
class YamlDocument:
    data: object
    key_positions: dict     # path -> (line, col) of the key, 0-based
    value_positions: dict   # path -> (line, col) of the value, 0-based


class YamlProblem(HubError):
    """YAML that cannot be read as plain data, at its position."""


def _problem(path: str, mark, line_offset: int, code: str, message: str, hint: str = "") -> YamlProblem:
    line = (mark.line if mark else 0) + 1 + line_offset
    col = (mark.column if mark else 0) + 1
    return YamlProblem(Diagnostic(path, line, col, ERROR, code, message, hint))


def load_yaml(text: str, path: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document; raise YamlProblem with a positioned diagnostic."""
    loader = (_SafePythonLoader if _might_nest_deeply(text) else _PlainLoader)(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            # For an unclosed quote the problem is found at the end of the text;
            # where the quote opened is what the contributor must fix.
            quoted = "quoted scalar" in (exc.context or "")
            mark = (exc.context_mark if quoted else None) or exc.problem_mark or exc.context_mark
            message = (exc.problem or "invalid YAML").strip()
            if exc.context:
                message = f"{exc.context.strip()}: {message}"
            line_text = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
            raise _problem(path, mark, line_offset, "yaml-syntax", f"YAML syntax error: {message}",
                           _syntax_hint(message, line_text)) from None
        except yaml.YAMLError as exc:
            raise _problem(path, None, line_offset, "yaml-syntax", f"YAML syntax error: {exc}") from None
        except RecursionError:
            raise _problem(path, None, line_offset, "yaml-too-deep", "values are nested too deeply",
                           "flatten the structure") from None
        if node is None:
            return YamlDocument(None, {}, {})
        key_positions: dict = {}
        value_positions: dict = {}
        _inspect(node, (), path, line_offset, key_positions, value_positions, set())
        if len(value_positions) > MAX_NODES:
            raise _problem(path, node.start_mark, line_offset, "yaml-too-large",
                           f"the YAML holds more than {MAX_NODES:,} values", "shorten the lists")
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise _problem(path, getattr(exc, "problem_mark", None), line_offset, "yaml-syntax",
                           f"YAML value not allowed: {exc}") from None
        return YamlDocument(data, key_positions, value_positions)
    finally:
        loader.dispose()


def _syntax_hint(message: str, line_text: str) -> str:
    if "\t" in line_text or "tab" in message:
        return "indent with spaces, never tabs"
    if "quoted scalar" in message:
        return "a quoted value is missing its closing quote"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be put in quotes"
    return "check the quoting and indentation on this line and the one above"


def _inspect(node, key_path, path, offset, key_positions, value_positions, seen) -> None:
    """Walk the composed tree once: refuse aliases, tags and duplicate keys; record positions."""
    if len(key_path) > MAX_DEPTH:
        raise _problem(path, node.start_mark, offset, "yaml-too-deep",
                       f"values are nested more than {MAX_DEPTH} levels deep", "flatten the structure")
    if id(node) in seen:
        raise _problem(path, node.start_mark, offset, "yaml-alias",
                       "YAML anchors and aliases (&name, *name) are not allowed",
                       "write the value out in full")
    seen.add(id(node))
    if node.tag not in ALLOWED_TAGS:
        raise _problem(path, node.start_mark, offset, "yaml-tag",
                       f"YAML tag {node.tag!r} is not allowed",
                       "remove the '!' tag; only plain text, numbers, lists and mappings are accepted")
    value_positions[key_path] = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.MappingNode):
        keys_seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _problem(path, key_node.start_mark, offset, "yaml-alias",
                               "YAML merge keys (<<) are not allowed", "write the fields out in full")
            if key_node.tag not in ALLOWED_TAGS or not isinstance(key_node, yaml.ScalarNode):
                raise _problem(path, key_node.start_mark, offset, "yaml-syntax",
                               "a mapping key must be plain text")
            key = key_node.value
            if key in keys_seen:
                first = keys_seen[key]
                raise _problem(path, key_node.start_mark, offset, "yaml-duplicate-key",
                               f"duplicate key '{key}' (first set on line {first.line + 1 + offset})",
                               "keep one of the two")
            keys_seen[key] = key_node.start_mark
            child = key_path + (key,)
            key_positions[child] = (key_node.start_mark.line, key_node.start_mark.column)
            _inspect(value_node, child, path, offset, key_positions, value_positions, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _inspect(item, key_path + (index,), path, offset, key_positions, value_positions, seen)
