"""The Telegram bot: handlers, the access gate, sending with retries, and the wiring in one place."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html import escape
from typing import TypeVar

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.access import AccessPolicy, Rate, RateLimiter, Role
from bot.batching import QuestionBatcher
from bot.settings import Settings
from bot.telegram_format import (
    added_html,
    answer_html,
    brief_html,
    gaps_html,
    help_html,
    refresh_html,
    sources_html,
    speakers_html,
    split_html,
)
from knowledge.answering import normalise_question
from knowledge.briefing import Briefing
from knowledge.documents import MAX_DOCUMENT_BYTES, safe_file_name
from knowledge.errors import BriefingError, DocumentRejectedError, InvalidQuestionError
from knowledge.gaps import find_gaps
from knowledge.journal import Journal, JournalError

log = logging.getLogger(__name__)
T = TypeVar("T")

COMMANDS = [
    ("help", "How to ask, with examples"),
    ("ask", "Ask a question (in groups)"),
    ("brief", "The briefing card: event, date, place, speakers, key points"),
    ("speakers", "The people in the briefing"),
    ("sources", "The documents I answer from"),
    ("documents", "The documents, with file names"),
    ("reindex", "Maintainers: refresh from the knowledge folder"),
    ("status", "Maintainers: index and bot status"),
    ("remove", "Maintainers: remove a document"),
    ("gaps", "Maintainers: questions the briefing could not answer"),
]
SEND_ATTEMPTS = 5
MAX_RETRY_WAIT = 30.0
MAX_CONCURRENT_CALLS = 8
"""Bot API calls in flight at once. httpx's connection pool does work quadratic in the calls
it holds: 200 answers sent at once took 10 s on 2 cores; through this gate, well under one."""

PROGRESS_EVERY = 2.0
REFUSAL = (
    "Sorry, this bot answers staff only. If you should have access, send a maintainer your "
    "Telegram user id: <code>{user_id}</code>."
)


@dataclass
class BotState:
    """What the handlers share: the answering core, access rules and counters."""

    settings: Settings
    briefing: Briefing
    access: AccessPolicy
    batcher: QuestionBatcher
    rate: RateLimiter
    journal: Journal | None = None
    started_at: float = field(default_factory=time.time)
    answered: int = 0
    declined: int = 0
    refresh_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    calls: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(MAX_CONCURRENT_CALLS))


def state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.application.bot_data["state"]


# ---- sending ------------------------------------------------------------------------------


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def with_retry(
    call: Callable[[], Awaitable[T]], gate: asyncio.Semaphore, *, attempts: int = SEND_ATTEMPTS
) -> T:
    """Run a Bot API call, waiting out flood control (429) and retrying transient failures.

    ``RetryAfter`` waits the time Telegram asks for (at most 30 s); 5xx answers and network
    errors back off from 0.5 s, doubling. Refusals (400, 403) are not retried: they would
    fail again. Each try holds ``gate`` (:data:`MAX_CONCURRENT_CALLS`), never while waiting.
    """
    delay = 0.5
    for attempt in range(1, attempts + 1):
        try:
            async with gate:
                return await call()
        except RetryAfter as exc:
            if attempt == attempts:
                raise
            wait = min(_seconds(exc.retry_after), MAX_RETRY_WAIT)
            log.warning("Telegram flood control: waiting %.1f s (attempt %d)", wait, attempt)
            await asyncio.sleep(wait)
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or attempt == attempts:
                raise
            log.warning("Telegram call failed (%s); retrying in %.1f s (attempt %d)", exc, delay, attempt)
            await asyncio.sleep(delay)
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


# ---- the gate: every update passes here first ---------------------------------------------


def _command_target(message: Message) -> tuple[str, str | None] | None:
    """``("reindex", "otherbot")`` for "/reindex@otherbot ...", ``None`` if not a command."""
    entity = next((e for e in message.entities if e.type == MessageEntity.BOT_COMMAND and e.offset == 0), None)
    if entity is None:
        return None
    command = message.parse_entity(entity)[1:]
    name, _, target = command.partition("@")
    return name.lower(), (target or None)


def _mentions_bot(message: Message, username: str, bot_id: int) -> bool:
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and text[1:].lower() == username.lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
    return False


def is_addressed(message: Message, username: str, bot_id: int) -> bool:
    """Whether a message is meant for the bot: any private message; in a group, a command for
    it, a mention of its @username, or a reply to one of its messages."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    if message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return False
    command = _command_target(message)
    if command is not None:
        name, target = command
        if target is not None:
            return target.lower() == username.lower()
        return name in {c for c, _ in COMMANDS} | {"start"}
    if message.reply_to_message and message.reply_to_message.from_user:
        if message.reply_to_message.from_user.id == bot_id:
            return True
    return _mentions_bot(message, username, bot_id)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let through only updates addressed to the bot by someone allowed; refuse strangers once."""
    s = state(context)
    user = update.effective_user
    chat = update.effective_chat
    if update.callback_query is not None:
        if user is None or s.access.role(user.id, chat.id if chat else None) is Role.NONE:
            await update.callback_query.answer("This bot answers staff only.")
            raise ApplicationHandlerStop
        return
    message = update.message  # edited messages, channel posts and the like are not questions
    if message is None or user is None or user.is_bot or _from_a_bot(message):
        raise ApplicationHandlerStop
    if not is_addressed(message, context.bot.username, context.bot.id):
        raise ApplicationHandlerStop
    if s.access.role(user.id, message.chat_id) is Role.NONE:
        log.info("Refused user %s in chat %s", user.id, message.chat_id)
        if s.access.should_tell_refusal(user.id):
            await reply_html(update, context, REFUSAL.format(user_id=user.id))
        raise ApplicationHandlerStop
    verdict = s.rate.check(user.id)
    if verdict is not Rate.ALLOW:
        log.info("User %s is over the rate limit (%d a minute); message %s", user.id, s.rate.per_minute,
                 "answered with a notice" if verdict is Rate.TELL else "ignored")
        if verdict is Rate.TELL:
            await reply_html(update, context, SLOW_DOWN)
        raise ApplicationHandlerStop


def _from_a_bot(message: Message) -> bool:
    """Sent through an inline bot, or forwarded from a bot's message: not a person asking."""
    origin = message.forward_origin
    sender = getattr(origin, "sender_user", None)
    return message.via_bot is not None or (sender is not None and sender.is_bot)


