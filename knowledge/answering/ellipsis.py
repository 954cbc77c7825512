"""Elliptical follow-ups, as staff type them in a chat: "And Estonia?" after "Who represents
Peru?", "What about Thursday?" after "What is on at 11h30 on Wednesday?", "And about the
ferries?" after "What did Ms. Holm say about the harbour fees?". :func:`expand` writes the whole
question, the previous one with the part the fragment replaces; the pipeline then answers it as
if it had been asked so.

A fragment is a short text after "and", "but", "what about" or "how about" with no question word
and no verb. It replaces, in order of preference: the previous question's day ("on Thursday",
"day 2"), its time of day, the words after the same preposition ("about the police"), a name of
the same kind (a person for a person, a place for a place), else the previous question's first
name, or its last noun phrase.
"""

from __future__ import annotations

import re

from knowledge.language.nlp import entities, parse
from knowledge.language.times import find_times
from knowledge.language.vocabulary import MONTH_NAMES, WEEKDAYS

MAX_FRAGMENT_WORDS = 8
"""Longest fragment read as elliptical: longer ones are questions of their own."""

_OPENING = re.compile(r"^\s*(?:and|but|so|ok|okay)?[\s,]*(?:what|how)\s+about\s+|^\s*(?:and|but)\s+", re.I)
_WH = frozenset("who whom whose what which when where why how".split())
_DAY = re.compile(
    rf"\b(?:(?:{'|'.join(WEEKDAYS)})(?:,?\s+\d{{1,2}}\s+(?:{'|'.join(MONTH_NAMES)})(?:\s+\d{{4}})?)?"
    rf"|\d{{1,2}}\s+(?:{'|'.join(MONTH_NAMES)})(?:\s+\d{{4}})?|(?:{'|'.join(MONTH_NAMES)})\s+\d{{1,2}}"
    r"|day\s+\d|(?:the\s+)?(?:first|second|third|fourth|fifth|last)\s+day)\b",
    re.I,
)
_PREPOSITIONS = frozenset("about on for in at with from to of by".split())


def fragment(question: str) -> str | None:
    """The elliptical part of ``question`` ("Estonia" of "And Estonia?"), or ``None`` when it is a
    question of its own."""
    m = _OPENING.match(question)
    if not m:
        return None
    rest = question[m.end():].strip().rstrip("?!. ").strip()
    if not rest or len(rest.split()) > MAX_FRAGMENT_WORDS:
        return None
    tokens = parse(rest)
    if any(t.lower_ in _WH for t in tokens) or any(t.pos_ in ("VERB", "AUX") for t in tokens if t.lower_ != "day"):
        return None
    return rest


def expand(question: str, previous: str | None) -> str:
    """``question`` written whole against ``previous`` (the last question of the chat) when it is
    elliptical; else ``question`` as it is."""
    part = fragment(question) if previous else None
    if part is None or previous is None:
        return question
    body = previous.rstrip().rstrip("?").rstrip()
    for find in (_day, _time):
        new, old = find(part), find(body)
        if new and old:  # "What about Thursday?": the day (or the time) of the last question
            return f"{body[:old[0]]}{part[new[0]:new[1]]}{body[old[1]:]}?"
        if new:
            return f"{body} {part}?"
    first = part.split()[0].lower()
    after = [m for m in re.finditer(rf"\b{first}\b", body, re.I)] if first in _PREPOSITIONS else []
    if after:  # "And about the police?": what followed "about" in the last question
        return f"{body[:after[-1].start()]}{part}?"
    old = _same_kind_name(part, body)
    if old is not None:
        return f"{body[:old[0]]}{part}{body[old[1]:]}?"
    return f"{body} {part}?"


def _day(text: str) -> tuple[int, int] | None:
    m = _DAY.search(text)
    return (m.start(), m.end()) if m else None


def _time(text: str) -> tuple[int, int] | None:
    spans = find_times(text)
    return (spans[0].char_start, spans[0].char_end) if spans else None


_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|H\.\s?E)\.?\s+$")


def _same_kind_name(part: str, body: str) -> tuple[int, int] | None:
    """Where in ``body`` the name or noun phrase ``part`` goes: the first name the question turns
    on of the kind ``part`` is (a person, a place, an organisation), else its first name when
    ``part`` is a name too, else the last noun phrase after the question word. A title before the name
    goes too when ``part`` brings its own ("And Ms. Holm?")."""
    from knowledge.answering.question import analyse

    kinds = {e.kind for e in entities(part)}
    named = [(body.find(f.text), f) for f in analyse(body + "?").focus if f.kind in ("PERSON", "PLACE", "ORG", "NAME")]
    named = [(at, f) for at, f in named if at >= 0]
    same = [(at, f) for at, f in named if f.kind in kinds]
    if same or (named and part[:1].isupper()):
        at, focus = (same or named)[0]  # the meeting's name comes last ("... at the Lakes Commission?")
        title = _TITLE.search(body[:at])
        start = title.start() if title and _TITLE.match(part.split()[0] + " ") else at
        return start, at + len(focus.text)
    chunks = [c for c in parse(body).noun_chunks if c.root.lower_ not in _WH and c.root.pos_ != "PRON"]
    return (chunks[-1].start_char, chunks[-1].end_char) if chunks else None
