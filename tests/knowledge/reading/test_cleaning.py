import datetime as dt

import pytest

from knowledge.reading.cleaning import clean_document, is_boilerplate, parse_date_line, parse_heading_date, repair_text
from tests.conftest import SEED_DOCUMENT


@pytest.fixture(scope="module")
def seed():
    return clean_document(SEED_DOCUMENT.read_text(encoding="utf-8"))


def test_shipped_briefing_title_found_at_the_bottom_with_split_word_repaired(seed):
    assert seed.title == (
        "OSCE Annual Police Experts Meeting focuses on links between smuggling of migrants, human trafficking"
    )


def test_shipped_briefing_date_found_at_the_bottom(seed):
    assert seed.date == dt.date(2015, 5, 28)


def test_shipped_briefing_photo_credit_is_boilerplate_not_a_paragraph(seed):
    assert seed.boilerplate == ("Photo by:OSCE",)
    assert all("Photo by" not in p for p in seed.paragraphs)


def test_shipped_briefing_paragraphs_are_the_body_only(seed):
    assert len(seed.paragraphs) == 7
    assert seed.paragraphs[0].startswith("Criminal justice experts")
    assert seed.paragraphs[-1].startswith("The main findings")
    assert not any("\t" in p or "smuggli ng" in p for p in seed.paragraphs)
    assert all(seed.title not in p and "28 May 2015" not in p for p in seed.paragraphs)


def test_messy_document_with_title_on_top_and_windows_line_endings():
    raw = (
        "\r\n\r\n\r\nRegional Water Summit opens in Tallinn\t\r\n\r\n\r\n\r\n"
        "Published: 3 March 2024\r\n\r\n"
        "Ministers met   in Tallinn\u00a0today.\t\t\r\nThey discussed the Baltic basin.\r\n\r\n\r\n\r\n"
        "\"Water knows no borders,\" said Minister Kadri Tamm.\r\n\r\n"
        "Photo: Jaan Ots/Reuters\r\nShare this article\r\n© 2024 Baltic Water Forum. All rights reserved.\r\n"
    )
    doc = clean_document(raw)
    assert doc.title == "Regional Water Summit opens in Tallinn"
    assert doc.date == dt.date(2024, 3, 3)
    assert doc.paragraphs == (
        "Ministers met in Tallinn today. They discussed the Baltic basin.",
        "\"Water knows no borders,\" said Minister Kadri Tamm.",
    )
    assert len(doc.boilerplate) == 3


def test_markdown_heading_is_the_title_and_lists_keep_their_lines():
    raw = "# Agenda of the Board, 12 June 2023\n\nJune 12, 2023\n\n## Items\n\n- Budget\n- Staffing\n"
    doc = clean_document(raw)
    assert doc.title == "Agenda of the Board, 12 June 2023"
    assert doc.date == dt.date(2023, 6, 12)
    assert doc.paragraphs == ("Items", "- Budget\n- Staffing")


def test_a_block_of_fields_keeps_a_line_per_field_and_prose_lines_wrap():
    raw = ("# Lakes Commission notes\n\nHost: Harbour Office\nDates: 3-4 May 2027\nTimes:\n10:00 to 17:00 on 3 May\n"
           "Attendee information: see the list\n\nNote: the board met in the\nharbour hall and adopted\nthree decisions.\n")
    doc = clean_document(raw)
    assert doc.paragraphs == ("Host: Harbour Office\nDates: 3-4 May 2027\nTimes:\n10:00 to 17:00 on 3 May\n"
                              "Attendee information: see the list",
                              "Note: the board met in the harbour hall and adopted three decisions.")


def test_an_agendas_timeboxed_lines_stay_apart():
    doc = clean_document("Harbour session\n\n15 min - Editors' update\n55 min - Issue discussion\n\n"
                         "5 minutes of silence were held for\nthe victims of the storm.\n")
    assert doc.paragraphs[-2:] == ("15 min - Editors' update\n55 min - Issue discussion",
                                   "5 minutes of silence were held for the victims of the storm.")


def test_a_summary_records_list_of_people_keeps_a_line_each_and_its_chair_is_no_title():
    """Summary records print those present one a line, a titled name and a country or body, and
    the chair as a field under the date: read as prose, the list ran into one line and the chair
    became the document's title (and so left the text, unanswerable)."""
    raw = ("Lakes Commission, Summary record of the 12th meeting, held in Oslo on 3 May 2027 at 10.30 a.m., "
           "second session of the Commission and its working groups\n\n4 May 2027\n\nChairman: Mr. HOLM Norway\n\n"
           "Mr. BERG Sweden\nSir Ian LUND United Kingdom of Great Britain and Northern Ireland\n"
           "Ms. van DIJK Netherlands\n\nMr. ALTO said that the board\nwould meet again.\n")
    doc = clean_document(raw)
    assert doc.title != "Chairman: Mr. HOLM Norway"
    assert "Chairman: Mr. HOLM Norway" in doc.paragraphs
    assert ("Mr. BERG Sweden\nSir Ian LUND United Kingdom of Great Britain and Northern Ireland\n"
            "Ms. van DIJK Netherlands") in doc.paragraphs
    assert "Mr. ALTO said that the board would meet again." in doc.paragraphs  # prose still wraps


