"""A programme's times: "What is on at 11h45?" finds the row that runs then, or says nothing does."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answering.question import analyse
from knowledge.briefing import Briefing
from knowledge.reading.cleaning import clean_document
from tests.conftest import SEED_DOCUMENT
from tests.knowledge.answering.test_records import briefing_alone

PROGRAMME = """Harbour Forum 2026: programme

Tuesday, 9 June 2026

09h00-09h30 | Registration
09h30 | Opening by the Mayor, Ms. Ingrid Holm
10h15 | Panel on port safety, moderated by Mr. Jens Lund
11h30 | Coffee break
12h00-13h00 | Lunch (Harbour Hall)
13h00 | Working groups
17h00 | Closing
"""


@pytest.fixture
def briefing(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    return Briefing(knowledge_dir, data_dir, encoder=fake_encoder)


def test_a_timetable_keeps_its_rows_apart():
    paragraphs = clean_document(PROGRAMME).paragraphs
    assert "11h30 | Coffee break\n12h00-13h00 | Lunch (Harbour Hall)" in "\n".join(paragraphs)


def test_wrapped_prose_is_still_one_paragraph():
    text = "Forum report\n\nThe forum met in the\nharbour hall and adopted\nthree decisions.\n"
    assert "The forum met in the harbour hall and adopted three decisions." in clean_document(text).paragraphs


@pytest.mark.parametrize(("question", "row"), [
    ("What is on at 11h45?", "11h30 | Coffee break"),  # a row without an end runs until the next
    ("What happens at 3 pm?", "13h00 | Working groups"),
    ("What's on at noon?", "12h00-13h00 | Lunch (Harbour Hall)"),
    ("Who speaks at 9.30?", "09h30 | Opening by the Mayor, Ms. Ingrid Holm"),
])
def test_what_is_on_at_a_time_is_the_row_that_runs_then(briefing, question, row):
    answer = briefing.ask(question)
    assert answer.answered and answer.text == row


def test_a_time_after_the_programme_is_declined(briefing):
    answer = briefing.ask("What is on at 20h00?")
    assert not answer.answered and "20h00" in answer.reason


def clocked(knowledge_dir, data_dir, fake_encoder, when: str) -> Briefing:
    """The programme's briefing with its clock stopped at ``when`` (ISO, in the meeting's zone)."""
    (knowledge_dir / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    now = dt.datetime.fromisoformat(when).replace(tzinfo=dt.timezone(dt.timedelta(hours=2)))
    return Briefing(knowledge_dir, data_dir, encoder=fake_encoder, clock=lambda: now)


@pytest.mark.parametrize(("when", "question", "row"), [
    ("2026-06-09T11:45", "What's on now?", "11h30 | Coffee break"),
    ("2026-06-09T11:45", "What's next?", "12h00-13h00 | Lunch (Harbour Hall)"),
    ("2026-06-09T09:10", "Who speaks next?", "09h30 | Opening by the Mayor, Ms. Ingrid Holm"),
    ("2026-06-09T14:00", "What is happening right now?", "13h00 | Working groups"),
])
def test_now_and_next_go_by_the_clock_on_the_meeting_day(knowledge_dir, data_dir, fake_encoder, when, question, row):
    answer = clocked(knowledge_dir, data_dir, fake_encoder, when).ask(question)
    assert answer.answered and answer.text == row


def test_next_after_the_last_row_says_nothing_follows(knowledge_dir, data_dir, fake_encoder):
    answer = clocked(knowledge_dir, data_dir, fake_encoder, "2026-06-09T17:30").ask("What's next?")
    assert not answer.answered and "comes after 17:30" in answer.reason


def test_now_on_another_day_says_which_day_the_programme_is_for(knowledge_dir, data_dir, fake_encoder):
    answer = clocked(knowledge_dir, data_dir, fake_encoder, "2026-06-08T11:45").ask("What's on now?")
    assert not answer.answered and "Tuesday, 9 June 2026, not today" in answer.reason


@pytest.mark.parametrize(("question", "relative"), [
    ("What's next?", "next"), ("What comes next?", "next"), ("Who is speaking now?", "now"),
    ("When is the next meeting?", None),  # "next" before a noun is no time of the programme
    ("Who chairs the committee now?", None),  # asks about more than the clock
    ("Who is the chair now?", None),  # a role, not the programme
    ("What is next on the agenda?", "next"),
    ("What is on at 11h45?", None),  # the question gives the time itself
])
def test_which_questions_go_by_the_clock(question, relative):
    assert analyse(question).relative == relative


@pytest.mark.parametrize(("question", "row"), [
    ("What comes after lunch?", "13h00 | Working groups"),
    ("What is after the coffee break?", "12h00-13h00 | Lunch (Harbour Hall)"),
    ("What happens before the panel?", "09h30 | Opening by the Mayor, Ms. Ingrid Holm"),
])
def test_after_and_before_a_row_is_its_neighbour(briefing, question, row):
    answer = briefing.ask(question)
    assert answer.answered and answer.text == row


def test_nothing_after_the_last_row(briefing):
    answer = briefing.ask("What comes after the closing?")
    assert not answer.answered and "Nothing in the programme" in answer.reason and "after closing" in answer.reason


def test_after_in_a_question_about_what_was_said_is_no_programme_question():
    assert analyse("What did he say after the vote?").anchor is None
    assert analyse("What comes after lunch?").anchor == "lunch"


AGENDA_ITEMS = """Harbour Board: provisional agenda

