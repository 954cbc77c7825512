"""Who asked what and how it was answered: a small SQLite journal in the data folder.

Maintainers read it to see what staff ask and what the briefing could not answer. It holds user
ids, never names, and entries older than the retention period are deleted (at start and then at
most once an hour while recording), so questions do not pile up for ever.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge.answering import Answer
from knowledge.errors import BriefingError

JOURNAL_FILE = "journal.sqlite3"
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
"""


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
    """

    def __init__(self, data_dir: str | Path, retention_days: int = 30) -> None:
        self.path = Path(data_dir) / JOURNAL_FILE
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._pruned_at = 0.0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(f"The question journal {self.path} cannot be opened ({exc}).") from exc
        self.prune()

    def record(self, user_id: int, chat_id: int, answer: Answer, now: float | None = None) -> None:
        """Record one question and what it got (the first source, if any)."""
        now = time.time() if now is None else now
        source = answer.sources[0] if answer.sources and answer.answered else None
        row = (now, user_id, chat_id, answer.question, int(answer.answered), answer.kind,
               source.document if source else None, source.passage if source else None)
        with self._lock:
            try:
                self._db.execute("INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            except sqlite3.Error as exc:
                raise JournalError(f"The question journal {self.path} cannot be written ({exc}).") from exc
        if now - self._pruned_at > 3600:
            self.prune(now)

    def prune(self, now: float | None = None) -> int:
        """Delete entries older than the retention period; returns how many."""
        now = time.time() if now is None else now
        with self._lock:
            try:
                deleted = self._db.execute("DELETE FROM questions WHERE at < ?", (now - self.retention_days * 86400,)).rowcount
            except sqlite3.Error as exc:
                raise JournalError(f"The question journal {self.path} cannot be written ({exc}).") from exc
            self._pruned_at = now
        return deleted

    def recent(self, days: float = 7, *, limit: int = 200, now: float | None = None) -> list[JournalEntry]:
        """Entries of the last ``days`` days, newest first."""
        now = time.time() if now is None else now
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM questions WHERE at >= ? ORDER BY at DESC LIMIT ?", (now - days * 86400, limit)
            ).fetchall()
        return [
            JournalEntry(dt.datetime.fromtimestamp(r[0], dt.timezone.utc), r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7])
            for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            self._db.close()
