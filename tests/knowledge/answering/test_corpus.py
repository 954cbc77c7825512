"""Answer units of a passage: sentences, lines, and a field's label with the line it labels."""

from __future__ import annotations

from knowledge.answering.corpus import sentence_spans


def units(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_a_label_line_and_the_line_it_labels_are_one_unit():
    text = "PRESENT\nChairman:\nMr. PALMER | United States of America\nMembers:\nMr. MARCHAL | France\nMr. ARAS | Turkey"
    assert units(text) == ["PRESENT", "Chairman:\nMr. PALMER | United States of America",
                           "Members:\nMr. MARCHAL | France", "Mr. ARAS | Turkey"]


def test_a_sentence_ending_in_a_colon_does_not_swallow_the_next_line():
    text = "The following delegations took the floor in the general debate on the report:\nMr. ARAS | Turkey"
    assert units(text) == ["The following delegations took the floor in the general debate on the report:",
                           "Mr. ARAS | Turkey"]


def test_prose_is_cut_into_sentences():
    assert units("The meeting opened at 10. Mr. Smith spoke.") == ["The meeting opened at 10.", "Mr. Smith spoke."]
