"""Answering questions: typed in a chat (in groups, when the bot is addressed) or after /ask."""

from __future__ import annotations

import asyncio
import logging
from html import escape

import re
import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.handlers.commands import brief_command, help_command, sources_command
from bot.handlers.feedback import feedback_buttons
from bot.handlers.gate import EXPIRED
from bot.sending import answer_callback, reply_html, with_retry
from bot.state import BotState, PendingChoice, state
from bot.telegram_format import answer_html
from knowledge.answering.answers import normalise_question
from knowledge.errors import BriefingError, InvalidQuestionError
from knowledge.journal.sqlite import JournalError
from knowledge.answering.types import Topic

log = logging.getLogger(__name__)

_COMMANDS = {"summary": brief_command, "help": help_command, "sources": sources_command}
"""Messages a command answers ("Summarize the meeting", "help", "What documents do you have?")."""
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


def _asker(update: Update) -> tuple[int, int]:
    """Whose conversation an exchange belongs to: the chat and the person (in a group, each
    member's follow-ups resolve against their own last question)."""
    return update.effective_chat.id, update.effective_user.id


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, topic: Topic | None = None) -> None:
    s = state(context)
    try:
        question = normalise_question(text)
    except InvalidQuestionError as exc:
        await reply_html(update, context, escape(str(exc)))
        return
    key = _asker(update)
    if topic is None:
        topic = s.follow_ups.get(key)
    if s.batcher.pending >= s.settings.max_pending:
        log.warning("%d questions waiting (BRIEFING_MAX_PENDING); telling user %s to try again",
                    s.batcher.pending, update.effective_user.id)
        await reply_html(update, context, BUSY)
        return
    # The typing indicator goes out only if the answer takes a while (a cold model, a burst):
    # most answers arrive in a few tens of milliseconds, before it would even show. It is
    # awaited before the reply so that it never arrives after it.
    asking = s.batcher.submit(question, topic)
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
    s.follow_ups.remember(key, answer.topic)
    if answer.kind in _COMMANDS:  # "Summarize the meeting": the briefing card, as /brief sends it
        await _COMMANDS[answer.kind](update, context)
        return
    if answer.kind == "choose":
        nonce = secrets.token_hex(4)
        s.choices[key] = PendingChoice(question, tuple(c.document for c in answer.choices), nonce)
        for stale in [k for k, v in s.choices.items() if v.expired]:
            del s.choices[stale]
        buttons = InlineKeyboardMarkup([[InlineKeyboardButton(_label(c.title), callback_data=f"mt:{i}:{nonce}")]
                                        for i, c in enumerate(answer.choices)])
        await reply_html(update, context, answer_html(answer, _titles(s)), buttons)
        return
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


def _label(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


CHOICE_DATA = re.compile(r"^mt:([0-4]):([0-9a-f]{8})$")


async def meeting_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question that fitted several meetings, for the meeting its asker picked."""
    s = state(context)
    query = update.callback_query
    match = CHOICE_DATA.match(query.data or "")
    key = _asker(update)
    pending = s.choices.get(key)
    if match is None or pending is None or pending.nonce != match[2] or pending.expired \
            or int(match[1]) >= len(pending.documents):
        log.info("User %s pressed a meeting button that has expired", query.from_user.id)
        await answer_callback(context, query, EXPIRED)
        return
    del s.choices[key]
    document = pending.documents[int(match[1])]
    await answer_callback(context, query, "")
    try:
        await with_retry(lambda: query.edit_message_reply_markup(None), s.calls)
    except BadRequest as exc:  # the message is gone or already edited
        log.debug("Meeting buttons not removed: %s", exc)
    await _answer(update, context, pending.question, Topic(document))


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question written after /ask."""
    text = " ".join(context.args or [])
    if not text.strip():
        await reply_html(update, context, "Put your question after /ask, e.g. <code>/ask Who opened the meeting?</code>")
        return
    await _answer(update, context, text)
