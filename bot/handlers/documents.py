"""Maintainers' documents: /reindex, documents sent in the chat, and /remove with a confirm button."""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging
import time
from html import escape
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.access import Role
from bot.handlers.gate import is_maintainer
from bot.sending import answer_callback, edit_html, reply_html, with_retry
from bot.state import state
from bot.telegram_format import added_html, refresh_html
from bot.worker import WorkAbandoned
from knowledge.reading.documents import MAX_DOCUMENT_BYTES, safe_file_name
from knowledge.errors import BriefingError, DocumentRejectedError

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0
"""Seconds between edits of a progress message (Telegram allows about one edit a second)."""
DOWNLOAD_WAIT = 300.0
"""Seconds an upload's turn waits for its file to arrive from Telegram before giving up."""
STOPPING = ("The bot is restarting and stopped before this was finished; the index stays as it was. "
            "{what}")


def _queued(what: str, ahead: int) -> str:
    return f"{what}: waiting for the {ahead} job(s) before it (uploads, refreshes, removals)…"


async def _finish_edits(edits: list) -> None:
    for edit in edits:
        try:
            await asyncio.wrap_future(edit)
        except TelegramError as exc:
            log.debug("A progress edit failed: %s", exc)


async def _say_stopping(context: ContextTypes.DEFAULT_TYPE, message: Message, what: str) -> None:
    """Tell a maintainer their job was abandoned by a stopping bot, without holding the stop up."""
    try:
        await asyncio.wait_for(edit_html(context, message, STOPPING.format(what=what)), 2.0)
    except (TelegramError, asyncio.TimeoutError) as exc:
        log.info("Could not say that a job was abandoned: %s", exc)


async def reindex_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refresh the index from the knowledge folder (maintainers), editing one progress message."""
    s = state(context)
    if not await is_maintainer(update, context, "/reindex"):
        return
    ahead = s.work.pending
    starting = "Refreshing the index from the knowledge folder…"
    loop = asyncio.get_running_loop()
    edits: list = []  # asyncio and thread-safe futures of progress edits
    last = [time.monotonic()]
    progress_message: list[Message] = []

    def on_start() -> None:  # on the event loop
        if ahead and progress_message:
            edits.append(asyncio.ensure_future(edit_html(context, progress_message[0], starting)))

    def on_progress(done: int, total: int) -> None:  # called from the work thread
        now = time.monotonic()
        if done < total and now - last[0] >= PROGRESS_EVERY and progress_message:
            last[0] = now
            text = f"Refreshing the index: embedded {done} of {total} new passages…"
            edits.append(asyncio.run_coroutine_threadsafe(edit_html(context, progress_message[0], text), loop))

    # the place in the queue is taken before the first await: jobs run in the order they came
    job = s.work.submit(lambda: s.briefing.refresh(progress=on_progress), on_start=on_start)
    progress_message.append(await reply_html(update, context, _queued("Refresh", ahead) if ahead else starting))
    try:
        report = await job
    except WorkAbandoned:
        await _say_stopping(context, progress_message[0], "Send /reindex again once it is back.")
        return
    except BriefingError as exc:
        summary = f"The refresh failed: {escape(str(exc))}\nStaff keep getting answers from the previous index."
    else:
        summary = refresh_html(report)
        log.info("Reindexed by %s: %d documents, %d passages", update.effective_user.id, report.documents, report.passages)
    await _finish_edits(edits)
    await edit_html(context, progress_message[0], summary)


async def document_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add a document a maintainer sends to the knowledge folder, index it and summarise it.

    The file is fetched from Telegram at once; it is checked, saved and indexed in its turn
    after the uploads, refreshes and removals before it, with one progress message edited
    along the way.
    """
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
    # The place in the queue is taken before the first await, so documents are indexed in
    # the order they were sent; the job waits (on the work thread) for the file to arrive.
    fetched: concurrent.futures.Future[bytes] = concurrent.futures.Future()
    ahead = s.work.pending
    reading = f"Reading {escape(name)}…"
    edits: list = []  # asyncio and thread-safe futures of progress edits
    started = [0.0]
    progress_message: list[Message] = []

    def on_start() -> None:  # on the event loop
        started[0] = time.monotonic()
        if ahead and progress_message:
            edits.append(asyncio.ensure_future(edit_html(context, progress_message[0], reading)))

    job = s.work.submit(lambda: s.briefing.add_document(document.file_name or name, fetched.result(DOWNLOAD_WAIT)),
                        on_start=on_start)
    try:
        progress_message.append(await reply_html(update, context, reading))
        fetched.set_result(await download(context, document.file_id))
    except TelegramError as exc:
        fetched.set_exception(exc)  # its turn then ends at once; nobody waits for it
        job.add_done_callback(lambda done: done.cancelled() or done.exception())
        if not progress_message:
            raise
        await edit_html(context, progress_message[0], f"Telegram would not hand me the file: {escape(str(exc))}")
        return
    finally:
        if not fetched.done():  # cancelled, or an unexpected error: the job must not wait for ever
            fetched.set_exception(WorkAbandoned())
    message = progress_message[0]
    if ahead and not started[0]:
        await edit_html(context, message, _queued(f"Received {escape(name)}", ahead))

    async def tick() -> None:  # indexing can take minutes (a 1,000-page PDF): show it is under way
        while True:
            await asyncio.sleep(PROGRESS_EVERY)
            if started[0]:
                seconds = time.monotonic() - started[0]
                await edit_html(context, message, f"Reading and indexing {escape(name)}: {seconds:.0f} s so far…")

    ticker = asyncio.create_task(tick())
    try:
        try:
            added = await job
        finally:
            ticker.cancel()
            await asyncio.gather(ticker, return_exceptions=True)
    except WorkAbandoned:
        await _say_stopping(context, message, f"If /documents does not list {escape(name)} then, send it again.")
        return
    except BriefingError as exc:  # str() is the sentence for the maintainer (e.g. saved, indexed when there is room)
        await _finish_edits(edits)
        await edit_html(context, message, escape(str(exc)))
        return
    log.info("User %s added %s (%d passages)", update.effective_user.id, added.document.name, added.document.passages)
    await _finish_edits(edits)
    await edit_html(context, message, added_html(added))