1. Opening of the meeting
2. Adoption of the agenda
3. Dredging of the north basin
4. Any other business
"""


@pytest.mark.parametrize(("question", "item"), [
    ("What is the last item on the Harbour Board agenda?", "4. Any other business"),
    ("What is the first item of the Harbour Board agenda?", "1. Opening of the meeting"),
])
def test_the_first_or_last_item_is_found_by_its_number(knowledge_dir, data_dir, fake_encoder, question, item):
    (knowledge_dir / "agenda.txt").write_text(AGENDA_ITEMS, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert answer.answered and answer.text == item


MINUTES = """Harbour Board: minutes of the 40th meeting

1. Dredging of the north basin

Ms. Petra Holm presented the dredging plan.

Speakers: Mr. Berg (Ferries), Ms. Lind (Fishers).

2. Report on the harbour budget

Mr. Jens Lund presented the budget report for the year.

The Chair invited members to comment.

Speakers: Mr. Ahl (Port Authority), Ms. Nyberg (Customs).
"""


@pytest.mark.parametrize(("question", "speakers"), [
    ("Who spoke on item 2 at the Harbour Board meeting?", "Speakers: Mr. Ahl (Port Authority), Ms. Nyberg (Customs)."),
    ("Who spoke on the budget report at the Harbour Board?", "Speakers: Mr. Ahl (Port Authority), Ms. Nyberg (Customs)."),
    ("Who spoke on item 1 at the Harbour Board meeting?", "Speakers: Mr. Berg (Ferries), Ms. Lind (Fishers)."),
])
def test_who_spoke_on_an_item_is_its_speakers_field(knowledge_dir, data_dir, fake_encoder, question, speakers):
    (knowledge_dir / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert answer.answered and answer.text == speakers


def test_after_something_that_names_no_row_is_an_ordinary_question(briefing):
    answer = briefing.ask("What comes after that?")
    assert answer.text != "09h30 | Opening by the Mayor, Ms. Ingrid Holm"  # not "the row after the first"


def test_an_attendance_field_does_not_say_who_presented(knowledge_dir, data_dir, fake_encoder):
    from knowledge.answering.verify import names_the_doer as _names_the_doer

    assert _names_the_doer("Speakers: Mr. Ahl (Port Authority).", "Who spoke on item 2?")
    assert _names_the_doer("Chair: Ms. Petra Holm", "Who chaired the meeting?")
    assert not _names_the_doer("Present: Mr. Ahl, Ms. Nyberg", "Who presented the budget?")


AGENDA = """Lakes Commission: provisional agenda of the 40th session

Oslo, 3 May 2027

1. Opening of the session
2. Adoption of the agenda (LC/40/1)
3. Report of the Chair on water levels (LC/40/2)
4. Election of the Bureau
5. Closing of the session