# ---- handlers -----------------------------------------------------------------------------


def _titles(s: BotState) -> list[str]:
    return sorted({d.title or d.name for d in s.briefing.index.documents})


BUSY = "I have too many questions at once right now; please try again in a moment."
SLOW_DOWN = "You are sending questions faster than I can answer them; please wait a minute before the next one."
TYPING_AFTER = 0.3
"""Seconds an answer may take before the chat shows "typing..."."""


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
        buttons = InlineKeyboardMarkup([[
            InlineKeyboardButton("👍 Helpful", callback_data=f"fb:{question_id}:1"),
            InlineKeyboardButton("👎 Not helpful", callback_data=f"fb:{question_id}:0"),
        ]])
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
    from knowledge.brief import make_briefs

    briefs = await asyncio.to_thread(make_briefs, state(context).briefing.index)
    await reply_html(update, context, brief_html(briefs))


async def speakers_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the people in the documents with their roles."""
    speakers = await asyncio.to_thread(lambda: list(state(context).briefing.index.speakers))
    await reply_html(update, context, speakers_html(speakers))


async def _maintainer(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """Whether the sender is a maintainer, checked on every call; others are told so."""
    if state(context).access.role(update.effective_user.id, update.effective_chat.id) is Role.ADMIN:
        return True
    await reply_html(update, context, f"{command} is for maintainers.")
    return False


async def reindex_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refresh the index from the knowledge folder (maintainers), editing one progress message."""
    s = state(context)
    if not await _maintainer(update, context, "/reindex"):
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


async def documents_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the documents with titles, dates and passage counts."""
    s = state(context)
    html = sources_html(s.briefing.index.documents)
    if s.access.role(update.effective_user.id, update.effective_chat.id) is Role.ADMIN:
        html += "\nSend me a file to add it; <code>/remove file-name</code> removes one."
    await reply_html(update, context, html)


async def remove_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask a maintainer to confirm removing a document."""
    s = state(context)
    if not await _maintainer(update, context, "/remove"):
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
        await query.answer("Removing documents is for maintainers.")
        return
    action, key = query.data.split(":", 1)
    name = next((d.name for d in s.briefing.index.documents if _document_key(d.name) == key), None)
    if name is None:
        await query.answer("That document is not in the briefing any more.")
        return
    await query.answer()
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


