"""Step 5, follow-ups: each chat's last topic, kept a few minutes (expiry, capacity, one chat
never sees another's), and "he"/"she"/"his"/"her" resolved against it."""

from __future__ import annotations

import pytest

from knowledge.answering import followup
from knowledge.answering.followup import KEEP_SECONDS, FollowUps
from knowledge.answering.followup import resolve
from knowledge.answering.types import Topic

HARBOUR = Topic("harbour.txt", "Anna Berg")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def memory(clock) -> FollowUps:
    return FollowUps(clock=clock)


def test_a_chat_gets_back_its_last_topic(memory):
    assert memory.get(1) is None
    memory.remember(1, HARBOUR)
    assert memory.get(1) == HARBOUR


def test_the_newest_topic_replaces_the_last(memory):
    memory.remember(1, HARBOUR)
    memory.remember(1, Topic("salmon.txt", "Karl Lund"))
    assert memory.get(1) == Topic("salmon.txt", "Karl Lund")


def test_a_topic_is_kept_five_minutes_by_default(memory, clock):
    assert KEEP_SECONDS == 300
    memory.remember(1, HARBOUR)
    clock.now += KEEP_SECONDS
    assert memory.get(1) == HARBOUR
    clock.now += 1
    assert memory.get(1) is None
    clock.now -= 1  # forgotten for good, not hidden
    assert memory.get(1) is None


def test_the_keeping_time_can_be_set(clock):
    memory = FollowUps(30, clock=clock)
    memory.remember("chat", HARBOUR)
    clock.now += 29
    assert memory.get("chat") == HARBOUR
    clock.now += 2
    assert memory.get("chat") is None


def test_a_new_exchange_restarts_the_time(memory, clock):
    memory.remember(1, HARBOUR)
    clock.now += KEEP_SECONDS - 10
    memory.remember(1, Topic("salmon.txt", "Karl Lund"))
    clock.now += KEEP_SECONDS - 10
    assert memory.get(1) == Topic("salmon.txt", "Karl Lund")


def test_chats_never_see_each_other(memory, clock):
    memory.remember((10, 1), HARBOUR)
    memory.remember((10, 2), Topic("salmon.txt", "Karl Lund"))  # the same group, another member
    assert memory.get((10, 1)) == HARBOUR
    assert memory.get((10, 2)) == Topic("salmon.txt", "Karl Lund")
    assert memory.get((11, 1)) is None
    memory.forget((10, 1))
    assert memory.get((10, 1)) is None and memory.get((10, 2)) is not None


def test_one_chat_expiring_leaves_the_others(memory, clock):
    memory.remember("old", HARBOUR)
    clock.now += KEEP_SECONDS - 1
    memory.remember("new", HARBOUR)
    clock.now += 2
    assert memory.get("old") is None and memory.get("new") == HARBOUR


def test_no_topic_keeps_the_previous_one(memory):
    """An exchange about nothing in particular (small talk) does not wipe "he"."""
    memory.remember(1, HARBOUR)
    memory.remember(1, None)
    assert memory.get(1) == HARBOUR


def test_a_topic_without_a_person_keeps_the_person_of_the_same_meeting(memory):
    """"When was it?" after "What did Anna Berg say?": the next "she" is still Anna Berg."""
    memory.remember(1, HARBOUR)
    memory.remember(1, Topic("harbour.txt", None))
    assert memory.get(1) == HARBOUR


def test_another_meeting_drops_the_person(memory):
    memory.remember(1, HARBOUR)
    memory.remember(1, Topic("salmon.txt", None))
    assert memory.get(1) == Topic("salmon.txt", None)


@pytest.mark.xfail(strict=True, reason="FollowUps.remember carries the person over from the previous entry without "
                   "checking its age: a person forgotten after keep_seconds comes back when a topic of the same "
                   "meeting is remembered before anyone read (and so purged) the expired entry, as after a "
                   "meeting-choice button (bot/handlers/questions.py passes the topic and skips get)")
def test_a_person_forgotten_by_expiry_does_not_come_back(memory, clock):
    memory.remember(1, HARBOUR)
    clock.now += KEEP_SECONDS + 60
    memory.remember(1, Topic("harbour.txt", None))
    assert memory.get(1) == Topic("harbour.txt", None)


def test_the_least_recently_active_chats_are_forgotten_beyond_capacity(memory, monkeypatch):
    monkeypatch.setattr(followup, "MAX_CHATS", 3)
    for chat in (1, 2, 3):
        memory.remember(chat, Topic(f"{chat}.txt", None))
    memory.remember(1, HARBOUR)  # chat 1 active again: chat 2 is now the least recent
    memory.remember(4, Topic("4.txt", None))
    assert memory.get(2) is None
    assert [memory.get(c) is not None for c in (1, 3, 4)] == [True, True, True]


def test_capacity_holds_many_chats_by_default(memory):
    for chat in range(2000):
        memory.remember(chat, Topic(f"{chat}.txt", None))
    assert memory.get(0) == Topic("0.txt", None)


