from pathlib import Path

import pytest

from knowledge.briefing import Briefing
from tests.conftest import FakeEncoder

MEETINGS = Path(__file__).parents[2] / "data" / "meetings"


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    index = Briefing(MEETINGS, tmp_path_factory.mktemp("data"), encoder=FakeEncoder()).index
    return index.facts


def test_facts_of_a_markdown_briefing_with_title_on_top(facts):
    f = facts["baltic-water-summit-2024.md"]
    assert f.title == "Baltic Water Summit agrees on a shared plan for cleaner coastal waters"
    assert f.date.value == "2024-03-12" and f.weekday == "Tuesday"
    assert f.place.value == "Tallinn" and f.place.passage == 0
    assert f.duration.value == "three-day"
    assert f.event.value == "Baltic Water Summit"
    assert f.organisers.value == "the Baltic Marine Environment Protection Commission and the Estonian Ministry of Climate"
    assert f.photo_credit.value == "Baltic Water Forum / Mart Kask"


def test_facts_of_a_scraped_page_with_title_and_date_at_the_bottom(facts):
    f = facts["health-ministers-nairobi-2023.txt"]
    assert f.title == "Ministers discuss cholera prevention and primary health care in Nairobi"
    assert f.date.value == "2023-11-14" and f.weekday == "Tuesday"
    assert f.place.value == "Nairobi" and f.duration.value == "two-day"
    assert f.organisers.value.startswith("the East African Community Health Desk")
    assert f.photo_credit.value == "EAC Secretariat"


def test_facts_missing_from_a_document_stay_missing(facts):
    f = facts["rail-safety-workshop-2022.txt"]
    assert f.date.value == "2022-10-05" and f.place.value == "Lyon" and f.duration.value == "one-day"
    assert f.photo_credit is None
    assert f.organisers is None  # "hosted by" is not "organised by"; retrieval answers that


def test_months_are_not_places():
    from knowledge.reading.facts import _place

    assert _place("The delegates met in May to prepare.") is None
    assert _place("The board met in New York, USA on Monday.") == "New York, USA"


@pytest.mark.parametrize(("sentence", "place"), [
    ("Held in the Palais de Rumine, Lausanne, on Friday, 3 March 1950, at 10 a.m.", "Palais de Rumine, Lausanne"),
    ("The meeting was opened at 9.10 a.m. by Ms Anna BERG (Sweden), Vice-President, in the Chair.", None),
    ("The working group met at the Maison de la Paix in Geneva.", "Maison de la Paix"),
    ("The Harbour Board and the Lakes Commission co-organise in Lisbon the Round Table on Pilotage.", "Lisbon"),
    ("The regatta will take place in Lisbon on 3 May.", "Lisbon"),
    ("The board's papers are hosted online and written in HarbourDoc format.", None),  # a name before a noun qualifies it
])
def test_a_venue_is_read_whole_and_the_chair_is_no_place(sentence, place):
    from knowledge.reading.facts import _place

    assert _place(sentence) == place


