"""Dates, date ranges, numbers, lists and names in a reader's language, from CLDR (Babel).

Readers' text never shows an ISO date: templates call these through the View (hub/render/renderer.py),
and the ISO form stays only in `datetime` attributes and machine-readable files. Babel's locale
data is a library (its version is in hub/unchanged.LIBRARIES), not a recorded input.
"""

from __future__ import annotations

import datetime
import functools

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.lists import format_list
from babel.numbers import format_decimal

# A day and month written out, as in "12 Juli 2023"; a range of days keeps it ("12–13 Juli 2023").
DATE_SKELETON = "yMMMd"


def is_locale(code: str) -> bool:
    """Whether CLDR knows the language `code` (site.yaml may name only those)."""
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def as_date(value) -> datetime.date:
    """A YYYY-MM-DD value from the content (kept as text by hub/source/yamlsafe.py) as a date."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def date(value, lang: str) -> str:
    """'12 Juli 2023', 'July 12, 2023', '12 กรกฎาคม ค.ศ. 2023': CLDR's long date."""
    return _format_date(as_date(value), "long", locale=_locale(lang))


def date_range(start, end, lang: str) -> str:
    """'12–13 Juli 2023', 'July 12 – 13, 2023': CLDR's interval format for a day, month and year,
    with the month written out as in `date`; one date when both are the same day."""
    start, end = as_date(start), as_date(end)
    if start == end:
        return date(start, lang)
    locale = _locale(lang)
    formats = locale.interval_formats.get(DATE_SKELETON) or {}
    greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    parts = formats.get(greatest)
    if not parts or any("/" in part for part in parts):   # numeric only (Lao): two long dates
        return locale.interval_formats[None].format(date(start, lang), date(end, lang))
    first, second = (_long_month(part) for part in parts)
    return _format_date(start, first, locale=locale) + _format_date(end, second, locale=locale)


def _long_month(pattern: str) -> str:
    """An interval pattern with its abbreviated month ('MMM') written out ('MMMM')."""
    return pattern.replace("MMMM", "\0").replace("MMM", "MMMM").replace("\0", "MMMM")


def number(value, lang: str) -> str:
    """1234567 -> '1,234,567', '1.234.567'."""
    return format_decimal(value, locale=_locale(lang))


def join(items, lang: str) -> str:
    """['A', 'B', 'C'] -> 'A, B, and C', 'A, B dan C'."""
    return format_list([str(item) for item in items], locale=_locale(lang))


def language_name(code: str, lang: str) -> str:
    """The name of language `code` in language `lang` ('Thai', 'ภาษาไทย'... as CLDR gives it)."""
    return _locale(code).get_display_name(_locale(lang)) or code


def territory_name(code: str, lang: str) -> str | None:
    """A country's name (ISO 3166-1 alpha-2) in `lang` from CLDR, or None when CLDR has none."""
    return _locale(lang).territories.get(code)
