"""A question's compounds written as the documents write them."""

from __future__ import annotations

import pytest

from knowledge.answering.corpus import corpus
from knowledge.answering.wording import as_written
from knowledge.briefing import Briefing


@pytest.fixture
def written(tmp_path, fake_encoder):
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "talks.txt").write_text(
        "Harbour round table on old boats\n\n4 June 2027\n\n"
        "The round table, chaired by Ann Smith, was not able to agree. Sailors joined the workshop in Bergen; "
        "the first round of the regatta starts at noon.\n",
        encoding="utf-8")
    return corpus(Briefing(folder, tmp_path / "d", encoder=fake_encoder).index)


@pytest.mark.parametrize(("question", "expected"), [
    ("Who chaired the roundtable?", "Who chaired the round table?"),
    ("Who chaired the Roundtable?", "Who chaired the Round table?"),
    ("Where is the work shop?", "Where is the workshop?"),
    ("When does the first round start?", "When does the first round start?"),  # both written apart here
    ("Is the boat notable?", "Is the boat notable?"),  # "not able" is written, but "not" is too short a part
    ("Who won the regatta?", "Who won the regatta?"),
])
def test_compounds_are_written_as_the_documents_write_them(written, question, expected):
    assert as_written(question, written) == expected


def test_who_chaired_the_roundtable_finds_the_round_table(tmp_path, fake_encoder):
    """"roundtable" was no word of the documents: the question was declined or went to another meeting."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "talks.txt").write_text(
        "Harbour round table on old boats\n\n4 June 2027\n\n"
        "The round table was chaired by Mayor Ann Smith of Bergen.\n", encoding="utf-8")
    (folder / "forum.txt").write_text(
        "Harbour forum on new boats\n\n5 June 2027\n\nThe forum was opened by Mayor Per Berg of Oslo.\n", encoding="utf-8")
    answer = Briefing(folder, tmp_path / "d", encoder=fake_encoder).ask("Who chaired the roundtable?")
    assert answer.answered and "Ann Smith" in answer.text, answer.reason
