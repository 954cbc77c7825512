"""Answering questions: typed in a chat (in groups, when the bot is addressed) or after /ask."""

from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.handlers.feedback import feedback_buttons
from bot.sending import reply_html
from bot.state import BotState, state
from bot.telegram_format import answer_html
from knowledge.answering import normalise_question
from knowledge.errors import BriefingError, InvalidQuestionError
from knowledge.journal import JournalError

log = logging.getLogger(__name__)

BUSY = "I have too many questions at once right now; please try again in a moment."
TYPING_AFTER = 0.3
"""Seconds an answer may take before the chat shows "typing..."."""


def _titles(s: BotState) -> list[str]:
    return sorted({d.title or d.name for d in s.briefing.index.documents})


async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    try:
        async with state(context).calls:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:  # the indicator is a courtesy; the answer matters
        log.debug("No typing indicator: %s", exc)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    s = state(context)
    try:
        question = normalise_question(text)
    except InvalidQuestionError as exc:
        await reply_html(update, context, escape(str(exc)))
        return
    if s.batcher.pending >= s.settings.max_pending:
        log.warning("%d questions waiting (BRIEFING_MAX_PENDING); telling user %s to try again",
                    s.batcher.pending, update.effective_user.id)
        await reply_html(update, context, BUSY)
        return
    # The typing indicator goes out only if the answer takes a while (a cold model, a burst):
    # most answers arrive in a few tens of milliseconds, before it would even show. It is
    # awaited before the reply so that it never arrives after it.
    asking = s.batcher.submit(question)
    typing = None
    try:
        done, _ = await asyncio.wait([asking], timeout=TYPING_AFTER)
        if not done:
            typing = asyncio.create_task(_typing(context, update.effective_chat.id))
        answer = await asking
    except BriefingError as exc:
        await reply_html(update, context, f"Sorry, I can't answer right now: {escape(str(exc))}")
        return
    finally:
        asking.cancel()  # a no-op once answered; stops waiting if this handler is cancelled
        if typing is not None and not typing.done():
            await asyncio.wait([typing], timeout=2)
    if answer.answered:
        s.answered += 1
    else:
        s.declined += 1
    user_id, chat_id = update.effective_user.id, update.effective_chat.id
    log.info("User %s in chat %s asked a question: %s", user_id, chat_id, answer.kind)
    question_id = None
    if s.journal is not None:
        try:
            question_id = await asyncio.to_thread(s.journal.record, user_id, chat_id, answer)
        except JournalError as exc:  # the journal is for maintainers; the answer goes out anyway
            log.warning("%s", exc)
    buttons = None
    if question_id is not None and answer.answered:
        buttons = feedback_buttons(s.button_key, question_id, user_id)
    await reply_html(update, context, answer_html(answer, _titles(s)), buttons)


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question typed in a chat (in groups, only when the bot is addressed)."""
    text = update.message.text
    username = f"@{context.bot.username}"
    if username.lower() in text.lower():
        start = text.lower().index(username.lower())
        text = text[:start] + text[start + len(username):]
    await _answer(update, context, text)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question written after /ask."""
    text = " ".join(context.args or [])
    if not text.strip():
        await reply_html(update, context, "Put your question after /ask, e.g. <code>/ask Who opened the meeting?</code>")
        return
    await _answer(update, context, text)
