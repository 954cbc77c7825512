"""Which deployment the settings ask for: files in the data folder (embedded), or PostgreSQL.

The rest of the bot receives a :class:`~knowledge.briefing.Briefing` and a journal and never
asks which one runs.
"""

from __future__ import annotations

from bot.settings import Settings
from knowledge.briefing import Briefing


def make_briefing(settings: Settings) -> Briefing:
    """The briefing the settings describe; with ``BRIEFING_DATABASE_URL`` it is kept in PostgreSQL.

    Raises:
        DatabaseError: The database cannot be reached, lacks pgvector, or cannot be used (one line).
    """
    library = None
    if settings.database() is not None:
        from knowledge.indexing.postgres import PostgresLibrary

        library = PostgresLibrary(settings.database(), settings.knowledge_dir)
    return Briefing(settings.knowledge_dir, settings.data_dir, model_path=settings.model,
                    approximate_from=settings.approximate_from, search_expansion=settings.search_expansion,
                    min_confidence=settings.min_confidence, library=library, timezone=settings.zone())


def make_journal(settings: Settings, briefing: Briefing):
    """The question journal (SQLite in the data folder, or the briefing's database), or None when
    ``BRIEFING_QUESTION_LOG_DAYS`` is 0."""
    if not settings.question_log_days:
        return None
    database = getattr(briefing.library, "db", None)
    if database is not None:
        from knowledge.journal.postgres import PostgresJournal

        return PostgresJournal(database, settings.question_log_days)
    from knowledge.journal.sqlite import Journal

    return Journal(settings.data_dir, settings.question_log_days)


def make_ledger(briefing: Briefing):
    """Which Telegram updates were answered already: shared by replicas in the database, else in memory."""
    from knowledge.journal.ledger import MemoryLedger

    database = getattr(briefing.library, "db", None)
    if database is not None:
        from knowledge.journal.ledger import PostgresLedger

        return PostgresLedger(database)
    return MemoryLedger()
