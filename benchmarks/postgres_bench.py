"""PostgreSQL + pgvector against the embedded numpy store (issue 12), each figure beside its baseline.

Run with ``python -m benchmarks.postgres_bench`` (or ``python -m benchmarks.bench --parts postgres``).
A real PostgreSQL 16 with pgvector comes from ``tests/postgres.py`` (the PyPI package pgserver), in
a temporary folder. Three parts, printed as one Markdown table:

- ``reindex``: a full reindex of the SQuAD part A articles with the real model into PostgreSQL
  (``PostgresLibrary``) and into the numpy folder store, with the time spent embedding measured
  inside each run; then a refresh with nothing changed and one with one document changed, and
  what loading the stored version into a replica's memory costs.
- ``dense``: exact numpy search (``VectorStore.nearest_rows``) against pgvector's HNSW index
  through ``PgVectorCandidates`` with exact rescoring (what ``PostgresLibrary._attach`` builds),
  at 10,000 and 100,000 embedding-like vectors (drawn as ``benchmarks.bench`` draws them: a
  Gaussian with the mean and covariance of the real all-MiniLM-L6-v2 vectors of part ``reindex``);
  single queries, p50/p95 and recall@10 against exact, for several ``hnsw.ef_search``; the
  time to insert the vectors (``embeddings.pgvector.add_vectors``) and build the HNSW index;
  loading a version of that size into a replica.
- ``lexical``: BM25 built per replica (``KnowledgeIndex.lexical``) against PostgreSQL full-text
  search (``to_tsvector('english')``, a GIN index, OR-ed ``plainto_tsquery``, ``ts_rank_cd``)
  on every SQuAD part A question: recall@1, recall@5 and MRR of the answering paragraph (judged
  as ``knowledge.evaluation.quality`` judges it), and p50 latency.

Not part of the test suite: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import types
from dataclasses import replace
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from embeddings import pgvector as vectors_table  # noqa: E402
from embeddings.encoder import SentenceTransformerEncoder  # noqa: E402
from embeddings.lexical import LexicalIndex  # noqa: E402
from embeddings.store import CANDIDATES as STORE_CANDIDATES  # noqa: E402
from embeddings.store import VectorStore, load_store, save_store  # noqa: E402
from knowledge.answering.answers import CANDIDATES as ANSWER_CANDIDATES  # noqa: E402
from knowledge.answering.answers import _top  # noqa: E402
from knowledge.briefing import Briefing  # noqa: E402
from knowledge.evaluation.quality import _paragraph_numbers, squad_documents  # noqa: E402
from knowledge.indexing.index import APPROXIMATE_FROM, KnowledgeIndex  # noqa: E402
from knowledge.reading.passages import Passage  # noqa: E402
from knowledge.indexing.database import Database, _key  # noqa: E402
from knowledge.indexing.postgres import PostgresLibrary  # noqa: E402
from benchmarks.bench import embedding_like, ms, stats  # noqa: E402 - one copy of each

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad-dev-v1.1-part-a.json"
MODEL = "all-MiniLM-L6-v2"
BOT_EXPANSION = 512
"""``hnsw.ef_search`` the bot sets (``Briefing.search_expansion``, default ``EXPANSION_SEARCH``)."""
RANK_CUTOFF = 100
"""Ranks past this count as misses in MRR, for both lexical methods (SQL returns the top 100)."""

ROWS: list[tuple[str, str, str, str]] = []


def row(what: str, figure: str, baseline: str = "", note: str = "") -> None:
    ROWS.append((what, figure, baseline, note))
    print(f"  {what}: {figure} | {baseline} | {note}", file=sys.stderr, flush=True)


def timed_each(fn, queries) -> list[float]:
    fn(queries[0])  # warm up
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - start)
    return out


def timed_pairs(fn, baseline, queries) -> tuple[list[float], list[float]]:
    """Latencies of ``fn`` and ``baseline`` on each query, alternating, so that both meet the same
    load (the machine may be shared)."""
    fn(queries[0])
    baseline(queries[0])
    out, base = [], []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline(q)
        base.append(time.perf_counter() - start)
    return out, base


class TimedEncoder:
    """The real encoder, counting the seconds spent in ``encode`` (the embedding share of a refresh)."""

    def __init__(self, encoder: SentenceTransformerEncoder) -> None:
        self.inner = encoder
        self.seconds = 0.0
        self.texts = 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def encode(self, texts, **kwargs) -> np.ndarray:
        start = time.perf_counter()
        out = self.inner.encode(texts, **kwargs)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        return out

    def reset(self) -> None:
        self.seconds, self.texts = 0.0, 0


def pg_settings(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        got = {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in
               ("server_version", "shared_buffers", "maintenance_work_mem", "max_parallel_maintenance_workers")}
        got["pgvector"] = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'").fetchone()[0]
    return ", ".join(f"{k} {v}" for k, v in got.items())


# ---- reindex: SQuAD part A into PostgreSQL and into the folder store --------------------------


def reindex_part(cluster, work: Path, squad: Path, encoder: SentenceTransformerEncoder):
    """Returns the folder store's index, the questions and paragraphs (for the lexical part)."""
    docs = work / "squad-docs"
    questions, paragraphs = squad_documents(squad, docs)
    encoder._load()  # loading the model is a one-off cost of a process, not of a reindex
    timed = TimedEncoder(encoder)

    # The folder store (the embedded default).
    folder_data = work / "folder-data"
    folder = Briefing(docs, folder_data, encoder=timed)
    start = time.perf_counter()
    report = folder.refresh(full=True)
    folder_full, folder_embed = time.perf_counter() - start, timed.seconds
    passages = report.passages
    squad_index = folder.index  # the lexical part searches these passages (before any change below)

    # PostgreSQL: the documents are stored first (what `briefing-bot migrate` does), then indexed.
    url = cluster.new_database()
    library = PostgresLibrary(url, docs)
    start = time.perf_counter()
    stored, _ = library.import_folder()
    imported = time.perf_counter() - start
    timed.reset()
    pg = Briefing(docs, work / "pg-data", encoder=timed, library=library)
    start = time.perf_counter()
    pg_report = pg.refresh(full=True)
    pg_full, pg_embed = time.perf_counter() - start, timed.seconds
    assert pg_report.passages == passages, (pg_report.passages, passages)
    row(f"R1. full reindex of SQuAD part A ({len(stored)} articles, {passages:,} passages), into PostgreSQL",
        f"{pg_full:.1f} s, of which embedding {pg_embed:.1f} s ({pg_embed / pg_full:.0%}); "
        f"the rest (parse, split, write a version) {pg_full - pg_embed:.1f} s",
        f"folder store: {folder_full:.1f} s, of which embedding {folder_embed:.1f} s; the rest {folder_full - folder_embed:.1f} s",
        f"PostgreSQL {pg_full / folder_full:.2f}x the folder store; storing the {len(stored)} documents' "
        f"bytes first (migrate) took {imported:.2f} s more")

    # The same full reindex again, vectors already known: only what is not embedding.
    cached = {p.text: v for p, v in zip(folder.index.passages, folder.index.store.vectors)}

    class Replay(TimedEncoder):
        def encode(self, texts, **kwargs):
            start = time.perf_counter()
            out = np.stack([cached[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)
            self.seconds += time.perf_counter() - start
            return out

    replay = Replay(encoder)
    folder_again = Briefing(docs, folder_data, encoder=replay)
    start = time.perf_counter()
    folder_again.refresh(full=True)
    folder_rest = time.perf_counter() - start
    pg_again = Briefing(docs, work / "pg-data", encoder=replay, library=library)
    start = time.perf_counter()
    pg_again.refresh(full=True)
    pg_rest = time.perf_counter() - start
    row("   the same full reindex with the vectors already made (no model; PostgreSQL's vector rows already there)",
        f"{pg_rest:.2f} s", f"folder store: {folder_rest:.2f} s", "everything a reindex costs but embedding")

    # Nothing changed: in the serving process, and in a new process (which loads the version first).
    start = time.perf_counter()
    pg.refresh()
    pg_served = time.perf_counter() - start
    start = time.perf_counter()
    folder.refresh()
    folder_served = time.perf_counter() - start
    timed.reset()
    pg_fresh = Briefing(docs, work / "pg-data-2", encoder=timed, library=PostgresLibrary(url, docs))
    start = time.perf_counter()
    pg_fresh.refresh()
    pg_new = time.perf_counter() - start
    folder_fresh = Briefing(docs, folder_data, encoder=timed)
    start = time.perf_counter()
    folder_fresh.refresh()
    folder_new = time.perf_counter() - start
    row("   refresh with nothing changed: in the serving replica / in a new process",
        f"{pg_served:.2f} s / {pg_new:.2f} s", f"folder store: {folder_served:.2f} s / {folder_new:.2f} s",
        f"{timed.texts} passage(s) embedded")

    # One document changed (a paragraph added to the first article).
    name = sorted(p.name for p in docs.iterdir())[0]
    changed = ((docs / name).read_text(encoding="utf-8") + "\n\nA new paragraph was added at the meeting.").encode()
    library.save_document(name, changed)
    timed.reset()
    start = time.perf_counter()
    one = pg.refresh()
    pg_one, pg_one_embed = time.perf_counter() - start, timed.seconds
    (docs / name).write_bytes(changed)
    timed.reset()
    start = time.perf_counter()
    folder_one = folder.refresh()
    folder_one_s, folder_one_embed = time.perf_counter() - start, timed.seconds
    row("   refresh with one document changed (serving replica)",
        f"{pg_one:.2f} s ({one.embedded} passage(s) embedded in {pg_one_embed:.2f} s)",
        f"folder store: {folder_one_s:.2f} s ({folder_one.embedded} embedded in {folder_one_embed:.2f} s)")

    # What a replica pays to switch to a new version: load it whole, then build BM25 on first use.
    start = time.perf_counter()
    loaded = library.load(encoder)
    pg_load = time.perf_counter() - start
    start = time.perf_counter()
    folder_loaded = folder.library.load(encoder)
    folder_load = time.perf_counter() - start
    start = time.perf_counter()
    _ = folder_loaded.lexical
    bm25 = time.perf_counter() - start
    row(f"   load the current version into a replica's memory ({len(loaded.passages):,} passages)",
        f"{ms(pg_load)} from PostgreSQL", f"folder store (memory-mapped): {ms(folder_load)}",
        f"then BM25 built on first use: {ms(bm25)}, either way")
    pg_fresh.close()
    library.close()  # pg and pg_again share it
    return squad_index, questions, paragraphs


# ---- dense: exact numpy against pgvector HNSW ------------------------------------------------


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
                                                    lambda q: exact_store.nearest_rows(q, 10), queries))
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
                                                    lambda q: exact_store.nearest_rows(q, ANSWER_CANDIDATES), queries))
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


