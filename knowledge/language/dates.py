"""Dates written out in text ("28 May 2015", "Sept 29", "today"), compared and shown one way."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.language.vocabulary import month_number

__all__ = ["after", "human_date", "same_day", "written_day"]

_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?(?:,?\s+(\d{4}))?\b"
                        r"|\b([A-Za-z]{3,})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?\b")
_RANGE = re.compile(r"\d\s*(?:-|–|to|and|until)\s*\d|\bto\b")


def human_date(iso: str) -> str:
    """``2015-05-28`` -> ``Thursday, 28 May 2015``, the one way dates are shown to people."""
    day = dt.date.fromisoformat(iso)
    return f"{day:%A}, {day.day} {day:%B %Y}"


def _parse_iso(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return None


def written_day(text: str, year: int) -> tuple[dt.date | None, bool]:
    """The first day-and-month written in ``text`` ("29 September 2003", "Sept 29"), taking
    ``year`` where none is written. Returns the day (``None`` if unreadable) and whether one was
    written at all."""
    m = _DAY_MONTH.search(text)
    if not m:
        return None, False
    number, month, written_year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
    month_no = month_number(month[:3])  # "Sept", "September", "Sep." alike
    if month_no is None:
        return None, True
    try:
        return dt.date(int(written_year) if written_year else year, month_no, int(number)), True
    except ValueError:
        return None, True


def after(text: str, iso: str) -> bool:
    """Whether a date written out lies after the day ``iso`` (the release's date): a relative
    word is that day itself; a date without a year takes the release's; an unreadable one counts."""
    published = _parse_iso(iso)
    if published is None:
        return True
    if re.search(r"\b(today|yesterday|this week)\b", text, re.I):
        return False
    if re.search(r"\btomorrow\b", text, re.I):
        return True
    day, _ = written_day(text, published.year)
    return day is None or day > published


def same_day(text: str, iso: str) -> bool:
    """Whether a single date written out ("29 September 2003", "Sept 29") is the day ``iso``;
    a range ("7-9 March") is a meeting's span, never one day."""
    day = _parse_iso(iso)
    if day is None or _RANGE.search(text):
        return False
    written, _ = written_day(text, day.year)
    return written == day
