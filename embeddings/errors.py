"""Errors of the vector layer; ``knowledge`` turns them into sentences for people."""

from __future__ import annotations


class EmbeddingsError(Exception):
    """Base of every error raised by :mod:`embeddings`."""


class EncoderError(EmbeddingsError):
    """The model could not be found, loaded or run."""


class StoreError(EmbeddingsError):
    """A saved vector store cannot be used."""


class StoreCorruptError(StoreError):
    """The saved files are missing pieces, truncated, or were edited by hand."""


class StoreModelMismatchError(StoreError):
    """The store was made by another model (or dimension) than the one in use."""

    def __init__(self, message: str, *, stored_model: str, wanted_model: str) -> None:
        super().__init__(message)
        self.stored_model = stored_model
        self.wanted_model = wanted_model


class StoreUnavailableError(StoreError):
    """A store kept in a database could not be asked (the server is down or restarting)."""
