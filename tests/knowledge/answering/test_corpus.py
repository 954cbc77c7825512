"""Answer units of a passage: sentences, lines, and a field's label with the line it labels."""

from __future__ import annotations

import pytest

from knowledge.reading.passages import sentence_spans


@pytest.fixture
def read(knowledge_dir, data_dir, fake_encoder):
    """Index one made-up document: its index and the corpus views of it."""
    from knowledge.answering.corpus import corpus
    from knowledge.indexing.folder import refresh_index

    def read(name: str, text: str):
        (knowledge_dir / name).write_text(text, encoding="utf-8")
        index, _ = refresh_index(knowledge_dir, data_dir, fake_encoder)
        return index, corpus(index)

    return read


def units(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_a_label_line_and_the_line_it_labels_are_one_unit():
    text = "PRESENT\nChairman:\nMr. LUND | Denmark\nMembers:\nMr. HOLM | France\nMr. KAYA | Norway"
    assert units(text) == ["PRESENT", "Chairman:\nMr. LUND | Denmark",
                           "Members:\nMr. HOLM | France", "Mr. KAYA | Norway"]


def test_a_sentence_ending_in_a_colon_does_not_swallow_the_next_line():
    text = "The following delegations took the floor in the general debate on the report:\nMr. KAYA | Norway"
    assert units(text) == ["The following delegations took the floor in the general debate on the report:",
                           "Mr. KAYA | Norway"]


def test_a_sentence_introducing_a_list_ends_with_its_items():
    text = ("Please note the following arrangements for members of the Board:\n"
            "Badges for members of the Board and their advisers will be issued at:\n"
            "- the Harbour Hall (enquiry desk, Door 4) and\n- the Board's reception desk\nThe hall opens at 08:00.")
    assert units(text) == ["Please note the following arrangements for members of the Board:",
                           "Badges for members of the Board and their advisers will be issued at:\n"
                           "- the Harbour Hall (enquiry desk, Door 4) and\n- the Board's reception desk",
                           "The hall opens at 08:00."]


def test_a_list_of_bullets_finishes_its_sentence_too():
    text = "The plan puts an emphasis on:\n• clean basins;\n* safe moorings.\nIt was adopted."
    assert units(text) == ["The plan puts an emphasis on:\n• clean basins;\n* safe moorings.", "It was adopted."]


def test_prose_is_cut_into_sentences():
    assert units("The meeting opened at 10. Mr. Smith spoke.") == ["The meeting opened at 10.", "Mr. Smith spoke."]


def test_the_lines_under_an_agenda_item_belong_to_it(read):
    index, views = read("agenda.txt", "Harbour Board, 12th session: agenda\n\n"
                                      "- Item 1 Opening of the session\n- HB/12/1 - Provisional agenda\n- Item 2 Election of the Chair\n"
                                      "- HB/12/2 - Note on the election\n")
    row = next(r for r, p in enumerate(index.passages) if p.document == "agenda.txt" and "HB/12/2" in p.text)
    found = {s.text: views.items_of(row, s.start, s.end) for s in views.sentences(row)}
    assert found["- Item 2 Election of the Chair"] == ("2",)
    assert found["- HB/12/2 - Note on the election"] == ("2",)
    assert found["- HB/12/1 - Provisional agenda"] == ("1",)


def test_a_paragraph_belongs_to_the_item_heading_above_it(read):
    index, views = read("agenda.txt", "Harbour Board: draft agenda\n\n3. The 2008 meeting\n\nThe host country may present the venue.\n\n"
                                      "4. Reports from related activities\n\nOrganisers of related events may report on their work.\n")
    found = {}
    for row, passage in enumerate(index.passages):
        for s in views.sentences(row):
            found[s.text] = views.items_of(row, s.start, s.end)
    assert found["The host country may present the venue."] == ("3",)
    assert found["Organisers of related events may report on their work."] == ("4",)


def test_a_paragraph_knows_the_heading_line_above_it(read):
    index, views = read("record.txt", "Summary record of the 12th meeting\n\nThe Chair opened the session.\n\n"
                                      "Opening statement by the representative of the Harbour Office\n\n"
                                      "Mr. Lund (Harbour Office) said that the port would reopen.\n\nHe thanked the Board.\n")
    heading = {p.text: views.heading_of(r) for r, p in enumerate(index.passages) if p.document == "record.txt"}
    assert heading["Mr. Lund (Harbour Office) said that the port would reopen."] == \
        "Opening statement by the representative of the Harbour Office"
    assert heading["He thanked the Board."] == \
        "Opening statement by the representative of the Harbour Office"  # under it too, as far as ITEM_REACH
    assert heading["Opening statement by the representative of the Harbour Office"] == ""  # the title is no passage


def test_a_numbered_item_ending_in_a_full_stop_heads_its_paragraph_and_a_numbered_statement_does_not(read):
    """Minutes write "3. Report by the President, Mr Ann Smith (Norway)." with a full stop; a
    summary record's numbered paragraph says something ("4. The CHAIRMAN opened ...")."""
    index, views = read("minutes.txt", "Harbour Board minutes\n\n2. Adoption of the Agenda\n\n"
                                       "The draft agenda was adopted.\n\n"
                                       "3. Report by the President of the Board, Mr Ann Smith (Norway).\n\n"
                                       "The PRESIDENT addressed the Board.\n\n"
                                       "4. The CHAIRMAN opened the discussion on the ferries.\n\n"
                                       "Mr Per Berg said the ferries were late.\n")
    heading = {p.text: views.heading_of(r) for r, p in enumerate(index.passages) if p.document == "minutes.txt"}
    assert heading["The PRESIDENT addressed the Board."] == "3. Report by the President of the Board, Mr Ann Smith (Norway)."
    assert heading["Mr Per Berg said the ferries were late."] == heading["The PRESIDENT addressed the Board."]


def test_fields_under_a_heading_do_not_head_the_paragraphs_below_them(read):
    index, views = read("notes.md", "# Harbour Board notes\n\nThe Board met on Monday and heard its working groups on the "
                                    "port, the locks and the ferries, which it discussed at length before lunch.\n\n"
                                    "### Ferry timetable proposal\n\n- **Link:** https://example.org/issues/12\n"
                                    "- **Labels:** board, ferries\n\nAna: I think we should run two more ferries.\n")
    row = next(r for r, p in enumerate(index.passages) if p.text.startswith("Ana:"))
    assert views.heading_of(row).endswith("Ferry timetable proposal")

def test_a_heading_reaches_only_a_few_paragraphs(read):
    from knowledge.answering.sections import ITEM_REACH

    paragraphs = [f"Paragraph {i} says that the port reopened on day {i}." for i in range(ITEM_REACH + 1)]
    index, views = read("record.txt", "Harbour Board record\n\nThe Board met.\n\nStatement by the Harbour Office\n\n"
                                      + "\n\n".join(paragraphs))
    heading = {p.text: views.heading_of(r) for r, p in enumerate(index.passages) if p.document == "record.txt"}
    assert heading[paragraphs[ITEM_REACH - 1]] == "Statement by the Harbour Office"
    assert heading[paragraphs[ITEM_REACH]] == ""


def test_a_table_row_knows_its_section_heading_past_a_passage_break(read):
    members = "".join(f"Member {i} Holm | Lakeland Institute of Marine Studies | Harbour Town {i}\n" for i in range(12))
    index, views = read("people.md", "# Who comes\n\n## Board members\n\nName | Organisation | Town\n-- | -- | --\n" + members
                                     + "\n## Observers\n\nName | Organisation | Town\n-- | -- | --\nAna Lund | Port Office | Holm\n"
                                     + "Per Berg | Port Office | Holm\n")
    rows = [r for r, p in enumerate(index.passages) if p.document == "people.md"]
    assert len(rows) > 1  # the table runs on past a passage
    found = {s.text: views.heading_of(r, s.start) for r in rows for s in views.sentences(r)}
    assert found["Ana Lund | Port Office | Holm"] == "Observers"
    assert found["Per Berg | Port Office | Holm"] == "Observers"
    assert found["Member 11 Holm | Lakeland Institute of Marine Studies | Harbour Town 11"] == "Board members"


def test_a_paragraph_under_headings_one_under_the_other_knows_the_nearest(read):
    index, views = read("report.md", "# Harbour Board daily report\n\nThe Board met on Monday and heard the reports of its working groups on "
                                     "the port, the locks and the ferries, which it discussed at length before the lunch break.\n\n"
                                     "## Looking ahead\n\n### Ferry committee\n\nThe committee will meet this morning to discuss item 5.\n")
    row = next(r for r, p in enumerate(index.passages) if p.text.startswith("The committee will meet"))
    assert views.heading_of(row) == "Ferry committee"


def test_a_programme_row_that_opens_with_its_length_heads_no_other_row(read):
    """"* 3 min - Scribe selection / Note well" over "* 2 min - Agenda bashing": the second row
    came under the first, so "Who took notes?" got "2 min - Agenda bashing"."""
    index, views = read("agenda.md", "# Harbour working group agenda\n\n## Tuesday, 4 May 2027\n\n### Administrivia\n\n"
                                     "*  3 min - Blue sheets / scribe selection / Note well\n*  2 min - Agenda bashing\n\n"
                                     "### Drafts\n\n*  5 min - Ferry timetables - Ann Smith\n")
    rows = [r for r, p in enumerate(index.passages) if p.document == "agenda.md"]
    found = {s.text: views.heading_of(r, s.start) for r in rows for s in views.sentences(r)}
    assert found["2 min - Agenda bashing"] == "Administrivia"
    assert found["5 min - Ferry timetables - Ann Smith"] == "Drafts"
