"""One rule for "is this the same name?" (knowledge.language.names), on made-up names: accents and
case aside, a typo forgiven by length, the first letter kept, numbers exact."""

from __future__ import annotations

import pytest

from knowledge.language.names import held_in, holds, spelled_ordinal, mentions, same_word, typos_allowed, words


@pytest.mark.parametrize(("word", "allowed"), [
    ("oslo", 0), ("iran", 0),                    # under 5 letters: no typo
    ("paris", 1), ("petrovsky", 1),              # 5 to 9 letters: one
    ("australia", 1),
    ("copenhagen", 2), ("consolidated", 2),      # 10 and more: two
])
def test_typos_allowed_grow_with_the_length_of_the_word(word, allowed):
    assert typos_allowed(word) == allowed


@pytest.mark.parametrize(("a", "b"), [
    ("petrovsky", "petrosky"),        # a letter dropped
    ("swedosh", "swedish"),           # a letter changed
    ("stockholm", "stokholm"),
    ("berlin", "berlni"),             # two neighbours swapped
    ("consolidated", "consolodated"),
    ("copenhagen", "copenhagne"),
    ("internationally", "internatoinaly"),  # two edits in a long word
    ("tallinn", "tallinn"),
])
def test_a_typo_in_a_long_enough_word_is_forgiven(a, b):
    assert same_word(a, b) and same_word(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("iran", "iraq"),                  # short words: one letter makes another country
    ("rome", "rose"),
    ("anna", "anne"),
    ("austrian", "australian"),        # 8 letters: one typo, and these are two apart
    ("austria", "australia"),
    ("hansen", "jansen"),              # the first letter is never mistyped
    ("consolidated", "konsolidated"),
    ("stockholm", "stackhelm"),        # two edits in a 9-letter word
    ("norway", "norwegian"),
])
def test_other_words_stay_apart(a, b):
    assert not same_word(a, b) and not same_word(b, a)


@pytest.mark.parametrize(("a", "b"), [("2015", "2016"), ("12345", "12346"), ("240", "2400")])
def test_numbers_are_never_typos_of_each_other(a, b):
    assert not same_word(a, b)


def test_words_are_folded_without_accents_or_case():
    assert words("Ólafur GRÍMSSON met Ana-María in Reykjavík.") == \
        ["olafur", "grimsson", "met", "ana", "maria", "in", "reykjavik"]


NOTICE = set(words("Minister Jörg Weiß met Anna-Lena Berg and Karl Lund in Tallinn on 12 March 2021. "
                   "The harbour board sold 350 boats in 2020."))


@pytest.mark.parametrize("item", [
    "Anna Berg", "ANNA BERG", "anna berg",  # case aside
    "Jorg Weiss", "JÖRG WEISS",             # accents and ß aside
    "Lena Berg", "Berg",                    # a part of the name
    "Anna-Lena Berg",
    "Talinn",                               # a typo
    "Anna Maria Berg",                      # three words: the last and all but one of the others
    "350", "2020", "12 March 2021",
])
def test_what_a_text_holds(item):
    assert holds(NOTICE, item)


@pytest.mark.parametrize("item", [
    "Olga Berg",            # two words: both needed
    "Olga Maria Lind",      # three words: the last and all but one of the others needed
    "Riga",                 # another place
    "351", "2019",          # numbers exact
    "Anna Lena Lindqvist",  # three words: the last is needed, however many others are there
])
def test_what_a_text_does_not_hold(item):
    assert not holds(NOTICE, item)


def test_short_words_of_a_name_are_not_required():
    """"Al", "de": two-letter parts of a name need not be found; a name of such parts alone always is."""
    assert holds(NOTICE, "Karl de Lund")
    assert holds(NOTICE, "Bo")


def test_a_date_is_held_by_its_numbers_when_asked_as_a_date():
    text = set(words("The fort was finished in September 1843."))
    assert holds(text, "Sept 1843", is_date=True)
    assert not holds(text, "Sept 1844", is_date=True)
    assert not holds(text, "Sept 1843")  # as a name, "Sept" is no word of the text
    assert holds(NOTICE, "12 March 2021", is_date=True)
    assert not holds(NOTICE, "13 March 2021", is_date=True)  # every number of a date counts


