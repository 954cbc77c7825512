"""Commands for staff: /help, /sources, /brief, /speakers, /documents, and the fallbacks."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ContextTypes

from bot.access import Role
from bot.sending import reply_html
from bot.state import state
from bot.telegram_format import brief_html, help_html, sources_html, speakers_html


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot knows and how to ask, with examples from the knowledge."""
    s = state(context)
    examples = await asyncio.to_thread(s.briefing.example_questions)
    await reply_html(update, context, help_html(s.briefing.index.documents, examples))


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the documents the bot answers from, with titles and dates."""
    await reply_html(update, context, sources_html(state(context).briefing.index.documents))


async def brief_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the briefing card: what staff need before walking in, each line with its source."""
    from knowledge.answering.brief import make_briefs

    briefs = await asyncio.to_thread(make_briefs, state(context).briefing.index)
    await reply_html(update, context, brief_html(briefs))


async def speakers_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the people in the documents with their roles."""
    speakers = await asyncio.to_thread(lambda: list(state(context).briefing.index.speakers))
    await reply_html(update, context, speakers_html(speakers))


async def documents_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the documents with titles, dates and passage counts."""
    s = state(context)
    html = sources_html(s.briefing.index.documents)
    if s.access.role(update.effective_user.id, update.effective_chat.id) is Role.ADMIN:
        html += "\nSend me a file to add it; <code>/remove file-name</code> removes one."
    await reply_html(update, context, html)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the sender of a sticker, photo or voice note that questions are typed."""
    await reply_html(update, context, "I can only read typed questions. Try: <i>Who opened the meeting?</i> or /help.")


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point an unknown command to /help."""
    await reply_html(update, context, "I don't know that command. /help shows what I can do.")
