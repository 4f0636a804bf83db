"""Python-Markdown configured once for the hub, with sanitised output.

Post-processing is done by small treeprocessors, one per concern:
relative `.md` links become site URLs, and `#` headings are demoted so that
the page title stays the only h1.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}}

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "hr", "br", "del", "sup",
    "sub", "abbr", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRIBUTES = {"href", "src"}
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE_RE = re.compile(r"[\t\n\r]")

# Resolves a link target, already joined to the file's folder ('content/cities/makassar.md'),
# to a site URL, or None when it is not an entry.
LinkResolver = Callable[[str], "str | None"]


def markdown_config_key() -> str:
    """Everything that changes Markdown output; part of a page's cache key."""
    return repr((markdown.__version__, EXTENSIONS, EXTENSION_CONFIGS, sorted(ALLOWED_TAGS),
                 sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items()), sorted(URL_SCHEMES)))


class _LinkRewriter(Treeprocessor):
    def __init__(self, md, context: dict):
        super().__init__(md)
        self.context = context

    def run(self, root):
        source_dir, resolve = self.context["source_dir"], self.context["resolve"]
        for element in root.iter("a"):
            href = element.get("href", "")
            path, _, anchor = href.partition("#")
            if not path.endswith(".md") or ":" in path or path.startswith("/"):
                continue
            url = resolve(posixpath.normpath(posixpath.join(source_dir, path)))
            if url is not None:
                element.set("href", url + (f"#{anchor}" if anchor else ""))


class _HeadingDemoter(Treeprocessor):
    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class HubExtension(Extension):
    def __init__(self, context: dict):
        super().__init__()
        self.context = context

    def extendMarkdown(self, md):
        md.treeprocessors.register(_LinkRewriter(md, self.context), "hub-links", 5)
        md.treeprocessors.register(_HeadingDemoter(md), "hub-headings", 4)


class MarkdownRenderer:
    """One configured converter; `render` is called once per body."""

    def __init__(self):
        self._context: dict = {"source_dir": "", "resolve": lambda path: None}
        self._md = markdown.Markdown(extensions=[*EXTENSIONS, HubExtension(self._context)],
                                     extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(self, text: str, source_path: str, resolve: LinkResolver) -> str:
        self._context["source_dir"] = posixpath.dirname(source_path)
        self._context["resolve"] = resolve
        html = self._md.reset().convert(text)
        return sanitise(html)


def sanitise(html: str) -> str:
    """Keep only the tags, attributes and URL schemes our pages allow."""
    return nh3.clean(html, tags=ALLOWED_TAGS, clean_content_tags={"script", "style"},
                     attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer",
                     attribute_filter=_url_filter)


def _url_filter(tag: str, attribute: str, value: str) -> str | None:
    """Read URLs the way browsers do (tabs and newlines dropped, edges trimmed) before judging the scheme.

    ammonia treats ' java<TAB>script:' as a relative URL; a browser runs it.
    """
    if attribute not in _URL_ATTRIBUTES:
        return value
    url = _URL_NOISE_RE.sub("", value).strip("".join(map(chr, range(0x21))))
    scheme = _SCHEME_RE.match(url)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return None
    return url
