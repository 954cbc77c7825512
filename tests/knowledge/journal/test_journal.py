import os
import sqlite3
import stat
import time

import pytest

from knowledge.answering.types import Answer, Source
from knowledge.journal.sqlite import Journal, JournalError

DAY = 86400


def answer(question: str, answered: bool = True) -> Answer:
    source = Source("a.txt", "A meeting", "2024-01-01", 2, 1.0, "Text.")
    return Answer(question, answered, "Text." if answered else "", (source,), kind="passage" if answered else "declined")


def test_questions_are_kept_for_the_retention_period_then_deleted(tmp_path):
    journal = Journal(tmp_path, retention_days=30)
    journal.record(11, 11, answer("Old question?"), now=1_000 * DAY)
    journal.record(12, -5, answer("Unanswerable?", answered=False), now=1_020 * DAY)
    recent = journal.recent(days=60, now=1_025 * DAY)
    assert [(e.user_id, e.chat_id, e.question, e.answered, e.document) for e in recent] == [
        (12, -5, "Unanswerable?", False, None), (11, 11, "Old question?", True, "a.txt")]
    assert journal.prune(now=1_035 * DAY) == 1
    assert [e.question for e in journal.recent(days=60, now=1_035 * DAY)] == ["Unanswerable?"]
    journal.close()
    assert [e.question for e in Journal(tmp_path, retention_days=30).recent(days=10**6)] == []  # pruned at opening


def test_gaps_group_near_duplicates_of_declined_and_unhelpful_questions(tmp_path):
    from knowledge.journal.gaps import find_gaps
    from tests.conftest import FakeEncoder

    journal = Journal(tmp_path)
    for user in range(3):
        journal.record(user, user, answer("What is the travel budget?", answered=False))
    journal.record(5, 5, answer("what is the  travel budget", answered=False))
    helped = journal.record(6, 6, answer("Who opened the meeting?"))
    unhelpful = journal.record(7, 7, answer("Who pays the hotel?"))
    journal.record(8, 8, answer("Who pays the hotel", answered=False))
    assert journal.feedback(helped, 6, True) and journal.feedback(unhelpful, 7, False)
    assert not journal.feedback(999, 7, False)
    gaps = find_gaps(journal, FakeEncoder())
    assert [(g.question, g.asked, g.declined, g.not_helpful) for g in gaps] == [
        ("What is the travel budget?", 4, 4, 0), ("Who pays the hotel?", 2, 1, 1)]
    assert gaps[0].variants == ("what is the travel budget",)


def test_answers_more_likely_wrong_than_right_are_gaps_too_unless_rated(tmp_path):
    from knowledge.journal.gaps import find_gaps
    from tests.conftest import FakeEncoder

    source = Source("a.txt", "A meeting", "2024-01-01", 2, 1.0, "Text.")
    unsure = Answer("Where is the dinner?", True, "Text.", (source,), confidence=0.3, evidence=(0.1,) * 11)
    sure = Answer("Who chaired?", True, "Text.", (source,), confidence=0.9, evidence=(0.9,) * 11)
    journal = Journal(tmp_path)
    journal.record(1, 1, unsure)
    journal.record(2, 2, sure)
    rated = journal.record(3, 3, unsure)
    journal.feedback(rated, 3, False)
    helped = journal.record(4, 4, unsure)
    journal.feedback(helped, 4, True)  # a staff member found it helpful after all: not a gap
    assert journal.unanswered() == [("Where is the dinner?", "unsure"), ("Where is the dinner?", "not helpful")]
    assert [e.kind for e in journal.recent()] == ["unsure", "unsure", "passage", "unsure"]
    [gap] = find_gaps(journal, FakeEncoder())
    assert (gap.question, gap.asked, gap.unsure, gap.not_helpful) == ("Where is the dinner?", 2, 1, 1)


def test_a_journal_that_cannot_be_written_says_so_in_one_sentence_without_waiting_long(tmp_path):
    journal = Journal(tmp_path, busy_timeout=0.05)
    question_id = journal.record(11, 11, answer("Who spoke?"))
    other = sqlite3.connect(tmp_path / "journal.sqlite3", timeout=0)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        for write in (lambda: journal.record(12, 12, answer("When?")), lambda: journal.feedback(question_id, 11, True),
                      lambda: journal.prune()):
            started = time.monotonic()
            with pytest.raises(JournalError, match="cannot be written"):
                write()
            assert time.monotonic() - started < 1  # the busy timeout asked for, not SQLite's default 5 s
    finally:
        other.rollback()
        other.close()
    assert journal.feedback(question_id, 11, True)  # and it works again once the lock is gone


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_journal_is_private_to_the_bot(tmp_path):
    """Questions and user ids: the data folder is 0700 and the database with its -wal/-shm 0600."""
    data = tmp_path / "data"
    journal = Journal(data)
    question_id = journal.record(11, 11, answer("Who spoke?"))
    journal.feedback(question_id, 11, False)
    files = [data / "journal.sqlite3", data / "journal.sqlite3-wal", data / "journal.sqlite3-shm"]
    assert mode(data) == 0o700
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    journal.close()


def test_a_journal_made_world_readable_by_an_older_version_is_made_private(tmp_path):
    Journal(tmp_path).close()
    for f in tmp_path.glob("journal.sqlite3*"):
        f.chmod(0o644)
    journal = Journal(tmp_path)
    journal.record(11, 11, answer("Who spoke?"))
    assert {f.name: mode(f) for f in tmp_path.glob("journal.sqlite3*")} == {f.name: 0o600 for f in tmp_path.glob("journal.sqlite3*")}
    journal.close()
