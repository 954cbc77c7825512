"""Repairing scraped text and finding a document's title and date, wherever they sit.

Web pages scraped to text arrive with runs of blank lines, tabs splitting words, trailing
tabs, non-breaking spaces, and page furniture such as photo credits and share links. The
title and publication date are often at the bottom, after the body. :func:`clean_document`
turns such raw text into a :class:`CleanDocument`: title, date, body paragraphs, and the
boilerplate lines it set aside.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from knowledge.language.dates import read_dateline, written_day
from knowledge.language.nlp import ITEM, SYMBOL
from knowledge.language.times import find_times
from knowledge.language.vocabulary import MONTHS, WEEKDAYS
from knowledge.reading.formats import ITEM_MARK, SECTION_MARK

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
_DATE_BODY = (
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'm1')},?\s+(?P<y1>\d{{4}})"
    rf"|{_MONTH.replace('month', 'm2')}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})"
    rf"|(?P<d4>\d{{1,2}})\.(?P<m4>\d{{1,2}})\.(?P<y4>\d{{4}}))"
)
_DATE_LINE = re.compile(
    rf"^(?:(?:date|published|posted|updated)(?:\s+on)?\s*:?\s*)?(?:{_WEEKDAY})?{_DATE_BODY}\s*[.,]?$",
    re.IGNORECASE,
)

_RANGE = r"(?:\s*(?:-|–|and|to)\s*\d{1,2})?"
_HEAD_DATE = re.compile(
    rf"^(?P<place>(?:[^\W\d_][\w'’.-]*(?:[ -][^\W\d_][\w'’.-]*){{0,3}},\s*){{0,2}})(?:{_WEEKDAY})?"
    rf"(?:(?P<d1>\d{{1,2}}){_RANGE}\s+{_MONTH.replace('month', 'm1')},?\s+(?P<y1>\d{{4}})"
    rf"|{_MONTH.replace('month', 'm2')}\s+(?P<d2>\d{{1,2}}){_RANGE},?\s+(?P<y2>\d{{4}}))"
    r"\s*(?:\([^()]{1,60}\))?\s*[.,]?$",
    re.IGNORECASE,
)
"""A line under a meeting's name giving its place or days with the date ("Oslo, 4 March 2027",
"9 and 10 June 2027 (closed meeting)", "May 3-5, 2027"): it dates the document and stays in the
text, since the place or the note says more than the date."""

_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:photo|photograph|image|picture|pic)s?\s*(?:by|credits?|courtesy(?:\s+of)?)?\s*[:：]\s*\S.{0,120}$",
        r"^(?:photo|photograph|image|picture)s?\s+(?:by|credits?|courtesy\s+of)\s+\S.{0,120}$",
        r"^(?:©|\(c\)|copyright\b).{0,160}$",
        r"^all rights reserved\.?$",
        r"^(?:share|print|tweet|email|e-mail)(?:\s+this(?:\s+(?:page|article|story))?)?(?:\s+on\s+\w+)?\s*$",
        r"^(?:follow us|read more|back to top|skip to (?:main )?content|related (?:news|stories|content))\b.{0,80}$",
        r"^(?:tags?|categories|filed under)\s*:.{0,200}$",
        r"^subscribe\b.{0,80}newsletter.{0,40}$",
    )
]

_SENTENCE_END = '.!?:;,"”'
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\u00ad]")
"""Control characters (tab and newline aside) and invisible ones: one regex pass, much faster
than ``str.translate`` with a dict on long texts."""


@dataclass(frozen=True)
class CleanDocument:
    """A document after repair.

    Attributes:
        title: The headline, if one was found.
        date: The publication date, if one was found.
        paragraphs: Body paragraphs in reading order, title and date lines removed.
        boilerplate: Lines recognised as page furniture (photo credits, share links), kept aside.
        sections: The page or section of each paragraph ("p. 3", a heading), where the format
            tells (PDF, Word, web pages); empty for plain text.
    """

    title: str | None
    date: dt.date | None
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    sections: tuple[str | None, ...] = ()

    def section_of(self, i: int) -> str | None:
        return self.sections[i] if i < len(self.sections) else None


def repair_text(raw: str) -> str:
    """Fix what scraping broke, line by line, keeping blank lines as paragraph breaks.

    Joins a word a tab split in two ("smuggli<TAB>ng"), turns other tabs and odd spaces into
    single spaces, strips trailing whitespace, drops control and invisible characters, and
    normalises Unicode to NFC so that "Nikolić" is one spelling however it was typed.
    """
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    text = re.sub(r"(?<=[^\W\d_])\t+(?=[^\W\d_])", _join_split_word, text)
    text = re.sub(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000 ]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _join_split_word(match: re.Match[str]) -> str:
    nxt = match.string[match.end()]
    return "" if nxt.islower() else " "


def parse_date_line(line: str) -> dt.date | None:
    """The date a line consists of ("Thursday, 28 May 2015."), or ``None``."""
    m = _DATE_LINE.match(line.strip())
    if not m:
        return None
    g = m.groupdict()
    try:
        if g["d1"]:
            return dt.date(int(g["y1"]), MONTHS[g["m1"].lower()], int(g["d1"]))
        if g["d2"]:
            return dt.date(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
        if g["y3"]:
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        return dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:  # 31 February and the like
        return None


def parse_heading_date(line: str) -> dt.date | None:
    """The (first) date of a line like "Oslo, 4 March 2027" or "4-5 March 2027 (closed)" (see
    :data:`_HEAD_DATE`), or ``None``."""
    m = _HEAD_DATE.match(line.strip())
    if not m:
        return None
    day, month, year = (m["d1"], m["m1"], m["y1"]) if m["d1"] else (m["d2"], m["m2"], m["y2"])
    try:
        return dt.date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def heading_place(line: str) -> str | None:
    """The place of a line like "Oslo, Norway, 4 March 2027" (see :data:`_HEAD_DATE`), or ``None``."""
    m = _HEAD_DATE.match(line.strip())
    place = m["place"].strip(" ,") if m else ""
    return place if place and place.split(",")[0].strip().lower() not in WEEKDAYS else None


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture rather than content."""
    return any(p.match(line) for p in _BOILERPLATE)


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 25
        and len(line) <= 200
        and line[-1] not in _SENTENCE_END
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"“'‘")
        and any(ch.isalpha() for ch in line)
        and not _PERSON_FIELD.match(line)  # "Chair: Ms. HOLM (Norway)" under the date names the chair
    )


