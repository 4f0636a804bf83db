"""site.yaml -> a typed, read-only SiteConfig.

site.yaml is checked against its own JSON Schema (hub/source/site_schema.yaml) first: a problem is
reported at its line in site.yaml, like a problem in content.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml
from jsonschema import Draft202012Validator

from hub.core import cldr
from hub.core.diagnostics import ERROR, Diagnostic, HubError
from hub.source.yamlsafe import YamlDocument, YamlProblem, load_yaml

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class CollectionConfig:
    """One collection of site.yaml; what each setting means is in hub/source/site_schema.yaml."""

    name: str
    template: str
    list_template: str = ""        # empty: the collection has no list page
    sort: str = "title"            # field to order listings by; '-field' for descending
    card: str = ""                 # the card's template; card-<name>.html when not given
    nav: bool = True               # the main navigation links to the list page (when there is one)
    feed_dates: tuple = ("updated",)   # date fields that put an entry in the feeds, the first present dating it
    schema_org: str = "CreativeWork"
    breadcrumb_parent: str = ""    # a field naming a term shown between the listing and the entry
    map: bool = False              # the map shows these entries (with coordinates and country)

    @property
    def card_template(self) -> str:
        return self.card or f"card-{self.name}.html"

    @property
    def in_nav(self) -> bool:
        return self.nav and bool(self.list_template)


@dataclass(frozen=True)
class VocabularyConfig:
    name: str
    key: str
    path: str
    template: str
    cldr: str = ""        # "territories": a term's name in a language without one of its own comes from CLDR
    parent: str = ""      # the collection whose listing a term's page sits under in the breadcrumb


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    title: str
    description: str
    base_url: str
    default_language: str
    languages: Mapping[str, str]
    collections: Mapping[str, CollectionConfig]
    vocabularies: Mapping[str, VocabularyConfig]
    repo_url: str = ""          # where 'edit this page' links point; empty for none
    reference_date: str = ""    # YYYY-MM-DD statuses are judged against (site.yaml); empty: none judged stale
    include_drafts: bool = False
    use_cache: bool = True      # reuse unchanged pages from .cache/hub (build --no-cache: render all)
    jobs: int | None = None     # worker processes for rendering; None: every core (HUB_JOBS)
    out_dir: Path = field(default=Path("public"))

    @property
    def extra_languages(self) -> list[str]:
        return [lang for lang in self.languages if lang != self.default_language]

    def lang_prefix(self, lang: str) -> str:
        """'' for the default language, '/id' for Indonesian: the URL prefix of a language."""
        return "" if lang == self.default_language else f"/{lang}"


def cache_dir(root: Path) -> Path:
    """The build cache's folder (hub/incremental/cache.py, hub/incremental/memo.py): .cache/hub, or where HUB_CACHE_DIR says."""
    return Path(os.environ.get("HUB_CACHE_DIR") or root / ".cache" / "hub")


