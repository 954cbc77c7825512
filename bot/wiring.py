"""All the wiring in one place: the gate, the handlers in order, the error handler, the Bot API
endpoint, start-up and shutdown, and :func:`run_bot` (long polling, or a webhook)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable

from telegram import Bot, BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.access import AccessPolicy, RateLimiter
from bot.batching import QuestionBatcher
from bot.handlers.commands import (
    brief_command,
    documents_command,
    help_command,
    not_text,
    sources_command,
    speakers_command,
    unknown_command,
)
from bot.handlers.documents import document_received, reindex_command, remove_button, remove_command
from bot.handlers.errors import on_error
from bot.handlers.feedback import button_key, feedback_button, unknown_callback
from bot.handlers.gate import gate, set_maintainer_menu
from bot.handlers.questions import ask_command, meeting_button, question
from bot.handlers.status import gaps_command, status_command
from bot.menu import STAFF_COMMANDS
from bot.polling import ALLOWED_UPDATES, TolerantBot
from bot.redaction import protect_token
from bot.sending import with_retry
from bot.settings import Settings
from bot.state import MAX_CONCURRENT_CALLS, BotState
from bot.deployment import make_briefing, make_journal, make_ledger
from bot.webhook import WebhookServer, webhook_secret
from bot.worker import WorkAbandoned
from knowledge.briefing import Briefing
from knowledge.errors import BriefingError
from knowledge.indexing.index import KnowledgeIndex

log = logging.getLogger(__name__)


async def post_init(application: Application) -> None:
    """Register the command menus: staff's for everyone, and each maintainer's own."""
    s: BotState = application.bot_data["state"]
    await with_retry(
        lambda: application.bot.set_my_commands([BotCommand(c, d) for c, d in STAFF_COMMANDS]), s.calls
    )
    for admin in sorted(s.access.admins):
        await set_maintainer_menu(application.bot, s, admin)


async def post_shutdown(application: Application) -> None:
    """Let the answering and index-work threads end (neither is waited for)."""
    s: BotState = application.bot_data["state"]
    s.batcher.close()
    await s.work.close(grace=0)


def _stop_on_signals(
    application: Application, then: Callable[[], None] | None = None, *, at_once: Callable[[], None] | None = None
) -> None:
    """On SIGINT or SIGTERM, give index work :data:`bot.worker.STOP_GRACE` seconds, then stop
    (``then``; by default the polling loop). ``at_once`` is called as soon as the signal comes.

    python-telegram-bot's own handlers would wait for every running handler, including one
    waiting for a 5,000-page PDF; a service manager kills a bot that takes that long.
    """
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task] = []

    async def stop() -> None:
        await application.bot_data["state"].work.close()
        (then or application.stop_running)()

    def on_signal(signum: int) -> None:
        if not stopping:
            log.info("Stopping (%s)", signal.Signals(signum).name)
            if at_once is not None:
                at_once()
            stopping.append(loop.create_task(stop()))

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)


def build_application(settings: Settings, briefing: Briefing, token: str, *, polling: bool = True) -> Application:
    """All the wiring: the gate, the handlers, the error handler, the Bot API endpoint.

    ``polling=False``: no updater (a webhook hands updates to ``process_update``; nothing polls).
    """
    access = AccessPolicy(
        admins=settings.admins,
        allowed_users=settings.allowed_users,
        allowed_chats=settings.allowed_chats,
        public=settings.public,
    )
    bot = TolerantBot(
        token,
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_file_url,
        request=HTTPXRequest(connection_pool_size=MAX_CONCURRENT_CALLS * 2, pool_timeout=30.0),
        # Two connections, not the library's one: the last getUpdates while stopping need not wait
        # for the cancelled long poll's connection (it waited over the 1 s pool timeout on a
        # loaded machine, and the updates handled were not confirmed).
        get_updates_request=HTTPXRequest(connection_pool_size=2),
    )
    builder = ApplicationBuilder() if polling else ApplicationBuilder().updater(None)
    application = (
        builder
        .bot(bot)
        # Handlers run concurrently up to twice the question limit, so that questions beyond
        # it are told to wait rather than queued; the update queue is bounded, and when it is
        # full polling pauses and Telegram keeps the rest.
        .concurrent_updates(2 * settings.max_pending)
        .update_queue(asyncio.Queue(maxsize=2 * settings.max_pending))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    journal = make_journal(settings, briefing)
    application.bot_data["state"] = BotState(
        settings, briefing, access, QuestionBatcher(briefing.ask_many), RateLimiter(settings.rate_per_minute), journal,
        button_key=button_key(token),
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
    application.add_handler(CallbackQueryHandler(feedback_button, pattern=r"^fb:"))
    application.add_handler(CallbackQueryHandler(meeting_button, pattern=r"^mt:"))
    application.add_handler(CallbackQueryHandler(remove_button, pattern=r"^(rm|keep):[0-9a-f]{16}$"))
    application.add_handler(CallbackQueryHandler(unknown_callback))
    application.add_error_handler(on_error)
    return application


class TelegramUnavailableError(BriefingError):
    """The Bot API cannot be reached, or refuses the token, or is not at the configured URL."""


async def _check_api(settings: Settings, token: str) -> None:
    """Ask the Bot API who the bot is, turning each way that fails into one sentence."""
    url = settings.telegram_base_url
    library = logging.getLogger("telegram")
    level = library.level
    library.setLevel(logging.CRITICAL)  # it would log a traceback for what is said here in a line
    try:
        async with Bot(token, base_url=url, base_file_url=settings.telegram_file_url) as bot:
            await bot.get_me()
    except InvalidToken as exc:  # the library says "rejected" for a 401 and a 404 alike; the cause tells
        detail = str(exc.__cause__ or exc)
        if "404" in detail or detail.startswith("Not Found"):
            raise TelegramUnavailableError(
                f"The Telegram Bot API at {url} answered 404 Not Found: TELEGRAM_API_BASE_URL is probably wrong "
                "(Telegram's is https://api.telegram.org/bot)."
            ) from None
        raise TelegramUnavailableError(
            "Telegram refused TELEGRAM_BOT_TOKEN (unauthorised); check the token @BotFather gave you."
        ) from None
    except TelegramError as exc:  # NetworkError, TimedOut, a 5xx
        reason = str(exc).replace(token, "<token>")
        raise TelegramUnavailableError(f"Could not reach the Telegram Bot API at {url} ({reason}).") from None
    finally:
        library.setLevel(level)


class _OneLineLibraryLogs(logging.Filter):
    """Two of python-telegram-bot's log records come with a traceback of ~60-100 lines for
    what one line says: a failed start (the command line says what is wrong instead; dropped),
    and a failed last ``getUpdates`` while stopping (kept as one warning with its reason)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Network Retry Loop (Bootstrap"):
            return False
        if message.startswith("Error while calling `get_updates` one more time"):
            error = record.exc_info[1] if record.exc_info else None
            record.msg = ("Could not tell Telegram which updates were handled while stopping (%s); "
                          "it may deliver them again at the next start.")
            record.args = (f"{type(error).__name__}: {error}" if error else "no reason given",)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class IndexHealth:
    """``GET /healthz``'s check in webhook mode: healthy once the index is open.

    A stale index (a refresh could not be written) still counts as healthy: it answers, from the
    last version saved, and taking every replica out of the load balancer because their disks
    are full would stop the answers altogether. The log says why it is stale.
    """

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self._opened = threading.Event()

    def open(self) -> KnowledgeIndex:
        """Open (or build) the index; healthy from then on."""
        index = self.briefing.index
        self._opened.set()
        return index

    def __call__(self) -> str | None:
        if not self._opened.is_set():
            return "the index is loading"
        return self.briefing.health()  # with PostgreSQL: whether the database answers


def _log_serving(application: Application, index: KnowledgeIndex) -> None:
    titles = "; ".join(sorted({d.title or d.name for d in index.documents}))
    log.info(
        "Serving %d document(s) (%s), %d passages; access: %s",
        len(index.documents),
        titles,
        len(index.passages),
        application.bot_data["state"].access.describe(),
    )


async def _serve_webhook(application: Application, settings: Settings, secret: str) -> None:
    """Listen, open the index, set the webhook, and handle updates until SIGINT/SIGTERM.

    The port is taken before the index opens (minutes, for a large one): a port in use is said
    at once, and ``/healthz`` answers 503 meanwhile. The webhook is left set at the end: other
    replicas still serve it.
    """
    s: BotState = application.bot_data["state"]
    health = IndexHealth(s.briefing)
    assert settings.webhook_url is not None
    server = WebhookServer(application, url=settings.webhook_url, secret=secret, ledger=make_ledger(s.briefing),
                           health=health, listen=settings.webhook_listen, port=settings.webhook_port)
    stopping, stopped = asyncio.Event(), asyncio.Event()

    def refuse_updates() -> None:  # new updates get 503 at once: Telegram delivers them elsewhere
        stopping.set()
        server.refuse_updates()

    await server.start()
    try:
        _stop_on_signals(application, stopped.set, at_once=refuse_updates)
        try:
            index = await s.work.run(health.open)  # on the work thread: a stop does not wait for a long build
        except WorkAbandoned:
            return
        s.briefing.follow()  # with PostgreSQL: serve the versions other replicas store
        if stopping.is_set():
            return
        _log_serving(application, index)
        await application.initialize()
        try:
            await post_init(application)
            await application.start()
            await server.set_webhook()
            server.open()
            await stopped.wait()
            await server.stop()  # updates being handled finish first (or are delivered again)
        finally:
            if application.running:
                await application.stop()
            await application.shutdown()
    finally:
        await server.stop()
        await post_shutdown(application)


def run_bot(settings: Settings) -> None:
    """Check the Bot API, load (or build) the index and serve Telegram until SIGINT/SIGTERM: by
    long polling, or, with ``BRIEFING_WEBHOOK_URL``, as a webhook (:mod:`bot.webhook`).

    Raises:
        TelegramUnavailableError: The Bot API cannot be reached, refuses the token, or is not
            at ``TELEGRAM_API_BASE_URL`` (checked before the index, which can take minutes).
        SettingsError: Webhook mode without ``BRIEFING_WEBHOOK_SECRET``.
        WebhookError: The webhook's port is in use, or Telegram refuses its URL.
    """
    token = settings.token()
    protect_token(token)
    secret = webhook_secret(settings) if settings.webhook_url else None
    for name in ("telegram.ext", "telegram.ext.Updater"):  # a logger's filter sees only its own records
        logging.getLogger(name).addFilter(_OneLineLibraryLogs())
    asyncio.run(_check_api(settings, token))
    briefing = make_briefing(settings)  # with BRIEFING_DATABASE_URL: connects and checks the database, one line if not
    # The model loads while the index opens and Telegram connects: about ten seconds of
    # imports on a slow machine that the first question would otherwise wait for.
    threading.Thread(target=briefing.warm_up, name="model-warm-up", daemon=True).start()
    if secret is not None:
        application = build_application(settings, briefing, token, polling=False)
        asyncio.run(_serve_webhook(application, settings, secret))
    else:
        index = briefing.index
        briefing.follow()
        application = build_application(settings, briefing, token)
        _log_serving(application, index)

        async def start(app: Application) -> None:
            _stop_on_signals(app)
            await post_init(app)

        application.post_init = start
        application.run_polling(allowed_updates=ALLOWED_UPDATES, stop_signals=None)
    briefing.close()
    log.info("Stopped.")
    if application.bot_data["state"].work.busy:
        # An abandoned job is still inside PyTorch or a PDF parser on its daemon thread; letting
        # the interpreter finalise under it aborts the process ("terminate called without an
        # active exception", status -6). Nothing is left to save: the index on disk is whole.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
