"""A directory of the people in the documents: name, role, what they did, and what they said.

Found with the patterns press releases and meeting notes use for people, whatever the meeting:
"<Name>, <role>, underlined ...", "... said <role> <Name> as he opened the meeting",
"... said <Name>, who chaired ...", "opened by <Name>, <role>, who ...", "Professor <Name> of
<organisation> presented ...", quotes closed by "said <surname>", and the "He/She ..." sentence
that follows a quote (it reports the same person).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from embeddings.lexical import fold
from knowledge.passages import Passage, split_sentences

_HONORIFIC = r"(?:Professor|Prof\.|Dr\.?|Engineer|Ambassador|Mr\.?|Ms\.?|Mrs\.?|Sir|Dame|Judge)"
_NAMEWORD = r"[A-Z][a-z\u00df-\u024f'’]+(?:-[A-Z][a-z\u00df-\u024f'’]+)?"
_NAME = rf"{_NAMEWORD}(?:\s+{_NAMEWORD}){{1,2}}"
_SAYING = r"(?:said|says|stated|added|noted|warned|stressed|explained|told)"
_VERBS = (
    r"(?:underlined|underscored|stressed|emphasi[sz]ed|presented|reported|announced|noted|highlighted|"
    r"opened|closed|chaired|welcomed|warned|called|urged|proposed|said|explained|outlined|introduced|described|"
    r"thanked|pointed|added|argued|recalled|reaffirmed|delivered|gave|led|moderated)"
)
_NOT_PEOPLE = {
    "the", "this", "that", "these", "meeting", "summit", "conference", "workshop", "ministry", "department",
    "unit", "office", "commission", "committee", "council", "agency", "union", "organization", "organisation",
    "nations", "states", "republic", "forum", "authority", "institute", "university", "secretariat",
}


@dataclass
class Speaker:
    """A person named in the documents.

    Attributes:
        name: Full name as first written ("Aleksandar Nikolić").
        role: Role and organisation as the text gives them, if it does.
        actions: What they did ("opened the meeting"), in text order.
        quotes: Sentences quoting them or reporting what they said, in text order.
        passages: ``(document, passage position)`` of every passage that mentions them.
    """

    name: str
    role: str | None = None
    actions: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str, int]] = field(default_factory=list)
    passages: list[tuple[str, int]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def matches(self, word: str) -> float:
        """How well one word of a question names this person by surname (1.0 exact, accents
        and case aside; down to 0.8 for a typo; 0 otherwise). First names alone do not count:
        "Samuel" would find every Samuel."""
        word, surname = fold(word), fold(self.surname)
        if word == surname:
            return 1.0
        if len(word) >= 4:
            ratio = difflib.SequenceMatcher(None, surname, word).ratio()
            return ratio if ratio >= 0.8 else 0.0
        return 0.0


def _clean_name(name: str) -> str | None:
    words = name.split()
    while words and re.fullmatch(_HONORIFIC, words[0]):
        words = words[1:]
    if len(words) < 2 or any(w.lower() in _NOT_PEOPLE for w in words):
        return None
    return " ".join(words)


def _clean_role(role: str) -> str | None:
    role = role.strip(" ,")
    return role if 3 <= len(role) <= 160 else None


_PATTERNS = [
    # "Alexey Lyzhenkov, OSCE Co-ordinator of ..., underlined the ..."
    re.compile(rf"^(?:{_HONORIFIC}\s+)?(?P<name>{_NAME}),\s+(?P<role>[^,]{{3,160}}),\s+(?:who\s+)?(?P<action>{_VERBS}\b[^.;]*)"),
    # "... said Serbian State Secretary at the Ministry of Interior Aleksandar Nikolić as he opened the meeting ..."
    re.compile(
        rf"\b{_SAYING}\s+(?P<role>(?:[A-Z][\w'’-]*|of|at|for|the|and|on)(?:\s+(?:[A-Z][\w'’-]*|of|at|for|the|and|on))*)"
        rf"\s+(?P<name>{_NAMEWORD}\s+{_NAMEWORD})(?=\s+as\b|\s*,|\s*\.|\s+who\b|$)"
        rf"(?:,?\s+(?:as\s+(?:he|she)|who)\s+(?P<action>[^.;,]*))?"
    ),
    # "The workshop was opened by Marie-Claire Dubois, Head of ..., who reported ..."
    re.compile(rf"\b(?P<action>(?:opened|chaired|closed|moderated|led|hosted)\s+by)\s+(?:{_HONORIFIC}\s+)?(?P<name>{_NAME}),\s+(?P<role>[^,]{{3,160}})"),
    # "Professor Samuel Okoth of the University of Nairobi presented ..."
    re.compile(rf"^(?:(?P<title>{_HONORIFIC}|[A-Z][a-z]+)\s+)?(?P<name>{_NAME})\s+(?P<role>of\s+the\s+[^,]{{3,120}}?)\s+(?P<action>{_VERBS}\b[^.;]*)"),
]
_QUOTED_BY = re.compile(rf"[\"”»]\s*,?\s*{_SAYING}\s+(?:[\w'’-]+\s+){{0,10}}?(?P<surname>{_NAMEWORD})\b|\b(?P<surname2>{_NAMEWORD})\s+{_SAYING}\b")


def find_speakers(passages: Iterable[Passage]) -> list[Speaker]:
    """The people of the passages (of one or several documents), in order of first mention."""
    people: dict[str, Speaker] = {}
    passages = list(passages)

    def lookup(surname: str) -> Speaker | None:
        return next((s for s in people.values() if fold(s.surname) == fold(surname)), None)

    for passage in passages:
        for sentence in split_sentences(passage.text):
            for pattern in _PATTERNS:
                m = pattern.search(sentence)
                if not m:
                    continue
                name = _clean_name(m.group("name"))
                if not name:
                    continue
                speaker = lookup(name.split()[-1]) or people.setdefault(name, Speaker(name))
                groups = m.groupdict()
                if speaker.role is None and groups.get("role"):
                    role = groups["role"]
                    if groups.get("title") and not re.fullmatch(_HONORIFIC, groups["title"]):
                        role = f"{groups['title']}, {role}"
                    speaker.role = _clean_role(role)
                action = groups.get("action")
                if action:
                    action = action.strip()
                    if action.endswith(" by"):  # "opened by X": X opened the event
                        action = f"{action[:-3]} the {_event_word(passage.text)}"
                    if action not in speaker.actions:
                        speaker.actions.append(action)
                break
    for passage in passages:
        sentences = split_sentences(passage.text)
        current: Speaker | None = None
        pending = ""  # the opening sentences of a quotation whose attribution comes later
        for sentence in sentences:
            if pending:
                sentence = f"{pending} {sentence}"
                pending = ""
            if open_quote(sentence):
                pending = sentence
                continue
            m = _QUOTED_BY.search(sentence)
            found = lookup(m.group("surname") or m.group("surname2")) if m else None
            if found is None:
                found = next((s for s in people.values() if s.name in sentence or re.search(rf"\b{re.escape(s.surname)}\b", sentence)), None)
                if found is not None and not re.search(r"[\"“”]", sentence):
                    current = found
                    continue
            if found is not None:
                found.quotes.append((sentence, passage.document, passage.position))
                current = found
            elif current is not None and re.match(r"^(He|She)\b", sentence):
                current.quotes.append((sentence, passage.document, passage.position))
            else:
                current = None
        for speaker in people.values():
            if speaker.name in passage.text or re.search(rf"\b{re.escape(speaker.surname)}\b", passage.text):
                speaker.passages.append((passage.document, passage.position))
    return list(people.values())


def open_quote(text: str) -> bool:
    """Whether ``text`` leaves a quotation open (odd straight quotes, or unbalanced curly ones)."""
    return text.count('"') % 2 == 1 or text.count("“") != text.count("”")


def _event_word(text: str) -> str:
    m = re.search(r"\b(meeting|summit|conference|workshop|seminar|session|forum)\b", text, re.I)
    return m.group(1).lower() if m else "meeting"


def find_person(speakers: list[Speaker], question: str) -> Speaker | None:
    """The person a question names (any part of the name, accents and case aside, one typo
    allowed), or ``None``."""
    best, score = None, 0.0
    for word in re.findall(r"[^\W\d_][\w'’-]*", question):
        if len(word) < 3:
            continue
        for speaker in speakers:
            s = speaker.matches(word)
            if s > score:
                best, score = speaker, s
    return best
