"""site.yaml -> a typed, read-only SiteConfig."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from hub import cldr
from hub.diagnostics import ERROR, Diagnostic, HubError
from hub.yamlsafe import YamlProblem, load_yaml

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class CollectionConfig:
    name: str
    template: str
    list_template: str
    sort: str = "title"   # field to order listings by; '-field' for descending


@dataclass(frozen=True)
class VocabularyConfig:
    name: str
    key: str
    path: str
    template: str
    cldr: str = ""        # "territories": a term's name in a language without one of its own comes from CLDR


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
    """The build cache's folder (hub/cache.py, hub/memo.py): .cache/hub, or where HUB_CACHE_DIR says."""
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
    required = ["title", "base_url", "default_language", "languages", "collections"]
    missing = [key for key in required if not isinstance(raw, dict) or key not in raw]
    if missing:
        raise ConfigError([Diagnostic("site.yaml", 1, 1, ERROR, "config",
                                      f"site.yaml lacks {', '.join(missing)}")])
    collections = {
        name: CollectionConfig(name, spec["template"], spec["list_template"], spec.get("sort", "title"))
        for name, spec in raw["collections"].items()
    }
    vocabularies = {
        name: VocabularyConfig(name, spec["key"], spec["path"], spec["template"], str(spec.get("cldr") or ""))
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
        raise ConfigError([Diagnostic("site.yaml", 1, 1, ERROR, "config",
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
