"""Records and notes as secretariats keep them: a summary record's list of those present, one
titled name and country a line; notes in light markup; a programme saved a paragraph a line.
Made-up documents, the deterministic fake encoder: what is checked is the reading and the
checks, not the model."""

from __future__ import annotations

import pytest

from knowledge.briefing import Briefing

RECORD = """Lakes Commission, Summary record of the 12th meeting, held at the Harbour Hall, Oslo, on Monday, 3 May 2027, at 10.30 a.m., second session

4 May 2027

Chairman: Mr. HOLM Norway

Mr. BERG Sweden
Ms. van DIJK Netherlands
Mr. LUND Denmark

Item 3: Water levels

1. The CHAIRMAN opened the discussion on the water levels of the northern lakes.

2. Mr. BERG (Sweden) said that the levels had fallen for three years.
"""

NOTES = """= HARBOUR WORKING GROUP

*Harbour Team call* +
09 May 2027 12:00 - 13:30 UTC

== 1. Participants

*Chair:* Ida Stein

*Participants:* Per Olsen, Eva Moe

== 2. Summary

Deadline for comments on the harbour plan: 20 May 2027
"""

PANEL = ("The Lakes Commission will hold a panel on water levels in the Harbour Hall on 3 May 2027, from 10:00 to "
         "13:00, open to the delegates of all the member states and to the press, with interpretation in three languages.\n"
         "Target audience\n"
         "The panel is meant for delegates of the lake states and the river basin agencies.\n"
         "Programme\n"
         "10:00 - 10:10 Opening by the Chair of the Commission\n"
         "Moderator: Ms. Ana Holm, Lakes Institute\n"
         "Mr. Per Berg, Director, Harbour Board\n"
         "Ms. Ida Lund, Senior Researcher, Water Watch\n")


MINUTES = "# Lakes Board meeting 2027-05-04\n\n## Meeting roles\n\n- Facilitator: Ana Holm\n- Minutes: Maria Santos\n\n" + "\n\n".join(
    f"## Item {i}: report of working group {i}\n\nThe working group {i} reported on its work on topic {i} and the "
    f"board took note of report {i}, asking for a follow-up at a later meeting." for i in range(1, 13)) + (
    "\n\n## Finances\n\nThe treasurer checked the accounts: the Lakes Fund has 40k EUR in the bank.\n\n"
    "## Meetings\n\nIt was agreed that the board should meet fortnightly at this early stage.\n")


COUNCIL = "# Council meeting 2027-06-01\n\n## Meeting roles\n\n- Facilitator: Ana Holm\n- Minutes: Tom Weber\n\n" + "\n\n".join(
    f"## Topic {i}\n\nThe council discussed topic {i} at length and agreed to come back to it." for i in range(1, 13)) + (
    "\n\n## Outreach\n\nThe Fjord Rowing Union will write to its clubs about the regatta.\n\n## Regatta\n\n"
    "Ana: I have a proposal: we hold the next regatta at the Harbour Hall again. We have a reservation for the "
    "week of 18 May.\n\nTom: Fine by me.\n")
"""Long minutes that never name their body in the heading block, only pages later."""

JOURNAL = ("Lakes Assembly Journal No. 3\n\nThis Journal gives delegates the Assembly's programme. The Guide for "
           "delegates to the Lakes Assembly (document LB27/DIV./2 Rev.1) has more.\n\nFriday, 7 May\n\n"
           "Technical briefing: Harbour ice outlook\n\n12:00–12:50 Room XIX\n\n"
           "Informal consultation in relation to the establishment of an agile Member States Task Group on "
           "strengthening the Assembly's budgetary, programmatic and financing governance of the harbour\n\n"
           "18:00–19:00 Room XXIII\n\n"
           "Please note the following arrangements for the Board:\n\nBadges for members of the Board and their "
           "advisers will be issued at:\n\n-     the Harbour Hall (enquiry desk – Door 4) and\n\n"
           "-     the Board's reception desk\n")


WORKSHOP = """# Harbour data workshop

**2:30 PM, 16 July | Room B4, Harbour Hall, Oslo**

### Schedule

| **Duration** | **Activity** |
|:-------------|:-------------|
| **5 mins**   | **Welcome** |
| **20 mins**  | **Opening Talk**: *Tides and data* – [Prof. Ida Lund](https://example.org/lund) |
| **1 hour**   | **Hands-on Session** |
"""

STEERING = """---
title: "Minutes of Harbour Steering Committee Meeting No.1"
date: 2027-10-17 14:00:00 +1000
---

## Attendees
- [AH] Ana Holm
- [PB] Per Berg (Chair for agenda items 1. & 2.)

## Discussion

### 1. Election of Chair.
AH was elected chair of the HB-NORD steering committee.

## Next Meeting
Nov 29-30th - Date/time to be confirmed.
"""


@pytest.fixture
def briefing(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "workshop.md").write_text(WORKSHOP, encoding="utf-8")
    (knowledge_dir / "steering.md").write_text(STEERING, encoding="utf-8")
    (knowledge_dir / "journal.txt").write_text(JOURNAL, encoding="utf-8")
    (knowledge_dir / "minutes.md").write_text(MINUTES, encoding="utf-8")
    (knowledge_dir / "council.md").write_text(COUNCIL, encoding="utf-8")
    (knowledge_dir / "record.txt").write_text(RECORD, encoding="utf-8")
    (knowledge_dir / "notes.txt").write_text(NOTES, encoding="utf-8")
    (knowledge_dir / "panel.txt").write_text(PANEL, encoding="utf-8")
    return Briefing(knowledge_dir, data_dir, encoder=fake_encoder)


