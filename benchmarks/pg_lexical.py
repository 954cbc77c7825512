"""Part ``lexical`` of ``benchmarks.postgres_bench``: BM25 built per replica against PostgreSQL
full-text search, on every SQuAD part A question."""

from __future__ import annotations

import time

from benchmarks.common import ms, stats
from benchmarks.pg_setup import RANK_CUTOFF, row
from embeddings.lexical import LexicalIndex
from knowledge.answering.answers import _top
from knowledge.evaluation.quality import _paragraph_numbers
from knowledge.indexing.index import KnowledgeIndex


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
