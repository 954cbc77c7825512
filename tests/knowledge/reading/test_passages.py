from knowledge.reading.cleaning import CleanDocument, clean_document
from knowledge.reading.documents import parse_document
from knowledge.reading.passages import MAX_PASSAGE_CHARS, split_passages, split_sentences
from tests.conftest import SEED_DOCUMENT


def test_shipped_briefing_passages_know_document_title_date_and_position():
    passages = split_passages("osce.txt", clean_document(SEED_DOCUMENT.read_text(encoding="utf-8")))
    assert [p.position for p in passages] == list(range(7))
    assert {p.document for p in passages} == {"osce.txt"}
    assert {p.date for p in passages} == {"2015-05-28"}
    assert all(p.title and p.title.startswith("OSCE Annual Police Experts Meeting") for p in passages)
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)


def test_long_paragraph_is_cut_between_sentences_under_the_limit():
    sentences = [f"Sentence number {i} says something about the budget of Mr. Jones." for i in range(40)]
    doc = CleanDocument("T", None, (" ".join(sentences),), ())
    passages = split_passages("d.txt", doc, max_chars=300)
    assert len(passages) > 1
    assert all(len(p.text) <= 300 for p in passages)
    assert " ".join(p.text for p in passages) == " ".join(sentences)
    assert all(p.text.startswith("Sentence number") and p.text.endswith("Jones.") for p in passages)


def test_sentence_longer_than_the_limit_is_cut_between_words():
    doc = CleanDocument(None, None, ("word " * 500 + "x" * 1000,), ())
    passages = split_passages("d.txt", doc, max_chars=200)
    assert all(0 < len(p.text) <= 200 for p in passages)
    assert "".join(p.text.replace(" ", "") for p in passages) == ("word" * 500 + "x" * 1000)


def test_sentences_do_not_break_after_titles_or_initials():
    text = 'Dr. A. Smith met Mr. Jones, e.g. at noon. "Why now?" he asked. The U.N. agreed.'
    assert split_sentences(text) == ['Dr. A. Smith met Mr. Jones, e.g. at noon.', '"Why now?" he asked.', "The U.N. agreed."]


def test_a_sentence_ends_where_a_scraped_page_lost_the_space_after_its_stop():
    """"... a drug control strategy.The opening session is on Monday": two sentences, so "When is
    the opening session?" is answered by the second alone; not "e.g.The", "U.S.Army" or "un.org"."""
    text = "The board spoke of the lake levels.The opening session is on Monday at 10.00. See un.org for the U.S.Army."
    assert split_sentences(text) == ["The board spoke of the lake levels.", "The opening session is on Monday at 10.00.",
                                     "See un.org for the U.S.Army."]


def test_a_speaker_with_dotted_initials_stays_in_his_sentence():
    text = "Director of the Lakes Commission: K.A.R. Holm cited the early studies. The Board agreed."
    assert split_sentences(text) == ["Director of the Lakes Commission: K.A.R. Holm cited the early studies.",
                                     "The Board agreed."]


def test_a_heading_block_of_short_lines_is_one_passage_each_line_its_own_sentence():
    text = ("Harbour Board\n\nSummary record of the 12th meeting\n\nHeld in Tallinn on Monday, 3 June 2024, at 10.30 a.m. "
            "Eastern European Time\n\nChair: Ms. Anna Berg\n\nThe Chair opened the meeting and welcomed the members, "
            "who then adopted the agenda without changes after a short discussion of its order and of the time "
            "allowed for each of the items before them.")
    passages = split_passages("h.txt", clean_document(text))
    assert passages[0].text.split("\n")[-2:] == ["Held in Tallinn on Monday, 3 June 2024, at 10.30 a.m. Eastern European Time",
                                                 "Chair: Ms. Anna Berg"]
    assert split_sentences(passages[0].text)[-1] == "Chair: Ms. Anna Berg"
    assert passages[-1].text.startswith("The Chair opened the meeting")  # prose keeps its own passage


def test_a_title_glued_to_a_name_does_not_end_a_sentence():
    assert split_sentences("Chair:Ms. Acosta Lopez") == ["Chair:Ms. Acosta Lopez"]
    assert split_sentences("Opened at 9.10 a.m. Central European Time") == ["Opened at 9.10 a.m. Central European Time"]


def test_a_list_number_is_not_a_sentence_of_its_own():
    assert split_sentences("1. Taking stock of the 2007 meeting") == ["1. Taking stock of the 2007 meeting"]
    assert split_sentences("(2) Date of the report. It follows.") == ["(2) Date of the report.", "It follows."]
    assert split_sentences("The board rose at 10. It met again.") == ["The board rose at 10.", "It met again."]


def test_a_heading_and_its_header_row_go_with_the_rows_they_head():
    """Two long tables, each under a heading: the first passage ended with "Hosts" and the second
    table's header row, away from the rows they head ("Who are the hosts?" found no host)."""
    people = ["".join(f"{name} {i} | Harbour Board | Lisbon\n" for i in range(17)) for name in ("Ann Smith", "Ida Lund")]
    text = (f"# Participants\n\n## Organisers\n\nName | Board | City\n-- | -- | --\n{people[0]}\n## Hosts\n\n"
            f"Name | Board | City\n-- | -- | --\n{people[1]}")
    passages = split_passages("people.md", parse_document("people.md", text.encode()).clean)
    assert [p.text.split("\n")[:2] for p in passages] == [["Organisers", "Name | Board | City"], ["Hosts", "Name | Board | City"]]


def test_a_heading_after_a_list_and_a_list_of_one_goes_with_the_paragraph_under_it():
    """Minutes with "Attending" over names, "Apologies" over one name, then "Actions" over its
    actions: "Actions" ended the passage of the names, away from the actions it heads."""
    text = ("# Harbour Board call\n\n## Attending\n\n- Ann Smith\n- Ida Lund\n\n## Apologies\n\n- Jonas Berg\n\n"
            "## Actions\n\n- Ann Smith to draft the minutes by Friday.\n- Ida Lund to book the hall.\n")
    passages = split_passages("call.md", parse_document("call.md", text.encode()).clean)
    assert [p.text for p in passages] == ["Attending\nAnn Smith\nIda Lund\nApologies\nJonas Berg", "Actions",
                                          "Ann Smith to draft the minutes by Friday.\nIda Lund to book the hall."]
