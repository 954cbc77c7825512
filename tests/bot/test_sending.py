"""Sending: flood control is honoured as Telegram asks, and only absurd waits are capped."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.bot.conftest import STAFF, reply_count


@pytest.fixture
def waits(monkeypatch):
    """The waits the bot asked for, made instant."""
    import bot.sending

    waited: list[float] = []

    async def instant(seconds: float) -> None:
        waited.append(seconds)
        await asyncio.sleep(0)

    monkeypatch.setattr(bot.sending, "_sleep", instant)
    return waited


async def test_a_45_second_flood_wait_is_honoured_and_only_an_absurd_one_capped_with_a_log_line(tg, app, waits, caplog):
    caplog.set_level(logging.WARNING)
    tg.fail("sendMessage", 429, retry_after=45)
    tg.fail("sendMessage", 429, retry_after=7200)
    await tg.send_text(STAFF, "Who opened the meeting?")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "opened" in reply.plain
    assert waits == [45.0, 3600.0]
    assert "asked for 7200 s; waiting 3600 s instead" in caplog.text
    assert "asked for 45" not in caplog.text
