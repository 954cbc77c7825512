"""What the pipeline derives from one index snapshot, computed once per snapshot: the terms of
each document, their document frequencies, each passage's sentences, and a cache of sentence
vectors (a sentence is encoded the first time it is a candidate, then reused)."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from embeddings.encoder import Encoder
from embeddings.lexical import tokenize, terms as text_terms
from knowledge.indexing.index import KnowledgeIndex
from knowledge.language.names import defined_acronyms, initialisms, script
from knowledge.language.nlp import item_numbers
from knowledge.language.times import ClockTime, TimeSpan, find_times
from knowledge.language.vocabulary import PURPOSE_NOUNS, QUOTATION
from knowledge.reading.cleaning import parse_date_line
from knowledge.answering.sections import FIELD, Sections
from knowledge.reading.passages import Passage, Sentence, is_heading, open_quote, sentence_spans

AIM = re.compile(rf"\b(?:{'|'.join(sorted(PURPOSE_NOUNS))})\b|\bto discuss\b", re.I)
"""A sentence that says what a meeting is for: a noun of purpose, or "to discuss" ("Sailors met
in Oslo to discuss ...")."""
_ITEM_TERMS = frozenset(text_terms("item items"))
IDENTITY_LEAD = 1
"""Lead sentences whose words name the meeting, besides the title's (a dateline lead repeats name, place
and date). With the title alone, 5 of the 36 real-dev tuning questions went to the lead instead."""
NEAR_ALL = 8
"""Documents of up to this many passages back an answer as a whole (see ``Corpus.near_words``)."""
SENTENCE_VECTORS = 100_000
"""Sentence vectors kept per index (1.5 kB each with 384 dimensions: 150 MB at most)."""


@dataclass(eq=False)
class Corpus(Sections):
    """Derived views of one index snapshot (see module docstring)."""

    index: KnowledgeIndex
    _vectors: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _identity: dict[str, frozenset[str]] = field(default_factory=dict)
    _timed: dict[str, bool] = field(default_factory=dict)
    _days: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    _acronyms: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    _listed: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)

    @cached_property
    def rows(self) -> dict[tuple[str, int], int]:
        """Row of each ``(document, position)``."""
        return {(p.document, p.position): r for r, p in enumerate(self.index.passages)}

    @cached_property
    def document_terms(self) -> dict[str, set[str]]:
        terms: dict[str, set[str]] = {d.name: set() for d in self.index.documents}
        for passage, held in zip(self.index.passages, self.index.passage_terms):
            terms.setdefault(passage.document, set()).update(held)
        for d in self.index.documents:
            extra = " ".join(filter(None, [d.title, *d.boilerplate]))
            if extra:
                terms[d.name].update(text_terms(extra))
        numbered: dict[str, int] = {}  # "1. Water levels", "2. The budget": an agenda's items, though
        for passage in self.index.passages:  # it never writes "item" (so "How many items ...?" may mean it)
            numbered[passage.document] = numbered.get(passage.document, 0) + sum(
                bool(item_numbers(line.strip()[:12])) for line in passage.text.split("\n"))
        for name, count in numbered.items():
            if count >= 2:
                terms[name].update(_ITEM_TERMS)
        return terms

    @cached_property
    def document_frequency(self) -> dict[str, int]:
        df: dict[str, int] = {}
        for held in self.document_terms.values():
            for t in held:
                df[t] = df.get(t, 0) + 1
        return df

    @cached_property
    def _documents(self) -> dict:
        return {d.name: d for d in self.index.documents}

    @cached_property
    def titles(self) -> dict[str, str | None]:
        return {d.name: d.title for d in self.index.documents}

    @cached_property
    def dates(self) -> dict[str, str | None]:
        """Each document's own date (publication or date line), ISO, if found."""
        return {d.name: d.date for d in self.index.documents}

    @cached_property
    def _document_words(self) -> dict[str, set[str]]:
        from embeddings.lexical import fold

        words: dict[str, set[str]] = {}
        for passage in self.index.passages:  # with the acronyms its names make ("HRS" for "Harbour Research Service")
            words.setdefault(passage.document, set()).update(re.findall(r"\w+", fold(passage.text)),
                                                              initialisms(passage.text))
        for d in self.index.documents:
            header = " ".join(self.header(d.name))  # the title's acronyms too ("RSW" for "Rail Safety Workshop in ...")
            words.setdefault(d.name, set()).update(re.findall(r"\w+", fold(header)), initialisms(header))
        return words

    def header(self, document: str) -> list[str]:
        """What describes a whole document rather than one passage: its title, the lines around
        the text, its date written out, and its first passage (the heading block of an agenda or
        a record: body, place, date, session). A name or date found there backs an answer
        anywhere in the document."""
        from knowledge.language.dates import human_date

        info = self._documents.get(document)
        if info is None:
            return []
        passages = self.passages_of(document)
        first = [passages[0].text] if passages else []
        return [t for t in [info.title or "", *info.boilerplate, human_date(info.date) if info.date else "", *first] if t]

    def document_words(self, document: str) -> set[str]:
        """Folded words of a document's passages, title and lines around the text."""
        return self._document_words.get(document, set())

    def near_words(self, document: str, row: int | None) -> set[str]:
        """Folded words that can back an answer from passage ``row``: the whole document when it
        is short (up to :data:`NEAR_ALL` passages), else that passage, its neighbours, the title
        and the lead: in a long document a name found only pages away does not back it."""
        from embeddings.lexical import fold

        passages = self.passages_of(document)
        if row is None or len(passages) <= NEAR_ALL:
            return self.document_words(document)
        position = self.index.passages[row].position
        near = [p.text for p in passages if abs(p.position - position) <= 1]
        lead_row, _ = self.lead(document)
        lead = self.sentences(lead_row)[0].text if lead_row >= 0 else ""
        held = set(re.findall(r"\w+", fold(" ".join([*near, lead, *self.header(document)])))) | initialisms(" ".join(near))
        # "the Lakes Water Board" holds "LWB" where the document defines "the Lakes Water Board (LWB)"
        return held | {short for short, long in self.acronyms(document).items() if long <= held}

    def listed_lines(self, document: str) -> list[tuple[str, frozenset[str]]]:
        """The lines of ``document`` that stand on their own (a heading, an agenda item, a table
        row), each with its terms; computed once per document."""
        found = self._listed.get(document)
        if found is None:
            lines = (line.strip() for p in self.passages_of(document) for line in p.text.split("\n"))
            found = [(line, frozenset(text_terms(line))) for line in lines
                     if is_heading(line) or item_numbers(line[:12]) or " | " in line]
            self._listed[document] = found
        return found

    def is_listed(self, document: str, text: str) -> bool:
        """Whether ``text`` is one of the lines ``document`` lists on their own (:meth:`listed_lines`)."""
        return any(line == text.strip() for line, _ in self.listed_lines(document))

    def acronyms(self, document: str) -> dict[str, frozenset[str]]:
        """The acronyms ``document`` defines ("the Lakes Water Board (LWB)"), folded, with their long
        forms' folded words of 3+ letters (see :func:`knowledge.language.names.defined_acronyms`)."""
        found = self._acronyms.get(document)
        if found is None:
            found = defined_acronyms(" ".join(p.text for p in self.passages_of(document)))
            self._acronyms[document] = found
        return found

    def near_terms(self, document: str, row: int | None) -> set[str]:
        """Like :meth:`near_words`, as lexical terms (stemmed)."""
        passages = self.passages_of(document)
        if row is None or len(passages) <= NEAR_ALL:
            return self.document_terms.get(document, set())
        position = self.index.passages[row].position
        held: set[str] = set()
        for p in passages:
            if abs(p.position - position) <= 1:
                held |= self.index.passage_terms[self.rows[(document, p.position)]]
        held |= set(text_terms(" ".join([*self.header(document), self.heading_of(row), *self.table_headers(row)])))
        return held | self.identity_terms(document)

    @cached_property
    def all_words(self) -> set[str]:
        """Folded words of every document."""
        return set().union(*self._document_words.values()) if self._document_words else set()

    def written_together(self, first: str, second: str) -> bool:
        """Whether a passage or title writes the folded words ``first`` and ``second`` side by side
        ("round table"), for :mod:`~knowledge.answering.wording`; only the documents holding both
        are read, so a question pays for it only where a compound is in doubt."""
        from embeddings.lexical import fold

        pair = re.compile(rf"\b{re.escape(first)}[\s-]+{re.escape(second)}\b")
        for document, words in self._document_words.items():
            if first in words and second in words and any(
                    pair.search(fold(text)) for text in [p.text for p in self.passages_of(document)] + [self.titles.get(document) or ""]):
                return True
        return False

    def display_title(self, document: str, words: int = 12) -> str:
        """The document's title, or else the start of its first sentence."""
        if title := self.titles.get(document):
            return title
        if not (passages := self.passages_of(document)):
            return document
        first = passages[0].text.split()
        return " ".join(first[:words]) + ("…" if len(first) > words else "")

    def lead(self, document: str) -> tuple[int, int]:
        """``(row, start)`` of a document's lead: its first sentence that is not the title."""
        passages = self.passages_of(document)
        title = (self.titles.get(document) or "").strip()
        for passage in passages[:2]:
            row = self.rows[(document, passage.position)]
            for s in self.sentences(row):
                if s.text.strip() != title and not (title and s.text.startswith(title)):
                    return row, s.start
        return -1, -1

    def aim(self, document: str, reach: int | None = None) -> tuple[int, str] | None:
        """``(row, sentence)`` of ``document``'s first sentence that says what the meeting is for
        (:data:`AIM`), outside quotations, in its first ``reach`` passages (default: all); ``None``
        if there is none."""
        for passage in self.passages_of(document)[:reach]:
            row = self.rows[(document, passage.position)]
            # not a speaker's words ("... objectives of the conventions have not been achieved", said X)
            if (found := next((s.text for s in self.sentences(row) if AIM.search(s.text) and not QUOTATION.search(s.text)),
                              None)):
                return row, found
        return None

    def identity_terms(self, document: str) -> frozenset[str]:
        """Terms that name a document's meeting: those of its title and first sentence (where
        releases say who met, where and when). They find the document; inside it they do not
        tell the answering sentence apart."""
        with self._lock:
            found = self._identity.get(document)
        if found is None:
            passages = self.passages_of(document)
            title = self.titles.get(document) or ""
            first = self.sentences(self.rows[(document, passages[0].position)]) if passages else []
            lead = [s.text for s in first if s.text.strip() != title.strip()][:1]
            lead = [] if lead and len(lead[0]) <= 80 and FIELD.match(lead[0]) else lead  # a field ("Host: ...") is no lead
            acronyms = " ".join(initialisms(title, shortest=2))  # "HB" of "... Harbour Board"
            found = frozenset(tokenize([" ".join([title, *lead[:IDENTITY_LEAD], acronyms])])[0])
            with self._lock:
                self._identity[document] = found
        return found

    def quote_unit(self, row: int, start: int) -> tuple[int, int]:
        """Offsets of the sentences around the one starting at ``start`` that one quotation
        spans (the sentence alone when it is not inside a quotation)."""
        spans = [(s.start, s.end) for s in self.sentences(row)]
        text = self.index.passages[row].text
        i = next((k for k, (a, _) in enumerate(spans) if a == start), None)
        if i is None:
            return start, start
        first = last = i
        while open_quote(text[spans[first][0] : spans[last][1]]):
            if first > 0 and open_quote(text[: spans[first][0]]):
                first -= 1
            elif last + 1 < len(spans):
                last += 1
            else:
                break
        return spans[first][0], spans[last][1]

    @cached_property
    def scripts(self) -> frozenset[str]:
        """The writing systems of the documents' letters ("LATIN", "CYRILLIC", "CJK" ...)."""
        return frozenset(script(ch) for word in self.all_words for ch in word[:1] if ch.isalpha())

    def sentences(self, row: int) -> list[Sentence]:
        text = self.index.passages[row].text
        return [Sentence(row, i, a, b, text[a:b]) for i, (a, b) in enumerate(sentence_spans(text))]

    def runs_at(self, row: int, at: ClockTime, start: int = 0, end: int | None = None, day: str | None = None) -> bool:
        """Whether passage ``row`` (or its text from ``start`` to ``end``) gives a time or a span
        of time that holds ``at`` ("15.00-18.00 | Plenary" holds 16h00; "11h30 | Coffee break"
        holds 11.30 only); with ``day`` (ISO), on a line of that day of a programme of several."""
        end = len(self.index.passages[row].text) if end is None else end
        return any(a < end and start < b and span.contains(at) and (day is None or self.day_of(row, a) in (day, None))
                   for a, b, span in self.timetable(row))

    def programme_days(self, document: str) -> tuple[str, ...]:
        """The days (ISO) of a programme of several: the different dates of its lines that are
        only a date ("Thursday, 4 March 2027" over that day's rows); ``()`` with fewer than two."""
        days = tuple(dict.fromkeys(iso for _, _, iso in self._day_marks(document)))
        return days if len(days) > 1 else ()

    def day_of(self, row: int, offset: int = 0) -> str | None:
        """The day (ISO) a line of a programme of several days comes under: the last line that is
        only a date at or above it; ``None`` above the first, or in a document of one day."""
        document = self.index.passages[row].document
        if not self.programme_days(document):
            return None
        position = self.index.passages[row].position
        above = [iso for r, at, iso in self._day_marks(document)
                 if (self.index.passages[r].position, at) <= (position, offset)]
        return above[-1] if above else None

    def _day_marks(self, document: str) -> list[tuple[int, int, str]]:
        """``(row, offset, iso)`` of each line of ``document`` that is only a date, in order."""
        marks = self._days.get(document)
        if marks is None:
            marks = []
            for p in self.passages_of(document):
                at = 0
                for line in p.text.split("\n"):
                    if (day := parse_date_line(line)) is not None:
                        marks.append((self.rows[(document, p.position)], at, day.isoformat()))
                    at += len(line) + 1
            self._days[document] = marks
        return marks

    def timetable(self, row: int) -> list[tuple[int, int, TimeSpan]]:
        """``(start, end, span)`` of each line of passage ``row`` that gives a time: the line's
        offsets and its time span, which runs until the next line's time when the line gives
        only when it starts ("11h30 | Coffee break" then "12h00 | Panel": 11.30 to 12.00)."""
        text = self.index.passages[row].text
        lines, at = [], 0
        for line in text.split("\n"):
            spans = find_times(line)
            if spans:
                lines.append((at, at + len(line), spans[0]))
            at += len(line) + 1
        out = []
        for i, (a, b, span) in enumerate(lines):
            if span.end is None and i + 1 < len(lines) and "\n" in text[a:lines[i + 1][0]] \
                    and not any(parse_date_line(x) for x in text[b:lines[i + 1][0]].split("\n")):  # not into the next day
                span = TimeSpan(span.start, lines[i + 1][2].start, span.text, span.char_start, span.char_end)
            out.append((a, b, span))
        return out

    def timed_lines(self, document: str, day: str | None = None) -> list[tuple[str, TimeSpan, str | None]]:
        """Every line of ``document`` that gives a time, in order, with its span (see
        :meth:`timetable`) and its day in a programme of several (ISO, else ``None``); with
        ``day``, only that day's lines (and those above the first day)."""
        out = []
        for p in self.passages_of(document):
            row = self.rows[(document, p.position)]
            for a, b, span in self.timetable(row):
                on = self.day_of(row, a)
                if day is None or on in (day, None):
                    out.append((p.text[a:b], span, on))
        return out

    def has_timetable(self, document: str) -> bool:
        """Whether a document gives times of day on lines of their own (a programme, an agenda)."""
        found = self._timed.get(document)
        if found is None:
            found = any(len(self.timetable(self.rows[(document, p.position)])) >= 2 for p in self.passages_of(document))
            self._timed[document] = found
        return found

    def passages_of(self, document: str) -> list[Passage]:
        return self.index.by_document.get(document, [])

    def sentence_vectors(self, encoder: Encoder, texts: list[str]) -> np.ndarray:
        """Normalised vectors of ``texts``; those never seen are encoded in one call."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        fresh = dict(zip(missing, encoder.encode(missing))) if missing else {}
        with self._lock:
            self._vectors.update(fresh)
            out = []
            for t in texts:
                vector = fresh.get(t)
                if vector is None:
                    vector = self._vectors[t]
                    self._vectors.move_to_end(t)
                out.append(vector)
            while len(self._vectors) > SENTENCE_VECTORS:
                self._vectors.popitem(last=False)
        return np.stack(out)


_corpora: OrderedDict[int, Corpus] = OrderedDict()
_corpora_lock = threading.Lock()


def corpus(index: KnowledgeIndex) -> Corpus:
    """The corpus of ``index`` (the last two snapshots are kept: during a refresh both serve)."""
    with _corpora_lock:
        found = _corpora.get(id(index))
        if found is not None and found.index is index:
            return found
        made = Corpus(index)
        _corpora[id(index)] = made
        while len(_corpora) > 2:
            _corpora.popitem(last=False)
        return made
