"""Typed spans of meeting documents that the tagger does not know: document symbols and agenda items."""

import pytest

from knowledge.answering.question import analyse
from knowledge.language.nlp import entities, item_numbers, refers_back


def kinds(text, kind):
    return [e.text for e in entities(text) if e.kind == kind]


@pytest.mark.parametrize(("text", "symbols"), [
    ("HB/7/2 - Provisional agenda of the harbour board", ["HB/7/2"]),
    ("Summary record HBC/C/SR.412 issued today", ["HBC/C/SR.412"]),
    ("See A/79/L.5 and Corr.1", ["A/79/L.5"]),
    ("members and/or observers; a 3/4 majority; the A/B test", []),  # no capital-led symbol with a digit
    ("the Guide for delegates (document LB27/DIV./2 Rev.1) is online", ["LB27/DIV./2 Rev.1"]),  # a session's number
    ("report EB15/3 Add.1 was noted", ["EB15/3 Add.1"]),
])
def test_document_symbols(text, symbols):
    assert kinds(text, "SYMBOL") == symbols


@pytest.mark.parametrize(("text", "items"), [
    ("Item 4 Adoption of the agenda", ["Item 4"]),
    ("Under agenda item 3.1 the board heard reports", ["agenda item 3.1"]),
    ("Draft agenda\n5. Any other business", ["5."]),
    ("The budget rose 5. Then it fell.", []),       # a number ending a sentence is no item
    ("Agenda\nItem 2 Budget", ["Item 2"]),          # an item never runs across lines
])
def test_agenda_items(text, items):
    assert kinds(text, "ITEM") == items


@pytest.mark.parametrize(("question", "expects"), [
    ("What is the document symbol of the provisional agenda?", ("SYMBOL",)),
    ("Which draft resoluton covers the budget?", ("SYMBOL",)),   # a typo in the noun is forgiven
    ("Under which item is the budget discussed?", ("ITEM",)),
    ("At what time does the board meet?", ("TIME",)),             # a year does not answer it
])
def test_questions_that_ask_for_a_symbol_an_item_or_a_clock_time(question, expects):
    assert analyse(question).expects == expects


@pytest.mark.parametrize(("text", "people"), [
    ("Chairman: Mr. KASK | Estonia", ["KASK"]),                 # surnames in capitals, as records print them
    ("Chair:Ms. Berg Lind", ["Berg Lind"]),
    ("Mr. van der BERG | Netherlands", ["van der BERG"]),
])
def test_names_after_a_courtesy_title(text, people):
    assert kinds(text, "PERSON") == people



def test_one_or_two_digits_alone_are_no_date():
    """"items 2, 3, or 4": the tagger may call "3" a date; a deadline question then took that line."""
    assert kinds("Proposals for items 2, 3, or 4 must be added before the deadline.", "DATE") == []
    assert kinds("The board meets on 3 May 2027.", "DATE") == ["3 May 2027"]


def test_the_minutes_are_no_time_of_day():
    """The tagger may call "minutes" (the record) a time; "When is the next meeting?" then took
    a line complaining about the minutes."""
    assert kinds("Not happy with the new arrangements of minutes only being released after approval.", "TIME") == []
    assert kinds("The session resumes this afternoon.", "TIME") == ["this afternoon"]


@pytest.mark.parametrize(("text", "amount"), [
    ("The Lakes Fund has 40k EUR in the bank.", "40k EUR"),
    ("Tickets cost $300 for members.", "$300"),
    ("The fee is EUR 2.5 million.", "EUR 2.5 million"),
    ("A grant of 20,000 euros was approved.", "20,000 euros"),
])
def test_sums_of_money_as_minutes_write_them(text, amount):
    assert kinds(text, "AMOUNT") == [amount]


def test_a_year_before_a_currency_code_is_no_sum():
    assert kinds("In 2019 USD rates rose.", "AMOUNT") == []


def test_an_ordinal_is_never_a_place_or_a_body():
    found = {e.text: e.kind for e in entities("Who chaired the 112th meeting of the Commission for Fisheries?")}
    assert found.get("112th") == "ORDINAL"
    focus = {f.text: f.kind for f in analyse("Who chaired the 112th meeting of the Commission for Fisheries?").focus}
    assert focus.get("112th") == "NUMBER"


def test_a_hotel_with_an_accent_is_a_venue():
    found = {e.text: e.kind for e in entities("Held in the Hôtel de Ville, Lyon, on Monday, 5 November 1962.")}
    assert any(kind == "VENUE" and "Ville" in text for text, kind in found.items())


@pytest.mark.parametrize(("text", "venues"), [
    ("The talks are in Room 5 of Building A.", ["Room 5", "Building A"]),
    ("The panel meets in room B-12.", ["room B-12"]),
    ("There is room for improvement in building trust.", []),   # words, not venues
    ("Room for manoeuvre is small.", []),
])
def test_a_room_or_building_is_a_venue_only_with_its_name_or_number(text, venues):
    assert [e.text for e in entities(text) if e.kind == "VENUE" and e.text in text and e.text.split()[0].lower()
            in ("room", "building")] == venues


@pytest.mark.parametrize(("text", "numbers"), [
    ("Which post will be elected under item 5?", ("5",)),
    ("What is on agenda item 4.2 and item 7?", ("4.2", "7")),
    ("2. Adoption of the agenda", ("2",)),
    ("The board adopted its agenda.", ()),
    ("It cost 5 items of 2.5 euros.", ()),
    ("What was adopted under item 4 (c)?", ("4(c)",)),
    ("4(c) Adoption of the agenda", ("4(c)",)),
    ("Item 3 (Budget) was deferred.", ("3",)),  # a word in brackets is no sub-item
])
def test_the_agenda_items_a_text_names(text, numbers):
    assert item_numbers(text) == numbers


