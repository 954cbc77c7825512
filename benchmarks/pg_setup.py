"""What the parts of ``benchmarks.postgres_bench`` share: the settings of the run, its result
table (:data:`ROWS`, filled by :func:`row`), paired timing, and the server's settings."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def pg_settings(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        got = {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in
               ("server_version", "shared_buffers", "maintenance_work_mem", "max_parallel_maintenance_workers")}
        got["pgvector"] = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'").fetchone()[0]
    return ", ".join(f"{k} {v}" for k, v in got.items())
