"""A directory of the people in the documents: name, role, what they did, and what they said.

Found with the English language model, whatever the meeting or the release's wording: people
are the subjects of reporting verbs in any tense ("said", "will open", "is expected to address",
"according to"), the agents of passives ("opened by"), and the persons the tagger names; roles
come from appositions ("<Name>, <role>,") and titles before a name ("State Secretary <Name>");
quotations are attributed through their reporting clause, and a "He/She ..." sentence that
follows goes to the same person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from embeddings.lexical import fold
from knowledge.language.names import same_word
from knowledge.language.nlp import parse
from knowledge.language.speech import reports, role_span
from knowledge.language.vocabulary import HONORIFICS, SPEAKING_VERBS, TITLE_WORDS
from knowledge.reading.passages import Passage, open_quote, split_sentences

__all__ = ["Speaker", "find_person", "find_speakers", "open_quote"]

BODY_WORDS = frozenset(
    "cabinet agency academy union ministry committee council institute institution university office department "
    "commission organisation organization association federation bureau authority secretariat government "
    "parliament assembly forum mission delegation embassy centre center foundation police court bank group".split()
)
"""Words that make a capitalised run a body rather than a person."""


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
        and case aside; 0.9 for a typo as :func:`~knowledge.language.names.same_word` allows; 0 otherwise). First names alone do not count:
        "Samuel" would find every Samuel."""
        word, surname = fold(word), fold(self.surname)
        if word == surname:
            return 1.0
        return 0.9 if same_word(word, surname) else 0.0


def _name_word(token) -> bool:
    text = token.text
    if text.isupper() and text.isalpha() and len(text) > 1 and token.i > token.sent.start:  # "Mr Ann SMITH"
        j = token.i - 1  # back over the name's other words to a form of address: not "LWB HB" after
        while j > token.sent.start and token.doc[j].text[:1].isupper() and token.doc[j].text.isalpha() \
                and token.doc[j].lower_ not in HONORIFICS:  # "of", nor an acronym after a place ("Bergen SNAP")
            j -= 1
        return token.doc[j].lower_.rstrip(".") in HONORIFICS
    return (token.pos_ == "PROPN" or token.ent_type_ == "PERSON") and text[:1].isupper() and \
        any(c.islower() for c in text) and text.lower().rstrip(".") not in TITLE_WORDS and text.lower() not in TITLE_WORDS


def _name_from_head(head) -> tuple[int, int] | None:
    """Token range of the name ending at ``head``: it and the name words compounded before it."""
    if not _name_word(head):
        return None
    start = head.i
    while start > head.sent.start and _name_word(head.doc[start - 1]) and head.doc[start - 1].dep_ in ("compound", "flat", "nmod") \
            and head.doc[start - 1].head.i in range(start, head.i + 1):
        start -= 1
    return start, head.i + 1


def _name_at_end(head) -> tuple[int, int] | None:
    """The last two name words of a long subject ("State Secretary at the Ministry of Interior
    Aleksandar Nikolić"), when its last word is a name word."""
    last = max(head.subtree, key=lambda t: t.i)
    if not _name_word(last) or last.i - 1 < head.sent.start or not _name_word(head.doc[last.i - 1]):
        return None
    return last.i - 1, last.i + 1


def _people_in(doc) -> list[tuple[int, int, str]]:
    """``(first token, end token, kind)`` of each person named in a parsed sentence: ``"speaker"``
    for subjects of speaking verbs and agents of their passives, ``"named"`` for the rest."""
    found: list[tuple[int, int, str]] = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in SPEAKING_VERBS:
            continue
        for child in token.children:
            heads = []
            if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ != "nsubjpass":
                heads.append(child)
            if child.dep_ == "agent":
                heads += [c for c in child.children if c.dep_ == "pobj"]
            for head in heads:
                span = _name_from_head(head) or _name_at_end(head)
                if span:
                    found.append((*span, "speaker"))
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = [t for t in ent if _name_word(t)]
        if words and not any(a <= words[0].i < b for a, b, _ in found):
            stop = next((t.i for t in ent if t.i > words[0].i and t.is_punct
                         and (t.whitespace_ or doc[t.i - 1].whitespace_)), ent.end)  # "Berg - Agreed", "Berg: Yes"
            found.append((words[0].i, max(t.i for t in words if t.i < stop) + 1, "named"))
    return found


