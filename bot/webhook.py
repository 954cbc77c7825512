"""Webhook mode: Telegram posts each update to ``BRIEFING_WEBHOOK_URL``; an aiohttp server
answers it after the bot has handled it, and serves ``GET /healthz`` for the load balancer.

python-telegram-bot's own webhook server answers 200 as soon as an update is queued: a replica
killed before it answered would lose the question, since Telegram had been told it arrived.
Here the update is handled inline and 200 goes back only after the answer was sent; until then
Telegram keeps the update and delivers it again (to another replica, behind a load balancer).

Because an update can thus arrive twice, even while the first delivery is still being handled
(an upload that takes longer than Telegram waits), it is *claimed* in an :class:`UpdateLedger`
(shared by replicas in the database) before it is handled. A redelivery while another replica
holds the claim waits, without handling it, until that replica is done (then 200) or its lease
runs out because it died (then this one takes the update over): nothing is lost, nothing is
answered twice. The owner renews its lease every quarter of :attr:`WebhookLimits.lease`.

What one replica allows a caller (:class:`WebhookLimits`, from the settings): the headers of a
request within ``header_timeout`` seconds of connecting (or of the previous answer), its body
within ``body_timeout``, and ``max_requests`` requests at once (503 beyond). Anything malformed
is a 4xx and one log line; ``/healthz`` says "ok" or "unavailable", the reason goes to the log.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import json
import logging
import os
import socket
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application

from bot.polling import ALLOWED_UPDATES
from bot.sending import with_retry
from bot.settings import Settings, SettingsError
from bot.webhook_limits import (
    MAX_CONNECTIONS,
    QuietServerLog,
    Throttled,
    WebhookLimits,
    hide_server_version,
)
from knowledge.errors import BriefingError
from knowledge.journal.ledger import INT64, Claim, MemoryLedger, UpdateLedger

__all__ = ["MemoryLedger", "UpdateLedger", "WebhookError", "WebhookLimits", "WebhookServer", "webhook_secret"]

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
SERVER_NAME = "briefing-bot"
"""The ``Server`` header of every answer: no software versions for a caller to look up."""
HEALTH_TIMEOUT = 5.0
"""A health check that takes longer than this counts as failed (503)."""
SHUTDOWN_GRACE = 5.0
"""Seconds a stopping server lets the updates it is handling finish; those cut short were never
answered 200, so Telegram delivers them again."""
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
        ledger: Claims on updates (a redelivery is answered 200 and not handled twice).
        health: Returns None while the bot can answer, or why not (called in a thread).
        listen, port: Where to listen (``BRIEFING_WEBHOOK_LISTEN``, ``BRIEFING_WEBHOOK_PORT``).
        limits: Timeouts, the cap on requests and the lease; default: from the bot's settings.
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
        limits: WebhookLimits | None = None,
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
        if limits is None:
            state = application.bot_data.get("state")
            limits = WebhookLimits.from_settings(state.settings) if state is not None else WebhookLimits()
        self.limits = limits
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        """This replica's name on its claims."""
        self._open = False
        self._in_flight: dict[int, asyncio.Future[int]] = {}
        self._runner: web.AppRunner | None = None
        self._active = 0
        self._unhealthy: str | None = None
        self._log_refusal = Throttled("Refused %d webhook request(s) without the right secret token "
                                       "(the latest from %s)")
        self._log_busy = Throttled("Answered 503 to %d webhook request(s): %d were being served already "
                                    "(BRIEFING_WEBHOOK_MAX_REQUESTS)")

    # ---- life cycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Listen (health answers 503 and updates 503 until :meth:`open`).

        Raises:
            WebhookError: The address is in use or cannot be listened on, in one sentence.
        """
        app = web.Application(middlewares=[self._cap])
        app.router.add_post(self.path, self._update)
        app.router.add_get(HEALTH_PATH, self._health)
        hide_server_version(SERVER_NAME)
        # aiohttp closes a connection whose next request's headers have not all arrived
        # ``keepalive_timeout`` seconds after it opened or answered: the header timeout. After
        # an answer given before the body was read (403, 408), it reads on for ``lingering_time``.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE,
                                     keepalive_timeout=self.limits.header_timeout,
                                     lingering_time=self.limits.body_timeout, logger=QuietServerLog())
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
    @web.middleware
    async def _cap(self, request: web.Request, handler) -> web.StreamResponse:
        """At most ``max_requests`` requests at once; the others get 503 before anything is read."""
        if self._active >= self.limits.max_requests:
            self._log_busy(self._active)
            return web.Response(status=503, text="Busy; try again\n", headers={"Retry-After": "1"})
        self._active += 1
        try:
            return await handler(request)
        finally:
            self._active -= 1

    def _authorised(self, request: web.Request) -> bool:
        # aiohttp keeps bytes that are not UTF-8 as surrogates; this gives them back as they came
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, self._secret)

    async def _update(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            self._log_refusal(request.remote)
            return web.Response(status=403, text="Forbidden\n")
        if not self._open:
            return web.Response(status=503, text="Starting or stopping; try again\n", headers={"Retry-After": "1"})
        try:
            data = await asyncio.wait_for(request.read(), self.limits.body_timeout)
        except asyncio.TimeoutError:
            log.warning("Webhook request from %s did not send its body within %g s; answered 408",
                        request.remote, self.limits.body_timeout)
            response = web.Response(status=408, text="Too slow\n")
            response.force_close()
            return response
        except (ConnectionError, aiohttp.ClientConnectionError) as exc:
            log.info("Webhook request from %s dropped while sending its body (%s)", request.remote,
                     type(exc).__name__)
            return web.Response(status=400, text="Dropped\n")
        try:
            body = json.loads(data)
        except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, digits beyond any int, or nested too deep
            log.warning("Webhook request that is not JSON (%s: %.100s); answered 400", type(exc).__name__, exc)
            return web.Response(status=400, text="Not JSON\n")
        update_id = body.get("update_id") if isinstance(body, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id not in INT64:
            log.warning("Webhook request that is not an update (no update_id, or not a 64-bit one); answered 400")
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
            status = await self._claimed(update_id, body)
            return status
        finally:
            del self._in_flight[update_id]
            future.set_result(status)

    async def _claim(self, update_id: int) -> Claim | int:
        """Claim the update: :attr:`Claim.TAKEN` (or ``DONE``), waiting while another replica
        holds it; a status to answer when waiting ends otherwise.

        The wait goes on after Telegram cut this delivery off: a later delivery joins it, and
        must not be told 200 before the update is done, or be lost if the owner dies."""
        waited = False
        pause = min(max(self.limits.lease / 10, 0.05), 2.0)
        while True:
            try:
                claim = await asyncio.to_thread(self.ledger.claim, update_id, self.owner, self.limits.lease)
            except Exception as exc:  # the ledger's database is down: better answered twice than never
                if waited:
                    log.warning("Update %d: the update ledger stopped answering while another replica held it "
                                "(%s); answered 503, Telegram delivers it again", update_id, type(exc).__name__)
                    return 503
                log.warning("Could not claim update %d in the update ledger (%s: %.200s); handling it anyway",
                            update_id, type(exc).__name__, exc)
                return Claim.TAKEN
            if claim is not Claim.HELD:
                if waited:
                    log.info("Update %d: %s", update_id, "the other replica finished it" if claim is Claim.DONE
                             else "the other replica's claim ran out; handling it here")
                return claim
            if not waited:
                log.info("Update %d is being handled by another replica (Telegram delivered it again); "
                         "waiting for it, not handling it twice", update_id)
                waited = True
            if not self._open:
                return 503
            await asyncio.sleep(pause)

    async def _claimed(self, update_id: int, body: dict) -> int:
        claim = await self._claim(update_id)
        if isinstance(claim, int):
            return claim
        if claim is Claim.DONE:
            log.info("Update %d was handled already (Telegram delivered it again); not handled twice", update_id)
            return 200
        renewing = asyncio.create_task(self._renew(update_id))
        status = 500
        try:
            status = await self._handle(update_id, body)
        finally:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)
        settle = self.ledger.done if status == 200 else self.ledger.release
        try:
            await asyncio.to_thread(settle, update_id, self.owner)
        except Exception as exc:
            log.warning("Could not record update %d in the update ledger (%s: %.200s); a redelivery %s",
                        update_id, type(exc).__name__, exc,
                        "would be answered again" if status == 200 else "waits for the claim to run out")
        return status

    async def _renew(self, update_id: int) -> None:
        """Renew the claim every quarter lease while the update is handled."""
        while True:
            await asyncio.sleep(self.limits.lease / 4)
            try:
                kept = await asyncio.to_thread(self.ledger.renew, update_id, self.owner, self.limits.lease)
            except Exception as exc:
                log.warning("Could not renew the claim on update %d (%s); trying again", update_id, type(exc).__name__)
                continue
            if not kept:
                log.warning("The claim on update %d ran out and another replica took it over", update_id)
                return

    async def _handle(self, update_id: int, body: dict) -> int:
        try:
            update = Update.de_json(body, self.application.bot)
        except Exception as exc:  # whatever the parser trips on; delivered again, it would trip again
            kinds = ", ".join(str(k) for k in body if k != "update_id")[:100]
            log.warning("Skipped update %s (%s): the library cannot read it (%s: %.200s)",
                        update_id, kinds, type(exc).__name__, exc)
            return 200
        try:
            await self.application.process_update(update)
        except Exception:  # handlers' errors go to the error handler; this is the library failing
            log.exception("Could not handle update %d; Telegram will deliver it again", update_id)
            return 500
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
        if reason != self._unhealthy:  # the reason, for whoever runs the bot; the caller learns nothing
            if reason is None:
                log.info("Healthy again")
            else:
                log.warning("Unhealthy (/healthz answers 503): %.300s", reason)
            self._unhealthy = reason
        if reason is None:
            return web.Response(text="ok\n")
        return web.Response(status=503, text="unavailable\n")

