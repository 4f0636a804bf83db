"""Markdown (GitHub-flavoured): links between entries become site URLs, headings get ids and stay below the title,
output is sanitised."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from hub.render.markdown import MarkdownRenderer


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


def test_raw_html_h1_is_demoted_too(md):
    assert md.render("<h1>Raw</h1>", "content/cities/c.md", resolve).startswith('<h2 id="raw">Raw</h2>')


def test_heading_ids_are_python_markdown_toc_slugs(md):
    html = md.render("## Café & *Bar* `x`\n\n### Kota—kota  lama\n\n## 2023: ASCN!", "content/cities/c.md", resolve)
    assert '<h2 id="cafe-bar-x">' in html
    assert '<h3 id="kotakota-lama">' in html
    assert '<h2 id="2023-ascn">' in html


def test_repeated_headings_get_numbered_ids(md):
    html = md.render("## Plan\n\n## Plan\n\n## Plan_1\n\n## Plan\n\n## !!", "content/cities/c.md", resolve)
    assert re.findall(r'id="([^"]*)"', html) == ["plan", "plan_1", "plan_2", "plan_3", "_1"]


def test_heading_ids_start_again_for_each_body(md):
    md.render("## Plan", "content/cities/a.md", resolve)
    assert 'id="plan"' in md.render("## Plan", "content/cities/b.md", resolve)


def test_relative_md_link_in_raw_html_becomes_site_url(md):
    html = md.render('<a href="../cities/makassar.md">M</a>', "content/projects/p.md", resolve)
    assert 'href="/id/cities/makassar/"' in html


def test_strikethrough_and_web_addresses_are_github_flavoured(md):
    html = md.render("~~old~~ see www.example.org", "content/cities/c.md", resolve)
    assert "<del>old</del>" in html and 'href="http://www.example.org"' in html


def test_list_indented_two_spaces_nests_as_on_github(md):
    """Python-Markdown needed four spaces and flattened this list; CommonMark nests it."""
    html = md.render("- city\n  - district\n", "content/cities/c.md", resolve)
    assert re.sub(r"\s", "", html) == "<ul><li>city<ul><li>district</li></ul></li></ul>"


def test_raw_html_block_keeps_its_allowed_tags_only(md):
    html = md.render('<div class="x"><p onclick="f()">Hi <b>there</b></p></div>', "content/cities/c.md", resolve)
    assert html.strip() == "<p>Hi there</p>"


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


def test_markdown_config_key_names_the_engine_and_its_options():
    from hub.render.markdown import markdown_config_key
    assert "2025.10.22" in markdown_config_key() and "strikethrough" in markdown_config_key()


def test_tables_survive_sanitising(md):
    html = md.render("| a | b |\n|---|---|\n| 1 | 2 |", "content/cities/c.md", resolve)
    assert "<table>" in html and "<td>1</td>" in html


@pytest.mark.parametrize("href", [" java\tscript:alert(1)", "java\nscript:alert(1)", "\x01javascript:alert(1)",
                                  "JaVaScRiPt:alert(1)"])
def test_sanitise_drops_urls_that_browsers_would_run(href):
    from hub.render.markdown import sanitise
    html = sanitise(f'<a href="{href}">x</a>')
    assert browser_urls(html) == [], html
