"""A persistent, exact vector store on numpy.

Layout under the store folder::

    CURRENT                  name of the snapshot in use (replaced atomically)
    snap-<time>-<rand>/      one complete snapshot
        vectors.npy          float32, shape (count, dimension), unit rows
        meta.json            model, dimension, count, sha256 of vectors.npy, records, extra

A save writes a new snapshot folder, syncs it to disk, and only then points ``CURRENT`` at it
with ``os.replace``; a crash at any moment leaves either the old or the new snapshot in use,
never a mix. Snapshots that ``CURRENT`` does not name are removed by the next save.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from embeddings.errors import StoreCorruptError, StoreModelMismatchError

FORMAT_VERSION = 1
CHECKSUM_LIMIT = 256 * 2**20
"""Vector files up to this size are checked against their SHA-256 on every load; larger ones
(about 170,000 passages of 384 dimensions) only against their size and header, because
hashing 1.5 GB takes longer than opening the store should (they are memory-mapped)."""
_POINTER = "CURRENT"
_VECTORS = "vectors.npy"
_META = "meta.json"


@dataclass(frozen=True)
class Hit:
    """One search result: the row, its cosine similarity and the record stored beside it."""

    row: int
    score: float
    record: Mapping[str, Any]


@dataclass(frozen=True)
class VectorStore:
    """Unit vectors with one JSON-able record each, plus free-form ``extra`` metadata.

    Attributes:
        model: Name of the model that made the vectors.
        dimension: Length of each vector.
        vectors: float32 array of shape ``(len(records), dimension)``.
        records: One mapping per row (what the caller wants back from a search).
        extra: Store-wide metadata, e.g. a content hash per source document.
    """

    model: str
    dimension: int
    vectors: np.ndarray
    records: tuple[Mapping[str, Any], ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

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

    def similarities(self, queries: np.ndarray) -> np.ndarray:
        """Cosine similarity of each query to every row: shape ``(n_queries, len(self))``."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        if queries.shape[1] != self.dimension:
            raise ValueError(f"query dimension {queries.shape[1]} != store dimension {self.dimension}")
        return queries @ self.vectors.T

    def search(self, queries: np.ndarray, k: int = 5) -> list[list[Hit]]:
        """Exact top-k by cosine similarity (dot product of unit vectors), best first.

        Args:
            queries: ``(n, dimension)`` or ``(dimension,)`` float32 unit vectors.
            k: Hits per query; fewer when the store holds fewer rows.

        Returns:
            One list of hits per query.
        """
        scores = self.similarities(queries)
        k = min(k, len(self))
        if k <= 0:
            return [[] for _ in range(len(scores))]
        if k < len(self):
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        else:
            top = np.tile(np.arange(len(self)), (len(scores), 1))
        results = []
        for qi, rows in enumerate(top):
            rows = rows[np.argsort(-scores[qi, rows], kind="stable")]
            results.append([Hit(int(r), float(scores[qi, r]), self.records[r]) for r in rows])
        return results


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def save_store(store: VectorStore, folder: str | Path) -> Path:
    """Save ``store`` under ``folder`` atomically and return the snapshot folder written.

    An ``OSError`` (disk full, permissions) propagates after the half-written snapshot is
    removed; the previously saved snapshot stays in use.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"snap-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
    snap = folder / name
    snap.mkdir()
    saved = False
    try:
        vectors = np.ascontiguousarray(store.vectors, dtype=np.float32)
        with open(snap / _VECTORS, "wb") as fh:
            np.save(fh, vectors, allow_pickle=False)
            fh.flush()
            os.fsync(fh.fileno())
        meta = {
            "format": FORMAT_VERSION,
            "model": store.model,
            "dimension": store.dimension,
            "count": len(store),
            "vectors_sha256": _sha256(snap / _VECTORS),
            "records": list(store.records),
            "extra": dict(store.extra),
        }
        _write_file(snap / _META, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        _fsync_dir(snap)
        pointer_tmp = folder / f"{_POINTER}.{secrets.token_hex(4)}.tmp"
        _write_file(pointer_tmp, name.encode())
        os.replace(pointer_tmp, folder / _POINTER)
        saved = True
        _fsync_dir(folder)
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

    The vectors are memory-mapped read-only (see :data:`CHECKSUM_LIMIT` for the check).

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
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
            raise StoreCorruptError(f"{snap / _META} is not a version {FORMAT_VERSION} store")
        stored_model = str(meta["model"])
        if model is not None and stored_model != model:
            raise StoreModelMismatchError(
                f"the index in {folder} was made by model {stored_model!r}, not {model!r}",
                stored_model=stored_model,
                wanted_model=model,
            )
        vectors_path = snap / _VECTORS
        if vectors_path.stat().st_size <= CHECKSUM_LIMIT and _sha256(vectors_path) != meta["vectors_sha256"]:
            raise StoreCorruptError(f"{vectors_path} does not match its checksum (truncated or edited)")
        # Memory-mapped: opening costs no reading, and pages are shared between processes.
        vectors = np.load(vectors_path, mmap_mode="r", allow_pickle=False)
        records = tuple(meta["records"])
        dimension = int(meta["dimension"])
        if vectors.dtype != np.float32 or vectors.shape != (int(meta["count"]), dimension) or len(records) != len(vectors):
            raise StoreCorruptError(f"{snap} holds {vectors.shape} vectors for {len(records)} records")
        return VectorStore(stored_model, dimension, vectors, records, dict(meta.get("extra") or {}))
    except (StoreCorruptError, StoreModelMismatchError):
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreCorruptError(f"the index in {folder} cannot be read: {exc}") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stack(vectors: Sequence[np.ndarray], dimension: int) -> np.ndarray:
    """Stack row vectors (or blocks of rows) into one float32 array, empty-safe."""
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.ascontiguousarray(np.vstack(vectors), dtype=np.float32)
