"""A burst of 200 questions through one replica, then through two behind a round-robin proxy.

Real `briefing-bot run` processes in webhook mode on one PostgreSQL (pgserver), fed by the fake
Bot API as Telegram feeds a webhook. Run with ``python -m benchmarks.replicas_bench``; prints a
Markdown table. Both replicas share this machine's cores, so two on one machine measure the
overhead of the shared store, not the gain of a second machine.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bot.fake_telegram import FakeTelegram  # noqa: E402
from tests.bot.proxy import RoundRobinProxy  # noqa: E402
from tests.bot.test_replicas import QUESTIONS, Replica  # noqa: E402
from tests.postgres import PostgresCluster  # noqa: E402

BURST = 200


async def burst(tg: FakeTelegram, first_user: int) -> tuple[float, float, float]:
    """Send :data:`BURST` questions from as many people at once; seconds until all are answered,
    and the median and 95th percentile of each question's wait."""
    users = list(range(first_user, first_user + BURST))
    sent: dict[int, float] = {}
    started = time.perf_counter()
    for i, user in enumerate(users):
        sent[user] = time.perf_counter()
        await tg.send_text(user, QUESTIONS[i % len(QUESTIONS)])
    await tg.wait_for(lambda: all(tg.replies_to(u) for u in users), timeout=600)
    total = time.perf_counter() - started
    waits = sorted(tg.replies_to(u)[0].at - sent[u] for u in users)
    return total, statistics.median(waits), waits[int(len(waits) * 0.95) - 1]


async def main() -> None:
    cluster = PostgresCluster()
    folder = Path(tempfile.mkdtemp(prefix="replicas-bench-"))
    rows = []
    try:
        async with FakeTelegram() as tg, RoundRobinProxy({}) as proxy:
            a = Replica("A", tg, proxy, cluster.new_database(), folder)
            proxy.backends["A"], proxy.served["A"] = a.url, 0
            await a.start()
            await a.ready()
            await burst(tg, 100)  # warm: the model's first batches, spaCy, connections
            one = await burst(tg, 1000)
            b = Replica("B", tg, proxy, a.database, folder)
            proxy.backends["B"], proxy.served["B"] = b.url, 0
            await b.start()
            await b.ready()
            await burst(tg, 2000)
            two = await burst(tg, 3000)
            rows.append(("one replica", one))
            rows.append(("two replicas, round robin", two))
            await a.stop()
            await b.stop()
    finally:
        cluster.close()
    print(f"\n{BURST}-question burst through the webhook (fake Bot API, PostgreSQL store), {os.cpu_count()} cores:\n")
    print("| setup | all answered | median wait | p95 wait |")
    print("|---|---|---|---|")
    for label, (total, p50, p95) in rows:
        print(f"| {label} | {total:.2f} s | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms |")


if __name__ == "__main__":
    asyncio.run(main())
