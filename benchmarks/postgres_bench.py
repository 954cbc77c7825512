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
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import cpu_name  # noqa: E402
from benchmarks.pg_dense import dense_part  # noqa: E402
from benchmarks.pg_lexical import lexical_part  # noqa: E402
from benchmarks.pg_reindex import reindex_part  # noqa: E402
from benchmarks.pg_setup import DEFAULT_SQUAD, ROWS, pg_settings, row  # noqa: E402
from embeddings.encoder import SentenceTransformerEncoder  # noqa: E402


# ---- main -------------------------------------------------------------------------------------


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
