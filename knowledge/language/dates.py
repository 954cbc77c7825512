"""Dates written out in text ("28 May 2015", "Oct 3", "today"), compared and shown one way,
and the dateline that opens a press release ("OSLO, 4 June 2019 (WHO) -")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from knowledge.language.vocabulary import WEEKDAYS, month_number

__all__ = ["Dateline", "after", "human_date", "read_dateline", "same_day", "written_day"]

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
    """The first day-and-month written in ``text`` ("3 October 2027", "Oct 3"), taking
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
    """Whether a single date written out ("3 October 2027", "Oct 3") is the day ``iso``;
    a range ("7-9 March") is a meeting's span, never one day."""
    day = _parse_iso(iso)
    if day is None or _RANGE.search(text):
        return False
    written, _ = written_day(text, day.year)
    return written == day


_WORD = r"[A-Z][\w'’.]*"
_DATELINE = re.compile(
    rf"(?P<place>{_WORD}(?:[ -]{_WORD}){{0,3}})(?:,\s*(?P<country>{_WORD}(?: {_WORD}){{0,2}}))?"
    r"(?:,?\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Z][a-z]{2,8})\.?"
    r"|(?P<month2>[A-Z][a-z]{2,8})\.?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)(?:,?\s+(?P<year>\d{4}))?)?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?\s*[-–—:]\s+(?=\S)"
)


@dataclass(frozen=True)
class Dateline:
    """Where and when a release was issued, as its opening words say.

    Attributes:
        place: The city, with its country when written ("TALLINN, Estonia").
        month: The month, or ``None`` when the dateline gives no date.
        day: The day of the month, or ``None`` likewise.
        year: The year, or ``None`` when the dateline leaves it out ("LIMA, Oct 3").
        length: Characters of the text it takes, its dash or colon and the space after included
            (what to cut to show the sentence alone); not compared.
    """

    place: str
    month: int | None = None
    day: int | None = None
    year: int | None = None
    length: int = field(default=0, compare=False)

    def date(self, year: int | None = None) -> dt.date | None:
        """The day it gives, taking ``year`` where it writes none; ``None`` if it gives no
        day, no year can be had, or the day does not exist."""
        if self.month is None or self.day is None or (self.year or year) is None:
            return None
        try:
            return dt.date(self.year or year, self.month, self.day)
        except ValueError:
            return None


def read_dateline(text: str) -> Dateline | None:
    """The dateline that opens ``text``, in any common form: a city, an optional country, a date
    (day-month or month-day, with or without a year), an optional agency in brackets, then a dash
    or colon ("QUITO, 9 May 2017 -", "LIMA, Oct 3 (UNICEF) -", "Nairobi, 12 February 2021:").

    Without a date, only a place in capitals with a country or an agency counts ("TALLINN,
    Estonia -"): a capitalised word and a dash open many other lines ("Background - ...",
    "AGENDA - ...").
    """
    m = _DATELINE.match(text)
    if not m or month_number(m["place"]) or m["place"].lower() in WEEKDAYS:  # "Monday, 10 March -" opens a day's programme
        return None
    city = m["place"].title() if m["place"].isupper() else m["place"]  # "QUITO" shown as "Quito"
    place = city + (f", {m['country']}" if m["country"] else "")
    month_word = m["month"] or m["month2"]
    if month_word is None:
        if m["place"].isupper() and (m["country"] or m["agency"]) and not text[m.end():m.end() + 1].islower():
            return Dateline(place, length=m.end())
        return None
    month = month_number(month_word)
    if month is None:
        return None
    return Dateline(place, month, int(m["day"] or m["day2"]), int(m["year"]) if m["year"] else None, m.end())
