"""The PostgreSQL connection pool the briefing shares between its library, journal and ledger
(``BRIEFING_DATABASE_URL``), and the schema of its tables.

What the database holds (tables prefixed ``briefing_``):

- ``documents``: each document's bytes, so a file sent to one replica reaches all;
- ``versions`` and ``passages``: complete index versions (documents' titles and dates, passages
  in order, each with the key of its vector), and ``current``, the one to serve;
- ``vectors`` (:mod:`embeddings.pgvector`): one row per distinct passage text, with an HNSW
  index; versions share rows, so a new version inserts only new vectors;
- ``meta``: the model and dimension the vectors were made with;
- ``questions``, ``feedback`` (the journal) and ``updates`` (Telegram updates already answered).

Requires the ``postgres`` extra (psycopg 3, psycopg-pool, pgvector).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


from knowledge.errors import (
    DatabaseError,
    DatabaseUnavailableError,
)


log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5
"""Seconds to wait for a connection, at start and whenever the pool makes a new one."""
POOL_TIMEOUT = 3.0
"""Seconds a call waits for a pooled connection before saying the database is not answering."""
_SCHEMA_LOCK = 0x62736368

_SCHEMA = """
CREATE TABLE IF NOT EXISTS briefing_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS briefing_documents (
    name text PRIMARY KEY,
    data bytea NOT NULL,
    content_hash text NOT NULL,
    pipeline text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS briefing_versions (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    model text NOT NULL,
    dimension integer NOT NULL,
    documents jsonb NOT NULL,
    passages integer NOT NULL
);
CREATE TABLE IF NOT EXISTS briefing_passages (
    version bigint NOT NULL REFERENCES briefing_versions (id) ON DELETE CASCADE,
    row integer NOT NULL,
    record jsonb NOT NULL,
    key bytea NOT NULL,
    PRIMARY KEY (version, row)
);
CREATE INDEX IF NOT EXISTS briefing_passages_key ON briefing_passages (key);
CREATE TABLE IF NOT EXISTS briefing_current (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL REFERENCES briefing_versions (id)
);
CREATE TABLE IF NOT EXISTS briefing_questions (
    id bigserial PRIMARY KEY,
    at double precision NOT NULL,
    user_id bigint NOT NULL,
    chat_id bigint NOT NULL,
    question text NOT NULL,
    answered boolean NOT NULL,
    kind text NOT NULL,
    document text,
    passage integer
);
CREATE INDEX IF NOT EXISTS briefing_questions_at ON briefing_questions (at);
CREATE TABLE IF NOT EXISTS briefing_feedback (
    question_id bigint NOT NULL REFERENCES briefing_questions (id) ON DELETE CASCADE,
    user_id bigint NOT NULL,
    helpful boolean NOT NULL,
    at double precision NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
CREATE TABLE IF NOT EXISTS briefing_updates (update_id bigint PRIMARY KEY, at double precision NOT NULL);
"""


def describe(url: str) -> str:
    """The database of ``url`` in words, without its password: ``"briefing on db.example.org:5432"``."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - a URL psycopg cannot parse is reported by connecting
        return "in BRIEFING_DATABASE_URL"
    host = str(info.get("host") or "localhost")
    where = host if host.startswith("/") else f"{host}:{info.get('port') or 5432}"
    return f"{info.get('dbname') or info.get('user') or 'postgres'!s} on {where}"


def _reason(exc: BaseException) -> str:
    """The first line of a driver error, which is the part a person can act on."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _key(text: str) -> bytes:
    """The vector table's key of a passage: SHA-256 of its text (what was embedded)."""
    return hashlib.sha256(text.encode("utf-8")).digest()


class Database:
    """A pool of connections to one PostgreSQL database, with pgvector, and its schema.

    Opening checks, each failure one :class:`DatabaseError` sentence: the server answers, the
    pgvector extension is there (it is enabled if the user may), and the schema exists (made if
    not). Connections are checked before use and re-made after a restart of the server.

    Args:
        url: ``postgresql://user:password@host:port/database`` (libpq's URL or key=value form).
        max_size: Most connections this process opens (default 8).
    """

    def __init__(self, url: str, *, max_size: int = 8) -> None:
        try:
            import psycopg
            from pgvector.psycopg import register_vector
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise DatabaseError(
                f"BRIEFING_DATABASE_URL is set but the PostgreSQL driver is not installed ({exc.name}); "
                "install the bot with its postgres extra: pip install 'briefing-bot[postgres]'."
            ) from None
        self.url = url
        self.where = describe(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                self._enable_pgvector(conn)
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))  # replicas starting together
                    conn.execute(_SCHEMA)
        except psycopg.OperationalError as exc:
            raise DatabaseError(
                f"Could not connect to the database {self.where} ({_reason(exc)}); check BRIEFING_DATABASE_URL "
                "and that PostgreSQL is running."
            ) from None
        except psycopg.Error as exc:
            raise DatabaseError(f"The database {self.where} cannot be used ({_reason(exc)}).") from None
        # The pool logs every failed reconnection with a traceback-like warning; what a person
        # needs is the one line each caller gives.
        logging.getLogger("psycopg.pool").setLevel(logging.ERROR)
        # The pool re-connects after a server restart with a delay doubling from one second:
        # after a minute down it would wait another minute before trying. A try every second
        # (one failed connect, cheap) lets service resume within a second of the server's return.
        from psycopg_pool.base import AttemptWithBackoff

        AttemptWithBackoff.DELAY_BACKOFF = 1.0
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max_size, timeout=POOL_TIMEOUT, name="briefing",
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            configure=register_vector, check=ConnectionPool.check_connection, open=True,
        )

    def _enable_pgvector(self, conn) -> None:
        import psycopg

        if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone():
            return
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except psycopg.errors.InsufficientPrivilege:
            raise DatabaseError(
                f"The database {self.where} does not have the pgvector extension enabled, and this user may not "
                "enable it: run CREATE EXTENSION vector as its owner."
            ) from None
        except psycopg.Error as exc:
            raise DatabaseError(
                f"The database {self.where} has no pgvector extension ({_reason(exc)}): install pgvector on the "
                "server (managed services call it the 'vector' extension), then start again."
            ) from None

    @contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[object]:
        """A pooled connection (autocommit; use ``conn.transaction()``), waited for up to
        ``timeout`` seconds (default :data:`POOL_TIMEOUT`); a server that does not answer
        becomes :class:`DatabaseUnavailableError`."""
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self.pool.connection(timeout=timeout) as conn:
                yield conn
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise DatabaseUnavailableError(
                f"The database {self.where} is not answering ({_reason(exc)}); please try again in a minute."
            ) from exc

    def check(self, timeout: float = 2.0) -> None:
        """Raise :class:`DatabaseUnavailableError` unless the database answers within ``timeout`` seconds."""
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self.pool.connection(timeout=timeout) as conn:
                conn.execute("SELECT 1")
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise DatabaseUnavailableError(f"The database {self.where} is not answering ({_reason(exc)}).") from exc

    def close(self) -> None:
        self.pool.close()

    def follow(self, channel: str, poll_seconds: float, changed: Callable[[object], bool], on_change: Callable[[], None],
               stop: threading.Event) -> None:
        """Call ``on_change()`` whenever ``changed(connection)`` is true, asked at once on a ``NOTIFY``
        on ``channel`` and otherwise every ``poll_seconds`` (a notification can be lost while the
        listening connection is re-made). Re-connects by itself until ``stop`` is set."""
        import psycopg

        warned = False
        while not stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                    conn.execute(f"LISTEN {channel}")
                    if warned:
                        log.warning("Listening for new index versions in the database %s again.", self.where)
                        warned = False
                    checked = 0.0
                    while not stop.is_set():
                        notified = any(True for _ in conn.notifies(timeout=1.0, stop_after=1))
                        if notified or time.monotonic() - checked >= poll_seconds:
                            checked = time.monotonic()
                            if changed(conn):
                                on_change()
            except psycopg.Error as exc:
                if not warned:
                    log.warning("Not following new index versions in the database %s for now (%s); trying again.",
                                self.where, _reason(exc))
                    warned = True
                stop.wait(1.0)