@pytest.mark.parametrize(("question", "expected"), [
    # the record's list: each line pairs a person with a country, the chair is a field (not the title)
    ("Who represented Denmark on the Lakes Commission?", "Mr. LUND Denmark"),
    ("Who chaired the 12th meeting of the Lakes Commission?", "Chairman: Mr. HOLM Norway"),
    # a record's "Held in ..." line answers "Where did they hold it?" over prose that names a city
    ("Where did the Lakes Commission hold its 12th meeting?", "Harbour Hall"),
    # notes in AsciiDoc: "*Chair:* Ida Stein" is a field; date and time are both asked for
    ("Who chaired the Harbour Team call?", "Chair: Ida Stein"),
    ("What date and time was the Harbour Team call held?", "09 May 2027 12:00 - 13:30 UTC"),
    ("What is the deadline for comments on the harbour plan?", "20 May 2027"),
    # a page saved a paragraph a line: each line is its own, read under its heading
    ("Who is the target audience of the Lakes Commission panel?", "delegates of the lake states"),
    ("Which panelist is from Water Watch?", "Ms. Ida Lund"),
    # long minutes: the fields of their opening block are read, whatever the retrieval ranks first
    ("Who took the minutes at the Lakes Board meeting?", "Minutes: Maria Santos"),
    ("How much money does the Lakes Fund have in the bank?", "40k EUR"),
    # a body's name backs an answer anywhere in its document; a person's must be near
    ("Who took the minutes at the Fjord Rowing Union council meeting?", "Minutes: Tom Weber"),
    # "how often" is answered by how often ("fortnightly"), not by a date or a number
    ("How often did the Lakes Board decide to meet?", "fortnightly"),
    # "kick off" asks when it starts: the programme's date line
    ("What time does the harbour data workshop kick off on 16 July?", "2:30 PM"),
    # minutes kept as a script: "Ana: I have a proposal ..." are Ana's words
    ("What did Ana say about the next regatta?", "Harbour Hall"),
    # a journal's entries: a title line, then its time and room (the title reads like a field)
    ("When is the technical briefing on the harbour ice outlook?", "12:00–12:50"),
    ("Which document is the Guide for delegates to the Lakes Assembly?", "LB27/DIV./2 Rev.1"),
    # an entry's title of over 160 characters is still a line; "where" is answered by its room line
    ("Where is the informal consultation on the Task Group on the Assembly's budgetary governance?", "Room XXIII"),
    # a sentence ending in a colon is finished by the items it introduces
    ("Where do members of the Board collect their badges?", "Door 4"),
    # the people's adjective finds the country written after a name ("Mr. BERG (Sweden)")
    ("Which swedish member spoke on the water levels?", "BERG"),
])
def test_records_notes_and_programmes_are_read_as_written(briefing, question, expected):
    answer = briefing.ask(question)
    assert answer.answered and expected in answer.text, (answer.text, answer.reason)


@pytest.mark.parametrize(("question", "missing"), [
    # the record gives when the meeting opened; nothing says when it rose
    ("When did the 12th meeting of the Lakes Commission rise?", "rose"),
    # "chairs" read as a verb: still the role asked about, and no harbour working group chairs are named
    ("Who are the Harbour working group co-chairs running these calls?", "co-chairs"),
    # "how do I" asks about its verb: no document says how to register
    ("How do I register to speak on the water levels of the northern lakes?", "register"),
    # a person is asked for by nationality: one of another country is no answer
    ("Which Canadian member spoke on the water levels?", "Canadian"),
    ("What did the Canadian member say about the water levels?", "Canadian"),
])
def test_what_the_documents_do_not_say_is_declined(briefing, question, missing):
    answer = briefing.ask(question)
    assert not answer.answered, answer.text


SITTING = """Lakes Assembly, minutes of the 4th sitting

4. Address by the Director of the Lakes Agency

Ms Eva HOLM, Director of the Lakes Agency, addressed the Assembly and answered questions from members on the budget.

Speakers: Mr LUND (Denmark), Ms BERG (Sweden), Mr MOORE (Canada).

The Director responded to the questions.

5. Report by the Treasurer

Mr Hans RAIDT (Germany) presented the Treasurer's report to the Assembly.

Speakers: Mr LLOYD (United Kingdom), Mr NINO (Canada).
"""


def test_a_member_asked_for_by_nationality_is_the_one_listed_with_that_country(knowledge_dir, data_dir, fake_encoder):
    # the address names the Director and the questions; the list of speakers names the member
    (knowledge_dir / "sitting.txt").write_text(SITTING, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "Which Canadian member put questions to the Director of the Lakes Agency?")
    assert answer.answered and "MOORE (Canada)" in answer.text, (answer.text, answer.reason)
    # "the Treasurer's report" names whose report, not whose words are asked for
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Which Canadian member spoke on the Treasurer's report?")
    assert answer.answered and "NINO (Canada)" in answer.text, (answer.text, answer.reason)


