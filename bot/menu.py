"""The commands the bot knows, as shown in Telegram's command menu: staff see theirs, and each
maintainer also sees the maintainers' commands (in their private chat with the bot)."""

from __future__ import annotations

COMMANDS = [
    ("help", "How to ask, with examples"),
    ("ask", "Ask a question (in groups)"),
    ("brief", "The briefing card: event, date, place, speakers, key points"),
    ("speakers", "The people in the briefing"),
    ("sources", "The documents I answer from"),
    ("documents", "The documents, with file names"),
    ("reindex", "Maintainers: refresh from the knowledge folder"),
    ("status", "Maintainers: index and bot status"),
    ("remove", "Maintainers: remove a document"),
    ("gaps", "Maintainers: questions the briefing could not answer"),
]

MAINTAINER_COMMANDS = {"reindex", "status", "remove", "gaps"}
STAFF_COMMANDS = [(c, d) for c, d in COMMANDS if c not in MAINTAINER_COMMANDS]
