"""The briefing card: what a staff member needs before walking into the meeting, each line
with the passage it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from embeddings.lexical import terms as text_terms, tokenize
from knowledge.answering.corpus import Corpus, corpus as corpus_of
from knowledge.answering.kinds import ATTENDING
from knowledge.answering.question import Question
from knowledge.answering.schedule import agenda_items, listing, programme_rows
from knowledge.answering.types import Outcome
from knowledge.language.dates import human_date, read_dateline
from knowledge.language.nlp import DURATION, SYMBOL, is_person, names_person
from knowledge.language.times import find_times
from knowledge.language.vocabulary import QUOTATION
from knowledge.indexing.index import KnowledgeIndex
from knowledge.reading.passages import LINE_CHARS, is_heading, split_sentences
from knowledge.reading.speakers import Speaker

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
    programme: tuple[Line, ...] = ()
    attending: tuple[Line, ...] = ()
    more_programme: int = 0
    """Rows of the programme left out (the card stays one phone screen or two)."""
    more_attending: int = 0

    @property
    def programme_heading(self) -> str:
        """"Agenda" for the items of an agenda without times, else "Programme"."""
        return self.programme[0].label if self.programme else "Programme"


KEY_POINT_WORDS = 5
"""Fewest words of a key point: "The draft agenda was adopted." is one, "9.00 a.m." is not."""
ROWS = 10
"""Most programme rows and most people attending shown per document: with the facts, a card of
an agenda and a list of participants then fits one message a phone shows in two screens."""


def speaker_line(speaker: Speaker) -> str:
    """``Name, role, first action.``"""
    parts = [speaker.name]
    if speaker.role:
        parts.append(speaker.role)
    if speaker.actions:
        parts.append(speaker.actions[0])
    line = ", ".join(parts)
    return line if line.endswith(("…", ".")) else line + "."


def programme(corpus: Corpus, document: str) -> list[Line]:
    """The timed rows of a programme or agenda, in order ("11h30 | Coffee break"), else the items
    of an agenda without times ("2. Report of the Lakes Board"); none for a document that gives
    times only in its sentences (see :meth:`Corpus.has_timetable`) and lists no items."""
    if not corpus.has_timetable(document):  # an agenda without times: its items
        items = agenda_items(corpus, document)
        return [Line("Agenda", line, document, corpus.index.passages[row].position) for line, row in items
                if len(line) <= LINE_CHARS] if len(items) >= 2 else []
    return [Line("Programme", text, document, corpus.index.passages[row].position)
            for text, row in programme_rows(corpus, document) if len(text) <= LINE_CHARS]


NAME_HEADERS = frozenset(("name", "names", "full name", "participant", "participants", "attendee", "delegate"))
"""Column headers of a list of people over the column that names them."""


def attending(corpus: Corpus, document: str) -> list[Line]:
    """People of the document's lists of participants and attendance blocks: every table row
    ("Mr. BERG | Sweden", "Austria | Dr. Anna Huber") with one cell naming a person, shown as
    "Mr. BERG (Sweden)", after the label of its group when one heads it ("Members:")."""
    people, column, width = [], None, 0  # a "Name" column holds over a table that runs on into the next passage
    for passage in corpus.passages_of(document):
        if "|" not in passage.text:  # no row: no one listed (and no table running on), unless a field lists them
            column = None
            people += [Line(label, name, document, passage.position)  # (the label says only "attending")
                       for label, name in _attendance_field(passage.text)] + _listed(corpus, document, passage)
            continue
        label = None  # read from the heading above only where a table runs on
        for line in passage.text.split("\n"):
            line = line.strip()
            if line.endswith(":") and len(line) <= 40 and "|" not in line:
                label = line[:-1].strip()
                continue
            if "|" not in line and is_heading(line) and not re.search(r"\d", line) and not is_person(line):
                label = line  # "Co-organizers" over its table of names
                continue
            if label is None:
                above = corpus.heading_of(corpus.rows[(document, passage.position)])
                label = above if above and not re.search(r"\d", above) else ""
            head, colon, tail = line.partition(":")
            own = label  # a label written on the row is the row's own, not the rows' after it
            if colon and len(head) <= 40 and "|" not in head and "|" in tail and not head[-1:].isdigit():  # "Chair: Ms. Novak | Slovenia"
                own, line = head.strip(), tail.strip()
                if all(":" in c for c in line.split("|")[1:]):  # "Chair: Ann Smith | Co-Chair: Per Berg": fields side by side
                    fields = [(own, line.split("|")[0])] + [tuple(c.split(":", 1)) for c in line.split("|")[1:]]
                    people += [Line(k.strip(), f"{k.strip()}: {v.strip()}", document, passage.position)
                               for k, v in fields if is_person(v.strip())]
                    continue
            cells = [c.strip() for c in line.split("|")]
            if any(DURATION.fullmatch(c) or find_times(c[:12]) for c in cells):
                continue  # a programme's row ("10 mins | Closing remarks"), whoever the tagger finds in it
            if len(cells) < 2 or not all(cells):
                column = column if len(cells) > 1 else None  # a line outside a table ends the table
                continue
            if (named := [i for i, c in enumerate(cells) if c.lower() in NAME_HEADERS]):
                column, width = named[0], len(cells)  # "Name | Organization | Location" heads its rows
                continue
            # under a "Name" header, its cell names the person even where the tagger knows no such name
            persons = [cells[column]] if column is not None and len(cells) == width else [c for c in cells if is_person(c)]
            if len(persons) != 1:
                continue
            rest = ", ".join(c for c in cells if c is not persons[0])
            text = f"{persons[0]} ({rest})"
            people.append(Line(own or "Attending", f"{own}: {text}" if own else text, document, passage.position))
    return people


def _listed(corpus: Corpus, document: str, passage) -> list[Line]:
    """People listed one a line under a heading of attending ("Attendees" over "Ann Smith" and
    "Ida Lund"), the heading in the passage, anywhere, or just above it; none where fewer than two are people."""
    label, found = corpus.heading_of(corpus.rows[(document, passage.position)]) or "", []
    for line in (line.strip() for line in passage.text.split("\n")):
        if names_person(line):
            found.append(Line(label, line, document, passage.position))
        elif is_heading(line):
            label = line  # a later heading ends the list above it ("Apologies" after "Attending")
    found = [p for p in found if set(text_terms(p.label)) & ATTENDING]
    return found if len(found) >= 2 else []


_FIELD = re.compile(r"^\s*(?:\d+\.\s*)?([A-Za-z][A-Za-z ]{2,30}?)\s*:\s*(.+)$", re.M)


def _attendance_field(text: str) -> list[tuple[str, str]]:
    """``(label, name)`` of each person a field of minutes lists as there ("Present: Cllr A Berg
    (Chair), Mrs C Holm (Clerk), 4 Observers"): a label of attending, and of its
    comma-separated entries those a capital or a number opens (not "and others")."""
    found = []
    for m in _FIELD.finditer(text):
        label = m.group(1).strip()
        if not set(text_terms(label)) & ATTENDING:
            continue
        entries = [e.strip(" .;") for e in re.split(r",|;|\s+and\s+", m.group(2))]
        names = [e for e in entries if (e[:1].isupper() or e[:1].isdigit()) and len(e.split()) <= 6]
        if len(names) >= 2:
            found += [(label, name) for name in names]
    return found


_PEOPLE = frozenset(t for terms in tokenize(["participants attendees delegates people persons come comes"]) for t in terms)
"""Words of a question about who is on a list that ask for no group ("Which delegates come from Oslo?")."""


def attendance(corpus: Corpus, document: str, question: Question, words: set[str]) -> Outcome | None:
    """"Who attended?": the people of ``document``'s attendance block or list of participants,
    one per line with their group and country (see :func:`~knowledge.answering.schedule.listing`).
    Of ``words`` (the question's terms), those a group's label holds keep that group ("Who are
    the co-organizers?"), and names the people whose row holds them ("Which students come from
    Bergen?"). ``None`` when other words ask something else ("Who spoke?") or fewer than two are
    left."""
    people = attending(corpus, document)
    named = {t for f in question.focus for t in text_terms(f.text)}  # a place, not a group, though a label has it
    named |= {t for w in re.findall(r"(?<=\s)[A-Z][\w.-]*", question.text) for t in text_terms(w)}  # "CA" of "Davis, CA"
    group = (words - named) & {t for p in people for t in text_terms(p.label)} - ATTENDING
    rest = words - group - ATTENDING - _PEOPLE  # names, held by the rows kept ("Oslo"); not "spoke", nor "hosts"
    if rest - named:
        return None
    people = [p for p in people if group <= set(text_terms(p.label)) and rest <= set(text_terms(p.text))]
    if len(people) < 2:
        return None
    lines = []
    for label, members in groupby(people, key=lambda p: p.label):  # a group's label once, over its people
        texts = [p.text for p in members]
        if len(texts) > 1 and label != "Attending":
            lines += [f"{label}:", *(text.removeprefix(f"{label}: ") for text in texts)]
        else:
            lines += texts
    return listing(question, document, lines, corpus.rows[(document, people[0].passage)])


_HOLDER = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+)\s*\(([^()\d]{3,40})\)")
"""A name and the post it holds, in brackets after it ("Mrs C Holm (Clerk)", "Ann Berg (Vice-Chair)")."""


def holders(corpus: Corpus, document: str, question: Question, words: set[str]) -> Outcome | None:
    """"Who was the clerk?", "Who chaired?": each name that ``document`` writes with that post in
    brackets after it (an attendance block's "Mrs C Holm (Clerk)"), where the post is what
    ``words`` (the question's terms) ask and nothing more ("Vice-Chair" is not "chair"); a
    sentence that only mentions "the Clerk" names no one. ``None`` when no name holds it."""
    def same(a: str, b: str) -> bool:
        return a == b or min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))  # "chair", "chairman"

    if not words or question.asks != "who" or question.describes:
        return None
    found: list[tuple[str, int]] = []
    for passage in corpus.passages_of(document):
        for m in _HOLDER.finditer(passage.text):
            post = set(text_terms(m.group(2)))
            if post and all(any(same(p, w) for w in words) for p in post) and all(any(same(w, p) for p in post) for w in words) \
                    and is_person(m.group(1).strip()):  # not "Panel Discussion (Moderator)"
                found.append((f"{m.group(1).strip()} ({m.group(2).strip()})", corpus.rows[(document, passage.position)]))
    if not found:
        return None
    return listing(question.text, document, list(dict.fromkeys(text for text, _ in found)), found[0][1])


def make_briefs(index: KnowledgeIndex, *, key_points: int = 5) -> list[Brief]:
    """One card per document, in the index's order: its facts, speakers and key points, and for
    a programme or agenda its timed rows, for a list of participants who attends (at most
    :data:`ROWS` of each, with how many more)."""
    corpus = corpus_of(index)
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
        if (aim := corpus.aim(info.name)):
            facts.append(Line("Aim", aim[1], info.name, index.passages[aim[0]].position))
            used.add(aim[1])
        people = [s for s in index.speakers if any(d == info.name for d, _ in s.passages)]
        present = attending(corpus, info.name)  # a list of participants is shown once, as who attends (its
        # rows give no roles: "Austria | Dr. Anna Huber")
        acting = [s for s in people if s.quotes or s.actions or s.role and not present]  # not each name of a list
        speakers = tuple(Line(s.name, speaker_line(s), info.name, s.passages[0][1])
                         for s in (acting or ([] if present else people))[:ROWS])
        repeated = [s.actions[0] for s in people if s.actions] + ([f.organisers.value] if f.organisers else [])
        points: list[Line] = []
        for passage in passages:
            for sentence in split_sentences(passage.text):
                if len(points) >= key_points:
                    break
                if sentence in used or not _KEY.search(sentence) or any(r in sentence for r in repeated) and not QUOTATION.search(sentence) \
                        or is_heading(sentence) or len(sentence.split()) < KEY_POINT_WORDS or SYMBOL.match(sentence):
                    continue  # a heading, a time or a document symbol is no key point
                used.add(sentence)
                dateline = read_dateline(sentence)  # "QUITO, 9 May 2017 - The council ..." shown from "The"
                points.append(Line("Key point", sentence[dateline.length:] if dateline else sentence, info.name,
                                   passage.position))
        rows, people = programme(corpus, info.name), present
        briefs.append(Brief(info.name, info.title, tuple(facts), speakers, tuple(points), tuple(rows[:ROWS]),
                            tuple(people[:ROWS]), max(0, len(rows) - ROWS), max(0, len(people) - ROWS)))
    return briefs
