"""GitHub-flavoured Markdown (cmark-gfm) configured once for the hub, with sanitised output.

Contributors preview their Markdown on GitHub, so the site renders it with the
same C library. Two concerns are added on top, each in one place: headings get
ids (Python-Markdown's `toc` slugs, so existing anchors keep working) and `#`
headings are demoted so that the page title stays the only h1; relative `.md`
links become site URLs while the sanitiser reads each href. Sanitising is last.
"""

from __future__ import annotations

import html as html_lib
import importlib.metadata
import posixpath
import re
import unicodedata
import urllib.parse
from typing import Callable

import cffi
import nh3
from cmarkgfm import cmark

OPTIONS = cmark.Options.CMARK_OPT_UNSAFE    # raw HTML passes cmark; nh3 cleans it
EXTENSIONS = ("table", "strikethrough", "autolink")

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

# A heading as cmark writes it: no attributes, and no other heading tag inside, so a
# contributor's unclosed raw <h2> costs a scan to the next heading tag, not to the end.
_HEADING_RE = re.compile(r"<h([1-6])>((?:[^<]|<(?!/?h[1-6][\s>]))*)</h\1>")
_TAG_OR_COMMENT_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_ID_COUNT_RE = re.compile(r"^(.*)_([0-9]+)$")

# Resolves a link target, already joined to the file's folder ('content/cities/makassar.md'), or a
# path on the site ('/km/meetings/2023-bali/'), to a site URL, or None when it is not an entry.
LinkResolver = Callable[[str], "str | None"]


def markdown_config_key() -> str:
    """Everything that changes Markdown output; part of a page's cache key."""
    return repr((importlib.metadata.version("cmarkgfm"), cmark.CMARK_VERSION, OPTIONS, EXTENSIONS,
                 sorted(ALLOWED_TAGS), sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items()),
                 sorted(URL_SCHEMES)))


class MarkdownRenderer:
    """One configured converter and sanitiser; `render` is called once per body, never concurrently."""

    def __init__(self):
        self._source_dir = ""
        self._resolve: LinkResolver = lambda path: None
        self._cleaner = _cleaner(self._rewrite_and_filter)

    def render(self, text: str, source_path: str, resolve: LinkResolver) -> str:
        self._source_dir = posixpath.dirname(source_path)
        self._resolve = resolve
        return self._cleaner.clean(_headings_with_ids(_cmark_html(text)))

    def _rewrite_and_filter(self, tag: str, attribute: str, value: str) -> str | None:
        """Relative links to `.md` files, and paths on the site, go through the resolver; then every URL
        is judged as a browser reads it."""
        if tag == "a" and attribute == "href":
            path, _, anchor = value.partition("#")
            url = None
            if path.endswith(".md") and ":" not in path and not path.startswith("/"):
                url = self._resolve(posixpath.normpath(posixpath.join(self._source_dir, urllib.parse.unquote(path))))
            elif path.startswith("/") and not path.startswith("//"):
                url = self._resolve(path)
            if url is not None:
                value = url + (f"#{anchor}" if anchor else "")
        return _url_filter(tag, attribute, value)


def sanitise(html: str) -> str:
    """Keep only the tags, attributes and URL schemes our pages allow."""
    return _SANITISER.clean(html)


def _cleaner(attribute_filter) -> nh3.Cleaner:
    return nh3.Cleaner(tags=ALLOWED_TAGS, clean_content_tags={"script", "style"}, attributes=ALLOWED_ATTRIBUTES,
                       url_schemes=URL_SCHEMES, link_rel="noopener noreferrer", attribute_filter=attribute_filter)


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


_SANITISER = _cleaner(_url_filter)


# --- cmark-gfm -----------------------------------------------------------------------------------
# cmarkgfm's own wrappers never free the syntax tree or the HTML string (about 20 bytes
# per byte of Markdown), so the hub parses and renders through its C functions and frees both.

_ffi = cffi.FFI()
_ffi.cdef("""
    typedef struct { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t); void (*free)(void *); } cmark_mem;
    cmark_mem *cmark_get_default_mem_allocator(void);
    void cmark_node_free(void *node);
""")
_c = _ffi.dlopen(cmark._cmark.__file__)
_lib = cmark._cmark.lib


cmark.core_extensions_ensure_registered()
_SYNTAX_EXTENSIONS = [cmark.find_syntax_extension(name) for name in EXTENSIONS]


def _cmark_html(text: str) -> str:
    parser = cmark.parser_new(OPTIONS)
    try:
        for extension in _SYNTAX_EXTENSIONS:
            cmark.parser_attach_syntax_extension(parser, extension)
        cmark.parser_feed(parser, text)
        root = cmark.parser_finish(parser)
        try:
            raw = _lib.cmark_render_html(root, OPTIONS, cmark.parser_get_syntax_extensions(parser))
            try:
                return cmark._cmark.ffi.string(raw).decode("utf-8")
            finally:
                _c.cmark_get_default_mem_allocator().free(_ffi.cast("void *", _address(raw)))
        finally:
            _c.cmark_node_free(_ffi.cast("void *", _address(root)))
    finally:
        cmark.parser_free(parser)


def _address(pointer) -> int:
    return int(cmark._cmark.ffi.cast("uintptr_t", pointer))


# --- heading ids ---------------------------------------------------------------------------------

def _headings_with_ids(html: str) -> str:
    """Give every heading an id as Python-Markdown's `toc` did, and demote h1 to h2."""
    used: set[str] = set()
    runs: dict[str, int] = {}

    def with_id(match: re.Match) -> str:
        level = max(int(match.group(1)), 2)
        text = " ".join(_TAG_OR_COMMENT_RE.sub("", match.group(2)).split())
        heading_id = _unique(_slugify(html_lib.unescape(text)), used, runs)
        return f'<h{level} id="{heading_id}">{match.group(2)}</h{level}>'

    return _HEADING_RE.sub(with_id, html)


def _slugify(text: str) -> str:
    """Python-Markdown's `toc` slugify: ASCII only, word characters, lowercase, runs of space or '-' become '-'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _unique(slug: str, used: set[str], runs: dict[str, int]) -> str:
    """`slug`, or `slug_1`, `slug_2`… as Python-Markdown's `toc` numbers repeats.

    `runs[base]` is n when base_1 … base_n are all known to be taken, so a thousand
    equal headings cost a thousand look-ups, not half a million.
    """
    if slug in used or not slug:
        match = _ID_COUNT_RE.match(slug)
        base, count = (match.group(1), int(match.group(2))) if match else (slug, 0)
        known = runs.get(base, 0)
        in_run = count <= known or slug == f"{base}_{known + 1}"
        count = max(count, known) if in_run else count
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        slug = f"{base}_{count}"
        if in_run:
            runs[base] = count
    used.add(slug)
    return slug
