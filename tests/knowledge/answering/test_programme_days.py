"""A programme of several days: each day's line stays over its rows, a question naming a day gets
that day's rows, the clock goes by today's, and an answer says its day."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.briefing import Briefing
from knowledge.reading.cleaning import clean_document

PROGRAMME = """Lakes Forum 2027: programme

The Lakes Forum meets at the Oslo Congress Centre from 3 to 4 March 2027.

Wednesday, 3 March 2027

09h00 | Registration
10h00 | Opening by the Mayor of Oslo, Ms. Ana Torres
11h00 | Coffee break
11h30 | Panel on water levels
13h00 | Lunch
14h30 | Field visit to the harbour

Thursday, 4 March 2027

09h30 | Working groups on fisheries
11h00 | Coffee break
11h30 | Report of the working groups
12h30 | Closing session
"""

WEDNESDAY, THURSDAY = "(Wednesday, 3 March 2027)", "(Thursday, 4 March 2027)"


def forum(knowledge_dir, data_dir, fake_encoder, when: str = "2027-03-04T11:40") -> Briefing:
    """The programme's briefing with its clock stopped at ``when`` (ISO, in the meeting's zone)."""
    (knowledge_dir / "forum.txt").write_text(PROGRAMME, encoding="utf-8")
    now = dt.datetime.fromisoformat(when).replace(tzinfo=dt.timezone(dt.timedelta(hours=1)))
    return Briefing(knowledge_dir, data_dir, encoder=fake_encoder, clock=lambda: now)


def test_the_days_stay_over_their_rows_and_the_document_takes_the_first():
    clean = clean_document(PROGRAMME)
    text = "\n".join(clean.paragraphs)
    assert clean.date == dt.date(2027, 3, 3)
    assert text.index("Wednesday, 3 March 2027") < text.index("09h00 | Registration") \
        < text.index("Thursday, 4 March 2027") < text.index("09h30 | Working groups on fisheries")


def test_one_date_line_is_still_the_date_not_body_text():
    clean = clean_document("Harbour notes\n\nThe board met in Tallinn.\n\nMonday, 1 March 2027\n")
    assert clean.date == dt.date(2027, 3, 1) and clean.paragraphs == ("The board met in Tallinn.",)


@pytest.mark.parametrize(("question", "row"), [
    # a question naming a day gets that day's row
    ("What is on at 11h30 on Thursday?", f"11h30 | Report of the working groups {THURSDAY}"),
    ("What is on at 11h30 on 3 March?", f"11h30 | Panel on water levels {WEDNESDAY}"),
    ("What is on at 11h30 on day 1?", f"11h30 | Panel on water levels {WEDNESDAY}"),
    ("What's on at 9h30 on the last day?", f"09h30 | Working groups on fisheries {THURSDAY}"),
    ("What is on at 11h30 on the second day?", f"11h30 | Report of the working groups {THURSDAY}"),
    ("When is the coffee break on Thursday?", f"11h00 | Coffee break {THURSDAY}"),
    # and any answer from the programme says its day
    ("When is the closing session?", f"12h30 | Closing session {THURSDAY}"),
    ("What is on at 14h30?", f"14h30 | Field visit to the harbour {WEDNESDAY}"),
    ("What comes after the field visit?", f"09h30 | Working groups on fisheries {THURSDAY}"),
])
def test_a_question_naming_a_day_gets_that_days_row_and_every_answer_says_its_day(knowledge_dir, data_dir,
                                                                                   fake_encoder, question, row):
    answer = forum(knowledge_dir, data_dir, fake_encoder).ask(question)
    assert answer.answered and answer.text == row


@pytest.mark.parametrize(("when", "question", "row"), [
    ("2027-03-04T11:40", "What's on now?", f"11h30 | Report of the working groups {THURSDAY}"),
    ("2027-03-04T11:40", "What's next?", f"12h30 | Closing session {THURSDAY}"),
    ("2027-03-03T11:40", "What's on now?", f"11h30 | Panel on water levels {WEDNESDAY}"),
    ("2027-03-03T11:40", "What's next?", f"13h00 | Lunch {WEDNESDAY}"),
])
def test_now_and_next_go_by_todays_rows(knowledge_dir, data_dir, fake_encoder, when, question, row):
    answer = forum(knowledge_dir, data_dir, fake_encoder, when).ask(question)
    assert answer.answered and answer.text == row


def test_the_clock_after_the_last_day_names_both_days(knowledge_dir, data_dir, fake_encoder):
    answer = forum(knowledge_dir, data_dir, fake_encoder, "2027-03-05T10:00").ask("What's on now?")
    assert not answer.answered
    assert "is for Wednesday, 3 March 2027 to Thursday, 4 March 2027, not today" in answer.reason


def test_next_after_a_days_last_row_says_nothing_follows_that_day(knowledge_dir, data_dir, fake_encoder):
    answer = forum(knowledge_dir, data_dir, fake_encoder, "2027-03-04T12:45").ask("What's next?")
    assert not answer.answered and "comes after 12:45" in answer.reason


def test_a_day_the_programme_does_not_have_is_declined(knowledge_dir, data_dir, fake_encoder):
    answer = forum(knowledge_dir, data_dir, fake_encoder).ask("What happens at 11h30 on day 3?")
    assert not answer.answered


def test_the_briefing_card_shows_each_days_date_over_its_rows(knowledge_dir, data_dir, fake_encoder):
    from knowledge.answering.brief import make_briefs

    briefing = forum(knowledge_dir, data_dir, fake_encoder)
    card = next(b for b in make_briefs(briefing.index) if b.document == "forum.txt")
    shown = [line.text for line in card.programme]
    assert shown[:2] == ["Wednesday, 3 March 2027", "09h00 | Registration"]
    assert shown[7:9] == ["Thursday, 4 March 2027", "09h30 | Working groups on fisheries"]


@pytest.mark.parametrize(("question", "row"), [
    ("What is on at 11h30 tomorrow?", f"11h30 | Report of the working groups {THURSDAY}"),
    ("What is on at 11h30 today?", f"11h30 | Panel on water levels {WEDNESDAY}"),
    ("What comes after the coffee break tomorrow?", f"11h30 | Report of the working groups {THURSDAY}"),
])
def test_today_and_tomorrow_are_the_clocks_days(knowledge_dir, data_dir, fake_encoder, question, row):
    answer = forum(knowledge_dir, data_dir, fake_encoder, "2027-03-03T18:00").ask(question)
    assert answer.answered and answer.text == row


def test_a_row_only_another_day_has_is_declined_for_the_day_asked(knowledge_dir, data_dir, fake_encoder):
    answer = forum(knowledge_dir, data_dir, fake_encoder, "2027-03-03T18:00").ask("What comes after lunch tomorrow?")
    assert not answer.answered and "doesn't say what comes after lunch tomorrow" in answer.reason


THURSDAYS_ROWS = ("Thursday, 4 March 2027\n09h30 | Working groups on fisheries\n11h00 | Coffee break\n"
                  "11h30 | Report of the working groups\n12h30 | Closing session")


@pytest.mark.parametrize("question", ["What's on tomorrow?", "What is the programme for Thursday?",
                                      "What happens on day 2?"])
def test_what_a_day_holds_is_its_rows_under_its_date(knowledge_dir, data_dir, fake_encoder, question):
    answer = forum(knowledge_dir, data_dir, fake_encoder, "2027-03-03T18:00").ask(question)
    assert answer.answered and answer.text == THURSDAYS_ROWS
    assert answer.sources[0].document == "forum.txt"