# ---- lexical: BM25 per replica against PostgreSQL full-text search ---------------------------


FTS_QUERIES = {
    "ts_rank_cd, OR-ed plainto_tsquery": ("q.q", "ts_rank_cd(tsv, q.q)"),
    "ts_rank_cd normalised by log length (flag 1), OR-ed": ("q.q", "ts_rank_cd(tsv, q.q, 1)"),
    "ts_rank, OR-ed plainto_tsquery": ("q.q", "ts_rank(tsv, q.q)"),
    "ts_rank_cd, plainto_tsquery as is (AND)": ("a.q", "ts_rank_cd(tsv, a.q)"),
}


def lexical_part(cluster, index: KnowledgeIndex, questions, paragraphs, limit: int | None) -> None:
    import psycopg

    if limit:
        questions = questions[:limit]
    paragraph_of = _paragraph_numbers(index, paragraphs)
    texts = [f"{p.title}. {p.text}" if p.title else p.text for p in index.passages]  # as KnowledgeIndex.lexical
    start = time.perf_counter()
    bm25 = LexicalIndex(texts)
    bm25_build = time.perf_counter() - start

    def rank_of(order, document, paragraph):
        for r, i in enumerate(order[:RANK_CUTOFF]):
            if paragraph_of[i] == (document, paragraph):
                return r + 1
        return None

    bm25_ranks, bm25_latency = [], []
    for document, paragraph, question in questions:
        start = time.perf_counter()
        scores = bm25.scores([question])[0]
        order = _top(scores, RANK_CUTOFF)
        bm25_latency.append(time.perf_counter() - start)
        bm25_ranks.append(rank_of(order, document, paragraph))

    url = cluster.new_database()
    with psycopg.connect(url, autocommit=True) as conn:
        start = time.perf_counter()
        conn.execute("CREATE TABLE fts (row integer PRIMARY KEY, body text NOT NULL, "
                     "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED)")
        with conn.cursor().copy("COPY fts (row, body) FROM STDIN") as copy:
            for i, text in enumerate(texts):
                copy.write_row((i, text))
        conn.execute("CREATE INDEX fts_gin ON fts USING gin (tsv)")
        conn.execute("VACUUM ANALYZE fts")
        pg_build = time.perf_counter() - start
        results = {}
        for label, (match, rank_sql) in FTS_QUERIES.items():
            sql = (f"SELECT row FROM fts, (SELECT replace(plainto_tsquery('english', %(q)s)::text, ' & ', ' | ')::tsquery AS q) q, "
                   f"(SELECT plainto_tsquery('english', %(q)s) AS q) a "
                   f"WHERE tsv @@ {match} ORDER BY {rank_sql} DESC, row LIMIT {RANK_CUTOFF}")
            ranks, latency = [], []
            conn.execute(sql, {"q": questions[0][2]}).fetchall()  # warm up
            for document, paragraph, question in questions:
                start = time.perf_counter()
                order = [r for (r,) in conn.execute(sql, {"q": question}).fetchall()]
                latency.append(time.perf_counter() - start)
                ranks.append(rank_of(order, document, paragraph))
            results[label] = (ranks, latency)

    def scores(ranks):
        n = len(ranks)
        return (sum(r == 1 for r in ranks) / n, sum(r is not None and r <= 5 for r in ranks) / n,
                sum(1 / r for r in ranks if r) / n)

    b1, b5, bm = scores(bm25_ranks)
    baseline = (f"BM25 per replica: {b1:.3f} / {b5:.3f} / {bm:.3f}, p50 {ms(stats(bm25_latency)[0])}; "
                f"built in {ms(bm25_build)}")
    for label, (ranks, latency) in results.items():
        r1, r5, mrr = scores(ranks)
        row(f"L. PostgreSQL full-text search ({label}, GIN) on {len(questions):,} SQuAD part A questions, "
            f"{len(texts):,} passages: recall@1 / recall@5 / MRR",
            f"{r1:.3f} / {r5:.3f} / {mrr:.3f}, p50 {ms(stats(latency)[0])} (p95 {ms(stats(latency)[1])})",
            baseline,
            f"recall@1 {r1 - b1:+.3f}, recall@5 {r5 - b5:+.3f}, MRR {mrr - bm:+.3f} against BM25; "
            f"table and GIN index built in {ms(pg_build)}")


