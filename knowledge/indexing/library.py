"""Where a briefing's documents and index live: the interface, and the embedded one (files).

:class:`knowledge.briefing.Briefing` talks only to a :class:`Library`. Two exist:

- :class:`FolderLibrary` (the default): documents in the knowledge folder, the index as numpy
  files under the data folder, one process.
- :class:`knowledge.indexing.postgres.PostgresLibrary` (``BRIEFING_DATABASE_URL``): documents, index
  versions and vectors in PostgreSQL with pgvector, shared by several replicas.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from embeddings.encoder import Encoder
from knowledge.errors import DocumentRejectedError
from knowledge.indexing.index import APPROXIMATE_FROM, KnowledgeIndex, ProgressCallback, RefreshReport
from knowledge.indexing.folder import OpenedIndex, load_index, open_index_or_saved, refresh_index


class Library(Protocol):
    """The documents and their index versions, behind what :class:`~knowledge.briefing.Briefing` needs.

    Every method is blocking; call them from a worker thread in async code.
    """

    description: str
    """Where the documents live, for messages (a folder, a database)."""

    def open(self, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM) -> OpenedIndex:
        """The index to serve, brought up to date with the documents (built if there is none)."""

    def load(self, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM) -> KnowledgeIndex:
        """The stored index as it is; ``FileNotFoundError`` if none was ever stored."""

    def refresh(self, encoder: Encoder, *, full: bool = False, show_progress: bool = False,
                progress: ProgressCallback | None = None, approximate_from: int | None = APPROXIMATE_FROM,
                unsaved: KnowledgeIndex | None = None, served: KnowledgeIndex | None = None,
                ) -> tuple[KnowledgeIndex, RefreshReport]:
        """Bring the stored index in line with the documents and store it (see :func:`knowledge.indexing.index.refresh_index`).

        ``served`` is the index this process serves; a library may reuse its vectors.
        """

    def save_document(self, name: str, data: bytes) -> bool:
        """Store a document's bytes under ``name`` (a safe name), replacing one of that name;
        returns whether one was replaced. Raises :class:`DocumentRejectedError` if it cannot."""

    def delete_document(self, name: str) -> None:
        """Delete the document ``name``. Raises :class:`DocumentRejectedError` if it cannot."""

    def follow(self, served: Callable[[], str | None], on_new: Callable[[], None], stop: threading.Event) -> None:
        """Until ``stop`` is set, call ``on_new()`` whenever another process stored a version other
        than ``served()``. Returns at once where nothing else writes (the folder)."""

    def check(self) -> None:
        """Raise a :class:`~knowledge.errors.BriefingError` unless the store answers now."""

    def close(self) -> None:
        """Release connections; the library is not used afterwards."""


class FolderLibrary:
    """The embedded library: documents in ``knowledge_dir``, the index under ``data_dir`` (see
    :mod:`knowledge.indexing.index` and :mod:`embeddings.store`)."""

    def __init__(self, knowledge_dir: str | Path, data_dir: str | Path) -> None:
        self.knowledge_dir = Path(knowledge_dir)
        self.data_dir = Path(data_dir)
        self.description = f"the knowledge folder {self.knowledge_dir}"

    def open(self, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM) -> OpenedIndex:
        return open_index_or_saved(self.knowledge_dir, self.data_dir, encoder, approximate_from=approximate_from)

    def load(self, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM) -> KnowledgeIndex:
        return load_index(self.data_dir, encoder)  # a saved graph comes with the store

    def refresh(self, encoder: Encoder, *, full: bool = False, show_progress: bool = False,
                progress: ProgressCallback | None = None, approximate_from: int | None = APPROXIMATE_FROM,
                unsaved: KnowledgeIndex | None = None, served: KnowledgeIndex | None = None,
                ) -> tuple[KnowledgeIndex, RefreshReport]:
        return refresh_index(self.knowledge_dir, self.data_dir, encoder, full=full, show_progress=show_progress,
                             progress=progress, approximate_from=approximate_from, unsaved=unsaved)

    def save_document(self, name: str, data: bytes) -> bool:
        target = self.knowledge_dir / name
        replaced = target.exists()
        self.knowledge_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.knowledge_dir / f".{name}.{os.getpid()}.upload"
        try:
            tmp.write_bytes(data)
            os.replace(tmp, target)  # a reader sees the old file or the new one, never half
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise DocumentRejectedError(f"{name} could not be saved ({exc.strerror or exc}).") from exc
        return replaced

    def delete_document(self, name: str) -> None:
        try:
            (self.knowledge_dir / name).unlink(missing_ok=True)
        except OSError as exc:
            raise DocumentRejectedError(f"{name} could not be removed ({exc.strerror or exc}).") from exc

    def follow(self, served: Callable[[], str | None], on_new: Callable[[], None], stop: threading.Event) -> None:
        return None  # one process owns the folder's index

    def check(self) -> None:
        return None  # files: a failure shows when they are read or written

    def close(self) -> None:
        return None
