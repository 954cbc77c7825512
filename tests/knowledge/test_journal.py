import sqlite3

import pytest

from knowledge.answering import Answer, Source
from knowledge.journal import Journal, JournalError

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
    from knowledge.gaps import find_gaps
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


def test_a_journal_that_cannot_be_written_says_so_in_one_sentence(tmp_path):
    journal = Journal(tmp_path)
    question_id = journal.record(11, 11, answer("Who spoke?"))
    other = sqlite3.connect(tmp_path / "journal.sqlite3", timeout=0)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the database (each write waits SQLite's 5 s)
    try:
        for write in (lambda: journal.record(12, 12, answer("When?")), lambda: journal.feedback(question_id, 11, True),
                      lambda: journal.prune()):
            with pytest.raises(JournalError, match="cannot be written"):
                write()
    finally:
        other.rollback()
        other.close()
    assert journal.feedback(question_id, 11, True)  # and it works again once the lock is gone
