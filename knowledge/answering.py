"""Answering questions from the index: nearest passages, and an honest "not in the briefing"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.encoder import Encoder
from embeddings.errors import EncoderError
from knowledge.errors import InvalidQuestionError, ModelUnavailableError
from knowledge.index import KnowledgeIndex
from knowledge.passages import Passage, split_sentences

TOP_K = 5
MIN_SCORE = 0.30
"""Cosine similarity the best passage must reach for the question to count as answered.

Measured with all-MiniLM-L6-v2 on the shipped briefing: staff questions score 0.11-0.64 on
their best passage (most above 0.4), off-topic questions and small talk 0.05-0.21. Higher
declines more real questions; lower answers off-topic ones with a random passage. Dense
similarity alone cannot separate the two groups fully; this is a first, conservative cut."""

MAX_QUESTION_CHARS = 1000
"""Longer texts are not questions; the model reads only the first ~256 tokens anyway."""


@dataclass(frozen=True)
class Source:
    """A retrieved passage with where it comes from."""

    document: str
    title: str | None
    date: str | None
    passage: int
    score: float
    text: str


@dataclass(frozen=True)
class Answer:
    """The reply to one question.

    Attributes:
        question: The question as asked (whitespace tidied).
        answered: Whether the briefing holds an answer.
        text: What to show as the answer; empty when not answered.
        sources: The top retrieved passages, best first, whether or not answered.
        highlight: ``(start, end)`` of the sentence in ``text`` that answers most directly,
            when one stands out; ``None`` otherwise.
    """

    question: str
    answered: bool
    text: str
    sources: tuple[Source, ...]
    highlight: tuple[int, int] | None = None

    @property
    def best(self) -> Source | None:
        return self.sources[0] if self.sources else None


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


def answer_questions(
    index: KnowledgeIndex,
    encoder: Encoder,
    questions: Sequence[str],
    *,
    top_k: int = TOP_K,
    min_score: float = MIN_SCORE,
) -> list[Answer]:
    """Answer several questions with one encoder call (batched), in order.

    Args:
        index: The index snapshot to answer from.
        encoder: The encoder that made the index.
        questions: Questions as typed; each is tidied with :func:`normalise_question`.
        top_k: Passages returned as sources per question.
        min_score: Best-passage similarity below which the question is declined.

    Raises:
        InvalidQuestionError: A question is empty or too long (checked before any work).
        ModelUnavailableError: The model could not be loaded.
    """
    tidy = [normalise_question(q) for q in questions]
    if not tidy:
        return []
    try:
        vectors = encoder.encode(tidy)
    except EncoderError as exc:
        raise ModelUnavailableError(str(exc)) from exc
    answers = []
    for question, hits in zip(tidy, index.store.search(vectors, top_k)):
        sources = tuple(_source(index.passages[h.row], h.score) for h in hits)
        answered = bool(sources) and sources[0].score >= min_score
        text = sources[0].text if answered else ""
        answers.append(Answer(question, answered, text, sources, best_sentence(question, text) if answered else None))
    return answers


_STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but is are was were be been being do does did "
    "what who whom whose which when where why how that this these those it its he she they them his her "
    "their there about as into than then so not no yes can could should would will shall may might must "
    "i you we me my our your us said says say tell".split()
)


def _content_words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return {w for w in re.findall(r"\w+", folded) if w not in _STOPWORDS and len(w) > 1}


def best_sentence(question: str, text: str) -> tuple[int, int] | None:
    """Span of the sentence of ``text`` sharing the most content words with ``question``.

    Only a clear winner counts: a passage of one sentence, or a tie, gives ``None``, so a
    highlight is never a guess.
    """
    wanted = _content_words(question)
    spans = []
    start = 0
    for sentence in split_sentences(text):
        begin = text.find(sentence, start)
        if begin < 0:
            return None
        spans.append((begin, begin + len(sentence)))
        start = begin + len(sentence)
    if len(spans) < 2 or not wanted:
        return None
    scores = sorted(((len(wanted & _content_words(text[a:b])), (a, b)) for a, b in spans), reverse=True)
    if scores[0][0] == 0 or scores[0][0] == scores[1][0]:
        return None
    return scores[0][1]


def _source(passage: Passage, score: float) -> Source:
    return Source(passage.document, passage.title, passage.date, passage.position, round(score, 4), passage.text)
