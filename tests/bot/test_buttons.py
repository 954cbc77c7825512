"""Button presses: stale, forged, someone else's, too many, and Telegram failing to take the answer."""

from __future__ import annotations

import logging

from knowledge.briefing import Briefing
from tests.bot.conftest import ADMIN, GROUP, STAFF, STRANGER, reply_count, running
from tests.bot.fake_telegram import FakeTelegram

EXPIRED = "This button has expired."


async def answers(tg: FakeTelegram, n: int) -> list[str]:
    await tg.wait_for(lambda: len(tg.callback_answers) >= n, 10)
    return [a.get("text", "") for a in tg.callback_answers.values()]


async def test_buttons_under_unreachable_messages_and_data_the_bot_never_issued_have_expired(tg, app, caplog):
    caplog.set_level(logging.INFO)
    await tg.send_text(STAFF, "Who opened the meeting?")
    [answer] = await reply_count(tg, STAFF, 1)
    helpful = answer.reply_markup["inline_keyboard"][0][0]["callback_data"]
    await tg.send_text(ADMIN, "/remove osce-police-experts-meeting-2015.txt")
    [confirm] = await reply_count(tg, ADMIN, 1)
    [remove, _] = [b["callback_data"] for b in confirm.reply_markup["inline_keyboard"][0]]
    presses = [
        (STAFF, answer, helpful, "inaccessible"),
        (STAFF, answer, helpful, "none"),
        (STAFF, answer, "fb:" + "9" * 19 + ":1", "accessible"),  # past SQLite's ids: OverflowError before
        (STAFF, answer, "fb:1:1", "accessible"),  # the old unsigned form
        (STAFF, answer, helpful.replace(f":{STAFF}:", f":{ADMIN}:"), "accessible"),  # signed for someone else
        (STAFF, answer, "\x00" * 64, "accessible"),
        (ADMIN, confirm, remove, "inaccessible"),
        (ADMIN, confirm, remove, "none"),
    ]
    ids = [(await tg.press(user, sent, data, message=message))["callback_query"]["id"]
           for user, sent, data, message in presses]
    await tg.wait_for(lambda: all(i in tg.callback_answers for i in ids), 10)
    assert [tg.callback_answers[i].get("text") for i in ids] == [EXPIRED] * len(ids)
    assert answer.reply_markup is not None and confirm.plain.startswith("Remove")  # nothing happened
    assert "Error while handling update" not in caplog.text and "Traceback" not in caplog.text
    assert "pressed a button the bot does not know" in caplog.text


async def test_only_the_asker_or_a_maintainer_rates_an_answer(tg, app):
    await tg.send_text(STAFF, "/ask Who opened the meeting?", chat_id=GROUP, chat_type="supergroup")
    [answer] = await reply_count(tg, GROUP, 1)
    not_helpful = answer.reply_markup["inline_keyboard"][0][1]["callback_data"]
    await tg.press(STRANGER, answer, not_helpful)  # a member of the allowed group: staff there
    assert (await answers(tg, 1)) == ["Only the person who asked can rate this answer."]
    assert answer.reply_markup is not None
    await tg.send_text(ADMIN, "/gaps")
    [gaps] = await reply_count(tg, ADMIN, 1)
    assert gaps.plain == "No declined, unhelpful or unsure answers in the last 30 day(s)."  # a stranger's rating counts not
    await tg.press(ADMIN, answer, not_helpful)
    assert (await answers(tg, 2))[-1] == "Thanks, noted."
    await tg.wait_for(lambda: answer.reply_markup is None)
    await tg.send_text(ADMIN, "/gaps")
    gaps = (await reply_count(tg, ADMIN, 2))[-1]
    assert "Who opened the meeting? (1×: 1 not helpful)" in gaps.plain


async def test_button_presses_count_against_the_rate_limit(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), rate_per_minute=3):
        await tg.send_text(STAFF, "Who opened the meeting?")
        [answer] = await reply_count(tg, STAFF, 1)
        helpful = answer.reply_markup["inline_keyboard"][0][0]["callback_data"]
        for _ in range(5):
            await tg.press(STAFF, answer, helpful)
        await answers(tg, 3)
        await tg.settle(0.5)
        texts = [a.get("text", "") for a in tg.callback_answers.values()]
    # 1 question + 2 presses = 3 a minute; then one notice, and the rest are ignored
    assert sorted(texts) == ["Thanks, noted."] * 2 + ["You are pressing buttons faster than I can keep up; please wait a minute."]


async def test_a_button_answer_is_retried_like_a_message(tg, app):
    await tg.send_text(STAFF, "Who opened the meeting?")
    [answer] = await reply_count(tg, STAFF, 1)
    tg.fail("answerCallbackQuery", 502)
    tg.fail("answerCallbackQuery", 429, retry_after=1)
    await tg.press(STAFF, answer, answer.reply_markup["inline_keyboard"][0][0]["callback_data"])
    assert (await answers(tg, 1)) == ["Thanks, noted."]
    assert not tg.faults
