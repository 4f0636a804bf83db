"""Property-based tests: random input never crashes loading or validation, and rendered
Markdown never holds an element, attribute or URL scheme outside the allow-list."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.render.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, MarkdownRenderer
from hub.source.config import load_config
from hub.source.entries import read_entry
from hub.source.schemas import load_schemas
from hub.validate import validate

from conftest import make_site

FIELDS = ["title", "summary", "sources", "country", "coordinates", "joined", "region", "population", "website",
          "focus_areas", "image", "image_alt", "city", "cities", "status", "start_year", "end_year", "edition",
          "year", "start_date", "end_date", "format", "outcomes", "aliases", "draft", "updated", "lat", "x"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
                    st.sampled_from(["ID", "makassar", "ongoing", "2023-07-12", "https://example.org/",
                                     "civic-and-social", "<script>alert(1)</script>", "../../etc/passwd"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(FIELDS), inner, max_size=4), max_leaves=12)
frontmatter = st.dictionaries(st.sampled_from(FIELDS), values, max_size=10)

HTML_BITS = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<iframe src=//e>", "javascript:",
             '<a href="java\tscript:alert(1)">', "&#106;avascript:", "<svg onload=alert(1)>", "[x](", "](",
             "data:text/html,", "<style>", "\n\n", "# ", "- ", "> ", "```", "| a |", "<div>", "</p>", '"', "'"]
bodies = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(HTML_BITS)), max_size=25).map("".join)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=frontmatter, body=bodies, collection=st.sampled_from(["cities", "projects", "meetings"]))
def test_random_frontmatter_and_body_give_only_diagnostics(tmp_path_factory, meta, body, collection):
    root = _root(tmp_path_factory)
    path = root / "content" / collection / "random.md"
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    config = load_config(root)
    entry, problems = read_entry(root, path, collection, config)
    entries = [entry] if entry else []
    validate(entries, {}, load_schemas(config), config)   # must not raise
    for problem in problems:
        assert problem.path == f"content/{collection}/random.md" and problem.line >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300) | st.lists(st.sampled_from(["---", "\n", "a: b", ": ", "- x", "\t", "'", '"',
                                                               "&a", "*a", "!!str", "{", "[", "\ufeff", "\r\n"]),
                                              max_size=40).map("".join))
def test_random_files_never_crash_loading(tmp_path_factory, text):
    root = _root(tmp_path_factory)
    path = root / "content" / "cities" / "random.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    config = load_config(root)
    entry, problems = read_entry(root, path, "cities", config)
    assert entry is not None or problems


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str | None, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, None, None))
        for name, value in attrs:
            self.found.append((tag, name, value))


_renderer = MarkdownRenderer()


@settings(max_examples=300, deadline=None)
@given(body=bodies)
def test_rendered_markdown_stays_inside_the_allow_list(body):
    html = _renderer.render(body, "content/cities/c.md", lambda path: None)
    collector = _Collector()
    collector.feed(html)
    for tag, attribute, value in collector.found:
        assert tag in ALLOWED_TAGS, tag
        if attribute is None:
            continue
        assert attribute in ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()), (tag, attribute)
        if attribute in ("href", "src") and value:
            url = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))
            scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
            assert scheme is None or scheme.group(1).lower() in URL_SCHEMES, value


_ROOTS: dict = {}


def _root(factory):
    if "root" not in _ROOTS:
        _ROOTS["root"] = make_site(factory.mktemp("properties") / "site")
    return _ROOTS["root"]
