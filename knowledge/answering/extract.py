"""Step 3: the sentence that answers, and the span in it to show in bold.

Every sentence of the best passages in scope is scored by three things: its dense similarity
to the question, the idf-weighted share of the question's words it holds (a word spread over
the whole document identifies the meeting rather than asks about it, so it weighs less), and
whether it holds the kind of answer asked for (a date for "when", a number for "how many").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from embeddings.encoder import Encoder
from embeddings.lexical import fold, terms as text_terms
from knowledge.answering.corpus import Corpus
from knowledge.answering.sections import ITEM_REACH
from knowledge.language.countries import countries_of
from knowledge.language.dates import after, human_date, read_dateline, same_day
from knowledge.language.names import held_in, mentions
from knowledge.language.nlp import Entity, counted_noun, entities, item_numbers, parse_many
from knowledge.language.speech import role_span
from knowledge.language.times import ClockTime, find_times
from knowledge.language.vocabulary import QUOTATION
from knowledge.reading.cleaning import parse_heading_date
from knowledge.reading.passages import Sentence, is_heading
from knowledge.answering.kinds import AMOUNT_NOUNS, COUNT_ANYTHING, EVENT_TERMS, HELD, THINGS_COUNTED, same_sense
from knowledge.answering.question import GENERIC_TERMS, Question
from knowledge.answering.scope import Scope

FEATURES = ("dense", "key words", "naming words", "answer kind", "passage rank", "quotation", "line around the text",
            "passage score", "lead")
WEIGHTS = (1.0, 0.75, 0.25, 0.5, 0.05, 0.4, -0.1, 0.1, 0.3)
"""Weights of the sentence score, one per :data:`FEATURES`: the dense similarity to the question;
the share of the question's key words (those that do not name the meeting) held; the share of
the words naming the meeting held; the kind of answer asked for present (1, or 0.5 for a weaker
fit); 1/(1 + the passage's retrieval rank); a quotation, for "what did X say"; a line around the
text rather than a sentence of it; the passage's hybrid retrieval score relative to the best
(0 for the best, negative below); the document's lead sentence, for a question about the meeting
itself ("Where was it held?": releases say who met, where and when first). Tuned on the first six
real-dev releases, SQuAD part A's articles at even positions and the shipped briefing's
questions (README). ``python -m benchmarks.weights`` fits them on the five sets' tuning halves and
SQuAD's: the fit picks the right sentence no more often (docs/figures.md), so these stay."""
KEYED_REACH = 5
KEYED_SHARE = 0.4
"""Candidates read, and the share of key words one must hold, to beat a first one holding none (see
:func:`first_keyed`); set by hand on the tuning halves' misses (a lead sentence over the answer)."""
SMALL_DOCUMENT = 8
"""Documents of at most this many passages are read whole; longer ones by their best passages."""
PASSAGES_PER_DOCUMENT = 4
MAX_DOCUMENTS = 3


@dataclass(frozen=True)
class Candidate:
    """A scored sentence.

    Attributes:
        document: Its document.
        row: Row of its passage in the index; ``None`` for a line around the text (title,
            date line, photo credit), which is cited by the document's first passage.
        start, end: Offsets in the passage's text (``None`` for a line around the text).
        text: The sentence.
        score: The combined score.
        dense: Dense similarity to the question.
        overlap: Weighted share of the question's words it holds.
        typed: Items of the kind asked for, not already in the question.
    """

    document: str
    row: int | None
    start: int | None
    end: int | None
    text: str
    score: float
    dense: float
    overlap: float
    typed: tuple[Entity, ...]
    features: tuple[float, ...] = ()

    @property
    def fits(self) -> bool:
        """Whether an item of the kind asked for is there in a form that answers (see :func:`_fit`):
        for "where", a place the text puts something in, not a body's name alone."""
        return bool(self.typed) and (not self.features or self.features[FEATURES.index("answer kind")] > 0)


def _term_weights(question_terms: list[str], sentences: list[str], idf: dict[str, float]) -> dict[str, float]:
    """Weight of each question term inside one document: corpus idf, times how local it is in
    the document (a term in every sentence tells no sentence apart)."""
    sets = [set(text_terms(t)) for t in sentences]
    n = max(len(sets), 1)
    weights = {}
    default = max(idf.values(), default=1.0)
    for t in set(question_terms):
        held = sum(1 for s in sets if t in s)
        local = math.log(1 + n / held) / math.log(1 + n) if held else 1.0
        weights[t] = idf.get(t, default) * local
    return weights


def _share(weights: dict[str, float], terms: set[str], held: set[str]) -> float:
    total = sum(weights[t] for t in terms)
    return sum(weights[t] for t in terms if held_in(t, held)) / total if total else 0.0


_RANGE = re.compile(r"\d\s*(?:-|–|to|until)\s*\d|\bto\s+\d")


def typed_items(question: Question, text: str, *, exclude: tuple[str, ...] = (),
                published: str | None = None) -> tuple[Entity, ...]:
    """Items of ``text`` of a kind ``question`` asks for, not named in the question itself."""
    if not question.expects:
        return ()
    wanted = set(question.expects)
    counted = set()
    if (question.asks in ("how many", "how large", "how big") or question.head in AMOUNT_NOUNS) \
            and question.head and question.head not in COUNT_ANYTHING:
        counted = set(text_terms(question.head))
    asked = fold(question.text)
    spans = question.asks == "how long" or (question.asks == "how many" and "DURATION" in wanted)
    # a dateline says where and when the release was issued: no answer to "how long" or "which countries"
    dateline = read_dateline(text) if question.asks not in ("when", "where") else None
    found = entities(text)
    asides = _asides(question, text, found) if question.asks in ("who", "whom") and not question.describes else []
    out = []
    for e in found:
        days = False
        if dateline and e.end <= dateline.length:
            continue
        if any(a <= e.start and e.end <= b for a, b in asides):
            continue  # "Mr X (Secretary General of the Board) presented": X's body says nothing of who else
        if spans and e.kind == "DATE" and _RANGE.search(e.text):
            days = question.head in ("days", "nights", "weeks")  # a range of dates counts these, not hours
            e = Entity("DURATION", e.start, e.end, e.text)  # "10-14 March" says how many days
        if question.future and e.kind in ("DATE", "TIME") and published and not after(e.text, published):
            continue  # "When is the next meeting?" is never answered with a past date
        if e.kind not in wanted:
            continue
        if fold(e.text) in asked or any(mentions(e.text, x) for x in exclude):
            continue
        if counted and e.kind in ("NUMBER", "AMOUNT", "DURATION") and not counted & set(text_terms(text)) \
                and not (e.kind == "AMOUNT" and question.head in AMOUNT_NOUNS) \
                and not (e.kind == "DURATION" and (days or counted & set(text_terms(e.text.replace("-", " "))))):
            continue  # "how many participants": a number of something else does not answer
        if question.head in ("people", "persons", "individuals") and e.kind == "NUMBER" and (
                counted_noun(text, e) in THINGS_COUNTED or re.search(r"%|\bper\s?cent", text[e.start : e.end + 10])):
            continue  # "How many people took part?": not "two sessions", "30 countries", "5 per cent"
        if e.kind == "VENUE" and question.head and question.expects == ("VENUE",) and not question.type_nouns \
                and not mentions(e.text, question.head):
            continue  # "which hotel": a venue named a hotel
        out.append(e)
    return tuple(out)


def _asides(question: Question, text: str, found: tuple[Entity, ...]) -> list[tuple[int, int]]:
    """Spans of the brackets right after each mention in ``text`` of a person the question names
    ("Who spoke on Mr X's report?": "Mr X (Secretary General of the Board)")."""
    named = [f.text for f in question.focus if f.kind == "PERSON"]
    spans = []
    for e in found:
        m = re.match(r"\s*\(([^()]*)\)", text[e.end :])
        if m and e.kind == "PERSON" and any(mentions(e.text, n) for n in named):
            spans.append((e.end + m.start(1), e.end + m.end(1)))
    return spans


_LOCATIVE = re.compile(r"\b(?:in|at|inside|near|outside|within)\s+(?:the\s+|[\w'’-]+[’']s\s+)?$", re.I)


def _fit(question: Question, item: Entity, text: str, published: str | None = None) -> float:
    """How well an item of a kind asked for fits: 1 for the likeliest kind (for places, only
    where the text puts something there: "in Belgrade", not "Serbia's commitment"), else 0.5."""
    heading = parse_heading_date(text) is not None  # "Oslo, 4 March 2027" under the meeting's name
    located = heading or bool(_LOCATIVE.search(text[max(0, item.start - 40) : item.start])) \
        or (" | " in text and bool(find_times(text.split(" | ")[0])))  # "2:30 PM | Room 4, Grand Hotel, Oslo"
    if question.asks == "where":
        if item.kind in ("PLACE", "VENUE"):
            return 1.0 if located else 0.3
        return 0.5 if located else 0.0
    if item.kind != question.expects[0]:
        return 0.5
    if item.kind in ("PLACE", "VENUE") and not located:
        return 0.5
    if item.kind == "DATE" and published and same_day(item.text, published) and not heading \
            and not HELD.search(text[max(0, item.start - 60) : item.start]):
        # the release's own date: the meeting's may differ (not so "Oslo, 4 March" under its name,
        # nor "Held in Oslo on 4 March", which dates the meeting itself)
        return 0.5
    if item.kind == "DATE" and re.fullmatch(r"\d{4}", item.text.strip()):
        return 0.5  # a year alone ("Session (2023)") says less than a day
    return 1.0


def _pseudo_sentences(corpus: Corpus, document: str) -> list[str]:
    """Lines around the text that can answer: a title with a date, the date line, photo credits, a
    title that says where or when the meeting was held."""
    info = next((d for d in corpus.index.documents if d.name == document), None)
    lines = []
    if info is None:
        return lines
    dated = info.date and {int(n) for n in info.date.split("-")} <= {int(n) for n in re.findall(r"\d+", info.title or "")}
    if info.title and not dated and not HELD.search(info.title) and any(e.kind == "DATE" for e in entities(info.title)):
        lines.append(info.title)  # "Harbour Board meeting summary 4 May 2027": the meeting's day, before the page's
    if info.date:
        try:
            lines.append(f"The document is dated {human_date(info.date)}.")
        except ValueError:
            pass
    lines += [b for b in info.boilerplate if b.strip()]
    if info.title and HELD.search(info.title):  # "Lakes Commission, 12th meeting, held at the Harbour Hall"
        lines.append(info.title)
    return lines


@dataclass(frozen=True)
class Reading:
    """What a question reads: the documents in scope, their passages' rows, and the sentences
    (a :class:`Sentence`, or ``(document, line)`` for a line around the text)."""

    documents: tuple[str, ...]
    rows: tuple[int, ...]
    sentences: tuple[Sentence | tuple[str, str], ...]

    @property
    def texts(self) -> list[str]:
        return [s.text if isinstance(s, Sentence) else s[1] for s in self.sentences]


def read(corpus: Corpus, scope: Scope, fused: np.ndarray, order: np.ndarray, at: ClockTime | None = None,
         items: tuple[str, ...] = ()) -> Reading:
    """The sentences to score: whole documents in scope when short, else their best passages
    (by ``fused``); without a scope, the best passages of all (``order``: rows by ``fused``).
    With ``at``, also every passage of those documents with a time span that holds it; with
    ``items``, every passage of theirs with a line that opens those agenda items."""
    index = corpus.index
    rows: list[int] = []
    documents = list(scope.documents[:MAX_DOCUMENTS])
    if not documents:
        rows = [int(r) for r in order[:PASSAGES_PER_DOCUMENT + 1]]
        documents = list(dict.fromkeys(index.passages[r].document for r in rows))
    else:
        for document in documents:
            passages = corpus.passages_of(document)
            doc_rows = [corpus.rows[(document, p.position)] for p in passages]
            if len(doc_rows) > SMALL_DOCUMENT:
                best = sorted(doc_rows, key=lambda r: -fused[r])[:PASSAGES_PER_DOCUMENT]
                # a passage ending in a heading ("Statement by the Harbour Office") is read with what it
                # heads: the passages under it, as far as a heading reaches (Corpus.heading_of)
                after = [r + k for r in best if is_heading(index.passages[r].text.rsplit("\n", 1)[-1].strip())
                         for k in range(1, ITEM_REACH + 1) if r + k in doc_rows and all(
                             not is_heading(index.passages[r + j].text) for j in range(1, k))]
                # and the opening block, where records give their fields ("Chair:", "Minutes:", "Present:")
                doc_rows = list(dict.fromkeys(best + after + doc_rows[:1]))
            rows += doc_rows
    if at is not None:  # "What is on at 15h00?": every line of the programme that runs then
        for document in documents:
            rows += [r for r in (corpus.rows[(document, p.position)] for p in corpus.passages_of(document))
                     if r not in rows and corpus.runs_at(r, at)]
    if items:  # "the last item", "who spoke on item 5": its heading line and what comes under it
        for document in documents:
            rows += [r for r in (corpus.rows[(document, p.position)] for p in corpus.passages_of(document))
                     if r not in rows and (set(items) & set(corpus.items_of(r, 0, 0)) or any(
                         set(items) & set(item_numbers(line[:12], parents=True)) for line in index.passages[r].text.split("\n")))]
    sentences: list[Sentence | tuple[str, str]] = []
    for r in rows:
        sentences += corpus.sentences(r)
    for document in documents:
        sentences += [(document, line) for line in _pseudo_sentences(corpus, document)]
    return Reading(tuple(documents), tuple(rows), tuple(sentences))


def candidates(
    corpus: Corpus,
    encoder: Encoder,
    question: Question,
    question_vector: np.ndarray,
    reading: Reading,
    order: np.ndarray,
    fused: np.ndarray | None = None,
    *,
    exclude: tuple[str, ...] = (),
    weights: tuple[float, ...] = WEIGHTS,
) -> list[Candidate]:
    """Scored sentences of ``reading``, best first.

    Args:
        corpus: The index's derived views.
        encoder: Encodes sentences not seen before (none, when the caller encoded the batch's).
        question: The analysed question.
        question_vector: Its (normalised) vector.
        reading: What to score (see :func:`read`).
        order: Rows by retrieval score, best first: a small prior for sentences of better passages.
        fused: The hybrid retrieval score of every passage (for the passage-score feature).
        exclude: Names the answer must not be (the person of "Who else...?").
        weights: One per :data:`FEATURES` (the tuned :data:`WEIGHTS` unless tuning).
    """
    index = corpus.index
    top = float(fused[int(order[0])]) if fused is not None and len(order) else 0.0
    rank_of = {int(r): i for i, r in enumerate(order)}
    sentences, documents, rows = reading.sentences, reading.documents, reading.rows
    if not sentences:
        return []
    texts = reading.texts
    parse_many(texts)  # one batched parse of what the cache lacks
    dense = corpus.sentence_vectors(encoder, texts) @ question_vector
    # "How was the meeting held?": the verb names the manner asked for, so it is no generic word there
    terms = [t for t in text_terms(question.text) if t in question.key_terms  # not a cue ("work for" the ministry)
             or t not in question.cues and (t not in GENERIC_TERMS or question.asks == "how")]
    subject = question.describes or (next((f.text for f in question.focus if f.kind == "PERSON"), None)
                                     if question.saying else None)
    focus_terms = {t for f in question.focus if f.text != subject for t in text_terms(f.text)}
    focus_terms |= {t for q in question.qualifiers for t in text_terms(q)}
    # a member asked for by nationality is found as "Mr X (<country>)" where no document writes the adjective
    countries = [(set(text_terms(q)), [set(text_terms(n)) for n in countries_of(q, index.idf)])
                 for q in question.qualifiers]
    # "When is the workshop?" asks of the meeting itself where its one word names the document's meeting
    asked = set(question.key_terms) - EVENT_TERMS - question.type_nouns
    leads = {d: corpus.lead(d) for d in documents}
    weights_by_doc, identity_by_doc = {}, {}
    for document in documents:
        doc_sentences = [s.text for r in rows if index.passages[r].document == document for s in corpus.sentences(r)]
        weights_by_doc[document] = _term_weights(terms, doc_sentences, index.idf)
        identity_by_doc[document] = corpus.identity_terms(document)
    out = []
    sentence_terms = [text_terms(t) for t in texts]
    for s, text, d, held in zip(sentences, texts, dense, sentence_terms):
        if isinstance(s, Sentence):
            document, row, start, end = index.passages[s.row].document, s.row, s.start, s.end
        else:
            document, row, start, end = s[0], None, None, None
        term_weights = weights_by_doc.get(document) or {t: 1.0 for t in terms}
        identity = identity_by_doc.get(document, frozenset())
        held = set(held)
        if row is not None:  # a paragraph is read with the heading it comes under
            held |= set(text_terms(corpus.heading_of(row, start)))
        held |= {t for adjective, names in countries if any(n and n <= held for n in names) for t in adjective}
        held = same_sense(held)  # "The aim is ..." holds the "purpose" asked about
        key = {t for t in terms if t not in identity and t not in focus_terms and t not in question.type_nouns}
        naming = {t for t in terms if t in identity or t in focus_terms}
        key_share, naming_share = _share(term_weights, key, held), _share(term_weights, naming, held)
        typed = typed_items(question, text, exclude=exclude, published=corpus.dates.get(document))
        if question.describes:
            kind_score = 1.0 if mentions(text, question.describes) else 0.0
        else:
            kind_score = max((_fit(question, e, text, corpus.dates.get(document)) for e in typed), default=0.0)
        if question.at is not None and row is not None and corpus.runs_at(row, question.at, start, end):
            kind_score = 1.0  # "What is on at 11h45?": a row of the programme that runs then
        rank = rank_of.get(row, len(rank_of)) if row is not None else len(rank_of)
        passage_score = float(fused[row]) - top if fused is not None and row is not None else -3.0
        lead = not question.focus and asked <= identity and isinstance(s, Sentence) and s.start == leads.get(document, (-1, -1))[1] \
            and row == leads.get(document, (-1, -1))[0]
        features = (float(d), key_share, naming_share, kind_score, 1 / (1 + rank),
                    1.0 if question.saying and QUOTATION.search(text) else 0.0, 1.0 if row is None else 0.0,
                    max(passage_score, -3.0), 1.0 if lead else 0.0)
        score = float(sum(w * f for w, f in zip(weights, features)))
        out.append(Candidate(document, row, start, end, text, score, float(d), key_share if key else naming_share,
                             typed, features))
    out.sort(key=lambda c: -c.score)
    return out




def bold_span(question: Question, candidate: Candidate, full_name: str | None = None) -> tuple[int, int] | None:
    """Offsets in ``candidate.text`` of the item that answers, where one is clear: the role of the
    person a "Who is X?" asks about, the only item of the kind asked for (of the likeliest kind
    where there are several: "two-day", not "today", for "How long?"), or the one nearest the
    question's words."""
    if question.describes:
        return role_span(candidate.text, full_name or question.describes)
    items = [e for e in candidate.typed if question.expects and e.kind == question.expects[0]] or candidate.typed
    if not items:
        return None
    if len(items) == 1:
        return items[0].start, items[0].end
    words = set(text_terms(question.text))
    positions = [m.start() for m in re.finditer(r"\w+", candidate.text)
                 if set(text_terms(m.group(0))) & words]
    if not positions:
        return items[0].start, items[0].end
    best = min(items, key=lambda e: min(abs(e.start - p) for p in positions))
    return best.start, best.end


def first_keyed(corpus: Corpus, cands: list[Candidate]) -> Candidate:
    """The first candidate, unless it is its document's lead sentence, holds none of the question's
    key words, and one of the next :data:`KEYED_REACH` of its document holds at least
    :data:`KEYED_SHARE` of them: a release's lead names the meeting ("... co-organise in Lyon the
    round table on ...") but does not say what "the second session will focus on"."""
    best = cands[0]
    if best.overlap > 0 or not best.features or best.features[FEATURES.index("key words")] > 0 \
            or (best.row, best.start) != corpus.lead(best.document):
        return best
    return next((c for c in cands[1:KEYED_REACH] if c.document == best.document and c.features
                 and c.features[FEATURES.index("key words")] >= KEYED_SHARE), best)

