"""A small round-robin HTTP proxy in front of bot replicas, as a load balancer would stand.

Each request goes to the next backend in turn; a backend that refuses the connection or drops it
before answering is skipped for that request (a load balancer's passive health check), and if
none answers the request gets 502, so Telegram delivers the update again later.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import aiohttp
from aiohttp import web


class RoundRobinProxy:
    """Forward every request to ``backends`` (``http://127.0.0.1:port``) in turn.

    Attributes:
        served: How many requests each backend answered.
        forwarded: How many requests were sent to each backend, answered or not (a delivery
            Telegram cuts off while the backend waits is forwarded but never served).
        route: Given a request's body, the backend that must take it (a test choosing the
            replica, e.g. by who wrote), or None for the next in turn.
    """

    def __init__(self, backends: dict[str, str]) -> None:
        self.backends = backends
        self.served = {name: 0 for name in backends}
        self.forwarded = {name: 0 for name in backends}
        self.route: Callable[[bytes], str | None] = lambda body: None
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0

    async def __aenter__(self) -> RoundRobinProxy:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._session.close()
        await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        chosen = self.route(body)
        names = list(self.backends)
        first = next(self._turn) % len(names)
        order = [chosen] if chosen else names[first:] + names[:first]
        for name in order:
            self.forwarded[name] = self.forwarded.get(name, 0) + 1
            try:
                async with self._session.request(request.method, self.backends[name] + request.path_qs,
                                                 data=body, headers=headers) as answer:
                    payload = await answer.read()
                    self.served[name] += 1
                    return web.Response(status=answer.status, body=payload, content_type=answer.content_type)
            except (aiohttp.ClientConnectionError, aiohttp.ServerDisconnectedError):
                continue  # down or killed mid-request: the next replica, or 502
        return web.Response(status=502, text="no replica answered")
