"""Maintainers' documents: /reindex, documents sent in the chat, and /remove with a confirm button."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.access import Role
from bot.handlers.gate import is_maintainer
from bot.sending import answer_callback, edit_html, reply_html, with_retry
from bot.state import state
from bot.telegram_format import added_html, refresh_html
from knowledge.documents import MAX_DOCUMENT_BYTES, safe_file_name
from knowledge.errors import BriefingError, DocumentRejectedError

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0


async def reindex_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refresh the index from the knowledge folder (maintainers), editing one progress message."""
    s = state(context)
    if not await is_maintainer(update, context, "/reindex"):
        return
    if s.refresh_lock.locked():
        await reply_html(update, context, "A refresh is already running; its summary will appear when it ends.")
        return
    async with s.refresh_lock:
        progress_message = await reply_html(update, context, "Refreshing the index from the knowledge folder…")
        loop = asyncio.get_running_loop()
        edits: list[asyncio.Future[None]] = []
        last = [time.monotonic()]

        def on_progress(done: int, total: int) -> None:  # called from the worker thread
            now = time.monotonic()
            if done < total and now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                text = f"Refreshing the index: embedded {done} of {total} new passages…"
                edits.append(asyncio.run_coroutine_threadsafe(edit_html(context, progress_message, text), loop))

        try:
            report = await asyncio.to_thread(s.briefing.refresh, progress=on_progress)
        except BriefingError as exc:
            summary = f"The refresh failed: {escape(str(exc))}\nStaff keep getting answers from the previous index."
        else:
            summary = refresh_html(report)
            log.info("Reindexed by %s: %d documents, %d passages", update.effective_user.id, report.documents, report.passages)
        for edit in edits:
            try:
                await asyncio.wrap_future(edit)
            except TelegramError as exc:
                log.debug("A progress edit failed: %s", exc)
        await edit_html(context, progress_message, summary)


async def document_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add a document a maintainer sends to the knowledge folder, index it and summarise it."""
    s = state(context)
    document = update.message.document
    if s.access.role(update.effective_user.id, update.effective_chat.id) is not Role.ADMIN:
        await reply_html(update, context, "Only maintainers can add documents to the briefing; please pass it to one of them.")
        return
    try:
        name = safe_file_name(document.file_name or "document")
    except DocumentRejectedError as exc:
        await reply_html(update, context, escape(str(exc)))
        return
    if document.file_size and document.file_size > MAX_DOCUMENT_BYTES:
        await reply_html(update, context, f"{escape(name)} is {document.file_size / 2**20:.1f} MB; documents may be at most "
                                          f"{MAX_DOCUMENT_BYTES // 2**20} MB.")
        return
    if s.refresh_lock.locked():
        await reply_html(update, context, "A refresh is running; send the document again when it has finished.")
        return
    async with s.refresh_lock:
        progress_message = await reply_html(update, context, f"Reading {escape(name)}…")
        try:
            file = await with_retry(lambda: context.bot.get_file(document.file_id), s.calls)
            data = bytes(await with_retry(file.download_as_bytearray, s.calls))
        except TelegramError as exc:
            await edit_html(context, progress_message, f"Telegram would not hand me the file: {escape(str(exc))}")
            return
        try:
            added = await asyncio.to_thread(s.briefing.add_document, document.file_name or name, data)
        except BriefingError as exc:
            await edit_html(context, progress_message, escape(str(exc)))
            return
        log.info("User %s added %s (%d passages)", update.effective_user.id, added.document.name, added.document.passages)
        await edit_html(context, progress_message, added_html(added))


def _document_key(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:16]


async def remove_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask a maintainer to confirm removing a document."""
    s = state(context)
    if not await is_maintainer(update, context, "/remove"):
        return
    name = " ".join(context.args or []).strip()
    documents = {d.name: d for d in s.briefing.index.documents}
    if not name:
        await reply_html(update, context, "Name the file to remove, e.g. <code>/remove agenda.pdf</code>; /documents lists them.")
        return
    if name not in documents:
        await reply_html(update, context, f"There is no document named {escape(name)}; /documents lists them.")
        return
    info = documents[name]
    key = _document_key(name)
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Remove it", callback_data=f"rm:{key}"),
                                     InlineKeyboardButton("Keep it", callback_data=f"keep:{key}")]])
    await reply_html(update, context, f"Remove <b>{escape(name)}</b> ({escape(info.title or 'no title')}, "
                                      f"{info.passages} passage(s))? Staff will no longer get answers from it.", buttons)


async def remove_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove (or keep) the document a maintainer confirmed, and reindex."""
    s = state(context)
    query = update.callback_query
    if s.access.role(query.from_user.id, update.effective_chat.id) is not Role.ADMIN:
        await answer_callback(context, query, "Removing documents is for maintainers.")
        return
    action, key = query.data.split(":", 1)
    name = next((d.name for d in s.briefing.index.documents if _document_key(d.name) == key), None)
    if name is None:
        await answer_callback(context, query, "That document is not in the briefing any more.")
        return
    await answer_callback(context, query)
    if action == "keep":
        await edit_html(context, query.message, f"Kept {escape(name)}.")
        return
    if s.refresh_lock.locked():
        await edit_html(context, query.message, "A refresh is running; try /remove again when it has finished.")
        return
    async with s.refresh_lock:
        try:
            report = await asyncio.to_thread(s.briefing.remove_document, name)
        except BriefingError as exc:
            await edit_html(context, query.message, escape(str(exc)))
            return
    log.info("User %s removed %s", query.from_user.id, name)
    await edit_html(context, query.message, f"Removed {escape(name)}: {report.passages_removed} passage(s) dropped; "
                                            f"{report.documents} document(s) left.")
