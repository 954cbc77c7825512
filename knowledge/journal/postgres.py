"""The question journal in PostgreSQL, shared by replicas (:class:`PostgresJournal`)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


from knowledge.answering.types import Answer
from knowledge.errors import (
    DatabaseError,
)
from knowledge.journal.sqlite import JournalEntry, JournalError, entry_row

from knowledge.indexing.database import Database, _reason

_PENDING_JOURNAL = 10_000
"""Journal entries kept in memory while the database is down, written when it is back."""


class PostgresJournal:
    """The question journal in the database, shared by replicas (the interface of
    :class:`knowledge.journal.Journal`).

    Entries that cannot be written while the database is down are kept in memory (up to
    :data:`_PENDING_JOURNAL`) and written with the next entry that can be; the call still
    raises :class:`JournalError`, so the answer goes out without feedback buttons.
    """

    def __init__(self, database: Database, retention_days: int = 30) -> None:
        self.db = database
        self.retention_days = retention_days
        self._pending: deque[tuple] = deque(maxlen=_PENDING_JOURNAL)
        self._lock = threading.Lock()
        self._pruned_at = 0.0
        self.path = database.where

    @contextmanager
    def _conn(self) -> Iterator[object]:
        import psycopg

        try:
            with self.db.connection() as conn:
                yield conn
        except (psycopg.Error, DatabaseError) as exc:
            raise JournalError(f"The question journal in {self.db.where} cannot be written ({_reason(exc)}).") from exc

    def record(self, user_id: int, chat_id: int, answer: Answer, now: float | None = None) -> int:
        now = time.time() if now is None else now
        row = entry_row(user_id, chat_id, answer, now)
        insert = ("INSERT INTO briefing_questions (at, user_id, chat_id, question, answered, kind, document, passage) "
                  "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id")
        try:
            with self._conn() as conn, conn.transaction():
                with self._lock:
                    pending = list(self._pending)
                for earlier in pending:
                    conn.execute(insert, earlier)
                row_id = conn.execute(insert, row).fetchone()[0]
        except JournalError:
            with self._lock:
                self._pending.append(row)
            raise
        with self._lock:
            for _ in pending:
                self._pending.popleft()
        if now - self._pruned_at > 3600:
            self.prune(now)
        return int(row_id)

    def feedback(self, question_id: int, user_id: int, helpful: bool, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        with self._conn() as conn:
            if conn.execute("SELECT 1 FROM briefing_questions WHERE id = %s", (question_id,)).fetchone() is None:
                return False
            conn.execute("INSERT INTO briefing_feedback VALUES (%s, %s, %s, %s) ON CONFLICT (question_id, user_id) "
                         "DO UPDATE SET helpful = EXCLUDED.helpful, at = EXCLUDED.at", (question_id, user_id, helpful, now))
        return True

    def unanswered(self, days: float = 30, *, now: float | None = None) -> list[tuple[str, str]]:
        now = time.time() if now is None else now
        with self._conn() as conn:
            rows = conn.execute(
                """SELECT q.question, CASE WHEN NOT q.answered THEN 'declined' WHEN EXISTS (SELECT 1 FROM briefing_feedback f
                       WHERE f.question_id = q.id AND NOT f.helpful) THEN 'not helpful' ELSE 'unsure' END
                   FROM briefing_questions q
                   WHERE q.at >= %s AND q.kind NOT IN ('small_talk', 'help', 'summary', 'sources')
                     AND (NOT q.answered
                          OR q.kind = 'unsure' AND NOT EXISTS (SELECT 1 FROM briefing_feedback f
                                                               WHERE f.question_id = q.id AND f.helpful)
                          OR EXISTS (SELECT 1 FROM briefing_feedback f WHERE f.question_id = q.id AND NOT f.helpful))
                   ORDER BY q.at""",
                (now - days * 86400,),
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def prune(self, now: float | None = None) -> int:
        now = time.time() if now is None else now
        with self._conn() as conn:
            deleted = conn.execute("DELETE FROM briefing_questions WHERE at < %s",
                                   (now - self.retention_days * 86400,)).rowcount
            conn.execute("DELETE FROM briefing_updates WHERE at < %s", (now - 86400,))
        self._pruned_at = now
        return deleted

    def recent(self, days: float = 7, *, limit: int = 200, now: float | None = None) -> list[JournalEntry]:
        import datetime as dt

        now = time.time() if now is None else now
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT at, user_id, chat_id, question, answered, kind, document, passage FROM briefing_questions "
                "WHERE at >= %s ORDER BY at DESC LIMIT %s", (now - days * 86400, limit)
            ).fetchall()
        return [JournalEntry(dt.datetime.fromtimestamp(r[0], dt.timezone.utc), r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7])
                for r in rows]

    def close(self) -> None:
        return None  # the pool belongs to the library
