"""The answering core the bot and the command line call: one object per knowledge folder."""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from embeddings.encoder import Encoder, SentenceTransformerEncoder
from embeddings.errors import EncoderError
from knowledge.answering import Answer, answer_questions, normalise_question
from knowledge.documents import SkippedFile, parse_document, safe_file_name
from knowledge.errors import DocumentRejectedError
from knowledge.index import (
    APPROXIMATE_FROM,
    EXPANSION_SEARCH,
    DocumentInfo,
    KnowledgeIndex,
    ProgressCallback,
    RefreshReport,
    load_index,
    open_index,
    refresh_index,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AddedDocument:
    """A document added to the knowledge folder: what the index now knows of it."""

    document: DocumentInfo
    replaced: bool
    """A file of the same name was there before."""
    report: RefreshReport


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
        approximate_from: Indexes of this many passages or more are searched through an HNSW
            graph (``BRIEFING_APPROXIMATE_FROM``; ``None``: always exact). Default 100,000.
        search_expansion: The graph's candidate list while searching
            (``BRIEFING_SEARCH_EXPANSION``, default 512): lower is faster at some recall.
    """

    def __init__(
        self,
        knowledge_dir: str | Path,
        data_dir: str | Path,
        *,
        encoder: Encoder | None = None,
        model_path: str | Path | None = None,
        approximate_from: int | None = APPROXIMATE_FROM,
        search_expansion: int = EXPANSION_SEARCH,
    ) -> None:
        self.approximate_from = approximate_from
        self.search_expansion = search_expansion
        self.knowledge_dir = Path(knowledge_dir)
        self.data_dir = Path(data_dir)
        self.encoder = encoder or SentenceTransformerEncoder(model_path)
        self._index: KnowledgeIndex | None = None
        self._lock = threading.Lock()
        self._examples: tuple[KnowledgeIndex, list[str]] | None = None

    @property
    def index(self) -> KnowledgeIndex:
        """The index in use, loaded (or built, if none was saved) on first use."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._serve(open_index(
                        self.knowledge_dir, self.data_dir, self.encoder, approximate_from=self.approximate_from
                    ))
        return self._index

    def load(self) -> KnowledgeIndex:
        """Load the saved index without building one; raises ``FileNotFoundError`` if none."""
        return self._serve(load_index(self.data_dir, self.encoder))

    def refresh(
        self, *, full: bool = False, show_progress: bool = False, progress: ProgressCallback | None = None
    ) -> RefreshReport:
        """Re-read the documents, embed what is new, save, and start serving the result.

        Blocking: call it from a worker thread in async code. Questions keep being answered
        from the previous index until the new one is saved.
        """
        index, report = refresh_index(
            self.knowledge_dir, self.data_dir, self.encoder, full=full, show_progress=show_progress, progress=progress,
            approximate_from=self.approximate_from,
        )
        self._serve(index)
        return report

    def _serve(self, index: KnowledgeIndex) -> KnowledgeIndex:
        if index.store.approximate is not None:
            index.store.approximate.set_expansion(self.search_expansion)
        self._index = index
        return index

    def add_document(self, file_name: str, data: bytes) -> AddedDocument:
        """Check a file, save it into the knowledge folder under a safe name, and index it.

        Blocking (it embeds the new passages). A file of the same name is replaced.

        Raises:
            DocumentRejectedError: Not a kind of file the briefing reads, too big, or no
                readable text; nothing is saved.
            IndexSaveError, ModelUnavailableError, IndexBusyError: The file was saved but not
                indexed; the next refresh picks it up.
        """
        name = safe_file_name(file_name)
        parsed = parse_document(name, data)
        if isinstance(parsed, SkippedFile):
            raise DocumentRejectedError(f"{file_name} was not added: {parsed.reason}.")
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
        report = self.refresh()
        info = next(d for d in self.index.documents if d.name == name)
        return AddedDocument(info, replaced, report)

    def remove_document(self, name: str) -> RefreshReport:
        """Delete a document of the index from the knowledge folder and refresh.

        Raises:
            DocumentRejectedError: No indexed document has that name.
        """
        if name not in {d.name for d in self.index.documents}:
            raise DocumentRejectedError(f"There is no document named {name!r}; /documents lists them.")
        try:
            (self.knowledge_dir / name).unlink(missing_ok=True)
        except OSError as exc:
            raise DocumentRejectedError(f"{name} could not be removed ({exc.strerror or exc}).") from exc
        return self.refresh()

    def ask(self, question: str) -> Answer:
        return self.ask_many([question])[0]

    def ask_many(self, questions: Sequence[str], *, mode: str = "hybrid") -> list[Answer]:
        """Answer questions in order, encoding them together (cheaper than one by one).

        Questions are checked before the index is opened, so a bad one costs nothing.
        ``mode`` other than ``"hybrid"`` gives the retrieval baselines (see
        :func:`knowledge.answering.answer_questions`).
        """
        tidy = [normalise_question(q) for q in questions]
        return answer_questions(self.index, self.encoder, tidy, mode=mode)

    def warm_up(self) -> None:
        """Load the model and run it once, so the first question does not wait for it.

        Blocking (seconds: importing sentence-transformers and PyTorch is most of the bot's
        start-up); meant for a background thread at start. A model that cannot be loaded is
        not raised here: the first question reports it to the person asking.
        """
        try:
            self.encoder.encode(["warm up"])
        except EncoderError as exc:
            log.warning("The model is not ready: %s", exc)

    def example_questions(self, limit: int = 3) -> list[str]:
        """Two or three questions this briefing answers, to show newcomers how to ask.

        Candidates are built from the passages (people named in them, the meeting itself) and
        kept only if the index really answers them. Blocking (it may encode); cached per index.
        """
        index = self.index
        if self._examples is not None and self._examples[0] is index:
            return self._examples[1]
        names = [s.name for s in index.speakers] or _names(p.text for p in index.passages)
        candidates = [("When was the meeting?", "")]
        candidates += [(f"Who is {name}?", name.split()[-1]) for name in names[:1]]
        candidates += [("Who spoke?", ""), ("What is the meeting about?", "")]
        candidates += [(f"Who is {name}?", name.split()[-1]) for name in names[1:4]]
        answers = self.ask_many([q for q, _ in candidates])
        kept = [a.question for a, (_, must) in zip(answers, candidates) if a.answered and must in a.text]
        self._examples = (index, kept[:limit])
        return kept[:limit]


_NOT_PEOPLE = frozenset(
    "department unit ministry office meeting chairmanship states organization organisation council "
    "committee commission secretary group nations union agency police forum summit conference "
    "threats matters co-operation cooperation partners state republic federation assembly board".split()
)
_WORD = r"[A-Z][a-z\u00df-\u024f]+"
_RUN = re.compile(rf"(?<![\w-]){_WORD}(?: {_WORD})+(?![\w-])")


def _names(texts) -> list[str]:
    """Names that look like people (the last two words of a run of capitalised words), most
    mentioned first."""
    counts: dict[str, int] = {}
    for text in texts:
        for run in _RUN.findall(text):
            first, last = run.split()[-2:]
            if first.lower() in _NOT_PEOPLE or last.lower() in _NOT_PEOPLE or first in {"The", "This", "In", "On", "At"}:
                continue
            counts[f"{first} {last}"] = counts.get(f"{first} {last}", 0) + 1
    return sorted(counts, key=lambda n: -counts[n])
