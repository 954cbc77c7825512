import pytest

from knowledge.answering.compound import merge, split
from knowledge.answering.types import Answer
from knowledge.briefing import Briefing


@pytest.mark.parametrize(("question", "parts"), [
    ("When and where is the session?", ["When is the session?", "Where is the session?"]),
    ("When and in which room is the session?", ["When is the session?", "In which room is the session?"]),
    ("When is the session, and when is the report due?", ["When is the session?", "When is the report due?"]),
    ("Who presents the budget and how long does it take?", ["Who presents the budget?", "How long does it take?"]),
    ("Who is hosting the session, where, and on what dates?",
     ["Who is hosting the session?", "Where is hosting the session?", "On what dates is hosting the session?"]),
    # one question: "and" inside a name, a clause after "and", no question word at all
    ("Who chaired the Board of Trade and Industry?", ["Who chaired the Board of Trade and Industry?"]),
    ("What did Holm say about budgets and how they are set?", ["What did Holm say about budgets and how they are set?"]),
    ("Is the session public, and is it recorded?", ["Is the session public, and is it recorded?"]),
    ("Who chaired the session, which opened at 10h00?", ["Who chaired the session, which opened at 10h00?"]),
    ("Who chaired the session, when did it end?", ["Who chaired the session?", "When did it end?"]),
    ("What is on the agenda?", ["What is on the agenda?"]),
])
def test_a_question_asking_two_things_is_read_as_two(question, parts):
    assert split(question) == parts


SESSION = """Lakes Commission: 40th session

The session opens at 10h00 on 3 May 2027.

The session is held in Room B of the Oslo Congress Centre.

Ms. Holm chairs the session.
"""


def test_when_and_where_is_answered_with_both_and_a_missing_part_is_named(knowledge_dir, data_dir, real_encoder):
    (knowledge_dir / "session.txt").write_text(SESSION, encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=real_encoder)
    both = briefing.ask("When and where is the session?")
    assert both.answered and "10h00" in both.text and "Room B" in both.text
    assert both.question == "When and where is the session?"
    half = briefing.ask("Who chairs the session, and how many delegates attend?")
    assert half.answered and "Ms. Holm" in half.text and "doesn't say how many delegates attend" in half.reason


def test_a_part_that_leans_on_an_unanswered_first_part_is_not_answered_alone():
    first = Answer("How many trees did the board order?", False, "", (), kind="declined",
                   reason="The briefing doesn't say how many trees the board ordered.")
    second = Answer("What did they cost?", True, "The new boats cost 4 million.", ())
    got = merge("How many trees did the board order, and what did they cost?", [first, second])
    assert not got.answered and got.reason == first.reason


def test_an_answer_to_two_questions_is_as_sure_as_its_least_sure_part():
    from knowledge.answering.types import Source

    source = Source("a.txt", "Harbour Board", "2027-03-04", 0, 0.9, "It opens at 10h00. It meets in Oslo.")
    when = Answer("When does it open?", True, "It opens at 10h00.", (source,), confidence=1.0)  # a programme's row
    where = Answer("Where does it meet?", True, "It meets in Oslo.", (source,), confidence=0.3, evidence=(0.1,) * 11)
    both = merge("When does it open and where does it meet?", [when, where])
    assert both.text == "It opens at 10h00.\nIt meets in Oslo."
    assert both.confidence == 0.3 and both.unsure and both.parts == 2
    assert not merge("When does it open?", [when, when]).unsure


def test_two_parts_answered_by_one_sentence_show_it_once_with_its_note():
    from knowledge.answering.types import Source

    sentence = "Experts gathered in Belgrade today for the two-day meeting."
    source = Source("a.txt", "Police experts", "2015-05-28", 1, 0.9, sentence)
    when = Answer("When did it take place?", True, sentence + " (today: Thursday, 28 May 2015)", (source,),
                  span=(36, 41), confidence=0.9, evidence=(0.5,) * 11)
    where = Answer("Where was it held?", True, sentence, (source,), span=(20, 28), confidence=0.8, evidence=(0.4,) * 11)
    for parts in ([when, where], [where, when]):
        both = merge("When did it take place and where was it held?", parts)
        assert both.text == when.text and both.parts == 1 and both.span == when.span
