"""Vectors in PostgreSQL with pgvector: one table of unit vectors keyed by content, and its HNSW index.

The table is content-addressed: a key (the caller's hash of what was embedded) names one vector,
so snapshots that share a text share its row, and writing a new snapshot inserts only what is
new. The HNSW index (``vector_ip_ops``: inner product, which is cosine on unit rows) lives in
the database, built once as rows arrive, so a replica opening a large store does not build a
graph of its own. It is used the way :class:`embeddings.approximate.ApproximateIndex` is: as a
candidate generator whose candidates the caller rescores against exact float32 vectors.

Requires the ``postgres`` extra (psycopg 3, psycopg-pool, pgvector); imported only when a
database is configured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from embeddings.errors import StoreUnavailableError

TABLE = "briefing_vectors"
HNSW_M = 16
"""Links per node (pgvector's default): see README, Performance, for recall at this setting."""
HNSW_EF_CONSTRUCTION = 64
"""Candidate list while building (pgvector's default)."""


def create_table(conn, dimension: int) -> None:
    """Create the vector table of ``dimension`` if missing (in the caller's transaction); its
    HNSW index comes with :func:`create_index`, after the first rows."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key bytea PRIMARY KEY, embedding vector({int(dimension)}) NOT NULL)")


def create_index(conn) -> None:
    """Build the HNSW index if missing. Built over rows already there it is several times
    cheaper than growing it row by row (measured: 0.8 ms against 8.7 ms a row at 100,000), so
    a first load inserts its rows and then calls this. The build's speed depends on the
    server's ``maintenance_work_mem`` holding the graph (about 2 KB a vector; README)."""
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS {TABLE}_hnsw ON {TABLE} USING hnsw (embedding vector_ip_ops) "
        f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
    )


def drop_table(conn) -> None:
    """Drop the vector table (a rebuild with a model of another dimension)."""
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")


def add_vectors(conn, keys: Sequence[bytes], vectors: np.ndarray) -> int:
    """Insert rows whose key is not there yet (binary COPY into a temporary table, then one
    ``INSERT ... ON CONFLICT DO NOTHING``); returns how many were new."""
    if not len(keys):
        return 0
    from pgvector import Vector

    conn.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS incoming (LIKE {TABLE}) ON COMMIT DROP")
    conn.execute("TRUNCATE incoming")
    with conn.cursor().copy("COPY incoming (key, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
        copy.set_types(["bytea", "vector"])  # binary: no float formatting in Python (40x faster)
        for key, vector in zip(keys, vectors):
            copy.write_row((key, Vector(np.asarray(vector, dtype=np.float32))))
    return conn.execute(f"INSERT INTO {TABLE} SELECT * FROM incoming ON CONFLICT (key) DO NOTHING").rowcount


def delete_unused(conn, used: str) -> int:
    """Delete rows whose key no row of the SQL relation ``used`` (with a ``key`` column) names; returns how many."""
    return conn.execute(f"DELETE FROM {TABLE} v WHERE NOT EXISTS (SELECT 1 FROM {used} u WHERE u.key = v.key)").rowcount


def vectors_of(rows: Iterable[object]) -> np.ndarray:
    """Stack pgvector values (as the ``pgvector`` adapter returns them) into a float32 array."""
    return np.asarray([np.asarray(v, dtype=np.float32) for v in rows], dtype=np.float32)


class PgVectorCandidates:
    """Candidates from the database's HNSW index, mapped to the rows of one in-memory snapshot.

    Keys the snapshot does not hold (rows of a newer or older snapshot sharing the table) are
    dropped, so a query asks for a few more than it needs.

    Args:
        pool: A ``psycopg_pool.ConnectionPool`` whose connections have pgvector registered.
        rows_of_key: For each key of the snapshot, its rows (one text may fill several rows).
        expansion: ``hnsw.ef_search``, the candidate list while searching (more: better recall,
            slower). Default 100.
    """

    def __init__(self, pool, rows_of_key: Mapping[bytes, Sequence[int]], dimension: int, expansion: int = 100) -> None:
        self._pool = pool
        self._rows = rows_of_key
        self._dimension = dimension
        self._expansion = int(expansion)
        self._count = sum(len(r) for r in rows_of_key.values())

    def set_expansion(self, expansion: int) -> None:
        self._expansion = int(expansion)

    def __len__(self) -> int:
        return self._count

    @property
    def dimension(self) -> int:
        return self._dimension

    def candidates(self, queries: np.ndarray, count: int) -> list[np.ndarray]:
        """Up to about ``count`` likely nearest rows per query (unordered; rescore them exactly).

        Raises:
            StoreUnavailableError: The database could not be asked.
        """
        import psycopg
        from pgvector import Vector
        from psycopg_pool import PoolTimeout

        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        expansion = max(self._expansion, count)
        out = []
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute(f"SET LOCAL hnsw.ef_search = {int(min(expansion, 1000))}")
                for query in queries:
                    keys = conn.execute(
                        f"SELECT key FROM {TABLE} ORDER BY embedding <#> %s LIMIT %s", (Vector(query), int(count))
                    ).fetchall()
                    rows = [r for (key,) in keys for r in self._rows.get(bytes(key), ())]
                    out.append(np.asarray(rows, dtype=np.int64))
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StoreUnavailableError(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from exc
        return out
