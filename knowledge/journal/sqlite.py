"""Who asked what, how it was answered and whether it helped: a small SQLite journal in the data folder.

Maintainers read it to see what staff ask and what the briefing could not answer (``/gaps``). It holds user
ids, never names, and entries older than the retention period are deleted (at start and then at
most once an hour while recording), so questions do not pile up for ever. The database and its ``-wal``
and ``-shm`` files are readable by the bot's user only (0600), in a data folder created 0700.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from embeddings.files import PRIVATE_FILE, private_folder
from knowledge.answering.types import Answer
from knowledge.errors import BriefingError

JOURNAL_FILE = "journal.sqlite3"
BUSY_TIMEOUT = 5.0
"""Seconds a write waits for another connection's lock before giving up (SQLite's Python default)."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    at REAL NOT NULL,
    user_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    kind TEXT NOT NULL,
    document TEXT,
    passage INTEGER
);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    helpful INTEGER NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
"""


def _make_private(path: Path) -> None:
    """Create the database file 0600 before SQLite opens it (SQLite gives its ``-wal`` and ``-shm``
    files the database file's mode), and take other users' access off files an older version left."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            os.chmod(file, PRIVATE_FILE)


def entry_row(user_id: int, chat_id: int, answer: Answer, now: float) -> tuple:
    """A journal entry's columns: time, user, chat, question, answered, kind (``"unsure"`` for an answer
    more likely wrong than right, :attr:`Answer.unsure`), first source's document and passage."""
    source = answer.sources[0] if answer.sources and answer.answered else None
    return (now, user_id, chat_id, answer.question, bool(answer.answered), "unsure" if answer.unsure else answer.kind,
            source.document if source else None, source.passage if source else None)


class JournalError(BriefingError):
    """The journal cannot be opened or written."""


@dataclass(frozen=True)
class JournalEntry:
    at: dt.datetime
    user_id: int
    chat_id: int
    question: str
    answered: bool
    kind: str
    document: str | None
    passage: int | None


class Journal:
    """The question journal of one data folder.

    Args:
        data_dir: The data folder; the journal is ``<data_dir>/journal.sqlite3``.
        retention_days: Entries older than this are deleted (default 30).
        busy_timeout: Seconds a write waits while another process holds the database before
            it fails with :class:`JournalError` (default :data:`BUSY_TIMEOUT`, 5). Longer rides
            out longer locks; every wait delays the answer being recorded.
    """

    def __init__(self, data_dir: str | Path, retention_days: int = 30, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(data_dir) / JOURNAL_FILE
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._pruned_at = 0.0
        try:
            private_folder(self.path.parent)
            _make_private(self.path)
            self._db = sqlite3.connect(self.path, timeout=busy_timeout, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(f"The question journal {self.path} cannot be opened ({exc}).") from exc
        self.prune()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the lock; a database error becomes one :class:`JournalError` sentence."""
        with self._lock:
            try:
                yield
            except sqlite3.Error as exc:
                raise JournalError(f"The question journal {self.path} cannot be written ({exc}).") from exc

    def record(self, user_id: int, chat_id: int, answer: Answer, now: float | None = None) -> int:
        """Record one question and what it got (the first source, if any); returns its id."""
        now = time.time() if now is None else now
        row = entry_row(user_id, chat_id, answer, now)
        with self._writing():
            row_id = self._db.execute("INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row).lastrowid
        if now - self._pruned_at > 3600:
            self.prune(now)
        return int(row_id)

    def feedback(self, question_id: int, user_id: int, helpful: bool, now: float | None = None) -> bool:
        """Record (or change) one user's verdict on an answer; False if the question is not in
        the journal (any more)."""
        now = time.time() if now is None else now
        with self._writing():
            if self._db.execute("SELECT 1 FROM questions WHERE rowid = ?", (question_id,)).fetchone() is None:
                return False
            self._db.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)", (question_id, user_id, int(helpful), now))
        return True

    def unanswered(self, days: float = 30, *, now: float | None = None) -> list[tuple[str, str]]:
        """Questions of the last ``days`` days that were declined, rated not helpful or answered unsure
        (and not rated helpful), as ``(question, why)`` with why ``"declined"``, ``"not helpful"`` or
        ``"unsure"``, oldest first."""
        now = time.time() if now is None else now
        with self._lock:
            rows = self._db.execute(
                """SELECT q.question, CASE WHEN q.answered = 0 THEN 'declined' WHEN EXISTS (SELECT 1 FROM feedback f
                       WHERE f.question_id = q.rowid AND f.helpful = 0) THEN 'not helpful' ELSE 'unsure' END
                   FROM questions q
                   WHERE q.at >= ? AND q.kind NOT IN ('small_talk', 'help', 'summary', 'sources')
                     AND (q.answered = 0
                          OR q.kind = 'unsure' AND NOT EXISTS (SELECT 1 FROM feedback f
                                                               WHERE f.question_id = q.rowid AND f.helpful = 1)
                          OR EXISTS (SELECT 1 FROM feedback f WHERE f.question_id = q.rowid AND f.helpful = 0))
                   ORDER BY q.at""",
                (now - days * 86400,),
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def prune(self, now: float | None = None) -> int:
        """Delete entries older than the retention period; returns how many."""
        now = time.time() if now is None else now
        with self._writing():
            cutoff = now - self.retention_days * 86400
            deleted = self._db.execute("DELETE FROM questions WHERE at < ?", (cutoff,)).rowcount
            self._db.execute("DELETE FROM feedback WHERE question_id NOT IN (SELECT rowid FROM questions)")
            self._pruned_at = now
        return deleted

    def recent(self, days: float = 7, *, limit: int = 200, now: float | None = None) -> list[JournalEntry]:
        """Entries of the last ``days`` days, newest first."""
        now = time.time() if now is None else now
        with self._lock:
            rows = self._db.execute(
                "SELECT at, user_id, chat_id, question, answered, kind, document, passage FROM questions "
                "WHERE at >= ? ORDER BY at DESC LIMIT ?", (now - days * 86400, limit)
            ).fetchall()
        return [
            JournalEntry(dt.datetime.fromtimestamp(r[0], dt.timezone.utc), r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7])
            for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            self._db.close()
