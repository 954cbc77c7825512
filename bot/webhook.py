"""Webhook mode: Telegram posts each update to ``BRIEFING_WEBHOOK_URL``; an aiohttp server
answers it after the bot has handled it, and serves ``GET /healthz`` for the load balancer.

python-telegram-bot's own webhook server answers 200 as soon as an update is queued: a replica
killed before it answered would lose the question, since Telegram had been told it arrived.
Here the update is handled inline and 200 goes back only after the answer was sent; until then
Telegram keeps the update and delivers it again (to another replica, behind a load balancer).
Because an update can thus arrive twice, an :class:`UpdateLedger` remembers which were handled.
"""

from __future__ import annotations

import asyncio
import collections
import errno
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application

from bot.polling import ALLOWED_UPDATES
from bot.sending import with_retry
from bot.settings import Settings, SettingsError
from knowledge.errors import BriefingError

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_CONNECTIONS = 40
"""Updates Telegram may post to one replica at once (``setWebhook``'s ``max_connections``)."""
HEALTH_TIMEOUT = 5.0
"""A health check that takes longer than this counts as failed (503)."""
SHUTDOWN_GRACE = 5.0
"""Seconds a stopping server lets the updates it is handling finish; those cut short were never
answered 200, so Telegram delivers them again."""
LEDGER_SIZE = 100_000
REFUSAL_LOG_EVERY = 60.0


class UpdateLedger(Protocol):
    """Which updates were handled, so that one Telegram delivers again is not answered twice.

    Both methods block (a database may sit behind them); the server calls them in a thread.
    """

    def handled(self, update_id: int) -> bool: ...

    def mark_handled(self, update_id: int) -> None: ...


class MemoryLedger:
    """The last ``size`` update ids handled by this process (enough for any redelivery:
    Telegram gives up on an update after about a day)."""

    def __init__(self, size: int = LEDGER_SIZE) -> None:
        self.size = size
        self._ids: collections.OrderedDict[int, None] = collections.OrderedDict()
        self._lock = threading.Lock()

    def handled(self, update_id: int) -> bool:
        with self._lock:
            return update_id in self._ids

    def mark_handled(self, update_id: int) -> None:
        with self._lock:
            self._ids[update_id] = None
            self._ids.move_to_end(update_id)
            while len(self._ids) > self.size:
                self._ids.popitem(last=False)

    def __len__(self) -> int:
        return len(self._ids)


class WebhookError(BriefingError):
    """The webhook cannot be served: its port is taken, or Telegram refuses its URL."""


def webhook_secret(settings: Settings) -> str:
    """The secret token for webhook mode; without one anybody could post fake updates."""
    if settings.webhook_secret is None:
        raise SettingsError(
            "BRIEFING_WEBHOOK_SECRET is not set: webhook mode (BRIEFING_WEBHOOK_URL or --webhook) needs a secret "
            "token, or anyone who finds the URL can post fake updates; set 1-256 characters A-Z, a-z, 0-9, _ and -."
        )
    return settings.webhook_secret.get_secret_value()


