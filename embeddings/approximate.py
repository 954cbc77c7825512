"""An approximate nearest-neighbour index (HNSW, from usearch) for stores too large to scan.

Exact search reads every vector for every query: at a million 384-dimension passages that is
1.5 GB and about 80 ms per question on two cores. The HNSW graph visits a few thousand vectors
instead. It is only a candidate generator here: the store rescores its candidates against the
exact float32 vectors, so scores stay exact and only recall is approximate (measured by
``make bench``). The graph keeps its own copy of the vectors quantised to int8 (384 bytes per
passage) plus its links, about 660 bytes a passage on disk, memory-mapped when loaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CONNECTIVITY = 32
"""Links per node (HNSW ``M``): more links, better recall, slower build and more memory.
At a million embedding-like vectors, 16 links reached recall@10 0.87 at ``ef`` 512, 32 links 0.93."""
EXPANSION_ADD = 128
"""Candidate list while building (``efConstruction``)."""
EXPANSION_SEARCH = 512
"""Candidate list while searching (``ef``), the recall/latency knob (``BRIEFING_SEARCH_EXPANSION``).
Measured at 100,000 embedding-like vectors: 512 gave recall@10 0.997 in 7.9 ms, 256 0.985 in
4.9 ms, 128 0.948 in 3.0 ms; at a million, 512 gave 0.967 in 12.9 ms (README, Performance)."""


@dataclass(frozen=True, eq=False)
class ApproximateIndex:
    """An HNSW graph over a store's rows; keys are row numbers."""

    index: object  # usearch.index.Index; imported lazily, most stores never need it

    @classmethod
    def build(cls, vectors: np.ndarray, *, threads: int | None = None) -> ApproximateIndex:
        """Build the graph over ``vectors`` (unit rows). Takes minutes at a million rows."""
        from usearch.index import Index

        index = Index(ndim=vectors.shape[1], metric="ip", dtype="i8", connectivity=CONNECTIVITY,
                      expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
        if len(vectors):
            index.add(np.arange(len(vectors), dtype=np.uint64), np.ascontiguousarray(vectors, dtype=np.float32),
                      threads=threads or os.cpu_count() or 1)
        return cls(index)

    @classmethod
    def open(cls, path: str | Path) -> ApproximateIndex:
        """Memory-map a saved graph (opening reads almost nothing)."""
        from usearch.index import Index

        index = Index.restore(str(path), view=True)
        if index is None:
            raise ValueError(f"{path} is not a usearch index")
        index.expansion_search = EXPANSION_SEARCH
        return cls(index)

    def set_expansion(self, expansion: int) -> None:
        """Search with a candidate list of ``expansion`` (more: better recall, slower)."""
        self.index.expansion_search = int(expansion)

    def save(self, path: str | Path) -> None:
        self.index.save(str(path))

    def __len__(self) -> int:
        return len(self.index)

    @property
    def dimension(self) -> int:
        return int(self.index.ndim)

    def candidates(self, queries: np.ndarray, count: int) -> list[np.ndarray]:
        """Up to ``count`` likely nearest rows per query (unordered; rescore them exactly)."""
        queries = np.atleast_2d(np.ascontiguousarray(queries, dtype=np.float32))
        matches = self.index.search(queries, count, threads=1)
        if len(queries) == 1:  # usearch answers a single query with a Matches, not a BatchMatches
            return [np.asarray(matches.keys, dtype=np.int64)]
        return [matches.keys[i, : matches.counts[i]].astype(np.int64) for i in range(len(queries))]