The session opens at 10h00 in Room B of the Oslo Congress Centre.
"""


@pytest.mark.parametrize(("question", "answer"), [
    ("When is the closing of the session?", None),  # item 5 has no time; 10h00 is the opening's
    ("At what time does the election of the Bureau take place?", None),
    ("When does the session open?", "10h00"),
    ("Which document goes with item 3?", "LC/40/2"),
    ("Which document goes with item 4?", None),  # none listed: not another item's symbol
    ("Who will be elected to the Bureau?", None),  # the item only restates the question
])
def test_an_item_listed_without_the_detail_asked_is_declined_not_answered_with_anothers(
        knowledge_dir, data_dir, fake_encoder, question, answer):
    (knowledge_dir / "agenda.txt").write_text(AGENDA, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    if answer is None:
        assert not got.answered and "doesn't say" in got.reason
    else:
        assert got.answered and answer in got.text


ITEMS_AND_PAPERS = """Lakes Commission, 12th Special Session: agenda items and documents
14 and 15 June 2027 (closed meeting)

Item 1 Opening of the session
Item 2 Report on the water levels of the northern lakes and on the budget of the Commission
LC/12/3 – Report on the water levels of the northern lakes and on the budget of the
Commission (as at 1 June 2027)

(documents of items 3 to 5 are restricted: please log in to read them)
Item 3 Election of the Vice-Chair
Item 4 Adoption of the agenda
LC/Sp/12/1 - Provisional agenda
Item 5 Any other business and closure of the session
"""


def test_an_agenda_of_item_lines_keeps_each_item_and_paper_on_its_line():
    paragraphs = clean_document(ITEMS_AND_PAPERS).paragraphs
    lines = [line for p in paragraphs for line in p.split("\n")]
    assert "Item 3 Election of the Vice-Chair" in lines
    assert "LC/Sp/12/1 - Provisional agenda" in lines
    assert ("LC/12/3 – Report on the water levels of the northern lakes and on the budget of the "
            "Commission (as at 1 June 2027)") in lines  # a paper's wrapped line joins it


@pytest.mark.parametrize(("question", "answer"), [
    ("Which document goes with item 4?", "LC/Sp/12/1 - Provisional agenda"),
    ("Which document goes with item 2?", "LC/12/3"),
    ("What is item 3?", "Item 3 Election of the Vice-Chair"),
    ("Which document goes with item 3?", None),  # none listed under it
    ("Who chairs the session?", None),  # the agenda names no chair, only an election
    ("Where is the Lakes Commission special session held?", None),  # no place, and an item is none
])
def test_papers_listed_under_item_lines_answer_which_document(knowledge_dir, data_dir, fake_encoder, question, answer):
    (knowledge_dir / "agenda.txt").write_text(ITEMS_AND_PAPERS, encoding="utf-8")
    (knowledge_dir / "release.txt").write_text(SEED_DOCUMENT.read_text(encoding="utf-8"), encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    if answer is None:
        assert not got.answered and "doesn't say" in got.reason
    else:
        assert got.answered and answer in got.text and "Item" not in got.text.replace(answer, "")
        assert got.sources[0].title == "Lakes Commission, 12th Special Session: agenda items and documents"


@pytest.mark.parametrize("question", ["Who opens the session?", "Where is the meeting?"])
@pytest.mark.model
def test_an_agenda_alone_does_not_answer_who_opens_or_where(tmp_path, real_encoder, question):
    """Item 2 does not come under item 1 (so it holds no "opens"), and the dates line under the
    title is no place: both are declined, not answered with a line that does not say."""
    got = briefing_alone(tmp_path, real_encoder, "agenda.txt", ITEMS_AND_PAPERS).ask(question)
    assert not got.answered and "doesn't say" in got.reason


@pytest.mark.parametrize(("text", "question", "answer"), [
    ("Open consultations\nOslo, 4 March 2027\n\n1. Taking stock of the 2026 meeting\n\n2. The 2028 meeting\n",
     "When are the open consultations?", "4 March 2027"),
    ("Open consultations\nOslo, 4 March 2027\n\n1. Taking stock of the Bergen meeting\n\n2. The 2028 meeting\n",
     "Where are the open consultations?", "Oslo"),
])
def test_the_line_under_a_meetings_name_says_when_and_where_it_is(knowledge_dir, data_dir, fake_encoder, text, question,
                                                                  answer):
    (knowledge_dir / "agenda.txt").write_text(text, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert got.answered and answer in got.text


@pytest.mark.parametrize("question", [
    "What is on the agenda of the Lakes Commission special session?",
    "Which items are on the Lakes Commission agenda?",
    "What is the Lakes Commission special session about?",  # an agenda says what its meeting is about
])
def test_what_is_on_the_agenda_lists_its_items_without_their_papers(knowledge_dir, data_dir, fake_encoder, question):
    (knowledge_dir / "agenda.txt").write_text(ITEMS_AND_PAPERS, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert got.answered and got.text.split("\n") == [
        "Item 1 Opening of the session",
        "Item 2 Report on the water levels of the northern lakes and on the budget of the Commission",
        "Item 3 Election of the Vice-Chair", "Item 4 Adoption of the agenda",
        "Item 5 Any other business and closure of the session"]


@pytest.mark.parametrize("question", ["How many items are on the Lakes Commission agenda?",
                                      "How many agenda items does the Lakes Commission special session have?"])
def test_how_many_items_counts_the_agendas_items_and_lists_them(knowledge_dir, data_dir, fake_encoder, question):
    """It was declined: no sentence says how many."""
    (knowledge_dir / "agenda.txt").write_text(ITEMS_AND_PAPERS, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert got.answered and got.text.split("\n")[:2] == ["5 items:", "Item 1 Opening of the session"], got.reason


def test_an_agenda_of_numbered_lines_has_items_though_it_never_writes_item(knowledge_dir, data_dir, fake_encoder):
    """Beside an agenda that writes "Item 1 ...", one that numbers its lines ("1. Taking stock")
    lost every question with "item" in it to the first."""
    (knowledge_dir / "agenda.txt").write_text(ITEMS_AND_PAPERS, encoding="utf-8")
    (knowledge_dir / "consultations.txt").write_text(
        "Open consultations\nOslo, 4 March 2027\n\nDraft Agenda\n\n1. Review of the 2026 regatta\n\n2. The harbour safety group\n\n"
        "3. Any other business\n", encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    got = briefing.ask("What is the first item of the open consultations agenda?")
    assert got.answered and got.text == "1. Review of the 2026 regatta", got.reason or got.text
    assert briefing.ask("How many items are on the agenda of the open consultations?").text.startswith("3 items:")


def test_a_question_about_one_part_of_the_agenda_is_not_answered_with_all_of_it(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "agenda.txt").write_text(ITEMS_AND_PAPERS, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("What is on the Lakes Commission agenda about the budget?")
    assert "Item 1" not in got.text



def test_an_agendas_example_questions_offer_what_is_on_it(tmp_path, fake_encoder):
    (folder := tmp_path / "agenda").mkdir()
    (folder / "agenda.txt").write_text(ITEMS_AND_PAPERS, encoding="utf-8")
    assert "What is on the agenda?" in Briefing(folder, tmp_path / "data", encoder=fake_encoder).example_questions()


RECORD = """Lakes Commission: summary record of the 40th meeting
Thursday, 4 March 2027

