"""Search in every language of the site, in Chromium: a word that occurs only inside a sentence of
one page is found, and that page comes first. Thai, Lao, Khmer and Burmese are written without
spaces between words, so the word is found only because the build marks word boundaries
(hub/search/wordbreak.py) and the search page splits the query with Intl.Segmenter; Vietnamese is
searched with and without its diacritics."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_search_browser import Server, open_search, result_links

from hub.search.wordbreak import RUN, words

from conftest import make_site
from helpers import run_build, write

# lang: (word searched for, the sentence it is inside). Each sentence is Da Nang's page in that
# language in a fixture site; the word is on no other page of the language.
SENTENCES = {
    "en": ("riverside", "The city council planned a riverside park near the bridge."),
    "id": ("perpustakaan", "Pemerintah kota membangun perpustakaan baru di dekat sungai."),
    "ms": ("jambatan", "Majlis bandar raya membina jambatan baharu merentasi sungai."),
    "th": ("ห้องสมุด", "เทศบาลเมืองสร้างห้องสมุดใหม่ใกล้แม่น้ำ"),
    "vi": ("thư viện", "Chính quyền thành phố đã xây một thư viện mới gần sông."),
    "fil": ("aklatan", "Nagtayo ang pamahalaang lungsod ng bagong aklatan malapit sa ilog."),
    "km": ("បណ្ណាល័យ", "សាលាក្រុងបានសាងសង់បណ្ណាល័យថ្មីនៅជិតទន្លេ។"),
    "lo": ("ຫ້ອງສະໝຸດ", "ເທດສະບານນະຄອນໄດ້ສ້າງຫ້ອງສະໝຸດໃໝ່ໃກ້ແມ່ນ້ຳ."),
    "my": ("စာကြည့်တိုက်", "မြို့တော်စည်ပင်ကမြစ်အနီးစာကြည့်တိုက်အသစ်ဆောက်လုပ်ခဲ့သည်။"),
}
SPACELESS = ["th", "km", "lo", "my"]


def page_of(lang: str) -> str:
    return "/cities/da-nang/" if lang == "en" else f"/{lang}/cities/da-nang/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("scripts") / "site")
    english = (root / "content/cities/da-nang.md").read_text(encoding="utf-8")
    write(root, "content/cities/da-nang.md", english.rstrip("\n") + "\n\n" + SENTENCES["en"][1] + "\n")
    for lang, (_, sentence) in SENTENCES.items():
        if lang != "en":
            write(root, f"content/cities/da-nang.{lang}.md",
                  f"---\ntitle: Da Nang\nsummary: Da Nang.\n---\n\n{sentence}\n")
    report = run_build(root)
    assert report.written, report.diagnostics
    server = Server(root / "public")
    yield server
    server.close()


def test_each_spaceless_word_is_inside_a_run_of_its_sentence():
    """The test means something only if the word is glued to its neighbours, and ICU finds it."""
    for lang in SPACELESS:
        word, sentence = SENTENCES[lang]
        run = next(match.group(0) for match in RUN.finditer(sentence) if word in match.group(0))
        assert run != word and not run.startswith(word) and not run.endswith(word)
        found, parts = words(run), words(word)   # the query is split too: its words must be the run's
        assert any(found[at:at + len(parts)] == parts for at in range(len(found)))


@pytest.mark.parametrize("lang", list(SENTENCES))
def test_a_word_inside_a_sentence_finds_its_page_first(browser, site, lang):
    word = SENTENCES[lang][0]
    page = browser.new_page()
    try:
        open_search(page, f"{site.url}{'' if lang == 'en' else '/' + lang}/search/?q={word}")
        expect(page.locator("#search-results li h3 a").first).to_be_visible()
        assert result_links(page)[0] == page_of(lang)
        passage = page.locator("#search-results li").first.locator(".excerpt")
        if lang in SPACELESS:   # shown as written: the build's word marks are not shown as spaces
            sentence = SENTENCES[lang][1]
            at = sentence.index(word)
            expect(passage).to_contain_text(sentence[at - 3:at + len(word) + 3])
    finally:
        page.close()


@pytest.mark.parametrize("query", ["thư viện", "thu vien", "THU VIEN"])
def test_vietnamese_matches_with_and_without_diacritics(browser, site, query):
    page = browser.new_page()
    try:
        open_search(page, f"{site.url}/vi/search/?q={query}")
        expect(page.locator("#search-results li h3 a").first).to_be_visible()
        assert result_links(page)[0] == page_of("vi")
    finally:
        page.close()
