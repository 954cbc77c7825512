"""Private, durable file I/O: the folders and files the bot writes its data to.

Folders are made 0700 and files 0600 (the records hold the documents' text); every write is
flushed and synced to disk before it returns, so that a later ``os.replace`` publishes only
whole files. Used by :mod:`embeddings.store` and by ``knowledge`` for its own data files.
"""

from __future__ import annotations

import hashlib
import mmap
import os
from pathlib import Path

import numpy as np

PRIVATE_FOLDER = 0o700
"""Mode of the folders the bot creates for its data (owner only; the umask can only narrow it)."""
PRIVATE_FILE = 0o600
"""Mode of the files the bot writes there."""


def private_folder(path: str | Path, *, tighten: bool = False) -> Path:
    """Create ``path`` (and any missing parents) as a folder only its owner can enter.

    Args:
        path: The folder.
        tighten: Also take group and other permissions off a folder that already exists (for
            folders that are the bot's own, such as the store folder; never for a folder the
            operator chose, which may be shared on purpose). Default False.
    """
    path = Path(path)
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if tighten:
        os.chmod(path, PRIVATE_FOLDER)
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for :func:`open` that creates files readable and writable by the owner only."""
    return os.open(path, flags, PRIVATE_FILE)


def fsync_dir(path: Path) -> None:
    """Sync a folder's entries (a file created or renamed in it) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new private file and sync it to disk."""
    with open(path, "wb", opener=private_opener) as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_npy(path: Path, array: np.ndarray) -> None:
    """Save ``array`` as a private ``.npy`` file (no pickles) and sync it to disk."""
    with open(path, "wb", opener=private_opener) as fh:
        np.save(fh, array, allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())


def map_readonly(path: Path) -> bytes | mmap.mmap:
    """The file's bytes, memory-mapped read-only (``b""`` for an empty file, which cannot be mapped)."""
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            return b""
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
