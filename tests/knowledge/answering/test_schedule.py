"""A programme's times: "What is on at 11h45?" finds the row that runs then, or says nothing does."""

from __future__ import annotations

import pytest

from knowledge.briefing import Briefing
from knowledge.reading.cleaning import clean_document

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
