"""Where the briefing falls short: declined, unhelpful and unsure questions, near-duplicates grouped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from embeddings.encoder import Encoder
from embeddings.errors import EncoderError
from knowledge.errors import ModelUnavailableError
from knowledge.journal.sqlite import Journal

SIMILAR = 0.8
"""Cosine similarity at which two questions count as the same gap. With all-MiniLM-L6-v2,
rewordings of one question score 0.91-0.98 ("How big is the 2026 budget?" / "budget 2026?"),
different questions 0.2-0.7 ("Who chaired the meeting?" / "Where is the next meeting?" 0.67);
"Where..." and "When is the next meeting?" (0.91) do group: the same missing document."""


@dataclass(frozen=True)
class Gap:
    """One thing staff asked for and did not get."""

    question: str
    """The wording asked most often."""
    asked: int
    declined: int
    not_helpful: int
    variants: tuple[str, ...]
    """Other wordings grouped with it, most asked first."""
    unsure: int = 0
    """Times it was answered with a word of doubt (more likely wrong than right) and not rated."""


def find_gaps(journal: Journal, encoder: Encoder, *, days: float = 30, limit: int = 10) -> list[Gap]:
    """The most frequent declined, not-helpful or unsure questions of the last ``days`` days, grouped
    when their embeddings are at least :data:`SIMILAR` alike; most asked first.

    Raises:
        ModelUnavailableError: The encoder could not run.
    """
    rows = journal.unanswered(days)
    if not rows:
        return []
    why: dict[str, Counter] = {}  # each wording (spaces tidied) -> how often declined / not helpful
    for question, reason in rows:
        why.setdefault(" ".join(question.split()), Counter())[reason] += 1
    asked = {text: sum(reasons.values()) for text, reasons in why.items()}
    texts = sorted(asked, key=lambda t: -asked[t])  # most asked first; ties keep their first appearance
    try:
        vectors = encoder.encode(texts)
    except EncoderError as exc:
        raise ModelUnavailableError(str(exc)) from exc
    leaders: list[int] = []
    members: dict[int, list[int]] = {}
    for i in range(len(texts)):  # most asked first: each group is led by its most asked wording
        if leaders:
            similarity = vectors[leaders] @ vectors[i]
            best = int(np.argmax(similarity))
            if similarity[best] >= SIMILAR:
                members[leaders[best]].append(i)
                continue
        leaders.append(i)
        members[i] = [i]
    gaps = []
    for leader in leaders:
        group = [texts[i] for i in members[leader]]
        gaps.append(Gap(
            question=group[0],
            asked=sum(asked[t] for t in group),
            declined=sum(why[t]["declined"] for t in group),
            not_helpful=sum(why[t]["not helpful"] for t in group),
            variants=tuple(group[1:]),
            unsure=sum(why[t]["unsure"] for t in group),
        ))
    return sorted(gaps, key=lambda g: -g.asked)[:limit]
