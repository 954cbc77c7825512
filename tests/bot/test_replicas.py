"""Two `briefing-bot run` replicas on one PostgreSQL, behind a round-robin proxy, fed by webhook.

End to end, with real processes, the real model, a real PostgreSQL with pgvector (pgserver) and
the fake Bot API delivering updates to the proxy's URL as Telegram delivers them to a webhook.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path

import aiohttp
import psycopg
import pytest

from knowledge.reading.documents import content_hash
from tests.bot.conftest import free_port
from tests.bot.fake_telegram import TOKEN, FakeTelegram
from tests.bot.proxy import RoundRobinProxy

pytestmark = pytest.mark.model

SECRET = "replica-test-secret_0123456789"
ADMIN = 1
ZEBRA = "Zebra working group\n\nThe Zebra working group meeting was opened by {who} in Vienna on 3 May 2024.\n"
QUESTIONS = [
    "Who is Alexey Lyzhenkov?", "When was the meeting?", "Who opened the meeting?", "Where was the meeting held?",
    "What did Lyzhenkov say about the victims?", "Who co-organized the meeting?", "What was the meeting about?",
    "How many participants attended?",
]
TRY_AGAIN = "try again"


class Replica:
    """One `briefing-bot run` process serving the webhook on its own port."""

    def __init__(self, name: str, tg: FakeTelegram, proxy: RoundRobinProxy, database: str, folder: Path) -> None:
        self.name, self.tg, self.proxy, self.database, self.folder = name, tg, proxy, database, folder
        self.port = free_port()
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.starts += 1
        env = {
            **os.environ, "HF_HUB_OFFLINE": "1", "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.tg.base_url, "TELEGRAM_API_FILE_URL": self.tg.file_url,
            "BRIEFING_DATA_DIR": str(self.folder / f"{self.name}-data"), "BRIEFING_DATABASE_URL": self.database,
            "BRIEFING_WEBHOOK_URL": f"{self.proxy.url}/telegram", "BRIEFING_WEBHOOK_SECRET": SECRET,
            "BRIEFING_WEBHOOK_LISTEN": "127.0.0.1", "BRIEFING_WEBHOOK_PORT": str(self.port),
            "BRIEFING_PUBLIC": "true", "BRIEFING_ADMINS": str(ADMIN), "BRIEFING_RATE_PER_MINUTE": "1000",
            "BRIEFING_WEBHOOK_LEASE": "3",  # a killed replica's claims run out within seconds
        }
        log = open(self.folder / f"{self.name}-{self.starts}.log", "wb")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=self.folder, env=env, stdout=log, stderr=log)

    async def ready(self, timeout: float = 180) -> None:
        """Wait until ``/healthz`` answers 200."""
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while True:
                assert self.process.returncode is None, self.log()
                try:
                    async with session.get(f"{self.url}/healthz") as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                assert time.monotonic() < deadline, self.log()
                await asyncio.sleep(0.2)

    async def health(self) -> int:
        async with aiohttp.ClientSession() as session, session.get(f"{self.url}/healthz") as answer:
            return answer.status

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.folder.glob(f"{self.name}-*.log")))

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), 60)
        return self.process.returncode


def asker(body: bytes) -> int | None:
    update = json.loads(body)
    message = update.get("message") or {}
    return (message.get("from") or {}).get("id")


async def replies(tg: FakeTelegram, users: list[int], timeout: float = 90) -> dict[int, list[str]]:
    """Wait until every user has a reply; their replies' texts."""
    await tg.wait_for(lambda: all(tg.replies_to(u) for u in users), timeout=timeout)
    await asyncio.sleep(0.5)  # a duplicate would arrive now
    return {u: [s.plain for s in tg.replies_to(u)] for u in users}


async def two_replicas(tg, proxy, database, folder) -> tuple[Replica, Replica]:
    a, b = Replica("A", tg, proxy, database, folder), Replica("B", tg, proxy, database, folder)
    proxy.backends.update({"A": a.url, "B": b.url})
    proxy.served.update({"A": 0, "B": 0})
    await a.start()  # both at once, as a deployment starts them: one stores and embeds the shipped
    await b.start()  # briefing, the other finds it stored and embeds nothing
    await a.ready()
    await b.ready()
    return a, b


