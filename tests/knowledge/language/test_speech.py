"""Who says what: a line of minutes kept as a script is its speaker's words; a field is not."""

from __future__ import annotations

import pytest

from knowledge.language.speech import speaks


@pytest.mark.parametrize(("line", "name", "expected"), [
    ("Ana: I have a proposal: we meet in May.", "Ana", True),
    ("Ana Holm: We should meet in May.", "Ms. Ana Holm", True),  # the surname is enough
    ("Tom: Fine by me.", "Ana", False),  # someone else speaks
    ("Chair: Ana Holm", "Ana Holm", False),  # a field names its holder: no words of hers
    ("The board met in May.", "Ana", False),
])
def test_a_script_line_gives_its_speakers_words(line, name, expected):
    assert speaks(line, name) is expected
