"""Where each entry, term and page lives: URLs and output paths derived in one place."""

from __future__ import annotations

from hub.source.config import SiteConfig
from hub.source.schemas import PAGES

HOME_PAGE = "index"  # site_src/pages/index.md holds the home page's text


def entry_url(config: SiteConfig, collection: str, slug: str, lang: str) -> str:
    prefix = config.lang_prefix(lang)
    if collection == PAGES:
        return f"{prefix}/" if slug == HOME_PAGE else f"{prefix}/{slug}/"
    return f"{prefix}/{collection}/{slug}/"


def list_url(config: SiteConfig, collection: str, lang: str) -> str:
    return f"{config.lang_prefix(lang)}/{collection}/"


def term_url(config: SiteConfig, vocabulary: str, key: str, lang: str) -> str:
    return f"{config.lang_prefix(lang)}/{config.vocabularies[vocabulary].path}/{key.lower()}/"


def home_url(config: SiteConfig, lang: str) -> str:
    return f"{config.lang_prefix(lang)}/"


def output_path(url: str) -> str:
    """'/cities/makassar/' -> 'cities/makassar/index.html'; '/404.html' -> '404.html'."""
    path = url.lstrip("/")
    return path if path.endswith((".html", ".xml", ".txt", ".json")) else path + "index.html"


def source_key(config: SiteConfig, source: str) -> tuple[str, str] | None:
    """A Markdown file path (relative to the checkout) -> the (collection, slug) of its entry, or None."""
    parts = source.split("/")
    name = parts[-1]
    if not name.endswith(".md"):
        return None
    slug = name[:-3].split(".", 1)[0]
    if len(parts) == 3 and parts[0] == "content" and parts[1] in config.collections:
        return parts[1], slug
    if len(parts) == 3 and parts[:2] == ["site_src", "pages"]:
        return PAGES, slug
    return None


def source_to_url(config: SiteConfig, source: str, lang: str) -> str | None:
    """A Markdown file path (relative to the checkout) -> the URL of its page in `lang`, or None."""
    key = source_key(config, source)
    return None if key is None else entry_url(config, *key, lang)


def url_key(config: SiteConfig, url: str) -> tuple[str, str] | None:
    """A path on the site ('/km/meetings/2023-bali/', in any language) -> the (collection, slug) of the
    collection entry it is the page of, or None."""
    parts = url.strip("/").split("/")
    if len(parts) == 3 and parts[0] in config.languages and parts[0] != config.default_language:
        parts = parts[1:]
    if len(parts) == 2 and parts[0] in config.collections and parts[0] != PAGES and url.endswith("/"):
        return parts[0], parts[1]
    return None
