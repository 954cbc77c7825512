"""Step 2: which document(s) a question is about.

With many meetings in the folder, the words that name a meeting ("the Skopje graduation",
"UNHCR's 54th meeting") decide where to look, and must not then pull the sentence that merely
repeats them. A term counts for a document by how few documents hold it (document-level idf);
terms every document holds decide nothing. A question about the meeting itself ("Where was it
held?") wants a line that says so (:func:`of_meeting`, :func:`states_meeting`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from embeddings.lexical import terms as text_terms
from knowledge.indexing.index import KnowledgeIndex
from knowledge.answering.corpus import Corpus, corpus
from knowledge.answering.kinds import HELD
from knowledge.answering.question import Question
from knowledge.language.dates import read_dateline
from knowledge.language.nlp import Entity
from knowledge.reading.cleaning import heading_place
from knowledge.reading.facts import dates_only, meeting_length, place_alone

NEAR_BEST = 0.6
"""Documents scoring at least this share of the best document's score stay in scope."""
TIED = 0.9
"""Documents within this share of the best are a tie: a question about "the meeting" that fits
several equally is asked back instead of guessed."""
MAX_CHOICES = 5
"""Most meetings offered when asking back (Telegram buttons; the command line lists them)."""


@dataclass(frozen=True)
class Scope:
    """Where to look.

    Attributes:
        documents: Documents in scope, best first (empty: the question names none).
        scores: Their scores, in the same order.
        from_context: The scope came from the previous exchange, not from the question.
    """

    documents: tuple[str, ...]
    scores: tuple[float, ...]
    from_context: bool = False

    def ties(self) -> tuple[str, ...]:
        """The documents tied with the best one (the best included)."""
        if not self.scores:
            return ()
        top = self.scores[0]
        return tuple(d for d, s in zip(self.documents, self.scores) if s >= TIED * top)[:MAX_CHOICES]


def choose(index: KnowledgeIndex, terms: Iterable[str], *, ranked_documents: list[str],
           context_document: str | None = None) -> Scope:
    """Score every document by the rarity of the question terms it holds.

    Args:
        index: The index.
        terms: The question's lexical terms (folded, stemmed).
        ranked_documents: Documents in the order retrieval ranked their best passage; breaks ties
            and stands in when the question's terms tell no document apart.
        context_document: The meeting of the previous exchange in this chat, if any: used when
            the question names no meeting itself ("And when was it?").
    """
    doc_terms = corpus(index).document_terms
    n = len(doc_terms)
    if n == 0:
        return Scope((), ())
    if n == 1:
        only = next(iter(doc_terms))
        return Scope((only,), (1.0,))
    df = corpus(index).document_frequency
    weights = {t: math.log(n / df[t]) for t in set(terms) if 0 < df.get(t, 0) < n}
    scores = {d: sum(w for t, w in weights.items() if t in held) for d, held in doc_terms.items()}
    best = max(scores.values(), default=0.0)
    if best <= 0:
        if context_document in doc_terms:
            return Scope((context_document,), (1.0,), from_context=True)
        return Scope((), ())
    order = {d: i for i, d in enumerate(ranked_documents)}
    kept = sorted((d for d, s in scores.items() if s >= NEAR_BEST * best),
                  key=lambda d: (-scores[d], order.get(d, len(order))))
    if context_document in kept and scores[context_document] >= TIED * best:
        kept.remove(context_document)
        kept.insert(0, context_document)
    return Scope(tuple(kept), tuple(scores[d] for d in kept))


_HOLDING = frozenset(text_terms("held hold holds holding take takes taking took place"))


def of_meeting(question: Question, texts: Corpus, document: str) -> bool:
    """Whether the question asks only about ``document``'s meeting itself ("Where was the session
    held?"): any line naming what it asks for answers it, and a line naming none of it does not."""
    return not set(question.key_terms) - texts.identity_terms(document) - _HOLDING and not any(
        f.kind in ("PERSON", "DATE") for f in question.focus)  # not "Where did Ann Smith go on 4 May?"


