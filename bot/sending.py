"""Sending to Telegram: every Bot API call goes through :func:`with_retry`."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import ContextTypes

from bot.state import state
from bot.telegram_format import split_html

log = logging.getLogger(__name__)
T = TypeVar("T")

SEND_ATTEMPTS = 5
MAX_RETRY_WAIT = 3600.0
"""Longest flood-control wait honoured. Telegram's ``retry_after`` is honoured as asked (45 s
means 45 s: retrying sooner only earns another 429); only an absurd value beyond an hour is
capped, and the log says so."""
_sleep = asyncio.sleep  # the tests make waiting instant


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def with_retry(
    call: Callable[[], Awaitable[T]], gate: asyncio.Semaphore, *, attempts: int = SEND_ATTEMPTS
) -> T:
    """Run a Bot API call, waiting out flood control (429) and retrying transient failures.

    ``RetryAfter`` waits the time Telegram asks for (capped at :data:`MAX_RETRY_WAIT`, an
    hour, with a warning); 5xx answers and network
    errors back off from 0.5 s, doubling. Refusals (400, 403) are not retried: they would
    fail again. Each try holds ``gate`` (:data:`bot.state.MAX_CONCURRENT_CALLS`), never while
    waiting.
    """
    delay = 0.5
    for attempt in range(1, attempts + 1):
        try:
            async with gate:
                return await call()
        except RetryAfter as exc:
            if attempt == attempts:
                raise
            asked = _seconds(exc.retry_after)
            wait = min(asked, MAX_RETRY_WAIT)
            if wait < asked:
                log.warning("Telegram flood control asked for %.0f s; waiting %.0f s instead (the cap)", asked, wait)
            log.warning("Telegram flood control: waiting %.1f s (attempt %d)", wait, attempt)
            await _sleep(wait)
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or attempt == attempts:
                raise
            log.warning("Telegram call failed (%s); retrying in %.1f s (attempt %d)", exc, delay, attempt)
            await _sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


async def send_html(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    html: str,
    *,
    reply_to: int | None = None,
    buttons: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send ``html`` (split under Telegram's limit if needed, ``buttons`` under the last part);
    returns the last message sent."""
    sent: Message | None = None
    parts = split_html(html)
    for i, part in enumerate(parts):
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None
        sent = await with_retry(
            lambda part=part, reply=reply, markup=(buttons if i == len(parts) - 1 else None): context.bot.send_message(
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                reply_parameters=reply,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=markup,
            ),
            state(context).calls,
        )
    assert sent is not None
    return sent


async def reply_html(
    update: Update, context: ContextTypes.DEFAULT_TYPE, html: str, buttons: InlineKeyboardMarkup | None = None
) -> Message:
    """Reply in the chat of ``update``; in groups, as a reply to the message that asked."""
    message = update.effective_message
    private = message.chat.type == ChatType.PRIVATE
    return await send_html(context, message.chat_id, html, reply_to=None if private else message.message_id,
                           buttons=buttons)


async def edit_html(context: ContextTypes.DEFAULT_TYPE, message: Message, html: str) -> None:
    """Edit a message the bot sent; an edit that changes nothing is not an error."""
    parts = split_html(html)
    try:
        await with_retry(
            lambda: context.bot.edit_message_text(
                parts[0], message.chat_id, message.message_id, parse_mode=ParseMode.HTML
            ),
            state(context).calls,
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
    for part in parts[1:]:
        await send_html(context, message.chat_id, part)


async def answer_callback(context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press (so that it stops spinning), retried like every send.

    Telegram refuses an answer after about 15 s, or a second answer to the same press (a
    retry whose first try got through): the button has stopped spinning anyway, so that is
    logged, not raised.
    """
    try:
        await with_retry(lambda: query.answer(text), state(context).calls)
    except BadRequest as exc:
        log.info("Button press %s not answered: %s", query.id, exc)
