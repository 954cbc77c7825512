"""The answering core the bot and the command line call: one object per knowledge folder."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from embeddings.encoder import Encoder, SentenceTransformerEncoder
from knowledge.answering import Answer, answer_questions, normalise_question
from knowledge.index import KnowledgeIndex, RefreshReport, load_index, open_index, refresh_index


class Briefing:
    """Documents, their index and the encoder, behind three calls: ``ask``, ``refresh``, ``index``.

    The index is an immutable snapshot; :meth:`refresh` builds a new one and swaps it in with a
    single assignment, so questions asked during a refresh are answered from the old index and
    never from a mix.

    Args:
        knowledge_dir: Folder of the documents.
        data_dir: Folder the index is saved under.
        encoder: Defaults to the bundled all-MiniLM-L6-v2, or ``model_path`` if given.
        model_path: A sentence-transformers model folder (``BRIEFING_MODEL``).
    """

    def __init__(
        self,
        knowledge_dir: str | Path,
        data_dir: str | Path,
        *,
        encoder: Encoder | None = None,
        model_path: str | Path | None = None,
    ) -> None:
        self.knowledge_dir = Path(knowledge_dir)
        self.data_dir = Path(data_dir)
        self.encoder = encoder or SentenceTransformerEncoder(model_path)
        self._index: KnowledgeIndex | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> KnowledgeIndex:
        """The index in use, loaded (or built, if none was saved) on first use."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = open_index(self.knowledge_dir, self.data_dir, self.encoder)
        return self._index

    def load(self) -> KnowledgeIndex:
        """Load the saved index without building one; raises ``FileNotFoundError`` if none."""
        self._index = load_index(self.data_dir, self.encoder)
        return self._index

    def refresh(self, *, full: bool = False, show_progress: bool = False) -> RefreshReport:
        """Re-read the documents, embed what is new, save, and start serving the result."""
        index, report = refresh_index(
            self.knowledge_dir, self.data_dir, self.encoder, full=full, show_progress=show_progress
        )
        self._index = index
        return report

    def ask(self, question: str) -> Answer:
        return self.ask_many([question])[0]

    def ask_many(self, questions: Sequence[str]) -> list[Answer]:
        """Answer questions in order, encoding them together (cheaper than one by one).

        Questions are checked before the index is opened, so a bad one costs nothing.
        """
        tidy = [normalise_question(q) for q in questions]
        return answer_questions(self.index, self.encoder, tidy)