def find_speakers(passages: Iterable[Passage]) -> list[Speaker]:
    """The people of the passages (of one or several documents), in order of first mention."""
    people: dict[str, Speaker] = {}

    def lookup(name: str) -> Speaker | None:
        surname = fold(name.split()[-1])
        return next((s for s in people.values() if fold(s.surname) == surname), None)

    for passage in passages:
        sentences = _units(passage.text)
        last: Speaker | None = None
        for sentence in sentences:
            doc = parse(sentence)
            mentioned = []
            for start, end, kind in sorted(_people_in(doc)):
                while end < len(doc) and doc[end].text.isupper() and _name_word(doc[end]):
                    end += 1  # "Mr Ann SMITH": a surname in capitals after the name word the parse took
                name = doc[start:end].text
                if BODY_WORDS & {w.lower() for w in re.findall(r"\w+", name)}:
                    continue
                speaker = lookup(name)
                if speaker is None:
                    address = _addressed(doc, start)
                    if end - start < 2 and address is None:
                        continue  # a surname alone names only someone already met, unless "Mr. X"
                    if end - start < 2:  # summary records name people so: "Mr. X (<country>) said", "Mrs D X"
                        name = doc[address:end].text
                    if kind == "named" and start == 0 and all(t.is_punct for t in doc[end:]):
                        continue  # a line of capitalised words alone ("Provisional Programme") is a heading more often
                    speaker = people.setdefault(name, Speaker(name))
                mentioned.append(speaker)
                if speaker.role is None:
                    role = role_span(sentence, speaker.name)
                    if role:
                        speaker.role = _clean_role(sentence[role[0]:role[1]])
                if kind == "speaker":
                    action = _action(doc, start, end) or _as_they(doc, start)
                    if action and action not in speaker.actions:
                        speaker.actions.append(action)
                if (passage.document, passage.position) not in speaker.passages:
                    speaker.passages.append((passage.document, passage.position))
            quoted = next((s for s in mentioned if reports(sentence, s.name)), None)
            if quoted is not None:
                quoted.quotes.append((sentence, passage.document, passage.position))
                last = quoted
            elif last is not None and not mentioned and re.match(r"^[\"“'‘]?(He|She)\b", sentence):
                last.quotes.append((sentence, passage.document, passage.position))
            else:
                last = mentioned[-1] if len(mentioned) == 1 else None
    return list(people.values())


def _addressed(doc, start: int) -> int | None:
    """Where the form of address before ``doc[start]`` stands ("Mr." of "Mr. X", "Mrs" of "Mrs D X",
    over initials), or ``None``."""
    j = start - 1
    while j > 0 and re.fullmatch(r"[A-Z]\.?", doc[j].text):
        j -= 1
    return j if j >= 0 and doc[j].lower_.rstrip(".") in HONORIFICS else None


def _units(text: str) -> list[str]:
    """Sentences, a quotation running over several kept as one."""
    out: list[str] = []
    for sentence in split_sentences(text):
        if out and open_quote(out[-1]):
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out


def _action(doc, start: int, end: int) -> str | None:
    """What the person at ``doc[start:end]`` did: the verb they are subject of, with its object
    ("opened the meeting"), or the passive they are agent of ("opened the workshop")."""
    head = doc[end - 1]
    while head.dep_ in ("compound", "flat") and head.head.i > head.i:
        head = head.head
    verb = head.head if head.dep_ in ("nsubj",) else head.head.head if head.dep_ == "pobj" else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    if head.dep_ == "pobj":  # "was opened by X": X opened the subject
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is None or subject.pos_ == "PRON":
            return None
        words = [verb.text] + [t.text.lower() if t.i == subject.left_edge.i else t.text for t in subject.subtree]
    else:
        return _phrase(verb)
    return _joined(words)


def _phrase(verb) -> str | None:
    """The verb with its object ("opened the meeting"), cut after ten words at a noun."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "prep", "attr", "xcomp", "prt")]
    tail = [t for c in objects[:1] for t in c.subtree]
    tail = tail[:next((i for i, t in enumerate(tail) if t.text in (",", ";", "(")), len(tail))]  # "the report, including"
    if len(tail) > 10:  # "underlined the alarming facts about the criminal business …", not "... engaged in the"
        tail = tail[:max((i + 1 for i, t in enumerate(tail[:10]) if t.pos_ in ("NOUN", "PROPN")), default=10)]
        tail[-1:] = [tail[-1], "…"] if tail else []
    return _joined([verb.text] + [t if isinstance(t, str) else t.text for t in tail])


def _joined(words: list[str]) -> str | None:
    text = re.sub(r"\s+([,.;:'’…])", r"\1", " ".join(words)).strip(" ,")
    return text if 2 <= len(text) <= 120 and len(words) > 1 else None


def _as_they(doc, start: int) -> str | None:
    """What a reporting clause says its speaker did meanwhile: "said <role> X as he opened the
    meeting" -> "opened the meeting"."""
    verb = next((t for t in doc[start].ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or not any(c.dep_ == "nsubj" and start in range(c.left_edge.i, c.right_edge.i + 1) for c in verb.children):
        return None
    clause = next((c for c in verb.children if c.dep_ == "advcl" and c.pos_ == "VERB" and any(
        s.dep_ == "nsubj" and s.lower_ in ("he", "she", "they") for s in c.children)), None)
    return _phrase(clause) if clause is not None else None


def _clean_role(role: str) -> str | None:
    role = role.strip(" ,")
    return role if 3 <= len(role) <= 160 else None


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
