import pytest

from knowledge.answering.brief import make_briefs
from knowledge.briefing import Briefing
from knowledge.reading.speakers import find_person
from tests.conftest import SHIPPED, FakeEncoder
from tests.knowledge.reading.test_facts import MEETINGS


@pytest.fixture(scope="module")
def meetings(tmp_path_factory):
    return Briefing(MEETINGS, tmp_path_factory.mktemp("d"), encoder=FakeEncoder()).index


@pytest.fixture(scope="module")
def osce(tmp_path_factory):
    return Briefing(SHIPPED, tmp_path_factory.mktemp("d"), encoder=FakeEncoder())


def test_directory_of_made_up_meetings(meetings):
    """People come from the language model and any reporting verb, not from one release's
    sentence shapes: names, roles from appositions and titles, what they did."""
    people = {s.name: s for s in meetings.speakers}
    assert {"Kadri Tamm", "Jonas Petraitis", "Amina Wanjiru", "Samuel Okoth", "Marie-Claire Dubois",
            "Tomasz Nowak"} <= set(people)
    assert not {"European Union Agency", "Kenyan Cabinet"} & set(people)  # bodies are not people
    assert people["Kadri Tamm"].role == "Estonian Minister of Climate"
    assert people["Marie-Claire Dubois"].role == "Head of the French Railway Safety Authority"
    assert people["Marie-Claire Dubois"].actions[0] == "opened the workshop"
    assert people["Jonas Petraitis"].role == "Director of the Lithuanian Marine Research Institute"
    assert people["Jonas Petraitis"].actions[0].startswith("presented new measurements")


def test_quotes_include_the_whole_quotation_and_the_he_she_sentence_after_it(meetings):
    tamm = next(s for s in meetings.speakers if s.surname == "Tamm")
    assert tamm.quotes[0][0].startswith('"Water knows no borders. What we pour')
    okoth = next(s for s in meetings.speakers if s.surname == "Okoth")
    assert any(q[0].startswith('"Cholera is a diseas') for q in okoth.quotes)
    assert any(q[0].startswith("He added that clean ") for q in okoth.quotes)


def test_speakers_of_an_upcoming_meeting_and_of_any_tense(tmp_path):
    """"will open", "is expected to address", "said" and "according to" all report someone."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "forum.txt").write_text(
        "Harbour Forum to open in Gdańsk\n\n"
        "The forum will be opened by Mayor Aleksandra Dulkiewicz on 3 June. "
        "Port director Tomasz Wiśniewski is expected to address the delegates on the second day. "
        '"Ports are where climate policy meets the sea," said Ingrid Solberg, Chair of the Baltic Ports Council.',
        encoding="utf-8",
    )
    people = {s.name: s for s in Briefing(folder, tmp_path / "d", encoder=FakeEncoder()).index.speakers}
    assert {"Aleksandra Dulkiewicz", "Tomasz Wiśniewski", "Ingrid Solberg"} <= set(people)
    assert people["Ingrid Solberg"].role == "Chair of the Baltic Ports Council"
    assert people["Ingrid Solberg"].quotes and "climate policy" in people["Ingrid Solberg"].quotes[0][0]


def test_people_of_minutes_and_summary_records_by_form_of_address_and_capitalised_surname(tmp_path):
    """Minutes write "Mr Ann SMITH (Norway)" and summary records "Mr. Berg (Sweden) said": people
    too, though a surname alone or in capitals is no name elsewhere."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "record.txt").write_text(
        "Summary record of the 12th meeting of the Lakes Commission\n\n"
        "Mr. Berg (Sweden), speaking on behalf of the Nordic group, said that the water levels had fallen.\n\n"
        "Ms Ann LUND (Norway) presented the Treasurer's report, including the auditors' report.\n\n"
        "Walker welcomed the report.\n",
        encoding="utf-8",
    )
    people = {s.name: s for s in Briefing(folder, tmp_path / "d", encoder=FakeEncoder()).index.speakers}
    assert {"Mr. Berg", "Ann LUND"} <= set(people) and "Walker" not in people
    assert people["Mr. Berg"].quotes and "water levels" in people["Mr. Berg"].quotes[0][0]
    assert people["Ann LUND"].actions == ["presented the Treasurer's report"]



