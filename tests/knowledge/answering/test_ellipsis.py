"""Elliptical follow-ups ("And Estonia?") written whole against the chat's last question."""

from __future__ import annotations

import pytest

from knowledge.answering.ellipsis import expand, fragment
from knowledge.briefing import Briefing


@pytest.mark.parametrize(("question", "previous", "whole"), [
    ("And Estonia?", "Who represents Peru?", "Who represents Estonia?"),
    ("And the Netherlands?", "Who represents Peru?", "Who represents the Netherlands?"),
    ("What about Thursday?", "What is on at 11h30 on Wednesday?", "What is on at 11h30 on Thursday?"),
    ("And the second day?", "What is on at 11h30 on day 1?", "What is on at 11h30 on the second day?"),
    ("And at 15h00?", "What is on at 11h30?", "What is on at 15h00?"),
    ("And about the ferries?", "What did Berg say about the harbour fees?", "What did Berg say about the ferries?"),
    ("And Ms. Holm?", "What did Mr. Berg say about the ferries?", "What did Ms. Holm say about the ferries?"),
    ("And the lunch?", "When is the coffee break?", "When is the lunch?"),
    ("how about the budget", "What was decided about the water levels?", "What was decided about the budget?"),
])
def test_a_fragment_replaces_the_part_of_the_last_question_it_stands_for(question, previous, whole):
    assert expand(question, previous) == whole


@pytest.mark.parametrize("question", [
    "And when was it?",  # a question word: a question of its own
    "And what did he say about the ferries?",
    "And the delegation of Peru asked for more time to study the figures of the report?",  # too long
    "Estonia?",  # no "and" / "what about": a question of its own
    "And where did the Commission meet?",
])
def test_a_question_of_its_own_is_left_as_asked(question):
    assert fragment(question) is None
    assert expand(question, "Who represents Peru?") == question


def test_without_a_last_question_a_fragment_is_left_as_asked():
    assert expand("And Estonia?", None) == "And Estonia?"


def test_a_chat_asks_and_estonia_after_who_represents_peru(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "participants.txt").write_text(
        "Lakes Commission: list of participants\n\nWednesday, 3 March 2027, Oslo\n\n"
        "Norway | Ms. Ingrid HOLM | Head of Delegation\nPeru | Mr. Luis QUISPE | Adviser\n"
        "Estonia | Ms. Kadri TAMM | Ambassador\n", encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    first = briefing.ask("Who represents Peru at the Lakes Commission?")
    assert "QUISPE" in first.text and first.topic.question == "Who represents Peru at the Lakes Commission?"
    then = briefing.ask("And Estonia?", first.topic)
    assert then.answered and "TAMM" in then.text and then.question == "And Estonia?"
    assert then.topic.question == "Who represents Estonia at the Lakes Commission?"  # the next "And ...?" builds on it
    thanks = briefing.ask("And thanks!", then.topic)
    assert thanks.kind == "small_talk" or not thanks.answered
