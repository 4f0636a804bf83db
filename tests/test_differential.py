"""The build cache, tested against its definition: after any sequence of edits, an incremental build
gives exactly the bytes of a cold build of the same sources.

Hypothesis draws sequences of edits over every kind of input file: any frontmatter field of any
entry, translation or page; bodies (with links to other entries); adding, deleting and renaming
entries and translations; stamping a translation (so that its out-of-date note comes and goes); vocabularies; UI strings in each language; schemas (descriptions too);
every template; assets; site.yaml. After each edit the site is built incrementally, as Netlify does
with its kept cache (through the CLI's path, no-change check included), and compared byte for byte
with a cold build (no cache, its own output and cache folders). An edit that makes the content
invalid must fail the build and leave the site as it was; it is then undone.

The three kinds of stale page found in issue 14 are kept below as plain regression tests.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.cli import main
from hub.source.config import load_config
from hub.source.translations import StampError, stamp

from conftest import make_site
from helpers import snapshot

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("HUB_DIFFERENTIAL_EXAMPLES", "12"))
EDITS_PER_EXAMPLE = 4
def languages(root: Path) -> list[str]:
    return list(yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))["languages"])


# --- Building -------------------------------------------------------------------------------------

class Builds:
    """One site root with its own kept cache, and a fresh folder for every cold build."""

    def __init__(self, root: Path, scratch: Path):
        self.root, self.scratch, self.colds = root, scratch, 0
        self.cache = scratch / "kept-cache"

    def incremental(self) -> int:
        return self._cli(["build"], self.cache)

    def cold(self) -> tuple[int, dict[str, bytes]]:
        self.colds += 1
        out = self.scratch / f"cold-{self.colds}"
        code = self._cli(["build", "--no-cache", "--out", str(out)], self.scratch / f"cold-cache-{self.colds}")
        site = snapshot(out) if code == 0 else {}
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(self.scratch / f"cold-cache-{self.colds}", ignore_errors=True)
        return code, site

    def _cli(self, argv: list[str], cache: Path) -> int:
        previous = os.environ.get("HUB_CACHE_DIR")
        os.environ["HUB_CACHE_DIR"] = str(cache)
        try:
            return main(argv, root=self.root)
        finally:
            if previous is None:
                os.environ.pop("HUB_CACHE_DIR", None)
            else:
                os.environ["HUB_CACHE_DIR"] = previous

    def assert_same_as_cold(self, what: str) -> int:
        """Build incrementally and cold; assert both give the same site (or both fail, leaving the
        site as it was). The exit code."""
        before = snapshot(self.root / "public")
        code = self.incremental()
        cold_code, cold = self.cold()
        assert code == cold_code, f"after {what}: incremental exit {code}, cold exit {cold_code}"
        if code != 0:
            assert snapshot(self.root / "public") == before, f"after {what}: a failed build changed the site"
            return code
        built = snapshot(self.root / "public")
        differ = sorted(name for name in set(built) | set(cold) if built.get(name) != cold.get(name))
        assert not differ, f"after {what}: {len(differ)} files differ from a cold build, e.g. {differ[:8]}"
        return code


# --- Reading and writing entries ------------------------------------------------------------------

def split(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def join(path: Path, meta: dict, body: str) -> None:
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def entry_files(root: Path) -> list[Path]:
    return sorted([*root.glob("content/*/*.md"), *root.glob("site_src/pages/*.md")])


def is_translation(path: Path) -> bool:
    return path.name.count(".") == 2


def keys_of(root: Path, vocabulary: str, key: str) -> list[str]:
    return [str(item[key]) for item in yaml.safe_load((root / f"content/_data/{vocabulary}.yaml").read_text())]


def slugs_of(root: Path, collection: str) -> list[str]:
    return sorted(p.stem for p in (root / "content" / collection).glob("*.md") if not is_translation(p))


def changed_value(root: Path, name: str, value, n: int):
    """Another value for a frontmatter field, usually still valid."""
    if name == "country":
        return keys_of(root, "countries", "code")[n % len(keys_of(root, "countries", "code"))]
    if name == "city":
        return slugs_of(root, "cities")[n % len(slugs_of(root, "cities"))]
    if name == "focus_areas":
        areas = keys_of(root, "focus_areas", "slug")
        return areas[n % len(areas):][:1 + n % 3] or areas[:1]
    if name == "format":
        return ["in-person", "virtual", "hybrid"][n % 3]
    if name == "status":
        return ["planned", "ongoing", "completed", "discontinued"][n % 4]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value + (1 if n % 2 else -1)
    if isinstance(value, float):
        return round(value + 0.1, 4)
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=1 + n % 3)
    if isinstance(value, str):
        return value[: 1 + n % max(len(value), 1)] + f" edited {n}" if n % 3 == 0 else f"{value} (edit {n})"
    if isinstance(value, list):
        return value[::-1] if n % 2 and len(value) > 1 else [*value, f"https://example.org/edit-{n}"]
    if isinstance(value, dict):
        return {k: changed_value(root, k, v, n) for k, v in value.items()}
    return value


# --- The edits --------------------------------------------------------------------------------------

def edit_field(root: Path, data, n: int) -> str:
    path = data.draw(st.sampled_from(entry_files(root)), label="file")
    meta, body = split(path)
    if not meta:
        return "nothing"
    # the title half the time: it is shown on the most other pages (cards, links, timelines, the map)
    name = data.draw(st.sampled_from(["title"] if "title" in meta else []) | st.sampled_from(sorted(meta)),
                     label="field")
    if data.draw(st.integers(0, 4), label="drop") == 0 and name not in ("title", "summary"):
        del meta[name]
    else:
        meta[name] = changed_value(root, name, meta[name], n)
    join(path, meta, body)
    return f"field {name} of {path.relative_to(root)}"


def edit_body(root: Path, data, n: int) -> str:
    path = data.draw(st.sampled_from(entry_files(root)), label="file")
    meta, body = split(path)
    target = data.draw(st.sampled_from(entry_files(root)), label="link")
    link = os.path.relpath(target, path.parent)
    body += f"\nEdit {n}, see [{target.stem}]({link}).\n" if data.draw(st.booleans(), label="with link") \
        else f"\nEdit {n}.\n"
    join(path, meta, body)
    return f"body of {path.relative_to(root)}"


def add_entry(root: Path, data, n: int) -> str:
    base = [p for p in root.glob("content/*/*.md") if not is_translation(p)]
    source = data.draw(st.sampled_from(sorted(base)), label="copied")
    meta, body = split(source)
    meta["title"] = f"{meta['title']} {n}"
    if "edition" in meta:
        meta["edition"] = meta["edition"] + 100 + n
    meta.pop("aliases", None)
    target = source.with_name(f"added-{n}.md")
    join(target, meta, body)
    return f"new entry {target.relative_to(root)}"


def delete_entry(root: Path, data, n: int) -> str:
    path = data.draw(st.sampled_from(entry_files(root)), label="file")
    path.unlink()
    return f"deleted {path.relative_to(root)}"


def rename_entry(root: Path, data, n: int) -> str:
    base = [p for p in root.glob("content/*/*.md") if not is_translation(p)]
    path = data.draw(st.sampled_from(sorted(base)), label="file")
    slug = path.stem
    for file in sorted(path.parent.glob(f"{slug}.*md")):
        file.rename(file.with_name(file.name.replace(slug, f"renamed-{n}", 1)))
    return f"renamed {path.relative_to(root)}"


def add_translation(root: Path, data, n: int) -> str:
    lang = data.draw(st.sampled_from(languages(root)[1:]), label="lang")
    base = [p for p in entry_files(root) if not is_translation(p) and not p.with_suffix(f".{lang}.md").exists()]
    if not base:
        return "nothing"
    path = data.draw(st.sampled_from(base), label="file")
    meta, _ = split(path)
    join(path.with_suffix(f".{lang}.md"), {"title": f"{meta['title']} ({lang} {n})", "summary": f"Ringkasan {n}."},
         f"\nTerjemahan {n}.\n")
    return f"translation of {path.relative_to(root)}"


def stamp_translation(root: Path, data, n: int) -> str:
    """`build.py translations --stamp`: the translation records its base entry's version again (its
    page loses, or never had, the out-of-date note)."""
    translations = [p for p in entry_files(root) if is_translation(p) and p.with_name(f"{p.name.split('.')[0]}.md").exists()]
    if not translations:
        return "nothing"
    path = data.draw(st.sampled_from(translations), label="file")
    try:
        stamp(load_config(root), path)
    except StampError:
        return "nothing"   # a translation whose base entry an earlier edit broke
    return f"stamped {path.relative_to(root)}"


def edit_vocabulary(root: Path, data, n: int) -> str:
    name = data.draw(st.sampled_from(["countries", "focus_areas"]), label="vocabulary")
    path = root / f"content/_data/{name}.yaml"
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    term = data.draw(st.sampled_from(terms), label="term")
    field = data.draw(st.sampled_from(["name", "names"] + (["local_name"] if "local_name" in term else [])))
    if field == "names":
        term["names"] = {"id": f"{term.get('names', {}).get('id', term['name'])} {n}"}
    else:
        term[field] = f"{term[field]} {n}"
    path.write_text(yaml.safe_dump(terms, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return f"{name} term {term['name']}"


def edit_string(root: Path, data, n: int) -> str:
    lang = data.draw(st.sampled_from(languages(root)), label="lang")
    path = root / f"site_src/i18n/{lang}.yaml"
    strings = yaml.safe_load(path.read_text(encoding="utf-8"))
    key = data.draw(st.sampled_from(sorted(strings)), label="key")
    strings[key] = f"{strings[key]} ~{n}"
    path.write_text(yaml.safe_dump(strings, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return f"UI string {lang}:{key}"


def edit_schema(root: Path, data, n: int) -> str:
    path = data.draw(st.sampled_from(sorted((root / "schemas").glob("*.yaml"))), label="schema")
    text = path.read_text(encoding="utf-8")
    found = [m.end() for m in re.finditer(r"^\s+description: ", text, re.M)]   # the fields' descriptions
    if not found:
        return "nothing"
    at = data.draw(st.sampled_from(found), label="where")
    path.write_text(text[:at] + f"Edited {n}. " + text[at:], encoding="utf-8")
    return f"schema {path.name}"


def edit_template(root: Path, data, n: int) -> str:
    path = data.draw(st.sampled_from(sorted((root / "templates").rglob("*.html"))), label="template")
    lines = path.read_text(encoding="utf-8").split("\n")
    plain = [i for i, line in enumerate(lines) if re.match(r"\s*<[a-z]", line) and "{" not in line
             and not line.rstrip().endswith(("<", ","))]
    if not plain:
        return "nothing"
    i = data.draw(st.sampled_from(plain), label="line")
    lines[i] = lines[i] + f"<!-- edit {n} -->"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"template {path.relative_to(root)} line {i + 1}"


def edit_asset(root: Path, data, n: int) -> str:
    path = data.draw(st.sampled_from([root / "site_src/assets/css/site.css", root / "site_src/assets/js/search.js"]))
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n/* edit {n} */\n")
    return f"asset {path.name}"


def edit_settings(root: Path, data, n: int) -> str:
    path = root / "site.yaml"
    settings_ = yaml.safe_load(path.read_text(encoding="utf-8"))
    field = data.draw(st.sampled_from(["title", "description"]), label="setting")
    settings_[field] = f"{settings_[field]} {n}"
    path.write_text(yaml.safe_dump(settings_, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return f"site.yaml {field}"


EDITS = [edit_field, edit_body, add_entry, delete_entry, rename_entry, add_translation, stamp_translation,
         edit_vocabulary, edit_string, edit_schema, edit_template, edit_asset, edit_settings]
# Contributors mostly change fields: they are drawn as often as all the other kinds together.
WEIGHTED = [edit_field] * (len(EDITS) - 1) + EDITS


def inputs_of(root: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in snapshot(root).items()
            if not rel.startswith(("public/", ".cache/")) and not rel.startswith(".public")}


def copy_built(built: Path, cache: Path, scratch: Path) -> tuple[Builds, Path]:
    """A copy of a built site root (public/ included) in `scratch`, with a copy of its cache as the kept
    cache, as Netlify restores one; its first incremental build must succeed. A copy costs far less than
    the cold build it stands for."""
    root = Path(shutil.copytree(built, scratch / "site", symlinks=True, ignore=shutil.ignore_patterns(".cache")))
    shutil.copytree(cache, scratch / "kept-cache", symlinks=True)
    builds = Builds(root, scratch)
    assert builds.incremental() == 0
    return builds, root


def restore(root: Path, saved: dict[str, bytes]) -> None:
    now = inputs_of(root)
    for rel in set(now) - set(saved):
        (root / rel).unlink()
    for rel, data in saved.items():
        if now.get(rel) != data:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_build_equals_cold_build_after_any_edits(tmp_path_factory, small_built, data):
    builds, root = copy_built(small_built, small_built / ".cache" / "hub", tmp_path_factory.mktemp("differential"))
    for n in range(1, data.draw(st.integers(1, EDITS_PER_EXAMPLE), label="edits") + 1):
        saved = inputs_of(root)
        edit = data.draw(st.sampled_from(WEIGHTED), label="edit")
        what = edit(root, data, n)
        if os.environ.get("HUB_DIFFERENTIAL_VERBOSE"):
            print("edit:", what)
        if builds.assert_same_as_cold(what) != 0:   # invalid content: undo it, as a contributor would
            restore(root, saved)
            builds.assert_same_as_cold(f"undoing {what}")


# --- The stale pages of issue 14, as plain regression tests -----------------------------------------

@pytest.fixture(scope="module")
def bundled_root(tmp_path_factory) -> tuple[Path, Path]:
    """The repository's content in a site root, built once for this module: (the root, its kept cache).
    Tests only copy it (copy_built)."""
    scratch = tmp_path_factory.mktemp("bundled-root")
    root = make_site(scratch / "site", fixture=None)
    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "content", root / "content", dirs_exist_ok=True)
    shutil.copytree(repo / "site_src" / "pages", root / "site_src" / "pages", dirs_exist_ok=True)
    assert Builds(root, scratch).incremental() == 0
    return root, scratch / "kept-cache"


def _bundled_site(tmp_path: Path, bundled_root: tuple[Path, Path]) -> tuple[Builds, Path]:
    return copy_built(*bundled_root, tmp_path)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_retitled_meeting_is_retitled_on_the_city_pages_of_its_country(tmp_path, bundled_root):
    builds, root = _bundled_site(tmp_path, bundled_root)
    _replace(root / "content/meetings/2025-kuala-lumpur.md", "title: ", "title: Renamed ")
    builds.assert_same_as_cold("retitling a meeting")
    assert "Renamed" in (root / "public/cities/kuching/index.html").read_text(encoding="utf-8")


def test_schema_description_reaches_the_contributor_guide_and_the_search_index(tmp_path, bundled_root):
    builds, root = _bundled_site(tmp_path, bundled_root)
    _replace(root / "schemas/cities.yaml", "description: ", "description: Changed here. ")
    builds.assert_same_as_cold("editing a schema description")
    assert "Changed here." in (root / "public/contribute/index.html").read_text(encoding="utf-8")


def test_retitled_entry_is_retitled_where_other_entries_show_it(tmp_path, bundled_root):
    builds, root = _bundled_site(tmp_path, bundled_root)
    _replace(root / "content/cities/kuala-lumpur.md", "title: Kuala Lumpur", "title: KL Renamed")
    builds.assert_same_as_cold("retitling a linked entry")


def test_edited_english_summary_marks_its_translation_out_of_date_as_a_cold_build_does(tmp_path, small_built):
    """Issue 15: the translation's page reads its base entry's summary only through the stale check
    (ReadSite.translation_state); the cache must know, and re-render it with the note."""
    builds, root = copy_built(small_built, small_built / ".cache" / "hub", tmp_path)
    note = yaml.safe_load((root / "site_src/i18n/id.yaml").read_text(encoding="utf-8"))["translation_stale"]
    assert note not in (root / "public/id/cities/makassar/index.html").read_text(encoding="utf-8")
    _replace(root / "content/cities/makassar.md", "summary: Capital of", "summary: The capital of")
    builds.assert_same_as_cold("editing an English summary")
    assert note in (root / "public/id/cities/makassar/index.html").read_text(encoding="utf-8")
    assert "/id/cities/makassar/" in (root / "public/translations/index.html").read_text(encoding="utf-8")
    _replace(root / "content/cities/makassar.md", "summary: The capital of", "summary: Capital of")
    builds.assert_same_as_cold("undoing it")
    assert note not in (root / "public/id/cities/makassar/index.html").read_text(encoding="utf-8")
