"""Button presses: helpful / not helpful under answers, and buttons the bot does not know."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.access import Role
from bot.handlers.gate import EXPIRED
from bot.sending import answer_callback, with_retry
from bot.state import state
from knowledge.journal.sqlite import JournalError

log = logging.getLogger(__name__)

FEEDBACK_DATA = re.compile(r"^fb:(\d{1,18}):([01]):(\d{1,20}):([0-9a-f]{12})$")
"""``fb:<question id>:<1 helpful, 0 not>:<user who asked>:<signature>``, at most 57 bytes of
Telegram's 64. Question ids past 18 digits are not the bot's (SQLite's ids stop at 2**63)."""
NOT_YOURS = "Only the person who asked can rate this answer."


def button_key(token: str) -> bytes:
    """The key that signs feedback buttons: from the token, so buttons outlive a restart."""
    return hashlib.sha256(b"briefing-bot feedback buttons\0" + token.encode()).digest()


def _signature(key: bytes, question_id: int, asker: int) -> str:
    return hmac.new(key, f"{question_id}:{asker}".encode(), hashlib.sha256).hexdigest()[:12]


def feedback_buttons(key: bytes, question_id: int, asker: int) -> InlineKeyboardMarkup:
    """The helpful / not helpful buttons under the answer to ``asker``'s question ``question_id``.

    The data names the asker and is signed, so a press is counted only from the person who
    asked (or a maintainer), and data the bot did not issue is told apart from its own.
    """
    signature = _signature(key, question_id, asker)
    return InlineKeyboardMarkup([[
        InlineKeyboardButton("👍 Helpful", callback_data=f"fb:{question_id}:1:{asker}:{signature}"),
        InlineKeyboardButton("👎 Not helpful", callback_data=f"fb:{question_id}:0:{asker}:{signature}"),
    ]])


async def feedback_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record a helpful / not helpful press under an answer, from the person who asked."""
    s = state(context)
    query = update.callback_query
    match = FEEDBACK_DATA.match(query.data or "")
    if match is None:
        await unknown_callback(update, context)
        return
    question_id, helpful, asker = int(match[1]), match[2] == "1", int(match[3])
    if not hmac.compare_digest(match[4], _signature(s.button_key, question_id, asker)):
        await unknown_callback(update, context)
        return
    user = query.from_user.id
    if user != asker and s.access.role(user, update.effective_chat.id) is not Role.ADMIN:
        log.info("User %s tried to rate the answer to user %s; not counted", user, asker)
        await answer_callback(context, query, NOT_YOURS)
        return
    recorded = False
    if s.journal is not None:
        try:
            recorded = await asyncio.to_thread(s.journal.feedback, question_id, user, helpful)
        except JournalError as exc:
            log.warning("%s", exc)
    await answer_callback(context, query, "Thanks, noted." if recorded else "Sorry, that answer is too old to rate.")
    try:
        await with_retry(lambda: query.edit_message_reply_markup(None), s.calls)
    except BadRequest as exc:  # already removed by another press
        log.debug("Feedback buttons not removed: %s", exc)


async def unknown_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press the bot did not issue (or no longer knows), so it stops spinning."""
    query = update.callback_query
    log.info("User %s pressed a button the bot does not know (%d bytes of data)", query.from_user.id,
             len((query.data or "").encode()))
    await answer_callback(context, query, EXPIRED)
