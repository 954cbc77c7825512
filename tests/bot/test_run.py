"""`briefing-bot run` as a real process against the fake Bot API, with the real model."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import time

import pytest

from bot.settings import SHIPPED_DOCUMENTS
from tests.bot.fake_telegram import TOKEN, FakeTelegram

STAFF = 4242


async def start_bot(tg: FakeTelegram, tmp_path, token: str = TOKEN, *, args: tuple[str, ...] = (),
                    environ: dict[str, str] | None = None, **extra: str) -> asyncio.subprocess.Process:
    """``briefing-bot run ARGS`` on ``tg``, with ``environ`` (default: this one) and ``extra``."""
    env = {
        **(os.environ if environ is None else environ),
        "HF_HUB_OFFLINE": "1",
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "BRIEFING_DATA_DIR": str(tmp_path / "data"),
        "BRIEFING_ALLOWED_USERS": str(STAFF),
        "BRIEFING_ADMINS": "1",
        **extra,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *args, cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


@pytest.mark.model
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
async def test_run_answers_then_stops_cleanly_without_leaking_the_token(tmp_path, stop_signal):
    async with FakeTelegram() as tg:
        process = await start_bot(tg, tmp_path)
        try:
            await tg.wait_for(lambda: any(m == "getUpdates" for m, _ in tg.requests), timeout=120)
            assert tg.commands is not None  # the command menu was registered
            await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")
            await tg.wait_for(lambda: tg.replies_to(STAFF), timeout=30)
            assert "Co-ordinator of Activities to Address Transnational Threats" in tg.replies_to(STAFF)[0].plain
            tg.fail("sendMessage", 502)
            await tg.send_text(STAFF, "Who co-organized the meeting?")
            await tg.wait_for(lambda: len(tg.replies_to(STAFF)) == 2, timeout=30)
        finally:
            process.send_signal(stop_signal)
            stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    log = (stdout + stderr).decode()
    assert process.returncode == 0, log
    assert "Serving 1 document(s) (OSCE Annual Police Experts Meeting" in log and "7 passages" in log
    assert "1 staff user(s), 0 group chat(s); 1 maintainer(s)" in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log


async def test_run_with_a_token_telegram_refuses_is_one_line(tmp_path):
    async with FakeTelegram() as tg:
        wrong = "987654321:" + "x" * 35
        (tmp_path / "data").mkdir()
        process = await start_bot(tg, tmp_path, token=wrong)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 180)
    err = stderr.decode()
    assert process.returncode == 1
    assert "Telegram refused TELEGRAM_BOT_TOKEN" in err
    assert wrong not in err + stdout.decode() and "Traceback" not in err


async def ask_once_then_stop(tg: FakeTelegram, tmp_path, **env: str) -> tuple[asyncio.subprocess.Process, str]:
    """Start ``briefing-bot run``, ask it who Lyzhenkov is, wait for the reply, then SIGTERM it.
    Returns the ended process and its log (stdout and stderr)."""
    process = await start_bot(tg, tmp_path, **env)
    try:
        await tg.wait_for(lambda: any(m == "getUpdates" for m, _ in tg.requests), timeout=120)
        await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")
        await tg.wait_for(lambda: tg.replies_to(STAFF), timeout=30)
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    return process, (stdout + stderr).decode()


@pytest.mark.model
async def test_a_failed_confirmation_at_stop_is_one_warning_not_a_traceback(tmp_path):
    async with FakeTelegram() as tg:  # the last getUpdates (timeout 0) tells Telegram what was handled
        tg.fail("getUpdates", 502, when=lambda params: str(params.get("timeout")) == "0")
        process, log = await ask_once_then_stop(tg, tmp_path)
        assert not tg.faults  # the stop did try to confirm
    assert "Could not tell Telegram which updates were handled while stopping (NetworkError: Bad Gateway)" in log
    assert process.returncode == 0 and "Traceback" not in log


def damage_index(tmp_path) -> None:
    """An index folder whose snapshot has a mangled meta.json, as after a hand edit."""
    snap = tmp_path / "data" / "index" / "snap-20240101T000000-deadbeef"
    snap.mkdir(parents=True)
    (snap / "meta.json").write_text("{oops")
    (tmp_path / "data" / "index" / "CURRENT").write_text(snap.name)


@pytest.mark.model
async def test_a_damaged_index_is_rebuilt_at_start_with_a_log_line(tmp_path):
    damage_index(tmp_path)
    async with FakeTelegram() as tg:
        process, log = await ask_once_then_stop(tg, tmp_path)
    assert "Rebuilding the index from the documents" in log and "cannot be read" in log
    assert "Co-ordinator of Activities" in tg.replies_to(STAFF)[0].plain
    assert process.returncode == 0 and "Traceback" not in log


async def test_a_damaged_index_that_cannot_be_rebuilt_stops_the_start_with_one_line(tmp_path):
    damage_index(tmp_path)
    (tmp_path / "empty").mkdir()
    async with FakeTelegram() as tg:
        process = await start_bot(tg, tmp_path, BRIEFING_KNOWLEDGE_DIR=str(tmp_path / "empty"))
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
        assert not any(m == "getUpdates" for m, _ in tg.requests)
    err = stderr.decode()
    assert process.returncode == 1
    assert "holds no documents" in err and "Traceback" not in err


async def test_an_unreachable_api_is_one_line_without_traceback(tmp_path):
    async with FakeTelegram() as tg:
        port = tg.port
    async with FakeTelegram() as tg:  # only for start_bot's settings; the URL below is closed
        process = await start_bot(tg, tmp_path, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot")
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 1
    assert len(lines) == 1 and lines[0].startswith(f"briefing-bot: Could not reach the Telegram Bot API at http://127.0.0.1:{port}/bot")
    assert TOKEN not in lines[0]


async def test_a_wrong_base_url_is_reported_as_such_not_as_a_bad_token(tmp_path):
    async with FakeTelegram() as tg:
        process = await start_bot(tg, tmp_path, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{tg.port}/nobot")
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 1
    assert len(lines) == 1 and "answered 404 Not Found: TELEGRAM_API_BASE_URL is probably wrong" in lines[0]
    assert "TELEGRAM_BOT_TOKEN" not in lines[0] and TOKEN not in lines[0]


def big_document(paragraphs: int = 1500) -> str:
    """Distinct paragraphs of about 400 characters: minutes of embedding with the real model."""
    words = ["harbour", "budget", "ferry", "council", "bridge", "tunnel", "school", "clinic", "market", "canal"]
    lines = ["Regional works programme\n\n3 March 2025\n"]
    for i in range(paragraphs):
        picked = " ".join(words[(i * 7 + j * 3) % len(words)] for j in range(8))
        lines.append(f"Item {i}: the committee reviewed the {picked} plan number {i * 13 % 997} and "
                     f"asked the {words[i % 10]} office for a costed proposal by week {i % 52} of next year; "
                     f"members noted {i % 17} objections and {i % 11} letters of support from residents "
                     f"of district {i % 23}, and agreed to revisit the {words[(i + 3) % 10]} question.")
    return "\n\n".join(lines)


@pytest.mark.model
async def test_sigterm_during_a_slow_refresh_stops_at_once_and_the_old_index_answers_after_restart(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SHIPPED_DOCUMENTS, knowledge)
    env = {"BRIEFING_KNOWLEDGE_DIR": str(knowledge), "BRIEFING_ADMINS": "1"}
    async with FakeTelegram() as tg:
        process = await start_bot(tg, tmp_path, **env)
        try:
            await tg.wait_for(lambda: any(m == "getUpdates" for m, _ in tg.requests), timeout=120)
            assert sorted(tg.allowed_updates) == ["callback_query", "message"]
            await tg.send_raw({"message": {"message_id": 9, "date": "yesterday", "text": "hi",
                                           "chat": {"id": STAFF, "type": "private", "first_name": "U"}}})
            await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")  # answered despite the unreadable update
            await tg.wait_for(lambda: tg.replies_to(STAFF), timeout=30)
            (knowledge / "works.txt").write_text(big_document(), encoding="utf-8")
            await tg.send_text(1, "/reindex")
            await tg.wait_for(lambda: tg.replies_to(1), timeout=30)
            await asyncio.sleep(3.0)  # well into reading and embedding
            assert not any("Index refreshed" in s.plain for s in tg.replies_to(1))
        finally:
            process.send_signal(signal.SIGTERM)
            stopping = time.monotonic()
            stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
            took = time.monotonic() - stopping
    log = (stdout + stderr).decode()
    assert process.returncode == 0, log
    assert took < 8.0, f"took {took:.1f} s to stop"
    assert "Skipped update" in log and log.count("cannot read it") == 1 and "Traceback" not in log
    (knowledge / "works.txt").unlink()  # the maintainer takes it out again: the saved index is current
    async with FakeTelegram() as tg:
        process, log = await ask_once_then_stop(tg, tmp_path, **env)
    assert "Co-ordinator of Activities" in tg.replies_to(STAFF)[0].plain
    assert process.returncode == 0 and "Traceback" not in log
