"""Part ``reindex`` of ``benchmarks.postgres_bench``: SQuAD part A reindexed into PostgreSQL and
into the folder store, refreshes with nothing and with one document changed, and loading a version
into a replica."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from benchmarks.common import ms
from benchmarks.pg_setup import row
from embeddings.encoder import SentenceTransformerEncoder
from knowledge.briefing import Briefing
from knowledge.evaluation.quality import squad_documents
from knowledge.indexing.postgres import PostgresLibrary


class TimedEncoder:
    """The real encoder, counting the seconds spent in ``encode`` (the embedding share of a refresh)."""

    def __init__(self, encoder: SentenceTransformerEncoder) -> None:
        self.inner = encoder
        self.seconds = 0.0
        self.texts = 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def encode(self, texts, **kwargs) -> np.ndarray:
        start = time.perf_counter()
        out = self.inner.encode(texts, **kwargs)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        return out

    def reset(self) -> None:
        self.seconds, self.texts = 0.0, 0


def reindex_part(cluster, work: Path, squad: Path, encoder: SentenceTransformerEncoder):
    """Returns the folder store's index, the questions and paragraphs (for the lexical part)."""
    docs = work / "squad-docs"
    questions, paragraphs = squad_documents(squad, docs)
    encoder._load()  # loading the model is a one-off cost of a process, not of a reindex
    timed = TimedEncoder(encoder)

    # The folder store (the embedded default).
    folder_data = work / "folder-data"
    folder = Briefing(docs, folder_data, encoder=timed)
    start = time.perf_counter()
    report = folder.refresh(full=True)
    folder_full, folder_embed = time.perf_counter() - start, timed.seconds
    passages = report.passages
    squad_index = folder.index  # the lexical part searches these passages (before any change below)

    # PostgreSQL: the documents are stored first (what `briefing-bot migrate` does), then indexed.
    url = cluster.new_database()
    library = PostgresLibrary(url, docs)
    start = time.perf_counter()
    stored, _ = library.import_folder()
    imported = time.perf_counter() - start
    timed.reset()
    pg = Briefing(docs, work / "pg-data", encoder=timed, library=library)
    start = time.perf_counter()
    pg_report = pg.refresh(full=True)
    pg_full, pg_embed = time.perf_counter() - start, timed.seconds
    assert pg_report.passages == passages, (pg_report.passages, passages)
    row(f"R1. full reindex of SQuAD part A ({len(stored)} articles, {passages:,} passages), into PostgreSQL",
        f"{pg_full:.1f} s, of which embedding {pg_embed:.1f} s ({pg_embed / pg_full:.0%}); "
        f"the rest (parse, split, write a version) {pg_full - pg_embed:.1f} s",
        f"folder store: {folder_full:.1f} s, of which embedding {folder_embed:.1f} s; the rest {folder_full - folder_embed:.1f} s",
        f"PostgreSQL {pg_full / folder_full:.2f}x the folder store; storing the {len(stored)} documents' "
        f"bytes first (migrate) took {imported:.2f} s more")

    # The same full reindex again, vectors already known: only what is not embedding.
    cached = {p.text: v for p, v in zip(folder.index.passages, folder.index.store.vectors)}

    class Replay(TimedEncoder):
        def encode(self, texts, **kwargs):
            start = time.perf_counter()
            out = np.stack([cached[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)
            self.seconds += time.perf_counter() - start
            return out

    replay = Replay(encoder)
    folder_again = Briefing(docs, folder_data, encoder=replay)
    start = time.perf_counter()
    folder_again.refresh(full=True)
    folder_rest = time.perf_counter() - start
    pg_again = Briefing(docs, work / "pg-data", encoder=replay, library=library)
    start = time.perf_counter()
    pg_again.refresh(full=True)
    pg_rest = time.perf_counter() - start
    row("   the same full reindex with the vectors already made (no model; PostgreSQL's vector rows already there)",
        f"{pg_rest:.2f} s", f"folder store: {folder_rest:.2f} s", "everything a reindex costs but embedding")

    # Nothing changed: in the serving process, and in a new process (which loads the version first).
    start = time.perf_counter()
    pg.refresh()
    pg_served = time.perf_counter() - start
    start = time.perf_counter()
    folder.refresh()
    folder_served = time.perf_counter() - start
    timed.reset()
    pg_fresh = Briefing(docs, work / "pg-data-2", encoder=timed, library=PostgresLibrary(url, docs))
    start = time.perf_counter()
    pg_fresh.refresh()
    pg_new = time.perf_counter() - start
    folder_fresh = Briefing(docs, folder_data, encoder=timed)
    start = time.perf_counter()
    folder_fresh.refresh()
    folder_new = time.perf_counter() - start
    row("   refresh with nothing changed: in the serving replica / in a new process",
        f"{pg_served:.2f} s / {pg_new:.2f} s", f"folder store: {folder_served:.2f} s / {folder_new:.2f} s",
        f"{timed.texts} passage(s) embedded")

    # One document changed (a paragraph added to the first article).
    name = sorted(p.name for p in docs.iterdir())[0]
    changed = ((docs / name).read_text(encoding="utf-8") + "\n\nA new paragraph was added at the meeting.").encode()
    library.save_document(name, changed)
    timed.reset()
    start = time.perf_counter()
    one = pg.refresh()
    pg_one, pg_one_embed = time.perf_counter() - start, timed.seconds
    (docs / name).write_bytes(changed)
    timed.reset()
    start = time.perf_counter()
    folder_one = folder.refresh()
    folder_one_s, folder_one_embed = time.perf_counter() - start, timed.seconds
    row("   refresh with one document changed (serving replica)",
        f"{pg_one:.2f} s ({one.embedded} passage(s) embedded in {pg_one_embed:.2f} s)",
        f"folder store: {folder_one_s:.2f} s ({folder_one.embedded} embedded in {folder_one_embed:.2f} s)")

    # What a replica pays to switch to a new version: load it whole, then build BM25 on first use.
    start = time.perf_counter()
    loaded = library.load(encoder)
    pg_load = time.perf_counter() - start
    start = time.perf_counter()
    folder_loaded = folder.library.load(encoder)
    folder_load = time.perf_counter() - start
    start = time.perf_counter()
    _ = folder_loaded.lexical
    bm25 = time.perf_counter() - start
    row(f"   load the current version into a replica's memory ({len(loaded.passages):,} passages)",
        f"{ms(pg_load)} from PostgreSQL", f"folder store (memory-mapped): {ms(folder_load)}",
        f"then BM25 built on first use: {ms(bm25)}, either way")
    pg_fresh.close()
    library.close()  # pg and pg_again share it
    return squad_index, questions, paragraphs
