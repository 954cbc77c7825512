"""The webhook as an attacker finds it: slow and dropped requests, malformed ones, a nosy health
check, and updates redelivered to two replicas on one PostgreSQL while the first still works.

All through real HTTP: raw sockets where a client would misbehave, the fake Bot API delivering
(and cutting off, and delivering again) as Telegram does, and replicas sharing a real database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import AsyncExitStack
from urllib.parse import urlsplit

import aiohttp
import psycopg
import pytest

from bot.settings import SettingsError
from bot.webhook import SECRET_HEADER, SERVER_NAME
from knowledge.briefing import Briefing
from knowledge.indexing.postgres import PostgresLibrary
from knowledge.journal.ledger import PostgresLedger
from tests.bot.conftest import (
    ADMIN,
    STAFF,
    WEBHOOK_SECRET,
    ControlledEncoder,
    reply_count,
    webhooked,
)
from tests.bot.proxy import RoundRobinProxy
from tests.bot.test_webhook import an_update, post, record_updates

FAST = {"webhook_header_timeout": 0.5, "webhook_body_timeout": 0.5}
ZEBRA = b"Zebra working group\n\nThe Zebra working group meeting was opened by Anna Alpha in Vienna on 3 May 2024.\n"


def problems(caplog) -> list[logging.LogRecord]:
    """Errors and tracebacks logged (by anyone)."""
    return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.webhook" and r.levelno == logging.WARNING]


async def raw(port: int, data: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection that sends ``data`` and nothing more (yet)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    return reader, writer


def headers(secret: bytes | None = WEBHOOK_SECRET.encode(), *extra: bytes) -> bytes:
    lines = [b"POST /telegram HTTP/1.1", b"Host: 127.0.0.1", *extra]
    if secret is not None:
        lines.append(SECRET_HEADER.encode() + b": " + secret)
    return b"\r\n".join(lines) + b"\r\n\r\n"


@pytest.fixture
async def guarded(tg, knowledge_dir, data_dir, encoder):
    """The bot by webhook with short timeouts (half a second) and at most three requests at once."""
    async with webhooked(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), webhook_max_requests=3,
                         **FAST) as served:
        yield served


# ---- slow, dropped and too many requests -------------------------------------------------------
async def test_half_sent_headers_are_closed_after_the_header_timeout(tg, guarded, caplog):
    _, server = guarded
    clients = [await raw(server.port, b"POST /telegram HTTP/1.1\r\nHost: x\r\nX-Slow: 1") for _ in range(20)]
    started = time.monotonic()
    closed = await asyncio.gather(*(asyncio.wait_for(reader.read(), 5) for reader, _ in clients))
    assert time.monotonic() - started < 3 and all(b"200" not in c for c in closed)
    for _, writer in clients:
        writer.close()
    assert (await post(server.url, an_update(tg, 9100, "Who opened the meeting?")))[0] == 200
    assert problems(caplog) == []


async def test_an_endless_body_gets_408_and_one_log_line(tg, guarded, caplog):
    _, server = guarded
    reader, writer = await raw(server.port, headers(WEBHOOK_SECRET.encode(), b"Transfer-Encoding: chunked",
                                                    b"Content-Type: application/json"))
    started = time.monotonic()
    answer = b""
    while b"\r\n\r\n" not in answer and time.monotonic() - started < 5:
        writer.write(b"1\r\n \r\n")  # a space every 50 ms, for ever
        await writer.drain()
        try:
            answer += await asyncio.wait_for(reader.read(1024), 0.05)
        except asyncio.TimeoutError:
            pass
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert [w for w in warnings(caplog) if "body" in w] == [w for w in warnings(caplog)]
    assert len(warnings(caplog)) == 1 and problems(caplog) == []


async def test_a_client_that_drops_its_request_costs_one_log_line_at_most(tg, guarded, caplog):
    _, server = guarded
    caplog.set_level(logging.DEBUG, logger="bot.webhook")
    for _ in range(5):
        _, writer = await raw(server.port, headers(WEBHOOK_SECRET.encode(), b"Content-Length: 1000") + b'{"update_')
        await asyncio.sleep(0.05)
        writer.close()
    await asyncio.sleep(0.3)
    assert problems(caplog) == []
    lines = [r for r in caplog.records if r.name.startswith(("bot", "aiohttp")) and r.levelno >= logging.INFO]
    assert len(lines) <= 5, [r.getMessage() for r in lines]


async def test_a_delivery_cut_off_while_it_is_handled_is_still_answered_once_and_quietly(tg, guarded, caplog):
    application, server = guarded
    seen = record_updates(application)
    update = an_update(tg, 9300, "Who opened the meeting slowly?")  # a second of encoding
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=0.3)) as session:
        with pytest.raises(asyncio.TimeoutError):
            async with session.post(server.url, json=update, headers={SECRET_HEADER: WEBHOOK_SECRET}):
                pass
    assert (await post(server.url, update))[0] == 200  # delivered again while the first is handled
    await tg.settle(0.5)
    assert seen == [9300] and len(tg.replies_to(STAFF)) == 1
    assert problems(caplog) == [] and warnings(caplog) == []


async def test_requests_over_the_cap_get_503_until_the_slow_ones_end(tg, knowledge_dir, data_dir, encoder, caplog):
    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    async with webhooked(tg, briefing, webhook_max_requests=3, webhook_body_timeout=2.0) as (_, server):
        await _over_the_cap(tg, server, caplog)


async def _over_the_cap(tg, server, caplog) -> None:
    slow = [await raw(server.port, headers(WEBHOOK_SECRET.encode(), b"Content-Length: 100") + b"{") for _ in range(3)]
    await asyncio.sleep(0.1)
    status, _ = await post(server.url, an_update(tg, 9200, "Who opened the meeting?"))
    assert status == 503
    await asyncio.gather(*(asyncio.wait_for(reader.read(), 5) for reader, _ in slow))  # their body timed out
    assert (await post(server.url, an_update(tg, 9200, "Who opened the meeting?")))[0] == 200
    assert any("503" in w for w in warnings(caplog)) and problems(caplog) == []
    for _, writer in slow:
        writer.close()


def test_the_limits_come_from_the_environment_with_defaults_for_telegram(monkeypatch):
    from bot.settings import load_settings
    from bot.webhook import WebhookLimits

    assert WebhookLimits.from_settings(load_settings(_env_file=None)) == WebhookLimits(120.0, 10.0, 10.0, 100)
    for name, value in [("LEASE", "300"), ("HEADER_TIMEOUT", "5"), ("BODY_TIMEOUT", "2.5"), ("MAX_REQUESTS", "60")]:
        monkeypatch.setenv(f"BRIEFING_WEBHOOK_{name}", value)
    assert WebhookLimits.from_settings(load_settings(_env_file=None)) == WebhookLimits(300.0, 5.0, 2.5, 60)
    monkeypatch.setenv("BRIEFING_WEBHOOK_MAX_REQUESTS", "0")
    with pytest.raises(SettingsError, match="webhook_max_requests|BRIEFING_WEBHOOK_MAX_REQUESTS"):
        load_settings(_env_file=None)


# ---- malformed requests ----------------------------------------------------------------------------
async def test_a_secret_header_of_raw_bytes_is_403_without_a_traceback(tg, guarded, caplog):
    _, server = guarded
    for secret in (b"\xff\xfe\x80 not utf-8", WEBHOOK_SECRET.encode() + b"\xc3"):
        reader, writer = await raw(server.port, headers(secret, b"Content-Length: 2", b"Connection: close") + b"{}")
        answer = await asyncio.wait_for(reader.read(), 5)
        writer.close()
        assert answer.startswith(b"HTTP/1.1 403"), answer
    assert problems(caplog) == [] and len(warnings(caplog)) == 1  # the once-a-minute refusal line


@pytest.mark.parametrize("body", [
    b'{"update_id": 1, "message": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    b"[" * 10_000 + b"]" * 10_000,
    b'{"update_id": 18446744073709551616, "message": {}}',
    b'{"update_id": -9223372036854775809, "message": {}}',
    b'{"update_id": ' + b"9" * 5000 + b"}",
    b'"just a string"',
    b"\xff\xfe{}",
], ids=["nested", "nested-list", "over-int64", "under-int64", "5000-digits", "string", "not-utf8"])
async def test_a_malformed_update_is_400_with_one_log_line(tg, guarded, caplog, body):
    application, server = guarded
    processed = record_updates(application)
    for _ in range(2):  # Telegram would deliver it again: each time the same
        async with aiohttp.ClientSession() as session:
            async with session.post(server.url, data=body, headers={SECRET_HEADER: WEBHOOK_SECRET}) as response:
                assert response.status == 400
    assert processed == [] and tg.replies_to(STAFF) == []
    assert len(warnings(caplog)) == 2 and problems(caplog) == []


async def test_requests_that_are_not_http_are_400_with_one_log_line_and_no_version(tg, guarded, caplog):
    _, server = guarded
    for data in [b"GARBAGE\r\n\r\n", b"POST /telegram HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n",
                 b"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                 b"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"]:
        reader, writer = await raw(server.port, data)
        answer = await asyncio.wait_for(reader.read(), 5)
        writer.close()
        assert answer.startswith(b"HTTP/1.0 400") and f"Server: {SERVER_NAME}\r\n".encode() in answer, answer[:200]
        assert b"aiohttp" not in answer and b"Python" not in answer
    assert problems(caplog) == []
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) <= 1


# ---- what a caller learns ------------------------------------------------------------------------
async def test_healthz_says_ok_or_unavailable_and_the_reason_goes_to_the_log(tg, knowledge_dir, data_dir, encoder,
                                                                              caplog):
    reason = ["The database briefing on /run/postgresql:5432 is not answering (connection refused)."]
    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    async with webhooked(tg, briefing, health=lambda: reason[0]) as (_, server), aiohttp.ClientSession() as session:
        health = f"http://127.0.0.1:{server.port}/healthz"
        for _ in range(3):
            async with session.get(health) as response:
                assert (response.status, await response.text()) == (503, "unavailable\n")
        reason[0] = None
        async with session.get(health) as response:
            assert (response.status, await response.text()) == (200, "ok\n")
        answers = []
        for method, url, extra in [("GET", health, {}), ("POST", server.url, {}), ("GET", server.url, {}),
                                   ("GET", f"http://127.0.0.1:{server.port}/nothing", {}),
                                   ("POST", server.url, {SECRET_HEADER: WEBHOOK_SECRET})]:
            async with session.request(method, url, headers=extra, data=b"x") as response:
                answers.append((response.status, response.headers.get("Server")))
    assert [status for status, _ in answers] == [200, 403, 405, 404, 400]
    assert all(server_header == SERVER_NAME for _, server_header in answers), answers
    logged = warnings(caplog)
    assert sum("/run/postgresql" in w for w in logged) == 1  # once, when it became unhealthy


# ---- replicas on one database ----------------------------------------------------------------------
async def replicas(stack: AsyncExitStack, tg, url: str, knowledge_dir, tmp_path, n: int = 2, **overrides):
    """``n`` webhook replicas in this process on the database at ``url``: [(application, server, encoder)]."""
    out = []
    for i in range(n):
        encoder = ControlledEncoder()
        briefing = Briefing(knowledge_dir, tmp_path / f"data-{i}", encoder=encoder,
                            library=PostgresLibrary(url, knowledge_dir))
        ledger = PostgresLedger(briefing.library.db)
        application, server = await stack.enter_async_context(webhooked(tg, briefing, ledger=ledger, **overrides))
        out.append((application, server, encoder))
    return out


def versions(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM briefing_versions").fetchone()[0]


async def test_an_upload_slower_than_telegram_waits_is_handled_once_across_replicas(tg, postgres_url, knowledge_dir,
                                                                                   tmp_path):
    async with AsyncExitStack() as stack:
        (_, a, enc_a), (_, b, enc_b) = await replicas(stack, tg, postgres_url, knowledge_dir, tmp_path)
        proxy = await stack.enter_async_context(RoundRobinProxy({"A": f"http://127.0.0.1:{a.port}",
                                                                 "B": f"http://127.0.0.1:{b.port}"}))
        await tg.api_setwebhook({"url": f"{proxy.url}/telegram", "secret_token": WEBHOOK_SECRET})
        tg.webhook_timeout, tg.webhook_retry = 0.5, 0.1  # Telegram cuts the delivery off and delivers again
        before = versions(postgres_url)
        enc_a.hold.clear(), enc_b.hold.clear()  # indexing the Zebra document waits
        update = await tg.send_document(ADMIN, "zebra.txt", ZEBRA)
        await tg.wait_for(lambda: tg.deliveries.get(update["update_id"], 0) >= 6, 15)
        assert proxy.served["A"] + proxy.served["B"] == 0  # nobody answered yet: the first is indexing
        enc_a.hold.set(), enc_b.hold.set()
        await tg.wait_for(lambda: update["update_id"] in tg.delivered, 20)
        await tg.settle(1.0)
        added = [s for s in tg.replies_to(ADMIN) if "zebra.txt" in s.plain and "Added" in s.plain]
        assert len(added) == 1, [s.plain for s in tg.replies_to(ADMIN)]
        assert versions(postgres_url) == before + 1
        assert proxy.forwarded["A"] > 0 and proxy.forwarded["B"] > 0  # both were delivered to; one handled it


async def test_twenty_deliveries_split_over_two_replicas_give_one_answer(tg, postgres_url, knowledge_dir, tmp_path):
    async with AsyncExitStack() as stack:
        (app_a, a, _), (app_b, b, _) = await replicas(stack, tg, postgres_url, knowledge_dir, tmp_path,
                                                      webhook_lease=2.0)
        seen = record_updates(app_a), record_updates(app_b)
        update = an_update(tg, 4242, "Who opened the meeting slowly?")  # a second of encoding
        answers = await asyncio.gather(*(post(server.url, update) for server in [a, b] * 10))
        assert [status for status, _ in answers] == [200] * 20
        await tg.settle(0.5)
        assert len(tg.replies_to(STAFF)) == 1 and sorted(seen[0] + seen[1]) == [4242]
        assert (await post(a.url, update))[0] == 200 and (await post(b.url, update))[0] == 200
        assert len(tg.replies_to(STAFF)) == 1


async def test_a_dead_replicas_claim_runs_out_and_the_next_delivery_takes_it_over(tg, postgres_url, knowledge_dir,
                                                                                tmp_path, caplog):
    async with AsyncExitStack() as stack:
        [(application, server, _)] = await replicas(stack, tg, postgres_url, knowledge_dir, tmp_path, n=1,
                                                    webhook_lease=1.0)
        seen = record_updates(application)
        with psycopg.connect(postgres_url, autocommit=True) as conn:  # claimed by a replica that was then killed
            conn.execute("INSERT INTO briefing_updates (update_id, at, owner, until) VALUES "
                         "(5151, extract(epoch from now()), 'killed', extract(epoch from now()) + 1.5)")
        started = time.monotonic()
        assert (await post(server.url, an_update(tg, 5151, "Who opened the meeting?")))[0] == 200
        assert time.monotonic() - started > 1.0 and seen == [5151]
        assert len(await reply_count(tg, STAFF, 1)) == 1
        assert (await post(server.url, an_update(tg, 5151, "Who opened the meeting?")))[0] == 200
        assert seen == [5151] and problems(caplog) == []


async def test_an_update_id_beyond_64_bits_is_refused_not_answered_twice(tg, postgres_url, knowledge_dir, tmp_path):
    async with AsyncExitStack() as stack:
        [(application, server, _)] = await replicas(stack, tg, postgres_url, knowledge_dir, tmp_path, n=1)
        seen = record_updates(application)
        update = an_update(tg, 2**64 + 7, "Who opened the meeting?")
        assert [(await post(server.url, update))[0] for _ in range(2)] == [400, 400]
        assert seen == [] and tg.replies_to(STAFF) == []
        top = an_update(tg, 2**63 - 1, "Who opened the meeting?")  # the largest that fits is fine
        assert [(await post(server.url, top))[0] for _ in range(2)] == [200, 200]
        assert seen == [2**63 - 1] and len(tg.replies_to(STAFF)) == 1


async def test_an_upload_while_the_database_is_down_gets_a_sentence_and_stores_nothing(tg, postgres_cluster,
                                                                                      knowledge_dir, tmp_path):
    url = postgres_cluster.new_database()
    name = urlsplit(url).path.strip("/")
    async with AsyncExitStack() as stack:
        await replicas(stack, tg, url, knowledge_dir, tmp_path, n=1)
        before = versions(url)
        with psycopg.connect(postgres_cluster.admin_url, autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        try:
            await tg.send_document(ADMIN, "zebra.txt", ZEBRA)
            await tg.wait_for(lambda: any("zebra.txt could not be saved" in s.plain for s in tg.replies_to(ADMIN)), 30)
        finally:
            with psycopg.connect(postgres_cluster.admin_url, autocommit=True) as admin:
                admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        [said] = [s.plain for s in tg.replies_to(ADMIN) if "zebra.txt" in s.plain]
        assert "try again" in said and "Traceback" not in said
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM briefing_documents WHERE name = 'zebra.txt'").fetchone()[0] == 0
        assert versions(url) == before
