"""Answering questions from the index: hybrid retrieval, then the pipeline of
:mod:`knowledge.answering` (question analysis, scoping, the answering sentence, verification and an
honest "not in the briefing" that says what is missing)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from embeddings.encoder import Encoder
from embeddings.errors import EncoderError
from embeddings.lexical import terms as text_terms

from knowledge.errors import InvalidQuestionError, ModelUnavailableError
from knowledge.indexing.index import KnowledgeIndex
from knowledge.language.countries import with_countries
from knowledge.language.names import script, with_long_forms
from knowledge.reading.passages import Passage
from knowledge.answering import compound
from knowledge.answering.ellipsis import expand, fragment
from knowledge.answering.followup import resolve
from knowledge.answering.pipeline import _top, answer_all
from knowledge.answering.requests import REPLIES, as_question, small_talk
from knowledge.answering.types import Answer, Outcome, Source, Topic
from knowledge.answering.corpus import corpus as corpus_of
from knowledge.answering.wording import as_written

TOP_K = 5
MAX_QUESTION_CHARS = 1000
"""Longer texts are not questions; the model reads only the first ~256 tokens anyway."""

DENSE_WEIGHT = 0.5
"""Weight of the z-scored dense similarity in the fused ranking; the z-scored BM25 score gets
the rest. BM25 finds names, numbers and rare words, the embedding finds paraphrases. 0.5 is
best on SQuAD (part A, both halves of its articles) and among the best on the made-up
meetings (README)."""

MIN_DENSE = 0.23
"""The plain dense and lexical baselines (``mode="dense"``/``"lexical"``) answer with the nearest
passage when its dense similarity reaches this, the refusal cut the bot used before the pipeline;
the bot itself declines by verification (:mod:`knowledge.answering.verify`)."""

FOREIGN = "I can only read questions in English; please ask again in English."


def _foreign(question: str, index: KnowledgeIndex) -> bool:
    """Whether ``question`` is mostly in a script other than Latin and shares no word with the
    documents: the pipeline reads English, and a document in that language would share words."""
    words = re.findall(r"[^\W\d_]+", question)
    other = sum(1 for w in words if script(w[0]) != "LATIN")  # "Who is Лыженков?" is English
    return other * 2 > len(words) and not any(t in index.idf for t in text_terms(question))



def normalise_question(question: str) -> str:
    """Tidy a question once at the edge; refuse one that is empty or too long.

    Raises:
        InvalidQuestionError: Nothing to ask, or more than :data:`MAX_QUESTION_CHARS` characters.
    """
    text = unicodedata.normalize("NFC", question)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = re.sub(r"\s+", " ", text).strip()
    if not any(ch.isalnum() for ch in text):
        raise InvalidQuestionError("The question is empty; ask something about the meeting, e.g. \"Who opened the meeting?\"")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestionError(
            f"The question is {len(text):,} characters long; keep it under {MAX_QUESTION_CHARS:,}."
        )
    return text


def _zscore(matrix: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Each row of ``matrix`` standardised by its mean and spread (over ``rows`` only, if given)."""
    reference = matrix if rows is None else matrix[:, rows]
    mean = reference.mean(axis=1, keepdims=True)
    std = reference.std(axis=1, keepdims=True)
    return np.where(std > 1e-9, (matrix - mean) / np.where(std > 1e-9, std, 1.0), 0.0)


def rank(index: KnowledgeIndex, vectors: np.ndarray, questions: Sequence[str], *, mode: str = "hybrid") -> tuple[np.ndarray, np.ndarray]:
    """Scores of every passage for every question: ``(fused, dense)``, each ``(n_questions, n_passages)``.

    In an index with an HNSW graph, only candidates are scored (see :func:`_candidate_dense`):
    other passages get ``-inf`` fused and ``nan`` dense scores.

    Args:
        mode: ``"hybrid"`` (z-scored dense and BM25, weighted by :data:`DENSE_WEIGHT`),
            ``"dense"`` or ``"lexical"``, the last two for comparison.
    """
    lexical = index.lexical.scores([with_long_forms(with_countries(q, index.idf), index.idf, index.long_form)
                                    for q in questions]) if mode != "dense" else None
    if index.store.approximate is None:
        dense = index.store.similarities(vectors)
        stats_rows = None
    else:
        dense = _candidate_dense(index, vectors, lexical)
        stats_rows = index.sample_rows
    unscored = np.isnan(dense)
    if mode == "dense":
        return np.where(unscored, -np.inf, dense), dense
    if mode == "lexical":
        return lexical, dense
    fused = DENSE_WEIGHT * _zscore(np.where(unscored, 0.0, dense), stats_rows) + (1 - DENSE_WEIGHT) * _zscore(lexical)
    fused[unscored] = -np.inf
    return fused, dense


