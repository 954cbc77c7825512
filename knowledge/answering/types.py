"""The typed results that cross the answering steps and leave ``knowledge``: a topic of an
exchange, a meeting to choose, the pipeline's outcome, a source passage and the answer."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Answer", "Choice", "Outcome", "Source", "Topic"]


@dataclass(frozen=True)
class Topic:
    """What an exchange was about: the follow-up questions of a chat resolve against it."""

    document: str | None
    person: str | None = None
    question: str | None = None
    """The question answered, written whole: "And Estonia?" next reads as it with Estonia."""


@dataclass(frozen=True)
class Choice:
    """A meeting offered when a question fits several."""

    document: str
    title: str


@dataclass(frozen=True)
class Outcome:
    """The pipeline's result for one question, before it becomes an :class:`~knowledge.answering.answers.Answer`.

    ``row`` is the passage cited first (``None``: no passage); ``start``/``end`` the answer's
    offsets in it, when the answer is a part of it; ``span`` the bold part of ``text``.
    """

    question: str
    kind: str
    text: str = ""
    row: int | None = None
    start: int | None = None
    end: int | None = None
    span: tuple[int, int] | None = None
    reason: str = ""
    choices: tuple[Choice, ...] = ()
    topic: Topic | None = None
    confidence: float = 0.0
    evidence: tuple[float, ...] = ()


@dataclass(frozen=True)
class Source:
    """A retrieved passage with where it comes from."""

    document: str
    title: str | None
    date: str | None
    passage: int
    score: float
    text: str
    section: str | None = None
    """The page ("p. 3") or section heading, where the document's format tells."""


@dataclass(frozen=True)
class Answer:
    """The reply to one question.

    Attributes:
        question: The question as asked (whitespace tidied).
        answered: Whether the briefing holds an answer.
        text: What to show as the answer (the sentence that answers; a quotation running over
            two sentences is kept whole); empty when not answered.
        sources: The top retrieved passages, best first, whether or not answered; when
            answered, the first is the passage the answer comes from.
        highlight: ``(start, end)`` of the answer inside ``sources[0].text`` when the answer
            is a part of that passage; ``None`` otherwise.
        kind: ``"passage"``, ``"speakers"``, ``"declined"``, ``"choose"`` (the question fits
            several meetings: see ``choices``), ``"small_talk"`` (greetings, thanks, "ok"),
            ``"help"`` ("help", "who are you?"), ``"summary"`` (a request for a summary, which the
            briefing card answers) or ``"sources"`` ("What documents do you have?"; ``reason``
            lists them).
        span: ``(start, end)`` inside ``text`` of the part that answers (the name, the date,
            the number), to show in bold, where one is clear.
        reason: For a declined question, what the briefing lacks, as a sentence for the asker
            ("The briefing doesn't say how many participants attended."); for ``"choose"``, the
            question to ask back; for an answered question asking two things, what the briefing
            lacks for the part it does not answer.
        choices: For ``"choose"``, the meetings the question may be about (at most five).
        topic: The meeting and person the exchange was about, for follow-up questions.
        confidence: The chance that the answer is right (0-1), learned from labelled questions
            (:mod:`~knowledge.answering.confidence`); 1 for lists the document itself gives (its
            agenda, its speakers). A deployment may decline below a threshold
            (``BRIEFING_MIN_CONFIDENCE``; docs/figures.md shows the trade-off).
        evidence: What that chance was computed from (:data:`~knowledge.answering.confidence.EVIDENCE`),
            kept for evaluation and for refitting the model; empty for lists.
        parts: How many answers ``text`` joins (2 for "When does it open and where does it meet?"
            answered in two lines); the confidence is its least sure part's.
    """

    question: str
    answered: bool
    text: str
    sources: tuple[Source, ...]
    highlight: tuple[int, int] | None = None
    kind: str = "passage"
    span: tuple[int, int] | None = None
    reason: str = ""
    choices: tuple[Choice, ...] = ()
    topic: Topic | None = None
    confidence: float = 0.0
    evidence: tuple[float, ...] = ()
    parts: int = 1

    @property
    def best(self) -> Source | None:
        return self.sources[0] if self.sources else None

    @property
    def unsure(self) -> bool:
        """Answered from a sentence that is more likely wrong than right (confidence below one half):
        shown, with a word of doubt. On the held-out meeting documents such answers were mostly
        wrong (docs/figures.md, "Confidence")."""
        return self.answered and bool(self.evidence) and self.confidence < 0.5
