"""Two or three questions a briefing really answers, to show a newcomer how to ask."""

from __future__ import annotations

import re

from embeddings.encoder import Encoder
from knowledge.answering.answers import answer_questions, normalise_question
from knowledge.indexing.index import KnowledgeIndex

__all__ = ["example_questions"]


def example_questions(index: KnowledgeIndex, encoder: Encoder, limit: int = 3) -> list[str]:
    """Questions built from the passages (people named in them, the meeting itself), kept only
    if ``index`` really answers them. Blocking: it may encode."""
    names = [s.name for s in index.speakers] or _names(p.text for p in index.passages)
    candidates = [("When was the meeting?", ""), ("What is on the agenda?", "\n")]  # the items, not one line
    candidates += [(f"Who is {name}?", name.split()[-1]) for name in names[:1]]
    candidates += [("Who spoke?", ""), ("What is the meeting about?", "")]
    candidates += [(f"Who is {name}?", name.split()[-1]) for name in names[1:4]]
    answers = answer_questions(index, encoder, [normalise_question(q) for q, _ in candidates])
    return [a.question for a, (_, must) in zip(answers, candidates) if a.answered and must in a.text][:limit]


_NOT_PEOPLE = frozenset(
    "department unit ministry office meeting chairmanship states organization organisation council "
    "committee commission secretary group nations union agency police forum summit conference "
    "threats matters co-operation cooperation partners state republic federation assembly board".split()
)
_WORD = r"[A-Z][a-z\u00df-\u024f]+"
_RUN = re.compile(rf"(?<![\w-]){_WORD}(?: {_WORD})+(?![\w-])")


def _names(texts) -> list[str]:
    """Names that look like people (the last two words of a run of capitalised words), most
    mentioned first."""
    counts: dict[str, int] = {}
    for text in texts:
        for run in _RUN.findall(text):
            first, last = run.split()[-2:]
            if first.lower() in _NOT_PEOPLE or last.lower() in _NOT_PEOPLE or first in {"The", "This", "In", "On", "At"}:
                continue
            counts[f"{first} {last}"] = counts.get(f"{first} {last}", 0) + 1
    return sorted(counts, key=lambda n: -counts[n])
