"""Button presses: helpful / not helpful under answers, and buttons the bot does not know."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.sending import with_retry
from bot.state import state
from knowledge.journal import JournalError

log = logging.getLogger(__name__)


async def feedback_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record a helpful / not helpful press under an answer."""
    s = state(context)
    query = update.callback_query
    _, question_id, verdict = query.data.split(":")
    recorded = False
    if s.journal is not None:
        try:
            recorded = await asyncio.to_thread(s.journal.feedback, int(question_id), query.from_user.id, verdict == "1")
        except JournalError as exc:
            log.warning("%s", exc)
    await query.answer("Thanks, noted." if recorded else "Sorry, that answer is too old to rate.")
    try:
        await with_retry(lambda: query.edit_message_reply_markup(None), s.calls)
    except BadRequest as exc:  # already removed by another press
        log.debug("Feedback buttons not removed: %s", exc)


async def unknown_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press the bot does not know, so the button stops spinning."""
    await update.callback_query.answer("This button is no longer active.")