def clean_document(raw: str) -> CleanDocument:
    """Repair ``raw`` and separate title, date, boilerplate and body paragraphs.

    The title is, in order of preference: a Markdown ``# heading``; a ``Title:`` line; a
    headline-like line (short, no closing punctuation) right next to the date line; or a
    headline-like first line standing alone. The date is the first line that is only a date, else the date of the release's
    dateline. Lines that are only a date are removed from the body, unless they give different
    dates (a programme's days): then each stays, as a paragraph of its own.
    """
    lines = repair_text(raw).split("\n")
    kinds: list[str] = []  # "text", "blank", "date", "boiler"
    date: dt.date | None = None
    boilerplate: list[str] = []
    heading_dates: list[int] = []  # lines like "Oslo, 4 March 2027": they stay in the text
    heading_date: dt.date | None = None
    for i, line in enumerate(lines):
        if not line:
            kinds.append("blank")
        elif line.startswith(SECTION_MARK):
            kinds.append("section")
        elif is_boilerplate(line):
            kinds.append("boiler")
            boilerplate.append(line)
        elif (parsed := parse_date_line(line)) is not None:
            kinds.append("date")
            date = date or parsed
        else:
            kinds.append("text")
            if (headed := parse_heading_date(line)) is not None:
                heading_dates.append(i)
                heading_date = heading_date or headed

    date = date or heading_date
    title_index = _find_title(lines, kinds, heading_dates)
    title = None
    if title_index is not None:
        title = re.sub(r"^(?:#+\s*|title\s*:\s*)", "", lines[title_index], flags=re.IGNORECASE).strip() or None
        kinds[title_index] = "title"

    # Lines of different dates are the days of a programme ("Thursday, 4 March 2027" over that
    # day's rows), not a page's publication date: each stays, a paragraph of its own.
    days = len({parse_date_line(line) for line, kind in zip(lines, kinds) if kind == "date"}) > 1
    paragraphs: list[tuple[str | None, str]] = []
    block: list[str] = []
    section: str | None = None
    for line, kind in zip(lines, kinds):
        if kind == "text":
            block.append(re.sub(r"^#+\s+", "", line))
            continue
        if block:
            paragraphs.append((section, join_block(block)))
            block = []
        if kind == "date" and days:
            paragraphs.append((section, line.strip()))
        if kind == "section":
            section = line[len(SECTION_MARK):].strip() or None
    if block:
        paragraphs.append((section, join_block(block)))
    kept = [(sec, p) for sec, p in paragraphs if p]
    sections = tuple(sec for sec, _ in kept) if any(sec for sec, _ in kept) else ()
    body = tuple(p for _, p in kept)
    return CleanDocument(title, date or _dateline_date(body) or _title_date(title), body, tuple(boilerplate), sections)


