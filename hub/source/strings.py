"""UI strings: one YAML file per language in site_src/i18n/, checked to have the same keys."""

from __future__ import annotations

from hub.core.diagnostics import ERROR, Diagnostic
from hub.core.reads import record
from hub.source.config import SiteConfig
from hub.source.yamlsafe import YamlProblem, load_yaml


def load_strings(config: SiteConfig) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    strings: dict[str, dict[str, str]] = {}
    diagnostics: list[Diagnostic] = []
    positions: dict[str, dict] = {}
    for lang in config.languages:
        rel = f"site_src/i18n/{lang}.yaml"
        record(("file", rel))
        try:
            document = load_yaml((config.root / rel).read_text(encoding="utf-8"), rel)
        except OSError:
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "ui-strings", f"UI strings for '{lang}' are missing",
                                          f"copy site_src/i18n/{config.default_language}.yaml and translate it"))
            continue
        except YamlProblem as problem:
            diagnostics.append(problem.diagnostic)
            continue
        if not isinstance(document.data, dict):
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "ui-strings", "UI strings must be 'key: text' lines"))
            continue
        strings[lang] = {str(k): str(v) for k, v in document.data.items()}
        positions[lang] = document.key_positions
    reference = strings.get(config.default_language, {})
    for lang, table in strings.items():
        rel = f"site_src/i18n/{lang}.yaml"
        for key in sorted(set(reference) - set(table)):
            diagnostics.append(Diagnostic(rel, 1, 1, ERROR, "ui-strings", f"UI string '{key}' is missing",
                                          f"translate the '{key}' line of {config.default_language}.yaml"))
        for key in sorted(set(table) - set(reference)):
            line, col = positions[lang].get((key,), (0, 0))
            diagnostics.append(Diagnostic(rel, line + 1, col + 1, ERROR, "ui-strings",
                                          f"UI string '{key}' is not used by the default language"))
    return strings, diagnostics


