"""Light markup in plain-text files (AsciiDoc, e-mail emphasis): the marks go, the words and
lines stay, so that "*Chair:* Ms. Holm" is read as the field it is."""

from __future__ import annotations

import pytest

from knowledge.reading.documents import parse_document
from knowledge.reading.plaintext import plain_text

ASCIIDOC = """= LAKES COMMISSION

*Water Team* +
Original language: English

== 1. Participants

*Chair:* Ana Holm

*Participants:* Per Berg, Ida Lund

== 2. Summary

* The draft is now kept at https://example.org/lakes/draft[the Commission's site]
** Comments are due by 3 May
'''

Next meeting: 10 May 2027
"""


def test_asciidoc_marks_are_taken_out_and_its_headings_read_as_headings():
    lines = plain_text(ASCIIDOC).splitlines()
    assert lines[0] == "# LAKES COMMISSION" and "## 1. Participants" in lines
    assert "Water Team" in lines and "Chair: Ana Holm" in lines and "Participants: Per Berg, Ida Lund" in lines
    assert "The draft is now kept at the Commission's site" in lines and "Comments are due by 3 May" in lines
    assert "'''" not in lines and not any("*" in line for line in lines)


def test_a_plain_text_file_is_read_with_its_markup_out():
    document = parse_document("notes.txt", ASCIIDOC.encode())
    assert document.clean.title == "LAKES COMMISSION"
    assert any("Chair: Ana Holm" in p.split("\n") for p in document.clean.paragraphs)


@pytest.mark.parametrize("line", [
    "The vote was 5 * 3 in favour.",          # a lone star between spaces
    "Budget: 3*4 million, see note*",         # stars inside words
    "== not a heading",                       # "=" then a space, then lower case: kept
    "2 + 2 = 4",
    "file_name_here and snake_case",          # underscores are left alone
])
def test_what_is_not_markup_is_left_as_written(line):
    assert plain_text(line) == line