# ---- main -------------------------------------------------------------------------------------


def cpu_name() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
        return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def run(work: Path, squad: Path, *, parts=("reindex", "dense", "lexical"), sizes=(10_000, 100_000), queries: int = 200,
        expansions=(40, 100, 200), build_memories=(None, "1GB"), incremental: int = 1000, default_build_max: int = 100_000,
        buffers: str | None = "1GB",
        lexical_questions: int | None = None) -> list[tuple[str, str, str, str]]:
    """Run the parts into :data:`ROWS` (also returned, for ``benchmarks.bench``)."""
    from tests.postgres import PostgresCluster

    cluster = PostgresCluster()  # its own temporary folder (pgserver gives it to its system user)
    try:
        row("PostgreSQL under test", pg_settings(cluster.admin_url), "", "pgserver, Unix socket, same machine")
        encoder = SentenceTransformerEncoder()
        index = questions = paragraphs = None
        if "reindex" in parts or "lexical" in parts:
            index, questions, paragraphs = reindex_part(cluster, work, squad, encoder)
        if "dense" in parts:
            if index is not None:
                reference = np.asarray(index.store.vectors)
                texts = [p.text for p in index.passages]
            else:
                data = json.loads(squad.read_text(encoding="utf-8"))["data"]
                texts = [" ".join(p["context"].split()) for a in data for p in a["paragraphs"]]
                reference = encoder.encode(texts)
            dense_part(cluster, work, list(sizes), reference, texts, queries, list(expansions),
                       list(build_memories), incremental, default_build_max, buffers)
        if "lexical" in parts:
            lexical_part(cluster, index, questions, paragraphs, lexical_questions)
    finally:
        cluster.close()
        if (cluster.folder / "postmaster.pid").exists():  # pgserver may not stop one pg_ctl restarted
            cluster._ctl("stop", "-m", "fast")
        shutil.rmtree(cluster.folder, ignore_errors=True)
    return ROWS


