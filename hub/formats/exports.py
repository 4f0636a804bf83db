"""Machine-readable files: sitemap.xml, robots.txt and the published JSON schemas."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from hub.core.reads import record
from hub.model.pages import PagePlan
from hub.model.site import Site


def sitemap(site: Site, plans: list[PagePlan]) -> bytes:
    record(("plans",))
    base = site.config.base_url.rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for plan in sorted((p for p in plans if p.kind != "not_found"), key=lambda p: p.url):
        lines.append(f"  <url><loc>{escape(base + plan.url)}</loc>")
        for lang, url in plan.alternates:
            lines.append(f"    <xhtml:link rel=\"alternate\" hreflang={quoteattr(lang)} href={quoteattr(base + url)}/>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    # /admin/ is the web editor (hub/formats/cms.py): nothing there for a search engine.
    return f"User-agent: *\nAllow: /\nDisallow: /admin/\nSitemap: {site.config.base_url}sitemap.xml\n".encode("utf-8")


def schema_files(site: Site) -> dict[str, bytes]:
    return {
        f"schemas/{name}.json": (json.dumps(site.schemas[name].schema, indent=2, ensure_ascii=False,
                                            sort_keys=True) + "\n").encode("utf-8")
        for name in site.config.collections
    }
