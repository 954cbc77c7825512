"""Times of day as agendas write them are read once; numbers that only look like times are not."""

import pytest

from knowledge.language.times import ZONE_OFFSETS, ClockTime, TimeSpan, find_times, parse_time, zone_offset


def _read(text):
    """Each span as (start, end or None, text as written), the clocks shown as ``str`` does."""
    return [(str(s.start), str(s.end) if s.end else None, s.text) for s in find_times(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("09h00", ("09:00", None, "09h00")),
    ("9h", ("09:00", None, "9h")),
    ("4h30", ("04:30", None, "4h30")),
    ("00h00", ("00:00", None, "00h00")),
    ("09h00-10h30", ("09:00", "10:30", "09h00-10h30")),
    ("9.00 a.m.", ("09:00", None, "9.00 a.m.")),
    ("9.30am", ("09:30", None, "9.30am")),
    ("9:30am", ("09:30", None, "9:30am")),
    ("3 pm", ("15:00", None, "3 pm")),
    ("3 PM", ("15:00", None, "3 PM")),
    ("9 A.M.", ("09:00", None, "9 A.M.")),
    ("3:00 p.m.", ("15:00", None, "3:00 p.m.")),
    ("12 am", ("00:00", None, "12 am")),
    ("12 pm", ("12:00", None, "12 pm")),
    ("12:30 a.m.", ("00:30", None, "12:30 a.m.")),
    ("noon", ("12:00", None, "noon")),
    ("Noon", ("12:00", None, "Noon")),
    ("midday", ("12:00", None, "midday")),
    ("12 noon", ("12:00", None, "12 noon")),
    ("midnight", ("00:00", None, "midnight")),
    ("15.00-18.00", ("15:00", "18:00", "15.00-18.00")),
    ("15:00 – 18:00", ("15:00", "18:00", "15:00 – 18:00")),
    ("15:00—18:00", ("15:00", "18:00", "15:00—18:00")),
    ("10.00 to 12.30", ("10:00", "12:30", "10.00 to 12.30")),
    ("10:00 until 12:00", ("10:00", "12:00", "10:00 until 12:00")),
    ("3:30pm-4:30pm", ("15:30", "16:30", "3:30pm-4:30pm")),
    ("9 a.m. to 5 p.m.", ("09:00", "17:00", "9 a.m. to 5 p.m.")),
    ("1000-1100 hrs", ("10:00", "11:00", "1000-1100 hrs")),
    ("1000-1100", ("10:00", "11:00", "1000-1100")),
    ("0930-1045", ("09:30", "10:45", "0930-1045")),
    ("1400 hours", ("14:00", None, "1400 hours")),
    ("1400 hrs", ("14:00", None, "1400 hrs")),
    ("15:00 hrs", ("15:00", None, "15:00 hrs")),
    ("15.00 hours", ("15:00", None, "15.00 hours")),
    ("18:30", ("18:30", None, "18:30")),
    ("23:59", ("23:59", None, "23:59")),
    ("0:30", ("00:30", None, "0:30")),
    ("noon-2 pm", ("12:00", "14:00", "noon-2 pm")),
    ("10-12 noon", ("10:00", "12:00", "10-12 noon")),
    ("22:00-midnight", ("22:00", "00:00", "22:00-midnight")),
])
def test_each_form_is_read(text, expected):
    assert _read(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("from 10:00 to 11:00", ("10:00", "11:00", "10:00 to 11:00")),
    ("between 10:00 and 11:00", ("10:00", "11:00", "10:00 and 11:00")),
    ("between 10 and 11 a.m.", ("10:00", "11:00", "10 and 11 a.m.")),
    ("The session resumes at 18:30 sharp", ("18:30", None, "18:30")),
])
def test_times_inside_sentences(text, expected):
    assert _read(text) == [expected]


def test_and_joins_a_range_only_after_between():
    assert _read("10:00 and 11:00") == [("10:00", None, "10:00"), ("11:00", None, "11:00")]


