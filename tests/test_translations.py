"""Honest translations (issue 15, item 6): a translation records which version of its base entry it
translates (`source_digest`, hub/source/translations.py); when the base entry changes, `check` warns at that
line, the translated page says so in its language, and /translations/ lists it with each language's
coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hub.cli import main
from hub.source.config import load_config
from hub.source.entries import read_entry
from hub.source.translations import SOURCE_DIGEST, StampError, digest_yaml, source_digest, stamp, stamp_text

from helpers import run_build, run_check, write

MAKASSAR = "content/cities/makassar.md"
MAKASSAR_ID = "content/cities/makassar.id.md"
BASE_META = {"title": "Makassar", "summary": "A city of the tests, in South Sulawesi.", "country": "ID",
             "sources": ["https://example.org/a"], "joined": 2018, "coordinates": {"lat": -5.1, "lon": 119.4}}
BODY = "## In ASCN\n\nMakassar joined in 2018.\n"


def strings(root: Path, lang: str) -> dict:
    return yaml.safe_load((root / f"site_src/i18n/{lang}.yaml").read_text(encoding="utf-8"))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, prefix: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(prefix))


def translation_warnings(root: Path) -> list[tuple]:
    return [(d.path, d.line, d.col, d.code) for d in run_check(root) if d.code.startswith("translation-")]


# --- the digest -------------------------------------------------------------------------------------

def test_digest_is_stable_and_twelve_hex_digits():
    digest = source_digest(BASE_META, BODY)
    assert re.fullmatch(r"[0-9a-f]{12}", digest)
    assert source_digest(dict(reversed(list(BASE_META.items()))), BODY) == digest   # field order is no change
    assert source_digest(BASE_META, BODY) == digest


@pytest.mark.parametrize("change", [
    {"title": "Makassar City"},
    {"summary": "A city of the tests, in South Sulawesi, Indonesia."},
])
def test_digest_changes_with_each_translatable_field(change):
    assert source_digest({**BASE_META, **change}, BODY) != source_digest(BASE_META, BODY)


def test_digest_changes_with_the_body():
    assert source_digest(BASE_META, BODY + "It hosts a project.\n") != source_digest(BASE_META, BODY)
    assert source_digest(BASE_META, BODY.replace("2018", "2019")) != source_digest(BASE_META, BODY)


@pytest.mark.parametrize("change", [
    {"joined": 2019}, {"country": "MY"}, {"sources": ["https://example.org/b"]}, {"updated": "2026-01-01"},
    {"coordinates": {"lat": -5.2, "lon": 119.4}}, {"draft": True},
])
def test_digest_ignores_facts_a_translation_does_not_carry(change):
    assert source_digest({**BASE_META, **change}, BODY) == source_digest(BASE_META, BODY)


# --- written by `new --lang`, refreshed by `translations --stamp` ---------------------------------

def base_digest(root: Path, rel: str) -> str:
    config = load_config(root)
    entry, problems = read_entry(root, root / rel, rel.split("/")[1] if rel.startswith("content/") else "pages",
                                 config)
    assert entry is not None, problems
    return source_digest(entry.meta, entry.body)


def test_new_translation_records_the_digest_of_its_base_entry(site_root, capsys):
    assert main(["new", "city", "da-nang", "--lang", "vi"], root=site_root) == 0
    path = site_root / "content/cities/da-nang.vi.md"
    digest = base_digest(site_root, "content/cities/da-nang.md")
    assert f'\n{SOURCE_DIGEST}: {digest_yaml(digest)}\n---\n' in path.read_text(encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["translations", "--stamp", str(path)], root=site_root) == 0   # already in step
    assert f"already stamped content/cities/da-nang.vi.md: {digest}" in capsys.readouterr().out
    assert path.read_bytes() == before


def test_stamp_inserts_one_line_and_keeps_every_other_byte(site_root):
    # CRLF line endings, a byte-order mark, comments and no trailing newline: all kept
    original = ("\ufeff---\r\n# translated by the tests\r\ntitle: Makassar\r\nsummary: 'Ibu kota Sulawesi Selatan, "
                "kota uji.'\r\nreviewed: false\r\n---\r\n\r\nTeks terjemahan.").encode("utf-8")
    path = write(site_root, MAKASSAR_ID, original)
    stamped = stamp(load_config(site_root), path)
    digest = base_digest(site_root, MAKASSAR)
    assert stamped.changed and stamped.digest == digest and stamped.source == MAKASSAR_ID
    expected = original.replace(b"reviewed: false\r\n---", f'reviewed: false\r\nsource_digest: {digest_yaml(digest)}\r\n---'
                                .encode("utf-8"))
    assert path.read_bytes() == expected


def test_stamp_replaces_only_the_digest_line(site_root):
    path = site_root / MAKASSAR_ID
    edit(site_root, MAKASSAR, "Capital of South Sulawesi", "The capital of South Sulawesi")
    before = path.read_text(encoding="utf-8")
    old = re.search(r"source_digest: '?([0-9a-f]{12})'?", before).group(1)
    assert main(["translations", "--stamp", str(path)], root=site_root) == 0
    new = base_digest(site_root, MAKASSAR)
    assert new != old
    assert path.read_text(encoding="utf-8") == before.replace(old, new)


def test_stamp_all_stamps_only_translations_without_a_digest(site_root, capsys):
    write(site_root, "content/cities/da-nang.vi.md", "---\ntitle: Đà Nẵng\nsummary: Một thành phố của các bài kiểm tra.\n---\n\nVăn bản.\n")
    edit(site_root, MAKASSAR, "Capital of South Sulawesi", "The capital of South Sulawesi")   # makassar.id: stale
    stale = (site_root / MAKASSAR_ID).read_bytes()
    assert main(["translations", "--stamp-all"], root=site_root) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"stamped content/cities/da-nang.vi.md: {base_digest(site_root, 'content/cities/da-nang.md')}"]
    assert (site_root / MAKASSAR_ID).read_bytes() == stale   # a stale one needs its translator first


def test_stamping_what_is_not_a_translation_is_an_error_at_its_file(site_root, capsys):
    with pytest.raises(StampError) as raised:
        stamp(load_config(site_root), site_root / MAKASSAR)
    assert raised.value.message.startswith(f"{MAKASSAR} is not a translation")
    write(site_root, "content/cities/nowhere.id.md", "---\ntitle: Tidak ada\nsummary: Tanpa entri dasar.\n---\n")
    assert main(["translations", "--stamp", str(site_root / "content/cities/nowhere.id.md")], root=site_root) == 2
    assert "error: content/cities/nowhere.md does not exist" in capsys.readouterr().err
    write(site_root, "content/cities/da-nang.vi.md", "---\ntitle: [unclosed\n---\n")
    assert main(["translations", "--stamp", str(site_root / "content/cities/da-nang.vi.md")], root=site_root) == 1
    assert "content/cities/da-nang.vi.md:3:1: error[yaml-syntax]" in capsys.readouterr().err   # as check says


def test_stamp_text_replaces_an_existing_line_in_place():
    text = '---\ntitle: A\nsource_digest: "000000000000"\nsummary: B\n---\nbody\n'
    assert stamp_text(text, "abcdefabcdef") == text.replace('"000000000000"', "abcdefabcdef")
    # as the web editor (js-yaml) writes it: quoted only where it would read as a number
    assert stamp_text(text, "123456789012") == text.replace('"000000000000"', "'123456789012'")
    assert stamp_text(text, "12e456789012") == text.replace('"000000000000"', "'12e456789012'")


# --- check ------------------------------------------------------------------------------------------

def test_bundled_fixture_translations_are_in_step(site_root):
    assert translation_warnings(site_root) == []


def test_changed_english_makes_check_warn_at_the_digest_line(site_root, capsys):
    edit(site_root, MAKASSAR, "Capital of South Sulawesi", "The capital of South Sulawesi")
    line = line_of(site_root, MAKASSAR_ID, "source_digest:")
    found = [d for d in run_check(site_root) if d.code.startswith("translation-")]
    assert [(d.path, d.line, d.col, d.code, d.severity) for d in found] == \
        [(MAKASSAR_ID, line, 16, "translation-stale", "warning")]
    assert f"python build.py translations --stamp {MAKASSAR_ID}" in found[0].hint
    assert main(["check", "--strict"], root=site_root) == 1
    assert f"{MAKASSAR_ID}:{line}:16: warning[translation-stale]" in capsys.readouterr().out
    assert main(["translations", "--stamp", str(site_root / MAKASSAR_ID)], root=site_root) == 0
    assert translation_warnings(site_root) == []


def test_changed_body_makes_the_translation_stale_and_other_facts_do_not(site_root):
    edit(site_root, MAKASSAR, "joined: 2018", "joined: 2019")
    edit(site_root, MAKASSAR, "region: South Sulawesi", "region: Sulawesi Selatan")
    assert translation_warnings(site_root) == []
    edit(site_root, MAKASSAR, "to the network in 2018.", "to the network in 2018, its first year.")
    assert [w[3] for w in translation_warnings(site_root)] == ["translation-stale"]


def test_translation_without_a_digest_is_warned_at_its_top(site_root):
    edit(site_root, MAKASSAR_ID, re.search(r"source_digest: .+\n", (site_root / MAKASSAR_ID).read_text())
         .group(0), "")
    assert translation_warnings(site_root) == [(MAKASSAR_ID, 1, 1, "translation-unstamped")]


def test_a_digest_that_is_not_one_is_an_error_at_its_value(site_root):
    edit(site_root, MAKASSAR_ID, "source_digest: ", "source_digest: x")
    found = [d for d in run_check(site_root) if d.path == MAKASSAR_ID]
    assert [(d.line, d.col, d.code, d.severity) for d in found] == \
        [(line_of(site_root, MAKASSAR_ID, "source_digest:"), 16, "wrong-type", "error")]


# --- pages ------------------------------------------------------------------------------------------

def page(root: Path, url: str) -> str:
    return (root / "public" / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_stale_note_on_the_translated_page_in_its_language_until_stamped(site_root):
    note_id = strings(site_root, "id")["translation_stale"]
    assert run_build(site_root).written
    assert note_id not in page(site_root, "/id/cities/makassar/")
    edit(site_root, MAKASSAR, "Capital of South Sulawesi", "The capital of South Sulawesi")
    assert run_build(site_root).written
    translated = page(site_root, "/id/cities/makassar/")
    assert note_id in translated
    assert f'{strings(site_root, "id")["translation_stale_original"]}' in translated
    assert '<a href="/cities/makassar/" hreflang="en">' in translated
    assert strings(site_root, "en")["translation_stale"] not in page(site_root, "/cities/makassar/")
    assert note_id not in page(site_root, "/id/meetings/2023-bali/")   # its own base did not change
    stamp(load_config(site_root), site_root / MAKASSAR_ID)
    assert run_build(site_root).written
    assert note_id not in page(site_root, "/id/cities/makassar/")


def section(html: str, lang: str) -> str:
    start = html.index(f'<section class="translations-language" aria-labelledby="translations-{lang}">')
    return html[start:html.index("</section>", start)]


def row(html: str, lang: str) -> list[str]:
    start = html.index(f'<tr id="coverage-{lang}">')
    return re.findall(r"<td>([^<]*)</td>", html[start:html.index("</tr>", start)])


def links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', html)


@pytest.mark.slow
def test_translations_page_shows_coverage_stale_and_missing_in_every_language(site_root):
    # the fixture: cities da-nang, makassar (id); projects x2; meeting 2023-bali (id); pages about (id),
    # contribute, index. Now: makassar.id stale, da-nang translated into Vietnamese without a stamp.
    edit(site_root, MAKASSAR, "Capital of South Sulawesi", "The capital of South Sulawesi")
    write(site_root, "content/cities/da-nang.vi.md", "---\ntitle: Đà Nẵng\nsummary: Một thành phố của các bài kiểm tra.\n---\n\nVăn bản.\n")
    assert run_build(site_root).written
    config = load_config(site_root)
    for lang in config.languages:
        assert (site_root / "public" / config.lang_prefix(lang).lstrip("/") / "translations/index.html").is_file()

    id_page = page(site_root, "/id/translations/")
    assert row(id_page, "id") == ["1 dari 2", "0 dari 2", "1 dari 1", "1 dari 3", "1", "5"]
    assert row(id_page, "vi") == ["1 dari 2", "0 dari 2", "0 dari 1", "0 dari 3", "0", "7"]
    assert row(id_page, "th") == ["0 dari 2", "0 dari 2", "0 dari 1", "0 dari 3", "0", "8"]
    indonesian = section(id_page, "id")
    stale = indonesian[indonesian.index('id="stale-id"'):indonesian.index('id="missing-id"')]
    assert links(stale) == ["/id/cities/makassar/"] and MAKASSAR_ID in stale
    missing = indonesian[indonesian.index('id="missing-id"'):]
    assert links(missing) == ["/cities/da-nang/", "/projects/ascn-terms-of-reference/",
                              "/projects/makassar-home-care/", "/contribute/", "/"]
    assert 'translations-vi' not in id_page   # a language's page lists its own language only

    vi_page = page(site_root, "/vi/translations/")
    vietnamese = section(vi_page, "vi")
    unstamped = vietnamese[vietnamese.index('id="unstamped-vi"'):vietnamese.index('id="missing-vi"')]
    assert links(unstamped) == ["/vi/cities/da-nang/"]
    assert strings(site_root, "vi")["translations_title"] in vi_page

    en_page = page(site_root, "/translations/")   # every language's stale list, and a link to what is missing
    assert links(section(en_page, "id")) == ["/id/cities/makassar/", "/id/translations/#missing-id"]
    assert links(section(en_page, "vi")) == ["/vi/cities/da-nang/", "/vi/translations/#missing-vi"]
    assert '<a href="/translations/">' in page(site_root, "/contribute/")