class UnsafeFileLocation(TelegramError):
    """getFile named a file outside the configured file URL (e.g. a path on this machine)."""


async def download(context: ContextTypes.DEFAULT_TYPE, file_id: str) -> bytes:
    """The bytes of a file sent to the bot, fetched over HTTP(S) from the configured file URL
    through the retrying send path.

    python-telegram-bot reads ``file_path`` from the local disk when a file of that name exists
    here (meant for a local Bot API server); a Bot API that answered ``/etc/passwd`` or
    ``.env`` would make the bot index that file. So the URL is checked to lie under
    ``TELEGRAM_API_FILE_URL`` and fetched directly, never through ``File.download_*``.
    """
    calls = state(context).calls
    file = await with_retry(lambda: context.bot.get_file(file_id), calls)
    url = file.file_path or ""
    base = context.bot.base_file_url.rstrip("/") + "/"
    parts = urlsplit(url)
    if not url.startswith(base) or parts.scheme not in ("http", "https") or ".." in parts.path.split("/"):
        log.warning("getFile named %r, not a file under the file URL; not downloaded", url[:200])
        raise UnsafeFileLocation("it named a file location outside the Bot API's file URL")
    return bytes(await with_retry(lambda: context.bot.request.retrieve(url), calls))


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
    ahead = s.work.pending
    if ahead:
        await edit_html(context, query.message, _queued(f"Removing {escape(name)}", ahead))
    try:
        report = await s.work.run(lambda: s.briefing.remove_document(name))
    except WorkAbandoned:
        await _say_stopping(context, query.message, "Press the button again once it is back.")
        return
    except BriefingError as exc:
        await edit_html(context, query.message, escape(str(exc)))
        return
    log.info("User %s removed %s", query.from_user.id, name)
    await edit_html(context, query.message, f"Removed {escape(name)}: {report.passages_removed} passage(s) dropped; "
                                            f"{report.documents} document(s) left.")
