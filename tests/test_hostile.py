"""Hostile and broken input: every class gives a diagnostic naming file and line, or a safe page.

Never a traceback, a hang, a crash, or script in the output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO
from helpers import CITY, run_build, run_check, slow_but, write

PROJECT = """---
title: Test project
summary: A project used by the tests.
sources:
  - https://example.org/source
city: makassar
focus_areas: [civic-and-social]
focus_areas_basis: editorial
---

Body.
"""


def codes(root) -> set[str]:
    return {d.code for d in run_check(root)}


def cli(root, *args) -> subprocess.CompletedProcess:
    """The real command line, in a fresh interpreter, as a contributor runs it."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=root, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


def run_cli_on(root, *args) -> subprocess.CompletedProcess:
    code = f"import sys; sys.path.insert(0, {str(REPO)!r}); from hub.cli import main; sys.exit(main({list(args)!r}, root=__import__('pathlib').Path({str(root)!r})))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


# --- YAML syntax --------------------------------------------------------------------------------

YAML_MISTAKES = [
    ('---\ntitle: "open\nsummary: x\n---\n', "yaml-syntax", 2),
    ("---\ntitle: T\n\tsummary: x\n---\n", "yaml-syntax", 3),
    ("---\ntitle: T\ntitle: U\n---\n", "yaml-duplicate-key", 3),
    ("---\njust a string\n---\n", "frontmatter-not-mapping", 2),
    ("---\n---\nbody\n", "frontmatter-not-mapping", 2),
]


