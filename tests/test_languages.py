"""The site's languages: each a line in site.yaml and a strings file; dates, numbers, lists and country
names from CLDR (hub/core/cldr.py); no ISO date in readers' text."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hub.core import cldr
from hub.source.config import ConfigError, load_config
from tests.conftest import REPO
from tests.helpers import run_build, run_check

NINE = ["en", "id", "ms", "th", "vi", "fil", "km", "lo", "my"]


def test_site_speaks_the_nine_asean_languages():
    assert list(load_config(REPO).languages) == NINE


def test_every_strings_file_has_every_key_of_english_and_no_other():
    diagnostics = [d for d in run_check(REPO) if d.code == "ui-strings"]
    assert diagnostics == []


def test_a_missing_string_is_an_error_at_its_file(site_root):
    path = site_root / "site_src/i18n/km.yaml"
    path.write_text(re.sub(r"(?m)^search_button:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    found = [(d.path, d.message) for d in run_check(site_root) if d.code == "ui-strings"]
    assert found == [("site_src/i18n/km.yaml", "UI string 'search_button' is missing")]


@pytest.mark.parametrize("lang, expected", [
    ("id", "12–13 Juli 2023"), ("th", "12–13 กรกฎาคม 2023"), ("ms", "12–13 Julai 2023"),
    ("en", "July 12\u2009–\u200913, 2023"), ("fil", "Hulyo 12–13, 2023"),
    ("lo", "12 ກໍລະກົດ 2023 – 13 ກໍລະກົດ 2023"),   # CLDR's Lao ranges are numeric: two long dates
])
def test_date_ranges_follow_cldr_with_the_month_written_out(lang, expected):
    assert cldr.date_range("2023-07-12", "2023-07-13", lang) == expected


def test_dates_numbers_and_lists_in_each_language():
    assert cldr.date("2025-09-09", "id") == "9 September 2025"
    assert cldr.date_range("2023-12-30", "2024-01-02", "id") == "30 Desember 2023\u2009–\u20092 Januari 2024"
    assert cldr.date_range("2023-07-12", "2023-07-12", "vi") == cldr.date("2023-07-12", "vi")
    assert cldr.number(1234567, "id") == "1.234.567" and cldr.number(1234567, "th") == "1,234,567"
    assert cldr.join(["A", "B", "C"], "ms") == "A, B dan C"
    assert cldr.join(["A", "B", "C"], "en") == "A, B, and C"
    for lang in NINE:
        assert not re.search(r"\d{4}-\d{2}-\d{2}", cldr.date_range("2023-07-12", "2023-08-02", lang))


class _ReadersText(HTMLParser):
    """The text a reader sees: every text node outside <script>, <style>, <code> and <pre>, and not
    the text of a link whose text is its own address (a source's URL)."""

    SKIP = {"script", "style", "code", "pre"}

    def __init__(self):
        super().__init__()
        self.stack, self.text, self.href = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag not in {"meta", "link", "br", "img", "input", "hr", "wbr", "source"}:
            self.stack.append(tag)
        if tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.SKIP & set(self.stack) or (self.href and data.strip() == self.href):
            return
        self.text.append(data)


def readers_text(html: str) -> str:
    parser = _ReadersText()
    parser.feed(html)
    return " ".join(parser.text)


@pytest.fixture
def built(bundled_public) -> Path:
    return bundled_public


def test_no_iso_date_in_readers_text_of_any_page(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 350   # every page of the bundled site, in nine languages
    offenders = {}
    for page in pages:
        found = re.findall(r"\b\d{4}-\d{2}-\d{2}\b", readers_text(page.read_text(encoding="utf-8")))
        if found:
            offenders[page.relative_to(built).as_posix()] = found[:3]
    assert offenders == {}


def test_meeting_dates_in_the_pages_language(built):
    meetings = (built / "th/meetings/index.html").read_text(encoding="utf-8")   # Bali has no Thai page: its card
    assert '<time datetime="2023-07-12">12–13 กรกฎาคม 2023</time>' in meetings
    bali_id = (built / "id/meetings/2023-bali/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2023-07-12">12–13 Juli 2023</time>' in bali_id


def test_country_names_from_cldr_where_the_vocabulary_has_none(built):
    cities = (built / "km/cities/index.html").read_text(encoding="utf-8")
    assert '>កម្ពុជា</a>' in cities and '>ថៃ</a>' in cities
    assert '>Kamboja</a>' in (built / "id/cities/index.html").read_text(encoding="utf-8")   # its own name first


def test_every_language_has_pages_hreflang_sitemap_feed_and_open_data(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    cities = json.loads((built / "api/cities.json").read_text(encoding="utf-8"))
    for lang in NINE[1:]:
        listing = (built / lang / "cities/index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in listing
        assert f'hreflang="{lang}" href="https://ascn-hub.netlify.app/{lang}/"' in home
        assert f'hreflang="{lang}" lang="{lang}"' in home            # in the language menu
        assert f"https://ascn-hub.netlify.app/{lang}/cities/" in sitemap
        bangkok = built / lang / "cities/bangkok/index.html"
        if lang == "th":   # Bangkok has a Thai version
            assert f'<html lang="{lang}">' in bangkok.read_text(encoding="utf-8")
            assert f"https://ascn-hub.netlify.app/{lang}/cities/bangkok/" in sitemap
        else:   # no page in the other languages (hub/model/pages.py): their lists link to its English page
            assert not bangkok.exists()
            assert f"https://ascn-hub.netlify.app/{lang}/cities/bangkok/" not in sitemap
            assert '<a href="/cities/bangkok/" hreflang="en" lang="en">Bangkok</a>' in listing
        assert f'xml:lang="{lang}"' in (built / lang / "feed.xml").read_text(encoding="utf-8")
        assert all(lang in item["translations"] for item in cities["items"])


def test_language_menu_works_without_javascript_and_names_each_language_in_its_script(built):
    page = (built / "th/index.html").read_text(encoding="utf-8")
    menu = page[page.index('class="lang-switch"'):page.index("</nav>", page.index('class="lang-switch"'))]
    assert "<details>" in menu and "<summary>" in menu
    for name in ["English", "Bahasa Indonesia", "Bahasa Melayu", "Tiếng Việt", "Filipino", "ខ្មែរ", "ລາວ", "မြန်မာ"]:
        assert f">{name}</a>" in menu
    assert '<span aria-current="true" lang="th">ไทย</span>' in menu


@pytest.mark.slow
def test_adding_a_language_is_a_line_in_site_yaml_and_a_strings_file(site_root):
    """Tamil (an official language of Singapore) added as a contributor would: nothing else changes."""
    config = site_root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  my: မြန်မာ\n", "  my: မြန်မာ\n  ta: தமிழ்\n"),
                      encoding="utf-8")
    assert [d.message for d in run_check(site_root) if d.code == "ui-strings"] == ["UI strings for 'ta' are missing"]
    shutil.copy(site_root / "site_src/i18n/en.yaml", site_root / "site_src/i18n/ta.yaml")
    report = run_build(site_root)
    assert report.written, report.diagnostics
    out = site_root / "public"
    meetings = (out / "ta/meetings/index.html").read_text(encoding="utf-8")
    assert '<html lang="ta">' in meetings and 'hreflang="ta"' in meetings
    assert cldr.date_range("2023-07-12", "2023-07-13", "ta") in meetings
    assert ">தமிழ்</a>" in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "ta/cities/makassar/index.html").exists()   # untranslated: no page in Tamil
    assert '<a href="/cities/makassar/" hreflang="en" lang="en">' in (out / "ta/cities/index.html").read_text()
    assert "/ta/cities/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert (out / "ta/feed.xml").is_file() and (out / "ta/pagefind/shards.json").is_file()
    assert "ta" in json.loads((out / "api/cities.json").read_text(encoding="utf-8"))["items"][0]["translations"]


def test_a_language_cldr_does_not_know_is_a_config_error_at_its_line(site_root):
    config = site_root / "site.yaml"
    text = config.read_text(encoding="utf-8").replace("  my: မြန်မာ\n", "  my: မြန်မာ\n  xq: Nowhere\n")
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(site_root)
    [diagnostic] = raised.value.diagnostics
    line = text.splitlines().index("  xq: Nowhere") + 1
    assert (diagnostic.path, diagnostic.line, diagnostic.code) == ("site.yaml", line, "config")
    assert "'xq'" in diagnostic.message


def test_translations_into_the_new_languages_say_they_are_unreviewed():
    """Every translation added with the seven languages starts unreviewed (`reviewed: false`), and
    its page says so in its language."""
    import frontmatter
    found = [path for lang in NINE[2:] for path in [*REPO.glob(f"content/*/*.{lang}.md"), *REPO.glob(f"site_src/pages/*.{lang}.md")]]
    assert len(found) >= 7
    for path in found:
        assert frontmatter.loads(path.read_text(encoding="utf-8")).get("reviewed") is False, path


def test_a_translated_home_page_carries_the_unreviewed_note_in_its_language(built):
    import yaml
    for lang in NINE[2:]:
        note = yaml.safe_load((REPO / f"site_src/i18n/{lang}.yaml").read_text(encoding="utf-8"))["translation_unreviewed"]
        assert note in (built / lang / "index.html").read_text(encoding="utf-8"), lang


def test_every_link_in_every_language_leads_to_a_page_that_exists(built):
    """An entry has pages only in the languages it is written in (hub/model/pages.py): cards, menus,
    maps and links written in Markdown bodies (relative .md links and site paths such as
    /km/meetings/2023-bali/ in about.km.md) lead elsewhere to its page in its own language."""
    missing = {}
    for page in built.rglob("*.html"):
        for href in set(re.findall(r'href="(/[^"#?]*)', page.read_text(encoding="utf-8"))):
            target = built / href.lstrip("/")
            if not (target / "index.html" if href.endswith("/") else target).is_file():
                missing.setdefault(href, page.relative_to(built).as_posix())
    assert missing == {}
    about = (built / "km/about/index.html").read_text(encoding="utf-8")
    assert 'href="/meetings/2018-singapore/" hreflang="en"' in about   # no Khmer page: its English one, marked
