"""One typed settings object, read from the environment and a ``.env`` file at start."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.errors import BriefingError

SHIPPED_DOCUMENTS = Path(__file__).resolve().parent.parent / "knowledge" / "documents"


class SettingsError(BriefingError):
    """A setting has a value that cannot be used."""


class Settings(BaseSettings):
    """Configuration of the bot and the command line.

    Every field is read from the environment variable named in its alias, or from ``.env`` in
    the working folder; the environment wins.
    """

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    knowledge_dir: Path = Field(SHIPPED_DOCUMENTS, alias="BRIEFING_KNOWLEDGE_DIR")
    data_dir: Path = Field(Path("data"), alias="BRIEFING_DATA_DIR")
    model: Path | None = Field(None, alias="BRIEFING_MODEL")


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a bad value into one :class:`SettingsError` line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"Invalid configuration: {problems}") from None
