"""What one webhook replica allows its callers (:class:`WebhookLimits`), and a log line that a
flood of callers cannot multiply (:class:`Throttled`)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot.settings import Settings

log = logging.getLogger("bot.webhook")

MAX_CONNECTIONS = 40
"""Updates Telegram may post to one replica at once (``setWebhook``'s ``max_connections``)."""
REFUSAL_LOG_EVERY = 60.0
"""Seconds between two log lines about refused or turned-away requests."""


@dataclass(frozen=True)
class WebhookLimits:
    """What a replica allows its callers; the defaults suit Telegram, which sends a whole update
    (a few kilobytes) at once over at most :data:`MAX_CONNECTIONS` connections.

    Attributes:
        lease: Seconds a claim on an update lasts unless renewed (``BRIEFING_WEBHOOK_LEASE``, 120).
        header_timeout: Seconds for a request's headers, from connecting or from the previous
            answer on the connection (``BRIEFING_WEBHOOK_HEADER_TIMEOUT``, 10).
        body_timeout: Seconds for a request's body (``BRIEFING_WEBHOOK_BODY_TIMEOUT``, 10).
        max_requests: Requests served at once; more get 503 (``BRIEFING_WEBHOOK_MAX_REQUESTS``, 100).
    """

    lease: float = 120.0
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    max_requests: int = 100

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookLimits:
        return cls(lease=settings.webhook_lease, header_timeout=settings.webhook_header_timeout,
                   body_timeout=settings.webhook_body_timeout, max_requests=settings.webhook_max_requests)


class Throttled:
    """A warning logged at most once a minute, with how many times it happened meanwhile."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.count = 0
        self.logged = float("-inf")

    def __call__(self, *args: object) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self.logged >= REFUSAL_LOG_EVERY:  # a scanner must not flood the log
            self.logged = now
            log.warning(self.message, self.count, *args)
            self.count = 0


class QuietServerLog(logging.LoggerAdapter):
    """aiohttp's server log, where a request it cannot parse (a bad method, header or length:
    400) is one warning line without a traceback; anything else keeps its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.getLogger("aiohttp.server"), {})
        self.malformed = Throttled("Answered 400 to %d request(s) that are not HTTP aiohttp can read "
                                   "(the latest from %s: %s)")

    def exception(self, msg: object, *args: object, exc_info: object = True, **kwargs: object) -> None:
        from aiohttp.http_exceptions import HttpProcessingError

        if isinstance(exc_info, HttpProcessingError):
            remote = args[0] if args else "?"
            self.malformed(remote, f"{type(exc_info).__name__}: {str(exc_info).strip().splitlines()[0][:100]}")
            return
        super().exception(msg, *args, exc_info=exc_info, **kwargs)


def hide_server_version(name: str) -> None:
    """Make ``name`` the ``Server`` header of every answer aiohttp gives in this process, those
    it makes itself (400 for a request it cannot parse) included, instead of its and Python's versions."""
    from aiohttp import web_response

    web_response.SERVER_SOFTWARE = name