def store_directly(database: str, name: str, data: bytes) -> None:
    """A document stored by another replica (or a maintainer's machine) whose refresh has not run yet."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("UPDATE briefing_documents SET data = %s, content_hash = %s WHERE name = %s",
                     (data, content_hash(data), name))


async def test_two_replicas_share_one_briefing(postgres_cluster, tmp_path):
    database = postgres_cluster.new_database()
    async with FakeTelegram() as tg, RoundRobinProxy({}) as proxy:
        a, b = await two_replicas(tg, proxy, database, tmp_path)
        try:
            assert tg.webhook["url"] == f"{proxy.url}/telegram" and tg.webhook["secret_token"] == SECRET

            # A burst of 200 questions from 200 people, spread over both: each answered once.
            users = list(range(5000, 5200))
            for i, user in enumerate(users):
                await tg.send_text(user, QUESTIONS[i % len(QUESTIONS)])
            got = await replies(tg, users)
            assert all(len(texts) == 1 for texts in got.values()), {u: t for u, t in got.items() if len(t) != 1}
            assert "Co-ordinator of Activities" in got[5000][0]
            assert proxy.served["A"] >= 50 and proxy.served["B"] >= 50, proxy.served

            # A document sent to A is answered by B within seconds.
            proxy.route = lambda body: "A" if asker(body) == ADMIN else "B"
            await tg.send_document(ADMIN, "zebra.txt", ZEBRA.format(who="Anna Alpha").encode())
            await tg.wait_for(lambda: any("zebra.txt" in s.plain for s in tg.replies_to(ADMIN)), timeout=60)
            sent_at = time.monotonic()
            answered = None
            for user in range(5300, 5330):
                await tg.send_text(user, "Who opened the Zebra working group meeting?")
                text = (await replies(tg, [user]))[user][0]
                if "Anna Alpha" in text:
                    answered = time.monotonic() - sent_at
                    break
                await asyncio.sleep(0.2)
            assert answered is not None and answered < 6, (answered, a.log(), b.log())

            # /reindex on A while B answers 100 questions: each from the old version or the new one.
            store_directly(database, "zebra.txt", ZEBRA.format(who="Boris Beta").encode())
            await tg.send_text(ADMIN, "/reindex")
            users = list(range(6000, 6100))
            for user in users:
                await tg.send_text(user, "Who opened the Zebra working group meeting?")
            got = await replies(tg, users)
            texts = [t[0] for t in got.values()]
            assert all(("Anna Alpha" in t) != ("Boris Beta" in t) for t in texts), texts
            await tg.wait_for(lambda: any("Index refreshed" in s.plain or "changed" in s.plain
                                          for s in tg.replies_to(ADMIN)[1:]), timeout=60)
            await tg.send_text(6200, "Who opened the Zebra working group meeting?")
            assert "Boris Beta" in (await replies(tg, [6200]))[6200][0]
        finally:
            codes = [await a.stop(), await b.stop()]
        assert codes == [0, 0], a.log() + b.log()
        assert "Traceback" not in a.log() + b.log()


async def test_replicas_survive_a_killed_replica_and_a_database_restart(postgres_cluster, tmp_path):
    database = postgres_cluster.new_database()
    async with FakeTelegram() as tg, RoundRobinProxy({}) as proxy:
        a, b = await two_replicas(tg, proxy, database, tmp_path)
        try:
            # A killed with SIGKILL mid-burst: B answers the rest, and what A never answered is
            # delivered again by Telegram (A never said 200 for it) and answered by B.
            users = list(range(7000, 7060))
            for i, user in enumerate(users):
                await tg.send_text(user, QUESTIONS[i % len(QUESTIONS)])
                if i == 20:
                    a.process.kill()
            got = await replies(tg, users)
            assert all(texts for texts in got.values())
            assert sum(len(t) > 1 for t in got.values()) <= 2  # answered, killed before saying so: rare
            with psycopg.connect(database) as conn:  # A's claims ran out and B took them over
                held = conn.execute("SELECT count(*) FROM briefing_updates WHERE until IS NOT NULL "
                                    "AND until > extract(epoch from clock_timestamp())").fetchone()[0]
            assert held == 0
            served_before = proxy.served["A"]
            await a.start()  # after A restarts, it takes its share again and nothing was lost
            await a.ready()
            users = list(range(7100, 7120))
            for i, user in enumerate(users):
                await tg.send_text(user, QUESTIONS[i % len(QUESTIONS)])
            await replies(tg, users)
            assert proxy.served["A"] > served_before
            with psycopg.connect(database) as conn:
                journaled = conn.execute("SELECT count(DISTINCT user_id) FROM briefing_questions "
                                         "WHERE user_id BETWEEN 7000 AND 7119").fetchone()[0]
            assert journaled == 80

            # The database restarted under load: every question gets an answer or a clear
            # "try again", and service (uploads included) resumes by itself.
            users = list(range(8000, 8040))
            for i, user in enumerate(users):
                await tg.send_text(user, QUESTIONS[i % len(QUESTIONS)])
                if i == 10:
                    postgres_cluster.stop()
                    stopped = asyncio.get_running_loop().call_later(3, postgres_cluster.start)
            await asyncio.sleep(4)
            got = await replies(tg, users, timeout=120)
            stopped.cancel()
            for texts in got.values():
                assert texts and all(TRY_AGAIN in t.lower() or len(t) > 40 for t in texts), texts
            await tg.send_document(ADMIN, "zebra.txt", ZEBRA.format(who="Anna Alpha").encode())
            await tg.wait_for(lambda: any("zebra.txt" in s.plain for s in tg.replies_to(ADMIN)), timeout=60)
            await asyncio.sleep(2)  # the other replica switches to the new version
            for user in (8100, 8101):
                await tg.send_text(user, "Who opened the Zebra working group meeting?")
            assert all("Anna Alpha" in t[0] for t in (await replies(tg, [8100, 8101])).values())
            assert await a.health() == 200 and await b.health() == 200
        finally:
            codes = [await a.stop(), await b.stop()]
        assert codes == [0, 0], a.log() + b.log()
