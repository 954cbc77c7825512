"""What the Telegram handlers share: the answering core, access rules, counters and locks."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.access import AccessPolicy, RateLimiter
from bot.batching import QuestionBatcher
from bot.settings import Settings
from bot.worker import IndexWork
from knowledge.briefing import Briefing
from knowledge.journal.sqlite import Journal
from knowledge.answering.followup import FollowUps

MAX_CONCURRENT_CALLS = 8
"""Bot API calls in flight at once. httpx's connection pool does work quadratic in the calls
it holds: 200 answers sent at once took 10 s on 2 cores; through this gate, well under one."""


CHOICE_SECONDS = 600.0
"""How long the meeting buttons under an ambiguous question stay valid."""


@dataclass(frozen=True)
class PendingChoice:
    """A question that fits several meetings, and the meetings offered as buttons."""

    question: str
    documents: tuple[str, ...]
    nonce: str
    """Ties the buttons to this question: older buttons of the same chat have expired."""
    at: float = field(default_factory=time.monotonic)

    @property
    def expired(self) -> bool:
        return time.monotonic() - self.at > CHOICE_SECONDS


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
    work: IndexWork = field(default_factory=IndexWork)
    """Uploads, /reindex and removals, one at a time in arrival order."""
    calls: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(MAX_CONCURRENT_CALLS))
    maintainer_menus: set[int] = field(default_factory=set)
    """Maintainers whose menu (with the maintainers' commands) is set in this run."""
    button_key: bytes = b""
    """Signs the data of the bot's feedback buttons (derived from the token: stable across restarts)."""
    follow_ups: FollowUps = field(default_factory=FollowUps)
    """Per chat and person, the meeting and person of the last answer, for follow-up questions."""
    choices: dict[tuple[int, int], PendingChoice] = field(default_factory=dict)
    """Per chat and person, the question waiting for its asker to pick a meeting."""


def state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The :class:`BotState` of the application handling ``context``."""
    return context.application.bot_data["state"]
