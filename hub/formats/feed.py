"""Atom feeds (RFC 4287): /feed.xml, and /<lang>/feed.xml for each other language.

A feed lists every entry that has one of its collection's `feed_dates` (site.yaml; `updated` unless
it says otherwise: the meetings are listed by when they took place), newest first (at most
FEED_LIMIT). An entry's date is the first of those fields it has. The feed's own <updated> is the newest of those dates, so the same content
gives a byte-identical feed: no build time goes into it. <rights> states the licence of the text (CC BY 4.0).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from hub.formats.opendata import LICENSE_URL
from hub.model.pages import reader_lang
from hub.model.site import Site
from hub.model.urls import entry_url, home_url

FEED_LIMIT = 50
RIGHTS = f"CC BY 4.0 ({LICENSE_URL})"          # the text's licence (LICENSES/CC-BY-4.0.md), in <rights>


def feed_path(site: Site, lang: str) -> str:
    return f"{site.config.lang_prefix(lang)}/feed.xml".lstrip("/")


def feed_entries(site: Site) -> list[tuple[str, object]]:
    """(date, entry) for every entry the feeds list, newest first; ties in a stable order."""
    dated = []
    for collection, spec in site.config.collections.items():
        for entry in site.listing(collection):
            date = next((entry.meta[name] for name in spec.feed_dates if entry.meta.get(name)), None)
            if date is not None:
                dated.append((str(date), entry))
    dated.sort(key=lambda pair: (pair[0], pair[1].collection, pair[1].slug), reverse=True)
    return dated[:FEED_LIMIT]


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def atom_feed(site: Site, lang: str, title: str, subtitle: str) -> bytes:
    config = site.config
    base = config.base_url.rstrip("/")
    entries = feed_entries(site)
    updated = entries[0][0] if entries else "2018-04-28"   # the day ASCN was set up, for an empty feed
    self_url = f"{base}/{feed_path(site, lang)}"
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
             f"  <title>{escape(title)}</title>",
             f"  <subtitle>{escape(subtitle)}</subtitle>",
             f"  <id>{escape(self_url)}</id>",
             f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
             f'  <link rel="alternate" type="text/html" href={quoteattr(base + home_url(config, lang))}/>',
             f"  <updated>{_timestamp(updated)}</updated>",
             f"  <rights>{escape(RIGHTS)}</rights>",
             f"  <author><name>{escape(config.title)}</name><uri>{escape(config.base_url)}</uri></author>"]
    for date, entry in entries:
        local = site.translation(entry, lang) or entry
        url = base + entry_url(config, entry.collection, entry.slug, reader_lang(site, entry, lang))
        entry_lang = f" xml:lang={quoteattr(local.lang)}" if local.lang != lang else ""
        lines += [f"  <entry{entry_lang}>",
                  f"    <title>{escape(local.meta.get('title') or entry.meta['title'])}</title>",
                  f"    <id>{escape(base + entry_url(config, entry.collection, entry.slug, config.default_language))}</id>",
                  f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
                  f"    <updated>{_timestamp(date)}</updated>",
                  f"    <category term={quoteattr(entry.collection)}/>",
                  f"    <summary>{escape(local.meta.get('summary') or entry.meta['summary'])}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feeds(site: Site, strings: dict) -> dict[str, bytes]:
    """{output path: bytes} of the feed of every language."""
    return {feed_path(site, lang): atom_feed(site, lang, strings[lang]["feed_title"], strings[lang]["feed_subtitle"])
            for lang in site.config.languages}
