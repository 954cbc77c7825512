"""The answering core the bot and the command line call: one object per knowledge folder."""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from embeddings.encoder import Encoder, SentenceTransformerEncoder
from embeddings.errors import EncoderError, StoreUnavailableError
from knowledge.answering.answers import answer_questions, normalise_question
from knowledge.answering.examples import example_questions
from knowledge.answering.types import Answer, Topic

from knowledge.reading.documents import SkippedFile, parse_document, safe_file_name
from knowledge.errors import BriefingError, DatabaseUnavailableError, DocumentNotIndexedError, DocumentRejectedError, IndexSaveError
from knowledge.indexing.index import (
    APPROXIMATE_FROM,
    EXPANSION_SEARCH,
    DocumentInfo,
    KnowledgeIndex,
    ProgressCallback,
    RefreshReport,
)
from knowledge.indexing.library import FolderLibrary, Library

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0
"""Pause between tries of a refresh that could not be written (disk full, data folder read-only)."""


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
    never from a mix. One lock owns what is served (the index, the example questions made from
    it, and whether it is stale); a second one lets one refresh (or first opening) run at a time,
    so a refresh that finished last is the one served. Questions take neither lock once the
    index is open.

    If a refresh cannot be written (disk full, data folder read-only) while a valid index is
    saved, that index keeps being served, a warning says why, and the refresh is tried again in
    the background every ``retry_seconds`` until it succeeds; an upload saved meanwhile is
    indexed then. What the failed refresh embedded is kept in memory for the next try, so the
    tries only read the documents and write.

    Args:
        knowledge_dir: Folder of the documents.
        data_dir: Folder the index is saved under.
        encoder: Defaults to the bundled all-MiniLM-L6-v2, or ``model_path`` if given.
        model_path: A sentence-transformers model folder (``BRIEFING_MODEL``).
        approximate_from: Indexes of this many passages or more are searched through an HNSW
            graph (``BRIEFING_APPROXIMATE_FROM``; ``None``: always exact). Default 100,000.
        search_expansion: The graph's candidate list while searching
            (``BRIEFING_SEARCH_EXPANSION``, default 512): lower is faster at some recall.
        retry_seconds: Pause between tries of a refresh that could not be written (default
            :data:`RETRY_SECONDS`, 60). Each try reads and hashes every document, so shorter
            costs disk reads while the disk is full; longer leaves an upload unindexed longer
            once there is room.
        min_confidence: Decline answers less likely right than this (``BRIEFING_MIN_CONFIDENCE``, 0-1,
            default 0: only the pipeline's checks decline). Higher declines more of what the briefing
            lacks and more of what it holds: docs/figures.md, "Confidence".
        library: Where documents and index live; default a :class:`~knowledge.indexing.library.FolderLibrary`
            of ``knowledge_dir`` and ``data_dir``. With a shared one
            (:class:`~knowledge.indexing.postgres.PostgresLibrary`), :meth:`follow` switches to versions
            other processes store.
        timezone: The meeting's zone, for "What's on now?" (``BRIEFING_TIMEZONE``); default the machine's.
        clock: Gives the time now (default: the system clock in ``timezone``); for tests.
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
        retry_seconds: float = RETRY_SECONDS,
        min_confidence: float = 0.0,
        library: Library | None = None,
        timezone: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.min_confidence = min_confidence
        self.timezone = timezone
        self._clock = clock or (lambda: datetime.now(self.timezone) if self.timezone else datetime.now().astimezone())
        self.approximate_from = approximate_from
        self.search_expansion = search_expansion
        self.retry_seconds = retry_seconds
        self.knowledge_dir = Path(knowledge_dir)
        self.data_dir = Path(data_dir)
        self.encoder = encoder or SentenceTransformerEncoder(model_path)
        self.library: Library = library or FolderLibrary(self.knowledge_dir, self.data_dir)
        self._following: threading.Thread | None = None
        self._lock = threading.Lock()  # owns the four fields below; held for assignments only
        self._index: KnowledgeIndex | None = None
        self._examples: tuple[KnowledgeIndex, list[str]] | None = None
        self._stale: str | None = None  # why the served index is behind the documents
        self._retrying: threading.Thread | None = None
        self._refreshing = threading.Lock()  # one refresh (or first opening) at a time; owns _unsaved
        self._unsaved: KnowledgeIndex | None = None  # built by a refresh that could not be written
        self._making_examples = threading.Lock()  # one computation of the examples at a time
        self._closed = threading.Event()

    @property
    def index(self) -> KnowledgeIndex:
        """The index in use, loaded (or built, if none was saved) on first use.

        A saved index that could not be brought up to date is served as it is (see the class).
        """
        index = self._index
        if index is None:
            with self._refreshing:
                index = self._index
                if index is None:
                    opened = self.library.open(self.encoder, approximate_from=self.approximate_from)
                    if opened.refresh_failed is not None:
                        self._keep_unsaved(opened.refresh_failed)
                    index = self._serve(opened.index, stale=opened.refresh_failed)
        elif self._stale is not None and self._retrying is None:
            with self._lock:  # the retry thread ended without bringing the index up to date
                self._retry_in_background()
        return index

    @property
    def stale(self) -> str | None:
        """Why the index served is behind the documents (a refresh could not be written), or None."""
        return self._stale

    def load(self) -> KnowledgeIndex:
        """Load the saved index without building one; raises ``FileNotFoundError`` if none."""
        with self._refreshing:
            return self._serve(self.library.load(self.encoder, approximate_from=self.approximate_from), stale=self._stale)

    def refresh(
        self, *, full: bool = False, show_progress: bool = False, progress: ProgressCallback | None = None
    ) -> RefreshReport:
        """Re-read the documents, embed what is new, save, and start serving the result.

        Blocking: call it from a worker thread in async code. Questions keep being answered
        from the previous index until the new one is saved. Waits for a refresh already running
        in this process (another process's refresh raises :class:`IndexBusyError`).

        Raises:
            IndexSaveError: The index could not be written; the previous one stays in use and
                the refresh is tried again in the background if an index is being served (see
                the class).
        """
        with self._refreshing:
            try:
                index, report = self.library.refresh(
                    self.encoder, full=full, show_progress=show_progress, progress=progress,
                    approximate_from=self.approximate_from, unsaved=self._unsaved, served=self._index,
                )
            except IndexSaveError as exc:
                self._keep_unsaved(exc)
                if self._index is not None:  # serving: keep trying (a one-off `reindex` just reports)
                    self._mark_stale(str(exc))
                raise
            self._unsaved = None
            self._serve(index)
        return report

    def _keep_unsaved(self, exc: IndexSaveError) -> None:
        """Keep what a failed refresh embedded for the next try; call holding ``_refreshing``."""
        if isinstance(exc.unsaved, KnowledgeIndex):
            self._unsaved = exc.unsaved

    def _serve(self, index: KnowledgeIndex, *, stale: BriefingError | str | None = None) -> KnowledgeIndex:
        """Swap ``index`` in (under the lock), dropping the examples made from the previous one."""
        if index.store.approximate is not None:
            index.store.approximate.set_expansion(self.search_expansion)
        with self._lock:
            self._index = index
            self._examples = None
            self._stale = None if stale is None else str(stale)
            if self._stale is not None:
                self._retry_in_background()
        return index

    def _retry_in_background(self) -> None:
        """Start the thread that retries the refresh, unless it runs already; call under the lock."""
        if self._retrying is None and not self._closed.is_set():
            log.warning("Trying to bring the index up to date again every %g s.", self.retry_seconds)
            self._retrying = threading.Thread(target=self._retry_until_fresh, name="index-retry", daemon=True)
            self._retrying.start()

    def _mark_stale(self, reason: str) -> None:
        with self._lock:
            self._stale = reason
            self._retry_in_background()

    def _retry_until_fresh(self) -> None:
        ended = False
        try:
            while True:
                with self._lock:  # the check and the end are one step: a failure marked meanwhile finds no thread
                    if self._stale is None or self._closed.is_set():
                        self._retrying = None
                        ended = True
                        return
                if not self._closed.wait(self.retry_seconds):
                    self._retry_once()
        finally:
            if not ended:  # an unexpected error, logged by threading; the next use of the index starts another
                with self._lock:
                    self._retrying = None

    def _retry_once(self) -> None:
        if not self._refreshing.acquire(blocking=False):
            return  # a refresh is running; it serves a fresh index or marks this one stale again
        try:
            last = self._stale
            if last is None:
                return
            try:
                index, report = self.library.refresh(
                    self.encoder, approximate_from=self.approximate_from, unsaved=self._unsaved, served=self._index,
                )
            except BriefingError as exc:
                if isinstance(exc, IndexSaveError):
                    self._keep_unsaved(exc)
                (log.info if str(exc) == last else log.warning)("The index is still not up to date: %s", exc)
                with self._lock:
                    self._stale = str(exc)
                return
            self._unsaved = None
            self._serve(index)
            log.warning("The index is up to date again: %d document(s), %d passage(s) embedded.",
                        report.documents, report.embedded)
        finally:
            self._refreshing.release()

    def follow(self) -> None:
        """Switch to each version other processes store (replicas sharing a database), in a
        background thread, until :meth:`close`. Questions are answered from the version served
        until the new one is wholly loaded, never from a mix. A no-op for the folder library."""
        if self._following is None:
            self._following = threading.Thread(
                target=self.library.follow, args=(self._served_version, self._switch, self._closed),
                name="index-follow", daemon=True,
            )
            self._following.start()

    def health(self) -> str | None:
        """Why this process should not be sent questions now (no index loaded yet, the database
        not answering), or None when it is ready. Blocking (it may ask the database)."""
        if self._index is None:
            return "the index is not loaded yet"
        try:
            self.library.check()
        except BriefingError as exc:
            return str(exc)
        return None

    def _served_version(self) -> str | None:
        index = self._index
        return None if index is None else index.version

    def _switch(self) -> None:
        """Serve the version stored now, unless this process serves it already (one switch at a time)."""
        with self._refreshing:
            index = self.library.load(self.encoder, approximate_from=self.approximate_from)
            if self._index is None or index.version != self._index.version:
                self._serve(index, stale=self._stale)
                log.info("Now serving index version %s: %d document(s), %d passage(s).",
                         index.version, len(index.documents), len(index.passages))

    def close(self) -> None:
        """Stop retrying a refresh and following other processes' versions, wait for a try under
        way, and release the library (the index stays usable)."""
        self._closed.set()
        for thread in (self._retrying, self._following):
            if thread is not None:
                thread.join()
        self.library.close()

    def add_document(self, file_name: str, data: bytes) -> AddedDocument:
        """Check a file, save it into the knowledge folder under a safe name, and index it.

        Blocking (it embeds the new passages). A file of the same name is replaced.

        Raises:
            DocumentRejectedError: Not a kind of file the briefing reads, too big, or no
                readable text; nothing is saved.
            DocumentNotIndexedError: The file was saved but the index could not be written
                (disk full, data folder read-only); it is indexed by the background retry
                once the index can be written (see the class).
            ModelUnavailableError, IndexBusyError: The file was saved but not indexed; the
                next refresh picks it up.
        """
        name = safe_file_name(file_name)
        parsed = parse_document(name, data)
        if isinstance(parsed, SkippedFile):
            raise DocumentRejectedError(f"{file_name} was not added: {parsed.reason}.")
        replaced = self.library.save_document(name, data)
        try:
            report = self.refresh()
        except IndexSaveError as exc:
            self._mark_stale(str(exc))  # the promise below: tried again until it is indexed
            raise DocumentNotIndexedError(_not_indexed(name, exc)) from exc
        info = next(d for d in self.index.documents if d.name == name)
        return AddedDocument(info, replaced, report)

    def remove_document(self, name: str) -> RefreshReport:
        """Delete a document of the index from the knowledge folder and refresh.

        Raises:
            DocumentRejectedError: No indexed document has that name.
        """
        if name not in {d.name for d in self.index.documents}:
            raise DocumentRejectedError(f"There is no document named {name!r}; /documents lists them.")
        self.library.delete_document(name)
        return self.refresh()

    def ask(self, question: str, context: Topic | None = None) -> Answer:
        """Answer one question; ``context`` is the topic of the previous exchange in the same chat."""
        return self.ask_many([question], contexts=[context])[0]

    def ask_many(self, questions: Sequence[str], *, mode: str = "hybrid",
                 contexts: Sequence[Topic | None] | None = None) -> list[Answer]:
        """Answer questions in order, encoding them together (cheaper than one by one).

        Questions are checked before the index is opened, so a bad one costs nothing.
        ``mode`` other than ``"hybrid"`` gives the retrieval baselines (see
        :func:`knowledge.answering.answers.answer_questions`); ``contexts`` gives, per question, the
        topic of the previous exchange in its chat, against which follow-ups resolve.
        """
        tidy = [normalise_question(q) for q in questions]
        try:
            return answer_questions(self.index, self.encoder, tidy, mode=mode, contexts=contexts,
                                    min_confidence=self.min_confidence, now=self._clock())
        except StoreUnavailableError as exc:  # a large index searched through the database's HNSW index
            raise DatabaseUnavailableError(
                f"The database is not answering ({exc}); please try again in a minute."
            ) from exc

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
        try:
            from knowledge.language.nlp import parse

            parse("Who opened the meeting?")  # the English language model: two more seconds of loading
        except BriefingError as exc:
            log.warning("The language model is not ready: %s", exc)

    def example_questions(self, limit: int = 3) -> list[str]:
        """Two or three questions this briefing answers, to show newcomers how to ask.

        Candidates are built from the passages (people named in them, the meeting itself) and
        kept only if the index really answers them. Blocking (it may encode); made once per
        index, by one caller while the others wait, and never kept for an index no longer served.
        """
        with self._making_examples:
            index = self.index
            with self._lock:
                cached = self._examples
            if cached is not None and cached[0] is index:
                return list(cached[1])
            kept = example_questions(index, self.encoder, limit)
            with self._lock:
                if self._index is index:  # a refresh swapped the index meanwhile: these are not its examples
                    self._examples = (index, kept)
            return list(kept)


def _not_indexed(name: str, exc: IndexSaveError) -> str:
    """The sentence for an upload saved into the folder but not indexed."""
    cause = exc.__cause__
    full = isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT)
    reason = (cause.strerror or str(cause)) if isinstance(cause, OSError) else str(exc)
    when = "when the data disk has room again" if full else "once the index can be written again"
    return f"{name} is saved; it will be indexed {when} ({reason})."
