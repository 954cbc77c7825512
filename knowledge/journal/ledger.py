"""Which Telegram updates are being handled or were handled, so that a webhook redelivery is
answered once: in memory (:class:`MemoryLedger`, one process) or in PostgreSQL, shared by
replicas (:class:`PostgresLedger`).

An update is *claimed* before it is handled: the first claim of an update id wins a lease of
``lease`` seconds, which its owner renews while it works; another claim while the lease runs
is told the update is held, and one after it ran out (the owner died) takes it over. When the
work is over the claim becomes *done* for good; when it failed, it is released, so that the
next delivery takes it at once.
"""

from __future__ import annotations

import collections
import enum
import threading
import time
from typing import Protocol

from knowledge.errors import BriefingError
from knowledge.indexing.database import Database

LEDGER_SIZE = 100_000
"""Update ids a :class:`MemoryLedger` remembers (Telegram gives up on an update after about a day)."""
INT64 = range(-(2**63), 2**63)
"""Update ids the ledger can hold (PostgreSQL's ``bigint``); the webhook refuses others."""
_LEDGER_LOCK = 0x62757064
_COLUMNS = ("ALTER TABLE briefing_updates ADD COLUMN IF NOT EXISTS owner text, "
            "ADD COLUMN IF NOT EXISTS until double precision")
_NOW = "extract(epoch from clock_timestamp())"


class Claim(enum.Enum):
    """What a claim got: the update to handle, or a reason to leave it alone."""

    TAKEN = "taken"
    """Handle it: the claim is this owner's (new, or taken over from an expired one)."""
    HELD = "held"
    """Another owner is handling it and its lease runs."""
    DONE = "done"
    """It was handled already."""


class UpdateLedger(Protocol):
    """Claims on updates (see the module). Every method blocks: a database may sit behind it."""

    def claim(self, update_id: int, owner: str, lease: float) -> Claim: ...

    def renew(self, update_id: int, owner: str, lease: float) -> bool: ...

    def release(self, update_id: int, owner: str) -> None: ...

    def done(self, update_id: int, owner: str) -> None: ...


class MemoryLedger:
    """The claims of this process, and the last ``size`` update ids it handled."""

    def __init__(self, size: int = LEDGER_SIZE) -> None:
        self.size = size
        self._done: collections.OrderedDict[int, None] = collections.OrderedDict()
        self._claims: dict[int, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def handled(self, update_id: int) -> bool:
        """Whether the update was handled (not merely claimed)."""
        with self._lock:
            return update_id in self._done

    def claim(self, update_id: int, owner: str, lease: float) -> Claim:
        now = time.monotonic()
        with self._lock:
            if update_id in self._done:
                return Claim.DONE
            held = self._claims.get(update_id)
            if held is not None and held[0] != owner and held[1] > now:
                return Claim.HELD
            self._claims[update_id] = (owner, now + lease)
            return Claim.TAKEN

    def renew(self, update_id: int, owner: str, lease: float) -> bool:
        with self._lock:
            held = self._claims.get(update_id)
            if held is None or held[0] != owner:
                return False
            self._claims[update_id] = (owner, time.monotonic() + lease)
            return True

    def release(self, update_id: int, owner: str) -> None:
        with self._lock:
            if self._claims.get(update_id, ("",))[0] == owner:
                del self._claims[update_id]

    def done(self, update_id: int, owner: str) -> None:
        with self._lock:
            self._claims.pop(update_id, None)
            self._done[update_id] = None
            self._done.move_to_end(update_id)
            while len(self._done) > self.size:
                self._done.popitem(last=False)

    def mark_handled(self, update_id: int) -> None:
        """Record an update as handled without a claim."""
        self.done(update_id, "")

    def __len__(self) -> int:
        return len(self._done)


class PostgresLedger:
    """Claims shared by every replica on one database, in ``briefing_updates``: a row whose
    ``until`` is set is a claim by ``owner`` until then (the database's clock, so replicas' clocks
    need not agree); a row whose ``until`` is NULL is an update handled."""

    TIMEOUT = 1.0
    """Seconds to wait for the database: when it is down, an update is answered anyway (at least once)."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self._ready = False
        try:
            with self.db.connection(self.TIMEOUT) as conn:
                self._columns(conn)
        except BriefingError:
            pass  # down for now: added with the first claim

    def _columns(self, conn) -> None:
        """Add the claim's columns to a table made by an older version (once per process)."""
        if not self._ready:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LEDGER_LOCK,))
                conn.execute(_COLUMNS)
            self._ready = True

    def claim(self, update_id: int, owner: str, lease: float) -> Claim:
        with self.db.connection(self.TIMEOUT) as conn:
            self._columns(conn)
            taken = conn.execute(
                f"INSERT INTO briefing_updates AS u (update_id, at, owner, until) VALUES (%s, {_NOW}, %s, {_NOW} + %s) "
                "ON CONFLICT (update_id) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until, at = EXCLUDED.at "
                "WHERE u.until IS NOT NULL AND (u.until < EXCLUDED.at OR u.owner = EXCLUDED.owner) RETURNING 1",
                (update_id, owner, lease),
            ).fetchone()
            if taken is not None:
                return Claim.TAKEN
            row = conn.execute("SELECT until FROM briefing_updates WHERE update_id = %s", (update_id,)).fetchone()
        return Claim.DONE if row is not None and row[0] is None else Claim.HELD

    def renew(self, update_id: int, owner: str, lease: float) -> bool:
        with self.db.connection(self.TIMEOUT) as conn:
            return conn.execute(
                f"UPDATE briefing_updates SET until = {_NOW} + %s WHERE update_id = %s AND owner = %s "
                "AND until IS NOT NULL", (lease, update_id, owner)).rowcount > 0

    def release(self, update_id: int, owner: str) -> None:
        with self.db.connection(self.TIMEOUT) as conn:
            conn.execute("DELETE FROM briefing_updates WHERE update_id = %s AND owner = %s AND until IS NOT NULL",
                         (update_id, owner))

    def done(self, update_id: int, owner: str) -> None:
        with self.db.connection(self.TIMEOUT) as conn:
            self._columns(conn)
            conn.execute(
                f"INSERT INTO briefing_updates AS u (update_id, at, owner, until) VALUES (%s, {_NOW}, %s, NULL) "
                "ON CONFLICT (update_id) DO UPDATE SET until = NULL, owner = EXCLUDED.owner, at = EXCLUDED.at",
                (update_id, owner))

    def handled(self, update_id: int) -> bool:
        """Whether the update was handled (not merely claimed)."""
        with self.db.connection(self.TIMEOUT) as conn:
            self._columns(conn)
            row = conn.execute("SELECT until FROM briefing_updates WHERE update_id = %s", (update_id,)).fetchone()
        return row is not None and row[0] is None
