"""Load through the fake Bot API: many users at once, the question limit and the rate limit."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

from bot.handlers.gate import SLOW_DOWN
from bot.handlers.questions import BUSY
from knowledge.briefing import Briefing
from tests.bot.conftest import SEED_TITLE, STAFF, running

def resident_bytes() -> int:
    """This process's resident memory now (Linux's /proc; what the machine really gives it)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """Samples resident memory every 20 ms in a thread: the most it grew while running.

    Cheaper than tracemalloc, which made answering four times slower, and it also counts what
    numpy and the C libraries hold, not only Python objects."""

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = resident_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, resident_bytes())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident_bytes())

    @property
    def grown(self) -> int:
        return self.peak - self.start


QUESTIONS = ["Who opened the meeting?", "When was the meeting?", "Where was it held?",
             "What did Lyzhenkov say about victims?", "Who co-organized the meeting?"]


async def test_a_thousand_questions_from_two_hundred_users_are_each_answered_once(tg, knowledge_dir, data_dir, encoder):
    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    briefing.ask_many(QUESTIONS)  # the language model loads once per process: not what is measured
    async with running(tg, briefing, public=True) as app:
        assert 0 < app.update_queue.maxsize <= 2 * 1000  # polling pauses rather than queueing without end
        asked = range(10_000, 10_200)
        with PeakMemory() as memory:
            for question in QUESTIONS:
                for user in asked:
                    await tg.send_text(user, question)
            await tg.wait_for(lambda: len(tg.sent) >= 1000, timeout=120)
            await tg.settle(0.5)
    assert len(tg.sent) == 1000
    expected = [a.text for a in Briefing(knowledge_dir, data_dir, encoder=encoder).ask_many(QUESTIONS)]
    for user in asked:
        replies = [s.plain for s in tg.replies_to(user)]
        assert len(replies) == 5  # every question answered, none twice
        assert all(any(text in reply for reply in replies) for text in expected)  # each its own answer
    print(f"resident memory grew by {memory.grown / 2**20:.0f} MB while answering 1,000 questions")
    assert memory.grown < 100 * 2**20  # 13 MB measured; a leak of 100 kB per answer would fail


async def test_beyond_the_question_limit_users_are_told_to_try_again(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), public=True, max_pending=20) as app:
        encoder.hold.clear()  # the first question's answer is held, so the others pile up behind it
        await tg.send_text(1, "Zebra crossings?")
        await tg.wait_for(lambda: encoder.holding.is_set(), 10)
        for user in range(100, 250):
            await tg.send_text(user, "Who opened the meeting?")
        await tg.wait_for(lambda: sum(BUSY in s.plain for s in tg.sent) >= 150 - 19, timeout=30)
        assert app.bot_data["state"].batcher.pending == 20
        encoder.hold.set()
        await tg.wait_for(lambda: len(tg.sent) >= 151, timeout=30)
        await tg.settle(0.5)
    busy = [s for s in tg.sent if BUSY in s.plain]
    answered = [s for s in tg.sent if BUSY not in s.plain]
    assert len(busy) == 131 and len(answered) == 20  # 1 held + 19 waiting were answered
    assert sorted(s.chat_id for s in tg.sent) == [1] + list(range(100, 250))  # everyone got one reply


async def test_one_user_flooding_is_rate_limited_without_slowing_the_others(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), rate_per_minute=5):
        for _ in range(12):
            await tg.send_text(STAFF, "Who opened the meeting?")
        await tg.wait_for(lambda: len(tg.replies_to(STAFF)) >= 6, timeout=10)
        await tg.settle(0.5)
    replies = [s.plain for s in tg.replies_to(STAFF)]
    assert len(replies) == 6
    assert sum(SLOW_DOWN in r for r in replies) == 1 and sum(f"Source: {SEED_TITLE}" in r for r in replies) == 5


async def test_messages_from_bots_forwarded_or_via_inline_bots_are_ignored(tg, knowledge_dir, data_dir, encoder):
    bot = {"id": 777, "is_bot": True, "first_name": "Other", "username": "other_bot"}
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder)):
        await tg.send_text(STAFF, "Who opened the meeting?", extra={
            "forward_origin": {"type": "user", "date": int(time.time()), "sender_user": bot}})
        await tg.send_text(STAFF, "Who opened the meeting?", extra={"via_bot": bot})
        await tg.send_text(777, "Who opened the meeting?", is_bot=True)
        await tg.send_text(STAFF, "Who opened the meeting?", extra={  # a person's message forwarded is a question
            "forward_origin": {"type": "hidden_user", "date": int(time.time()), "sender_user_name": "A colleague"}})
        await tg.wait_for(lambda: tg.sent, timeout=10)
        await asyncio.sleep(0.5)
    assert [s.chat_id for s in tg.sent] == [STAFF]  # only the person's forwarded question was answered


async def test_the_journal_records_who_asked_what_by_id_for_maintainers(tg, knowledge_dir, data_dir, encoder, monkeypatch):
    from click.testing import CliRunner

    from bot import cli

    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder)):
        await tg.send_text(STAFF, "Who opened the meeting?")
        await tg.send_text(STAFF, "xylophone quartz jukebox")
        await tg.wait_for(lambda: len(tg.replies_to(STAFF)) == 2, timeout=10)
        await tg.settle(0.3)
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data_dir))
    result = CliRunner().invoke(cli.cli, ["questions", "--days", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert f"user {STAFF}: DECLINED (declined): xylophone quartz jukebox" in lines[0]
    assert f"user {STAFF}: answered" in lines[1] and "Who opened the meeting?" in lines[1]
    assert "User1002" not in result.output  # ids, never names


async def test_no_journal_when_its_retention_is_zero(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), question_log_days=0):
        await tg.send_text(STAFF, "Who opened the meeting?")
        await tg.wait_for(lambda: tg.replies_to(STAFF), timeout=10)
    assert not (data_dir / "journal.sqlite3").exists()
