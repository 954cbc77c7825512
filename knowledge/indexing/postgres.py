"""The briefing in PostgreSQL with pgvector, shared by several bot replicas (``BRIEFING_DATABASE_URL``).

Tables: :mod:`knowledge.indexing.database`. A refresh takes an advisory lock (one at a time across
replicas), embeds what is new, writes a new version in one transaction and notifies the others
(``LISTEN``/``NOTIFY``). Each replica loads a version whole before serving it (old or new, never
a mix); one that misses the notification sees the new version at its next poll (:data:`POLL_SECONDS`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from embeddings import pgvector as vectors_table
from embeddings.encoder import Encoder
from embeddings.errors import EncoderError
from embeddings.store import VectorStore
from knowledge.reading.documents import PIPELINE_VERSION, Document, SkippedFile, content_hash, parse_document, read_documents
from knowledge.errors import (DatabaseError, DatabaseUnavailableError, DocumentRejectedError, IndexSaveError,
                              IndexUnusableError, KnowledgeFolderError, ModelUnavailableError)
from knowledge.indexing.database import Database, _key, _reason
from knowledge.indexing.index import APPROXIMATE_FROM, KnowledgeIndex, ProgressCallback, RefreshReport
from knowledge.indexing.folder import OpenedIndex, _records_differ, _refresh

log = logging.getLogger(__name__)

CHANNEL = "briefing_version"
"""The ``NOTIFY`` channel a refresh announces its version on."""
POLL_SECONDS = 5.0
"""How often a replica asks which version is current even without a notification (the fallback
when a notification is lost, e.g. while its listening connection was being re-made)."""
KEEP_VERSIONS = 2
"""Versions kept: the current one and the one before it (which replicas may still be serving
for a few seconds)."""
_REFRESH_LOCK = 0x62726566  # pg_advisory_xact_lock keys


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
        from knowledge.indexing.folder import load_index

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

        def changed(conn) -> bool:
            current = self._current(conn)
            return current is not None and str(current) != served()

        self.db.follow(CHANNEL, POLL_SECONDS, changed, lambda: self._switch(on_new), stop)

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
