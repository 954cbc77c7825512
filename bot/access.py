"""Who may use the bot: default deny, decided in one place."""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field


class Role(enum.Enum):
    NONE = "none"
    STAFF = "staff"
    ADMIN = "admin"


@dataclass
class AccessPolicy:
    """Default-deny access rules.

    Maintainers (``admins``) may do everything anywhere. Staff are the listed users, anyone in
    a listed group chat (only inside that chat), or everyone when ``public``. Being in an
    allowed group never makes anyone a maintainer.

    Args:
        admins: User ids of maintainers.
        allowed_users: User ids of staff.
        allowed_chats: Ids of group chats whose members may ask there.
        public: Open to every user.
        refusal_interval: Seconds during which a refused user is not told again (default 300).
    """

    admins: frozenset[int] = frozenset()
    allowed_users: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] = frozenset()
    public: bool = False
    refusal_interval: float = 300.0
    _refused_at: dict[int, float] = field(default_factory=dict, repr=False)

    def role(self, user_id: int, chat_id: int | None) -> Role:
        if user_id in self.admins:
            return Role.ADMIN
        if self.public or user_id in self.allowed_users or (chat_id is not None and chat_id in self.allowed_chats):
            return Role.STAFF
        return Role.NONE

    def should_tell_refusal(self, user_id: int, now: float | None = None) -> bool:
        """True at most once per ``refusal_interval`` per user, so a refused user (or a script)
        cannot make the bot answer again and again."""
        now = time.monotonic() if now is None else now
        last = self._refused_at.get(user_id)
        if last is not None and now - last < self.refusal_interval:
            return False
        if len(self._refused_at) > 10_000:  # keep memory bounded under a flood of strangers
            self._refused_at = {u: t for u, t in self._refused_at.items() if now - t < self.refusal_interval}
        self._refused_at[user_id] = now
        return True

    def describe(self) -> str:
        """Who may use the bot, for the start-up log line (ids only)."""
        if self.public:
            who = "everyone (BRIEFING_PUBLIC)"
        else:
            who = f"{len(self.allowed_users)} staff user(s), {len(self.allowed_chats)} group chat(s)"
        return f"{who}; {len(self.admins)} maintainer(s)"


class Rate(enum.Enum):
    ALLOW = "allow"
    TELL = "tell"
    """Over the limit: say so (once per minute per user)."""
    DROP = "drop"
    """Over the limit and already told: ignore."""


@dataclass
class RateLimiter:
    """A token bucket per user, so that one person (or a script) cannot starve the others.

    Each user may send ``per_minute`` messages at once, then one every ``60 / per_minute``
    seconds. Over the limit, the first message in a minute is answered with a notice and the
    rest are ignored (logged), so a flood costs the bot no sends either.

    Args:
        per_minute: Messages per user per minute, and the burst allowed (default 20).
    """

    per_minute: int = 20
    _buckets: dict[int, tuple[float, float]] = field(default_factory=dict, repr=False)
    _told: dict[int, float] = field(default_factory=dict, repr=False)

    def check(self, user_id: int, now: float | None = None) -> Rate:
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(user_id, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - last) * self.per_minute / 60.0)
        if len(self._buckets) > 10_000:  # bounded: forget users whose bucket is full again
            self._buckets = {u: (t, at) for u, (t, at) in self._buckets.items() if now - at < 60.0}
            self._told = {u: at for u, at in self._told.items() if now - at < 60.0}
        if tokens >= 1.0:
            self._buckets[user_id] = (tokens - 1.0, now)
            return Rate.ALLOW
        self._buckets[user_id] = (tokens, now)
        told = self._told.get(user_id)
        if told is not None and now - told < 60.0:
            return Rate.DROP
        self._told[user_id] = now
        return Rate.TELL
