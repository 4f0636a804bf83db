"""The Jinja environment the site is rendered in, and `check`'s compilation of every template.

hub/render/renderer.py renders with `environment()` (adding what it records); `check` compiles every
template under templates/ with the same settings, and looks for every template the site asks
for (site.yaml's, the engine's fixed ones, each extends/include/import written with a literal
name), so that a template that would stop the build is reported first, at its file and line.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import nodes

from hub.core.diagnostics import ERROR, Diagnostic
from hub.model.field_reference import field_rows
from hub.source.config import SiteConfig
from hub.source.yamlsafe import YamlProblem, load_yaml

OPTIONS = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    # One environment serves one build (`serve` makes a new one for each): no stat of a template's file
    # each time a page includes or imports it.
    "auto_reload": False,
}

# Templates the engine itself renders or loads, whatever site.yaml says (hub/model/pages.py, hub/render/renderer.py).
ENGINE_TEMPLATES = ("home.html", "page.html", "search.html", "404.html", "partials/macros.html")

_REFERENCES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def environment(templates: Path, cls: type = jinja2.Environment) -> jinja2.Environment:
    env = cls(loader=jinja2.FileSystemLoader(str(templates)), **OPTIONS)
    env.filters["field_rows"] = field_rows   # a schema's field reference (partials/field_reference.html)
    return env


def template_problems(config: SiteConfig) -> list[Diagnostic]:
    """Every template that does not compile, and every template asked for that does not exist."""
    env = environment(config.root / "templates")
    names = {name for name in env.list_templates() if not any(p.startswith(".") for p in name.split("/"))}
    diagnostics: list[Diagnostic] = []
    for name in sorted(names):
        diagnostics += _compile(env, config.root, name, names)
    for name, (path, line, col) in _asked_for(config).items():
        if name not in names:
            diagnostics.append(Diagnostic(path, line, col, ERROR, "template-missing",
                                          f"template '{name}' does not exist in templates/",
                                          "create it, or name an existing template"))
    return diagnostics


def _compile(env: jinja2.Environment, root: Path, name: str, names: set[str]) -> list[Diagnostic]:
    rel = f"templates/{name}"
    try:
        source = (root / rel).read_text(encoding="utf-8")
        tree = env.parse(source, name, rel)
        env.compile(tree, name, rel, raw=True)   # Jinja's checks; Python's compile of its output adds none
    except UnicodeDecodeError as error:
        return [Diagnostic(rel, 1, 1, ERROR, "template", f"the template is not UTF-8 text: {error.reason}")]
    except jinja2.TemplateSyntaxError as error:
        return [Diagnostic(rel, error.lineno or 1, 1, ERROR, "template", f"template syntax error: {error.message}")]
    missing = []
    for node in tree.find_all(_REFERENCES):
        target = node.template
        if getattr(node, "ignore_missing", False) or not isinstance(target, nodes.Const):
            continue
        if isinstance(target.value, str) and target.value not in names:
            missing.append(Diagnostic(rel, node.lineno, 1, ERROR, "template-missing",
                                      f"template '{target.value}' does not exist in templates/"))
    return missing


def _asked_for(config: SiteConfig) -> dict[str, tuple[str, int, int]]:
    """Template name -> the place that asks for it: its line in site.yaml, or the engine's own."""
    asked = {name: (f"templates/{name}", 1, 1) for name in ENGINE_TEMPLATES}
    positions = _site_yaml_positions(config.root)
    settings = [("collections", spec.name, "template", spec.template) for spec in config.collections.values()]
    settings += [("collections", spec.name, "list_template", spec.list_template)
                 for spec in config.collections.values() if spec.list_template]
    settings += [("collections", spec.name, "card" if spec.card else "template", spec.card_template)
                 for spec in config.collections.values()]
    settings += [("vocabularies", spec.name, "template", spec.template) for spec in config.vocabularies.values()]
    for group, name, key, template in settings:
        line, col = positions.get((group, name, key), (0, 0))
        asked[template] = ("site.yaml", line + 1, col + 1)
    return asked


def _site_yaml_positions(root: Path) -> dict:
    try:
        return load_yaml((root / "site.yaml").read_text(encoding="utf-8"), "site.yaml").value_positions
    except (OSError, UnicodeDecodeError, YamlProblem):   # load_config has already read it
        return {}
