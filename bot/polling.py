"""Polling that survives an update the library cannot read."""

from __future__ import annotations

import copy
import logging
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
"""The update types the handlers use; Telegram sends no others (edits, channel posts, polls,
reactions...), so they cost neither a request nor a parse."""


class TolerantBot(ExtBot):
    """An ``ExtBot`` whose ``getUpdates`` replaces an update it cannot read by an empty one.

    python-telegram-bot parses a batch of updates at once: one it cannot read (a field of a
    type it does not expect) fails the whole batch, the offset never moves past it, and the
    same batch is fetched again for ever (90% CPU, megabytes of log a second). Here each
    update is tried alone; one that fails costs a log line and reaches the handlers as an
    update with nothing in it (the gate drops it), so the next poll confirms it and moves on.
    """

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            result = [self._readable(raw) for raw in result]
        return result

    def _readable(self, raw: Any) -> Any:
        try:
            Update.de_json(copy.deepcopy(raw), self)
        except Exception as exc:  # whatever the parser trips on; it would stop polling for good
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int):
                raise
            kinds = ", ".join(k for k in raw if k != "update_id")[:100]
            log.warning("Skipped update %s (%s): the library cannot read it (%s: %.200s)",
                        update_id, kinds, type(exc).__name__, exc)
            return {"update_id": update_id}
        return raw
