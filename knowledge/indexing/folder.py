"""The index saved in a folder (``BRIEFING_DATA_DIR``): load it, open it, and refresh it.

A refresh embeds only passages it has not embedded before: documents whose content hash is
unchanged keep their vectors, and within a changed document every passage whose text is
unchanged keeps its vector too. Removed documents are dropped. Nothing is written, and the
model is not even loaded, when nothing changed.
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path


from embeddings.approximate import EXPANSION_SEARCH  # noqa: F401 - the settings' default, re-exported
from embeddings.encoder import Encoder
from embeddings.errors import (
    EncoderError,
    StoreCorruptError,
    StoreError,
    StoreModelMismatchError,
)
from embeddings.files import private_folder, private_opener
from embeddings.store import VectorStore, load_store, save_store, stack, store_exists
from knowledge.reading.documents import Document, read_documents
from knowledge.errors import (
    IndexBusyError,
    IndexSaveError,
    IndexUnusableError,
    KnowledgeFolderError,
    ModelUnavailableError,
)
from knowledge.reading.passages import Passage, split_passages

from knowledge.indexing.index import (STORE_FOLDER, APPROXIMATE_FROM, KnowledgeIndex, ProgressCallback,
                                      RefreshReport)

log = logging.getLogger(__name__)


def store_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / STORE_FOLDER


@contextmanager
def _exclusive(data_dir: Path) -> Iterator[None]:
    private_folder(data_dir)  # 0700 when created here; a folder the operator made keeps its mode
    with open(data_dir / ".refresh.lock", "w", opener=private_opener) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusyError("Another refresh of this index is running; try again when it has finished.") from exc
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def saved_time(folder: Path) -> float | None:
    try:
        return (folder / "CURRENT").stat().st_mtime
    except OSError:
        return None


def load_index(data_dir: str | Path, encoder: Encoder) -> KnowledgeIndex:
    """Load the saved index, refusing one made by another model.

    Raises:
        FileNotFoundError: No index was ever saved in ``data_dir``.
        IndexUnusableError: The index is damaged or was made by another model.
    """
    try:
        folder = store_path(data_dir)
        store = load_store(folder, model=encoder.model_id)
        return KnowledgeIndex.from_store(store, saved_at=saved_time(folder))
    except StoreModelMismatchError as exc:
        raise IndexUnusableError(
            f"The index was built with model {exc.stored_model!r}, but the model in use is "
            f"{exc.wanted_model!r}; run `briefing-bot reindex` to rebuild it."
        ) from exc
    except StoreCorruptError as exc:
        raise IndexUnusableError(f"The index is damaged ({exc}); run `briefing-bot reindex` to rebuild it.") from exc
    except (TypeError, KeyError, ValueError) as exc:  # records that are not passages: edited by hand
        raise IndexUnusableError(f"The index holds unexpected records ({exc}); run `briefing-bot reindex` to rebuild it.") from exc


@dataclass(frozen=True)
class OpenedIndex:
    """The index to serve, and why it is older than the documents if it could not be refreshed."""

    index: KnowledgeIndex
    refresh_failed: IndexSaveError | None = None
    """The documents changed but the refresh could not be written (disk full, data folder
    read-only): ``index`` is the saved one, valid but missing those changes."""


def open_index(
    knowledge_dir: str | Path, data_dir: str | Path, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM
) -> KnowledgeIndex:
    """The index to serve: see :func:`open_index_or_saved`, which also says whether it is stale."""
    return open_index_or_saved(knowledge_dir, data_dir, encoder, approximate_from=approximate_from).index


def open_index_or_saved(
    knowledge_dir: str | Path, data_dir: str | Path, encoder: Encoder, *, approximate_from: int | None = APPROXIMATE_FROM
) -> OpenedIndex:
    """Load the saved index, refreshing it first if the documents changed since it was saved
    (or building it if none was saved yet, or rebuilding it if it is damaged or was made by
    another model): answers never come from documents that are gone.

    Checking costs one read and hash of each document; refreshing re-embeds only what changed.

    If the refresh cannot be written (:class:`IndexSaveError`: disk full, data folder not
    writable) but the saved index is valid, the saved index is returned with the error and a
    warning is logged: a bot that answers from yesterday's documents beats one that does not
    start. Until a refresh succeeds, answers may come from documents since changed or removed.

    Raises:
        IndexSaveError: No valid index is saved and none could be written.
        KnowledgeFolderError, ModelUnavailableError, IndexBusyError: See :func:`refresh_index`.
    """
    try:
        index = load_index(data_dir, encoder)
    except FileNotFoundError:
        log.info("No index in %s yet; building it from %s", data_dir, knowledge_dir)
        return OpenedIndex(refresh_index(knowledge_dir, data_dir, encoder, approximate_from=approximate_from)[0])
    except IndexUnusableError:  # refresh_index says why (a warning) and rebuilds from the documents
        return OpenedIndex(refresh_index(knowledge_dir, data_dir, encoder, approximate_from=approximate_from)[0])
    documents, _ = read_documents(knowledge_dir)
    saved = {d.name: d.content_hash for d in index.documents}
    if saved != {d.name: d.content_hash for d in documents}:
        log.info("Documents in %s changed since the index was saved; refreshing it", knowledge_dir)
    elif (index.store.approximate is not None) != (approximate_from is not None and len(index.passages) >= approximate_from):
        log.info("The approximate-search setting changed; saving the index %s an HNSW graph",
                 "without" if index.store.approximate is not None else "with")
    else:
        return OpenedIndex(index)
    try:
        return OpenedIndex(refresh_index(knowledge_dir, data_dir, encoder, approximate_from=approximate_from)[0])
    except IndexSaveError as exc:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(index.saved_at)) if index.saved_at else "earlier"
        log.warning("Serving the index saved %s as it is: bringing it up to date failed. %s", when, exc)
        return OpenedIndex(index, exc)


def refresh_index(
    knowledge_dir: str | Path,
    data_dir: str | Path,
    encoder: Encoder,
    *,
    full: bool = False,
    show_progress: bool = False,
    progress: ProgressCallback | None = None,
    approximate_from: int | None = APPROXIMATE_FROM,
    unsaved: KnowledgeIndex | None = None,
) -> tuple[KnowledgeIndex, RefreshReport]:
    """Bring the saved index in line with the knowledge folder.

    Args:
        knowledge_dir: Folder of the documents.
        data_dir: Folder the index is saved under.
        encoder: The encoder; its model is loaded only if something needs embedding.
        full: Re-embed everything, ignoring the saved index.
        show_progress: Show a progress bar while embedding (on a terminal).
        progress: Called as ``progress(embedded, to_embed)`` while embedding.
        approximate_from: Save an HNSW graph with indexes of this many passages or more
            (``None``: never); see :data:`APPROXIMATE_FROM`.
        unsaved: The index an earlier refresh built but could not write
            (:attr:`IndexSaveError.unsaved`): its vectors are reused instead of the saved
            index's, so trying again while the disk is full does not embed again, and it is
            written even if the documents did not change since. Ignored with ``full`` or
            another model.

    Returns:
        The new index and a report of what changed (since ``unsaved``, if given).

    Raises:
        KnowledgeFolderError: No usable document in the folder.
        IndexSaveError: The index could not be written; the saved one is left as it was. Its
            ``unsaved`` is the index built, if the failure came after building it.
        ModelUnavailableError: The model could not be loaded.
        IndexBusyError: Another refresh of the same index is running.
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    documents, skipped = read_documents(knowledge_dir)
    if not documents:
        reasons = "; ".join(f"{s.name}: {s.reason}" for s in skipped)
        raise KnowledgeFolderError(f"No document in {knowledge_dir} could be used ({reasons}).")
    built: KnowledgeIndex | None = None
    try:
        with _exclusive(data_dir):
            if unsaved is not None and not full and unsaved.model == encoder.model_id:
                old, rebuilt_because = unsaved, None
            else:
                old, rebuilt_because = _previous(data_dir, encoder, full)
            try:
                index, report = _refresh(documents, old, encoder, show_progress, progress)
            except EncoderError as exc:
                raise ModelUnavailableError(str(exc)) from exc
            built = index
            saved = False
            wants_graph = approximate_from is not None and len(index.passages) >= approximate_from
            if (old is None or old is unsaved or report.embedded or report.removed or report.changed or _records_differ(old, index)
                    or (old.store.approximate is not None) != wants_graph):
                save_store(index.store, store_path(data_dir), approximate_from=approximate_from)
                saved = True
                if wants_graph:  # serve through the graph just written
                    index = KnowledgeIndex.from_store(load_store(store_path(data_dir), model=encoder.model_id))
            index = replace(index, saved_at=saved_time(store_path(data_dir)))
    except OSError as exc:
        raise IndexSaveError(
            f"Could not write the index under {data_dir} ({exc.strerror or exc}); the previous index, if any, stays in use.",
            unsaved=built,
        ) from exc
    seconds = time.perf_counter() - started
    report = RefreshReport(
        **{**report.__dict__, "seconds": seconds, "skipped": tuple(skipped), "rebuilt_because": rebuilt_because, "saved": saved}
    )
    return index, report


