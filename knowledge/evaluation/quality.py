"""Evaluating answers against labelled questions: right answers, right refusals, the misses."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder
from embeddings.lexical import fold
from knowledge.answering.answers import rank
from knowledge.answering.types import Answer
from knowledge.reading.cleaning import repair_text
from knowledge.errors import BriefingError
from knowledge.indexing.index import KnowledgeIndex


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
    after: str | None = None
    """The id of the question this one follows up in the same chat ("What did he say?")."""
    doc: str | None = None
    """The document the question is about, where the file says (for reporting halves)."""

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
        after = data.get("after")
        cases.append(Case(str(data.get("id", number)), question, expect_any, expect_all, refuse,
                          str(after) if after is not None else None, data.get("doc")))
    if not cases:
        raise EvaluationFileError(f"{path} holds no questions.")
    return cases


def answer_cases(ask_many, cases: Sequence[Case], *, mode: str = "hybrid") -> list[Answer]:
    """Answer labelled questions: those without ``after`` in one batch, then each follow-up with
    the topic of the answer it follows, as a chat would.

    Args:
        ask_many: ``Briefing.ask_many`` (questions, ``mode``, ``contexts``).

    Raises:
        EvaluationFileError: A follow-up names a question that is not in the file.
    """
    ids = {c.id for c in cases}
    for c in cases:
        if c.after is not None and c.after not in ids:
            raise EvaluationFileError(f"{c.id} follows {c.after!r}, which is not in the file.")
    first = [i for i, c in enumerate(cases) if c.after is None]
    answers: dict[int, Answer] = dict(zip(first, ask_many([cases[i].question for i in first], mode=mode)))
    by_id = {cases[i].id: answers[i] for i in first}
    pending = [i for i, c in enumerate(cases) if c.after is not None]
    while pending:
        ready = [i for i in pending if cases[i].after in by_id]
        if not ready:
            raise EvaluationFileError(f"{cases[pending[0]].id} follows a question that never gets answered (a loop).")
        got = ask_many([cases[i].question for i in ready], mode=mode,
                       contexts=[by_id[cases[i].after].topic for i in ready])
        for i, answer in zip(ready, got):
            answers[i] = answer
            by_id[cases[i].id] = answer
        pending = [i for i in pending if i not in answers]
    return [answers[i] for i in range(len(cases))]


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


@dataclass(frozen=True)
class RetrievalScores:
    """Passage retrieval quality: share of questions whose answering paragraph holds the first
    hit (recall@1) or one of the first five (recall@5), and the mean reciprocal rank."""

    mode: str
    recall_at_1: float
    recall_at_5: float
    mrr: float
    questions: int
    passages: int


def squad_documents(path: str | Path, folder: str | Path) -> tuple[list[tuple[str, int, str]], dict[str, list[str]]]:
    """Write a SQuAD v1.1 file as one document per article (title line, then its paragraphs)
    into ``folder``. Returns ``(document, paragraph number, question)`` per question, and the
    paragraphs of each document as the cleaner repairs them.

    Raises:
        EvaluationFileError: The file is not SQuAD v1.1 JSON.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
        questions = []
        texts: dict[str, list[str]] = {}
        for number, article in enumerate(data):
            name = _article_document(number, article["title"])
            paragraphs = [" ".join(p["context"].split()) for p in article["paragraphs"]]
            body = "\n\n".join([article["title"].replace("_", " ")] + paragraphs)
            target = folder / name
            if not target.exists() or target.read_text(encoding="utf-8") != body:
                target.write_text(body, encoding="utf-8")
            texts[name] = [repair_text(p) for p in paragraphs]
            for i, paragraph in enumerate(article["paragraphs"]):
                questions.extend((name, i, qa["question"]) for qa in paragraph["qas"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationFileError(f"{path} is not a SQuAD v1.1 file ({exc})") from None
    return questions, texts


def _article_document(number: int, title: str) -> str:
    """The document name a SQuAD article is written to (and its questions are scored against)."""
    return f"{number:03d}-{re.sub(r'[^A-Za-z0-9]+', '-', title).strip('-')[:60]}.txt"


def retrieval_ranks(
    index: KnowledgeIndex,
    encoder: Encoder,
    questions: Sequence[tuple[str, int, str]],
    paragraphs: dict[str, list[str]],
    modes: Sequence[str] = ("lexical", "dense", "hybrid"),
    *,
    batch: int = 512,
) -> dict[str, list[int | None]]:
    """Per mode, the rank (1-based) of the first passage of each question's answering
    paragraph, or ``None`` if no passage of it was indexed. The questions are encoded once."""
    paragraph_of = _paragraph_numbers(index, paragraphs)
    vectors = encoder.encode([q for _, _, q in questions])
    ranks: dict[str, list[int | None]] = {}
    for mode in modes:
        found: list[int | None] = []
        for start in range(0, len(questions), batch):
            chunk = questions[start : start + batch]
            fused, _ = rank(index, vectors[start : start + batch], [q for _, _, q in chunk], mode=mode)
            for row, (document, paragraph, _) in enumerate(chunk):
                order = np.argsort(-fused[row], kind="stable")
                hits = [r for r, i in enumerate(order) if paragraph_of[i] == (document, paragraph)]
                found.append(hits[0] + 1 if hits else None)
        ranks[mode] = found
    return ranks


def summarise(mode: str, ranks: Sequence[int | None], passages: int) -> RetrievalScores:
    n = len(ranks) or 1
    return RetrievalScores(
        mode,
        sum(1 for r in ranks if r == 1) / n,
        sum(1 for r in ranks if r is not None and r <= 5) / n,
        sum(1 / r for r in ranks if r) / n,
        len(ranks),
        passages,
    )


def _paragraph_numbers(index: KnowledgeIndex, paragraphs: dict[str, list[str]]) -> list[tuple[str, int] | None]:
    """For each passage, ``(document, paragraph number)`` of the paragraph it was cut from."""
    keys: list[tuple[str, int] | None] = []
    cursor: dict[str, int] = {}
    for passage in index.passages:
        texts = paragraphs.get(passage.document, [])
        i = cursor.get(passage.document, 0)
        found = next((j for j in range(i, len(texts)) if passage.text in texts[j]), None)
        if found is None:
            keys.append(None)  # the title line, or text the cleaner changed beyond recognition
            continue
        cursor[passage.document] = found
        keys.append((passage.document, found))
    return keys


@dataclass(frozen=True)
class SquadCase:
    """One SQuAD question: its gold answers, or none for a SQuAD 2.0 unanswerable one."""

    document: str
    question: str
    golds: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.golds)


def squad_cases(path: str | Path, documents: dict[str, list[str]] | None = None, *, sample: int | None = None,
                seed: int = 7) -> list[SquadCase]:
    """The questions of a SQuAD v1.1 or 2.0 file with their gold answers (``is_impossible``
    questions get none), optionally a random ``sample`` of them (seeded, so runs compare).

    Raises:
        EvaluationFileError: The file is not SQuAD JSON.
    """
    import random

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
        cases = []
        for number, article in enumerate(data):
            name = _article_document(number, article["title"])
            for paragraph in article["paragraphs"]:
                for qa in paragraph["qas"]:
                    golds = () if qa.get("is_impossible") else tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                    cases.append(SquadCase(name, qa["question"], golds))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationFileError(f"{path} is not a SQuAD file ({exc})") from None
    if sample is not None and sample < len(cases):
        cases = random.Random(seed).sample(cases, sample)
    return cases


@dataclass(frozen=True)
class AnswerQuality:
    """How the answers shown fare on SQuAD: the share of answerable questions whose short answer
    holds a gold answer, its median length in words, and the share of unanswerable ones declined."""

    label: str
    answerable: int
    holds_gold: float
    median_words: float
    unanswerable: int
    declined: float


def evidence_line(collection: str, document: str | None, half: str | None, answer: Answer, right: bool,
                  answerable: bool) -> str:
    """One JSON line for ``python -m benchmarks.calibrate``: where the question comes from (``half``:
    "tuned", "held out" or ``None``), whether it has an answer, whether the bot's was right, and
    the answer's confidence and :attr:`~knowledge.answering.types.Answer.evidence`."""
    return json.dumps({"collection": collection, "document": document, "half": half, "answerable": answerable,
                       "answered": answer.answered, "right": right, "kind": answer.kind,
                       "confidence": answer.confidence, "evidence": list(answer.evidence)})


def holds_gold(case: SquadCase, answer: Answer) -> bool:
    """Whether ``answer`` is shown and holds one of the case's gold answers (case and accents folded)."""
    return answer.answered and any(fold(g) in fold(answer.text) for g in case.golds)


def answer_quality(label: str, cases: Sequence[SquadCase], answers: Sequence[Answer],
                   min_confidence: float | None = None) -> AnswerQuality:
    """Score answers against SQuAD golds; ``min_confidence`` declines, in addition, every answer
    whose confidence is below it (one point of the refusal trade-off)."""

    def shown(answer: Answer) -> bool:
        return answer.answered and (min_confidence is None or answer.confidence >= min_confidence)

    pairs = [(c, a) for c, a in zip(cases, answers) if c.answerable]
    right = sum(1 for c, a in pairs if shown(a) and holds_gold(c, a))
    words = sorted(len(a.text.split()) for _, a in pairs if shown(a))
    median = float(np.median(words)) if words else 0.0
    impossible = [a for c, a in zip(cases, answers) if not c.answerable]
    declined = sum(1 for a in impossible if not shown(a))
    return AnswerQuality(label, len(pairs), right / len(pairs) if pairs else 0.0, median, len(impossible),
                         declined / len(impossible) if impossible else 0.0)