class WebhookServer:
    """Serves ``POST <path of url>`` (updates from Telegram) and ``GET /healthz``.

    Args:
        application: The bot, initialised (and started) before :meth:`open`.
        url: The public URL Telegram posts to; the server listens at its path.
        secret: Compared with each request's ``X-Telegram-Bot-Api-Secret-Token``.
        ledger: Update ids handled already (a redelivery is answered 200 and not handled).
        health: Returns None while the bot can answer, or why not (called in a thread).
        listen, port: Where to listen (``BRIEFING_WEBHOOK_LISTEN``, ``BRIEFING_WEBHOOK_PORT``).
    """

    def __init__(
        self,
        application: Application,
        *,
        url: str,
        secret: str,
        ledger: UpdateLedger,
        health: Callable[[], str | None],
        listen: str = "0.0.0.0",
        port: int = 8443,
    ) -> None:
        if not secret:
            raise ValueError("a webhook needs a secret token")
        self.application = application
        self.url = url
        self.path = urlsplit(url).path or "/"
        if self.path == HEALTH_PATH:
            raise WebhookError(f"The webhook URL's path cannot be {HEALTH_PATH}: that is the health route.")
        self._secret = secret.encode()
        self.ledger = ledger
        self.health = health
        self.listen = listen
        self.port = port
        self._open = False
        self._in_flight: dict[int, asyncio.Future[int]] = {}
        self._runner: web.AppRunner | None = None
        self._refused = 0
        self._refusal_logged = float("-inf")

    # ---- life cycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Listen (health answers 503 and updates 503 until :meth:`open`).

        Raises:
            WebhookError: The address is in use or cannot be listened on, in one sentence.
        """
        app = web.Application()
        app.router.add_post(self.path, self._update)
        app.router.add_get(HEALTH_PATH, self._health)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen, self.port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            where = f"{self.listen}:{self.port}"
            if exc.errno == errno.EADDRINUSE:
                raise WebhookError(
                    f"Cannot listen for the webhook on {where}: the port is already in use (another bot or "
                    "server?); stop it or set BRIEFING_WEBHOOK_PORT."
                ) from None
            raise WebhookError(
                f"Cannot listen for the webhook on {where} ({exc.strerror or exc}); check BRIEFING_WEBHOOK_LISTEN "
                "and BRIEFING_WEBHOOK_PORT."
            ) from None
        self.port = site._server.sockets[0].getsockname()[1]  # the one chosen, when 0 was asked
        log.info("Listening for the webhook on %s:%d%s", self.listen, self.port, self.path)

    async def set_webhook(self) -> None:
        """Tell Telegram where to post (every replica does the same: it is idempotent).

        Raises:
            WebhookError: Telegram refuses the URL or the secret.
        """
        bot = self.application.bot
        calls = self.application.bot_data["state"].calls  # the gate every Bot API call goes through
        try:
            await with_retry(
                lambda: bot.set_webhook(url=self.url, secret_token=self._secret.decode(),
                                        allowed_updates=ALLOWED_UPDATES, max_connections=MAX_CONNECTIONS),
                calls,
            )
        except (BadRequest, Forbidden) as exc:
            raise WebhookError(f"Telegram refused the webhook URL {self.url}: {exc}") from None
        log.info("Webhook set: Telegram posts updates to %s", self.url)

    def open(self) -> None:
        """Handle updates from now on (the application is initialised and started)."""
        self._open = True

    def refuse_updates(self) -> None:
        """Answer updates 503 from now on (the bot is stopping): Telegram delivers them again,
        to another replica behind a load balancer. ``/healthz`` answers 503 too."""
        self._open = False

    async def stop(self) -> None:
        """Stop listening; updates being handled get :data:`SHUTDOWN_GRACE` seconds to finish.

        The webhook stays set at Telegram: other replicas still serve it.
        """
        self._open = False
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    # ---- routes -------------------------------------------------------------------------------
    def _authorised(self, request: web.Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "").encode()
        return hmac.compare_digest(given, self._secret)

    def _log_refusal(self, request: web.Request) -> None:
        self._refused += 1
        now = time.monotonic()
        if now - self._refusal_logged >= REFUSAL_LOG_EVERY:  # a scanner must not flood the log
            self._refusal_logged = now
            log.warning("Refused %d webhook request(s) without the right secret token (the latest from %s)",
                        self._refused, request.remote)
            self._refused = 0

    async def _update(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            self._log_refusal(request)
            return web.Response(status=403, text="Forbidden\n")
        if not self._open:
            return web.Response(status=503, text="Starting or stopping; try again\n", headers={"Retry-After": "1"})
        try:
            body = await request.json(loads=json.loads)
        except ValueError as exc:
            log.warning("Webhook request that is not JSON (%s); answered 400", exc)
            return web.Response(status=400, text="Not JSON\n")
        update_id = body.get("update_id") if isinstance(body, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.warning("Webhook request that is not an update (no update_id); answered 400")
            return web.Response(status=400, text="Not an update\n")
        status = await self._once(update_id, body)
        return web.Response(status=status, text="OK\n" if status == 200 else "Not handled; try again\n")

    async def _once(self, update_id: int, body: dict) -> int:
        """Handle an update, once per process even if it arrives twice at the same time: the
        second delivery waits for the first and gets its answer."""
        running = self._in_flight.get(update_id)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._in_flight[update_id] = future
        status = 500
        try:
            status = await self._handle(update_id, body)
            return status
        finally:
            del self._in_flight[update_id]
            future.set_result(status)

    async def _handle(self, update_id: int, body: dict) -> int:
        try:
            seen = await asyncio.to_thread(self.ledger.handled, update_id)
        except Exception as exc:  # the ledger's database is down: better answered twice than never
            log.warning("Could not ask the update ledger about update %d (%s: %s); handling it anyway",
                        update_id, type(exc).__name__, exc)
            seen = False
        if seen:
            log.info("Update %d was handled already (Telegram delivered it again); not handled twice", update_id)
            return 200
        try:
            update = Update.de_json(body, self.application.bot)
        except Exception as exc:  # whatever the parser trips on; delivered again, it would trip again
            kinds = ", ".join(k for k in body if k != "update_id")[:100]
            log.warning("Skipped update %s (%s): the library cannot read it (%s: %.200s)",
                        update_id, kinds, type(exc).__name__, exc)
            return 200
        try:
            await self.application.process_update(update)
        except Exception:  # handlers' errors go to the error handler; this is the library failing
            log.exception("Could not handle update %d; Telegram will deliver it again", update_id)
            return 500
        try:
            await asyncio.to_thread(self.ledger.mark_handled, update_id)
        except Exception as exc:
            log.warning("Could not record update %d in the update ledger (%s: %s); a redelivery would be "
                        "answered again", update_id, type(exc).__name__, exc)
        return 200

    async def _health(self, request: web.Request) -> web.Response:
        try:
            reason = await asyncio.wait_for(asyncio.to_thread(self.health), HEALTH_TIMEOUT)
        except asyncio.TimeoutError:
            reason = f"the health check took over {HEALTH_TIMEOUT:.0f} s"
        except Exception as exc:
            reason = f"the health check failed ({type(exc).__name__}: {exc})"
        if reason is None and not self._open:
            reason = "not taking updates (starting or stopping)"
        if reason is None:
            return web.Response(text="ok\n")
        return web.Response(status=503, text=f"unavailable: {reason}\n")
