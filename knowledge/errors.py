"""The project's domain errors. Each message is a sentence a person can act on."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the bot or the command line shows to a person as one line."""


class KnowledgeFolderError(BriefingError):
    """The knowledge folder is missing, unreadable, or holds no usable documents."""


class IndexUnusableError(BriefingError):
    """The saved index is damaged or was made by another model."""


class ModelUnavailableError(BriefingError):
    """The embedding model could not be loaded or run."""


class InvalidQuestionError(BriefingError):
    """The question is empty or cannot be asked as it stands."""


class IndexBusyError(BriefingError):
    """Another refresh of the same index is running."""


class IndexSaveError(BriefingError):
    """The index could not be written (disk full, no permission); the previous one stays in use.

    Attributes:
        unsaved: The index the refresh built but could not write (a
            :class:`knowledge.indexing.index.KnowledgeIndex`), or None if it failed before building
            one; passed back to the next refresh so it need not embed again.
    """

    def __init__(self, message: str, *, unsaved: object | None = None) -> None:
        super().__init__(message)
        self.unsaved = unsaved


class DocumentRejectedError(BriefingError):
    """A document offered for the knowledge folder cannot be used; the message says why."""


class DocumentNotIndexedError(IndexSaveError):
    """A document was saved into the knowledge folder but the index could not be written; it is
    indexed by itself once the index can be written again."""


class DatabaseError(BriefingError):
    """The PostgreSQL database cannot be reached or used (``BRIEFING_DATABASE_URL``)."""


class DatabaseUnavailableError(DatabaseError):
    """The database does not answer right now (restarting, network); trying again later may work."""
