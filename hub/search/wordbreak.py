"""Word boundaries for the scripts written without spaces between words (Thai, Lao, Khmer, Burmese),
added to the copy of a page that Pagefind indexes, never to the page readers get.

Pagefind splits text into words at white space only (its Thai segmenter exists only in its
extended binary, and it has none for Lao, Khmer or Burmese), so a sentence in these scripts is one
"word" to it and a word inside the sentence is never found. ICU's dictionary-based word break
iterator finds the words, and each boundary inside a run of these scripts becomes a space (MARK),
where Pagefind splits. The search page splits the query the same way with Intl.Segmenter, which
is ICU's word segmentation in the browser, and shows passages without a space between two words of
these scripts (assets/js/search.js). Thai goes through the same path, so that one segmentation
(ICU's) serves every script on both sides.
"""

from __future__ import annotations

import functools
import re

# Thai, Lao, Myanmar (with its extensions A and B), Khmer and Khmer symbols.
RUN = re.compile("[\u0E00-\u0EFF\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F\u1780-\u17FF\u19E0-\u19FF]+")
MARK = " "
_TEXT = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<[^>]*>)", re.DOTALL | re.IGNORECASE)


def needs_breaks(html: bytes) -> bool:
    """Whether a page has text in one of these scripts (all of them encode to 0xE0/0xE1 lead bytes)."""
    return RUN.search(html.decode("utf-8", "replace")) is not None


def with_word_breaks(html: str) -> str:
    """The page with MARK at every word boundary inside runs of these scripts, in text only (tags,
    scripts and styles as they were)."""
    parts = _TEXT.split(html)
    for at in range(0, len(parts), 2):   # even parts are text between tags
        parts[at] = RUN.sub(lambda run: MARK.join(words(run.group(0))), parts[at])
    return "".join(parts)


def words(run: str) -> list[str]:
    """A run of text split into ICU's words (dictionary-based for these scripts)."""
    iterator = _iterator()
    iterator.setText(run)
    bounds = [0, *iterator]
    return [run[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


@functools.cache
def _iterator():
    """One word break iterator per process: ICU picks each script's dictionary by the characters,
    whatever the locale. Imported here so that a missing package is reported where it is used."""
    import icu
    return icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
