"""Hostile and odd input, strangers, and faults around /reindex, end to end through the fake Bot API."""

from __future__ import annotations

import errno
import logging

from bot.menu import COMMANDS
from bot.redaction import protect_token
from knowledge.briefing import Briefing
from tests.bot.conftest import ADMIN, GROUP, SEED_TITLE, STAFF, STRANGER, reply_count, running
from tests.bot.fake_telegram import BOT_USERNAME, TOKEN


async def test_every_command_and_text_from_a_stranger_yields_nothing_from_the_briefing(tg, app):
    texts = [f"/{name}" for name, _ in COMMANDS] + ["/ask Who opened the meeting?", "Who opened the meeting?",
                                                   "/nonsense", f"/reindex@{BOT_USERNAME}", "/start"]
    for text in texts:
        await tg.send_text(STRANGER, text)
    await tg.send_text(STAFF, "Who opened the meeting?")
    [staff_reply] = await reply_count(tg, STAFF, 1)
    await tg.press(STRANGER, staff_reply, "feedback:up")  # a button under someone else's answer
    await tg.settle(0.5)
    [refusal] = tg.replies_to(STRANGER)  # one refusal with their id, then silence
    assert str(STRANGER) in refusal.plain and "staff only" in refusal.plain
    for word in ("OSCE", "Lyzhenkov", "Police", SEED_TITLE[:20], "passage", "Documents"):
        assert word not in refusal.plain
    assert list(tg.callback_answers.values())[-1]["text"] == "This bot answers staff only."


async def test_a_group_being_allowed_makes_its_members_staff_there_only_and_never_maintainers(tg, app):
    await tg.send_text(STRANGER, f"/reindex@{BOT_USERNAME}", chat_id=GROUP, chat_type="group")
    await tg.send_text(STRANGER, f"/status@{BOT_USERNAME}", chat_id=GROUP, chat_type="group")
    replies = await reply_count(tg, GROUP, 2)
    assert [r.plain for r in replies] == ["/reindex is for maintainers.", "/status is for maintainers."]
    await tg.send_text(STRANGER, "Who opened the meeting?")  # the same person in private: a stranger
    [refusal] = await reply_count(tg, STRANGER, 1)
    assert "staff only" in refusal.plain


async def test_hostile_and_odd_texts_get_a_clear_reply_or_are_ignored_by_design(tg, app):
    cases = {
        "   \t  ": "question is empty",
        "x" * 4096: "characters long",
        "why " * 25_000: "characters long",
        "\x00\x01who\x07 opened\u202e the\u200f meeting?\x00": "opened",
        "🤔🤔 who opened the meeting? 🎉": "opened",
        "Кто opened the 会议 meeting?": "opened",
        "<b>*_[`]</b> & who opened the <i>meeting</i>? </pre>&amp;": "opened",
        "/ask \x00\x00 #### ]]]": "question is empty",
        "/sources junk args <b>": SEED_TITLE,
        "/help ../../etc/passwd": "I answer questions from the briefing",
    }
    for user, text in enumerate(cases, start=50_000):
        app.bot_data["state"].access.allowed_users |= {user}
        await tg.send_text(user, text)
    await tg.send_text(STAFF, "/reindex@otherbot", chat_id=GROUP, chat_type="group")  # another bot's command
    await tg.send_text(STAFF, "/ask@otherbot Who opened the meeting?", chat_id=GROUP, chat_type="group")
    await tg.wait_for(lambda: all(tg.replies_to(u) for u in range(50_000, 50_000 + len(cases))), timeout=20)
    await tg.settle(0.5)
    for user, (text, expected) in enumerate(cases.items(), start=50_000):
        replies = tg.replies_to(user)
        assert len(replies) == 1, (text[:40], [r.plain for r in replies])
        assert expected in replies[0].plain, (text[:40], replies[0].plain)
    assert tg.replies_to(GROUP) == []
    assert tg.refused == []  # every reply was valid HTML under 4096 characters
    assert not any("Traceback" in s.plain or "Error" in s.plain for s in tg.sent)


async def test_the_token_never_reaches_users_or_logs(tg, app, caplog):
    protect_token(TOKEN)
    caplog.set_level(logging.INFO)
    encoder = app.bot_data["state"].briefing.encoder
    original = encoder.encode

    def leaky(texts, **kwargs):
        if any("leak" in t for t in texts):
            raise RuntimeError(f"connection to https://api.telegram.org/bot{TOKEN}/sendMessage failed")
        return original(texts, **kwargs)

    encoder.encode = leaky
    await tg.send_text(STAFF, "please leak")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "went wrong" in reply.plain
    assert "Error while handling update" in caplog.text
    assert TOKEN not in reply.plain and TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text


async def test_reindex_while_a_hundred_questions_are_in_flight(tg, knowledge_dir, data_dir, encoder):
    (knowledge_dir / "zoo.txt").write_text("Zoo Board meets in Vienna\n\n9 April 2024\n\nZebra paddocks were approved.",
                                           encoding="utf-8")
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), public=True):
        (knowledge_dir / "zoo.txt").write_text("Zoo Board meets in Vienna\n\n9 April 2024\n\nZebra stables were approved.",
                                               encoding="utf-8")
        encoder.hold.clear()
        await tg.send_text(ADMIN, "/reindex")
        await tg.wait_for(lambda: encoder.holding.is_set(), 10)
        for user in range(60_000, 60_100):
            await tg.send_text(user, "Were zebra paddocks or zebra stables approved?" if user % 2 else "Who opened the meeting?")
        encoder.hold.set()  # the new index is swapped in while the questions are being answered
        await tg.wait_for(lambda: all(tg.replies_to(u) for u in range(60_000, 60_100)), timeout=30)
        await tg.wait_for(lambda: any("Index refreshed" in s.plain for s in tg.replies_to(ADMIN)), timeout=10)
        await tg.settle(0.5)
    zoo = [tg.replies_to(u) for u in range(60_001, 60_100, 2)]
    assert all(len(r) == 1 for r in zoo) and all(len(tg.replies_to(u)) == 1 for u in range(60_000, 60_100, 2))
    assert all(("paddocks" in r[0].plain) != ("stables" in r[0].plain) for r in zoo)  # old or new, never neither
    assert all("opened" in tg.replies_to(u)[0].plain for u in range(60_000, 60_100, 2))


async def test_disk_full_during_reindex_keeps_the_old_index_serving_and_says_so(tg, app, knowledge_dir, monkeypatch):
    from knowledge.indexing import folder as index

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(index, "save_store", full)
    (knowledge_dir / "zoo.txt").write_text("Zoo Board meets in Vienna\n\nZebra paddocks were approved.", encoding="utf-8")
    await tg.send_text(ADMIN, "/reindex")
    await tg.wait_for(lambda: any("No space left" in s.plain for s in tg.replies_to(ADMIN)), timeout=10)
    report = next(s for s in tg.replies_to(ADMIN) if "No space left" in s.plain)
    assert "previous index" in report.plain and "stays in use" in report.plain
    await tg.send_text(STAFF, "Who opened the meeting?")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "opened" in reply.plain
