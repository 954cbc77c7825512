import pytest

from knowledge.brief import make_briefs
from knowledge.briefing import Briefing
from knowledge.speakers import find_person
from tests.conftest import SHIPPED, FakeEncoder
from tests.knowledge.test_facts import MEETINGS


@pytest.fixture(scope="module")
def meetings(tmp_path_factory):
    return Briefing(MEETINGS, tmp_path_factory.mktemp("d"), encoder=FakeEncoder()).index


@pytest.fixture(scope="module")
def osce(tmp_path_factory):
    return Briefing(SHIPPED, tmp_path_factory.mktemp("d"), encoder=FakeEncoder())


def test_directory_of_made_up_meetings(meetings):
    people = {s.name: s for s in meetings.speakers}
    assert list(people) == ["Kadri Tamm", "Jonas Petraitis", "Amina Wanjiru", "Samuel Okoth", "Marie-Claire Dubois", "Tomasz Nowak"]
    assert people["Kadri Tamm"].role == "Estonian Minister of Climate"
    assert people["Kadri Tamm"].actions == ["opened the summit"]
    assert people["Amina Wanjiru"].actions == ["chaired the opening session"]
    assert people["Marie-Claire Dubois"].role == "Head of the French Railway Safety Authority"
    assert people["Marie-Claire Dubois"].actions[0] == "opened the workshop"
    assert people["Jonas Petraitis"].role == "Director of the Lithuanian Marine Research Institute"


def test_quotes_include_the_whole_quotation_and_the_he_she_sentence_after_it(meetings):
    tamm = next(s for s in meetings.speakers if s.surname == "Tamm")
    assert tamm.quotes[0][0].startswith('"Water knows no borders. What we pour')
    assert tamm.quotes[1][0].startswith("She called on the delegations")
    okoth = next(s for s in meetings.speakers if s.surname == "Okoth")
    assert [q[0][:20] for q in okoth.quotes] == ['"Cholera is a diseas', "He added that clean "]


@pytest.mark.parametrize("question, surname", [
    ("What did nikolic say?", "Nikolić"), ("who is NIKOLIĆ", "Nikolić"), ("What did Lyzenkov say?", "Lyzhenkov"),
    ("Tell me about Lyzhenkovs views", "Lyzhenkov"), ("Who is Aleksandar?", None), ("Who is the president?", None),
])
def test_people_are_found_by_surname_in_any_case_without_diacritics_or_with_a_typo(osce, question, surname):
    person = find_person(list(osce.index.speakers), question)
    assert (person.surname if person else None) == surname


def test_people_questions_are_answered_from_the_directory_with_their_passage(osce):
    spoke = osce.ask("Who spoke?")
    assert spoke.kind == "speakers" and "Aleksandar Nikolić" in spoke.text and "Alexey Lyzhenkov" in spoke.text
    who = osce.ask("who is nikolic")
    assert who.kind == "speaker" and "Serbian State Secretary at the Ministry of Interior" in who.text
    quote = osce.ask("What did Lyzenkov say about the smuggled and trafficked people?")
    assert quote.kind == "quote" and "vulnerable human beings" in quote.text
    assert quote.best.passage == 4 and "said Lyzhenkov" in quote.best.text


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
