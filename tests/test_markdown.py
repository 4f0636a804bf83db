"""Markdown: links between entries become site URLs, headings stay below the title, output is sanitised."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from hub.markdown import MarkdownRenderer


class _Urls(HTMLParser):
    """Collects href/src values as a browser would read them (tabs and newlines dropped, edges trimmed)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append(re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))))


def browser_urls(html: str) -> list[str]:
    parser = _Urls()
    parser.feed(html)
    return parser.urls


def resolve(path: str) -> str | None:
    return {"content/cities/makassar.md": "/id/cities/makassar/"}.get(path)


@pytest.fixture(scope="module")
def md():
    return MarkdownRenderer()


def test_relative_md_link_becomes_site_url_with_anchor(md):
    html = md.render("See [M](../cities/makassar.md#people).", "content/projects/p.md", resolve)
    assert '<a href="/id/cities/makassar/#people"' in html


def test_external_and_unknown_links_are_kept(md):
    html = md.render("[a](https://example.org/x.md) [b](other.txt)", "content/projects/p.md", resolve)
    assert 'href="https://example.org/x.md"' in html and 'href="other.txt"' in html


def test_h1_in_body_is_demoted(md):
    assert md.render("# Title\n\ntext", "content/cities/c.md", resolve).startswith('<h2 id="title">Title</h2>')


@pytest.mark.parametrize("source, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ("[x](javascript:alert(1))", "javascript:"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "avascript"),
    ('<a href=" java\tscript:alert(1)">x</a>', "javascript:"),
    ('<a href="\x01javascript:alert(1)">x</a>', "javascript:"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("[x](vbscript:msgbox(1))", "vbscript"),
    ('<p style="background:url(x)">s</p>', "style"),
])
def test_sanitiser_removes_script_and_dangerous_urls(md, source, forbidden):
    html = md.render(source, "content/cities/c.md", resolve)
    assert forbidden not in html.lower()
    assert not [url for url in browser_urls(html) if url.lower().startswith(("javascript:", "data:", "vbscript:"))]


def test_tables_survive_sanitising(md):
    html = md.render("| a | b |\n|---|---|\n| 1 | 2 |", "content/cities/c.md", resolve)
    assert "<table>" in html and "<td>1</td>" in html


@pytest.mark.parametrize("href", [" java\tscript:alert(1)", "java\nscript:alert(1)", "\x01javascript:alert(1)",
                                  "JaVaScRiPt:alert(1)"])
def test_sanitise_drops_urls_that_browsers_would_run(href):
    from hub.markdown import sanitise
    html = sanitise(f'<a href="{href}">x</a>')
    assert browser_urls(html) == [], html
