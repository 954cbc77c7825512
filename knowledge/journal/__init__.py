"""The journal: takes each answer given and the feedback on it; gives the questions the briefing
could not answer (``/gaps``, :mod:`.gaps`). Kept in SQLite (:mod:`.sqlite`) or PostgreSQL
(:mod:`.postgres`), where :mod:`.ledger` also records the Telegram updates already answered."""
