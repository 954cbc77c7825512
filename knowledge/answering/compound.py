"""Questions that ask two things at once: "When and where is the session?", "Who presents the
budget, and how long does it take?". Each part is answered on its own and the answers shown
together; a part the briefing does not answer says so beside the part that it does."""

from __future__ import annotations

import dataclasses
import re

from knowledge.answering.types import Answer

_WH = r"(?:who|whom|whose|what|when|where|which|why|how)"
_JOINED_WH = re.compile(rf"^({_WH})\s+and\s+({_WH})\s+(.+)$", re.I)
"""Two question words sharing one clause: "When and where is the session?"."""
_SECOND = re.compile(rf"(?:,\s*and\s+|,\s*|\s+and\s+)(?=(?:(?:on|at|in|for|by|from|until)\s+)?{_WH}\b)", re.I)
"""Where a second question starts: ", and how long...", " and when...", ", where...", ", on what dates..."."""
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|he|him|his|she|her)\b", re.I)
"""A later part naming the first part's subject only by a pronoun cannot stand alone."""
MAX_PARTS = 3
"""At most three questions in one ("Who hosts it, where, and on what dates?"); the rest stays in the third."""
SHORT = 3
"""A part of at most this many words ("where", "on what dates") asks about the first part's
subject: the first part's clause is read after it ("where is hosting the session")."""


def split(question: str) -> list[str]:
    """The questions ``question`` asks, each ending in "?"; ``[question]`` when it asks one.

    Only a question word after "and" or a comma starts a second question, so "Who chaired the
    Board of Trade and Industry?" stays whole while "Who chaired, and when did it end?" splits.
    """
    text = question.strip().rstrip("?").strip()
    joined = _JOINED_WH.match(text)
    if joined:
        first, second, rest = joined.groups()
        return [f"{first.capitalize()} {rest}?", f"{second.capitalize()} {rest}?"]
    cuts = [m for m in _SECOND.finditer(text) if m.start() > 0]
    if not cuts or not re.match(rf"^\W*{_WH}\b", text, re.I):
        return [question]
    bounds = [0, *(m.start() for m in cuts[: MAX_PARTS - 1])]
    ends = [m.end() for m in cuts[: MAX_PARTS - 1]]
    parts = [text[bounds[0]:bounds[1]].strip()]
    for start, stop in zip(ends, bounds[2:] + [len(text)]):
        parts.append(text[start:stop].strip(" ,"))
    joins = [m.group(0) for m in cuts[: MAX_PARTS - 1]]
    if any(not p for p in parts) or not all(len(p.split()) <= SHORT or _asks(p, after_comma="and" not in j.lower())
                                            for p, j in zip(parts[1:], joins)):
        return [question]  # "... about budgets and how they are set": a clause, not a second question
    if len(parts[0].split()) == 1 and len(parts) == 2:  # "When and in which room is the session?"
        verb = _verb_at(parts[1])
        if verb is None:
            return [question]
        parts[0] = f"{parts[0]} {parts[1][verb[0]:]}"
    clause = re.sub(rf"^\W*{_WH}\s+", "", parts[0], flags=re.I)  # "is hosting the session"
    out = [parts[0]]
    for part in parts[1:]:
        if len(part.split()) <= SHORT and clause:
            part = f"{part} {clause}"
        out.append(part[:1].upper() + part[1:])
    return [p.rstrip("?") + "?" for p in out]


def _asks(part: str, *, after_comma: bool = False) -> bool:
    """Whether ``part`` reads as a question: its question word, with the words that complete it
    ("how much time", "in which room"), is followed by an auxiliary or a verb, not by a subject.
    After a comma alone only an auxiliary will do: ", which opened at 10h00" is a relative clause,
    ", when did it end" a question."""
    found = _verb_at(part)
    return found is not None and (not after_comma or found[1] == "AUX")


def _verb_at(part: str) -> tuple[int, str] | None:
    """Where the verb after ``part``'s question phrase starts ("in which room |is the session"),
    with its part of speech; ``None`` when a subject comes first ("how |they are set")."""
    from knowledge.language.nlp import parse

    for token in list(parse(part))[1:]:
        if token.pos_ in ("AUX", "VERB"):
            return token.idx, token.pos_
        if token.pos_ not in ("ADJ", "ADV", "NOUN", "PROPN", "NUM", "ADP") and token.tag_ not in ("WDT", "WP", "WRB"):
            return None
    return None


def merge(question: str, parts: list[Answer]) -> Answer:
    """One answer to ``question`` from the answers to its parts (see :func:`split`): the answered
    parts' texts one after the other (each once) and their passages first among the sources;
    what the briefing lacks for the other parts is the answer's ``reason``."""
    if not parts[0].answered and any(_PRONOUN.search(a.question) for a in parts[1:]):
        return dataclasses.replace(parts[0], question=question)  # "and what did they cost?" hangs on the first
    answered = [a for a in parts if a.answered]
    declined = list(dict.fromkeys(a.reason for a in parts if a.kind == "declined" and a.reason))
    if not answered:  # a part asking back which meeting is meant goes first; else every decline
        asking = [a for a in parts if a.kind == "choose"]
        return dataclasses.replace(asking[0] if asking else parts[0], question=question,
                                   reason=asking[0].reason if asking else " ".join(declined))
    texts = list(dict.fromkeys(a.text for a in answered))  # each once, also when one holds another
    texts = [t for t in texts if not any(t != o and t.strip() in o for o in texts)]  # (a "(today: ...)" note added)
    first = answered[0]
    alone = len(texts) == 1
    if alone:  # the part whose text is shown gives the bold span
        first = next(a for a in answered if a.text == texts[0])
    cited = [a.sources[0] for a in answered if a.sources]  # each answering passage, then the first's others
    sources = tuple({(s.document, s.passage): s for s in cited + list(first.sources)}.values())
    return dataclasses.replace(first, question=question, text="\n".join(texts), sources=sources[: max(len(first.sources), len(cited))],
                               highlight=first.highlight if alone else None, span=first.span if alone else None,
                               reason=" ".join(declined), confidence=(least := min(answered, key=lambda a: a.confidence)).confidence,
                               evidence=least.evidence, parts=len(texts))  # as sure as its least sure part
