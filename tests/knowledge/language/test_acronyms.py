"""An acronym in a question stands for the capitalised words it abbreviates."""

import pytest

from knowledge.language.names import acronym_spans


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
