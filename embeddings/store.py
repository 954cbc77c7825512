"""A persistent vector store on numpy: exact search, or HNSW candidates rescored exactly.

Layout under the store folder::

    CURRENT                  name of the snapshot in use (replaced atomically)
    snap-<time>-<rand>/      one complete snapshot
        vectors.npy          float32, shape (count, dimension), unit rows
        records.jsonl        one JSON record per row
        offsets.npy          int64, count + 1 byte offsets of the records
        approximate.usearch  the HNSW graph, only for stores of ``approximate_from`` rows or more
        meta.json            model, dimension, count, size and sha256 of each file above, extra

The store folder and its snapshots are private to the bot's user (folders 0700, files 0600, see
:mod:`embeddings.files`): the records hold the documents' text.

A save writes a new snapshot folder, syncs it to disk, and only then points ``CURRENT`` at it
with ``os.replace``; a crash at any moment leaves either the old or the new snapshot in use,
never a mix. Snapshots that ``CURRENT`` does not name are removed by the next save.

Loading memory-maps the vectors, the records and the graph: a store of a million passages
opens in a fraction of a second and costs its float32 vectors plus 8 bytes per row of memory,
records being parsed only when a row is asked for.
"""

from __future__ import annotations

import json
import mmap
import os
import secrets
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import numpy as np

from embeddings.approximate import ApproximateIndex
from embeddings.errors import StoreCorruptError, StoreModelMismatchError
from embeddings.files import (
    PRIVATE_FILE,
    PRIVATE_FOLDER,
    fsync_dir,
    map_readonly,
    private_folder,
    private_opener,
    sha256_of,
    write_file,
    write_npy,
)

FORMAT_VERSION = 2
CHECKSUM_LIMIT = 256 * 2**20
"""Snapshots whose files together are up to this size are checked against their SHA-256 on
every load; larger ones (about 150,000 passages) only against each file's size and the vector
file's header, because hashing gigabytes takes longer than opening the store should."""
CANDIDATES = 100
"""Rows the HNSW graph proposes per query before exact rescoring (at least ``4 * k``)."""
_POINTER = "CURRENT"
_VECTORS = "vectors.npy"
_RECORDS = "records.jsonl"
_OFFSETS = "offsets.npy"
_GRAPH = "approximate.usearch"
_META = "meta.json"


@dataclass(frozen=True)
class Hit:
    """One search result: the row, its cosine similarity and the record stored beside it."""

    row: int
    score: float
    record: Mapping[str, Any]


