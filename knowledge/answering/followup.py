"""Step 5: follow-up questions. Per chat, the person and meeting of the last exchange, kept a
few minutes in memory, so that "What did he say about the victims?", "And when was it?" and
"Who else spoke there?" resolve, and the last question, so that "And Estonia?" does (see
:mod:`.ellipsis`); a question naming another person or meeting starts afresh (the pipeline
decides that: a context only fills what the question leaves open)."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence

import re

from knowledge.answering.kinds import PRONOUNS
from knowledge.answering.types import Topic

KEEP_SECONDS = 300.0
"""How long a chat's last topic is remembered (``BRIEFING_FOLLOW_UP_SECONDS``)."""
MAX_CHATS = 10_000
"""Chats remembered at once; the least recently active are forgotten first."""


class FollowUps:
    """The last topic of each chat, forgotten after ``keep_seconds``. Thread-safe.

    Args:
        keep_seconds: How long a topic is kept (default :data:`KEEP_SECONDS`).
        clock: Seconds, monotonic (tests pass their own).
    """

    def __init__(self, keep_seconds: float = KEEP_SECONDS, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.keep_seconds = keep_seconds
        self._clock = clock
        self._topics: OrderedDict[Hashable, tuple[float, Topic]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, chat: Hashable) -> Topic | None:
        """The chat's last topic, if it is recent enough."""
        with self._lock:
            found = self._topics.get(chat)
            if found is None:
                return None
            at, topic = found
            if self._clock() - at > self.keep_seconds:
                del self._topics[chat]
                return None
            return topic

    def remember(self, chat: Hashable, topic: Topic | None) -> None:
        """Keep ``topic`` as the chat's last (``None`` keeps the previous one)."""
        if topic is None:
            return
        with self._lock:
            previous = self._topics.get(chat)
            if previous is not None and topic.person is None and topic.document == previous[1].document:
                topic = dataclasses.replace(topic, person=previous[1].person)  # "When was it?" keeps "he"
            self._topics[chat] = (self._clock(), topic)
            self._topics.move_to_end(chat)
            while len(self._topics) > MAX_CHATS:
                self._topics.popitem(last=False)

    def forget(self, chat: Hashable) -> None:
        with self._lock:
            self._topics.pop(chat, None)


def resolve(question: str, context: Topic | None) -> str:
    """The question with "he"/"she"/"his"/"her" replaced by the person of the previous exchange."""
    if context is None or not context.person:
        return question

    def swap(m: re.Match) -> str:
        word = m.group(0).lower()
        name = context.person
        return f"{name}'s" if word in ("his", "hers", "their") else name

    return PRONOUNS.sub(swap, question, count=1)


def person_named(text: str, span: tuple[int, int] | None, people: Sequence[str]) -> str | None:
    """The person an answer ``text`` names, for "him" in the next question: the one the tagger
    finds at the answering ``span`` (or the only one it finds), else the only one of ``people``
    (the directory's names) the text mentions ("... said State Secretary at the Ministry of
    <Body> <Name>", which the tagger reads as one organisation)."""
    from knowledge.language.names import mentions
    from knowledge.language.nlp import entities

    found = [e for e in entities(text) if e.kind == "PERSON"]
    named = [e for e in found if span is not None and e.start <= span[0] < e.end + 1]
    if named or len(found) == 1:
        return (named or found)[0].text
    known = [p for p in people if mentions(text, p)]
    return known[0] if len(known) == 1 and not found else None


def quoted_by(speakers: Sequence, document: str, position: int, before: str) -> str | None:
    """Who speaks the quotation ending ``before`` (a passage's text up to the end of an answer)
    in passage ``position`` of ``document``: the speaker of the last quotation the directory
    (``speakers``, :class:`~knowledge.reading.speakers.Speaker`) found there. "I am confident ..."
    follows '"...," said Ann Smith.' and names no one itself."""
    found = [(before.rfind(q[0][:60]), s.name) for s in speakers for q in s.quotes
             if (q[1], q[2]) == (document, position) and q[0][:60] in before]
    return max(found)[1] if found else None
