"""Maintainers' view of the service: /gaps (what the briefing could not answer) and /status."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.gate import is_maintainer
from bot.sending import reply_html
from bot.state import state
from bot.telegram_format import gaps_html
from knowledge.errors import BriefingError
from knowledge.journal.gaps import find_gaps


async def gaps_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show maintainers the questions the briefing could not answer, grouped, most asked first."""
    s = state(context)
    if not await is_maintainer(update, context, "/gaps"):
        return
    try:
        days = float(context.args[0]) if context.args else 30.0
        if not 0 < days <= 3650:
            raise ValueError
    except ValueError:
        await reply_html(update, context, "Give the number of days to look back, e.g. <code>/gaps 7</code>.")
        return
    if s.journal is None:
        await reply_html(update, context, "The question journal is off (BRIEFING_QUESTION_LOG_DAYS=0), so there is nothing to show.")
        return
    try:
        gaps = await asyncio.to_thread(find_gaps, s.journal, s.briefing.encoder, days=days)
    except BriefingError as exc:
        await reply_html(update, context, f"Could not work out the gaps: {escape(str(exc))}")
        return
    await reply_html(update, context, gaps_html(gaps, days))


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show maintainers the index and the bot's state."""
    s = state(context)
    if not await is_maintainer(update, context, "/status"):
        return
    index = s.briefing.index
    now = time.time()
    saved = (
        f"{dt.datetime.fromtimestamp(index.saved_at, dt.timezone.utc):%Y-%m-%d %H:%M} UTC ({_ago(now - index.saved_at)} ago)"
        if index.saved_at
        else "not saved"
    )
    lines = [
        f"Documents: {len(index.documents)}; passages: {len(index.passages)}",
        f"Model: {escape(index.model)}",
        f"Index saved: {saved}",
        f"Up: {_ago(now - s.started_at)}",
        f"Questions answered: {s.answered}; declined: {s.declined}",
        f"Access: {escape(s.access.describe())}",
    ]
    await reply_html(update, context, "\n".join(lines))
