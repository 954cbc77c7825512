"""One typed settings object, read from the environment and a ``.env`` file at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge.errors import BriefingError
from knowledge.indexing.index import APPROXIMATE_FROM, EXPANSION_SEARCH

SHIPPED_DOCUMENTS = Path(__file__).resolve().parent.parent / "briefings"
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")

IdSet = Annotated[frozenset[int], NoDecode]


class SettingsError(BriefingError):
    """A setting is missing or has a value that cannot be used."""


class Settings(BaseSettings):
    """Configuration of the bot and the command line.

    Every field is read from the environment variable named in its alias, or from ``.env`` in
    the working folder; the environment wins. Empty values count as unset.
    """

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    knowledge_dir: Path = Field(SHIPPED_DOCUMENTS, alias="BRIEFING_KNOWLEDGE_DIR")
    data_dir: Path = Field(Path("data"), alias="BRIEFING_DATA_DIR")
    model: Path | None = Field(None, alias="BRIEFING_MODEL")
    approximate_from: int = Field(APPROXIMATE_FROM, ge=1, alias="BRIEFING_APPROXIMATE_FROM")
    search_expansion: int = Field(EXPANSION_SEARCH, ge=10, le=10_000, alias="BRIEFING_SEARCH_EXPANSION")
    min_confidence: float = Field(0.0, ge=0.0, le=1.0, alias="BRIEFING_MIN_CONFIDENCE")
    timezone: str | None = Field(None, alias="BRIEFING_TIMEZONE")
    """The meeting's IANA time zone ("Pacific/Auckland"), which "What's on now?" and "What's next?"
    read the clock in; unset, the machine's."""

    telegram_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field("https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL")
    telegram_file_url: str = Field("https://api.telegram.org/file/bot", alias="TELEGRAM_API_FILE_URL")
    allowed_users: IdSet = Field(frozenset(), alias="BRIEFING_ALLOWED_USERS")
    allowed_chats: IdSet = Field(frozenset(), alias="BRIEFING_ALLOWED_CHATS")
    admins: IdSet = Field(frozenset(), alias="BRIEFING_ADMINS")
    public: bool = Field(False, alias="BRIEFING_PUBLIC")
    rate_per_minute: int = Field(20, ge=1, alias="BRIEFING_RATE_PER_MINUTE")
    max_pending: int = Field(1000, ge=1, alias="BRIEFING_MAX_PENDING")
    question_log_days: int = Field(30, ge=0, alias="BRIEFING_QUESTION_LOG_DAYS")

    database_url: SecretStr | None = Field(None, alias="BRIEFING_DATABASE_URL")
    """``postgresql://...``: keep documents, index versions and the journal in PostgreSQL with
    pgvector (several replicas share it) instead of files in the data folder."""
    webhook_url: str | None = Field(None, alias="BRIEFING_WEBHOOK_URL")
    """The public HTTPS URL Telegram posts updates to; set, the bot serves a webhook instead of polling."""
    webhook_listen: str = Field("0.0.0.0", alias="BRIEFING_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, ge=1, le=65535, alias="BRIEFING_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(None, alias="BRIEFING_WEBHOOK_SECRET")
    webhook_lease: float = Field(120.0, ge=0.5, le=86_400, alias="BRIEFING_WEBHOOK_LEASE")
    """Seconds a replica's claim on an update lasts unless renewed (every quarter of it while the
    update is handled): how long a redelivery waits before a dead replica's update is taken over."""
    webhook_header_timeout: float = Field(10.0, gt=0, le=3600, alias="BRIEFING_WEBHOOK_HEADER_TIMEOUT")
    """Seconds a connection may take to send a request's headers (and stay idle between requests)."""
    webhook_body_timeout: float = Field(10.0, gt=0, le=3600, alias="BRIEFING_WEBHOOK_BODY_TIMEOUT")
    """Seconds a request may take to send its body (an update is a few kilobytes)."""
    webhook_max_requests: int = Field(100, ge=1, le=10_000, alias="BRIEFING_WEBHOOK_MAX_REQUESTS")
    """Requests one replica serves at once; more get 503 (Telegram opens at most 40 connections)."""

    @field_validator("allowed_users", "allowed_chats", "admins", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = set()
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not re.fullmatch(r"-?\d{1,20}", part):
                raise ValueError(f"{part!r} is not a numeric Telegram id (expected e.g. 123456789,987654321)")
            ids.add(int(part))
        return frozenset(ids)

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.match(r"^postgres(ql)?://", value.get_secret_value().strip()):
            raise ValueError("expected a postgresql://user:password@host:port/database URL")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", value.strip()):
            raise ValueError("expected the public URL Telegram posts to, e.g. https://bot.example.org/telegram")
        return value.strip() if value is not None else None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value.strip())
        except (ValueError, ZoneInfoNotFoundError):
            raise ValueError(f"{value.strip()!r} is no time zone this machine knows (expected e.g. Pacific/Auckland)") from None
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a secret token")
        return value

    def zone(self) -> ZoneInfo | None:
        """The meeting's time zone, or None for the machine's."""
        return ZoneInfo(self.timezone) if self.timezone else None

    def database(self) -> str | None:
        """The PostgreSQL URL, or None for the embedded store (files in the data folder)."""
        return None if self.database_url is None else self.database_url.get_secret_value().strip()

    def token(self) -> str:
        """The bot token, checked for shape; raises :class:`SettingsError` with a clear line."""
        if self.telegram_token is None:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set; put the token @BotFather gave you in the environment or in .env."
            )
        token = self.telegram_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon, then 30+ letters, "
                "digits, _ or -)."
            )
        return token


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a bad value into one :class:`SettingsError` line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"Invalid configuration: {problems}") from None
