"""The briefing card: what a staff member needs before walking into the meeting, each line
with the passage it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.answering.answers import speaker_line
from knowledge.language.dates import human_date
from knowledge.indexing.index import KnowledgeIndex
from knowledge.reading.passages import split_sentences

_AIM = re.compile(r"\b(aims?|purpose|objective|goal)\b|\bto discuss\b", re.I)
_KEY = re.compile(
    r"\b(agreed|agree|will|decided|adopted|approved|called|urged|proposed|warned|recommend\w*|findings|outcomes?|"
    r"declaration|plan|showing|measured|reported|\d[\d,.]*)\b",
    re.I,
)


@dataclass(frozen=True)
class Line:
    """One line of the card and where it comes from (``passage`` ``None``: the page around the text)."""

    label: str
    text: str
    document: str
    passage: int | None


@dataclass(frozen=True)
class Brief:
    """The card of one document."""

    document: str
    title: str | None
    facts: tuple[Line, ...]
    speakers: tuple[Line, ...]
    key_points: tuple[Line, ...]


def make_briefs(index: KnowledgeIndex, *, key_points: int = 5) -> list[Brief]:
    """One card per document, in the index's order."""
    briefs = []
    for info in index.documents:
        f = index.facts[info.name]
        passages = index.by_document.get(info.name, [])
        facts: list[Line] = []
        if f.event:
            facts.append(Line("Event", f.event.value, info.name, f.event.passage))
        if f.date:
            facts.append(Line("Date", human_date(f.date.value), info.name, f.date.passage))
        if f.place:
            facts.append(Line("Place", f.place.value, info.name, f.place.passage))
        if f.duration:
            facts.append(Line("Duration", f.duration.value, info.name, f.duration.passage))
        if f.organisers:
            facts.append(Line("Organisers", f.organisers.value, info.name, f.organisers.passage))
        used: set[str] = {line.text for line in facts}
        for passage in passages:
            aim = next((s for s in split_sentences(passage.text) if _AIM.search(s)), None)
            if aim:
                facts.append(Line("Aim", aim, info.name, passage.position))
                used.add(aim)
                break
        people = [s for s in index.speakers if any(d == info.name for d, _ in s.passages)]
        speakers = tuple(Line(s.name, speaker_line(s), info.name, s.passages[0][1]) for s in people)
        repeated = [s.actions[0] for s in people if s.actions] + ([f.organisers.value] if f.organisers else [])
        points: list[Line] = []
        for passage in passages:
            for sentence in split_sentences(passage.text):
                if len(points) >= key_points:
                    break
                if sentence in used or not _KEY.search(sentence) or any(r in sentence for r in repeated):
                    continue
                points.append(Line("Key point", sentence, info.name, passage.position))
                used.add(sentence)
        briefs.append(Brief(info.name, info.title, tuple(facts), speakers, tuple(points)))
    return briefs
