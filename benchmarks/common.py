"""Helpers both benchmarks use (``benchmarks.bench`` and ``benchmarks.postgres_bench``): the
number formats, latency statistics, timing, the embedding-like vector sampler and the machine's
name. Imports nothing of the project, so that neither benchmark imports the other for them."""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

import numpy as np


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def timed_each(fn, queries) -> list[float]:
    fn(queries[0])  # warm up
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - start)
    return out


def unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def embedding_like(reference: np.ndarray, rng: np.random.Generator):
    """A sampler ``draw(m)`` of unit vectors from a Gaussian with the mean and covariance of
    ``reference`` (real embeddings), drawn 100,000 at a time."""
    d = reference.shape[1]
    mean = reference.mean(axis=0)
    root = np.linalg.cholesky(np.cov(reference, rowvar=False) + 1e-6 * np.eye(d)).astype(np.float32)

    def draw(m: int) -> np.ndarray:
        out = np.empty((m, d), dtype=np.float32)
        for at in range(0, m, 100_000):
            z = rng.standard_normal((min(100_000, m - at), d), dtype=np.float32)
            out[at : at + len(z)] = unit(mean + z @ root.T)
        return out

    return draw


def cpu_name() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
        return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()
