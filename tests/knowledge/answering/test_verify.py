"""Verification verdicts and the decline wording, on made-up questions (spaCy only, no model)."""

from __future__ import annotations

import pytest

from knowledge.answering.question import analyse
from knowledge.answering import verify
from knowledge.answering.verify import (
    ANSWERED, Verdict, adds_nothing, introduces_only, names_known, pairs_person_with, short_title, unsupported)
from knowledge.language.names import words
from knowledge.language.nlp import Entity


def test_answered_verdict_says_nothing():
    assert ANSWERED.answered and ANSWERED.sentence() == ""


@pytest.mark.parametrize(("verdict", "sentence"), [
    (Verdict("name", "Ruritania"), "None of the documents mentions Ruritania."),
    (Verdict("name here", "Ruritania", "Harbour board meets"), "The document \u201cHarbour board meets\u201d doesn't mention Ruritania."),
    (Verdict("quote", "Anna Berg", "Harbour board meets"), "The briefing doesn't quote Anna Berg in \u201cHarbour board meets\u201d."),
    (Verdict("quote", "Anna Berg"), "The briefing doesn't quote Anna Berg."),
    (Verdict("detail", "When was the harbour board founded?", "Harbour board meets"),
     "The document \u201cHarbour board meets\u201d doesn't say when the harbour board was founded."),
    (Verdict("detail", "How many boats were sold?"), "The briefing doesn't say how many boats were sold."),
    (Verdict("nothing", "Who won the regatta?"), "The documents don't say who won the regatta."),
])
def test_each_decline_says_what_is_missing(verdict, sentence):
    assert not verdict.answered
    assert verdict.sentence() == sentence


def test_a_long_title_is_cut_to_ten_words_with_an_ellipsis():
    title = "one two three four five six seven eight nine ten eleven twelve"
    assert short_title(title) == "one two three four five six seven eight nine ten\u2026"
    assert Verdict("name here", "Oslo", title).sentence().startswith("The document \u201cone two")


def test_a_name_no_document_mentions_is_declined_before_anything_else():
    documents = set(words("The harbour board of Tallinn met on Monday. Anna Berg opened the meeting."))
    assert names_known(analyse("What did Anna Berg say?"), documents).answered
    verdict = names_known(analyse("What did Olaf Lindqvist say?"), documents)
    assert verdict.missing == "name" and "Lindqvist" in verdict.what


def test_a_typo_in_a_long_name_is_forgiven_but_another_name_is_not():
    documents = set(words("Lyzhenkov opened the meeting in Belgrade."))
    assert names_known(analyse("What did Lyzenkov say?"), documents).answered
    assert not names_known(analyse("What did Petrovic say?"), documents).answered




@pytest.mark.parametrize(("question", "text", "title", "nothing"), [
    ("Which Secretary General addressed the harbour board?", "Address by the Secretary General", None, True),
    ("Who chaired the meeting of the UN Harbour Board?", "UNITED NATIONS HARBOUR BOARD", None, True),
    ("Who chaired the 12th meeting?", "Summary record of the 12th meeting", "Summary record of the 12th meeting", True),
    ("Which Secretary General addressed the harbour board?", "Ms Anna Berg, Secretary General, addressed the board.", None, False),
    ("Who chaired the 12th meeting?", "Chair: Ms. Anna Berg", "Summary record of the 12th meeting", False),
    ("Where did the harbour board meet?", "UNITED NATIONS HARBOUR BOARD", "UNHB 12th meeting", True),
    ("Which meeting are delegates asked to review at the harbour board?", "Review of the 2019 meeting", None, False),
    ("Which meeting are delegates asked to review at the harbour board?", "Harbour board, 26 February 2008", None, True),
    # a summary record's symbol alone says nothing of what was discussed; asked for, it is the answer
    ("What did the Lakes committee discuss?", "LC/C/SR.1802", "Summary record of the 1802nd meeting", True),
    ("What is the symbol of the Lakes committee's summary record?", "LC/C/SR.1802", None, False),
])
def test_a_line_that_only_repeats_the_question_and_title_adds_nothing(question, text, title, nothing):
    assert adds_nothing(analyse(question), text, title) is nothing


