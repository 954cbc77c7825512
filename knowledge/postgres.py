"""The briefing in PostgreSQL with pgvector, shared by several bot replicas (``BRIEFING_DATABASE_URL``).

What the database holds (tables prefixed ``briefing_``):

- ``documents``: each document's bytes, so a file sent to one replica reaches all;
- ``versions`` and ``passages``: complete index versions (documents' titles and dates, passages
  in order, each with the key of its vector), and ``current``, the one to serve;
- ``vectors`` (:mod:`embeddings.pgvector`): one row per distinct passage text, with an HNSW
  index; versions share rows, so a new version inserts only new vectors;
- ``meta``: the model and dimension the vectors were made with;
- ``questions``, ``feedback`` (the journal) and ``updates`` (Telegram updates already answered).

A refresh takes an advisory lock (one at a time across replicas), reads the documents, embeds
what is new, and writes a new version in one transaction, then notifies the others
(``LISTEN``/``NOTIFY`` on ``briefing_version``). Each replica loads a version whole before
serving it, so it answers from the old version or the new one, never a mix; a replica that
misses the notification sees the new version at its next poll (:data:`POLL_SECONDS`).

Requires the ``postgres`` extra (psycopg 3, psycopg-pool, pgvector).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

from embeddings import pgvector as vectors_table
from embeddings.encoder import Encoder
from embeddings.errors import EncoderError
from embeddings.store import VectorStore
from knowledge.answering import Answer
from knowledge.documents import PIPELINE_VERSION, Document, SkippedFile, content_hash, parse_document, read_documents
from knowledge.errors import (
    DatabaseError,
    DatabaseUnavailableError,
    DocumentRejectedError,
    IndexSaveError,
    IndexUnusableError,
    KnowledgeFolderError,
    ModelUnavailableError,
)
from knowledge.index import (
    APPROXIMATE_FROM,
    KnowledgeIndex,
    OpenedIndex,
    ProgressCallback,
    RefreshReport,
    _records_differ,
    _refresh,
)
from knowledge.journal import JournalEntry, JournalError, entry_row

log = logging.getLogger(__name__)

CHANNEL = "briefing_version"
"""The ``NOTIFY`` channel a refresh announces its version on."""
POLL_SECONDS = 5.0
"""How often a replica asks which version is current even without a notification (the fallback
when a notification is lost, e.g. while its listening connection was being re-made)."""
CONNECT_TIMEOUT = 5
"""Seconds to wait for a connection, at start and whenever the pool makes a new one."""
POOL_TIMEOUT = 3.0
"""Seconds a call waits for a pooled connection before saying the database is not answering."""
KEEP_VERSIONS = 2
"""Versions kept: the current one and the one before it (which replicas may still be serving
for a few seconds)."""
_REFRESH_LOCK = 0x62726566  # pg_advisory_xact_lock keys
_SCHEMA_LOCK = 0x62736368
_PENDING_JOURNAL = 10_000
"""Journal entries kept in memory while the database is down, written when it is back."""

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


def _key(text: str) -> bytes:
    """The vector table's key of a passage: SHA-256 of its text (what was embedded)."""
    return hashlib.sha256(text.encode("utf-8")).digest()