CANDIDATES = 100
"""Passages scored per question and retriever when the index searches through an HNSW graph."""


def _candidate_dense(index: KnowledgeIndex, vectors: np.ndarray, lexical: np.ndarray | None) -> np.ndarray:
    """Exact dense similarities of each question's candidates, ``nan`` elsewhere.

    Candidates are the graph's nearest passages, BM25's best and the fixed sample of rows whose
    similarities stand in for all rows' when z-scoring (see ``KnowledgeIndex.sample_rows``).
    """
    store = index.store
    dense = np.full((len(vectors), len(store)), np.nan, dtype=np.float32)
    for i, (rows, scores) in enumerate(store.nearest_rows(vectors, CANDIDATES)):
        dense[i, rows] = scores
        others = index.sample_rows if lexical is None else np.union1d(index.sample_rows, _top(lexical[i], CANDIDATES))
        dense[i, others] = store.similarities_at(vectors[i], others)
    return dense


def answer_questions(
    index: KnowledgeIndex,
    encoder: Encoder,
    questions: Sequence[str],
    *,
    top_k: int = TOP_K,
    mode: str = "hybrid",
    contexts: Sequence[Topic | None] | None = None,
    min_confidence: float = 0.0,
    now: datetime | None = None,
) -> list[Answer]:
    """Answer several questions with one encoder call (batched), in order.

    Args:
        index: The index snapshot to answer from.
        encoder: The encoder that made the index.
        questions: Questions as typed; each is tidied with :func:`normalise_question`.
        top_k: Passages returned as sources per question.
        mode: ``"hybrid"`` (the bot's), or ``"dense"``/``"lexical"`` retrieval alone, without
            the pipeline: the passage is the answer. The baselines the evaluation compares against.
        contexts: Per question, the topic of the previous exchange in the same chat (``None``:
            none), against which "he", "there" and "when was it?" resolve.
        min_confidence: Answers whose confidence is below it are declined (default 0: none).
        now: The time (in the meeting's zone) that "What's on now?" and "What's next?" go by;
            default ``None``, the machine's clock and zone.

    Raises:
        InvalidQuestionError: A question is empty or too long (checked before any work).
        ModelUnavailableError: The model could not be loaded.
    """
    tidy = [normalise_question(q) for q in questions]
    if not tidy:
        return []
    contexts = list(contexts) if contexts is not None else [None] * len(tidy)
    parts = [compound.split(q) if mode == "hybrid" else [q] for q in tidy]
    if any(len(p) > 1 for p in parts):  # "When and where is it?": each part answered, then shown together
        got: list[list[Answer]] = [[] for _ in tidy]
        for step in range(max(len(p) for p in parts)):  # a part follows on from the one before
            asked = [i for i, p in enumerate(parts) if step < len(p)]
            follow = [got[i][-1].topic or contexts[i] if step else contexts[i] for i in asked]
            for i, answer in zip(asked, answer_questions(index, encoder, [parts[i][step] for i in asked], top_k=top_k,
                                                         mode=mode, contexts=follow, min_confidence=min_confidence,
                                                         now=now)):
                got[i].append(answer)
        return [compound.merge(q, g) if len(g) > 1 else g[0] for q, g in zip(tidy, got)]
    keys = list(zip(tidy, contexts))
    unique = list(dict.fromkeys(keys))
    if len(unique) < len(keys):  # a burst of the same questions: each answered once, shared
        answered = dict(zip(unique, answer_questions(index, encoder, [q for q, _ in unique], top_k=top_k, mode=mode,
                                                     contexts=[c for _, c in unique],
                                                     min_confidence=min_confidence, now=now)))
        return [answered[k] for k in keys]
    if mode == "hybrid":  # "And Estonia?" after "Who represents Peru?", then "he" -> the person
        whole = [expand(q, c.question) if c is not None and small_talk(fragment(q) or "") is None else q
                 for q, c in zip(map(as_question, tidy), contexts)]
        resolved = [resolve(q, c) for q, c in zip(whole, contexts)]
        written = corpus_of(index)  # "roundtable" as the documents write it ("round table")
        resolved = [as_written(q, written) for q in resolved]
    else:
        resolved = tidy
    try:
        vectors = encoder.encode(resolved)
    except EncoderError as exc:
        raise ModelUnavailableError(str(exc)) from exc
    if not index.passages:
        return [Answer(q, False, "", (), kind="declined", reason="The briefing has no documents yet.") for q in tidy]
    fused, dense = rank(index, vectors, resolved, mode=mode)
    if mode != "hybrid":
        answers = []
        for i, question in enumerate(tidy):
            order = _top(fused[i], top_k)
            sources = [_source(index.passages[r], float(fused[i, r])) for r in order]
            answered = float(dense[i, order[0]]) >= MIN_DENSE
            answers.append(Answer(question, answered, sources[0].text if answered else "", tuple(sources),
                                  kind="passage" if answered else "declined"))
        return answers
    small = [small_talk(q) for q in tidy]
    foreign = [small[i] is None and _foreign(q, index) for i, q in enumerate(tidy)]
    asked = [i for i in range(len(tidy)) if small[i] is None and not foreign[i]]  # the pipeline reads only these
    outcomes = dict(zip(asked, answer_all(index, encoder, [resolved[i] for i in asked], vectors[asked], fused[asked],
                                          [contexts[i] for i in asked], now) if asked else []))
    answers = []
    for i, question in enumerate(tidy):
        order = _top(fused[i], top_k)
        sources = [_source(index.passages[r], float(fused[i, r])) for r in order]
        if small[i] is not None:  # "help", "summary" and "sources" are answered by the bot's commands
            said = small[i]
            answers.append(Answer(question, False, "", tuple(sources),
                                  kind=said if said in ("help", "summary", "sources") else "small_talk",
                                  reason=_sources(index) if said == "sources" else REPLIES.get(said, "")))
            continue
        if foreign[i]:
            answers.append(Answer(question, False, "", (), kind="declined", reason=FOREIGN))
            continue
        outcome = outcomes[i]
        if outcome.kind == "passage" and outcome.confidence < min_confidence:
            outcome = dataclasses.replace(outcome, kind="declined", reason=UNSURE)
        if outcome.topic is not None:
            outcome = dataclasses.replace(outcome, topic=dataclasses.replace(outcome.topic, question=resolved[i]))
        answers.append(_to_answer(index, question, outcome, sources))
    return answers


