"""Countries and the adjectives of their people, as a question and a list of speakers write them."""

from __future__ import annotations

import pytest

from knowledge.language.countries import countries_of, with_countries


@pytest.mark.parametrize(("adjective", "country"), [
    ("Canadian", "Canada"), ("canadian", "Canada"), ("Swedish", "Sweden"), ("Dutch", "Netherlands"),
    ("British", "United Kingdom"), ("Swiss", "Switzerland"), ("Belgian", "Belgium"),
])
def test_an_adjective_gives_its_country(adjective, country):
    assert country in countries_of(adjective)


@pytest.mark.parametrize("word", ["Canada", "member", "Standing", "Can", ""])
def test_other_words_give_no_country(word):
    # a country's own name, a prefix of an adjective or any other word is no adjective
    assert countries_of(word) == ()


def test_retrieval_text_gains_the_country_of_an_adjective_no_document_uses():
    assert with_countries("which swedish member spoke?", {"member"}) == "which swedish member spoke? Sweden"
    assert with_countries("Which Swedish member spoke?", {"swedish"}) == "Which Swedish member spoke?"
    assert with_countries("Who opened the meeting?", set()) == "Who opened the meeting?"