def test_the_dateline_gives_the_place_only_when_no_sentence_does(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Water board meets\n\nOSLO, 4 June 2019 (WHO) - The board agreed a plan.\n")
    (tmp_path / "docs" / "b.txt").write_text("Rail board meets\n\nOSLO, 4 June 2019 - The rail board met in Bergen.\n")
    facts = Briefing(tmp_path / "docs", tmp_path / "data", encoder=FakeEncoder()).index.facts
    assert facts["a.txt"].place.value == "Oslo" and facts["a.txt"].place.passage == 0
    assert facts["a.txt"].date.value == "2019-06-04" and facts["a.txt"].weekday == "Tuesday"
    assert facts["a.txt"].date.passage == 0  # cited from the dateline
    assert facts["b.txt"].place.value == "Bergen"


def test_a_records_heading_block_gives_the_place_before_its_sentences(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "minutes.txt").write_text(
        "MINUTES OF THE HARBOUR BOARD\nThursday 4 March 2027\n\nMINUTES\n\nHARBOUR BOARD\n\nLisbon\n\n"
        "Thursday 4 March 2027\n\n1. Call to order\n\nThe meeting was opened by Ms. Holm, who recalled the "
        "meeting held in Tromsø last year.\n")
    (tmp_path / "docs" / "agenda.txt").write_text(
        "Open consultations\nOslo, 4 March 2027\n\n1. Taking stock of the meeting held in Tromsø\n")
    facts = Briefing(tmp_path / "docs", tmp_path / "data", encoder=FakeEncoder()).index.facts
    assert facts["minutes.txt"].place.value == "Lisbon"  # a city the tagger knows alone (not so "Oslo")
    assert facts["agenda.txt"].place.value == "Oslo"


def test_the_meetings_own_date_in_its_opening_lines_beats_the_pages(tmp_path):
    """Minutes and summary records are posted weeks after their meeting: the card gave the page's
    date, not "At 7.30pm on Wednesday 10 July" or "held ... on Friday, 10 February"."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "minutes.md").write_text(
        '---\ntitle: "Harbour Parish Council Minutes July 2027"\ndate: "2027-08-15"\n---\n\n'
        "Minutes of Harbour Parish Council Meeting held in The Community Centre\n\n"
        "At 7.30pm on Wednesday 14 July 2027\n\n1. Those Attending: Cllr Mrs D Berg (Chair)\n")
    (tmp_path / "docs" / "record.txt").write_text(
        "Lakes Commission: Summary Record of the Twelfth Meeting Held at Bergen on Friday, 10 February 2027, "
        "at 2.15 p.m.\n\n23 February 2027\n\nChairman: Mr. HOLM Norway\n")
    (tmp_path / "docs" / "release.txt").write_text(
        "Harbour board meets\n\n4 June 2027\n\nThe board, which last met on 3 March 2027, agreed a plan today.\n")
    facts = Briefing(tmp_path / "docs", tmp_path / "data", encoder=FakeEncoder()).index.facts
    assert (facts["minutes.md"].date.value, facts["minutes.md"].date.passage) == ("2027-07-14", 0)
    assert facts["record.txt"].date.value == "2027-02-10"
    assert facts["release.txt"].date.value == "2027-06-04"  # the page's: a sentence's "met on" is no heading


@pytest.mark.parametrize(("sentence", "length"), [
    ("Sailors met in Bergen today for the two-day Harbour Regatta.", "two-day"),
    ("The forum will run for three days.", "three days"),
    ("The talks lasted two days.", "two days"),
    ("The harbour officer reported one fire in the last four weeks.", None),  # a span of time, no length
    ("The report is due in two weeks.", None),
    ("The delegations had asked for a few days in which to reply.", None),  # not the meeting's: no meeting in it
    ("Ms Smith was elected to the year-long post by acclamation.", None),  # a post's length, not a meeting's
])
def test_a_meetings_length_is_written_as_one(sentence, length):
    """Minutes' "one incident in the last four weeks" was the card's "Duration: four weeks"."""
    from knowledge.reading.facts import meeting_length as _duration

    assert _duration(sentence) == length


@pytest.mark.parametrize(("sentence", "day"), [
    ("BERGEN (May 4, 2027) - The Harbour Board announces a panel on pilotage, to be held at the Harbour Hall on "
     "Tuesday, 11 May 2027.", "2027-05-11"),  # the day it is held, not the day of the dateline
    ("The Harbour Board and the Lakes Commission co-organise in Lisbon the Round Table on 13 May 2027.", "2027-05-13"),
    ("The report of 4 May 2027 was sent to the members.", None),  # no meeting in it
])
def test_a_page_without_a_date_of_its_own_is_dated_by_the_day_a_sentence_gives_its_meeting(sentence, day):
    from knowledge.reading.facts import _stated_date

    assert _stated_date(sentence) == day


@pytest.mark.parametrize(("line", "only"), [
    ("Thursday 4 May 2027", True),
    ("At 7.30pm on Wednesday 10 July 2027", True),
    ("4 and 5 May 2027 (private meeting)", True),   # two days, and a remark in brackets
    ("The report of 4 May 2027", False),
    ("4 May 2027 (private meeting) - Harbour Board", False),
])
def test_a_line_of_only_days_and_times_dates_a_meeting(line, only):
    from knowledge.reading.facts import dates_only

    assert dates_only(line) is only