def _previous(data_dir: Path, encoder: Encoder, full: bool) -> tuple[KnowledgeIndex | None, str | None]:
    if full or not store_exists(store_path(data_dir)):
        return None, ("a full rebuild was asked for" if full and store_exists(store_path(data_dir)) else None)
    try:
        return load_index(data_dir, encoder), None
    except IndexUnusableError as exc:
        cause = exc.__cause__
        reason = str(cause) if isinstance(cause, StoreError) else str(exc)
        log.warning("Rebuilding the index from the documents: %s", reason)
        return None, reason


def _records_differ(old: KnowledgeIndex, new: KnowledgeIndex) -> bool:
    return old.store.extra != new.store.extra or old.passages != new.passages


def _refresh(
    documents: list[Document],
    old: KnowledgeIndex | None,
    encoder: Encoder,
    show_progress: bool,
    progress: ProgressCallback | None,
) -> tuple[KnowledgeIndex, RefreshReport]:
    old_docs = {d.name: d for d in old.documents} if old else {}
    old_rows: dict[str, list[int]] = {}
    if old:
        for row, passage in enumerate(old.passages):
            old_rows.setdefault(passage.document, []).append(row)

    added, changed, unchanged = [], [], []
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    passages: list[Passage] = []
    sources: list[int | None] = []  # row of the old store to reuse, or None to embed
    infos: dict[str, dict] = {}
    for doc in documents:
        previous = old_docs.get(doc.name)
        if previous is not None and old is not None and previous.content_hash == doc.content_hash:
            # Unchanged: its passages and vectors are taken as they are, without cleaning it again.
            rows = old_rows.get(doc.name, [])
            unchanged.append(doc.name)
            counts["unchanged"] += len(rows)
            passages.extend(old.passages[r] for r in rows)
            sources.extend(rows)
            infos[doc.name] = {"hash": doc.content_hash, "title": previous.title, "date": previous.date,
                               "passages": len(rows), "boilerplate": list(previous.boilerplate)}
            continue
        new_passages = split_passages(doc.name, doc.clean)
        reuse: dict[str, int] = {}
        if previous is not None and old is not None:
            for row in old_rows.get(doc.name, []):
                reuse.setdefault(old.passages[row].text, row)
        group = "added" if previous is None else "changed"
        (added if previous is None else changed).append(doc.name)
        counts[group] += len(new_passages)
        for passage in new_passages:
            passages.append(passage)
            sources.append(reuse.get(passage.text))
        infos[doc.name] = {
            "hash": doc.content_hash,
            "title": doc.clean.title,
            "date": doc.clean.date.isoformat() if doc.clean.date else None,
            "passages": len(new_passages),
            "boilerplate": list(doc.clean.boilerplate),
        }
    removed = [name for name in old_docs if name not in {d.name for d in documents}]

    to_embed = [p.text for p, src in zip(passages, sources) if src is None]
    if to_embed:
        fresh = encoder.encode(to_embed, show_progress=show_progress, progress=progress)
        dimension = int(fresh.shape[1])
    else:
        fresh = None
        dimension = old.store.dimension if old else encoder.dimension
    rows, fresh_i = [], 0
    for src in sources:
        if src is None:
            rows.append(fresh[fresh_i])
            fresh_i += 1
        else:
            rows.append(old.store.vectors[src])
    extra = {"documents": infos}
    store = VectorStore(
        encoder.model_id,
        dimension,
        stack(rows, dimension),
        tuple(p.__dict__.copy() for p in passages),
        extra,
    )
    report = RefreshReport(
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
        unchanged=tuple(unchanged),
        passages_added=counts["added"],
        passages_changed=counts["changed"],
        passages_removed=sum(old_docs[name].passages for name in removed),
        passages_unchanged=counts["unchanged"],
        embedded=len(to_embed),
    )
    return KnowledgeIndex.from_store(store), report