def test_a_dates_day_is_held_however_the_text_writes_it():
    for written in ("The call on 09 May 2027 at noon.", "The 9th May 2027 call."):
        assert holds(set(words(written)), "9 May", is_date=True)
    assert not holds(set(words("The call on 19 May 2027.")), "9 May", is_date=True)
    assert not holds(set(words("Room 09 of the Lakes building.")), "9 May")  # as a name, not a date


@pytest.mark.xfail(strict=True, reason="numbers are compared as words split on punctuation: '2,400' is the words "
                   "'2' and '400', so a question typing 2400 is told 'None of the documents mentions 2400' "
                   "(names_known) when the document writes 2,400, and the other way round")
def test_a_number_is_held_with_or_without_thousands_separators():
    assert holds(set(words("The board sold 2,400 boats.")), "2400")
    assert holds(set(words("The board sold 2400 boats.")), "2,400")


@pytest.mark.parametrize(("text", "name"), [
    ("Anna Berg opened the fair.", "Anna Berg"),
    ("ANNA BERG OPENED THE FAIR.", "anna berg"),
    ("Ms Berg opened the fair.", "Anna Berg"),          # the surname alone
    ("Anna opened the fair.", "Anna Berg"),             # a first name of 4+ letters alone
    ("Minister Jörg Weiß opened the fair.", "Jorg Weiss"),
    ("Mr Petrosky opened the fair.", "Ivan Petrovsky"),  # a typo in a long name
])
def test_a_text_mentions_a_person(text, name):
    assert mentions(text, name)


@pytest.mark.parametrize(("text", "name"), [
    ("Karl Lund opened the fair.", "Anna Berg"),
    ("Ms Burg opened the fair.", "Anna Berg"),     # a short surname allows no typo
    ("Mr Lind opened the fair.", "Karl Lund"),
    ("The Austrian delegation left.", "Australian"),
    ("Iraq sent observers.", "Iran"),
    ("Jo opened the fair.", "Jo Lund"),            # a first name under 4 letters does not name anyone
])
def test_a_text_does_not_mention_another(text, name):
    assert not mentions(text, name)


@pytest.mark.xfail(strict=True, reason="fold() (NFKD) leaves letters with a stroke as they are: 'Đ' stays 'đ', so "
                   "'Zeljko Duric' is not 'Željko Đurić' for names (the first letter differs, so no typo is allowed) "
                   "although the module promises 'accents and case aside' and the lexical search finds him")
def test_a_letter_with_a_stroke_is_its_plain_letter():
    text = "Minister Željko Đurić opened the fair."
    assert mentions(text, "Zeljko Duric")
    assert holds(set(words(text)), "Zeljko Duric")


@pytest.mark.parametrize(("term", "held"), [("chair", "chairman"), ("chair", "chairperson"), ("spokes", "spokespeople"),
                                            ("spoke", "speaker"), ("led", "leader")])
def test_a_role_is_held_by_its_person_compound(term, held):
    assert held_in(term, {held})


@pytest.mark.parametrize(("term", "held"), [("hold", "held"), ("meet", "met"), ("held", "hold"),
                                            # participles and pasts the short table lacks (the lemmatizer's table)
                                            ("wrote", "written"), ("written", "write"), ("chose", "chosen"),
                                            ("spoken", "spoke"), ("rose", "risen")])
def test_a_verb_is_held_by_its_irregular_past_and_back(term, held):
    assert held_in(term, {held})


@pytest.mark.parametrize(("term", "held"), [("wrote", "wrap"), ("chosen", "chase"), ("written", "writer2")])
def test_another_verb_does_not_hold_an_irregular_form(term, held):
    assert not held_in(term, {held})


@pytest.mark.parametrize(("term", "held"), [("state", "statement"), ("man", "manage"), ("chair", "chairs2"), ("art", "artman"),
                                            ("spoke", "spokesman2"), ("cost", "costumer")])
def test_other_longer_words_do_not_hold_a_term(term, held):
    assert not held_in(term, {held})


@pytest.mark.parametrize(("figures", "words"), [("1st", "first"), ("2nd", "second"), ("12th", "twelfth"),
                                                 ("20th", "twentieth"), ("41st", "forty-first"), ("100th", None)])
def test_ordinals_in_figures_and_in_words(figures, words):
    assert spelled_ordinal(figures) == words


def test_an_ordinal_in_figures_is_held_by_the_same_ordinal_in_words_only():
    assert holds(set(words("The forty-first session opened.")), "41st")
    assert not holds(set(words("The forty-second session opened.")), "41st")
