"""The Application's life cycle as the tests drive it: nothing outlives a stopped bot."""

from __future__ import annotations

import asyncio
import threading

from knowledge.briefing import Briefing
from tests.bot.conftest import STAFF, reply_count, running


def bot_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(("answering", "index-work"))]


async def test_a_stopped_bot_leaves_no_answering_or_work_thread_behind(tg, knowledge_dir, data_dir, encoder):
    before = bot_threads()
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder)) as application:
        await tg.send_text(STAFF, "Who opened the meeting?")
        await reply_count(tg, STAFF, 1)
        assert len(bot_threads()) > len(before)
    for _ in range(50):
        if bot_threads() == before:
            break
        await asyncio.sleep(0.05)
    assert bot_threads() == before, "threads left running"
    assert application.bot_data["state"]  # still referenced, as a fixture's app is: no help from the GC
