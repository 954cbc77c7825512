"""The briefing card of an agenda and a list of participants: the day's programme and who attends."""

from __future__ import annotations

from knowledge.answering.brief import ROWS, make_briefs
from knowledge.briefing import Briefing

AGENDA = """Lakes Commission, 14th session: agenda

Wednesday, 3 March 2027

09h30 | Opening of the session by the Chair
10h00 | Adoption of the agenda
10h15-11h00 | Report of the Secretariat
11h00 | Coffee break
11h30 | Water levels of the northern lakes
13h00 | Lunch
14:30 | Closing remarks by Ms. Petra Novak
"""

PARTICIPANTS = """Lakes Commission, 14th session: list of participants

Chair:
Ms. Petra Novak | Slovenia

Members:
Mr. Tomas Berg | Sweden
Austria | Dr. Anna Huber
Ms. Ilse Maas | Netherlands
Mr. van der Berg | Belgium

The secretariat of the Commission serves the session.
"""


def briefing_of(knowledge_dir, data_dir, fake_encoder, **files: str) -> Briefing:
    for name, text in files.items():
        (knowledge_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    return Briefing(knowledge_dir, data_dir, encoder=fake_encoder)


def test_an_agenda_gives_its_timed_rows_and_a_list_gives_who_attends(knowledge_dir, data_dir, fake_encoder):
    briefing = briefing_of(knowledge_dir, data_dir, fake_encoder, agenda=AGENDA, participants=PARTICIPANTS)
    cards = {b.document: b for b in make_briefs(briefing.index)}
    agenda, people = cards["agenda.txt"], cards["participants.txt"]
    assert [line.text for line in agenda.programme] == [
        line for line in AGENDA.splitlines() if "|" in line]
    assert agenda.attending == ()
    assert agenda.key_points == ()  # its date line and rows hold numbers, but none is a key point
    assert [line.text for line in people.attending] == [
        "Chair: Ms. Petra Novak (Slovenia)", "Members: Mr. Tomas Berg (Sweden)",
        "Members: Dr. Anna Huber (Austria)", "Members: Ms. Ilse Maas (Netherlands)",
        "Members: Mr. van der Berg (Belgium)"]
    assert people.programme == () and people.speakers == ()  # the names are shown once, as who attends
    shipped = cards["osce_police_experts_meeting_2015.txt"] if "osce_police_experts_meeting_2015.txt" in cards \
        else next(b for n, b in cards.items() if n not in ("agenda.txt", "participants.txt"))
    assert shipped.programme == () and shipped.attending == ()  # a press release has neither


def test_a_long_programme_shows_its_first_rows_and_says_how_many_more(knowledge_dir, data_dir, fake_encoder):
    rows = "\n".join(f"{9 + i // 2:02d}h{30 * (i % 2):02d} | Working group {i + 1}" for i in range(ROWS + 6))
    briefing = briefing_of(knowledge_dir, data_dir, fake_encoder, long=f"Long day: programme\n\n{rows}\n")
    card = next(b for b in make_briefs(briefing.index) if b.document == "long.txt")
    assert len(card.programme) == ROWS and card.more_programme == 6
    assert card.programme[0].text == "09h00 | Working group 1"


def test_prose_with_a_time_is_no_programme(knowledge_dir, data_dir, fake_encoder):
    text = ("Harbour Board meeting\n\nThe Board met on Monday at 4 p.m. in the town hall and adjourned at "
            "6 p.m. after adopting the budget.\n\nMr. Jens Lund | Denmark, the chair, thanked the staff.\n")
    briefing = briefing_of(knowledge_dir, data_dir, fake_encoder, board=text)
    card = next(b for b in make_briefs(briefing.index) if b.document == "board.txt")
    assert card.programme == ()


def test_who_represents_a_country_is_its_row_of_the_list(knowledge_dir, data_dir, fake_encoder):
    briefing = briefing_of(knowledge_dir, data_dir, fake_encoder, participants=PARTICIPANTS)
    answer = briefing.ask("Who represents Austria?")
    assert answer.answered and answer.text == "Austria | Dr. Anna Huber"
    assert not briefing.ask("Who represents Japan?").answered  # no row, no answer


def test_a_key_point_is_shown_without_the_dateline_it_opens_with(knowledge_dir, data_dir, fake_encoder):
    release = ("Water council agrees on shared river plan\n\n"
               "QUITO, 9 May 2027 (UNDP) - The water council adopted a shared plan for the river basin "
               "after two days of talks.\n\n"
               "Delegates from Lima and Quito approved the budget for the monitoring stations.")
    index = briefing_of(knowledge_dir, data_dir, fake_encoder, quito=release).index
    card = next(b for b in make_briefs(index) if b.document == "quito.txt")
    points = [p.text for p in card.key_points]
    assert "The water council adopted a shared plan for the river basin after two days of talks." in points
    assert not any(p.startswith("QUITO") for p in points)
    assert ("Date", "Sunday, 9 May 2027") in [(f.label, f.text) for f in card.facts]


def test_the_cards_speakers_are_those_who_spoke_or_acted_not_every_name_of_a_list(knowledge_dir, data_dir, fake_encoder):
    minutes = ("Lakes Assembly, minutes of the 4th sitting\n\n"
               "Ms Eva HOLM, Director of the Lakes Agency, addressed the Assembly.\n\n"
               "Speakers: Mr LUND (Denmark), Ms BERG (Sweden), Mr MOORE (Canada).\n")
    index = briefing_of(knowledge_dir, data_dir, fake_encoder, sitting=minutes).index
    card = next(b for b in make_briefs(index) if b.document == "sitting.txt")
    assert [s.label for s in card.speakers] == ["Eva HOLM"]  # the list's names are people, not the card's speakers
    assert {"Mr LUND", "Ms BERG", "Mr MOORE"} <= {s.name for s in index.speakers}


ITEM_AGENDA = """Open consultations of the Lakes Forum
Oslo, 4 March 2027

Draft Agenda

1. Taking stock of the 2026 meeting

Participants are invited to comment on what worked well at the Bergen meeting.

2. The Advisory Group
LF/27/2 - Note on the rotation of members
3. The 2028 meeting
4. Any other business
"""


def test_an_agenda_without_times_gives_its_items_and_the_place_under_its_name(knowledge_dir, data_dir, fake_encoder):
    index = briefing_of(knowledge_dir, data_dir, fake_encoder, agenda=ITEM_AGENDA).index
    card = next(b for b in make_briefs(index) if b.document == "agenda.txt")
    assert card.programme_heading == "Agenda"
    assert [line.text for line in card.programme] == [
        "1. Taking stock of the 2026 meeting", "2. The Advisory Group", "3. The 2028 meeting", "4. Any other business"]
    facts = [(f.label, f.text) for f in card.facts]
    assert ("Place", "Oslo") in facts and ("Event", "Open consultations of the Lakes Forum") in facts  # not Bergen
    assert not any(p.text.startswith("LF/27/2") for p in card.key_points)  # a paper is no key point
    assert "Draft Agenda" not in [s.label for s in card.speakers]  # a heading the tagger calls a person


def test_chairs_written_side_by_side_are_two_and_a_programmes_rows_are_no_one(knowledge_dir, data_dir, fake_encoder):
    """"Chair: Ann Smith | Co-Chair: Ida Lund" over a timetable was one chair with the co-chair
    as her detail, and the label went on to a row the tagger read as a person."""
    workshop = ("Harbour Pilots Workshop\n\nSchedule\n\nChair: Ann Smith | Co-Chair: Ida Lund\n\n"
                "Duration | Activity\n5 mins | Welcome\n10 mins | Closing Remarks\n")
    briefing = briefing_of(knowledge_dir, data_dir, fake_encoder, workshop=workshop)
    card = {b.document: b for b in make_briefs(briefing.index)}["workshop.txt"]
    assert [line.text for line in card.attending] == ["Chair: Ann Smith", "Co-Chair: Ida Lund"]


def test_who_attended_lists_the_attendance_and_a_release_without_one_is_not_listed(knowledge_dir, data_dir, fake_encoder):
    briefing = briefing_of(knowledge_dir, data_dir, fake_encoder, participants=PARTICIPANTS)
    answer = briefing.ask("Who attended the Lakes Commission session?")
    assert answer.answered and answer.text.split("\n") == [  # a group's label once, over its people
        "Chair: Ms. Petra Novak (Slovenia)", "Members:", "Mr. Tomas Berg (Sweden)", "Dr. Anna Huber (Austria)",
        "Ms. Ilse Maas (Netherlands)", "Mr. van der Berg (Belgium)"]
    assert "Chair: Ms. Petra Novak" not in briefing.ask("Who attended the police experts meeting?").text
    # only the meeting's own name besides "who": not a question about attendance
    assert "Mr. Tomas Berg (Sweden)" not in briefing.ask("Who is the Lakes Commission session for?").text


def test_who_the_people_of_one_group_are_lists_the_group_under_its_heading(knowledge_dir, data_dir, fake_encoder):
    """"Who are the co-organizers?" of a list of people grouped under headings: that group, all of
    it (the best row alone named one of them), and not the other groups."""
    (knowledge_dir / "people.md").write_text(
        "# Regatta volunteers\n\n## Race officers\n\nName | Club | City\n-- | -- | --\n"
        "Ann Smith | Bergen Sailing Club | Bergen\nTomas Berg | Oslo Yacht Club | Oslo\n\n"
        "## Co-organizers\n\nName | Club | City\n-- | -- | --\n"
        "Petra Novak | Harbour Board | Bergen\nIlse Maas | Lakes Commission | Oslo\n", encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    answer = briefing.ask("Who are the co-organizers of the regatta?")
    assert answer.answered and answer.text.split("\n") == [
        "Co-organizers:", "Petra Novak (Harbour Board, Bergen)", "Ilse Maas (Lakes Commission, Oslo)"]
    officers = briefing.ask("Who were the race officers?")
    assert officers.answered and "Tomas Berg" in officers.text and "Petra Novak" not in officers.text
    everyone = briefing.ask("Who attended the regatta?")
    assert everyone.answered and "Race officers:" in everyone.text and "Ilse Maas" in everyone.text
    bergen = briefing.ask("Which volunteers come from Bergen?")  # of every group, only those the rows place there
    assert bergen.answered and bergen.text.split("\n") == [
        "Race officers: Ann Smith (Bergen Sailing Club, Bergen)", "Co-organizers: Petra Novak (Harbour Board, Bergen)"]
    assert "Tomas Berg" not in briefing.ask("Who spoke at the regatta?").text


def test_a_long_list_of_people_is_read_by_its_name_column_across_passages(knowledge_dir, data_dir, fake_encoder):
    """A site's list of 40 participants runs over several passages, under one "Name" header,
    with names the tagger does not know: "Who is from Tromso, NO?" gets both rows that say so,
    the first and the last."""
    rows = [f"Kari Nordmann{i} | Harbour Board | Bergen, NO" for i in range(40)]
    rows[0], rows[39] = "Sunniva Oft | Harbour Board | Tromso, NO", "Ingvild Ask | Harbour Board | Tromso, NO"
    (knowledge_dir / "people.md").write_text(
        "# Regatta volunteers\n\nName | Organization | Location\n-- | -- | --\n" + "\n".join(rows) + "\n", encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    assert len(briefing.index.by_document["people.md"]) > 1  # the table runs on
    answer = briefing.ask("Which volunteers are from Tromso, NO?")
    assert answer.answered and answer.text.split("\n")[-2:] == [
        "Sunniva Oft (Harbour Board, Tromso, NO)", "Ingvild Ask (Harbour Board, Tromso, NO)"], answer.text


def test_minutes_whose_sentences_give_times_have_no_programme_on_the_card(knowledge_dir, data_dir, fake_encoder):
    """"The meeting closed at 8.40pm" and "The next meeting will be on ... at 7.30pm" are
    sentences, not a timetable's rows: the card showed them as the programme."""
    from tests.knowledge.answering.test_records import PARISH_MINUTES

    (knowledge_dir / "minutes.md").write_text(PARISH_MINUTES, encoding="utf-8")
    cards = {b.document: b for b in make_briefs(Briefing(knowledge_dir, data_dir, encoder=fake_encoder).index)}
    assert cards["minutes.md"].programme == ()


def test_people_listed_one_a_line_under_attendees_are_who_attended(knowledge_dir, data_dir, fake_encoder):
    """Notes with "Attendees" over a bulleted list of names: "Who attended?" got the first name
    alone (the list was read as one paragraph, then as lines no label named), and the card none."""
    (knowledge_dir / "call.md").write_text(
        "# Harbour Board call 2027-05-04\n\n## Attendees\n\n- Ann Smith\n- Ida Lund\n- Jonas Berg\n\n## Actions\n\n"
        "- Ann Smith to draft the minutes\n- Ida Lund to book the harbour hall\n", encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    got = briefing.ask("Who attended the Harbour Board call?")
    assert got.text.split("\n") == ["Attendees:", "Ann Smith", "Ida Lund", "Jonas Berg"], got.text or got.reason
    card = next(b for b in make_briefs(briefing.index) if b.document == "call.md")
    assert [line.text for line in card.attending] == ["Ann Smith", "Ida Lund", "Jonas Berg"]
