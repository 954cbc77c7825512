"""Telegram misbehaving: errors, dropped connections and stalls, on sending and on polling."""

from __future__ import annotations

import time

from knowledge.briefing import Briefing
from tests.bot.conftest import running
from tests.bot.fake_telegram import STALL

USERS = range(7000, 7020)


async def ask_everyone(tg) -> None:
    for user in USERS:
        await tg.send_text(user, "Who opened the meeting?")


def answers_per_user(tg) -> list[int]:
    return [len(tg.replies_to(user)) for user in USERS]


async def test_a_burst_survives_errors_and_dropped_connections_on_sending_exactly_once(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), public=True):
        for status in ("reset", 500, 429, 502, "reset", 502):
            tg.fail("sendMessage", status, retry_after=1, times=3)
        await ask_everyone(tg)
        await tg.wait_for(lambda: all(answers_per_user(tg)), timeout=60)
        await tg.settle(1.0)
    assert answers_per_user(tg) == [1] * len(USERS)
    assert all("opened" in s.plain for s in tg.sent)
    assert not tg.faults  # every fault was met


async def test_polling_resumes_by_itself_after_errors_and_lost_answers(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), public=True):
        await tg.settle(0.3)
        tg.fail("getUpdates", 502, times=2)
        tg.fail("getUpdates", "reset")
        tg.fail("getUpdates", 429, retry_after=1)
        tg.fail("getUpdates", 500, after_effect=True)  # the updates went out, the answer got lost
        tg.fail("getUpdates", "reset", after_effect=True)
        tg.fail("getUpdates", "stall")  # longer than the client's read timeout
        await ask_everyone(tg)
        await tg.wait_for(lambda: not tg.faults and all(answers_per_user(tg)), timeout=60)
        await ask_everyone(tg)  # after the faults, polling goes on
        await tg.wait_for(lambda: all(n >= 2 for n in answers_per_user(tg)), timeout=60)
        await tg.settle(1.0)
    assert answers_per_user(tg) == [2] * len(USERS)  # updates are confirmed by the next offset: none lost, none twice


async def test_a_send_that_stalls_is_retried_once_the_client_gives_up(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), public=True):
        tg.fail("sendMessage", "stall")
        start = time.monotonic()
        await tg.send_text(7000, "Who opened the meeting?")
        await tg.wait_for(lambda: tg.replies_to(7000), timeout=30)
        took = time.monotonic() - start
        await tg.settle(STALL - took + 1.0)  # past the stalled request's own end
    assert len(tg.replies_to(7000)) == 1
    assert took < STALL  # the bot did not wait for the stalled request to finish


async def test_a_send_lost_after_telegram_took_it_is_sent_again(tg, knowledge_dir, data_dir, encoder):
    """The known limit: the Bot API has no idempotency key, so an answer whose confirmation was
    lost is sent again (a duplicate) rather than risked lost."""
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), public=True):
        tg.fail("sendMessage", "reset", after_effect=True)
        await tg.send_text(7000, "Who opened the meeting?")
        await tg.wait_for(lambda: len(tg.replies_to(7000)) >= 2, timeout=30)
        await tg.settle(0.5)
    first, second = tg.replies_to(7000)
    assert first.text == second.text