class RecordTable(Sequence[Mapping[str, Any]]):
    """Records of a loaded store, read from a memory-mapped JSON-lines file when asked for."""

    def __init__(self, data: bytes | mmap.mmap, offsets: np.ndarray) -> None:
        self._data = data
        self._offsets = offsets

    def __len__(self) -> int:
        return max(len(self._offsets) - 1, 0)

    @overload
    def __getitem__(self, row: int) -> Mapping[str, Any]: ...
    @overload
    def __getitem__(self, row: slice) -> list[Mapping[str, Any]]: ...
    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        n = len(self)
        if row < 0:
            row += n
        if not 0 <= row < n:
            raise IndexError(row)
        return json.loads(self._data[int(self._offsets[row]) : int(self._offsets[row + 1])])

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class VectorStore:
    """Unit vectors with one JSON-able record each, plus free-form ``extra`` metadata.

    Attributes:
        model: Name of the model that made the vectors.
        dimension: Length of each vector.
        vectors: float32 array of shape ``(len(records), dimension)``.
        records: One mapping per row (what the caller wants back from a search).
        extra: Store-wide metadata, e.g. a content hash per source document.
        approximate: The HNSW graph over the rows, if the store was saved with one; searches
            then rescore its candidates instead of scanning every row.
    """

    model: str
    dimension: int
    vectors: np.ndarray
    records: Sequence[Mapping[str, Any]]
    extra: Mapping[str, Any] = field(default_factory=dict)
    approximate: ApproximateIndex | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.vectors.shape != (len(self.records), self.dimension):
            raise ValueError(
                f"vectors have shape {self.vectors.shape}, expected {(len(self.records), self.dimension)}"
            )

    @classmethod
    def empty(cls, model: str, dimension: int) -> VectorStore:
        return cls(model, dimension, np.zeros((0, dimension), dtype=np.float32), ())

    def __len__(self) -> int:
        return len(self.records)

    def _queries(self, queries: np.ndarray) -> np.ndarray:
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        if queries.shape[1] != self.dimension:
            raise ValueError(f"query dimension {queries.shape[1]} != store dimension {self.dimension}")
        return queries

    def similarities(self, queries: np.ndarray) -> np.ndarray:
        """Exact cosine similarity of each query to every row: shape ``(n_queries, len(self))``."""
        return self._queries(queries) @ self.vectors.T

    def similarities_at(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact cosine similarity of one query to the given rows only."""
        rows = np.asarray(rows, dtype=np.int64)
        return self.vectors[rows] @ self._queries(query)[0]

    def nearest_rows(self, queries: np.ndarray, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """The ``k`` nearest rows of each query with their exact similarities, best first.

        With an HNSW graph attached, its :data:`CANDIDATES` (or ``4 * k``) candidates are
        rescored exactly, so a row it misses is the only possible error; otherwise every row is
        scanned.
        """
        queries = self._queries(queries)
        k = min(k, len(self))
        if k <= 0:
            return [(np.zeros(0, np.int64), np.zeros(0, np.float32)) for _ in queries]
        if self.approximate is not None:
            found = self.approximate.candidates(queries, max(CANDIDATES, 4 * k))
            results = []
            for query, rows in zip(queries, found):
                rows = np.sort(rows)  # ascending rows: sequential reads of the memory-mapped vectors
                scores = self.vectors[rows] @ query
                results.append(_best(rows, scores, k))
            return results
        scores = queries @ self.vectors.T
        return [_best(np.arange(len(self)), row, k) for row in scores]

    def search(self, queries: np.ndarray, k: int = 5) -> list[list[Hit]]:
        """Top-k rows by cosine similarity (dot product of unit vectors), best first.

        Args:
            queries: ``(n, dimension)`` or ``(dimension,)`` float32 unit vectors.
            k: Hits per query; fewer when the store holds fewer rows.

        Returns:
            One list of hits per query.
        """
        return [
            [Hit(int(r), float(s), self.records[int(r)]) for r, s in zip(rows, scores)]
            for rows, scores in self.nearest_rows(queries, k)
        ]


def _best(rows: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, len(rows))
    if k < len(rows):
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(len(rows))
    part = part[np.argsort(-scores[part], kind="stable")]
    return rows[part], scores[part]


def _write_records(path: Path, records: Sequence[Mapping[str, Any]]) -> np.ndarray:
    offsets = np.zeros(len(records) + 1, dtype=np.int64)
    with open(path, "wb", opener=private_opener) as fh:
        position = 0
        for i, record in enumerate(records):
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            fh.write(line)
            position += len(line)
            offsets[i + 1] = position
        fh.flush()
        os.fsync(fh.fileno())
    return offsets


def save_store(store: VectorStore, folder: str | Path, *, approximate_from: int | None = None) -> Path:
    """Save ``store`` under ``folder`` atomically and return the snapshot folder written.

    Args:
        store: The store to save.
        folder: The store folder (created if missing; made private, see
            :data:`embeddings.files.PRIVATE_FOLDER`).
        approximate_from: Build and save an HNSW graph if the store has at least this many
            rows (``None``: never). Building costs about as long as embedding a few thousand
            passages per 100,000 rows; the graph is rebuilt on every save.

    An ``OSError`` (disk full, permissions) propagates after the half-written snapshot is
    removed; the previously saved snapshot stays in use.
    """
    folder = private_folder(folder, tighten=True)
    name = f"snap-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
    snap = folder / name
    snap.mkdir(mode=PRIVATE_FOLDER)
    saved = False
    try:
        vectors = np.ascontiguousarray(store.vectors, dtype=np.float32)
        write_npy(snap / _VECTORS, vectors)
        write_npy(snap / _OFFSETS, _write_records(snap / _RECORDS, store.records))
        names = [_VECTORS, _RECORDS, _OFFSETS]
        if approximate_from is not None and len(store) >= approximate_from:
            ApproximateIndex.build(vectors).save(snap / _GRAPH)
            os.chmod(snap / _GRAPH, PRIVATE_FILE)  # usearch created it with the umask's mode
            with open(snap / _GRAPH, "rb") as fh:  # usearch wrote it; on disk before the swap
                os.fsync(fh.fileno())
            names.append(_GRAPH)
        total = sum((snap / n).stat().st_size for n in names)
        meta = {
            "format": FORMAT_VERSION,
            "model": store.model,
            "dimension": store.dimension,
            "count": len(store),
            "files": {n: {"bytes": (snap / n).stat().st_size, "sha256": sha256_of(snap / n) if total <= CHECKSUM_LIMIT else None}
                      for n in names},
            "extra": dict(store.extra),
        }
        write_file(snap / _META, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        fsync_dir(snap)
        pointer_tmp = folder / f"{_POINTER}.{secrets.token_hex(4)}.tmp"
        write_file(pointer_tmp, name.encode())
        os.replace(pointer_tmp, folder / _POINTER)
        saved = True
        fsync_dir(folder)
    finally:
        if not saved:  # leave the old snapshot in use and no debris behind
            shutil.rmtree(snap, ignore_errors=True)
            for tmp in folder.glob(f"{_POINTER}.*.tmp"):
                tmp.unlink(missing_ok=True)
    for old in folder.glob("snap-*"):
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    return snap


def store_exists(folder: str | Path) -> bool:
    return (Path(folder) / _POINTER).is_file()


def load_store(folder: str | Path, *, model: str | None = None) -> VectorStore:
    """Load the snapshot ``folder/CURRENT`` names, checking it is whole.

    Args:
        folder: The store folder.
        model: If given, the store must have been made by this model.

    Vectors, records and graph are memory-mapped read-only (see :data:`CHECKSUM_LIMIT` for
    the check made).

    Raises:
        FileNotFoundError: No store was ever saved there.
        StoreCorruptError: Files are missing, truncated, or do not match their checksum.
        StoreModelMismatchError: The store was made by another model than ``model``.
    """
    folder = Path(folder)
    pointer = folder / _POINTER
    if not pointer.is_file():
        raise FileNotFoundError(f"no vector store in {folder}")
    try:
        name = pointer.read_text(encoding="utf-8").strip()
        snap = folder / name
        if not name.startswith("snap-") or "/" in name or not snap.is_dir():
            raise StoreCorruptError(f"{pointer} names a snapshot {name!r} that does not exist")
        meta = json.loads((snap / _META).read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") not in (1, FORMAT_VERSION):
            raise StoreCorruptError(f"{snap / _META} is not a version {FORMAT_VERSION} store")
        stored_model = str(meta["model"])
        if model is not None and stored_model != model:
            raise StoreModelMismatchError(
                f"the index in {folder} was made by model {stored_model!r}, not {model!r}",
                stored_model=stored_model,
                wanted_model=model,
            )
        if meta["format"] == 1:  # records inside meta.json, one checksum for the vectors
            meta["files"] = {_VECTORS: {"bytes": (snap / _VECTORS).stat().st_size, "sha256": meta["vectors_sha256"]}}
        for file_name, expected in meta["files"].items():
            path = snap / file_name
            if path.stat().st_size != expected["bytes"]:
                raise StoreCorruptError(f"{path} is {path.stat().st_size:,} bytes, expected {expected['bytes']:,} (truncated or edited)")
            if expected.get("sha256") and sha256_of(path) != expected["sha256"]:
                raise StoreCorruptError(f"{path} does not match its checksum (edited or damaged)")
        # Memory-mapped: opening costs no reading, and pages are shared between processes.
        vectors = np.load(snap / _VECTORS, mmap_mode="r", allow_pickle=False)
        if meta["format"] == 1:
            records: Sequence[Mapping[str, Any]] = tuple(meta["records"])
        else:
            offsets = np.load(snap / _OFFSETS, mmap_mode="r", allow_pickle=False)
            records = RecordTable(map_readonly(snap / _RECORDS), offsets)
            if offsets.dtype != np.int64 or offsets.ndim != 1 or (len(offsets) and (offsets[0] != 0 or offsets[-1] != meta["files"][_RECORDS]["bytes"])):
                raise StoreCorruptError(f"{snap / _OFFSETS} does not describe {snap / _RECORDS}")
        dimension = int(meta["dimension"])
        if vectors.dtype != np.float32 or vectors.shape != (int(meta["count"]), dimension) or len(records) != len(vectors):
            raise StoreCorruptError(f"{snap} holds {vectors.shape} vectors for {len(records)} records")
        approximate = None
        if _GRAPH in meta["files"]:
            approximate = ApproximateIndex.open(snap / _GRAPH)
            if len(approximate) != len(vectors) or approximate.dimension != dimension:
                raise StoreCorruptError(f"{snap / _GRAPH} indexes {len(approximate)} rows of {approximate.dimension} dimensions")
        return VectorStore(stored_model, dimension, vectors, records, dict(meta.get("extra") or {}), approximate)
    except (StoreCorruptError, StoreModelMismatchError):
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise StoreCorruptError(f"the index in {folder} cannot be read: {exc}") from exc


def stack(vectors: Sequence[np.ndarray], dimension: int) -> np.ndarray:
    """Stack row vectors (or blocks of rows) into one float32 array, empty-safe."""
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.ascontiguousarray(np.vstack(vectors), dtype=np.float32)