@pytest.mark.parametrize(("question", "resolved"), [
    ("What did he say about the ferries?", "What did Anna Berg say about the ferries?"),
    ("What did she announce?", "What did Anna Berg announce?"),
    ("What did He stress?", "What did Anna Berg stress?"),
    ("What was his role?", "What was Anna Berg's role?"),
    ("Did the board thank him?", "Did the board thank Anna Berg?"),
    ("What did the mayor tell her?", "What did the mayor tell Anna Berg?"),
    ("Was the idea hers?", "Was the idea Anna Berg's?"),
])
def test_a_pronoun_becomes_the_person_of_the_previous_exchange(question, resolved):
    assert resolve(question, HARBOUR) == resolved


def test_only_the_first_pronoun_is_replaced():
    """"What did she say about her plan?": naming her once is enough; the rest reads naturally."""
    assert resolve("What did she say about her plan?", HARBOUR) == "What did Anna Berg say about her plan?"


@pytest.mark.parametrize("question", [
    "Where is the shelter?",          # "he" inside a word
    "Where did the heron nest?",
    "What is the theme of the fair?",
    "Who chaired the meeting?",       # no pronoun at all
])
def test_words_containing_a_pronoun_are_left_alone(question):
    assert resolve(question, HARBOUR) == question


@pytest.mark.parametrize("context", [None, Topic("harbour.txt", None), Topic(None, None)])
def test_without_a_person_the_question_is_left_as_asked(context):
    assert resolve("What did he say about the ferries?", context) == "What did he say about the ferries?"


@pytest.mark.xfail(strict=True, reason="resolve() replaces every 'her' with the bare name, so a possessive 'her' "
                   "loses its 's ('What was Anna Berg role?'), unlike 'his' -> 'Anna Berg's'; the resolved text is "
                   "what the decline wording repeats to the user")
def test_a_possessive_her_becomes_the_person_s():
    assert resolve("What was her role?", HARBOUR) == "What was Anna Berg's role?"


def test_her_after_a_who_question_is_the_person_that_answer_named(tmp_path):
    """The answer to "Who delivered the keynote?" names one person; "What is her role?" next is
    about her, not about the other person the release describes with a role."""
    from knowledge.briefing import Briefing
    from tests.conftest import FakeEncoder

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "forum.txt").write_text(
        "Harbour forum opens\n\nThe harbour forum got underway yesterday in Tallinn.\n\n"
        "Proceedings began with a dinner on 4 May 2016. Ingrid Berg, the Special Adviser on Harbours and "
        "Ports, then delivered the keynote remarks at the opening session yesterday.\n\n"
        "Other speakers include Maria Lind, the treasurer, whose role covers the budget.\n", encoding="utf-8")
    briefing = Briefing(tmp_path / "docs", tmp_path / "data", encoder=FakeEncoder())
    first = briefing.ask("Who delivered the keynote remarks at the harbour forum?")
    assert first.text.startswith("Ingrid Berg") and first.topic.person == "Ingrid Berg"
    assert "Special Adviser" in briefing.ask("What is her role?", first.topic).text


def test_who_seconded_him_reads_the_paragraph_about_him_not_one_mentioning_him(tmp_path):
    """After "Who was elected Chair?", "Who seconded him?" is about the chair: the paragraph that
    names him first, not the next one about his successor, who was also seconded."""
    from knowledge.briefing import Briefing
    from tests.conftest import FakeEncoder

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lakes.txt").write_text(
        "Lakes Commission elects its Bureau\n\nOSLO, 3 March 2027 - The Lakes Commission opened its annual "
        "session in Oslo today.\n\nLars Dahl, a hydrologist from Bergen, will preside over the Commission this "
        "year. Peru proposed his name, and he was seconded by Kenya.\n\nThe new treasurer is Ms. Kadri Tamm of "
        "Tartu, who takes over from Lars Dahl; she was proposed by Chile and seconded by Oman.\n", encoding="utf-8")
    briefing = Briefing(tmp_path / "docs", tmp_path / "data", encoder=FakeEncoder())
    first = briefing.ask("Who will preside over the Lakes Commission?")
    assert "Lars Dahl" in first.text and first.topic.person == "Lars Dahl"
    answer = briefing.ask("Who seconded him?", first.topic)
    assert answer.answered and "Kenya" in answer.text and "Oman" not in answer.text


def test_the_opener_named_in_a_long_title_is_him_in_the_next_question(knowledge_dir, data_dir, real_encoder):
    # the tagger reads "Ministry of Interior Aleksandar Nikolić" as one organisation: "What did he
    # say?" got Lyzhenkov's words, and "Who else spoke?" named the opener
    from knowledge.briefing import Briefing

    briefing = Briefing(knowledge_dir, data_dir, encoder=real_encoder)
    opened = briefing.ask("Who opened the meeting?")
    assert opened.topic.person == "Aleksandar Nikolić"
    said = briefing.ask("What did he say?", opened.topic)
    assert "said Serbian State Secretary" in said.text and "Lyzhenkov" not in said.text
    assert briefing.ask("Who else spoke?", said.topic).text == "Also reported speaking: Alexey Lyzhenkov."


def test_the_person_an_answer_names_comes_from_the_directory_when_the_tagger_sees_none():
    from knowledge.answering.followup import person_named

    text = "The panel was opened by State Secretary at the Ministry of Harbours Ana Holm on Monday."
    assert person_named(text, None, ["Ana Holm", "Per Olsen"]) == "Ana Holm"
    assert person_named("The panel was opened on Monday.", None, ["Ana Holm"]) is None
