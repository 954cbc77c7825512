"""Who says what: a line of minutes kept as a script is its speaker's words; a field is not; who does what."""

from __future__ import annotations

import pytest

from knowledge.language.speech import does, speaks


@pytest.mark.parametrize(("line", "name", "expected"), [
    ("Ana: I have a proposal: we meet in May.", "Ana", True),
    ("Ana Holm: We should meet in May.", "Ms. Ana Holm", True),  # the surname is enough
    ("Tom: Fine by me.", "Ana", False),  # someone else speaks
    ("Chair: Ana Holm", "Ana Holm", False),  # a field names its holder: no words of hers
    ("The board met in May.", "Ana", False),
])
def test_a_script_line_gives_its_speakers_words(line, name, expected):
    assert speaks(line, name) is expected


@pytest.mark.parametrize(("sentence", "question", "expected"), [
    ("The session was opened by the Executive Secretary, Ana Holm.", "Who opened the session?", True),
    ("Ana Holm opened the session.", "Who opened the session before the Chair was elected?", True),
    ("He opened the session.", "Who opened the session?", False),  # no name
    ("The session opened at 10:00 in Oslo.", "Who opened the session?", False),  # no doer
    ("The bureau recommended the election of Per Berg.", "Who opened the session before the Chair was elected?", False),
    ("The board elected Ana Holm as Chair.", "Who was elected Chair?", True),
    ("Ana Holm elected the new chair.", "Who was elected chair?", False),  # she did the electing
    ("Ana Holm wanted to marry him, which Per did.", "Who did Per Berg want to marry?", False),  # "who": the object
    # "what": a thing in the same place
    ("A survey was issued to facilitate the discussion:", "What was issued before the Lakes meeting?", True),
    ("The board issued a survey.", "What was issued?", True),
    ("It was issued on Monday.", "What was issued?", False),
])
def test_a_sentence_names_who_does_what_the_question_asks(sentence, question, expected):
    assert does(sentence, question) is expected