def test_a_sub_item_comes_under_its_items():
    assert item_numbers("Agenda item 5(a)(iii): review", parents=True) == ("5(a)(iii)", "5(a)", "5")
    assert item_numbers("AGENDA ITEM 4 - ORGANIZATIONAL MATTERS", parents=True) == ("4",)


@pytest.mark.parametrize(("text", "times"), [
    ("11h30 | Coffee break", ["11h30"]),
    ("15.00-18.00 | First plenary meeting", ["15.00-18.00"]),
    ("The meeting rose at 12.35 p.m.", ["12.35 p.m."]),
    ("Inflation was 3.25 per cent and tickets cost USD 1.50.", []),
    ("Item 3.1 was adopted; see paragraph 12.45.", []),
])
def test_times_of_day_are_read_as_programmes_write_them_and_nothing_else(text, times):
    assert [e.text for e in entities(text) if e.kind == "TIME"] == times


@pytest.mark.parametrize(("text", "durations"), [
    ("55 min - Issue discussion", ["55 min"]),
    ("Debate (2 hrs), then a vote", ["2 hrs"]),
    ("Lunch at 15h in the harbour hall", []),  # a clock time, not a length
])
def test_an_agendas_short_durations(text, durations):
    assert [e.text for e in entities(text) if e.kind == "DURATION"] == durations


def test_a_name_the_tagger_misses_in_a_run_of_cells_is_found_in_its_own_cell():
    assert kinds("10 min - Harbour Loop Prevention - Kari Sol (slides)", "PERSON") == ["Kari Sol"]
    assert kinds("The session opens - as planned - at 10h00.", "PERSON") == []


@pytest.mark.parametrize(("text", "found"), [
    ("It was agreed that the board should meet fortnightly for now.", ["fortnightly"]),
    ("The working group meets every two weeks, the board twice a year.", ["every two weeks", "twice a year"]),
    ("The annual meeting was held in May.", []),  # "annual" says which meeting, not how often it meets
])
def test_how_often_something_happens(text, found):
    assert [e.text for e in entities(text) if e.kind == "FREQUENCY"] == found


@pytest.mark.parametrize(("text", "expected"), [
    ("Held via videoconference on Monday, 4 June 2027", ["via videoconference"]),
    ("The board met online on 3 May.", ["met online"]),
    ("The tickets are sold online.", []),  # a meeting held online answers "where", a sale does not
])
def test_a_meeting_held_on_a_call_is_where_it_was(text, expected):
    assert [e.text for e in entities(text) if e.kind == "VENUE"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Location: Tromso", [("PLACE", "Tromso")]),  # a name the tagger does not know, placed by its label
    ("Venue: Harbour Hall", [("VENUE", "Harbour Hall")]),  # the tagger reads a person; the label says venue
    ("Agenda\nCity: Bergen\nTime: 10:00", [("PLACE", "Bergen")]),  # a line of a block
    ("Place: TBD", []),  # still to be decided: no place
    ("Location: online", []),  # no name
    ("Chair: Harbour Hall", []),  # another label: no place
])
def test_a_place_fields_value_is_a_place(text, expected):
    assert [(e.kind, e.text) for e in entities(text) if e.kind in ("PLACE", "VENUE")] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Host: Lakesoft", [("ORG", "Lakesoft")]),  # a role's field: its value holds the role
    ("Moderator: TBD", []),
    ("See the issue in harbour27/Board#12", []),  # a reference (the tagger reads a date), no date
    ("The plan runs from Q3 2027.", [("DATE", "Q3 2027")]),
    ("Ann: have a look at https://example.org/blog/2027/06/30/board-survey/", []),  # a link's path is no date
])
def test_a_role_fields_value_is_a_body_and_a_reference_is_no_date(text, expected):
    assert [(e.kind, e.text) for e in entities(text)] == expected


@pytest.mark.parametrize("text", [
    "It appeared that the delegate wished to consult with the Minister of Foreign Affairs of Norway, who was to arrive.",
    "The members of the Board and the Principal Secretary gave brief accounts.",
])
def test_a_role_is_no_name(text):
    """The tagger reads "the Minister of Foreign Affairs of" as a body and "Principal" as a person."""
    assert not [e for e in entities(text) if e.kind in ("PERSON", "ORG") and e.text != "Board"]


def test_a_capitalised_noun_after_an_article_is_no_one():
    """The tagger reads "the Forum's" as a person: "Who took part?" must not be answered with it."""
    text = "She said she looked forward to the Forum's discussions and the sharing of good practices."
    assert not [e.text for e in entities(text) if e.kind == "PERSON"]
    assert [e.text for e in entities("Ann Smith opened the Forum.") if e.kind == "PERSON"] == ["Ann Smith"]


@pytest.mark.parametrize(("text", "expected"), [
    ("It will serve as the virtual meeting hall.", True),
    ("They met in Lisbon.", True),
    ("These will be discussed on Friday.", True),
    ("It was agreed that the board meets in May.", False),  # "it" stands for the clause after it
    ("It is important to register early.", False),
    ("The board met in Lisbon.", False),
])
def test_a_sentence_opening_with_a_pronoun_refers_back(text, expected):
    assert refers_back(text) is expected


def test_there_refers_back_only_where_a_place_is_asked():
    assert refers_back("Post your questions there.", place=True)
    assert not refers_back("There will be a reception.", place=True)  # "there" of "there is"
    assert not refers_back("Post your questions there.")