def print_table(rows, elapsed: float) -> None:
    print(f"Machine: {cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"peak RSS of the benchmark {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"ran {elapsed / 60:.1f} min\n")
    print("| what | figure | baseline in the same run | note |")
    print("|---|---|---|---|")
    for what, figure, baseline, note in rows:
        print(f"| {what} | {figure} | {baseline} | {note} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default="reindex,dense,lexical")
    parser.add_argument("--sizes", default="10000,100000", help="vector counts of the dense part")
    parser.add_argument("--queries", type=int, default=200, help="single queries timed per size and setting")
    parser.add_argument("--expansions", default="40,100,200", help="hnsw.ef_search values tried")
    parser.add_argument("--build-memory", default="default,1GB",
                        help="maintenance_work_mem for the HNSW builds ('default' is the server's)")
    parser.add_argument("--incremental", type=int, default=1000,
                        help="rows added to the indexed table after the build (at most a tenth of the size)")
    parser.add_argument("--shared-buffers", default="1GB",
                        help="after the largest size, restart the server with this shared_buffers and search again "
                             "('' to skip)")
    parser.add_argument("--default-build-max", type=int, default=100_000,
                        help="build with the server's maintenance_work_mem only up to this size (at 100,000 "
                             "embedding-like vectors it spills to disk: minutes)")
    parser.add_argument("--lexical-questions", type=int, default=0, help="first N questions only (0: all)")
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    args = parser.parse_args()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="briefing-pgbench-"))
    try:
        rows = run(work, args.squad, parts=tuple(args.parts.split(",")),
                   sizes=[int(s) for s in args.sizes.split(",")], queries=args.queries,
                   expansions=[int(e) for e in args.expansions.split(",")],
                   build_memories=[None if m == "default" else m for m in args.build_memory.split(",")],
                   incremental=args.incremental, default_build_max=args.default_build_max,
                   buffers=args.shared_buffers or None,
                   lexical_questions=args.lexical_questions or None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows, time.perf_counter() - started)


if __name__ == "__main__":
    main()
