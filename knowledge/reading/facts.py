"""Meeting facts found in a document's text: date, weekday, place, duration, event, organisers,
photo credit, each with the passage that states it.

Nothing here is keyed to one document: the patterns are those of press releases and briefing
notes in general ("gathered in <Place>", "the two-day <Event> Meeting", "co-organized by ...").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from knowledge.language.dates import Dateline, read_dateline, written_day
from knowledge.language.nlp import DURATION, entities, parse
from knowledge.language.times import find_times
from knowledge.language.vocabulary import MONTH_NAMES, WEEKDAYS
from knowledge.reading.cleaning import heading_place, is_boilerplate
from knowledge.reading.passages import Passage, split_sentences

_MONTHS_AND_DAYS = {name.capitalize() for name in MONTH_NAMES + WEEKDAYS}
_MONTHS_LOWER = {name.lower() for name in MONTH_NAMES + WEEKDAYS}
_VENUE_VERBS = (
    r"gather(?:ed|s)?|met|meets?|meeting|held|hosted|convened?|convenes|opened|opens|took place|takes? place|"
    r"taking place|began|begins|started|starts|assembled|came together|come together|arrived|(?:co-)?organi[sz]e[sd]?"
)
_CAP = r"[A-Z][\w'’-]*"
_PLACE = re.compile(rf"\b(?:in|at)\s+(?:the\s+)?((?:{_CAP})(?:\s+(?:{_CAP}))?(?:,\s+{_CAP})?)")
_EVENT_WORDS = r"Meeting|Conference|Summit|Forum|Workshop|Seminar|Session|Assembly|Symposium|Congress|Round ?table|Dialogue|Consultation"
_EVENT = re.compile(rf"\b((?:{_CAP}\s+){{0,7}}(?:{_EVENT_WORDS}))\b")
_ORGANISERS = re.compile(
    r"\b(?:co-?)?organi[sz]ed\s+(?:jointly\s+)?by\s+(.+?)(?:,?\s+and\s+(?:brings|is|will|was|gathers)\b|[.;]|$)", re.IGNORECASE
)
_CREDIT = re.compile(r"^(?:photo|photograph|image|picture)s?\s*(?:by|credits?|courtesy(?:\s+of)?)?\s*[:：]?\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    """A fact and where it is stated (``passage`` is a position in the document, or ``None``
    when it comes from the page around the text, such as the date line or a photo credit)."""

    value: str
    passage: int | None
    sentence: str | None = None


@dataclass(frozen=True)
class MeetingFacts:
    """What one document says about its meeting."""

    document: str
    title: str | None
    date: Fact | None
    place: Fact | None
    duration: Fact | None
    event: Fact | None
    organisers: Fact | None
    photo_credit: Fact | None

    @property
    def weekday(self) -> str | None:
        if self.date is None:
            return None
        return f"{dt.date.fromisoformat(self.date.value):%A}"


def _first(passages: list[Passage], find) -> Fact | None:
    for passage in passages:
        for sentence in split_sentences(passage.text):
            value = find(sentence)
            if value:
                return Fact(value, passage.position, sentence)
    return None


def _place(sentence: str) -> str | None:
    """Where a meeting was: the capitalised words after "in" or "at" in a sentence with a
    venue verb ("The board met in New York, USA"), as far as the language model reads them as
    a place or a venue ("Held in the Palais de Rumine, Lausanne"), or a bare name it missed ("in
    Lyon"); not "in the Chair" or "in May"."""
    if not re.search(rf"\b(?:{_VENUE_VERBS})\b", sentence, re.IGNORECASE):
        return None
    places = [e for e in entities(sentence) if e.kind in ("PLACE", "VENUE")]
    for m in _PLACE.finditer(sentence):
        place = m.group(1)
        if place.split()[0] in _MONTHS_AND_DAYS or place.isupper() or re.search(rf"(?:{_EVENT_WORDS})$", place):
            continue
        first = next((e for e in places if e.start <= m.start(1) < e.end), None)
        if first is None:  # the tagger missed it (it reads "Lyon" as a person): a bare name still
            if re.search(r"\bthe\s", m.group(0), re.I):  # is a place, "in the Chair" is not
                continue
            after = re.match(r"\s+([a-z]+)\b", sentence[m.end(1):])
            if after and any(t.idx == m.end(1) + after.start(1) and t.pos_ == "NOUN" for t in parse(sentence)):
                continue  # "written in AsciiDoc format": a name before a noun qualifies it
            return place
        end = first.end  # the place as the tagger reads it, and a place after it ("Lausanne" in "Palais de Rumine, Lausanne")
        after = next((e for e in places if e.start > end and not sentence[end:e.start].strip(" ,")), None)
        return sentence[m.start(1):(after or first).end].rstrip(" ,.")
    return None


def _heading(passages: list[Passage]) -> Fact | None:
    """The place of a line giving it with the date ("Tallinn, 4 March 2027"), or alone on
    a line of the first passage (a record's heading block: "Lisbon"), as a fact."""
    for p in passages:
        for line in p.text.split("\n"):
            if place := heading_place(line) or (p.position == 0 and place_alone(line.strip())):
                return Fact(place, p.position, line.strip())
    return None


def place_alone(line: str) -> str | None:
    """``line`` if it is only a place's name ("Lisbon", a record's heading block), else ``None``."""
    found = entities(line) if 0 < len(line) <= 60 else []
    return line if len(found) == 1 and found[0].kind == "PLACE" and found[0].text == line else None


_HELD = re.compile(r"(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bbeen )\bheld\b(?![^.;]*\b(?:last|previous|prior|next|earlier)\b)",
                   re.IGNORECASE)
"""A heading's "held" ("Meeting held at Bergen on ..."), not a sentence's about another meeting."""


def _held_date(text: str) -> str | None:
    """The meeting's own date (ISO) in a document's opening passage: after a heading's "held"
    ("Held via videoconference on Monday, 21 June 2021"), or on a line of its date and time
    alone ("At 7.30pm on Wednesday 10 July 2013"). Minutes are posted weeks after their meeting,
    so this beats the page's date; a year must be written."""
    for line in text.split("\n"):
        day, _ = written_day(re.sub(rf"\b(?:{'|'.join(WEEKDAYS)})\b,?", "", line, flags=re.I), 1)  # not "Wednesday 10"
        if day is None or day.year < 1000:
            continue
        held = _HELD.search(line)
        if held and held.start() < line.find(str(day.year)) or dates_only(line):
            return day.isoformat()
    return None


def dates_only(line: str) -> bool:
    """Whether ``line`` says only a day and time ("At 7.30pm on Wednesday 10 July 2013",
    "Thursday 4 May 2027", "15 and 16 May 2027 (private meeting)"), as a record's heading block
    dates its meeting; a closing bracket may add a remark."""
    rest = re.sub(r"\s*\([^()]*\)\s*$", "", line)
    for span in reversed(find_times(line)):
        rest = rest[: span.char_start] + rest[span.char_end :]
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", rest)}
    return bool(re.search(r"\d", rest)) and "\n" not in line.strip() \
        and words <= _MONTHS_LOWER | {"at", "on", "from", "to", "of", "the", "and"}


def _stated_date(sentence: str) -> str | None:
    """The day (ISO) a sentence about the meeting gives in full ("The forum meets in Bergen on 4
    May 2027"), for a page that gives none of its own."""
    dateline = read_dateline(sentence)
    sentence = sentence[dateline.length:] if dateline else sentence  # the day it was written, not of the meeting
    meeting = re.search(rf"\b(?:{_VENUE_VERBS}|{_EVENT_WORDS})\b", sentence, re.I)
    day, _ = written_day(sentence[meeting.start():] if meeting else "", 1)
    return day.isoformat() if day is not None and day.year > 1 else None


def _dateline(passages: list[Passage]) -> tuple[Passage, Dateline] | None:
    """The dateline opening one of a release's first two passages ("QUITO, 9 May 2017 -"),
    with its passage."""
    return next(((p, found) for p in passages[:2] if (found := read_dateline(p.text)) is not None), None)


def meeting_length(sentence: str) -> str | None:
    """A meeting's length ("two-day", "week-long", "for three days"): a duration in days, weeks or
    months (years and hours are rarely a meeting's length: "20 years of cooperation"), written
    as a length, not a span of time ("one incident in the last four weeks"); "for" one in a
    sentence about meeting ("met for three days", not "asked for a few days to reply"), and a
    "two-day" before a meeting's name ("the two-day Harbour Forum", not "a year-long post")."""
    meeting = re.search(rf"\b(?:{_VENUE_VERBS}|{_EVENT_WORDS})\b", sentence, re.I)
    return next((m.group(0) for m in DURATION.finditer(sentence) if re.search(r"day|week|month", m.group(0), re.I)
                 and ("-" in m.group(0) and _EVENT_AFTER.match(sentence[m.end():])
                      or re.search(r"\b(?:lasting|lasted|lasts|over|during)\s+$", sentence[: m.start()], re.I)
                      or meeting and re.search(r"\bfor\s+$", sentence[: m.start()], re.I))),
                None)


_EVENT_AFTER = re.compile(rf"\s+(?:[A-Z]|(?:[\w-]+\s+){{0,3}}(?i:{_EVENT_WORDS}|event|talks|course|training|visit)s?\b)")
"""What follows a "two-day" that measures a meeting: its name ("Harbour Regatta", "Lakes
Commission Annual Meeting") or a word for one ("high-level meeting"), not another noun ("post")."""


def _event(sentence: str) -> str | None:
    m = _EVENT.search(sentence)
    if not m:
        return None
    words = m.group(1).split()
    while words and words[0] in {"The", "A", "An", "This"}:
        words = words[1:]
    return " ".join(words) if len(words) > 1 else None


def _organisers(sentence: str) -> str | None:
    m = _ORGANISERS.search(sentence)
    return m.group(1).strip(" ,") if m else None


def extract_facts(
    document: str, title: str | None, date: str | None, passages: list[Passage], boilerplate: tuple[str, ...]
) -> MeetingFacts:
    """Find the meeting facts of one document from its passages and page furniture."""
    dated_passage = next((p.position for p in passages if re.search(r"\b(today|this week)\b", p.text, re.I)), None)
    dateline = _dateline(passages)
    if dated_passage is None and dateline and dateline[1].month:  # else the dateline that gives the day
        dated_passage = dateline[0].position
    credit = None
    for line in boilerplate:
        m = _CREDIT.match(line)
        if m and is_boilerplate(line):
            credit = Fact(m.group(1).strip(), None, line)
            break
    return MeetingFacts(
        document=document,
        title=title,
        date=(Fact(held, passages[0].position) if passages and (held := _held_date(passages[0].text)) else None)
        or (Fact(date, dated_passage) if date else None) or _first(passages[:2], _stated_date),
        # where the release was issued, when no sentence says where the meeting was
        # a line under the name ("Tallinn, 4 March 2027") says where the meeting is; else a sentence
        place=_heading(passages[:2]) or _first(passages, _place) or (Fact(dateline[1].place, dateline[0].position,
                                                split_sentences(dateline[0].text)[0]) if dateline else None),
        duration=_first(passages, meeting_length),
        event=_first(passages, _event) or (Fact(title, None) if title else None),
        organisers=_first(passages, _organisers),
        photo_credit=credit,
    )
