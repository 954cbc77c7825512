"""Shared fixtures: a deterministic fake encoder for fast tests, the real model once per session."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "briefings"
SEED_DOCUMENT = SHIPPED / "osce-police-experts-meeting-2015.txt"


class FakeEncoder:
    """Bag-of-words feature hashing into 1024 dimensions: deterministic, instant, and good enough
    that a question sharing words with a passage finds it. Counts what it was asked to encode."""

    def __init__(self, model_id: str = "fake-bow-1024", dimension: int = 1024) -> None:
        self.model_id = model_id
        self.dimension = dimension
        self.encoded: list[str] = []
        self.calls = 0

    def encode(self, texts, *, show_progress: bool = False, progress=None) -> np.ndarray:
        texts = list(texts)
        self.calls += 1
        if progress is not None:
            progress(len(texts), len(texts))
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dimension] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
            else:
                out[i, 0] = 1.0
        return out


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge folder, free to edit."""
    folder = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, folder)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def real_encoder():
    """The bundled all-MiniLM-L6-v2, loaded once for the whole session."""
    from embeddings.encoder import SentenceTransformerEncoder

    encoder = SentenceTransformerEncoder()
    encoder.encode(["warm up"])
    return encoder


@pytest.fixture(scope="session")
def postgres_cluster():
    """A real PostgreSQL with pgvector (pgserver), one per session; see :mod:`tests.postgres`."""
    from tests.postgres import PostgresCluster

    cluster = PostgresCluster()
    yield cluster
    cluster.close()


@pytest.fixture
def postgres_url(postgres_cluster) -> str:
    """The URL of a fresh database with the pgvector extension, for this test alone."""
    return postgres_cluster.new_database()


SERIAL = frozenset({"test_run.py", "test_replicas.py", "test_load.py", "test_crash.py"})
"""Test files that start processes and time them (``test_crash.py`` kills a refresh at moments
scaled to one refresh's measured time, which a busy neighbour makes meaningless): under ``make
test`` (xdist, ``--dist loadgroup``) they share one worker, so two of them never compete for the
two cores. (``test_cli_process.py`` starts processes too but times nothing: it runs beside them,
which keeps the two workers even.)"""


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which turns the marks into node ids
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SERIAL:
            item.add_marker(pytest.mark.xdist_group("serial"))


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """Stop at once if xdist no longer groups the serial tests (it did so silently under pytest
    9.2, pytest-xdist#1386, which is why pyproject.toml keeps pytest below 9.2)."""
    if getattr(session.config.option, "loadgroup", False):
        lost = [item.nodeid for item in session.items if item.path.name in SERIAL and not item.nodeid.endswith("@serial")]
        if lost:
            raise pytest.UsageError(f"pytest-xdist did not group {lost[0]} with the other serial tests")


def pytest_make_parametrize_id(config, val, argname):
    """A file made in a test (a PDF, a Word file) stands in its test's id as its argument's name:
    its bytes hold the time it was made, and xdist workers must collect the same ids."""
    return argname if isinstance(val, bytes) else None
