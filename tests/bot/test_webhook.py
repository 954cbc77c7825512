"""Webhook mode: updates POSTed by the fake Bot API to the real Application behind bot.webhook."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket

import aiohttp
import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.webhook import SECRET_HEADER, MemoryLedger, WebhookError, WebhookServer
from bot.wiring import IndexHealth, build_application
from knowledge.briefing import Briefing
from tests.bot.conftest import STAFF, WEBHOOK_SECRET, bot_settings, free_port, reply_count, webhooked
from tests.bot.fake_telegram import TOKEN, FakeTelegram
from tests.bot.test_run import STAFF as PROCESS_STAFF
from tests.bot.test_run import start_bot


def record_updates(application) -> list[int]:
    """The update ids the application processes (a handler ahead of the gate that only notes them)."""
    seen: list[int] = []

    async def note(update: Update, context) -> None:
        seen.append(update.update_id)

    application.add_handler(TypeHandler(Update, note), group=-2)
    return seen


def an_update(tg: FakeTelegram, update_id: int, text: str, user_id: int = STAFF) -> dict:
    """An update as Telegram would send it, which the fake does not deliver itself."""
    message = tg._message(user_id, None, "private", None, False)
    message["text"] = text
    return {"update_id": update_id, "message": message}


async def post(url: str, body: object, secret: str | None = WEBHOOK_SECRET) -> tuple[int, str]:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=body, headers=headers) as response:
            return response.status, await response.text()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return response.status, await response.text()


def health_url(server: WebhookServer) -> str:
    return f"http://127.0.0.1:{server.port}/healthz"


async def test_a_question_is_delivered_by_webhook_and_answered_before_the_webhook_says_200(tg, hooked):
    application, server = hooked
    assert tg.webhook is not None
    assert tg.webhook["url"] == server.url and server.url.endswith("/telegram")
    assert tg.webhook["secret_token"] == WEBHOOK_SECRET
    assert sorted(tg.webhook["allowed_updates"]) == ["callback_query", "message"]
    assert tg.webhook["max_connections"] == 40
    update = await tg.send_text(STAFF, "Who opened the meeting?")
    replies = await reply_count(tg, STAFF, 1)
    assert "opened" in replies[0].plain
    await tg.wait_for(lambda: update["update_id"] in tg.delivered)
    assert tg.deliveries[update["update_id"]] == 1
    assert replies[0].at < tg.delivered_at[update["update_id"]]  # 200 only once the answer was sent
    assert not any(method == "getUpdates" for method, _ in tg.requests)  # nothing polls
    assert not any(method == "deleteWebhook" for method, _ in tg.requests)


async def test_the_fake_refuses_getupdates_while_a_webhook_is_set(tg, hooked):
    status, body = await post(f"{tg.base_url}{TOKEN}/getUpdates", {}, secret=None)
    assert status == 409 and "webhook is active" in body


@pytest.mark.parametrize("secret", [None, "wrong-secret", WEBHOOK_SECRET + "x", ""])
async def test_a_request_without_the_secret_gets_403_and_changes_nothing(tg, hooked, secret):
    application, server = hooked
    processed = record_updates(application)
    body = an_update(tg, 5000, "Who opened the meeting?")
    status, _ = await post(server.url, body, secret=secret)
    assert status == 403
    await tg.settle(0.5)
    assert processed == [] and tg.replies_to(STAFF) == [] and len(server.ledger) == 0
    assert not server._in_flight
    status, _ = await post(server.url, body)  # the same update with the secret is handled
    assert status == 200 and processed == [5000] and "opened" in tg.replies_to(STAFF)[0].plain
    assert server.ledger.handled(5000)


async def test_bad_json_or_no_update_is_400_with_one_log_line(tg, hooked, caplog):
    application, server = hooked
    processed = record_updates(application)
    async with aiohttp.ClientSession() as session:
        async with session.post(server.url, data=b"{not json", headers={SECRET_HEADER: WEBHOOK_SECRET}) as response:
            assert response.status == 400
    assert (await post(server.url, {"message": {}}))[0] == 400
    assert (await post(server.url, [1, 2]))[0] == 400
    assert processed == []
    lines = [r for r in caplog.records if r.name == "bot.webhook" and r.levelno == logging.WARNING]
    assert len(lines) == 3 and all(r.exc_info is None for r in lines)


async def test_a_redelivered_update_is_answered_once(tg, hooked):
    application, server = hooked
    processed = record_updates(application)
    update = await tg.send_text(STAFF, "Who opened the meeting?")
    await reply_count(tg, STAFF, 1)
    await tg.wait_for(lambda: update["update_id"] in tg.delivered)
    assert (await post(server.url, update))[0] == 200  # Telegram delivers it again (a lost 200)
    # The same update twice at once (the encoder takes a second on "slowly"): handled once.
    twice = an_update(tg, 7000, "Who opened the meeting slowly?")
    answers = await asyncio.gather(post(server.url, twice), post(server.url, twice))
    assert [status for status, _ in answers] == [200, 200]
    await tg.settle(0.5)
    assert len(tg.replies_to(STAFF)) == 2
    assert processed == [update["update_id"], 7000]


class BrokenLedger:
    """A ledger whose database is down."""

    def claim(self, update_id: int, owner: str, lease: float):
        raise ConnectionError("database unreachable")

    def renew(self, update_id: int, owner: str, lease: float) -> bool:
        raise ConnectionError("database unreachable")

    def release(self, update_id: int, owner: str) -> None:
        raise ConnectionError("database unreachable")

    def done(self, update_id: int, owner: str) -> None:
        raise ConnectionError("database unreachable")


async def test_a_ledger_that_fails_costs_a_warning_not_the_answer(tg, knowledge_dir, data_dir, encoder, caplog):
    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    async with webhooked(tg, briefing, ledger=BrokenLedger()):
        update = await tg.send_text(STAFF, "Who opened the meeting?")
        await reply_count(tg, STAFF, 1)
        await tg.wait_for(lambda: update["update_id"] in tg.delivered)
    assert tg.deliveries[update["update_id"]] == 1  # answered 200 all the same
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.webhook" and r.levelno == logging.WARNING]
    assert any("Could not claim update" in w for w in warnings)
    assert any("Could not record update" in w for w in warnings)


async def test_an_update_the_webhook_did_not_take_is_delivered_again(tg, knowledge_dir, data_dir, encoder):
    tg.webhook_retry = 0.1
    port = free_port()
    await tg.api_setwebhook({"url": f"http://127.0.0.1:{port}/telegram", "secret_token": WEBHOOK_SECRET})
    update = await tg.send_text(STAFF, "Who opened the meeting?")  # nobody listens yet: refused
    await tg.wait_for(lambda: tg.deliveries.get(update["update_id"], 0) >= 2)
    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    settings = bot_settings(tg, briefing, webhook_url=f"http://127.0.0.1:{port}/telegram")
    application = build_application(settings, briefing, TOKEN, polling=False)
    server = WebhookServer(application, url=settings.webhook_url, secret=WEBHOOK_SECRET, ledger=MemoryLedger(),
                           health=lambda: None, listen="127.0.0.1", port=port)
    await server.start()  # listening, not yet taking updates: 503
    try:
        await tg.wait_for(lambda: (update["update_id"], 503) in tg.webhook_answers)
        briefing.index
        await application.initialize()
        await application.start()
        server.open()
        await reply_count(tg, STAFF, 1)
        await tg.wait_for(lambda: update["update_id"] in tg.delivered)
    finally:
        await server.stop()
        await application.stop()
        await application.shutdown()
    assert tg.deliveries[update["update_id"]] >= 3 and len(tg.replies_to(STAFF)) == 1


async def test_healthz_is_503_while_the_index_loads_and_200_once_it_is_loaded(tg, knowledge_dir, data_dir, encoder):
    (knowledge_dir / "zebra.txt").write_text("Zebra crossing minutes\n\nThe Zebra committee met on Monday.\n")
    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    settings = bot_settings(tg, briefing)
    application = build_application(settings, briefing, TOKEN, polling=False)
    health = IndexHealth(briefing)
    server = WebhookServer(application, url="http://127.0.0.1/telegram", secret=WEBHOOK_SECRET,
                           ledger=MemoryLedger(), health=health, listen="127.0.0.1", port=0)
    await server.start()
    try:
        server.open()
        encoder.hold.clear()  # building the index waits on the Zebra document
        opening = asyncio.create_task(asyncio.to_thread(health.open))
        await asyncio.to_thread(encoder.holding.wait, 10)
        status, text = await get(health_url(server))
        assert (status, text) == (503, "unavailable\n")
        encoder.hold.set()
        await opening
        assert await get(health_url(server)) == (200, "ok\n")
        server.refuse_updates()  # stopping: the load balancer should send nothing more
        assert (await get(health_url(server)))[0] == 503
    finally:
        encoder.hold.set()
        await server.stop()


@pytest.mark.parametrize("reason, status", [(None, 200), ("database unreachable", 503), (RuntimeError("boom"), 503)])
async def test_healthz_says_what_the_health_check_reports(tg, knowledge_dir, data_dir, encoder, reason, status):
    def check() -> str | None:
        if isinstance(reason, Exception):
            raise reason
        return reason

    async with webhooked(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), health=check) as (_, server):
        answer, text = await get(health_url(server))
    assert answer == status
    assert text == ("ok\n" if reason is None else "unavailable\n")  # the reason goes to the log alone


async def test_a_port_in_use_is_one_sentence(tg, knowledge_dir, data_dir, encoder):
    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    application = build_application(bot_settings(tg, briefing), briefing, TOKEN, polling=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = WebhookServer(application, url="https://bot.example.org/telegram", secret=WEBHOOK_SECRET,
                               ledger=MemoryLedger(), health=lambda: None, listen="127.0.0.1", port=port)
        with pytest.raises(WebhookError, match=f"127.0.0.1:{port}: the port is already in use"):
            await server.start()


# ---- the command line, as a process --------------------------------------------------------------
@pytest.mark.model
async def test_run_with_webhook_answers_by_webhook_and_stops_cleanly(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    async with FakeTelegram() as tg:
        process = await start_bot(tg, tmp_path, args=("--webhook", url), BRIEFING_WEBHOOK_SECRET=WEBHOOK_SECRET,
                                  BRIEFING_WEBHOOK_LISTEN="127.0.0.1", BRIEFING_WEBHOOK_PORT=str(port))
        try:
            await tg.wait_for(lambda: tg.webhook is not None, timeout=120)
            assert tg.webhook["url"] == url and tg.webhook["secret_token"] == WEBHOOK_SECRET
            update = await tg.send_text(PROCESS_STAFF, "Who is Alexey Lyzhenkov?")
            await tg.wait_for(lambda: update["update_id"] in tg.delivered, timeout=30)
            assert "Co-ordinator of Activities" in tg.replies_to(PROCESS_STAFF)[0].plain
            assert await get(f"http://127.0.0.1:{port}/healthz") == (200, "ok\n")
        finally:
            process.send_signal(signal.SIGTERM)
            stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
        assert tg.webhook is not None  # left set: other replicas still serve it
    log = (stdout + stderr).decode()
    assert process.returncode == 0, log
    assert not any(method in ("getUpdates", "deleteWebhook") for method, _ in tg.requests)
    assert "Webhook set" in log and "Stopped." in log
    assert "Traceback" not in log and TOKEN.split(":")[1] not in log and WEBHOOK_SECRET not in log


async def test_run_with_webhook_but_no_secret_stops_with_one_line(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("BRIEFING_WEBHOOK")}
    async with FakeTelegram() as tg:
        process = await start_bot(tg, tmp_path, args=("--webhook", "https://bot.example.org/telegram"), environ=env)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
        assert tg.requests == []  # refused before anything reached Telegram
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 1
    assert len(lines) == 1 and lines[0].startswith("briefing-bot: BRIEFING_WEBHOOK_SECRET is not set"), lines


async def test_run_with_webhook_on_a_port_in_use_stops_with_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with FakeTelegram() as tg:
            process = await start_bot(tg, tmp_path, args=("--webhook", f"http://127.0.0.1:{port}/telegram"),
                                      BRIEFING_WEBHOOK_SECRET=WEBHOOK_SECRET, BRIEFING_WEBHOOK_LISTEN="127.0.0.1",
                                      BRIEFING_WEBHOOK_PORT=str(port))
            stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
            assert tg.webhook is None
    said = [line for line in stderr.decode().splitlines() if line.startswith("briefing-bot:")]
    assert process.returncode == 1
    assert len(said) == 1 and f"127.0.0.1:{port}: the port is already in use" in said[0]
    assert "Traceback" not in stderr.decode()
