"""An acronym in a question stands for the capitalised words it abbreviates; one a document defines
after its long form ("the Lakes Water Board (LWB)") stands for those words."""

import pytest

from knowledge.language.names import acronym_spans, defined_acronyms, initialisms, with_long_forms


@pytest.mark.parametrize(("acronym", "text", "spans"), [
    ("UN", "UNITED NATIONS HARBOUR COMMISSION", ["UNITED NATIONS"]),
    ("HB", "the Harbour Board of Tallinn", ["Harbour Board"]),
    ("OSCE", "the Organization for Security and Co-operation in Europe met", ["Organization for Security and Co-operation in Europe"]),
    ("UN", "under new rules", []),          # lower-case words spell nothing
    ("Un", "United Nations", []),           # not an acronym
    ("HBT", "the Harbour Board", []),       # too few words
])
def test_acronym_spans(acronym, text, spans):
    assert acronym_spans(acronym, text) == spans


@pytest.mark.parametrize(("text", "acronym", "words"), [
    ("The Lakes Water Board (LWB) met in Oslo.", "lwb", {"lakes", "water", "board"}),
    ("the Office of the Harbour Commissioner for Fisheries (OHCF) said", "ohcf",
     {"office", "harbour", "commissioner", "fisheries"}),
    ("with the Organization for Security and Co-operation in Europe (OSCE).", "osce",
     {"organization", "security", "operation", "europe"}),
    ("Delegates of the Tallinn Port Authority (TPA), Estonia, attended.", "tpa", {"tallinn", "port", "authority"}),
])
def test_an_acronym_after_its_long_form_stands_for_its_capitalised_words(text, acronym, words):
    assert defined_acronyms(text)[acronym] == frozenset(words)


@pytest.mark.parametrize("text", [
    "The forum met in Oslo (Norway) on Monday.",  # a place in brackets, not initials
    "The Lakes Fund (UNICEF) gave a grant.",  # letters that are not the words' initials
    "Mr. Ola Berg (LWB) spoke next.",  # initials of other words
    "the board (LWB) met",  # no capitalised long form
])
def test_brackets_that_are_not_initials_define_nothing(text):
    assert defined_acronyms(text) == {}


@pytest.mark.parametrize(("text", "made", "not_made"), [
    ("a panel on the Lakes Water Goals, in Oslo", {"lwg", "lwgs"}, set()),
    ("the Organization for Security and Co-operation in Europe met", {"osce"}, set()),
    ("the USDA Harbour Research Service", {"hrs", "uhrs"}, set()),
    ("The Lakes Board and the Harbour Office", set(), {"tlb", "lbho", "lbaho"}),  # "The" opens, "and the" parts
    ("under new rules for the board", set(), {"unr", "nrb"}),  # lower-case words make nothing
    ("the Harbour Board", set(), {"hb"}),  # two letters: too short to tell anything
])
def test_the_acronyms_a_texts_names_would_make(text, made, not_made):
    found = initialisms(text)
    assert made <= found and not (not_made & found)


def test_a_question_may_name_by_acronym_what_a_document_writes_out(knowledge_dir, data_dir, fake_encoder):
    """"Where is the LWG panel?" reaches the only document on the Lakes Water Goals, which never
    writes "LWG"; before, it was declined: no document mentioned LWG."""
    from knowledge.briefing import Briefing

    (knowledge_dir / "panel.txt").write_text(
        "Panel on the Lakes Water Goals\n\nThe panel on the Lakes Water Goals is held in the Harbour Hall, Oslo, "
        "on 3 May 2027.\n", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Where is the LWG panel held?")
    assert answer.answered and "Harbour Hall" in answer.text


LONG_FORMS = {"HB": "Harbour Board", "RC": "Rivers Council", "IT": "Information Technology"}


@pytest.mark.parametrize(("question", "searched"), [
    ("Who chairs the HB?", "Who chairs the HB? Harbour Board"),
    ("When did the RC meet the HB?", "When did the RC meet the HB? Rivers Council Harbour Board"),
    ("Who chairs the OSCE?", "Who chairs the OSCE?"),         # the documents write it: nothing added
    ("Who chairs the XYZ?", "Who chairs the XYZ?"),           # no name spells it
    ("Is IT on the agenda?", "Is IT on the agenda?"),         # a word in capitals, not only an acronym
    ("WHO CHAIRS THE HB?", "WHO CHAIRS THE HB?"),             # shouted: every word would look like one
])
def test_an_acronym_no_document_writes_is_searched_for_by_the_name_it_stands_for(question, searched):
    assert with_long_forms(question, {"osce", "chair"}, LONG_FORMS.get) == searched


def test_two_letter_initialisms_only_when_asked_for():
    assert "rc" in initialisms("LWB Rivers Council", shortest=2)
    assert "rc" not in initialisms("LWB Rivers Council")


def test_the_index_finds_the_most_written_long_form_and_none_for_a_tie(tmp_path):
    from knowledge.briefing import Briefing
    from tests.conftest import FakeEncoder

    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "a.txt").write_text("Harbour Board meets\n\nThe Harbour Board met. The Harbour Board agreed. "
                                  "The Hill Brigade did not. Lakes Commission and Lower Council met too.\n", encoding="utf-8")
    index = Briefing(folder, tmp_path / "d", encoder=FakeEncoder()).index
    assert index.long_form("HB") == "Harbour Board" and index.long_form("LC") is None and index.long_form("XQ") is None


def test_who_spoke_at_a_meeting_asked_by_its_acronym_lists_its_speakers(tmp_path):
    from knowledge.answering.answers import answer_questions
    from knowledge.briefing import Briefing
    from tests.conftest import FakeEncoder
    from tests.knowledge.reading.test_facts import MEETINGS

    index = Briefing(MEETINGS, tmp_path / "d", encoder=FakeEncoder()).index
    by_name, by_acronym = answer_questions(index, FakeEncoder(), ["Who spoke at the Rail Safety Workshop?",
                                                                  "Who spoke at the RSW?"])
    assert by_acronym.kind == "speakers" and by_acronym.text == by_name.text
