"""The briefing index: passages of every document with their vectors, the words, facts and
speakers read from them, and what a refresh reports. Saved and refreshed by
:mod:`knowledge.indexing.folder` (a folder) or :mod:`knowledge.indexing.postgres`."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from embeddings.approximate import EXPANSION_SEARCH  # noqa: F401 - the settings' default, re-exported
from embeddings.lexical import LexicalIndex, tokenize
from embeddings.store import VectorStore
from knowledge.reading.documents import SkippedFile
from knowledge.reading.facts import MeetingFacts, extract_facts
from knowledge.reading.passages import Passage, split_sentences
from knowledge.reading.speakers import Speaker, find_speakers

log = logging.getLogger(__name__)

_QUOTE = re.compile(r"[\"“”«»]")
_SAYING = re.compile(r"\b(said|says|say|stated|states|added|adds|noted|notes|warned|stressed|told|according to)\b", re.I)

STORE_FOLDER = "index"
APPROXIMATE_FROM = 100_000
"""Stores of this many passages or more are saved with an HNSW graph and searched through it
(``BRIEFING_APPROXIMATE_FROM``): exact search costs 8-14 ms per question at 100,000 passages
and 80-110 ms at a million on two cores; the graph answers in a few ms at a measured recall (README)."""
STATS_SAMPLE = 2_000
"""Rows whose dense similarity estimates the mean and spread used to z-score a question's
scores when only candidates are scored (stores with an HNSW graph)."""


@dataclass(frozen=True)
class DocumentInfo:
    """What the index knows of one document."""

    name: str
    title: str | None
    date: str | None
    passages: int
    content_hash: str
    boilerplate: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeIndex:
    """An immutable snapshot of the index: swap the whole object to serve a new one."""

    store: VectorStore
    passages: tuple[Passage, ...]
    documents: tuple[DocumentInfo, ...]
    saved_at: float | None = None
    """When the index was last written (seconds since the epoch)."""
    version: str | None = None
    """Which stored version this is, where the store keeps versions (PostgreSQL); ``None`` for the folder store."""

    @classmethod
    def from_store(cls, store: VectorStore, saved_at: float | None = None) -> KnowledgeIndex:
        passages = tuple(Passage(**record) for record in store.records)
        documents = tuple(
            DocumentInfo(
                name,
                info.get("title"),
                info.get("date"),
                int(info["passages"]),
                info["hash"],
                tuple(info.get("boilerplate") or ()),
            )
            for name, info in (store.extra.get("documents") or {}).items()
        )
        return cls(store, passages, documents, saved_at)

    @property
    def model(self) -> str:
        return self.store.model

    @cached_property
    def by_document(self) -> dict[str, list[Passage]]:
        """The passages of each document, in order (so lookups never scan every passage)."""
        grouped: dict[str, list[Passage]] = {}
        for passage in self.passages:
            grouped.setdefault(passage.document, []).append(passage)
        return grouped

    @cached_property
    def facts(self) -> dict[str, MeetingFacts]:
        """Meeting facts of each document, found on first use."""
        return {
            d.name: extract_facts(d.name, d.title, d.date, self.by_document.get(d.name, []), d.boilerplate)
            for d in self.documents
        }

    @cached_property
    def speakers(self) -> tuple[Speaker, ...]:
        """The people of all documents, in order of first mention."""
        return tuple(find_speakers(self.passages))

    @cached_property
    def _long_forms(self) -> dict[str, str | None]:
        return {}

    def long_form(self, acronym: str) -> str | None:
        """The name the documents write in full that ``acronym`` stands for ("HB": "Harbour
        Board"; see :func:`knowledge.language.names.acronym_spans`), the most written where
        several fit, ``None`` where none does or two tie. Found on first use, then kept."""
        if acronym not in self._long_forms:
            from knowledge.language.names import acronym_spans

            counts = Counter(span for text in [*(d.title or "" for d in self.documents), *(p.text for p in self.passages)]
                             for span in acronym_spans(acronym, text)).most_common(2)
            self._long_forms[acronym] = counts[0][0] if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]) else None
        return self._long_forms[acronym]

    def passage(self, document: str, position: int) -> Passage:
        """The passage at ``position`` of ``document`` (positions count from 0 in each document)."""
        return self.by_document[document][position]

    @cached_property
    def sample_rows(self) -> np.ndarray:
        """A fixed random sample of rows (all of them in small indexes), ascending."""
        n = len(self.passages)
        if n <= STATS_SAMPLE:
            return np.arange(n)
        return np.sort(np.random.default_rng(0).choice(n, STATS_SAMPLE, replace=False))

    @cached_property
    def passage_terms(self) -> tuple[frozenset[str], ...]:
        """The lexical terms (folded, stemmed) of each passage."""
        return tuple(frozenset(t) for t in tokenize([p.text for p in self.passages]))

    @cached_property
    def quoted_terms(self) -> tuple[frozenset[str], ...]:
        """Per passage, the terms of its sentences that hold a quotation and a verb of saying:
        whoever is named there is quoted in that passage."""
        out = []
        for passage in self.passages:
            sentences = [s for s in split_sentences(passage.text) if _QUOTE.search(s) and _SAYING.search(s)]
            out.append(frozenset(t for terms in tokenize(sentences) for t in terms) if sentences else frozenset())
        return tuple(out)

    @cached_property
    def term_rows(self) -> dict[str, list[int]]:
        """Rows of the passages holding each term."""
        return _postings(self.passage_terms)

    @cached_property
    def quoted_rows(self) -> dict[str, list[int]]:
        """Rows of the passages quoting someone named by each term (see :attr:`quoted_terms`)."""
        return _postings(self.quoted_terms)

    @cached_property
    def name_terms(self) -> frozenset[str]:
        """Terms that only ever appear capitalised mid-sentence: names of people, places, bodies."""
        capitalised: set[str] = set()
        lower: set[str] = set()
        for passage in self.passages:
            for word in re.findall(r"(?<=\s)[^\W\d_][\w'’-]*", passage.text):
                (capitalised if word[0].isupper() else lower).add(word)
        names = tokenize(sorted(capitalised))
        common = {t for terms in tokenize(sorted(lower)) for t in terms}
        return frozenset(t for terms in names for t in terms if t not in common)

    @cached_property
    def idf(self) -> dict[str, float]:
        """Inverse passage frequency of each term: ``log(1 + passages / passages holding it)``."""
        counts: dict[str, int] = {}
        for terms in self.passage_terms:
            for t in terms:
                counts[t] = counts.get(t, 0) + 1
        n = len(self.passages)
        return {t: math.log(1 + n / c) for t, c in counts.items()}

    @cached_property
    def lexical(self) -> LexicalIndex:
        """BM25 over the passages, each preceded by its document's title, so that a question
        naming the meeting or topic finds that document's passages. Built on first use, in
        each process (2.4 s for 10,000 SQuAD-length passages and 18.6 s for 100,000 on two busy
        cores: ``benchmarks/postgres_bench.py``)."""
        return LexicalIndex([f"{p.title}. {p.text}" if p.title else p.text for p in self.passages])


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh changed. Passage counts refer to the documents in each group."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    passages_added: int = 0
    passages_changed: int = 0
    passages_removed: int = 0
    passages_unchanged: int = 0
    embedded: int = 0
    seconds: float = 0.0
    skipped: tuple[SkippedFile, ...] = ()
    rebuilt_because: str | None = None
    saved: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def documents(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged)

    @property
    def passages(self) -> int:
        return self.passages_added + self.passages_changed + self.passages_unchanged


ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(embedded, to_embed)`` while a refresh embeds passages."""


def _postings(term_sets: tuple[frozenset[str], ...]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for row, terms in enumerate(term_sets):
        for term in terms:
            rows.setdefault(term, []).append(row)
    return rows
