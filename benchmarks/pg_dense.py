"""Part ``dense`` of ``benchmarks.postgres_bench``: exact numpy search against pgvector's HNSW
index with exact rescoring, inserting and indexing the vectors, and a version of that size."""

from __future__ import annotations

import hashlib
import shutil
import time
import types
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks.common import embedding_like, ms, stats, timed_each
from benchmarks.pg_setup import BOT_EXPANSION, MODEL, row, timed_pairs
from embeddings import pgvector as vectors_table
from embeddings.store import CANDIDATES as STORE_CANDIDATES
from embeddings.store import VectorStore, load_store, save_store
from knowledge.answering.answers import CANDIDATES as ANSWER_CANDIDATES
from knowledge.indexing.database import Database, _key
from knowledge.indexing.index import APPROXIMATE_FROM, KnowledgeIndex
from knowledge.indexing.postgres import PostgresLibrary
from knowledge.reading.passages import Passage


def binary_copy(conn, table: str, keys, vectors: np.ndarray) -> None:
    """COPY the rows in binary format (for comparison with ``add_vectors``, which sends text)."""
    from pgvector import Vector

    with conn.cursor().copy(f"COPY {table} (key, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
        copy.set_types(["bytea", "vector"])
        for key, vector in zip(keys, vectors):
            copy.write_row((key, Vector(vector)))


def build_index(conn, memory: str | None) -> float:
    """(Re)build the vector table's HNSW index as ``create_table`` defines it; returns seconds."""
    conn.execute(f"DROP INDEX IF EXISTS {vectors_table.TABLE}_hnsw")
    if memory:
        conn.execute(f"SET maintenance_work_mem = '{memory}'")
    else:
        conn.execute("RESET maintenance_work_mem")
    start = time.perf_counter()
    conn.execute(
        f"CREATE INDEX {vectors_table.TABLE}_hnsw ON {vectors_table.TABLE} USING hnsw (embedding vector_ip_ops) "
        f"WITH (m = {vectors_table.HNSW_M}, ef_construction = {vectors_table.HNSW_EF_CONSTRUCTION})"
    )
    took = time.perf_counter() - start
    conn.execute("RESET maintenance_work_mem")
    return took


def dense_part(cluster, work: Path, sizes: list[int], reference: np.ndarray, texts: list[str], queries_n: int,
               expansions: list[int], build_memories: list[str | None], incremental: int, default_build_max: int,
               buffers: str | None = None) -> None:
    rng = np.random.default_rng(0)
    draw = embedding_like(reference, rng)
    d = reference.shape[1]
    for n in sizes:
        vectors, queries = draw(n), draw(queries_n)
        passage_texts = [f"{texts[i % len(texts)]} [{i}]" for i in range(n)]
        keys = [_key(t) for t in passage_texts]
        exact_store = VectorStore(MODEL, d, vectors, tuple({"i": i} for i in range(n)))
        exact_top = [set(rows.tolist()) for rows, _ in exact_store.nearest_rows(queries, 10)]

        url = cluster.new_database()
        db = Database(url)
        head = n - min(incremental, n // 10)
        with db.pool.connection() as conn:
            conn.execute(f"CREATE TABLE {vectors_table.TABLE} (key bytea PRIMARY KEY, embedding vector({d}) NOT NULL)")
            with conn.transaction():
                start = time.perf_counter()
                vectors_table.add_vectors(conn, keys[:head], vectors[:head])
                inserted = time.perf_counter() - start
            conn.execute(f"CREATE UNLOGGED TABLE scratch (LIKE {vectors_table.TABLE})")
            with conn.transaction():
                start = time.perf_counter()
                binary_copy(conn, "scratch", keys[:head], vectors[:head])
                binary = time.perf_counter() - start
            conn.execute("DROP TABLE scratch")
            conn.execute(f"VACUUM ANALYZE {vectors_table.TABLE}")
            builds = [(memory, build_index(conn, memory)) for memory in build_memories
                      if memory is not None or n <= default_build_max]
            with conn.transaction():
                start = time.perf_counter()
                vectors_table.add_vectors(conn, keys[head:], vectors[head:])
                added = time.perf_counter() - start
            conn.execute(f"VACUUM ANALYZE {vectors_table.TABLE}")
            index_bytes, table_bytes = conn.execute(
                f"SELECT pg_relation_size('{vectors_table.TABLE}_hnsw'), pg_table_size('{vectors_table.TABLE}')").fetchone()
        build_text = "; ".join(f"maintenance_work_mem {m or 'default (64MB)'}: {s:.1f} s" for m, s in builds)
        row(f"D. {n:,} vectors into pgvector: insert {head:,} rows (`add_vectors`), then build the HNSW index "
            f"(m {vectors_table.HNSW_M}, ef_construction {vectors_table.HNSW_EF_CONSTRUCTION})",
            f"insert {inserted:.1f} s ({inserted / head * 1e6:.0f} µs/row); build: {build_text}",
            f"the same rows by binary COPY: {binary:.1f} s ({binary / head * 1e6:.0f} µs/row)",
            f"table {table_bytes / n:,.0f} + HNSW index {index_bytes / n:,.0f} bytes per vector")
        row(f"   then {n - head:,} more rows into the indexed table (`add_vectors`, as every refresh with "
            "new passages writes them)",
            f"{added:.1f} s ({added / (n - head) * 1e3:.1f} ms/row)",
            f"bulk insert above: {inserted / head * 1e3:.2f} ms/row + build "
            f"{min(s for _, s in builds) / head * 1e3:.2f} ms/row",
            f"{added / (n - head) / ((inserted + min(s for _, s in builds)) / head):.1f}x the bulk path per row; "
            "so the library's first write builds the index after its rows (`create_index`)")

        rows_of_key = {key: [i] for i, key in enumerate(keys)}
        for expansion in expansions:
            candidates = vectors_table.PgVectorCandidates(db.pool, rows_of_key, d, expansion=expansion)
            store = replace(exact_store, approximate=candidates)
            latency, exact = map(stats, timed_pairs(lambda q, s=store: s.nearest_rows(q, 10),
                                                    lambda q, e=exact_store: e.nearest_rows(q, 10), queries))
            found = [set(rows.tolist()) for rows, _ in store.nearest_rows(queries, 10)]
            recall = float(np.mean([len(f & e) / 10 for f, e in zip(found, exact_top)]))
            raw = stats(timed_each(lambda q, c=candidates: c.candidates(q, 10), queries))
            raw_found = [set(r.tolist()) for r in candidates.candidates(queries, 10)]
            raw_recall = float(np.mean([len(f & e) / 10 for f, e in zip(raw_found, exact_top)]))
            wanted = max(STORE_CANDIDATES, 40)
            effective = min(max(expansion, wanted), 1000)
            row(f"   top-10, {n:,} passages, pgvector HNSW via `PgVectorCandidates` ({wanted} candidates) + exact rescoring, "
                f"expansion {expansion} (p50 / p95)",
                f"{ms(latency[0])} / {ms(latency[1])}, recall@10 {recall:.3f} (ef_search actually used: {effective})",
                f"exact numpy: {ms(exact[0])} / {ms(exact[1])}, recall 1",
                f"HNSW alone, LIMIT 10 at ef_search {expansion}: {ms(raw[0])} / {ms(raw[1])}, recall@10 {raw_recall:.3f}")
        # The call the bot makes while answering: the 100 nearest (knowledge.answering.answers.CANDIDATES)
        # of which the store asks for 4 x 100 candidates, at the bot's expansion.
        candidates = vectors_table.PgVectorCandidates(db.pool, rows_of_key, d, expansion=BOT_EXPANSION)
        store = replace(exact_store, approximate=candidates)
        latency, exact_100 = map(stats, timed_pairs(lambda q: store.nearest_rows(q, ANSWER_CANDIDATES),
                                                    lambda q, e=exact_store: e.nearest_rows(q, ANSWER_CANDIDATES), queries))
        found = [set(rows[:10].tolist()) for rows, _ in store.nearest_rows(queries, ANSWER_CANDIDATES)]
        recall = float(np.mean([len(f & e) / 10 for f, e in zip(found, exact_top)]))
        row(f"   as the bot asks while answering: nearest {ANSWER_CANDIDATES} ({4 * ANSWER_CANDIDATES} candidates, "
            f"ef_search {BOT_EXPANSION}), {n:,} passages (p50 / p95)",
            f"{ms(latency[0])} / {ms(latency[1])}, recall@10 {recall:.3f}",
            f"exact numpy nearest {ANSWER_CANDIDATES}: {ms(exact_100[0])} / {ms(exact_100[1])}")

        version_rows(db, work, n, d, vectors, passage_texts)
        if buffers and n == max(sizes):
            bigger_buffers(cluster, store, exact_store, queries, exact_top, latency, buffers)
        db.close()
        del exact_store, vectors


def bigger_buffers(cluster, store: VectorStore, exact_store: VectorStore, queries: np.ndarray, exact_top, before,
                   buffers: str) -> None:
    """The bot's search again after restarting the server with ``shared_buffers = buffers`` and
    warming it, so that the table and its HNSW index are in PostgreSQL's own cache."""
    import psycopg

    with psycopg.connect(cluster.admin_url, autocommit=True) as conn:
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{buffers}'")
    cluster.stop()
    cluster.start()
    store.nearest_rows(queries, ANSWER_CANDIDATES)  # reconnect the pool and read the pages once
    store.nearest_rows(queries, ANSWER_CANDIDATES)
    latency, exact = map(stats, timed_pairs(lambda q: store.nearest_rows(q, ANSWER_CANDIDATES),
                                            lambda q: exact_store.nearest_rows(q, ANSWER_CANDIDATES), queries))
    found = [set(rows[:10].tolist()) for rows, _ in store.nearest_rows(queries, ANSWER_CANDIDATES)]
    recall = float(np.mean([len(f & e) / 10 for f, e in zip(found, exact_top)]))
    row(f"   the same, server restarted with shared_buffers {buffers} and warmed (table and index cached)",
        f"{ms(latency[0])} / {ms(latency[1])}, recall@10 {recall:.3f}",
        f"exact numpy nearest {ANSWER_CANDIDATES}: {ms(exact[0])} / {ms(exact[1])}",
        f"with the server's default shared_buffers above: {ms(before[0])} / {ms(before[1])}; "
        "the rest of this run uses the bigger cache")


def version_rows(db: Database, work: Path, n: int, d: int, vectors: np.ndarray, texts: list[str]) -> None:
    """Write a version of ``n`` passages whose vectors are already stored, then load it as a
    replica does; the folder store saving and opening the same index is the baseline."""
    per_document = 50
    passages = [Passage(f"doc-{i // per_document:05d}.txt", f"Meeting {i // per_document}", None, i % per_document, t)
                for i, t in enumerate(texts)]
    documents = {p.document: {"hash": hashlib.sha256(p.document.encode()).hexdigest(), "title": p.title, "date": None,
                              "passages": per_document, "boilerplate": []} for p in passages[::per_document]}
    store = VectorStore(MODEL, d, vectors, tuple(p.__dict__ for p in passages), {"documents": documents})
    index = KnowledgeIndex.from_store(store)
    encoder = types.SimpleNamespace(model_id=MODEL, dimension=d)
    library = PostgresLibrary(db.url, database=db)
    with db.pool.connection() as conn, conn.transaction():
        start = time.perf_counter()
        library._write(conn, index, encoder, None, None)
        written = time.perf_counter() - start
    start = time.perf_counter()
    loaded = library.load(encoder, approximate_from=APPROXIMATE_FROM)
    pg_load = time.perf_counter() - start
    start = time.perf_counter()
    _ = loaded.lexical
    bm25 = time.perf_counter() - start
    folder = work / f"version-{n}"
    start = time.perf_counter()
    save_store(store, folder, approximate_from=None)
    saved = time.perf_counter() - start
    start = time.perf_counter()
    KnowledgeIndex.from_store(load_store(folder, model=MODEL))
    folder_load = time.perf_counter() - start
    shutil.rmtree(folder, ignore_errors=True)
    row(f"   a version of {n:,} passages whose vectors are stored: write it (passages, one transaction) / "
        "load it into a replica",
        f"{written:.1f} s / {pg_load:.1f} s", f"folder store save / open (memory-mapped, no graph): {saved:.1f} s / {folder_load:.2f} s",
        f"then BM25 built per replica on first use: {bm25:.1f} s")