Held in the Oslo Congress Centre on Thursday, 4 March 2027, at 10 a.m.

Chairman:
Mr. Lund | Norway

Members:
Ms. Berg | Sweden
Mr. Aho | Finland

The members recalled the Commission's letter of 28 February on the water levels of the lakes.
They heard the representatives of several delegations on the state of the lakes.
"""


@pytest.mark.parametrize(("question", "answer"), [
    ("Who represented Finland at the Lakes Commission?", "Mr. Aho | Finland"),
])
@pytest.mark.model
def test_a_records_attendance_row_answers_who_represents_a_country(tmp_path, real_encoder, question, answer):
    """With the real model: the attendance row pairs the person with the country, which prose
    about "representatives of several delegations" shares a word with but does not name."""
    (folder := tmp_path / "record").mkdir()
    (folder / "record.txt").write_text(RECORD, encoding="utf-8")
    got = Briefing(folder, tmp_path / "data", encoder=real_encoder).ask(question)
    assert got.answered and answer in got.text


@pytest.mark.parametrize("question", ["What is the schedule?", "What is on the programme?"])
def test_what_is_on_the_programme_lists_its_rows(tmp_path, fake_encoder, question):
    (folder := tmp_path / "programme").mkdir()
    (folder / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    got = Briefing(folder, tmp_path / "data", encoder=fake_encoder).ask(question)
    assert got.answered and got.text.split("\n") == [line for line in PROGRAMME.splitlines() if " | " in line]


MINUTES_OF_REPORTS = """MINUTES OF THE LAKES COMMISSION
Oslo, 4 March 2027