class Line(Protocol):
    """A line read for an answer (an :class:`~knowledge.answering.extract.Candidate`)."""

    text: str
    typed: tuple[Entity, ...]


class Cited(Line, Protocol):
    """A line with its document and passage row (``None`` for a line around the text)."""

    document: str
    row: int | None


L = TypeVar("L", bound=Cited)


_FIELD = re.compile(r"^\s*([A-Za-z]+)\s*:")
_FIELDS = {"PLACE": ("venue", "location", "place", "where", "city"), "DATE": ("date", "when", "day")}
"""Labels of a field giving a meeting's place or day (a plural's "s" aside)."""


def states_meeting(line: Line, kind: str) -> bool:
    """Whether a line says when (``kind`` "DATE"), where ("PLACE") or how long ("DURATION") a
    meeting is: "Held at Bergen on 4 June 2027", "Experts gathered in Oslo", "held at the Harbour
    Board", a heading block's line "Bergen", a dateline, "the two-day Harbour Forum"."""
    if kind == "DURATION":
        return bool(meeting_length(line.text))
    if kind == "PLACE" and (read_dateline(line.text) or heading_place(line.text)):
        return True  # "BERGEN, 4 June -", "Bergen, 4 June 2027" (the tagger may read a body)
    if (field := _FIELD.match(line.text)) and field.group(1).lower().rstrip("s") in _FIELDS[kind]:
        return any(e.kind in (kind, "VENUE") for e in line.typed)  # "Location: Bergen", "Dates: 3-5 May 2027"
    kinds = (kind, "VENUE", "ORG") if kind == "PLACE" else (kind,)  # "held at the Harbour Board"; a line alone: a place
    return any(e.kind in kinds for e in line.typed) and bool(HELD.search(line.text)) or any(
        e.kind in kinds[:2] for e in line.typed) and bool(dates_only(line.text) if kind == "DATE" else place_alone(line.text.strip()))


STATING_REACH = 8
"""Best lines read for one that says when or where the meeting is; a field saying it ("Location: Oslo")
or the document's own date is taken from any rank (in a page's heading block it shares no word with
the question)."""


def stating(lines: Sequence[L], best: L, kind: str) -> L | None:
    """The first of the best ``lines`` (:data:`STATING_REACH`) from ``best``'s document that says when
    (``kind`` "DATE"), where or how long its meeting is (:func:`states_meeting`): "Held on 4 June 2027"
    over "It was called to order at 10.35", "the letter of 31 May" or "The Harbour Board met"; else a
    field saying it, else the document's own date (a line around the text) if no line gives a day.
    ``None`` where ``best`` already says it, or no line does."""
    if states_meeting(best, kind):
        return None
    mine = [c for c in lines if c.document == best.document]
    return next((c for c in mine[:STATING_REACH] if states_meeting(c, kind)), None) or next(
        (c for c in mine if _FIELD.match(c.text) and states_meeting(c, kind)), None) or next(
        (c for c in mine if kind == "DATE" and c.row is None and any(e.kind == "DATE" for e in c.typed)), None)


_PUT = re.compile(r"(?:^|[|(:]|\b(?:in|at)(?:\s+the)?)$", re.I)


def locates(line: Line) -> bool:
    """Whether a line puts something at a place: a place or room opening the line, a cell, a
    bracket or a field, after "in" or "at", or after a comma closing another name of a place
    ("Harbour House, Lisbon"). Not a word the tagger reads as a place in a list of
    names ("Board members: Ann Smith, Bergen") or a tool ("Publish the minutes on the Github repository")."""
    names = sorted(line.typed, key=lambda e: e.start)
    for at, e in enumerate(names):
        before = line.text[:e.start].rstrip()
        if e.kind in ("PLACE", "VENUE") and (_PUT.search(before) or before.endswith(",") and at and names[at - 1].kind in (
                "PLACE", "VENUE", "ORG") and not line.text[names[at - 1].end : e.start].strip(" ,")):
            return True
    return False
