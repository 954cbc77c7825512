"""Polling: only the update types the bot handles, and an update the library cannot read costs a log line."""

from __future__ import annotations

import logging

from tests.bot.conftest import STAFF, reply_count


def unreadable(user_id: int) -> dict:
    """A message whose date is not a timestamp: python-telegram-bot cannot build an Update of it."""
    return {"message": {"message_id": 99, "date": "yesterday", "text": "hi",
                        "chat": {"id": user_id, "type": "private", "first_name": "U"},
                        "from": {"id": user_id, "is_bot": False, "first_name": "U"}}}


async def test_an_unreadable_update_costs_one_log_line_and_the_next_is_answered(tg, app, caplog):
    caplog.set_level(logging.INFO)
    await tg.send_text(STAFF, "Who opened the meeting?")
    await reply_count(tg, STAFF, 1)
    await tg.send_raw(unreadable(STAFF))
    await tg.send_text(STAFF, "Who opened the meeting?")
    replies = await reply_count(tg, STAFF, 2, timeout=10)
    assert "opened" in replies[1].plain
    await tg.settle(0.5)
    assert len(tg.replies_to(STAFF)) == 2
    skipped = [r for r in caplog.records if "cannot read it" in r.getMessage()]
    assert len(skipped) == 1 and skipped[0].exc_info is None
    assert tg.updates == [] or all(u["update_id"] > 2 for u in tg.updates)  # confirmed: not fetched again
    polls = sum(1 for m, _ in tg.requests if m == "getUpdates")
    await tg.settle(1.0)
    assert sum(1 for m, _ in tg.requests if m == "getUpdates") - polls < 20  # long polling, not a busy loop


async def test_only_messages_and_button_presses_are_subscribed_to(tg, app):
    await tg.wait_for(lambda: tg.allowed_updates is not None)
    assert sorted(tg.allowed_updates) == ["callback_query", "message"]