@pytest.mark.parametrize(("text", "only"), [
    ("Coming events:", True),
    ("Ms. Anna Berg announced that the board would visit ports in:", True),
    ("Chairman: Mr. Lund", False),
    ("The board met at 10:30.", False),
])
def test_a_line_that_only_announces_a_list_says_nothing(text, only):
    assert introduces_only(text) is only


@pytest.mark.parametrize(("question", "text", "pairs"), [
    ("Who represents Austria?", "Austria | Dr. Anna Huber", True),
    ("Who sat for Sweden as a member?", "Members:\nMr. Tomas Berg | Sweden", True),  # read with its label
    ("Who represented Sweden at the Lakes Commission?", "Mr. Tomas Berg | Sweden", True),  # the meeting is the title's
    ("Who represents Austria?", "Mr. Tomas Berg | Sweden", False),  # another country's row
    ("Who represents Austria?", "Dr. Anna Huber of Austria spoke first.", False),  # prose states its own verb
    ("Who represents Austria?", "Austria | 3 delegates", False),  # no person in the row
    ("When does Austria speak?", "Austria | Dr. Anna Huber", False),  # not a who-question
    # a summary record's list, one titled name and country a line, no separator
    ("Who represented Austria on the Lakes Commission?", "Dr. Anna HUBER Austria", True),
    ("Who represented Austria on the Lakes Commission?", "Mr. Tomas BERG Sweden", False),
    ("Who represented Austria on the Lakes Commission?",  # prose: a long sentence is no list's entry
     "Dr. Anna HUBER said that Austria would support the draft in the Lakes Commission next year", False),
])
def test_a_table_row_pairing_a_person_with_the_name_asked_states_the_relation(question, text, pairs):
    assert pairs_person_with(analyse(question), text, "Lakes Commission: list of participants") is pairs


MINUTES = """Lakes Commission: minutes of the 40th session

1. Opening of the session
The Chair opened the session at 10h00.

2. Election observation
Peru, May 2027
The Chair reported on the elections.
Chile, June 2027
The Chair reported on the elections.
"""


def test_a_sentence_that_only_repeats_the_question_is_shown_under_the_heading_that_answers(
        knowledge_dir, data_dir, fake_encoder):
    from knowledge.briefing import Briefing

    (knowledge_dir / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Which elections did the Chair report on?")
    assert got.answered
    heading, sentence = got.text.split("\n")
    assert heading in ("Peru, May 2027", "Chile, June 2027") and sentence == "The Chair reported on the elections."


def test_a_yes_no_question_with_a_key_word_missing_is_unsupported_even_at_half_the_weight():
    """"Is the regatta open to the press?" with "opened" in the document and no "press": a yes-no
    question asks whether all of it holds; a what-question may still be answered in other words."""
    idf = {"open": 2.0, "press": 2.0}
    assert unsupported(analyse("Is the regatta open to the press?"), ["press"], 0.2, idf, frozenset({"regatta"}))
    assert not unsupported(analyse("What is open to the press?"), ["press"], 0.2, idf)


@pytest.mark.parametrize(("question", "text", "typed", "expected"), [
    ("Who presided?", "The PRESIDENT addressed the Harbour Board.", (), True),  # a title, no name
    ("Who represented Norway?", "The representative of Norway spoke.", (), True),
    ("Who presided?", "Ms Ann SMITH presided.", (Entity("PERSON", 3, 12, "Ann SMITH"),), False),
    # a name that is the question's own verb is no doer's role ("Live" of a show "Harbour Live")
    ("Who did the Board contract to monitor the harbour?", "The Board contracted the Harbour Monitor.", (), False),
])
def test_a_line_naming_only_the_role_of_the_one_asked_about_names_no_one(question, text, typed, expected):
    assert verify.names_no_one(question, text, typed) is expected