async def gaps_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show maintainers the questions the briefing could not answer, grouped, most asked first."""
    s = state(context)
    if not await _maintainer(update, context, "/gaps"):
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
    if not await _maintainer(update, context, "/status"):
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


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the sender of a sticker, photo or voice note that questions are typed."""
    await reply_html(update, context, "I can only read typed questions. Try: <i>Who opened the meeting?</i> or /help.")


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point an unknown command to /help."""
    await reply_html(update, context, "I don't know that command. /help shows what I can do.")


async def unknown_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press the bot does not know, so the button stops spinning."""
    await update.callback_query.answer("This button is no longer active.")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an unexpected error and apologise to the user rather than stay silent."""
    log.error("Error while handling update %s", getattr(update, "update_id", None), exc_info=context.error)
    if isinstance(update, Update) and update.effective_message and update.effective_chat:
        try:
            await update.effective_message.reply_text("Sorry, something went wrong on my side. Please try again.")
        except TelegramError as exc:
            log.warning("Could not apologise: %s", exc)


async def _post_init(application: Application) -> None:
    await with_retry(
        lambda: application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS]),
        application.bot_data["state"].calls,
    )


async def _post_shutdown(application: Application) -> None:
    application.bot_data["state"].batcher.close()


# ---- wiring -------------------------------------------------------------------------------


def build_application(settings: Settings, briefing: Briefing, token: str) -> Application:
    """All the wiring: the gate, the handlers, the error handler, the Bot API endpoint."""
    access = AccessPolicy(
        admins=settings.admins,
        allowed_users=settings.allowed_users,
        allowed_chats=settings.allowed_chats,
        public=settings.public,
    )
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_file_url)
        # Handlers run concurrently up to twice the question limit, so that questions beyond
        # it are told to wait rather than queued; the update queue is bounded, and when it is
        # full polling pauses and Telegram keeps the rest.
        .concurrent_updates(2 * settings.max_pending)
        .update_queue(asyncio.Queue(maxsize=2 * settings.max_pending))
        .connection_pool_size(MAX_CONCURRENT_CALLS * 2)
        .pool_timeout(30.0)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    journal = Journal(settings.data_dir, settings.question_log_days) if settings.question_log_days else None
    application.bot_data["state"] = BotState(
        settings, briefing, access, QuestionBatcher(briefing.ask_many), RateLimiter(settings.rate_per_minute), journal
    )
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handler(CommandHandler(["start", "help"], help_command))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CommandHandler("sources", sources_command))
    application.add_handler(CommandHandler("brief", brief_command))
    application.add_handler(CommandHandler("speakers", speakers_command))
    application.add_handler(CommandHandler("reindex", reindex_command))
    application.add_handler(CommandHandler("status", status_command))
    application.add_handler(CommandHandler("documents", documents_command))
    application.add_handler(CommandHandler("remove", remove_command))
    application.add_handler(CommandHandler("gaps", gaps_command))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL, document_received))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, question))
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text)
    )
    application.add_handler(CallbackQueryHandler(feedback_button, pattern=r"^fb:\d+:[01]$"))
    application.add_handler(CallbackQueryHandler(remove_button, pattern=r"^(rm|keep):[0-9a-f]{16}$"))
    application.add_handler(CallbackQueryHandler(unknown_callback))
    application.add_error_handler(on_error)
    return application


class RedactToken(logging.Filter):
    """Replaces the bot token wherever it would appear in a log record."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "<token>")
            record.args = None
        if record.exc_info and record.exc_info[1] and self.token in str(record.exc_info[1]):
            record.exc_info = None
            record.msg = f"{record.msg} (details hidden: they held the bot token)"
        return True


def protect_token(token: str) -> None:
    """Keep the token out of every log line: hide it from all handlers, and silence httpx,
    which logs request URLs (the token is part of each)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redact = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


def run_bot(settings: Settings) -> None:
    """Load (or build) the index and serve Telegram by long polling until SIGINT/SIGTERM."""
    token = settings.token()
    protect_token(token)
    briefing = Briefing(settings.knowledge_dir, settings.data_dir, model_path=settings.model,
                    approximate_from=settings.approximate_from,
                    search_expansion=settings.search_expansion)
    # The model loads while the index opens and Telegram connects: about ten seconds of
    # imports on a slow machine that the first question would otherwise wait for.
    threading.Thread(target=briefing.warm_up, name="model-warm-up", daemon=True).start()
    index = briefing.index
    application = build_application(settings, briefing, token)
    titles = "; ".join(sorted({d.title or d.name for d in index.documents}))
    log.info(
        "Serving %d document(s) (%s), %d passages; access: %s",
        len(index.documents),
        titles,
        len(index.passages),
        application.bot_data["state"].access.describe(),
    )
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    log.info("Stopped.")
