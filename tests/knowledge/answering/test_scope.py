"""Step 2, scoping: which meeting(s) a question is about, on three made-up meetings indexed with
the deterministic fake encoder (scoping reads words only, never vectors)."""

from __future__ import annotations

import pytest

from embeddings.lexical import terms
from knowledge.answering.question import GENERIC_TERMS
from knowledge.answering.scope import MAX_CHOICES, NEAR_BEST, TIED, Scope, choose, locates
from knowledge.language.nlp import entities
from knowledge.indexing.folder import refresh_index
from tests.conftest import FakeEncoder

MEETINGS = {
    "harbour.txt": "Harbour board meets in Tallinn\n\n12 March 2021\n\n"
                   "The harbour board approved new ferry fees and a pilot boat.\n\n"
                   "Anna Berg opened the meeting and thanked the volunteers.",
    "lighthouse.txt": "Lighthouse society meets in Turku\n\n9 May 2021\n\n"
                      "The society restored the old lighthouse; a ferry now takes visitors there.\n\n"
                      "Olaf Lind opened the meeting and thanked the volunteers.",
    "salmon.txt": "Fisheries council meets in Bergen\n\n4 April 2021\n\n"
                  "The council set salmon quotas for the coming season.\n\n"
                  "Karl Lund opened the meeting and thanked the volunteers.",
}
RETRIEVAL = ["salmon.txt", "lighthouse.txt", "harbour.txt"]
"""The order retrieval ranked the meetings' best passages in (the tests vary it where it matters)."""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("meetings")
    for name, text in MEETINGS.items():
        (folder / name).write_text(text, encoding="utf-8")
    built, _ = refresh_index(folder, tmp_path_factory.mktemp("data"), FakeEncoder())
    return built


def scope(index, question, ranked=RETRIEVAL, context=None):
    """Scope as the pipeline asks for it: the question's terms less the words any meeting question uses."""
    wanted = [t for t in terms(question) if t not in GENERIC_TERMS]
    return choose(index, wanted, ranked_documents=list(ranked), context_document=context)


def test_a_word_only_one_meeting_holds_puts_that_meeting_alone_in_scope(index):
    found = scope(index, "How large are the salmon quotas?")
    assert found.documents == ("salmon.txt",) and not found.from_context
    assert found.ties() == ("salmon.txt",)


def test_a_place_in_the_title_alone_names_the_meeting(index):
    assert scope(index, "Who spoke in Turku?").documents == ("lighthouse.txt",)


def test_words_every_meeting_holds_tell_no_meeting(index):
    """"Who opened the meeting and thanked the volunteers?" fits all three alike: no scope, so the
    pipeline asks back instead of guessing."""
    found = scope(index, "Who opened the meeting and thanked the volunteers?")
    assert found.documents == () and found.ties() == ()


def test_a_question_naming_no_meeting_takes_the_meeting_of_the_previous_exchange(index):
    found = scope(index, "Who opened it and thanked the volunteers?", context="salmon.txt")
    assert found.documents == ("salmon.txt",) and found.from_context


def test_a_previous_meeting_no_longer_in_the_folder_is_not_used(index):
    found = scope(index, "Who opened it and thanked the volunteers?", context="removed.txt")
    assert found.documents == () and not found.from_context


def test_the_question_own_words_beat_the_previous_meeting(index):
    """A question that names a meeting starts afresh: the context only fills what it leaves open."""
    found = scope(index, "How large are the salmon quotas?", context="harbour.txt")
    assert found.documents == ("salmon.txt",) and not found.from_context


@pytest.mark.parametrize("ranked", [RETRIEVAL, list(reversed(RETRIEVAL))])
def test_meetings_equally_fit_are_tied_in_retrieval_order(index, ranked):
    found = scope(index, "Which ferry runs?", ranked=ranked)
    expected = tuple(d for d in ranked if d in ("harbour.txt", "lighthouse.txt"))
    assert found.documents == expected
    assert found.ties() == expected  # asked back: both offered
    assert found.scores[0] == found.scores[1]


def test_a_meeting_retrieval_missed_comes_after_those_it_found(index):
    found = scope(index, "Which ferry runs?", ranked=["harbour.txt"])
    assert found.documents == ("harbour.txt", "lighthouse.txt")


def test_the_previous_meeting_goes_first_among_tied_ones(index):
    found = scope(index, "Which ferry runs?", ranked=["harbour.txt", "lighthouse.txt"], context="lighthouse.txt")
    assert found.documents[0] == "lighthouse.txt"


def test_a_meeting_sharing_only_a_common_word_drops_out(index):
    """"ferry" is in two meetings, "Tallinn" in one: the harbour board alone is meant."""
    found = scope(index, "Which ferry sails from Tallinn?")
    assert found.documents == ("harbour.txt",)


def test_a_meeting_near_the_best_stays_in_scope_but_is_no_tie(index):
    question = "Did the harbour board in Tallinn run a ferry to the lighthouse in Turku?"
    found = scope(index, question)
    assert found.documents == ("harbour.txt", "lighthouse.txt")  # the salmon council holds none of it
    assert NEAR_BEST <= found.scores[1] / found.scores[0] < TIED
    assert found.ties() == ("harbour.txt",)


def test_a_previous_meeting_well_behind_the_best_is_not_put_first(index):
    question = "Did the harbour board in Tallinn run a ferry to the lighthouse in Turku?"
    found = scope(index, question, context="lighthouse.txt")
    assert found.documents[0] == "harbour.txt"


def test_a_folder_of_one_meeting_is_always_that_meeting(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "only.txt").write_text(MEETINGS["harbour.txt"], encoding="utf-8")
    index, _ = refresh_index(folder, tmp_path / "data", FakeEncoder())
    for question in ("How large are the salmon quotas?", "Who opened the meeting?"):
        found = scope(index, question)
        assert found.documents == ("only.txt",) and found.scores == (1.0,)


def test_ties_are_the_meetings_within_ten_percent_of_the_best():
    found = Scope(("a", "b", "c"), (2.0, 1.8, 1.7))
    assert found.ties() == ("a", "b")


def test_ties_offer_at_most_five_meetings():
    names = tuple(f"m{i}" for i in range(MAX_CHOICES + 3))
    found = Scope(names, (1.0,) * len(names))
    assert found.ties() == names[:MAX_CHOICES]


def test_an_empty_scope_has_no_ties():
    assert Scope((), ()).ties() == ()


class _Line:
    def __init__(self, text: str) -> None:
        self.text, self.typed = text, entities(text)


@pytest.mark.parametrize(("text", "located"), [
    ("The talks take place in Lisbon.", True),
    ("Lisbon", True),                                            # a heading block's place line
    ("Venue: Palais des Nations, Geneva", True),
    ("2:30 PM | Room 4, Harbour House", True),                     # a row's place cell
    ("Publish the minutes on the Github repository.", False),      # a tool the tagger reads as a place
    ("Board members: Ann Smith, Bergen, Jonas Berg", False),       # a name in a list of people
])
def test_a_line_locates_the_meeting_only_by_a_place_it_puts_something_at(text, located):
    assert locates(_Line(text)) is located