@pytest.mark.parametrize("text, code, line", slow_but(YAML_MISTAKES, YAML_MISTAKES[0]))
def test_yaml_syntax_errors_name_file_and_line(site_root, text, code, line):
    write(site_root, "content/cities/bad.md", text)
    found = [d for d in run_check(site_root) if d.path == "content/cities/bad.md"]
    assert (found[0].code, found[0].line) == (code, line)
    result = run_cli_on(site_root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_dashes_inside_the_body_are_just_text(built_root):
    write(built_root, "content/cities/dashes.md", CITY.replace("Body text.", "Before\n\n---\n\nafter: not yaml\n---\n"))
    assert run_build(built_root).written
    page = (built_root / "public/cities/dashes/index.html").read_text()
    assert "<hr>" in page and "after: not yaml" in page


# --- encodings ----------------------------------------------------------------------------------

def test_non_utf8_is_an_error_at_the_bad_byte(site_root):
    write(site_root, "content/cities/bad.md", CITY.encode().replace(b"Body text.", b"Caf\xe9 text."))
    [diagnostic] = run_check(site_root)
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("encoding", 13, 4)


@pytest.mark.slow
def test_bom_and_crlf_are_accepted(built_root):
    write(built_root, "content/cities/crlf.md", ("\ufeff" + CITY).replace("\n", "\r\n").encode())
    assert run_check(built_root) == []
    assert run_build(built_root).written


# --- types and nulls in every field --------------------------------------------------------------

def _fields():
    sys.path.insert(0, str(REPO))
    from hub.source.config import load_config
    from hub.source.schemas import load_schemas
    schemas = load_schemas(load_config(REPO))
    return [(name, field) for name in ("cities", "projects", "meetings") for field in schemas[name].fields()]


TEMPLATES = {"cities": CITY, "projects": PROJECT, "meetings": """---
title: Test meeting
summary: A meeting used by the tests.
sources: [https://example.org/]
edition: 99
year: 2030
start_date: '2030-01-01'
location: Somewhere
country: ID
format: virtual
---

Body.
"""}


def _with_field(text: str, field: str, value: str) -> str:
    lines = [line for line in text.split("\n") if not line.startswith(f"{field}:")]
    if field == "coordinates":
        lines = [line for line in lines if not line.startswith(("  lat:", "  lon:"))]
    if field == "sources":
        lines = [line for line in lines if not line.startswith("  - ")]
    lines.insert(1, f"{field}: {value}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def shared_root(tmp_path_factory):
    from conftest import make_site
    return make_site(tmp_path_factory.mktemp("types") / "site")


def _odd_values() -> list:
    """Every (value, collection, field); the quick loop takes each value once, in fields spread over the collections."""
    values, fields = ["null", "[]", "{}", "12", "'text'", "[[1, 2], {a: b}]", "true"], _fields()
    sample = [(value, *fields[i * len(fields) // len(values)]) for i, value in enumerate(values)]
    return slow_but([(value, *field) for value in values for field in fields], *sample[::3])


@pytest.mark.parametrize("value, collection, field", _odd_values())
def test_any_value_in_any_field_gives_diagnostics_never_a_crash(shared_root, collection, field, value):
    path = write(shared_root, f"content/{collection}/odd.md", _with_field(TEMPLATES[collection], field, value))
    try:
        diagnostics = run_check(shared_root)           # must not raise
        for diagnostic in diagnostics:
            assert diagnostic.path == f"content/{collection}/odd.md" and diagnostic.line >= 1
        if not diagnostics:                             # accepted: then it must render into a page
            from hub.build import BuildReport, check
            from hub.model.pages import plan_pages
            from hub.render.renderer import Renderer
            from hub.source.config import load_config
            checked = check(load_config(shared_root), BuildReport())
            renderer = Renderer(checked.site, checked.strings, _assets(shared_root))
            for plan in plan_pages(checked.site):
                if plan.key == (collection, "odd"):
                    assert "<h1" in renderer.render_recorded(plan)[0]
    finally:
        path.unlink()


def _assets(root):
    from hub.write import hashed_assets
    return hashed_assets(root / "site_src" / "assets")[0]


# --- sizes --------------------------------------------------------------------------------------

@pytest.mark.slow
def test_five_megabyte_body_builds(built_root):
    body = "A paragraph about the city and its plans, with *emphasis* and a [link](https://example.org/).\n\n"
    write(built_root, "content/cities/huge.md", CITY.replace("Body text.", body * (5_000_000 // len(body))))
    report = run_build(built_root)
    assert report.written, report.diagnostics
    assert (built_root / "public/cities/huge/index.html").stat().st_size > 5_000_000


@pytest.mark.slow
def test_ten_thousand_item_list_is_handled(site_root):
    sources = "".join(f"  - https://example.org/{i}\n" for i in range(10_000))
    write(site_root, "content/cities/many.md", CITY.replace("  - https://example.org/source\n", sources))
    assert run_check(site_root) == []


@pytest.mark.slow
@pytest.mark.parametrize("value", slow_but(["[" * 100_000 + "]" * 100_000, "{a: " * 5_000 + "1" + "}" * 5_000],
                                           "{a: " * 5_000 + "1" + "}" * 5_000))
def test_deep_nesting_in_yaml_is_refused(site_root, value):
    write(site_root, "content/cities/deep.md", _with_field(CITY, "region", value))
    assert codes(site_root) == {"yaml-too-deep"}


@pytest.mark.parametrize("body", slow_but(["<div>" * 100_000, "> " * 20_000 + "x", "- " + ">" * 20_000 + " x"],
                                          "> " * 20_000 + "x"))
def test_bodies_that_would_hang_the_sanitiser_are_refused(site_root, body):
    write(site_root, "content/cities/slow.md", CITY.replace("Body text.", body))
    [diagnostic] = run_check(site_root)
    assert diagnostic.code == "body-too-complex" and diagnostic.path == "content/cities/slow.md"


@pytest.mark.parametrize("body", slow_but(["<b>x</b>\n" * 8_000, "".join("  " * i + "- x\n" for i in range(1_000)),
                                           "[" * 50_000 + "x" + "]" * 50_000, "> " * 1_000 + "x"]))
def test_bodies_that_render_in_linear_time_are_accepted(built_root, body):
    """Shapes Python-Markdown could not render in time; cmark-gfm renders them in milliseconds."""
    write(built_root, "content/cities/big.md", CITY.replace("Body text.", body))
    report = run_build(built_root)
    assert report.written and report.diagnostics == []


# --- alias bombs and tags -----------------------------------------------------------------------

def test_alias_bomb_is_refused(site_root):
    bomb = "lol: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"l{i}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(24))
    write(site_root, "content/cities/bomb.md", "---\n" + bomb + "---\n")
    assert codes(site_root) == {"yaml-alias"}


@pytest.mark.parametrize("tag", slow_but(["!!python/object/apply:os.system ['touch /tmp/hub-pwned']", "!custom 1",
                                          "!!python/name:os.system"], "!!python/object/apply:os.system ['touch /tmp/hub-pwned']"))
def test_yaml_tags_are_refused(site_root, tag):
    write(site_root, "content/cities/tag.md", _with_field(CITY, "region", tag))
    assert codes(site_root) == {"yaml-tag"}
    assert not os.path.exists("/tmp/hub-pwned")


# --- file and folder names ----------------------------------------------------------------------

@pytest.mark.parametrize("name", slow_but(["Makassar.md", "café.md", "a\\b.md", "...md", "a--b.md", "-a.md", "a b.md"],
                                           "café.md"))
def test_file_names_that_are_not_slugs_are_reported(site_root, name):
    write(site_root, f"content/cities/{name}", CITY)
    assert "invalid-slug" in codes(site_root)


@pytest.mark.slow
def test_folder_named_like_a_file_is_reported(site_root):
    (site_root / "content/cities/odd.md").mkdir()
    [diagnostic] = run_check(site_root)
    assert (diagnostic.code, diagnostic.path) == ("not-a-file", "content/cities/odd.md")


def test_symlink_outside_the_repository_is_refused(site_root, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(CITY.replace("Body text.", "TOP SECRET"))
    (site_root / "content/cities/leak.md").symlink_to(secret)
    [diagnostic] = run_check(site_root)
    assert (diagnostic.code, diagnostic.path) == ("symlink-outside", "content/cities/leak.md")
    assert not run_build(site_root).written


@pytest.mark.slow
def test_symlink_inside_the_repository_is_followed(site_root):
    write(site_root, "content/shared.md", CITY)
    (site_root / "content/cities/linked.md").symlink_to(site_root / "content/shared.md")
    assert run_check(site_root) == []


# --- image and alias paths ----------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("image", slow_but(["../../../etc/passwd", "/etc/passwd", "..%2f..%2fetc"], "../../../etc/passwd"))
def test_image_paths_cannot_escape(site_root, image):
    write(site_root, "content/cities/img.md",
          CITY.replace("joined: 2018", f"joined: 2018\nimage: '{image}'\nimage_alt: A picture"))
    assert codes(site_root) & {"image-missing", "invalid-value"}


@pytest.mark.parametrize("alias", slow_but(["/../../etc/", "/cities/../../x/", "//evil.example/", "/a\\\\b/"],
                                            "/cities/../../x/"))
def test_alias_paths_cannot_escape(site_root, alias):
    write(site_root, "content/cities/alias.md", CITY.replace("joined: 2018", f"joined: 2018\naliases: ['{alias}']"))
    assert "invalid-value" in codes(site_root)


def test_body_image_outside_assets_is_reported(site_root):
    write(site_root, "content/cities/img.md", CITY.replace("Body text.", "![a map](../../../../etc/passwd)"))
    assert codes(site_root) == {"image-missing"}


# --- raw HTML in Markdown -----------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "[a](javascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">b</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">c</a>',
    '<a href=" javascript:alert(1)">d</a>',
    '<a href="java\nscript:alert(1)">e</a>',
    '<a href="\x01javascript:alert(1)">f</a>',
    "[g](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[h](vbscript:msgbox(1))",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="q"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<style>body{display:none}</style><p style="color:red">s</p>',
    '<base href="https://evil.example/">',
]


def _scripts_and_handlers(html: str) -> list[str]:
    from test_markdown import browser_urls
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    found = re.findall(r"<(?:script|iframe|object|embed|form|svg|base|meta|style)\b", main, re.I)
    found += re.findall(r"\son[a-z]+\s*=", main, re.I)
    found += re.findall(r"\sstyle\s*=", main, re.I)
    found += [u for u in browser_urls(main) if u.lower().startswith(("javascript:", "data:", "vbscript:"))]
    return found


def test_raw_html_attacks_are_neutralised(built_root):
    write(built_root, "content/cities/xss.md", CITY.replace("Body text.", "\n\n".join(ATTACKS)))
    assert run_build(built_root).written
    html = (built_root / "public/cities/xss/index.html").read_text()   # its only page: it is not translated
    assert _scripts_and_handlers(html) == []


@pytest.mark.parametrize("field", slow_but(["title", "summary"]))
def test_html_in_titles_and_summaries_is_escaped_everywhere(built_root, field):
    evil = "</script><script>alert(1)</script>\\\" onmouseover=\\\"alert(1)"
    write(built_root, "content/cities/evil.md", CITY.replace(
        "title: Testville" if field == "title" else "summary: A city used by the tests.", f'{field}: "{evil}"'))
    assert run_build(built_root).written
    for page in ("cities/evil/index.html", "cities/index.html", "countries/id/index.html"):
        html = (built_root / "public" / page).read_text()
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
        for body in scripts:                         # only JSON-LD may be there, and it must parse
            assert "alert" not in body or json.loads(body)
        assert "<script>alert" not in html and 'onmouseover="alert' not in html


def test_dependabot_watches_pip_and_actions():
    import yaml
    config = yaml.safe_load((REPO / ".github/dependabot.yml").read_text())
    assert config["version"] == 2
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}