def test_a_block_not_wrapped_at_a_width_keeps_its_lines():
    """A page saved with a paragraph a line and no blank lines: its headings and entries stay lines
    of their own, not words run into the paragraph before ("Format The moderator will...")."""
    prose = ("The Lakes Commission will hold a panel on water levels in the Harbour Hall on 3 May 2027, from 10:00 "
             "to 13:00, open to delegates of member states and to the press, with interpretation in three languages.")
    doc = clean_document(f"{prose}\nFormat\nThe moderator will open the panel and introduce the speakers.\n"
                         "Moderator: Ms. Ana Holm, Lakes Institute\nMr. Per Berg, Director, Harbour Board\n")
    assert doc.paragraphs == (f"{prose}\nFormat\nThe moderator will open the panel and introduce the speakers.\n"
                              "Moderator: Ms. Ana Holm, Lakes Institute\nMr. Per Berg, Director, Harbour Board",)


def test_a_stray_line_break_in_a_block_not_wrapped_at_a_width_still_runs_on():
    prose = ("The Lakes Commission will hold a panel on water levels in the Harbour Hall on 3 May 2027, from 10:00 "
             "to 13:00, open to the delegates of all the member states and to the press, with interpretation in three")
    doc = clean_document(f"{prose}\nlanguages, and the panel\nwill be webcast.\nProgramme\n10:00 Opening\n")
    assert doc.paragraphs == (f"{prose} languages, and the panel will be webcast.\nProgramme\n10:00 Opening",)


def test_document_without_title_or_date():
    doc = clean_document("The committee met. It agreed on nothing.\n\nA second paragraph follows here.")
    assert doc.title is None
    assert doc.date is None
    assert len(doc.paragraphs) == 2


@pytest.mark.parametrize(("text", "date"), [
    ("Water board meets\n\nOSLO, 4 June 2019 (WHO) - The board met today.", dt.date(2019, 6, 4)),
    # no year in the dateline: the one year the text names
    ("Water board meets\n\nOSLO, June 4 (WHO) - The board met today on its 2019 plan.", dt.date(2019, 6, 4)),
    # no year and two in the text: undated rather than dated wrong
    ("Water board meets\n\nOSLO, June 4 (WHO) - The board compared 2018 with 2019.", None),
    # a date line wins over the dateline
    ("Water board meets\n\n3 June 2019\n\nOSLO, 4 June 2019 - The board met.", dt.date(2019, 6, 3)),
    # a dateline deep in the text is no release's date
    ("Water board meets\n\nThe board met.\n\nIt agreed.\n\nOSLO, 4 June 2019 - Later news.", None),
])
def test_a_release_without_a_date_line_is_dated_by_its_dateline(text, date):
    assert clean_document(text).date == date


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Thursday, 28 May 2015.\t", dt.date(2015, 5, 28)),
        ("28 May 2015", dt.date(2015, 5, 28)),
        ("May 28, 2015", dt.date(2015, 5, 28)),
        ("Wed 4th Sept 2019", dt.date(2019, 9, 4)),
        ("2021-11-02", dt.date(2021, 11, 2)),
        ("02.11.2021", dt.date(2021, 11, 2)),
        ("Date: 1 January 2020", dt.date(2020, 1, 1)),
        ("31 February 2020", None),
        ("The meeting on 28 May 2015 was long.", None),
    ],
)
def test_date_lines(line, expected):
    assert parse_date_line(repair_text(line)) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Oslo, 4 March 2027", dt.date(2027, 3, 4)),
    ("14 and 15 June 2027 (closed meeting)", dt.date(2027, 6, 14)),
    ("4-6 March 2027", dt.date(2027, 3, 4)),
    ("Tallinn, May 3–5, 2027", dt.date(2027, 5, 3)),
    ("Geneva, Switzerland, Monday 10 March 2027", dt.date(2027, 3, 10)),
    ("The meeting on 4 March 2027 was long.", None),
    ("3.25 per cent in 2027", None),
    ("31 February 2027 (closed)", None),
])
def test_heading_date_lines(line, expected):
    assert parse_heading_date(line) == expected


@pytest.mark.parametrize(("text", "title", "date"), [
    ("Open consultations\nOslo, 4 March 2027\n\n1. Opening", "Open consultations", dt.date(2027, 3, 4)),
    ("Lakes Commission: agenda\n14 and 15 June 2027 (closed meeting)\n\nItem 1 Opening",
     "Lakes Commission: agenda", dt.date(2027, 6, 14)),
])
def test_a_name_over_its_place_and_days_is_the_title_and_the_line_stays(text, title, date):
    doc = clean_document(text)
    assert (doc.title, doc.date) == (title, date)
    assert text.split("\n")[1] in doc.paragraphs  # the place or the note is kept to answer from


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Photo by:OSCE", True),
        ("Photo credit: UN/John Doe", True),
        ("Photos courtesy of the Ministry", True),
        ("Share on Twitter", True),
        ("Photographs of the victims were shown to the delegates during the session.", False),
        ("Share prices fell sharply after the announcement.", False),
    ],
)
def test_boilerplate_lines(line, expected):
    assert is_boilerplate(line) is expected


def test_repair_joins_only_words_split_by_a_tab():
    assert repair_text("smuggli\tng of migrants\t") == "smuggling of migrants"
    assert repair_text("Name\tRole") == "Name Role"
    assert repair_text("zero\u200bwidth and\x00 nul") == "zerowidth and nul"


@pytest.mark.parametrize(("text", "date"), [
    ("# Harbour Board meeting 2027-05-04\n\n## Attendance\n\n- Ann Smith\n", dt.date(2027, 5, 4)),
    ("Harbour Board minutes, 4 May 2027\n\nThe board met in the harbour hall.\n", dt.date(2027, 5, 4)),
    ("Harbour Board plan 2027-2030\n\nThe board met in the harbour hall.\n", None),  # years, no day
])
def test_notes_named_by_their_day_are_dated_by_their_title(text, date):
    assert clean_document(text).date == date