def test_what_a_speaker_did_as_they_spoke_is_their_action_and_their_quote_stays_a_key_point(tmp_path):
    """"said <title> X as she opened the regatta": she opened it. The card said nothing of it;
    once it did, it dropped the quote from its key points as a repeat."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "regatta.txt").write_text(
        "Harbour regatta opens in Bergen\n\n4 June 2027\n\n"
        '"All measures will be taken to keep old boats at sea," said Deputy Mayor of Bergen Ann Smith as she '
        "opened the regatta.\n", encoding="utf-8")
    index = Briefing(folder, tmp_path / "d", encoder=FakeEncoder()).index
    people = {s.name: s for s in index.speakers}
    assert people["Ann Smith"].actions == ["opened the regatta"]
    card = make_briefs(index)[0]
    assert card.speakers[0].text.endswith("opened the regatta.")
    assert any(p.text.startswith('"All measures') for p in card.key_points)


def test_people_of_british_minutes_by_cllr_and_initials_and_no_acronym_or_vote_as_a_name(tmp_path):
    """Parish minutes write "Cllr Mrs D Berg" and list people in a row: the card showed "Cllr Mrs
    D Berg", a neighbour's name as a role, "Bergen SNAP" (an acronym after a place) and
    "Cllr Lund - Unanimously" as people."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "minutes.txt").write_text(
        "Minutes of Harbour Parish Council\n\n"
        "Those Attending: Cllr Mrs D Berg (Vice-Chair), Cllr Mrs S Holm, County Councillor M Storli, 6 Members of the Public.\n\n"
        "Cllr Mrs Holm proposed acceptance of the Minutes seconded by Cllr Lund - Unanimously Agreed\n\n"
        "Borough Council - advising date for next Bergen SNAP Meeting\n",
        encoding="utf-8",
    )
    people = {s.name: s for s in Briefing(folder, tmp_path / "d", encoder=FakeEncoder()).index.speakers}
    assert {"Mrs D Berg", "Mrs S Holm", "Cllr Lund"} <= set(people), people
    assert not any("SNAP" in name or "Unanimously" in name or "Cllr Mrs" in name for name in people), people
    assert people["Mrs S Holm"].role is None and people["Mrs S Holm"].actions[0].startswith("proposed acceptance")

def test_what_a_person_did_is_cut_at_a_comma_or_after_a_noun_not_mid_phrase(osce):
    lyzhenkov = next(s for s in osce.index.speakers if s.surname == "Lyzhenkov")
    assert lyzhenkov.actions[0] == "underlined the alarming facts about the criminal business…"  # not "... engaged in the"


@pytest.mark.parametrize("question, surname", [
    ("What did nikolic say?", "Nikolić"), ("who is NIKOLIĆ", "Nikolić"), ("What did Lyzenkov say?", "Lyzhenkov"),
    ("Tell me about Lyzhenkovs views", "Lyzhenkov"), ("Who is Aleksandar?", None), ("Who is the president?", None),
])
def test_people_are_found_by_surname_in_any_case_without_diacritics_or_with_a_typo(osce, question, surname):
    person = find_person(list(osce.index.speakers), question)
    assert (person.surname if person else None) == surname


def test_people_questions_are_answered_with_their_passage(osce):
    spoke = osce.ask("Who spoke?")
    assert spoke.kind == "speakers" and "Aleksandar Nikolić" in spoke.text and "Alexey Lyzhenkov" in spoke.text
    who = osce.ask("who is nikolic")
    assert who.answered and "Serbian State Secretary at the Ministry of Interior" in who.text
    assert who.text[who.span[0]:who.span[1]] == "Serbian State Secretary at the Ministry of Interior"
    quote = osce.ask("What did Lyzenkov say about the smuggled and trafficked people?")
    assert quote.answered and "said Lyzhenkov" in quote.best.text


def test_brief_card_has_facts_speakers_and_key_points_with_sources(meetings):
    cards = {b.document: b for b in make_briefs(meetings)}
    baltic = cards["baltic-water-summit-2024.md"]
    facts = {line.label: line for line in baltic.facts}
    assert facts["Event"].text == "Baltic Water Summit" and facts["Date"].text == "Tuesday, 12 March 2024"
    assert facts["Place"].text == "Tallinn" and facts["Place"].passage == 0
    assert facts["Aim"].text.startswith("The summit aims to produce a shared action plan")
    assert [line.label for line in baltic.speakers] == ["Kadri Tamm", "Jonas Petraitis"]
    assert baltic.key_points and all(p.passage is not None for p in baltic.key_points)
    assert len({line.text for line in baltic.key_points}) == len(baltic.key_points)
