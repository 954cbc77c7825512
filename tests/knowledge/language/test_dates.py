"""Dates written out (knowledge.language.dates) and who says what (knowledge.language.speech), on
made-up sentences: the one way dates are shown, reading a written day, "after the release",
"the release's own day" (a range is never one day), reported speech and a person's role."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.language.dates import Dateline, after, human_date, read_dateline, same_day, written_day
from knowledge.language.speech import reports, role_span

RELEASE = "2015-05-28"
"""A made-up release date (a Thursday)."""


@pytest.mark.parametrize(("iso", "shown"), [
    ("2015-05-28", "Thursday, 28 May 2015"),
    ("2024-02-29", "Thursday, 29 February 2024"),
    ("2021-01-03", "Sunday, 3 January 2021"),    # no leading zero on the day
])
def test_human_date_is_weekday_day_month_year(iso, shown):
    assert human_date(iso) == shown


def test_human_date_refuses_what_is_no_date():
    with pytest.raises(ValueError):
        human_date("2015-02-30")


@pytest.mark.parametrize(("text", "day"), [
    ("The fair opened on 29 September 2003.", dt.date(2003, 9, 29)),
    ("It opens Sept 29.", dt.date(2015, 9, 29)),            # no year: the given one
    ("It opened Sep. 29, 2003.", dt.date(2003, 9, 29)),
    ("It opened on 3rd June 2020.", dt.date(2020, 6, 3)),
    ("It opened on August 4, 2019.", dt.date(2019, 8, 4)),
    ("The ferry ran on 2 Mar.", dt.date(2015, 3, 2)),
    ("It opened on 7 March and closed on 9 March.", dt.date(2015, 3, 7)),  # the first one
])
def test_written_day_reads_day_and_month_either_way_round(text, day):
    assert written_day(text, 2015) == (day, True)


@pytest.mark.parametrize("text", ["It opened on 31 February 2020.", "It opened on 3 Smarch."])
def test_a_day_that_cannot_be_is_written_but_unreadable(text):
    assert written_day(text, 2015) == (None, True)


@pytest.mark.parametrize("text", ["No date here.", "It opened in May 2020.", "It opened at 10 am."])
def test_no_day_and_month_is_no_written_day(text):
    assert written_day(text, 2015) == (None, False)


@pytest.mark.xfail(strict=True, reason="the month-first pattern requires a word boundary right after the day, so an "
                   "ordinal suffix ('June 3rd', 'May 1st') is not read although '3rd June' is; after() then counts the "
                   "unreadable day as upcoming")
def test_written_day_reads_an_ordinal_after_the_month():
    assert written_day("The fair opens on June 3rd.", 2015) == (dt.date(2015, 6, 3), True)


@pytest.mark.xfail(strict=True, reason="any word of 3+ letters starting like a month is taken for it "
                   "(month_number(month[:3])): 'Decision 12' reads as 12 December")
def test_a_word_starting_like_a_month_is_no_month():
    assert written_day("Decision 12 was adopted on 3 March.", 2015) == (dt.date(2015, 3, 3), True)


@pytest.mark.xfail(strict=True, reason="written_day gives up at the first 'word number' pair even when the word is "
                   "no month, so any word of 3+ letters before a day ('from 3 March', 'Article 5', a weekday) hides "
                   "the date")
@pytest.mark.parametrize("text", ["The exhibition runs from 3 March 2015.", "Under Article 5 the board met on 3 March 2015.",
                                  "The board met on Tuesday 3 March 2015."])
def test_the_first_day_and_month_is_read_past_other_numbered_words(text):
    assert written_day(text, 2000) == (dt.date(2015, 3, 3), True)


@pytest.mark.parametrize(("text", "later"), [
    ("The next fair is on 3 June.", True),
    ("The fair was on 27 May.", False),
    ("The fair is on 28 May.", False),              # the release's own day is not after it
    ("It opens on 2 June 2015.", True),
    ("It opened on 3 June 2014.", False),
    ("The board met today.", False),                # a relative word is the release's day
    ("The board met yesterday.", False),
    ("The board meets this week.", False),
    ("The board meets tomorrow.", True),
    ("The board will meet soon.", True),            # unreadable: counts as after
])
def test_after_the_release(text, later):
    assert after(text, RELEASE) is later


def test_a_day_without_year_takes_the_release_year():
    assert not after("It opens on 5 Jan.", "2015-12-28")   # 5 January 2015, not 2016


def test_after_a_release_of_unknown_date_everything_counts():
    assert after("It opened on 3 June 2014.", "not a date")


@pytest.mark.xfail(strict=True, reason="a weekday before the day ('Monday 4 May') is matched as a month-first date "
                   "with month 'Monday', so the day is unreadable and after() counts a past day as upcoming: a "
                   "'When will...' question may then be answered with it")
def test_a_past_day_after_a_weekday_is_not_after_the_release():
    assert not after("The board met on Monday 4 May.", RELEASE)


@pytest.mark.parametrize(("text", "iso"), [
    ("28 May 2015", RELEASE),
    ("May 28", RELEASE),
    ("Thursday, 28 May 2015", RELEASE),
    ("March 7, 2015", "2015-03-07"),
    ("7th March", "2015-03-07"),
])
def test_same_day(text, iso):
    assert same_day(text, iso)


@pytest.mark.parametrize(("text", "iso"), [
    ("28 May 2014", RELEASE),          # another year
    ("29 May", RELEASE),
    ("7 March", "2015-03-08"),
    ("7 March", "no date"),
])
def test_not_the_same_day(text, iso):
    assert not same_day(text, iso)


@pytest.mark.parametrize("text", [
    "7-9 March 2015", "7–9 March 2015", "7 to 9 March", "7 and 8 March", "from 7 March until 9 March",
    "between 7 March and 9 March",
])
def test_a_range_is_never_one_day_even_if_it_starts_that_day(text):
    assert not same_day(text, "2015-03-07")


@pytest.mark.parametrize(("sentence", "name"), [
    ("Anna Berg said the harbour would reopen in May.", None),
    ("Anna Berg said the harbour would reopen in May.", "Anna Berg"),
    ("Anna Berg stressed that fees must fall.", "Anna Berg"),
    ("\u201cWe will reopen,\u201d Berg told the board.", "Anna Berg"),    # a quotation, the surname alone
    ("According to Anna Berg, the harbour reopens in May.", "Anna Berg"),
    ("ANNA BERG warns of floods.", "anna berg"),
    ("Ana Berg said yes.", "Anna Berg"),
])
def test_reported_speech(sentence, name):
    assert reports(sentence, name)


@pytest.mark.parametrize(("sentence", "name"), [
    ("The harbour reopened in May.", None),                  # nobody speaks
    ("Anna Berg opened the harbour in May.", "Anna Berg"),   # an act, not speech
    ("Anna Berg's plan passed.", None),                      # an apostrophe inside a word is no quote
    ("Anna Berg said the harbour would reopen in May.", "Karl Lund"),  # someone else speaks
    ("Anna Burg said yes.", "Anna Berg"),                    # a short surname allows no typo
])
def test_not_reported_speech(sentence, name):
    assert not reports(sentence, name)


@pytest.mark.xfail(strict=True, reason="QUOTATION takes a word followed by an apostrophe and a space for a closing "
                   "quote, so a plural possessive ('the members' fees') makes any sentence naming the person count "
                   "as quoting them")
def test_a_plural_possessive_is_no_quotation():
    assert not reports("The members' fees were raised by Anna Berg.", "Anna Berg")


@pytest.mark.parametrize(("sentence", "name", "role"), [
    ("Anna Berg, Mayor of Tallinn, opened the fair.", "Anna Berg", "Mayor of Tallinn"),
    ("Mayor of Tallinn Anna Berg opened the fair.", "Anna Berg", "Mayor of Tallinn"),
    ("The fair was opened by Deputy Minister of Fisheries Karl Lund.", "Karl Lund", "Deputy Minister of Fisheries"),
    ("said Head of the Harbour Board Anna Berg", "Anna Berg", "Head of the Harbour Board"),
    ("Dr Anna Berg, chief engineer, spoke.", "Anna Berg", "chief engineer"),   # the honorific is no role
    ("Tallinn Mayor Anna Berg spoke.", "Anna Berg", "Tallinn Mayor"),
])
def test_the_role_a_sentence_gives_a_person(sentence, name, role):
    span = role_span(sentence, name)
    assert span is not None and sentence[span[0] : span[1]] == role


@pytest.mark.parametrize(("sentence", "name"), [
    ("Anna Berg opened the fair.", "Anna Berg"),
    ("Anna Berg, who chairs the board, opened the fair.", "Anna Berg"),   # a clause, not a role
    ("Karl Lund, Anna Berg and Olaf Lind spoke.", "Karl Lund"),            # a list of people
    ("Nobody spoke.", "Anna Berg"),
])
def test_no_role_where_the_sentence_gives_none(sentence, name):
    assert role_span(sentence, name) is None


@pytest.mark.xfail(strict=True, reason="role_span falls back to the surname but then takes the tokens covering the "
                   "full name's length from there, so with the surname alone ('Ms Berg, Mayor of Tallinn, ...') the "
                   "apposition is missed")
def test_the_role_given_to_a_person_named_by_surname_alone():
    sentence = "Ms Berg, Mayor of Tallinn, opened the fair."
    span = role_span(sentence, "Anna Berg")
    assert span is not None and sentence[span[0] : span[1]] == "Mayor of Tallinn"


@pytest.mark.parametrize(("text", "place", "day"), [
    ("OSLO, 4 June 2019 (WHO) - Health ministers met ...", "Oslo", dt.date(2019, 6, 4)),
    ("LIMA, Peru, 3 October 2018 - The forum ...", "Lima, Peru", dt.date(2018, 10, 3)),
    ("Nairobi, 12 February 2021: The council ...", "Nairobi", dt.date(2021, 2, 12)),
    ("QUITO, Oct. 3, 2017 (UNICEF) - Ten ...", "Quito", dt.date(2017, 10, 3)),     # month first
    ("NEW DELHI, 21st March 2016 — The board ...", "New Delhi", dt.date(2016, 3, 21)),
])
def test_a_dateline_gives_the_place_and_day_in_any_common_form(text, place, day):
    found = read_dateline(text)
    assert found.place == place and found.date() == day


def test_a_dateline_without_a_year_takes_one_given_else_gives_no_day():
    found = read_dateline("LIMA, Sept 27 (UNICEF) - The water council met ...")
    assert (found.place, found.month, found.day, found.year) == ("Lima", 9, 27, None)
    assert found.date() is None and found.date(2027) == dt.date(2027, 9, 27)
    assert read_dateline("LIMA, 31 Feb - ...").date(2003) is None  # no such day


def test_a_place_in_capitals_with_a_country_or_agency_is_a_dateline_without_a_date():
    assert read_dateline("TALLINN, Estonia - The assembly opened ...") == Dateline("Tallinn, Estonia")
    assert read_dateline("TALLINN (OSCE) - The assembly opened ...") == Dateline("Tallinn")


@pytest.mark.parametrize("text", [
    "Background - The working group was set up ...",   # a capitalised word and a dash
    "AGENDA - Opening of the session",                # capitals, but no country, agency or date
    "Estonia - The assembly opened ...",              # not in capitals, no date
    "Monday, 4 June 2019 - Opening session",          # a day of a programme, not a place
    "June 4 - Registration",
    "Chair: Mr. Kask",
    "Item 3 - Adoption of the agenda",
    "Speakers: Mr. Kask (Estonia), Ms. Berg",
    "The council met in Oslo on 4 June 2019 - a first.",
])
def test_other_openings_are_no_dateline(text):
    assert read_dateline(text) is None