1. Report by the Secretary General

Mr Per BERG (Secretary General of the Lakes Commission) presented his report.

2. Treasurer's report

Ms Ida LUND (Norway) presented the Treasurer's report to the Commission.
"""


@pytest.mark.parametrize(("question", "answer"), [
    ("Who took the floor in the discussion of Per Berg's report?", None),  # only he is named: no one else spoke
    ("Who presented the Treasurer's report?", "Ida LUND"),
])
@pytest.mark.model
def test_who_spoke_on_a_persons_report_is_not_that_person(knowledge_dir, data_dir, real_encoder, question, answer):
    """The model finds "Mr Per BERG (...) presented his report" very close to the question, and
    his body in brackets is no answer to "who"."""
    (knowledge_dir / "minutes.txt").write_text(MINUTES_OF_REPORTS, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=real_encoder).ask(question)
    if answer is None:
        assert not got.answered and "doesn't say who took the floor" in got.reason, got.text
    else:
        assert got.answered and answer in got.text


def test_which_documents_go_with_an_item_lists_each_of_its_papers(knowledge_dir, data_dir, fake_encoder):
    agenda = ITEMS_AND_PAPERS.replace(
        "Item 5 Any other business", "Item 5 Election of the Secretary\nLC/12/8 - Note on the election of the Secretary\n"
        "LC/Sp/12/L/1 - Draft resolution on the election of the Secretary (restricted)\nItem 6 Any other business")
    (knowledge_dir / "agenda.txt").write_text(agenda, encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    got = briefing.ask("Which documents go with item 5?")
    assert got.answered and got.text.split("\n") == [
        "LC/12/8 - Note on the election of the Secretary",
        "LC/Sp/12/L/1 - Draft resolution on the election of the Secretary (restricted)"]
    one = briefing.ask("Which document goes with item 4?")  # one asked for: the one
    assert one.answered and one.text == "LC/Sp/12/1 - Provisional agenda"


@pytest.mark.model
def test_a_yes_no_question_is_answered_by_what_was_done_not_by_the_items_heading(knowledge_dir, data_dir, real_encoder):
    """"Was the agenda adopted?": "2. Adoption of the Agenda" names the item, the line under it
    says it was."""
    (knowledge_dir / "minutes.txt").write_text(
        "MINUTES OF THE LAKES COMMISSION\nOslo, 4 March 2027\n\n1. Call to Order\n\nThe meeting was opened at 9.08 a.m.\n\n"
        "2. Adoption of the Agenda\n\nThe draft agenda was adopted.\n\n3. Report by the Secretary General\n\n"
        "Mr Per BERG presented his report.\n", encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=real_encoder).ask("Was the agenda adopted?")
    assert got.answered and got.text == "The draft agenda was adopted."


CALL_NOTES = ("# Harbour Board call 2027-05-04\n\n## Attendees\n\n- Ann Smith\n- Ida Lund\n\n## Actions\n\n"
              "- Ann Smith to draft the minutes\n- Ida Lund to book the harbour hall for the next meeting\n"
              "- All to review the ferry plan before Friday\n\n## Next steps\n\nThe board will meet again in June.\n")


@pytest.mark.parametrize("question", ["What are the action items?", "What are the actions?", "List all the actions"])
def test_what_a_heading_lists_is_every_line_under_it(knowledge_dir, data_dir, fake_encoder, question):
    """"What are the action items?" of notes with "Actions" over one action a line got one action."""
    (knowledge_dir / "call.md").write_text(CALL_NOTES, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert got.text.split("\n") == ["Ann Smith to draft the minutes", "Ida Lund to book the harbour hall for the next meeting",
                                    "All to review the ferry plan before Friday"], got.text or got.reason


def test_a_heading_over_one_sentence_is_answered_by_the_sentence(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "call.md").write_text(CALL_NOTES, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("What are the next steps?")
    assert got.text == "The board will meet again in June.", got.text or got.reason