@pytest.mark.parametrize("text", [
    "3.25 per cent", "3.25 percent", "3.25 per cent of GDP", "a 3.25% rise", "USD 1.50", "USD 1.50-2.00",
    "version 2.0", "a 10.5% rise", "item 3.1", "paragraph 12.45", "paragraphs 12.45-12.50", "section 10.30",
    "2023-10-12", "12.10.2023", "10/12", "in 2015", "1000 participants", "the 2015-2030 Agenda",
    "from 2015 to 2030", "2000-2015", "pages 1000-1100", "1234-1256", "A/78/10", "C.2/75", "10 00",
    "won 3-1", "25:00", "10:75", "24h", "13 pm", "0 am", "the 5th session", "3 amendments", "10 hours",
    "9-10 hours", "10 and 11", "costs 15.00 each", "the afternoon", "noontime", "9hrs",
    "rose by 3.25", "sold at 1.25 million", "priced at 2.50 dollars", "at 3.27", "at 15.00 per cent",
])
def test_counter_examples_are_not_times(text):
    assert find_times(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("15.00 | Opening", [("15:00", None, "15.00")]),
    ("15.00 Opening", [("15:00", None, "15.00")]),
    ("| 10.30 | Coffee", [("10:30", None, "10.30")]),
    ("Monday\t15.00\tOpening", [("15:00", None, "15.00")]),
    ("- 15.00 Opening", [("15:00", None, "15.00")]),
    ("Agenda\n15.00 Opening\nIt costs 15.00 each", [("15:00", None, "15.00")]),
    ("The ceremony starts at 15.00 GMT", [("15:00 GMT", None, "15.00 GMT")]),
    ("Opening 15.00 hrs", [("15:00", None, "15.00 hrs")]),
    ("Opening 15.00", []),
    ("The meeting starts at 15.00.", [("15:00", None, "15.00")]),
    ("The session opens at 9.30 and ends at 12.45 in Room 3.", [("09:30", None, "9.30"), ("12:45", None, "12.45")]),
    ("Registration is open from 8.30 onwards", [("08:30", None, "8.30")]),
])
def test_a_dotted_time_alone_stands_at_the_start_of_a_line_or_cell_or_after_at(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(("text", "start", "end"), [
    ("9-10 a.m.", "09:00", "10:00"),
    ("9-10 p.m.", "21:00", "22:00"),
    ("9.30-11 a.m.", "09:30", "11:00"),
    ("2-4 pm", "14:00", "16:00"),
    ("11-1 pm", "11:00", "13:00"),  # an hour later than the end on the same meridiem is morning
    ("10 a.m.-2", "10:00", "14:00"),
    ("10 am - 12", "10:00", "12:00"),
    ("noon to 2", "12:00", "14:00"),
    ("11:30-1:00", "11:30", "13:00"),
    ("22:00-01:00", "22:00", "01:00"),  # over midnight, written on the 24-hour clock
    ("13:00-2 pm", "13:00", "14:00"),
    ("11 pm-1", "23:00", "01:00"),  # over midnight
])
def test_a_meridiem_carries_to_the_other_end(text, start, end):
    [span] = find_times(text)
    assert (str(span.start), str(span.end)) == (start, end)


@pytest.mark.parametrize(("text", "zones"), [
    ("09:00-09:30 GMT", ("GMT", "GMT")),
    ("14:00 (CET)", ("CET", None)),
    ("14:00 ( CEST )", ("CEST", None)),
    ("10:00 EST to 11:00 EST", ("EST", "EST")),
    ("10:00 GMT to 11:00", ("GMT", "GMT")),
    ("1400 hrs GMT", ("GMT", None)),
    ("09:00 UTC+2", ("UTC+2", None)),
    ("09:00 GMT + 1", ("GMT+1", None)),
    ("3 pm IST", ("IST", None)),
    ("14:00 local time", ("local", None)),
    ("14:00 (Local Time)", ("local", None)),
    ("14:00 est", (None, None)),  # zones are written in capitals
    ("14:00 CETX", (None, None)),
    ("14:00", (None, None)),
])
def test_zones(text, zones):
    [span] = find_times(text)
    assert (span.start.zone, span.end.zone if span.end else None) == zones


def test_a_zone_is_part_of_the_text_as_written():
    assert _read("14:00 (CET) Opening") == [("14:00 CET", None, "14:00 (CET)")]


def test_offsets_of_each_span_in_the_line():
    line = "09:00-10:00 Opening; 10:00-11:30 Panel 1; lunch at noon; 3 pm closing; from 16h to 17h"
    spans = find_times(line)
    assert [(s.char_start, s.char_end, s.text) for s in spans] == [
        (0, 11, "09:00-10:00"), (21, 32, "10:00-11:30"), (51, 55, "noon"), (57, 61, "3 pm"), (76, 86, "16h to 17h"),
    ]
    assert all(line[s.char_start:s.char_end] == s.text for s in spans)


def test_a_time_after_a_score_is_still_found():
    assert [(s.char_start, s.text) for s in find_times("won 3-1 at 3 pm")] == [(11, "3 pm")]


def test_times_beside_a_date():
    assert _read("12.10.2023, 10:00-12:00 (CET)") == [("10:00 CET", "12:00 CET", "10:00-12:00 (CET)")]


@pytest.mark.parametrize(("text", "at", "inside"), [
    ("09:00-10:30", ClockTime(9, 0), True),
    ("09:00-10:30", ClockTime(10, 29), True),
    ("09:00-10:30", ClockTime(10, 30), False),  # the end is not inside
    ("09:00-10:30", ClockTime(8, 59), False),
    ("3 pm", ClockTime(15, 0), True),
    ("3 pm", ClockTime(15, 1), False),
    ("22:00-01:00", ClockTime(23, 30), True),
    ("22:00-01:00", ClockTime(0, 30), True),
    ("22:00-01:00", ClockTime(12, 0), False),
    ("09:00-10:00 CET", ClockTime(8, 30, "GMT"), True),  # 09:30 in Geneva
    ("09:00-10:00 CET", ClockTime(9, 30, "GMT"), False),  # 10:30 in Geneva
    ("09:00-10:00 CET", ClockTime(9, 30), True),  # no zone: the clocks as written
    ("09:00-10:00 CET", ClockTime(9, 30, "local"), True),  # an unknown zone: as written
    ("09:00-10:00 UTC+1", ClockTime(8, 30, "GMT"), True),
])
def test_contains(text, at, inside):
    [span] = find_times(text)
    assert span.contains(at) is inside


@pytest.mark.parametrize(("text", "expected"), [
    ("15h00", ClockTime(15, 0)),
    ("3 pm", ClockTime(15, 0)),
    ("at 9.30", ClockTime(9, 30)),
    ("9.30", ClockTime(9, 30)),
    ("noon", ClockTime(12, 0)),
    ("What is on at 15h00?", ClockTime(15, 0)),
    ("Who speaks after 14.30 CET?", ClockTime(14, 30, "CET")),
    ("Who speaks from 10:00 to 11:00?", ClockTime(10, 0)),
    ("at 9", None),  # an hour alone says nothing of the meridiem
    ("paragraph 12.45", None),
    ("what rose 3.25 per cent", None),
    ("", None),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


def test_clock_time():
    assert str(ClockTime(9, 0)) == "09:00"
    assert str(ClockTime(9, 5, "GMT")) == "09:05 GMT"
    assert ClockTime(13, 45).minutes == 825
    assert ClockTime(0, 0).minutes == 0
    with pytest.raises(ValueError):
        ClockTime(24, 0)
    with pytest.raises(ValueError):
        ClockTime(9, 60)


def test_time_span_is_frozen():
    span = TimeSpan(ClockTime(9, 0), None, "9h", 0, 2)
    with pytest.raises(AttributeError):
        span.text = "10h"  # type: ignore[misc]


@pytest.mark.parametrize(("zone", "offset"), [
    ("GMT", 0), ("UTC", 0), ("BST", 60), ("CET", 60), ("CEST", 120), ("EET", 120), ("EEST", 180),
    ("EST", -300), ("EDT", -240), ("CST", -360), ("CDT", -300), ("PST", -480), ("PDT", -420),
    ("MSK", 180), ("IST", 330), ("JST", 540), ("AEST", 600), ("EAT", 180), ("WAT", 60), ("SAST", 120),
    ("GST", 240),
])
def test_zone_offsets(zone, offset):
    assert ZONE_OFFSETS[zone] == offset
    assert zone_offset(zone) == offset


def test_every_zone_in_the_table_is_read():
    for zone in ZONE_OFFSETS:
        [span] = find_times(f"10:00 {zone}")
        assert span.start.zone == zone


@pytest.mark.parametrize(("zone", "offset"), [
    ("UTC+2", 120), ("GMT-5", -300), ("UTC+05:30", 330), ("UTC−3", -180), ("CET+1", 120),
    ("local", None), ("XYZ", None), (None, None),
])
def test_zone_offset_with_a_shift(zone, offset):
    assert zone_offset(zone) == offset