def _title_date(title: str | None) -> dt.date | None:
    """A day the title writes in full ("Council meeting 2027-05-04", "Board minutes, 4 May 2027"):
    notes named by their day carry no other date."""
    if title and (m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", title)):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    day, _ = written_day(title or "", 1)
    return day if day is not None and day.year > 1 else None


def _dateline_date(paragraphs: tuple[str, ...]) -> dt.date | None:
    """The date of the dateline that opens one of the first two paragraphs ("OSLO, 4 June
    2019 (WHO) -"). A dateline without a year ("LIMA, Oct 3 -") takes the one year the
    text names; with none or several, the document stays undated rather than dated wrong."""
    for paragraph in paragraphs[:2]:
        found = read_dateline(paragraph)
        if found is not None and found.month is not None:
            years = set(re.findall(r"\b(?:19|20)\d\d\b", "\n".join(paragraphs)))
            return found.date(int(years.pop()) if len(years) == 1 else None)
    return None


def _find_title(lines: list[str], kinds: list[str], heading_dates: list[int] = ()) -> int | None:
    texts = [i for i, k in enumerate(kinds) if k == "text"]
    if not texts:
        return None
    for i in texts:
        if re.match(r"^#\s+\S", lines[i]) or re.match(r"^title\s*:\s*\S", lines[i], re.IGNORECASE):
            return i
    dated = [i for i, k in enumerate(kinds) if k == "date"]
    for d in dated + [i for i in heading_dates[:1] if not dated]:  # "Oslo, 4 March 2027" under the name
        for step in (-1, 1):
            j = d + step
            while 0 <= j < len(lines) and kinds[j] in ("blank", "boiler"):
                j += step
            if 0 <= j < len(lines) and kinds[j] == "text" and j not in heading_dates and _is_headline(lines[j]) \
                    and _stands_alone(kinds, j, besides=d):
                return j
    first = texts[0]
    if _is_headline(lines[first]) and _stands_alone(kinds, first):
        return first
    return None


def _stands_alone(kinds: list[str], i: int, besides: int | None = None) -> bool:
    """A line is its own block: no other text line directly above or below it (but ``besides``)."""
    return all(not (0 <= j < len(kinds)) or kinds[j] != "text" or j == besides for j in (i - 1, i + 1))


UNWRAPPED_CHARS = 200
"""A block with a line longer than this was not wrapped at a width (text wrapped for e-mail or print
runs to 60-100 characters a line; PDF pages' lines here to about 120): its lines are paragraphs,
headings ("Background") and list entries written one a line. A line that breaks off before a
lower-case word (a copy's stray line break) still runs on."""


def join_block(block: list[str]) -> str:
    """The lines of a block as one paragraph: joined with spaces (prose wrapped at a width), but
    kept apart in a list (bullets, "1."), in a block not wrapped at a width (:data:`UNWRAPPED_CHARS`) and in a timetable or table, where at least half the
    lines (and two) open with a time of day or hold a table cell ("09h30 | Opening"). Where two
    lines or more open with an agenda item ("Item 4 Report of the Lakes Board"), a document symbol
    ("A/79/1 - Report"), a time or a field's label ("Host: Harbour Office"), each of those starts a
    line and the others wrap on."""
    if any(line.startswith(ITEM_MARK) for line in block):  # a Markdown list, its items already whole
        return "\n".join(line.removeprefix(ITEM_MARK) for line in block)
    if any(re.match(r"^(?:[-*•]|\d+[.)])\s", line) for line in block):
        return "\n".join(block)  # a list: keep its items on their own lines
    if any(len(line) > UNWRAPPED_CHARS for line in block):  # not wrapped at a width: each line is a
        # paragraph, a heading or an entry, unless it breaks off mid-sentence before a lower-case word
        return "".join(line + (" " if i + 1 < len(block) and block[i + 1][:1].islower() and line[-1:] not in ".!?:;"
                               else "\n") for i, line in enumerate(block)).rstrip("\n")
    rows = sum(1 for line in block if " | " in line or _opens_with_time(line))
    if rows >= 2 and rows * 2 >= len(block):
        return "\n".join(block)
    opens = [_opens_unit(line) for line in block]
    if sum(opens) >= 2:  # an agenda's "Item 3 ..." lines, or papers by symbol: each starts a line
        lines: list[str] = []
        for line, new in zip(block, opens):
            if new or not lines:
                lines.append(line)
            else:  # wrapped on from the line above ("... on the water levels of the" / "northern lakes")
                lines[-1] = f"{lines[-1]} {line}"
        return "\n".join(lines)
    return " ".join(block)


def _opens_unit(line: str) -> bool:
    """Whether a line starts with an agenda item's label, a document symbol, a time of day or a
    field's label ("Host: Harbour Office", "Times:") or the item's length ("15 min - Opening"), or
    is an entry of a list of people ("Mr. HOLM Norway", "Ms. Ana Berg Lakes Board of Oslo")."""
    symbol = SYMBOL.match(line)
    return bool(ITEM.match(line) or (symbol and re.search(r"\d", symbol.group(0))) or _opens_with_time(line)
                or _FIELD.match(line) or TIMEBOX.match(line) or NAME_LINE.match(line))


TIMEBOX = re.compile(r"\d{1,3} ?(?:min|mins|minutes|hrs?|hours?)\b")
"""An agenda item's length opening its line ("15 min - Editors' update")."""


_FIELD = re.compile(r"[A-Z][\w’'()/-]*(?: [\w’'()/-]+){0,3}:(?:\s|$)")
"""A field's label opening a line: a capitalised word and at most three more, then a colon."""
_COURTESY = r"(?:Mr|Mrs|Ms|Miss|Mme|Dr|Prof|Sir|Dame|H\.\s?E)\.?\s+"
_PERSON_FIELD = re.compile(_FIELD.pattern + r"\s*" + _COURTESY)
"""A field naming a person ("Chairman: Mr. HOLM"): a record's field, never its headline."""
NAME_LINE = re.compile(_COURTESY + r"(?:(?:van|von|de|da|du|di|del|la|le)\s+)?[A-Z][\w’'.-]*"
                       r"(?:\s+(?:[A-Z(][\w’'.()-]*|of|and|for|the|on|de|du|la|van|von|da))*\s*$")
"""A line that is only a titled name and the capitalised words of a country or body ("Mr. LUND
Norway", "Sir Tom HOLM Federated States of the Northern Lakes"): an entry of a list
of people, as summary records print them one a line. Prose wrapped at a width has lower-case words."""


def _opens_with_time(line: str) -> bool:
    spans = find_times(line)
    return bool(spans) and spans[0].char_start == 0
