"""Shared fixtures for the Telegram tests: the fake Bot API and the real Application on it."""

from __future__ import annotations

import random
import socket
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.polling import ALLOWED_UPDATES
from bot.settings import Settings
from bot.webhook import MemoryLedger, UpdateLedger, WebhookServer
from bot.wiring import build_application, post_init, post_shutdown
from knowledge.briefing import Briefing
from tests.bot.fake_telegram import TOKEN, FakeTelegram
from tests.conftest import FakeEncoder

ADMIN, STAFF, STRANGER = 1001, 1002, 6666
GROUP, OTHER_GROUP = -100200, -100300
WEBHOOK_SECRET = "test-webhook_secret-0123456789"
SEED_TITLE = "OSCE Annual Police Experts Meeting focuses on links between smuggling of migrants, human trafficking"


class ControlledEncoder(FakeEncoder):
    """The fake encoder, with a gate that holds encoding of texts containing "Zebra" (a refresh)
    until the test opens it, and a question that makes it fail unexpectedly."""

    def __init__(self) -> None:
        super().__init__()
        self.hold = threading.Event()
        self.hold.set()
        self.holding = threading.Event()

    def encode(self, texts, **kwargs):
        texts = list(texts)
        if any("Zebra" in t for t in texts):
            self.holding.set()
            assert self.hold.wait(10)
        if any("explode" in t for t in texts):
            raise RuntimeError("simulated bug")
        if any("slowly" in t for t in texts):
            time.sleep(1.0)
        return super().encode(texts, **kwargs)


@pytest.fixture
async def tg():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
def encoder() -> ControlledEncoder:
    return ControlledEncoder()


@asynccontextmanager
async def running(tg: FakeTelegram, briefing: Briefing, *, admins_known: bool = True, **overrides):
    """The real Application polling ``tg``, with test settings (``overrides`` win).

    ``admins_known``: the maintainer has written to the bot before (as usual), so Telegram
    accepts their own command menu at start.
    """
    settings = bot_settings(tg, briefing, admins_known=admins_known, **overrides)
    briefing.index  # the bot loads its index before it starts polling
    application = build_application(settings, briefing, TOKEN)
    await application.initialize()
    await post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await post_shutdown(application)  # as run_polling does: the answering thread ends


def bot_settings(tg: FakeTelegram, briefing: Briefing, *, admins_known: bool = True, **overrides) -> Settings:
    """Settings for the bot on ``tg``: one maintainer, one staff user, one group (``overrides`` win)."""
    if admins_known:
        tg._chat(ADMIN, "private", None)
    return Settings(**{
        "_env_file": None,
        "knowledge_dir": briefing.knowledge_dir,
        "data_dir": briefing.data_dir,
        "telegram_base_url": tg.base_url,
        "telegram_file_url": tg.file_url,
        "admins": frozenset({ADMIN}),
        "allowed_users": frozenset({STAFF}),
        "allowed_chats": frozenset({GROUP}),
        **overrides,
    })


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default start


def free_port() -> int:
    """A free port below the kernel's ephemeral range.

    A port the kernel hands out (``bind(("127.0.0.1", 0))``) and is then closed can be handed out
    again to another test worker's server or outgoing connection before a bot process (seconds to
    start) binds it; a CI run failed that way. Ports below the range are never handed out, so only
    another test's own pick could collide, and the random pick makes that unlikely.
    """
    high = min(_ephemeral_start(), 32768)
    for _ in range(100):
        port = random.randrange(high // 2, high)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


@asynccontextmanager
async def webhooked(tg: FakeTelegram, briefing: Briefing, *, ledger: UpdateLedger | None = None,
                    health=lambda: None, **overrides):
    """The real Application served by webhook (:class:`bot.webhook.WebhookServer` on 127.0.0.1,
    no updater), with ``tg`` delivering updates to it; yields the application and the server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    settings = bot_settings(tg, briefing, webhook_url=url, webhook_secret=WEBHOOK_SECRET,
                            webhook_listen="127.0.0.1", webhook_port=port, **overrides)
    briefing.index
    application = build_application(settings, briefing, TOKEN, polling=False)
    server = WebhookServer(application, url=url, secret=WEBHOOK_SECRET, ledger=ledger or MemoryLedger(),
                           health=health, listen="127.0.0.1", port=port)
    await server.start()
    await application.initialize()
    await post_init(application)
    await application.start()
    await server.set_webhook()
    server.open()
    try:
        yield application, server
    finally:
        await server.stop()
        await application.stop()
        await application.shutdown()
        await post_shutdown(application)


@pytest.fixture
async def app(tg, knowledge_dir, data_dir, encoder):
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder)) as application:
        yield application


@pytest.fixture
async def hooked(tg, knowledge_dir, data_dir, encoder):
    """The bot in webhook mode: (application, server)."""
    async with webhooked(tg, Briefing(knowledge_dir, data_dir, encoder=encoder)) as served:
        yield served


async def reply_count(tg: FakeTelegram, chat_id: int, n: int, timeout: float = 10.0):
    await tg.wait_for(lambda: len(tg.replies_to(chat_id)) >= n, timeout)
    return tg.replies_to(chat_id)
