"""Evaluating answers against labelled questions: right answers, right refusals, the misses."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from embeddings.lexical import fold
from knowledge.answering import Answer
from knowledge.errors import BriefingError


class EvaluationFileError(BriefingError):
    """A labelled-questions file cannot be read."""


@dataclass(frozen=True)
class Case:
    """One labelled question: phrases a right answer holds (any, or all), or ``refuse``."""

    id: str
    question: str
    expect_any: tuple[str, ...] = ()
    expect_all: tuple[str, ...] = ()
    refuse: bool = False

    def judge(self, answer: Answer) -> bool:
        """Right when a refusal is expected and the bot declined, or when it answered and the
        answer holds an expected phrase (case and diacritics folded)."""
        if self.refuse:
            return not answer.answered
        text = fold(answer.text)
        if not answer.answered:
            return False
        if self.expect_all:
            return all(fold(p) in text for p in self.expect_all)
        return any(fold(p) in text for p in self.expect_any)


@dataclass(frozen=True)
class Miss:
    case: Case
    answer: Answer


@dataclass(frozen=True)
class EvalReport:
    """Counts of one evaluation run."""

    answered_right: int
    to_answer: int
    refused_right: int
    to_refuse: int
    misses: tuple[Miss, ...]

    @property
    def answer_rate(self) -> float:
        return self.answered_right / self.to_answer if self.to_answer else 1.0

    @property
    def refusal_rate(self) -> float:
        return self.refused_right / self.to_refuse if self.to_refuse else 1.0


def read_cases(path: str | Path) -> list[Case]:
    """Read a JSON-lines file of labelled questions.

    Raises:
        EvaluationFileError: The file is missing, or a line is not a labelled question
            (the message names the line).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationFileError(f"Cannot read {path}: {exc}") from None
    cases = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            question = data["question"]
            if not isinstance(question, str):
                raise TypeError("question is not a string")
            refuse = bool(data.get("refuse", False))
            expect_any = tuple(data.get("expect_any") or ())
            expect_all = tuple(data.get("expect_all") or ())
            if not refuse and not (expect_any or expect_all):
                raise ValueError("needs expect_any, expect_all or refuse")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EvaluationFileError(f"{path}, line {number}: not a labelled question ({exc})") from None
        cases.append(Case(str(data.get("id", number)), question, expect_any, expect_all, refuse))
    if not cases:
        raise EvaluationFileError(f"{path} holds no questions.")
    return cases


def evaluate(cases: Sequence[Case], answers: Sequence[Answer]) -> EvalReport:
    misses = tuple(Miss(c, a) for c, a in zip(cases, answers) if not c.judge(a))
    refusals = [c for c in cases if c.refuse]
    return EvalReport(
        answered_right=sum(1 for c, a in zip(cases, answers) if not c.refuse and c.judge(a)),
        to_answer=len(cases) - len(refusals),
        refused_right=sum(1 for c, a in zip(cases, answers) if c.refuse and c.judge(a)),
        to_refuse=len(refusals),
        misses=misses,
    )
