"""Times of day as agendas and programmes write them ("09h00-10h30", "9-10 a.m.", "15.00 | Opening",
"14:00 (CET)", "1000-1100 hrs", "noon"), read once. Standard library only.

Numbers that only look like times are left alone: amounts ("USD 1.50", "3.25 per cent"), section
numbers ("item 3.1", "paragraph 12.45"), dates ("12.10.2023", "10/12"), years ("2015-2030"),
document symbols ("A/78/10") and scores ("won 3-1"). "N.NN" is a time only with a meridiem, zone
or "hrs" after it, beside another time in a range, or at the start of a line or table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ZONE_OFFSETS", "ClockTime", "TimeSpan", "find_times", "parse_time", "question_times", "zone_offset"]

#: Minutes east of UTC of the zone abbreviations UN and EU programmes write. Ambiguous ones are
#: read one way: IST is India (+05:30), CST and CDT are US Central, GST is Gulf Standard Time.
ZONE_OFFSETS: dict[str, int] = {
    "GMT": 0, "UTC": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "PST": -480, "PDT": -420,
    "MSK": 180, "IST": 330, "JST": 540, "AEST": 600, "EAT": 180, "WAT": 60, "SAST": 120,
    "GST": 240,
}

_ZONE = (r"(?-i:(?:" + "|".join(sorted(ZONE_OFFSETS, key=len, reverse=True)) + r")"
         r"(?:\s?[+\-−]\s?\d{1,2}(?::?\d{2})?)?)(?!\w)|local\s+time")


def _piece(p: str) -> str:
    """The pattern of one written time; its groups are named with the prefix ``p``."""
    return (rf"(?:\b(?:12\s*)?(?P<{p}w>noon|midday|midnight)|(?P<{p}x>\d{{4}})"
            rf"|(?P<{p}h>\d{{1,2}})(?:(?P<{p}s>[:.])(?P<{p}m>\d{{2}})|(?P<{p}hf>h)(?P<{p}hm>\d{{2}})?)?)"
            rf"(?!\d)(?:\s?(?P<{p}mer>[ap])\.?\s?m\b\.?)?(?:\s*(?P<{p}hrs>hrs|hours)\b)?"
            rf"(?:\s*\(\s*(?P<{p}z>{_ZONE})\s*\)|\s*(?P<{p}z2>{_ZONE}))?")


_START = r"(?<![\w.,/:\-–—+$€£])"
_END = r"(?![\w%$€£]|[.,:/\-–]\d|\s*(?:per\s*cent|percent)\b)"
_RANGE = re.compile(
    rf"(?:\b(?:from|(?P<between>between))\s+)?{_START}(?P<a>{_piece('a')})"
    rf"(?:\s*(?:[-–—]|(?:to|until|till|(?(between)and|(?!)))\b)\s*(?P<b>{_piece('b')}))?{_END}", re.I)
_SINGLE = re.compile(rf"{_START}(?P<a>{_piece('a')}){_END}", re.I)
_REFERENCE = re.compile(r"\b(?:paragraphs?|paras?|items?|sections?|articles?|rules?|pages?|pp?|annex"
                        r"|chapters?|version|v|no|nos|table|figure|fig|usd|eur|gbp|chf)\.?\s*\Z", re.I)
_PREPOSITION = re.compile(r"\b(?:at|by|from|until|till|before|after|around|about|since)\s+\Z", re.I)
_CLOCK_PREPOSITION = re.compile(r"\b(?:at|from|until|till|since)\s+\Z", re.I)
"""Words that put a dotted number in prose on the clock ("starts at 15.00"): not "by", "about"
or "around", which as often precede an amount ("rose by 3.25")."""
_SCALE = re.compile(r"\s*(?:million|billion|trillion|thousand|per\b|dollars?|euros?|francs?|points?)", re.I)


@dataclass(frozen=True)
class ClockTime:
    """A time of day on the 24-hour clock.

    Args:
        hour: 0 to 23.
        minute: 0 to 59.
        zone: The zone as written ("GMT", "CET", "UTC+2", "local"); defaults to ``None``, unsaid.
    """

    hour: int
    minute: int
    zone: str | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError(f"no such time of day: {self.hour}:{self.minute}")

    @property
    def minutes(self) -> int:
        """Minutes since midnight."""
        return self.hour * 60 + self.minute

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}" + (f" {self.zone}" if self.zone else "")


@dataclass(frozen=True)
class TimeSpan:
    """A time, or a range of times, found in text.

    Args:
        start: The time written first.
        end: The time the range ends; ``None`` for a single time.
        text: The words as written, ``source[char_start:char_end]``.
        char_start: Offset of the first character in the source text.
        char_end: Offset just after the last character.
    """

    start: ClockTime
    end: ClockTime | None
    text: str
    char_start: int
    char_end: int

    def contains(self, t: ClockTime) -> bool:
        """Whether ``t`` falls in ``start <= t < end``; with no end, whether it is the start.

        A range that ends before it starts ("22:00-01:00") runs over midnight. When ``t`` and the
        span both carry zones with known offsets, ``t`` is first moved into the span's zone;
        otherwise the clocks are compared as written.
        """
        at = t.minutes
        here, there = zone_offset(self.start.zone), zone_offset(t.zone)
        if here is not None and there is not None:
            at = (at + here - there) % 1440
        first = self.start.minutes
        if self.end is None:
            return at == first
        last = self.end.minutes
        return first <= at < last if first <= last else (at >= first or at < last)


def zone_offset(zone: str | None) -> int | None:
    """Minutes east of UTC of a zone as written ("CET", "GMT+1", "UTC-05:30"); ``None`` if unknown."""
    if zone is None:
        return None
    m = re.fullmatch(r"([A-Z]+)(?:\s?([+\-−])\s?(\d{1,2})(?::?(\d{2}))?)?", zone)
    if not m or m.group(1) not in ZONE_OFFSETS:
        return None
    shift = int(m.group(3) or 0) * 60 + int(m.group(4) or 0)
    return ZONE_OFFSETS[m.group(1)] + (-shift if m.group(2) in ("-", "−") else shift)


@dataclass
class _Piece:
    kind: str  # word, x (four digits), colon, dot, h (09h00), bare (an hour alone)
    hour: int
    minute: int
    digits: str
    mer: str | None
    hrs: bool
    zone: str | None


def _read(m: re.Match[str], p: str) -> _Piece | None:
    if m.groupdict().get(p) is None:
        return None
    zone = m.group(p + "z") or m.group(p + "z2")
    zone = "local" if zone and zone.lower().startswith("local") else zone and re.sub(r"\s", "", zone)
    mer, hrs = (m.group(p + "mer") or "").lower() or None, bool(m.group(p + "hrs"))
    if word := m.group(p + "w"):
        return _Piece("word", 0 if word.lower() == "midnight" else 12, 0, "", None, hrs, zone)
    if x := m.group(p + "x"):
        return _Piece("x", int(x[:2]), int(x[2:]), x, mer, hrs, zone)
    h, sep = m.group(p + "h"), m.group(p + "s")
    kind = {":": "colon", ".": "dot"}.get(sep or "", "h" if m.group(p + "hf") else "bare")
    minute = m.group(p + "m") or m.group(p + "hm") or "0"
    return _Piece(kind, int(h), int(minute), h, mer, hrs, zone)


def _line_start(text: str, at: int) -> bool:
    """Whether only spaces and a bullet stand between ``at`` and a line break, "|" or tab."""
    while at and text[at - 1] in " *•-":
        at -= 1
    return at == 0 or text[at - 1] in "\n\r|\t"


def _valid(a: _Piece, b: _Piece | None, text: str, at: int, lenient: bool) -> bool:
    before = text[max(0, at - 30):at]  # the words just before; a window keeps long lines linear
    marked = bool(a.zone or a.hrs or (b and (b.zone or b.hrs)))
    line = _line_start(text, at) or (lenient and _PREPOSITION.search(before) is not None)
    if not line and b is None and a.kind == "dot" and a.minute % 5 == 0 and _CLOCK_PREPOSITION.search(before):
        # "The meeting starts at 15.00": prose puts meetings on the quarter hour and five-minute
        # marks, while an amount after "at" rarely lands there and is followed by its unit
        line = not _SCALE.match(text, at + len(a.digits) + 3)  # after "H.MM"
    weak = {a.kind, b.kind if b else "dot"} <= {"dot", "bare", "x"} and not (marked or a.mer or (b and b.mer))
    if weak and _REFERENCE.search(before):
        return False
    if b is None:
        return {"word": True, "colon": True, "h": True, "dot": bool(a.mer or marked or line),
                "bare": bool(a.mer), "x": a.hrs}[a.kind]
    kinds = {a.kind, b.kind}
    if "x" in kinds:
        years = all(1900 <= int(p.digits) <= 2099 for p in (a, b))
        return kinds == {"x"} and (a.hrs or b.hrs or (a.minute % 5 == b.minute % 5 == 0 and not years))
    if "bare" in kinds and not (a.mer or b.mer):
        other = b if a.kind == "bare" else a
        return other.kind in ("colon", "h", "word") or (other.kind == "dot" and (marked or line))
    return True


def _clock(p: _Piece, mer: str | None, zone: str | None) -> ClockTime | None:
    hour = p.hour
    if mer is not None and p.kind != "word":
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if mer == "p" else 0)
    if hour > 23 or p.minute > 59:
        return None
    return ClockTime(hour, p.minute, zone)


def _span(m: re.Match[str], text: str, lenient: bool) -> TimeSpan | None:
    a, b = _read(m, "a"), _read(m, "b")
    if a is None or not _valid(a, b, text, m.start("a"), lenient):
        return None
    if b is None:
        start = _clock(a, a.mer, a.zone)
        return start and TimeSpan(start, None, text[m.start("a"):m.end()], m.start("a"), m.end())
    zone_a, zone_b = a.zone or b.zone, b.zone or a.zone
    start, end = _clock(a, a.mer or (b.mer if a.hour <= 12 else None), zone_a), _clock(b, b.mer or a.mer, zone_b)
    if start is None or end is None:
        return None
    if end.minutes < start.minutes:  # "11-1 p.m.", "10 a.m.-2", "noon to 2", "11:30-1:00"
        if a.mer is None and b.mer and a.kind != "word":
            start = _clock(a, "a" if b.mer == "p" else "p", zone_a) or start
        elif b.mer is None and b.kind != "word" and (a.mer or len(b.digits) == 1):
            later = _clock(b, "p" if a.mer == "a" or not a.mer else "a", zone_b)
            end = later if later and (later.minutes > start.minutes or a.mer == "p") else end
    return TimeSpan(start, end, text[m.start("a"):m.end()], m.start("a"), m.end())


def _scan(text: str, lenient: bool = False) -> list[TimeSpan]:
    found, pos = [], 0
    while m := _RANGE.search(text, pos):
        span = _span(m, text, lenient)
        if span is None and m.group("b") is not None:
            single = _SINGLE.match(text, m.start("a"))
            span = _span(single, text, lenient) if single else None
        if span is None:
            pos = m.start("a") + 1
            continue
        found.append(span)
        pos = span.char_end
    return found


def find_times(text: str) -> list[TimeSpan]:
    """Every time and range of times written in ``text``, in order.

    Args:
        text: A line of an agenda or programme, or any prose.

    Returns:
        One :class:`TimeSpan` per time or range; an empty list if there is none.
    """
    return _scan(text)


def parse_time(text: str) -> ClockTime | None:
    """The first time of day in a question or its fragment ("15h00", "3 pm", "at 9.30", "noon").

    Reads as :func:`find_times` does, and also takes "N.NN" after "at", "by", "from", "until",
    "before", "after", "around" or "since". An hour alone ("at 9") is not read.

    Args:
        text: The question or the fragment of it that names a time.

    Returns:
        The time (the start of a range), or ``None`` when no time is written.
    """
    spans = question_times(text)
    return spans[0].start if spans else None


def question_times(text: str) -> list[TimeSpan]:
    """The times a question writes, as :func:`parse_time` reads them, with where they are written."""
    return _scan(text, lenient=True)