def test_who_the_speakers_are_is_read_from_the_programme_where_no_one_is_reported_speaking(knowledge_dir, data_dir,
                                                                                            fake_encoder):
    # "Who are the speakers?" was declined: nobody is quoted or said to act in a programme
    (knowledge_dir / "osce-police-experts-meeting-2015.txt").unlink()
    (knowledge_dir / "tutorial.md").write_text(
        "# Harbour data tutorial\n\n| Time | Session |\n|---|---|\n| 10:00 | Welcome |\n"
        "| 10:20 | Introduction to the tutorial. Speakers: Ana Holm, Per Olsen |\n| 11:00 | Coffee break |\n",
        encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Who are the speakers?")
    assert answer.answered and "Ana Holm" in answer.text, (answer.text, answer.reason)
    (knowledge_dir / "tutorial.md").write_text("# Harbour data tutorial\n\n| Time | Session |\n|---|---|\n"
                                               "| 10:00 | Welcome |\n| 11:00 | Coffee break |\n", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir / "2", encoder=fake_encoder).ask("Who spoke?")
    assert not answer.answered and answer.reason.endswith("doesn't say who spoke.")  # no row says it: declined


def test_who_is_the_speaker_of_a_body_asks_for_a_post_not_for_who_spoke(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "assembly.txt").write_text(
        "Lakes Assembly opens its session\n\nOSLO, 3 May 2027 - The Lakes Assembly opened its session today. "
        '"Water is our common good," said Ana Holm, the Minister of Water.\n\n'
        "The Assembly elects a Presiding Officer, known as the speaker, for each session.\n", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Who is the speaker of the Lakes Assembly?")
    assert answer.kind != "speakers", answer.text  # not "Reported speaking: Ana Holm."


def test_a_verb_that_only_ties_the_answer_does_not_choose_the_meeting(knowledge_dir, data_dir, fake_encoder):
    # "held" favours the answering line; it does not name a meeting: the record that says "held"
    # and "consultations" lost "Where are the open consultations held?" for the consultations' agenda
    (knowledge_dir / "osce-police-experts-meeting-2015.txt").unlink()
    (knowledge_dir / "consultations.txt").write_text("Open consultations\nBergen, 4 March 2027\n\nDraft Agenda\n\n"
                                                      "1. Taking stock of the 2026 meeting\n", encoding="utf-8")
    (knowledge_dir / "record.txt").write_text(
        "Summary record of the 12th meeting of the Lakes Commission\n\nHeld in Oslo on 3 May 2027.\n\n"
        "The Chair reported on the consultations held with the delegations.\n",
        encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Where are the open consultations held?")
    assert answer.answered and "Bergen" in answer.text, (answer.text, answer.reason)


def test_the_date_under_next_meeting_is_not_this_meetings(briefing):
    answer = briefing.ask("On what date was Harbour Steering Committee Meeting No.1 held?")
    assert "Nov 29" not in answer.text



AGENDA = """# Agenda for the 12th meeting of the Harbour Board

- **Host**: Lakesoft
- **Dates**: 3-5 May 2027
- **Location**: Oslo

1. Opening of the meeting
1. Adoption of the agenda
1. Next meeting host and logistics
1. Autumn 2028 meeting host

## Questions

The Board keeps a message board for delegates at board.example.org. Please post your questions there, not by e-mail to the secretariat.

## Dates and locations of future meetings

| Dates | Location | Host |
|---|---|---|
| 2027-09-06 to 2027-09-08 | Bergen | Fjord College |
| 2028-01-10 to 2028-01-12 | Tromso | Arctic Lab |
"""


PLAN = """Harbour Board adopts its plan for 2028

Oslo, 5 May 2027: The Harbour Board adopted its plan for 2028 at its 12th meeting.

The representative of Finland asked for more time to study the plan.

Ana Holm noted that some of the moorings need new chains:

Checks of chains can only be made at low tide and with both divers present on the day

The plan for 2028 puts a special emphasis on:

• Cleaning the harbour basins;

• Making the moorings safe for small boats.
"""


@pytest.mark.parametrize(("question", "expected"), [
    # "following" before a noun means the next one: the first row under "future meetings", not an
    # agenda item about next meetings, nor a later row
    ("Where and when is the following Harbour Board meeting?", "Bergen"),
    ("When is the upcoming Harbour Board meeting?", "2027-09-06"),
    ("When is the next Harbour Board meeting?", "2027-09-06"),
    # "hosting" asks for the field "Host:", which opens the document (no lead sentence of a release)
    ("Who is hosting the 12th meeting of the Harbour Board?", "Host: Lakesoft"),
    # a place field's value is a place, though the tagger does not know it
    ("Where is the 12th meeting of the Harbour Board held?", "Oslo"),
    # the answer says "there": the sentence before says where
    ("Where should delegates post their questions instead of e-mailing the secretariat?", "message board"),
    # a sentence ending in a colon, its list items read as passages of their own: the list is shown
    ("What does the Harbour Board's plan for 2028 put a special emphasis on?", "moorings safe"),
    # a sentence ending in a colon that names who answers "who" (its points below are no list)
    ("Who raised the point that some moorings need new chains?", "Ana Holm"),
])
def test_an_agenda_says_where_and_when_this_and_the_next_meeting_are(knowledge_dir, data_dir, fake_encoder, question, expected):
    (knowledge_dir / "agenda.md").write_text(AGENDA, encoding="utf-8")
    (knowledge_dir / "plan.txt").write_text(PLAN, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert answer.answered and expected in answer.text, (answer.text, answer.reason)


def test_the_doer_named_by_the_questions_own_verb_is_no_answer(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "plan.txt").write_text(PLAN, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "Who represented Finland at the 12th meeting of the Harbour Board?")
    assert not answer.answered, answer.text  # "The representative of Finland asked ..." names no one


FUND = """Lakes Fund discusses its next programme with the member states

Oslo, 28 April 2027: The Lakes Fund and the member states held a round table to discuss the draft programme for the period 2028-2032.

The meeting was attended by representatives of the member states, the harbour authorities and several fishing associations from the northern shore.

During the meeting, the participants were introduced to the priorities of the new programme. It was highlighted that the programme is guided by the lake states' joint water strategy, signed on 14 March 2027. The upcoming programme of the Lakes Fund is focusing on the health of the lakes with a special emphasis on:

•  Cleaning the harbour basins and protecting the spawning grounds of the northern lakes;

•  Making the moorings safe for small boats and the ferries that cross the lakes in winter;

•  Building the shore towns' resilience to floods through better forecasts and higher dikes.

In her speech the director of the Lakes Fund mentioned that the Fund enjoys a long-standing cooperation with the member states.
"""


def test_a_sentence_ending_in_a_colon_answers_with_the_list_below_it(knowledge_dir, data_dir, fake_encoder):
    """The items are passages of their own: the sentence announcing them is shown with them."""
    (knowledge_dir / "fund.txt").write_text(FUND, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "What are the emphasis areas of the Lakes Fund's 2028-2032 programme?")
    assert answer.answered and "special emphasis on:" in answer.text and "higher dikes" in answer.text, answer.text


HIGHLIGHTS = """LAKES CONVENTION COP-3 HIGHLIGHTS: TUESDAY, 4 MAY 2027

AGENDA ITEM 4 - ORGANIZATIONAL MATTERS

4(a) Status of ratification: The President introduced document LC/CP/2027/Inf.2, and noted that 41 states have ratified the Convention.

4(b) Adoption of the rules of procedure: The President introduced LC/CP/2027/2, and delegates agreed to apply the draft rules.

4(c) Adoption of the agenda: The provisional agenda, as contained in LC/CP/2027/1, was adopted.
"""


@pytest.mark.parametrize(("question", "expected"), [
    # a sub-item's own line, not item 4's others; "document number" asks for a symbol
    ("Which document number is the provisional agenda that was adopted under item 4(c)?", "LC/CP/2027/1"),
    ("Which document was introduced under item 4 (b)?", "LC/CP/2027/2"),
])
def test_a_sub_item_is_found_by_its_letter(knowledge_dir, data_dir, fake_encoder, question, expected):
    (knowledge_dir / "highlights.md").write_text(HIGHLIGHTS, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert answer.answered and expected in answer.text, (answer.text, answer.reason)


OPENING = """Lakes Conference 2027: highlights of the first day

Oslo, 3 May 2027 - The Lakes Conference began its third session today in the Harbour Hall.

The first session was opened by the Executive Secretary, Ana Holm, who noted the need for the lake states to share the burden of the work. She said that the bureau had recommended the election of the head of the delegation of Norway, Per Berg, as President of the Conference.

The President was elected by acclamation and thanked the delegates.
"""


def test_who_did_it_is_answered_by_the_sentence_naming_the_doer_of_the_main_verb(knowledge_dir, data_dir, fake_encoder):
    """"before the President was elected" is a clause: the election sentences share more words."""
    (knowledge_dir / "highlights.md").write_text(OPENING, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "Who actually opened the conference before the President was elected?")
    assert answer.answered and "Ana Holm" in answer.text, (answer.text, answer.reason)


CONSULTATIONS = """Open consultations
Oslo, 3 May 2027

Open consultations

Oslo, 3 May 2027

Draft Agenda

1. Taking stock of the 2026 meeting

Participants are invited to comment on what worked well and what worked less well at the Bergen meeting. A survey was issued to facilitate the discussion:

For discussion.

2. The Advisory Group

The Advisory Group has been asked to propose a rotation among its members.
"""


def test_what_was_done_is_answered_by_the_sentence_that_says_it_though_it_ends_in_a_colon(
        knowledge_dir, data_dir, fake_encoder):
    """Not by the title under the date line, nor by the item heading that shares "stock"."""
    (knowledge_dir / "consultations.txt").write_text(CONSULTATIONS, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "What was issued to help the stock-taking discussion at the open consultations?")
    assert answer.answered and "A survey was issued" in answer.text, (answer.text, answer.reason)


SUMMARY_RECORD = """Summary record of the 5th meeting
4 June 2027

LAKES/C/SR.5

Lakes Commission

Summary record of the 5th meeting

Held at the Harbour Hall, Bergen, on Monday, 4 June 2027, at 10.30 a.m.

Chair: Ms. Ann Smith

Contents

Opening of the session

Adoption of the agenda and organization of work

Opening of the session

The Chair declared open the second session of the Commission.
"""


@pytest.mark.parametrize("question", ["When did the Lakes Commission meeting open?", "When was the Lakes Commission meeting?"])
def test_when_a_recorded_meeting_opened_is_the_time_it_was_held(knowledge_dir, data_dir, fake_encoder, question):
    """A summary record gives when it was held under its symbol, and lists "Opening of the
    session" without a time: the meeting's start answers, and the symbol line, which names the
    meeting, does not make it decline."""
    (knowledge_dir / "record.txt").write_text(SUMMARY_RECORD, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert answer.answered and answer.text.startswith("Held at the Harbour Hall"), answer.reason or answer.text
    closing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("When did the Lakes Commission meeting close?")
    assert not closing.answered  # its end is written nowhere


def briefing_alone(tmp_path, encoder, name: str, text: str) -> Briefing:
    """A briefing of one document in a folder of its own (``knowledge_dir`` holds the shipped release too)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return Briefing(tmp_path / "docs", tmp_path / "data", encoder=encoder)


@pytest.mark.parametrize(("held", "expected"), [
    ("Held via videoconference on Monday, 4 June 2027, at 10.30 a.m.", "via videoconference"),
    ("Held on Monday, 4 June 2027, at 10.30 a.m.", None),  # no place: not the time it opened
])
@pytest.mark.model
def test_where_a_recorded_meeting_was_is_its_place_or_the_call_it_was_held_on(tmp_path, real_encoder, held, expected):
    """"Where was the meeting?" is answered by a line naming a place, also one held on a call,
    and declined where none does: "The Chair declared open the session" says no place."""
    text = SUMMARY_RECORD.replace("Held at the Harbour Hall, Bergen, on Monday, 4 June 2027, at 10.30 a.m.", held)
    answer = briefing_alone(tmp_path, real_encoder, "record.txt", text).ask("Where was the meeting?")
    if expected is None:
        assert not answer.answered and "doesn't say where" in answer.reason, answer.text
    else:
        assert answer.answered and expected in answer.text, answer.reason or answer.text


@pytest.mark.model
def test_when_a_recorded_meeting_was_is_its_day_not_only_the_time_it_was_called_to_order(tmp_path, real_encoder):
    """The model puts "The meeting was called to order at 10.35 a.m." nearest "When was the
    meeting?", but only the line it was held by gives the day."""
    text = SUMMARY_RECORD.replace("Opening of the session\n\nThe Chair",
                                  "The meeting was called to order at 10.35 a.m.\n\nOpening of the session\n\nThe Chair")
    assert "called to order" in text
    briefing = briefing_alone(tmp_path, real_encoder, "record.txt", text)
    assert "4 June 2027" in briefing.ask("When was the meeting?").text
    assert "10.35 a.m." in briefing.ask("What time was the meeting called to order?").text


BOARD_MINUTES = """MINUTES OF THE HARBOUR BOARD
Thursday 4 March 2027

MINUTES

HARBOUR BOARD

Lisbon

Thursday 4 March 2027

9.00 a.m.

1. Call to Order

The meeting was opened at 9.05 a.m. with Ms Ann SMITH (Norway), President of the Board, in the Chair.

2. Adoption of the Agenda

The draft agenda was adopted.
"""


@pytest.mark.model
def test_where_minutes_were_held_is_the_place_heading_them(tmp_path, real_encoder):
    """The model puts the opening sentence, which names a country in brackets, nearest "Where was
    the meeting held?"; the heading block's line "Lisbon" says where."""
    answer = briefing_alone(tmp_path, real_encoder, "minutes.txt", BOARD_MINUTES).ask("Where was the meeting held?")
    assert answer.answered and answer.text == "Lisbon", answer.reason or answer.text


@pytest.mark.parametrize(("lead", "expected"), [
    ("Harbour pilots met in Lisbon today for the two-day Harbour Forum.", "two-day"),
    ("Harbour pilots met in Lisbon today for the Harbour Forum.", None),  # the post's length is not the forum's
])
@pytest.mark.model
def test_how_long_the_meeting_lasted_is_its_length_not_a_posts(tmp_path, real_encoder, lead, expected):
    answer = briefing_alone(tmp_path, real_encoder, "release.txt", (
        f"Harbour pilots elect a new chair\n\n{lead}\n\nMs Ann Smith was voted into the year-long post of "
        "chair by acclamation.\n\nThe forum adopted a plan for safer night pilotage.\n")).ask("How long did it last?")
    if expected is None:
        assert not answer.answered and "doesn't say how long" in answer.reason, answer.text
    else:
        assert answer.answered and expected in answer.text, answer.reason


@pytest.mark.model
def test_where_a_release_dated_in_its_city_was_is_answered_by_its_dateline(tmp_path, real_encoder):
    """"LISBON, 3 May 2027 -" says where; the tagger reads no place in the sentence after it."""
    answer = briefing_alone(tmp_path, real_encoder, "release.txt", (
        "Harbour Board honours its pilots\n\nLISBON, 3 May 2027 - The Harbour Board Mission marked Pilots Day with a "
        "graduation ceremony today for 40 harbour pilots.\n\nThe course covered night pilotage and radio work.\n")).ask(
        "Where did the Harbour Board pilots ceremony take place?")
    assert answer.answered and answer.text.startswith("LISBON"), answer.reason


@pytest.mark.model
def test_notes_that_say_no_place_decline_where_the_meeting_was(tmp_path, real_encoder):
    """A body among those attending is no place the meeting was held at."""
    briefing = briefing_alone(tmp_path, real_encoder, "notes.md", (
        "# Harbour Board meeting 2027-05-04\n\n## Attendance\n\n- Board members: Ann Smith, Per Berg\n"
        "- Observers: Lakes Commission, Harbour Institute\n\n## Decisions\n\n- The board approved the pilotage plan.\n"))
    answer = briefing.ask("Where was the meeting held?")
    assert not answer.answered and "doesn't say where" in answer.reason, answer.text
    assert "4 May 2027" in briefing.ask("When was the meeting?").text  # the title's day


@pytest.mark.model
def test_a_body_named_in_minutes_is_no_place_the_meeting_was(tmp_path, real_encoder):
    """"Where is it?" of minutes that say no place: not a line that names a body as it goes."""
    answer = briefing_alone(tmp_path, real_encoder, "minutes.md", (
        "# Minutes of Harbour Board Meeting No.1\n\n## Attendees\n- Ann Smith\n- Ida Lund\n\n## Discussion\n\n"
        "### 1. Casual vacancies\nIt was agreed that the board should:\n- invite candidates to apply, and\n"
        "- publicize the vacancies at the HBA Mini-conference (Mon. 21st Oct.).\n")).ask("Where is it?")
    assert not answer.answered and "doesn't say where" in answer.reason, answer.text


@pytest.mark.model
def test_when_an_agenda_says_its_dates_in_a_field_that_field_answers(tmp_path, real_encoder):
    """Not an item about another meeting ("6. November 2028 meeting host")."""
    answer = briefing_alone(tmp_path, real_encoder, "agenda.md", (
        "# Agenda for the 40th meeting of the Harbour Board\n\n- **Host**: Lakes Commission\n"
        "- **Dates**: May 3-5, 2027\n- **Location**: Lisbon\n\n## Agenda items\n\n1. Opening of the meeting\n"
        "1. Adoption of the agenda\n1. Approval of the minutes from last meeting\n1. Next meeting host\n"
        "1. November 2028 meeting host\n1. Report of the pilots\n")).ask("When was the meeting?")
    assert answer.answered and "May 3-5, 2027" in answer.text, answer.reason or answer.text


PARISH_MINUTES = """---
title: "Harbour Parish Council Minutes June 2027"
---

Minutes of Harbour Parish Council Meeting held in The Boat House

At 7.30pm on Wednesday 9 June 2027

1. Those Attending: Cllr A Smith (Chairman), Cllr B Berg, Mrs C Holm (Clerk).

2. Police Matters:

The Chairman welcomed the harbour officer, who reported one fire on the quay.

Cllr Berg advised the next meeting of the Lakes Commission will be on the 24 June

Not happy with the new arrangements of minutes only being released following approval at next meeting.

3. Date and Time of Next Meeting:

The next meeting will be on Wednesday 14 July 2027 at 7.30pm

There being no further business the meeting closed at 8.40pm
"""


@pytest.mark.parametrize(("question", "expected"), [
    ("When was the parish council meeting?", "At 7.30pm on Wednesday 9 June 2027"),
    ("What time did the parish council meeting start?", "At 7.30pm on Wednesday 9 June 2027"),
    ("When is the next parish council meeting?", "14 July 2027"),
    ("When did the parish council meeting end?", "closed at 8.40pm"),
    ("What time did the parish council meeting finish?", "closed at 8.40pm"),
])
def test_minutes_tell_this_meetings_time_from_the_next_ones_and_its_end(knowledge_dir, data_dir, fake_encoder,
                                                                       question, expected):
    """Minutes give the meeting's start under its name, the next meeting's date, and when it
    closed: each answers only its own question ("minutes" is no time, and a line that speaks of
    the next meeting is not this one's)."""
    (knowledge_dir / "minutes.md").write_text(PARISH_MINUTES, encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert answer.answered and expected in answer.text, answer.reason or answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("Who was the clerk of the parish council meeting?", "Mrs C Holm (Clerk)"),
    ("Who chaired the parish council meeting?", "Cllr A Smith (Chairman)"),
])
def test_who_held_a_post_is_the_name_with_that_post_in_brackets(knowledge_dir, data_dir, fake_encoder, question, expected):
    """Minutes list "Mrs C Holm (Clerk)" among those attending, and later only mention "the
    Clerk" or "the Chairman": the name with the post answers, not a sentence about the post."""
    (knowledge_dir / "minutes.md").write_text(
        PARISH_MINUTES + "\nThe Clerk advised that the quay lights will be mended in May.\n", encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    answer = briefing.ask(question)
    assert answer.answered and answer.text == expected, answer.reason or answer.text
    assert briefing.ask("Who was the treasurer of the parish council meeting?").text != expected


def test_an_attendance_field_of_minutes_is_who_attended_one_a_line_and_on_the_card(knowledge_dir, data_dir, fake_encoder):
    """"Those Attending: Cllr A Smith (Chairman), Cllr B Berg, ..." is a list written as a field:
    "Who attended?" lists it one person a line, and the card shows them, as it does a table's."""
    from knowledge.answering.brief import make_briefs

    (knowledge_dir / "minutes.md").write_text(PARISH_MINUTES, encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    answer = briefing.ask("Who attended the parish council meeting?")
    assert answer.text.split("\n") == ["Those Attending:", "Cllr A Smith (Chairman)", "Cllr B Berg", "Mrs C Holm (Clerk)"]
    card = next(b for b in make_briefs(briefing.index) if b.document == "minutes.md")
    assert [line.text for line in card.attending] == ["Cllr A Smith (Chairman)", "Cllr B Berg", "Mrs C Holm (Clerk)"]


def test_a_meeting_asked_for_by_its_title_gets_the_date_under_it(knowledge_dir, data_dir, fake_encoder):
    """An agenda titled "Harbour talks" with "Oslo, 4 March 2027" under it: "When are the harbour
    talks?" was declined, the title line (which only repeats the question) sharing the
    question's words and the date line none."""
    (knowledge_dir / "agenda.txt").write_text(
        "Harbour talks\nOslo, 4 March 2027\n\nHarbour talks\n\nOslo, 4 March 2027\n\nDraft Agenda\n\n"
        "1. Review of the 2026 regatta\n\nMembers are invited to say what went well at sea.\n\n"
        "2. The harbour safety group\n\nFor discussion\n", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("When are the harbour talks?")
    assert answer.answered and "4 March 2027" in answer.text, answer.reason


@pytest.mark.model
def test_a_budget_that_no_line_puts_a_sum_on_is_declined(tmp_path, real_encoder):
    """"What was the budget?" of a release that says the board approves budgets but gives no sum
    got that sentence, and "How large is the budget?" the board's 64 members: a sum, or a number
    said of the budget, answers; else the bot declines."""
    text = ("Harbour Board welcomes new members\n\nLISBON, 4 May 2027 - Three port cities joined the Harbour Board "
            "today.\n\nThe new members bring the board's membership to 64 cities. The board reviews and approves "
            "the port programmes and budgets.\n")
    briefing = briefing_alone(tmp_path, real_encoder, "release.txt", text)
    for question in ("What was the budget of the Harbour Board?", "How large is the budget the Harbour Board approved?"):
        assert not briefing.ask(question).answered, question
    (tmp_path / "docs" / "release.txt").write_text(text + "\nThis year's budget is EUR 2.5 million.\n", encoding="utf-8")
    briefing.refresh()
    answer = briefing.ask("What was the budget of the Harbour Board?")
    assert "EUR 2.5 million" in answer.text, answer.reason


@pytest.mark.model
def test_minutes_that_say_no_place_are_not_placed_by_a_word_read_as_one(tmp_path, real_encoder):
    """Minutes of an online call, with an action "Publish the minutes on the Github repository.":
    "Where was the meeting held?" got that line, the tagger reading "Github" as a place."""
    briefing = briefing_alone(tmp_path, real_encoder, "minutes.md", (
        "# Harbour Board call 2027-05-04\n\n## Attendees\n\n- Ann Smith\n- Ida Lund\n\n## Actions\n\n"
        "- Ann Smith to draft the minutes of the meeting.\n- Publish the minutes on the Github repository.\n"
        "- Ida Lund to schedule the next meeting.\n"))
    for question in ("Where was the meeting held?", "Where is the meeting?"):
        answer = briefing.ask(question)
        assert not answer.answered, answer.text


@pytest.mark.model
def test_when_a_person_spoke_is_when_the_meeting_was_where_their_words_give_no_day(tmp_path, real_encoder):
    """"When did Ann Smith speak?" was declined: only the sentences quoting her were read, and
    none has a day. The day the meeting met, which the lead gives, answers."""
    briefing = briefing_alone(tmp_path, real_encoder, "release.txt", (
        "Harbour talks open in Lisbon\n\nPort officials gathered in Lisbon today for the two-day Harbour talks.\n\n"
        "\"Our ports must share their data,\" said Ann Smith, chair of the Harbour Board.\n\n"
        "Ida Lund said the talks would end with a joint plan.\n\nLisbon, Tuesday, 4 May 2027\n"))
    answer = briefing.ask("When did Ann Smith speak?")
    assert answer.answered and "4 May 2027" in answer.text, answer.reason
    assert "share their data" in briefing.ask("What did Ann Smith say?").text  # what she said is still her words


@pytest.mark.model
def test_when_a_session_opens_is_its_first_day_where_its_opening_item_has_no_time(tmp_path, real_encoder):
    """An agenda with "4 and 5 May 2027 (private meeting)" under its title and "Item 1 Opening of
    the session": "When does the session open?" was declined, the item having no time."""
    briefing = briefing_alone(tmp_path, real_encoder, "agenda.txt", (
        "Harbour Board, 3rd special session (2027): agenda\n4 and 5 May 2027 (private meeting)\n\n"
        "Item 1 Opening of the session\nItem 2 Election of the Chair\nItem 3 Any other business and closure of the session\n"))
    answer = briefing.ask("When does the session open?")
    assert answer.answered and "4 and 5 May 2027" in answer.text, answer.reason
    assert not briefing.ask("When is the closure of the session?").answered  # the closing item gives no day


@pytest.mark.model
def test_what_minutes_adopted_is_what_was_decided(tmp_path, real_encoder):
    """"What was decided?" of minutes whose one decision is "The draft agenda was adopted." was
    declined: "adopted", "approved" and "accepted" now settle a question as "decided" does."""
    briefing = briefing_alone(tmp_path, real_encoder, "minutes.txt", (
        "Harbour Board minutes\n\n4 May 2027\n\n1. Opening of the meeting\n\nThe Chair opened the meeting at 10.00.\n\n"
        "2. Adoption of the agenda\n\nThe draft agenda was adopted.\n\n3. Elections\n\nThe Chair reported on the elections.\n"))
    answer = briefing.ask("What was decided?")
    assert answer.text == "The draft agenda was adopted.", answer.text or answer.reason


@pytest.mark.model
def test_the_next_meeting_is_a_line_that_looks_ahead_not_a_later_year_in_the_lead(tmp_path, real_encoder):
    """"When is the next meeting?" of a release on a meeting held got its lead, whose programme
    "for 2027-2030" ends after the release's day: now declined, unless a line looks ahead."""
    text = ("Harbour Board adopts port programme\n\nLISBON, 4 May 2027 - The Harbour Board held its annual meeting today "
            "and adopted the port programme for the period 2027-2030.\n\nThe programme covers the ferries and the locks.\n")
    briefing = briefing_alone(tmp_path, real_encoder, "release.txt", text)
    assert not briefing.ask("When is the next meeting?").answered
    (tmp_path / "docs" / "release.txt").write_text(text + "\nThe board will meet next on 3 May 2028 in Oslo.\n", encoding="utf-8")
    briefing.refresh()
    answer = briefing.ask("When is the next meeting?")
    assert "3 May 2028" in answer.text, answer.text or answer.reason


HEADED_MINUTES = ("MINUTES OF THE HARBOUR BOARD\nTuesday 4 May 2027\n\nMINUTES\n\nHARBOUR BOARD\n\nLisbon\n\n"
                  "Tuesday 4 May 2027\n\n10.00 a.m.\n\n1. Call to Order\n\nThe meeting was opened at 10.05 a.m. with "
                  "Ms Ann SMITH, President of the Board, in the Chair.\n\n2. Adoption of the Agenda\n\n"
                  "The draft agenda was adopted.\n\n3. Report by the Treasurer\n\n"
                  "Mr Jonas BERG presented the Treasurer's report to the Harbour Board.\n\n"
                  "The PRESIDENT thanked the Harbour Board.\n")


@pytest.mark.model
@pytest.mark.parametrize(("question", "expected"), [
    ("When was the Harbour Board meeting?", "4 May 2027"),
    ("Where did the Harbour Board meet?", "Lisbon"),
])
def test_when_and_where_minutes_met_is_their_heading_not_a_line_naming_the_body(tmp_path, real_encoder, question, expected):
    """Minutes whose day and place stand only in their heading block: "When was the Harbour Board
    meeting?" was declined, the lines naming the board ("The PRESIDENT thanked the Harbour Board.")
    ranking first and giving no day."""
    answer = briefing_alone(tmp_path, real_encoder, "minutes.txt", HEADED_MINUTES).ask(question)
    assert answer.answered and expected in answer.text, answer.text or answer.reason


@pytest.mark.model
def test_who_presided_is_who_the_record_lists_as_chair(tmp_path, real_encoder):
    """"Who presided over the meeting?" of a summary record with "Chair: Ms. Ann Smith" was declined:
    the record never says "presided"."""
    briefing = briefing_alone(tmp_path, real_encoder, "record.txt", (
        "Summary record of the 42nd meeting\n\nHarbour Board\n\nHeld at Harbour House, Lisbon, on Tuesday, 4 May 2027, "
        "at 10 a.m.\n\nChair: Ms. Ann Smith\n\nContents\n\nOpening of the session\n\nThe meeting was called to order at "
        "10.05 a.m.\n\nMr. Jonas Berg (Secretary of the Board) welcomed the members.\n"))
    answer = briefing.ask("Who presided over the Harbour Board meeting?")
    assert answer.answered and "Ann Smith" in answer.text, answer.text or answer.reason


@pytest.mark.model
@pytest.mark.parametrize("question", ["Who presided over the Harbour Board?", "Who presided?"])
def test_who_presided_is_a_name_not_the_president_by_title(tmp_path, real_encoder, question):
    """Minutes with "The PRESIDENT addressed the Harbour Board.": "Who presided?" got that line,
    which names no one ("presided" and "president" share a stem). The line with the chair's name answers."""
    briefing = briefing_alone(tmp_path, real_encoder, "minutes.txt", (
        "MINUTES OF THE HARBOUR BOARD\nTuesday 4 May 2027\n\n1. Call to Order\n\nThe meeting was opened at 10.05 a.m. "
        "with Ms Ann SMITH (Lisbon), in the Chair.\n\n2. Report of the President\n\nThe PRESIDENT addressed the Harbour Board.\n\n"
        "3. Report by the Treasurer\n\nMr Jonas BERG presented the Treasurer's report to the Harbour Board.\n"))
    answer = briefing.ask(question)
    assert answer.answered and "Ann SMITH" in answer.text, answer.text or answer.reason


SETEXT_MINUTES = """Harbour Board Interim Meeting
=============================

May 4, 2027, 10:00-11:30 UTC
----------------------------

Attending
---------

* Ann Smith (Harbour Board)
* Ida Lund (Lakes Commission)
* Jonas Berg (Harbour House) - by phone

Apologies
---------

* Per Holm (Lakes Commission)

Actions
-------

* Board: next meeting on Tue May 18 (same time).
* Ann Smith to draft the port programme by Friday May 7.

Resolutions
-----------

* Ida Lund to chair the port committee from June.
"""


@pytest.mark.model
@pytest.mark.parametrize(("question", "expected"), [
    ("Who attended?", ["Ann Smith (Harbour Board)", "Ida Lund (Lakes Commission)", "Jonas Berg (Harbour House) - by phone"]),
    ("Who sent apologies?", ["Per Holm (Lakes Commission)"]),
    ("What are the actions?", ["Board: next meeting on Tue May 18 (same time).",
                               "Ann Smith to draft the port programme by Friday May 7."]),
    ("What are the resolutions?", ["Ida Lund to chair the port committee from June."]),
    ("What did the board resolve?", ["Ida Lund to chair the port committee from June."]),  # the heading "Resolutions"
])
def test_minutes_list_the_people_and_items_under_the_heading_asked(tmp_path, real_encoder, question, expected):
    """Markdown minutes with a date line over "Attending", "Apologies", "Actions" and "Resolutions"
    lists: "Who attended?" got one name (the list did not open its passage, and "Ann Smith (Harbour
    Board)" is more than a name), "Who sent apologies?" was declined, "What are the actions?" ended
    with the heading "Resolutions", and "What are the resolutions?" got the heading "Actions"."""
    answer = briefing_alone(tmp_path, real_encoder, "minutes.md", SETEXT_MINUTES).ask(question)
    assert answer.answered and answer.text.split("\n") == expected, answer.text or answer.reason


@pytest.mark.model
def test_a_deadline_is_a_date_something_is_due_by(tmp_path, real_encoder):
    """"What is the deadline for drafting the port programme?" was declined against "Ann Smith to
    draft the port programme by Friday May 7.": the action never says "deadline", but "by" a day does."""
    briefing = briefing_alone(tmp_path, real_encoder, "minutes.md", SETEXT_MINUTES)
    answer = briefing.ask("What is the deadline for drafting the port programme?")
    assert answer.answered and "by Friday May 7" in answer.text, answer.text or answer.reason
    assert not briefing.ask("What is the deadline for comments?").answered


NO_REGISTRATION = """---
title: "Participants"
---

# (No) Registration

Registration is not required,
you can simply come to any session of the harbour workshop.
Please join our dedicated chat channel
at the start of the workshop.
It will serve as the virtual meeting hall.

# Participants

* Ann Smith (Harbour Institute, PT)
* Ida Lund (Universität Lisbon, PT)
* Jonas Berg (Harbour House, SE)
"""


@pytest.mark.model
@pytest.mark.parametrize(("question", "expected"), [
    ("Do I need to register?", "Registration is not required"),  # not the heading "(No) Registration"
    ("What is used as the virtual meeting hall?", "chat channel"),  # "It will serve as ...": what "it" is, too
    ("What affiliation is listed for Ida Lund?", "Universität Lisbon"),  # the row never says "affiliation"
])
def test_a_workshop_page_answers_with_the_sentence_and_the_row_that_say_it(tmp_path, real_encoder, question, expected):
    """A workshop's page: "Do I need to register?" got its heading, "What is used as the virtual
    meeting hall?" got "It will serve as the virtual meeting hall." without the channel "it" is,
    and "What affiliation is listed for Ida Lund?" was declined."""
    answer = briefing_alone(tmp_path, real_encoder, "participants.md", NO_REGISTRATION).ask(question)
    assert answer.answered and expected in answer.text, answer.text or answer.reason


@pytest.mark.model
def test_the_day_in_a_summarys_title_is_when_the_meeting_was(tmp_path, real_encoder):
    """A post titled "Harbour Board meeting summary 4 May 2027", published on 10 May: "When was the
    board meeting?" was declined (the next meeting's line ranked first), or got the day it was posted."""
    briefing = briefing_alone(tmp_path, real_encoder, "summary.md", (
        "---\ntitle: Harbour Board meeting summary 4 May 2027\ndate: 2027-05-10 21:44:14+00:00\n---\n\n"
        "For the full transcript of the last Harbour Board meeting, see our logs.\n\n"
        "We opened with an introduction to the new Board chair, Ann Smith, who answered questions about her role.\n\n"
        "The board agreed to post summaries of its meetings.\n\n"
        "With the holidays coming up, we will have our next Board meeting on 8 June 2027.\n"))
    for question in ("When was the board meeting?", "What was the date of the board meeting?"):
        answer = briefing.ask(question)
        assert answer.answered and "4 May 2027" in answer.text, answer.text or answer.reason


@pytest.mark.model
@pytest.mark.parametrize("question", ["Which period does the port programme cover?", "What period does the programme cover?"])
def test_the_period_a_programme_covers_is_its_years(tmp_path, real_encoder, question):
    """"Which period does the port programme cover?" got a sentence naming the programme with no years,
    or was declined: the lead's "for the period 2027-2030" never says "cover"."""
    briefing = briefing_alone(tmp_path, real_encoder, "release.txt", (
        "Harbour Board adopts port programme\n\nLisbon, 4 May 2027: The Harbour Board held its annual meeting to discuss "
        "the draft port programme for the period 2027-2030.\n\nDuring the meeting, the members were introduced to the "
        "priorities of the new port programme.\n\nThe programme focuses on the ferries and the locks.\n"))
    answer = briefing.ask(question)
    assert answer.answered and "2027-2030" in answer.text, answer.text or answer.reason


@pytest.mark.model
def test_a_question_typed_in_lower_case_keeps_its_verb_out_of_the_name(tmp_path, real_encoder):
    """"where did the harbour parish council meet" was declined as "doesn't mention harbour parish
    council meet": the tagger read the verb into the name."""
    briefing = briefing_alone(tmp_path, real_encoder, "minutes.md", (
        "---\ntitle: \"Harbour Parish Council Minutes July 2027\"\n---\n\n"
        "Minutes of Harbour Parish Council Meeting held in The Community Centre\n\nAt 7.30pm on Wednesday 7 July 2027\n\n"
        "1. Those Attending: Cllr A Smith (Chairman), Cllr I Lund, Mrs J Berg (Clerk).\n\n"
        "2. Police Matters: there had been one incident in the last four weeks.\n"))
    answer = briefing.ask("where did the harbour parish council meet")
    assert answer.answered and "Community Centre" in answer.text, answer.text or answer.reason


@pytest.mark.model
def test_where_a_meeting_is_is_its_location_field_however_far_down_it_ranks(tmp_path, real_encoder):
    """An agenda page whose "Location:" field sits in a block of fields, under many items naming the
    meeting: "Where is the 12th Harbour Board meeting?" was declined, the field ranking 20th."""
    items = "".join(f"{i}. Report of working group {i} on the 12th Harbour Board meeting\n" for i in range(1, 16))
    briefing = briefing_alone(tmp_path, real_encoder, "agenda.md", (
        "# Agenda for the 12th meeting of the Harbour Board\n\n- **Host**: Harbour House\n- **Dates**: May 4-6, 2027\n"
        "- **Location**: Lisbon, Portugal\n- **Attendee information**: Reflector\n\n## Agenda items\n\n"
        "1. Opening of the meeting\n1. Adoption of the agenda\n1. Next meeting host and logistics\n\n" + items))
    answer = briefing.ask("Where is the 12th Harbour Board meeting?")
    assert answer.answered and "Lisbon" in answer.text, answer.text or answer.reason


@pytest.mark.model
def test_the_final_item_is_the_last_one_listed(tmp_path, real_encoder):
    """"What is the final agenda item?" found the last item but declined it: the item never says "final"
    (beside another agenda, "agenda" and "item" weigh less than "final", which no document has)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lakes.txt").write_text(
        "Lakes Commission, 3rd session: agenda items and documents\n\nItem 1 Opening of the session\nItem 2 Adoption of "
        "the agenda\nLC/3/1 - Provisional agenda\nItem 3 Election of the Chair\nItem 4 Any other business\n", encoding="utf-8")
    (tmp_path / "docs" / "agenda.txt").write_text((
        "Open consultations\nLisbon, 4 May 2027\n\nOpen consultations\n\nLisbon, 4 May 2027\n\nDraft Agenda\n\n"
        "1. Taking stock of the 2026 meeting\n\nParticipants are invited to comment on what worked well at the Oslo meeting. "
        "A questionnaire was issued to facilitate the discussion:\n\nFor discussion.\n\n2. The Harbour Board\n\n"
        "The Board has been requested to make proposals on a rotation among its members.\n\nFor discussion\n\n"
        "3. The 2027 meeting\n\nThe host country may wish to present the venue of the 2027 meeting.\n\n"
        "4. Any Other Business\n"), encoding="utf-8")
    briefing = Briefing(tmp_path / "docs", tmp_path / "data", encoder=real_encoder)
    answer = briefing.ask("What is the final agenda item of the open consultations?")
    assert answer.answered and "Any Other Business" in answer.text, answer.text or answer.reason


@pytest.mark.model
def test_notes_dated_by_their_title_meet_that_day_not_a_day_an_item_names(tmp_path, real_encoder):
    """Notes titled "Harbour Board meeting 2027-05-04" with an item '"Discuss 2027-05-08 budget
    updates"': "When was the board meeting?" got that item."""
    issues = "".join(f"### \"Board update on the port programme, part {i}\" board#{160 + i}\n\nIda: Part {i} is on track.\n\n"
                     for i in range(1, 10))
    briefing = briefing_alone(tmp_path, real_encoder, "notes.md", (
        "# Harbour Board meeting 2027-05-04\n\n## Attendance\n\n- Board members: Ann Smith, Ida Lund, Jonas Berg\n\n"
        "## Nominated issues\n\n### \"Discuss 2027-05-08 budget updates\" board#191\n\nAnn: The budget needs a second look.\n\n"
        + issues))
    answer = briefing.ask("When was the board meeting?")
    assert answer.answered and "4 May 2027" in answer.text, answer.text or answer.reason


@pytest.mark.model
def test_a_question_the_minutes_ask_comes_with_their_reply(tmp_path, real_encoder):
    """Minutes that ask "Should board members sign non-disclosure agreements?" and answer "No." on the
    next line: the same question got the minutes' question alone."""
    briefing = briefing_alone(tmp_path, real_encoder, "minutes.md", SETEXT_MINUTES + (
        "\nDiscussion\n----------\n\n* Should board members sign non-disclosure agreements?\n* No.\n"
        "* Instead, sharing of information should be part of the role of a board member.\n"))
    answer = briefing.ask("Should board members sign non-disclosure agreements?")
    assert answer.answered and answer.text.split("\n")[-1] == "No.", answer.text or answer.reason


@pytest.mark.model
def test_who_sent_apologies_is_read_under_the_heading_when_no_document_is_chosen(tmp_path, real_encoder):
    """The minutes and a festival notice "Harbour Festival: our apologies": "Who sent apologies?" chose
    neither document, and the lines under the minutes' "Apologies" were never read."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "minutes.md").write_text(SETEXT_MINUTES, encoding="utf-8")
    (tmp_path / "docs" / "notice.txt").write_text(
        "Harbour Festival: our apologies\n\nLisbon, 2 May 2027 - The Harbour Festival moves from May to 5 June 2027.\n\n"
        "Tickets stay valid.\n", encoding="utf-8")
    answer = Briefing(tmp_path / "docs", tmp_path / "data", encoder=real_encoder).ask("Who sent apologies?")
    assert answer.answered and answer.text == "Per Holm (Lakes Commission)", answer.text or answer.reason
