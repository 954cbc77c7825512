"""Telegram updates already answered, in PostgreSQL (:class:`PostgresLedger`)."""

from __future__ import annotations

import time



from knowledge.indexing.database import Database


class PostgresLedger:
    """Telegram updates already answered by some replica (webhook redeliveries are answered once)."""

    def __init__(self, database: Database) -> None:
        self.db = database

    TIMEOUT = 1.0
    """Seconds to wait for the database: when it is down, an update is answered anyway (at least once)."""

    def handled(self, update_id: int) -> bool:
        with self.db.connection(self.TIMEOUT) as conn:
            return conn.execute("SELECT 1 FROM briefing_updates WHERE update_id = %s", (update_id,)).fetchone() is not None

    def mark_handled(self, update_id: int) -> None:
        with self.db.connection(self.TIMEOUT) as conn:
            conn.execute("INSERT INTO briefing_updates VALUES (%s, %s) ON CONFLICT DO NOTHING", (update_id, time.time()))