class PostgresLibrary:
    """Documents and index versions in PostgreSQL (see the module); the interface is
    :class:`knowledge.library.Library`.

    Args:
        url: The database (``BRIEFING_DATABASE_URL``).
        knowledge_dir: Documents imported when the database holds none yet (the first start), so
            a new deployment serves the same briefing as the embedded one.
        database: An open :class:`Database` to share (with the journal); made from ``url`` if not given.
    """

    def __init__(self, url: str, knowledge_dir: str | Path | None = None, *, database: Database | None = None) -> None:
        self.db = database or Database(url)
        self.knowledge_dir = Path(knowledge_dir) if knowledge_dir is not None else None
        self.description = f"the database {self.db.where}"

    # -- reading -----------------------------------------------------------------------------

    def _stored_model(self, conn) -> str | None:
        row = conn.execute("SELECT value FROM briefing_meta WHERE key = 'model'").fetchone()
        return None if row is None else row[0]

    def _check_model(self, conn, encoder: Encoder) -> None:
        model = self._stored_model(conn)
        if model is not None and model != encoder.model_id:
            raise DatabaseError(
                f"The database {self.db.where} holds an index made with the model {model!r}, but this bot uses "
                f"{encoder.model_id!r}; point BRIEFING_DATABASE_URL at another database, or run "
                "`briefing-bot reindex --full` to embed every document again with this model (every replica "
                "must then use it)."
            )

    @staticmethod
    def _current(conn) -> int | None:
        row = conn.execute("SELECT version FROM briefing_current").fetchone()
        return None if row is None else int(row[0])

    def current_version(self) -> str | None:
        """The version stored as current, or None before the first."""
        with self.db.connection() as conn:
            current = self._current(conn)
        return None if current is None else str(current)

    def _load(self, conn, version: int, encoder: Encoder, approximate_from: int | None) -> KnowledgeIndex:
        row = conn.execute(
            "SELECT model, dimension, documents, extract(epoch FROM created_at) FROM briefing_versions WHERE id = %s",
            (version,),
        ).fetchone()
        if row is None:
            raise IndexUnusableError(f"Index version {version} is missing from the database {self.db.where}.")
        model, dimension, documents, created = row
        if model != encoder.model_id:
            self._check_model(conn, encoder)
        records, keys, vectors = [], [], []
        with conn.cursor(binary=True) as cur:
            cur.execute(
                "SELECT p.record, p.key, v.embedding FROM briefing_passages p "
                f"JOIN {vectors_table.TABLE} v ON v.key = p.key WHERE p.version = %s ORDER BY p.row",
                (version,),
            )
            for record, key, embedding in cur:
                records.append(record)
                keys.append(bytes(key))
                vectors.append(embedding.to_numpy() if hasattr(embedding, "to_numpy") else embedding)
        expected = sum(int(d["passages"]) for d in documents.values())
        if len(records) != expected:
            raise IndexUnusableError(
                f"Index version {version} in the database {self.db.where} is incomplete ({len(records)} of {expected} "
                "passages have vectors); run `briefing-bot reindex --full`."
            )
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(records), int(dimension))
        store = VectorStore(model, int(dimension), matrix, tuple(records), {"documents": documents})
        index = KnowledgeIndex.from_store(store, saved_at=float(created))
        return self._attach(replace(index, version=str(version)), keys, approximate_from)

    def _attach(self, index: KnowledgeIndex, keys: list[bytes], approximate_from: int | None) -> KnowledgeIndex:
        """Search a large index through the database's HNSW index (see :mod:`embeddings.pgvector`)."""
        if approximate_from is None or len(index.passages) < approximate_from:
            return index
        rows_of_key: dict[bytes, list[int]] = {}
        for row, key in enumerate(keys):
            rows_of_key.setdefault(key, []).append(row)
        candidates = vectors_table.PgVectorCandidates(self.db.pool, rows_of_key, index.store.dimension)
        return replace(index, store=replace(index.store, approximate=candidates))

    def load(self, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM) -> KnowledgeIndex:
        with self.db.connection() as conn:
            self._check_model(conn, encoder)
            current = self._current(conn)
            if current is None:
                raise FileNotFoundError(f"No index is stored in the database {self.db.where} yet.")
            return self._load(conn, current, encoder, approximate_from)

    def open(self, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM) -> OpenedIndex:
        with self.db.connection() as conn:
            self._check_model(conn, encoder)
            current = self._current(conn)
            empty = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM briefing_documents)").fetchone()[0]
        if current is None:
            if empty:
                self.import_folder()
            return OpenedIndex(self.refresh(encoder, approximate_from=approximate_from)[0])
        index = self.load(encoder, approximate_from=approximate_from)
        with self.db.connection() as conn:
            stored = dict(conn.execute("SELECT name, content_hash FROM briefing_documents").fetchall())
        if stored == {d.name: d.content_hash for d in index.documents}:
            return OpenedIndex(index)
        log.info("Documents in %s changed since index version %s; refreshing it", self.description, index.version)
        try:
            return OpenedIndex(self.refresh(encoder, approximate_from=approximate_from, served=index)[0])
        except IndexSaveError as exc:
            log.warning("Serving index version %s as it is: bringing it up to date failed. %s", index.version, exc)
            return OpenedIndex(index, exc)

    # -- documents ---------------------------------------------------------------------------

    def save_document(self, name: str, data: bytes) -> bool:
        try:
            with self.db.connection() as conn:
                row = conn.execute(
                    "INSERT INTO briefing_documents (name, data, content_hash, pipeline) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, content_hash = EXCLUDED.content_hash, "
                    "pipeline = EXCLUDED.pipeline, updated_at = now() RETURNING (xmax <> 0)",
                    (name, data, content_hash(data), PIPELINE_VERSION),
                ).fetchone()
        except DatabaseUnavailableError as exc:
            raise DocumentRejectedError(f"{name} could not be saved: {exc}") from exc
        return bool(row[0])

    def delete_document(self, name: str) -> None:
        try:
            with self.db.connection() as conn:
                conn.execute("DELETE FROM briefing_documents WHERE name = %s", (name,))
        except DatabaseUnavailableError as exc:
            raise DocumentRejectedError(f"{name} could not be removed: {exc}") from exc

    def import_folder(self, folder: str | Path | None = None) -> tuple[list[str], list[SkippedFile]]:
        """Store every readable document of ``folder`` (default the knowledge folder), replacing
        documents of the same names and keeping the others; returns the names stored and the
        files skipped. Nothing is indexed here: refresh afterwards."""
        folder = Path(folder) if folder is not None else self.knowledge_dir
        if folder is None:
            return [], []
        documents, skipped = read_documents(folder)
        for document in documents:
            self.save_document(document.name, (folder / document.name).read_bytes())
        return [d.name for d in documents], skipped

    def migrate(self, encoder: Encoder, folder: str | Path, data_dir: str | Path, *,
                approximate_from: int | None = APPROXIMATE_FROM) -> tuple[KnowledgeIndex, RefreshReport]:
        """Store the documents of ``folder`` and index them, reusing the vectors of the index
        saved under ``data_dir`` (the embedded store) where it was made by the same model, so
        nothing it holds is embedded again. Documents already in the database stay."""
        from knowledge.index import load_index

        _, skipped = self.import_folder(folder)
        try:
            saved: KnowledgeIndex | None = load_index(data_dir, encoder)
        except (FileNotFoundError, IndexUnusableError) as exc:
            log.warning("No saved index to take vectors from in %s (%s); embedding every document.", data_dir, exc)
            saved = None
        index, report = self.refresh(encoder, approximate_from=approximate_from, unsaved=saved)
        return index, replace(report, skipped=tuple(skipped) + report.skipped)

    def _documents(self, conn, old: KnowledgeIndex | None) -> tuple[list[Document], list[SkippedFile]]:
        """The stored documents; those unchanged since ``old`` are not read again (only their
        name and hash are used by the refresh)."""
        known = {d.name: d.content_hash for d in old.documents} if old is not None else {}
        documents: list[Document] = []
        skipped: list[SkippedFile] = []
        for name, digest, pipeline in conn.execute(
            "SELECT name, content_hash, pipeline FROM briefing_documents ORDER BY name"
        ).fetchall():
            if pipeline == PIPELINE_VERSION and known.get(name) == digest:
                documents.append(Document(name, digest, ""))
                continue
            data = bytes(conn.execute("SELECT data FROM briefing_documents WHERE name = %s", (name,)).fetchone()[0])
            parsed = parse_document(name, data)
            if pipeline != PIPELINE_VERSION:
                conn.execute("UPDATE briefing_documents SET content_hash = %s, pipeline = %s WHERE name = %s",
                             (content_hash(data), PIPELINE_VERSION, name))
            (documents if isinstance(parsed, Document) else skipped).append(parsed)
        return documents, skipped

    # -- the refresh -------------------------------------------------------------------------

    def refresh(self, encoder: Encoder, *, full: bool = False, show_progress: bool = False,
                progress: ProgressCallback | None = None, approximate_from: int | None = APPROXIMATE_FROM,
                unsaved: KnowledgeIndex | None = None, served: KnowledgeIndex | None = None,
                ) -> tuple[KnowledgeIndex, RefreshReport]:
        """Write a new version if the documents changed (see the module); waits for a refresh
        running in another replica.

        Raises:
            IndexSaveError: The database could not be written or stopped answering; the
                current version stays in use and ``unsaved`` holds what was embedded.
            KnowledgeFolderError: No usable document is stored.
            ModelUnavailableError: The model could not be loaded.
            DatabaseError: The database holds another model's index (without ``full``).
        """
        import psycopg

        started = time.perf_counter()
        built: KnowledgeIndex | None = None
        try:
            # 1. Read and embed without holding the lock or a transaction: a full reindex embeds
            #    for hours at scale, and uploads to other replicas must not wait for it.
            with self.db.connection() as conn:
                if not full:
                    self._check_model(conn, encoder)
                current = self._current(conn)
                rebuilt_because = None
                if full:
                    old = None
                    rebuilt_because = "a full rebuild was asked for" if current is not None else None
                elif unsaved is not None and unsaved.model == encoder.model_id:
                    old = unsaved
                elif served is not None and current is not None and served.version == str(current):
                    old = served
                elif current is not None:
                    old = self._load(conn, current, encoder, None)
                else:
                    old = None
                documents, skipped = self._documents(conn, old)
            index, report = self._embed(documents, skipped, old, encoder, show_progress, progress)
            built = index
            # 2. Write under the lock, in one transaction. A version another replica stored
            #    meanwhile is caught up with: documents it changed are read again and embedded here.
            with self.db.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_REFRESH_LOCK,))
                stored_model = self._stored_model(conn)
                latest = self._current(conn)
                if latest != current:
                    log.info("Index version %s was stored meanwhile; bringing this refresh up to date with it", latest)
                    documents, skipped = self._documents(conn, built)
                    index, _ = self._embed(documents, skipped, built, encoder, False, None)
                    built = index
                unchanged = (latest == current and old is not None and current is not None
                             and old.version == str(current) and not report.embedded and not report.removed
                             and not report.changed and not _records_differ(old, index))
                if unchanged:
                    index, saved = old, False
                else:
                    index = self._write(conn, index, encoder, latest, stored_model)
                    saved = True
        except (psycopg.Error, DatabaseUnavailableError) as exc:
            reason = str(exc) if isinstance(exc, DatabaseUnavailableError) else _reason(exc)
            raise IndexSaveError(
                f"Could not write the index to the database {self.db.where} ({reason}); the previous index stays "
                "in use.", unsaved=built,
            ) from exc
        keys = [_key(p.text) for p in index.passages]
        if index.store.approximate is None:
            index = self._attach(index, keys, approximate_from)
        report = RefreshReport(**{**report.__dict__, "seconds": time.perf_counter() - started,
                                  "skipped": tuple(skipped), "rebuilt_because": rebuilt_because, "saved": saved})
        return index, report

    def _embed(self, documents: list[Document], skipped: list[SkippedFile], old: KnowledgeIndex | None,
               encoder: Encoder, show_progress: bool, progress: ProgressCallback | None,
               ) -> tuple[KnowledgeIndex, RefreshReport]:
        """The new index from the stored documents, embedding what ``old`` lacks."""
        if not documents:
            reasons = "".join(f"; {s.name}: {s.reason}" for s in skipped)
            raise KnowledgeFolderError(
                f"The database {self.db.where} holds no usable document{reasons}. Send one to the bot, or "
                "run `briefing-bot migrate` to store the knowledge folder's documents."
            )
        try:
            return _refresh(documents, old, encoder, show_progress, progress)
        except EncoderError as exc:
            raise ModelUnavailableError(str(exc)) from exc

    def _write(self, conn, index: KnowledgeIndex, encoder: Encoder, current: int | None,
               stored_model: str | None) -> KnowledgeIndex:
        """Store ``index`` as a new current version (inside the caller's transaction) and announce it."""
        from psycopg.types.json import Jsonb

        dimension = index.store.dimension
        stored_dimension = conn.execute("SELECT value FROM briefing_meta WHERE key = 'dimension'").fetchone()
        if stored_model not in (None, encoder.model_id) or (stored_dimension and int(stored_dimension[0]) != dimension):
            # another model: its vectors cannot be compared with these; every version goes
            conn.execute("DELETE FROM briefing_current")
            conn.execute("DELETE FROM briefing_versions")
            vectors_table.drop_table(conn)
        vectors_table.create_table(conn, dimension)
        keys = [_key(p.text) for p in index.passages]
        first_row: dict[bytes, int] = {}
        for row, key in enumerate(keys):
            first_row.setdefault(key, row)
        present = {bytes(k) for (k,) in conn.execute(
            f"SELECT key FROM {vectors_table.TABLE} WHERE key = ANY(%s)", (list(first_row),)
        ).fetchall()}
        missing = [row for key, row in first_row.items() if key not in present]
        vectors_table.add_vectors(conn, [keys[r] for r in missing], index.store.vectors[missing])
        vectors_table.create_index(conn)  # after the rows: a first load builds the graph in bulk
        documents = dict(index.store.extra.get("documents") or {})
        version, created = conn.execute(
            "INSERT INTO briefing_versions (model, dimension, documents, passages) VALUES (%s, %s, %s, %s) "
            "RETURNING id, extract(epoch FROM created_at)",
            (encoder.model_id, dimension, Jsonb(documents), len(index.passages)),
        ).fetchone()
        with conn.cursor().copy("COPY briefing_passages (version, row, record, key) FROM STDIN") as copy:
            for row, (passage, key) in enumerate(zip(index.passages, keys)):
                copy.write_row((version, row, Jsonb(passage.__dict__), key))
        conn.execute("INSERT INTO briefing_current (one, version) VALUES (true, %s) "
                     "ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version", (version,))
        conn.execute("INSERT INTO briefing_meta VALUES ('model', %s), ('dimension', %s) "
                     "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (encoder.model_id, str(dimension)))
        if current is not None:  # keep the version replicas may still serve for a few seconds
            conn.execute("DELETE FROM briefing_versions WHERE id < %s", (current,))
        vectors_table.delete_unused(conn, "briefing_passages")
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(version)))
        log.info("Stored index version %s in %s: %d passage(s), %d new vector(s).",
                 version, self.description, len(index.passages), len(missing))
        return replace(index, version=str(version), saved_at=float(created))

    # -- following other replicas ------------------------------------------------------------

    def follow(self, served: Callable[[], str | None], on_new: Callable[[], None], stop: threading.Event) -> None:
        """Call ``on_new()`` when the current version differs from ``served()``: at once on a
        notification, else at the next poll (every :data:`POLL_SECONDS`). Re-connects by itself."""
        import psycopg

        warned = False
        while not stop.is_set():
            try:
                with psycopg.connect(self.db.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if warned:
                        log.warning("Listening for new index versions in %s again.", self.description)
                        warned = False
                    checked = 0.0
                    while not stop.is_set():
                        notified = any(True for _ in conn.notifies(timeout=1.0, stop_after=1))
                        if notified or time.monotonic() - checked >= POLL_SECONDS:
                            checked = time.monotonic()
                            current = self._current(conn)
                            if current is not None and str(current) != served():
                                self._switch(on_new)
            except psycopg.Error as exc:
                if not warned:
                    log.warning("Not following new index versions in %s for now (%s); trying again.",
                                self.description, _reason(exc))
                    warned = True
                stop.wait(1.0)

    @staticmethod
    def _switch(on_new: Callable[[], None]) -> None:
        from knowledge.errors import BriefingError

        try:
            on_new()
        except BriefingError as exc:  # the old version keeps being served; the next poll tries again
            log.warning("Could not switch to the new index version: %s", exc)

    def check(self) -> None:
        self.db.check()

    def close(self) -> None:
        self.db.close()


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
                """SELECT q.question, CASE WHEN NOT q.answered THEN 'declined' ELSE 'not helpful' END
                   FROM briefing_questions q
                   WHERE q.at >= %s AND q.kind != 'small_talk'
                     AND (NOT q.answered OR EXISTS (SELECT 1 FROM briefing_feedback f WHERE f.question_id = q.id AND NOT f.helpful))
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
