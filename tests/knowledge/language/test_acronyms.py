"""An acronym in a question stands for the capitalised words it abbreviates; one a document defines
after its long form ("the Lakes Water Board (LWB)") stands for those words."""

import pytest

from knowledge.language.names import acronym_spans, defined_acronyms


@pytest.mark.parametrize(("acronym", "text", "spans"), [
    ("UN", "UNITED NATIONS HARBOUR COMMISSION", ["UNITED NATIONS"]),
    ("HB", "the Harbour Board of Tallinn", ["Harbour Board"]),
    ("OSCE", "the Organization for Security and Co-operation in Europe met", ["Organization for Security and Co-operation in Europe"]),
    ("UN", "under new rules", []),          # lower-case words spell nothing
    ("Un", "United Nations", []),           # not an acronym
    ("HBT", "the Harbour Board", []),       # too few words
])
def test_acronym_spans(acronym, text, spans):
    assert acronym_spans(acronym, text) == spans


@pytest.mark.parametrize(("text", "acronym", "words"), [
    ("The Lakes Water Board (LWB) met in Oslo.", "lwb", {"lakes", "water", "board"}),
    ("the Office of the Harbour Commissioner for Fisheries (OHCF) said", "ohcf",
     {"office", "harbour", "commissioner", "fisheries"}),
    ("with the Organization for Security and Co-operation in Europe (OSCE).", "osce",
     {"organization", "security", "operation", "europe"}),
    ("Delegates of the Tallinn Port Authority (TPA), Estonia, attended.", "tpa", {"tallinn", "port", "authority"}),
])
def test_an_acronym_after_its_long_form_stands_for_its_capitalised_words(text, acronym, words):
    assert defined_acronyms(text)[acronym] == frozenset(words)


@pytest.mark.parametrize("text", [
    "The forum met in Oslo (Norway) on Monday.",  # a place in brackets, not initials
    "The Lakes Fund (UNICEF) gave a grant.",  # letters that are not the words' initials
    "Mr. Ola Berg (LWB) spoke next.",  # initials of other words
    "the board (LWB) met",  # no capitalised long form
])
def test_brackets_that_are_not_initials_define_nothing(text):
    assert defined_acronyms(text) == {}