class ConfigError(HubError):
    """site.yaml is unusable; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(*diagnostics)


def load_config(root: Path, *, base_url: str | None = None, include_drafts: bool = False,
                out_dir: Path | None = None, use_cache: bool = True, jobs: int | None = None) -> SiteConfig:
    path = root / "site.yaml"
    try:
        document = load_yaml(path.read_text(encoding="utf-8"), "site.yaml")
        raw = document.data
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Diagnostic("site.yaml", 1, 1, ERROR, "config", f"cannot read site.yaml: {exc}")]) from exc
    except YamlProblem as exc:
        raise ConfigError([exc.diagnostic]) from exc
    problems = schema_problems(document) or reference_problems(document)
    if problems:
        raise ConfigError(problems)
    collections = {name: _collection(name, spec) for name, spec in raw["collections"].items()}
    vocabularies = {
        name: VocabularyConfig(name, spec["key"], spec["path"], spec["template"], str(spec.get("cldr") or ""),
                               spec.get("parent", ""))
        for name, spec in (raw.get("vocabularies") or {}).items()
    }
    unknown = [Diagnostic("site.yaml", line + 1, col + 1, ERROR, "config",
                          f"language '{code}' is not a language CLDR knows, so its dates and numbers cannot be written",
                          "use its ISO 639 code, as in 'ms', 'th' or 'fil'")
               for code in raw["languages"] or {} if not cldr.is_locale(str(code))
               for line, col in [document.key_positions.get(("languages", code), (0, 0))]]
    if unknown:
        raise ConfigError(unknown)
    url = (base_url or raw["base_url"]).rstrip("/") + "/"
    reference_date = str(raw.get("reference_date") or "")
    if reference_date and not _ISO_DATE.fullmatch(reference_date):
        line, col = document.key_positions.get(("reference_date",), (0, 0))
        raise ConfigError([Diagnostic("site.yaml", line + 1, col + 1, ERROR, "config",
                                      f"reference_date '{reference_date}' is not a date (YYYY-MM-DD)")])
    return SiteConfig(
        root=root,
        title=raw["title"],
        description=raw.get("description", ""),
        base_url=url,
        default_language=raw["default_language"],
        languages=MappingProxyType(dict(raw["languages"])),
        collections=MappingProxyType(collections),
        vocabularies=MappingProxyType(vocabularies),
        repo_url=str(raw.get("repo_url") or "").rstrip("/"),
        reference_date=reference_date,
        include_drafts=include_drafts,
        use_cache=use_cache,
        jobs=jobs,
        out_dir=out_dir or root / "public",
    )


def _collection(name: str, spec: dict) -> CollectionConfig:
    return CollectionConfig(name, spec["template"], spec.get("list_template", ""), spec.get("sort", "title"),
                            spec.get("card", ""), spec.get("nav", True),
                            tuple(spec.get("feed_dates", ("updated",))), spec.get("schema_org", "CreativeWork"),
                            spec.get("breadcrumb_parent", ""), spec.get("map", False))


def _site_schema() -> Draft202012Validator:
    if not _SITE_SCHEMA:
        schema = yaml.safe_load((Path(__file__).parent / "site_schema.yaml").read_text(encoding="utf-8"))
        _SITE_SCHEMA.append(Draft202012Validator(schema))
    return _SITE_SCHEMA[0]


_SITE_SCHEMA: list = []


def schema_problems(document: YamlDocument) -> list[Diagnostic]:
    """site.yaml against hub/source/site_schema.yaml: each problem at the line of the value (or key) it is about."""
    problems = []
    for error in sorted(_site_schema().iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            extras = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
            for extra in extras:
                line, col = document.key_positions.get(path + (extra,), (0, 0))
                allowed = ", ".join(error.schema.get("properties", {}))
                problems.append(Diagnostic("site.yaml", line + 1, col + 1, ERROR, "config",
                                           f"unknown setting '{'.'.join(map(str, path + (extra,)))}'",
                                           f"allowed here: {allowed}"))
            continue
        where = path
        while where and where not in document.value_positions:
            where = where[:-1]
        line, col = document.value_positions.get(where, (0, 0))
        field = ".".join(map(str, path)) or "site.yaml"
        hint = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
        problems.append(Diagnostic("site.yaml", line + 1, col + 1, ERROR, "config", f"'{field}': {error.message}", hint))
    return problems


def reference_problems(document: YamlDocument) -> list[Diagnostic]:
    """Settings naming something site.yaml must also have: the default language, a term's parent collection."""
    raw = document.data
    problems = []
    if raw["default_language"] not in raw["languages"]:
        line, col = document.value_positions.get(("default_language",), (0, 0))
        problems.append(Diagnostic("site.yaml", line + 1, col + 1, ERROR, "config",
                                   f"default_language '{raw['default_language']}' is not among the languages"))
    for name, spec in (raw.get("vocabularies") or {}).items():
        if spec.get("parent") and spec["parent"] not in raw["collections"]:
            line, col = document.value_positions.get(("vocabularies", name, "parent"), (0, 0))
            problems.append(Diagnostic("site.yaml", line + 1, col + 1, ERROR, "config",
                                       f"vocabularies.{name}.parent: '{spec['parent']}' is not a collection",
                                       f"collections: {', '.join(raw['collections'])}"))
    return problems