def _sources(index: KnowledgeIndex) -> str:
    """"What documents do you have?": the documents answered from, by title and date."""
    if not index.documents:
        return "The briefing holds no documents yet."
    listed = "; ".join(f"{d.title or d.name}" + (f" ({d.date})" if d.date else "") for d in index.documents)
    return f"I answer from {len(index.documents)} document{'s' if len(index.documents) != 1 else ''}: {listed}."


UNSURE = "I'm not sure the briefing answers that; try asking with the words it would use."


def _to_answer(index: KnowledgeIndex, question: str, outcome: Outcome, sources: list[Source]) -> Answer:
    """The pipeline's outcome as an :class:`Answer`, citing its passage first."""
    if outcome.row is not None:
        cited = _source(index.passages[outcome.row], sources[0].score if sources else 0.0)
        rest = [s for s in sources if (s.document, s.passage) != (cited.document, cited.passage)]
        sources = ([cited] + rest)[: max(len(sources), 1)]
    answered = outcome.kind in ("passage", "speakers")
    highlight = (outcome.start, outcome.end) if answered and outcome.start is not None else None
    if highlight is not None and sources and sources[0].text[highlight[0]:highlight[1]] != outcome.text:
        highlight = None  # the answer adds to the passage (a resolved date): show it whole
    return Answer(question, answered, outcome.text if answered else "", tuple(sources), highlight,
                  outcome.kind, outcome.span if answered else None, outcome.reason, outcome.choices, outcome.topic,
                  outcome.confidence, outcome.evidence)


def _source(passage: Passage, score: float) -> Source:
    return Source(passage.document, passage.title, passage.date, passage.position, round(score, 4), passage.text,
                  passage.section)
