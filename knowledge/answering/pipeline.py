"""The answering pipeline: analysis, scoping, extraction, verification (see the package docstring)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

import numpy as np

from embeddings.encoder import Encoder
from embeddings.lexical import fold, terms as text_terms
from knowledge.indexing.index import KnowledgeIndex
from knowledge.answering import confidence, extract, schedule, scope as scoping, verify
from knowledge.answering.brief import attendance, holders
from knowledge.answering.corpus import Corpus, corpus as corpus_of
from knowledge.language.dates import read_dateline
from knowledge.language.names import mentions, script, with_long_forms
from knowledge.language.nlp import item_numbers, parse_many
from knowledge.language.speech import does, reports, speaks
from knowledge.language.vocabulary import QUOTATION
from knowledge.reading.passages import is_heading
from knowledge.answering.sections import heads, titles
from knowledge.reading.speakers import find_person
from knowledge.answering.followup import person_named, quoted_by
from knowledge.answering.types import Choice, Outcome, Topic
from knowledge.answering.kinds import AHEAD, BEING, CLOSED_AT, EVENT_TERMS, NEXT_MEETING, OPENING, PERSON_NOUNS, PLACE_NOUNS, PLACE_PRONOUN, SPEAKING, same_sense
from knowledge.answering.question import GENERIC_TERMS, Question, analyse

CANDIDATE_ROWS = 50  # passages ranked per question before scoping (the scoped documents' passages are read too)


def answer_all(index: KnowledgeIndex, encoder: Encoder, questions: Sequence[str], vectors: np.ndarray,
               fused: np.ndarray, contexts: Sequence[Topic | None], now: dt.datetime | None = None) -> list[Outcome]:
    """Answer already-ranked questions (``vectors``: theirs; ``fused``: every passage's hybrid
    retrieval score per question; ``contexts``: each one's chat topic, or ``None``; ``now``:
    the time in the meeting's zone that "What's on now?" and "What's next?" go by, by default
    the machine's clock and zone)."""
    corpus = corpus_of(index)
    parse_many(list(questions))  # the batch's questions parsed together
    planned = [_plan(corpus, text, vectors[i], fused[i], _top(fused[i], CANDIDATE_ROWS), contexts[i], now)
               for i, text in enumerate(questions)]
    texts = [t for p in planned if isinstance(p, _Plan) for t in p.reading.texts]
    if texts:
        corpus.sentence_vectors(encoder, texts)  # the whole batch's new sentences in one encoder call
    return [p if isinstance(p, Outcome) else _finish(corpus, encoder, p) for p in planned]


@dataclasses.dataclass(frozen=True)
class _Plan:
    """A question past analysis and scoping, waiting for its sentences' vectors."""

    text: str
    question: Question
    vector: np.ndarray
    order: np.ndarray
    fused: np.ndarray
    reading: extract.Reading
    context: Topic | None
    exclude: tuple[str, ...]
    years: tuple[str, ...] = ()
    day: str | None = None


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return part[np.argsort(-scores[part], kind="stable")]


def _declined(text: str, verdict: verify.Verdict, row: int | None = None, topic: Topic | None = None) -> Outcome:
    return Outcome(text, "declined", row=row, reason=verdict.sentence(), topic=topic)


def _no_detail(corpus: Corpus, question: Question, cand: extract.Candidate, person: str | None) -> Outcome:  # "doesn't say"
    return _declined(question.text, verify.Verdict("detail", question.text, corpus.titles.get(cand.document)), cand.row, Topic(cand.document, person))


def _plan(corpus: Corpus, text: str, vector: np.ndarray, fused: np.ndarray, order: np.ndarray,
          context: Topic | None, now: dt.datetime | None = None) -> Outcome | _Plan:
    index = corpus.index
    question = analyse(text)
    first_row = int(order[0]) if len(order) else None
    # A year the question gives ("the 2017 meeting"), or another bare number of 3+ characters, must be written somewhere, and in the answer's
    # document, but does not steer the search (it sets the scene a paragraph before). Not shorter ones ("'56"): chosen on SQuAD's even articles.
    years = tuple(f for f in question.focus if verify.is_number(f.text) and len(f.text) >= 3)
    # "the second day" names a programme's day, not a "second", where a programme has days
    said_day = schedule.day_words(text) if any(corpus.programme_days(d) for d in corpus.titles) else frozenset()
    other = bool(question.key_terms) and not question.saying and not question.describes  # "Кто opened the meeting?"
    readable = [f for f in question.focus if any(ch.isalpha() and (not other or script(ch) in corpus.scripts) for ch in f.text)
                and not (said_day and set(text_terms(f.text)) <= said_day)]  # (a bare number: as years, above)
    if len(readable) < len(question.focus):  # a word in a script no document uses is checked only if all is on it
        question = dataclasses.replace(question, focus=tuple(readable))  # ("Who is Иванов?", "What did Петров say?")
    if not (known := verify.names_known(dataclasses.replace(question, focus=question.focus + years),
                                        corpus.all_words)).answered:
        return _declined(text, known, first_row)
    ranked_documents = list(dict.fromkeys(index.passages[int(r)].document for r in order))
    day: str | None = None  # the day of a programme of several that the question or the clock means
    use_context = context is not None and context.document is not None and (
        question.pronoun or PLACE_PRONOUN.search(text) or question.excluding or not question.focus)
    follow_up = use_context and not question.focus and (question.pronoun or PLACE_PRONOUN.search(text)
                                                        or question.excluding)
    if follow_up:  # "Who else spoke there?", "What did he say?": the meeting of the last exchange
        scope = scoping.Scope((context.document,), (1.0,), from_context=True)
    else:
        scope = scoping.choose(index, [t for t in text_terms(with_long_forms(text, index.idf, index.long_form))  # "the RSW"
                                       if t not in GENERIC_TERMS | BEING or t in set(question.key_terms) - question.cues],
                               ranked_documents=ranked_documents,
                               context_document=context.document if use_context else None)
    if use_context and not scope.from_context and not question.focus and not _specific(question, corpus, ()):
        # "Who opened the meeting?" right after an exchange about one meeting (or a pick): that one
        scope = scoping.Scope((context.document,), (1.0,), from_context=True)
    if question.anchor:  # "What comes after lunch?": the row next to lunch's, when a programme has one
        timed = list(dict.fromkeys(d for d in (*scope.documents, *ranked_documents) if corpus.has_timetable(d)))
        found = schedule.next_to(corpus, timed, question.anchor, question.relative == "after", text, now)
        if isinstance(found, verify.Verdict):
            return _declined(text, found, first_row)
        if found is not None:
            question = dataclasses.replace(question, at=found[1])
            scope = scoping.Scope((found[0],), (1.0,), from_context=scope.from_context)
            day = found[2]
    elif question.relative and not question.focus:  # "What's on now?", "What's next?": the clock's time
        timed = [d for d in (*scope.documents, *ranked_documents) if corpus.has_timetable(d)]
        if not timed:
            return _declined(text, verify.Verdict("no programme"), first_row)
        clocked = schedule.clock_time(corpus, timed[0], question.relative, now)
        if isinstance(clocked, verify.Verdict):
            return _declined(text, clocked, first_row, Topic(timed[0]))
        question, day = dataclasses.replace(question, at=clocked[0]), clocked[1]
        scope = scoping.Scope((timed[0],), (1.0,), from_context=scope.from_context)
    elif question.at is not None and not scope.from_context and not question.focus \
            and not _specific(question, corpus, (), ignore=schedule.day_words(text)):
        # "What is on at 11h45?" names nothing else: only a document with a timetable can say
        timed = tuple(d for d in (scope.documents or ranked_documents) if corpus.has_timetable(d)) \
            or tuple(d for d in ranked_documents if corpus.has_timetable(d))
        if timed:
            scope = scoping.Scope(timed[:1], (1.0,), from_context=False) if len(timed) == 1 else \
                scoping.Scope(timed, tuple(1.0 for _ in timed))
    if day is None and (dated := schedule.day_scope(corpus, scope, ranked_documents, text, now,
                                                     named=bool(question.focus))):
        scope, day = dated  # "What's on tomorrow?": the programme of several days that has that day
    if len(corpus.document_terms) > 1 and not scope.from_context and not question.focus:
        ties = scope.ties() if scope.documents else tuple(ranked_documents[: scoping.MAX_CHOICES])
        if len(ties) > 1 and not _specific(question, corpus, ties):
            choices = tuple(Choice(d, corpus.display_title(d)) for d in ties)
            return Outcome(text, "choose", row=first_row, choices=choices,
                           reason="Several meetings fit that question; which one do you mean?")
    exclude = (context.person,) if question.excluding and context is not None and context.person else ()
    words = set(text_terms(text)) - GENERIC_TERMS - BEING  # less the meeting's name ("Who spoke at the Lakes Forum?")
    named = words - corpus.identity_terms(scope.documents[0]) if scope.documents else words
    if (question.asks == "who" or question.head in PERSON_NOUNS) and not question.describes and scope.documents \
            and words and (listed := attendance(corpus, scope.documents[0], question, named or words)):
        return listed  # "Who attended?", "Who are the co-organizers?", "Which delegates are from Oslo?"
    if scope.documents and (held := holders(corpus, scope.documents[0], question, named)):
        return held  # "Who was the clerk?": "Mrs C Holm (Clerk)" in an attendance block
    role = re.search(r"\b(?:is|was)\s+(?:the\s+)?(?:\w+\s+)?speaker\b", text, re.I)  # "Who is (now) speaker of X?": a post
    if question.asks == "who" and not question.describes and scope.documents and not role and (set() < words <= SPEAKING or (
            set() < named <= SPEAKING and not re.search(r"\b(?:about|on|regarding|concerning)\b", text, re.I))) and (
            listed := _speakers(corpus, question, scope.documents[0], exclude)):
        return listed  # else a "Speakers:" field or a programme's cell may say it
    if not question.items and "ITEM" in question.expects and scope.documents and (end := re.search(r"\b(first|last|final)\b", text, re.I)):
        numbers = [n for line, _ in schedule.agenda_items(corpus, scope.documents[0]) for n in item_numbers(line[:12])]
        pick = min if end.group(1).lower() == "first" else max
        kept = [(t, w) for t, w in zip(question.key_terms, question.key_words) if t not in text_terms(end.group(1))]
        question = dataclasses.replace(question, items=(pick(numbers, key=lambda n: [int(d) for d in re.findall(r"\d+", n)]),),
                                       key_terms=tuple(t for t, _ in kept), key_words=tuple(w for _, w in kept)) \
            if numbers else question  # "the last item on the agenda": its number says "last", the answer need not
    others = scope.documents[1:] if scope.documents else ranked_documents[: scoping.MAX_CHOICES]  # no document chosen: the likeliest
    if not day and (listed := scope.documents and schedule.agenda(corpus, scope.documents[0], question, text) or next(filter(None, (
            schedule.section(corpus, d, question, text) for d in others)), None)):
        return listed  # "What is on the agenda?": its items; "Who sent apologies?": another document's heading "Apologies"
    reading = extract.read(corpus, scope, fused, order, question.at, question.items)
    if day and question.at is None and not question.anchor and question.asks == "what" and scope.documents and (
            listed := schedule.day_programme(corpus, scope.documents[0], day, text, question.key_terms)):
        return listed  # "What's on tomorrow?": the day's rows
    if day:  # "on day 2": that day's rows need not say "day"
        question = dataclasses.replace(question, cues=question.cues | schedule.day_words(text))
    return _Plan(text, question, vector, order, fused, reading, context, exclude, tuple(f.text for f in years), day)


def _finish(corpus: Corpus, encoder: Encoder, plan: _Plan) -> Outcome:
    text, question, context = plan.text, plan.question, plan.context
    first_row = int(plan.order[0]) if len(plan.order) else None
    ranked = cands = extract.candidates(corpus, encoder, question, plan.vector, plan.reading, plan.order, plan.fused,
                                        exclude=plan.exclude)
    if not cands:
        return _declined(text, verify.Verdict("nothing", text), first_row)
    person = next((f.text for f in question.focus if f.kind == "PERSON"), None)
    if question.saying and person is None:
        person = next((f.text for f in question.focus if f.kind == "NAME"), None)
    if question.pronoun and person is None and context is not None and context.person:
        # "What did he say?" right after "Who opened the meeting?": a passage naming him
        about = [c for c in cands if c.row is not None and mentions(corpus.index.passages[c.row].text, context.person)]
        cands = about or cands
    followed = context.person if context is not None and context.person and any(
        mentions(f.text, context.person) for f in question.focus) else None
    if question.asks in ("who", "whom") and followed and not question.describes:
        # "Who seconded him?" (the chairman just named): the paragraph naming him before anyone else, not his successor's
        first = [c for c in cands if c.row is not None and verify.names_first(corpus.index.passages[c.row].text, followed)]
        cands = first or cands
    if question.saying and person and "PERSON" not in question.expects and question.asks not in ("when", "where"):
        # (not "Which member spoke on the Chair's report?"; "When did Ann speak?" asks when the meeting was)
        quoted = [c for c in cands if c.row is not None and _reports(corpus, c, person)]
        if not quoted:
            return _declined(text, verify.Verdict("quote", person, corpus.titles.get(cands[0].document)),
                             cands[0].row, Topic(cands[0].document, person))
        cands = quoted
    if question.describes:
        named = [c for c in cands if mentions(c.text, question.describes)]
        cands = named or cands
    if question.items:  # "under item 5": the item's own lines
        under = [c for c in cands if c.row is not None and set(question.items) & set(corpus.items_of(c.row, c.start, c.end))]
        cands = under or cands
        if under and (listed := schedule.papers(question, under, text)):
            return listed  # "Which documents go with item 5?": each paper listed under it
    if question.asks in ("who", "whom", "what"):  # "Who spoke on item 5?": the record's "Speakers:" field, else
        labelled = [c for c in cands if question.asks != "what" and verify.names_the_doer(c.text, question.text)]  # "It was opened by Ana"
        doing = [] if labelled else [c for c in cands[:5] if c.document == cands[0].document  # (of as many key words)
                                     and c.overlap >= 0.5 * cands[0].overlap and does(c.text, question.text)]
        cands = labelled or doing + [c for c in cands if c not in doing]
    if question.at is not None:  # "What is on at 15h00?": only what runs then answers
        running = [c for c in cands if c.row is not None and corpus.runs_at(c.row, question.at, c.start, c.end, plan.day)]
        if not running:
            return _no_detail(corpus, question, cands[0], person)
        cands = running
    if plan.day:  # "on Thursday": that day's rows of a programme of several days
        cands = [c for c in cands if c.row is not None and corpus.day_of(c.row, c.start) == plan.day] or cands
    if question.future:  # "When is the following meeting?": the first row under "Future meetings" first
        if not (ahead := schedule.ahead_first(corpus, cands, text)):
            return _no_detail(corpus, question, cands[0], person)  # nothing looks ahead to a next meeting
        cands = ahead
    elif {"DATE", "TIME"} & set(question.expects):  # "When was the meeting held?": not the date under "Next meeting"
        ending = bool(re.search(r"\b(?:clos|end|adjourn|finish|conclu|over\b|rose\b|rise\b)", text, re.I))
        cands = [c for c in cands if c.row is None or not titles(h := corpus.heading_of(c.row, c.start or 0))
                 or not AHEAD.search(h)] or cands  # (a line left without its full stop heads nothing)
        cands = [c for c in cands if not NEXT_MEETING.search(c.text) and (ending or not CLOSED_AT.search(c.text))] or cands
        # nor "The next meeting will be on 4 May"; "The meeting closed at 8.40pm" says only when it ended
        cands = sorted(cands, key=lambda c: not (ending and CLOSED_AT.search(c.text)))
    holding = [c for c in cands if all(verify.backs(corpus, f, c.document, c.row) for f in question.focus)]
    cands = holding or cands  # a document lacking a name the question gives is not the one meant
    if question.qualifiers and question.head in PERSON_NOUNS:  # "Which <adjective> member?" ("Mr X (<country>)") first
        cands = sorted(cands, key=lambda c: not verify.qualified(question, set(re.findall(r"\w+", fold(c.text)))))
    places = [f.text for f in question.focus if f.kind in ("PLACE", "NAME")]  # the tagger gives a country either kind
    if places and question.asks in ("who", "whom") and not all(mentions(cands[0].text, p) for p in places):
        # "Who represents Peru?": a list's row "Ms. QUISPE | Peru" beats prose on representatives
        paired = [c for c in cands[:8] if verify.pairs_person_with(question, c.text, " ".join(corpus.header(c.document)))]
        cands = paired + [c for c in cands if c not in paired]
    # a line ending in a colon says nothing itself unless it names what is asked ("Ana noted that ...:", "A form was issued:") or its list follows
    informative = [c for c in cands if (not verify.introduces_only(c.text) or c.fits or does(c.text, question.text) or c.row is not None
                                        and corpus.list_after(c.row, c.start or 0, c.end or 0)) and (
        question.asks == "yes-no" and not heads(c.text)  # "Did they approve X?": "They approved X.", not "2. Approval of X"
        or c.fits  # "Item 3 Election of the Chair" adds its number to "Under which item is the Chair elected?"
        or not verify.adds_nothing(question, c.text, corpus.titles.get(c.document))
        or verify.heading_needed(question, corpus, c.document, c.row, c.start, c.text))]
    # "Do I need to book?": not the heading "(No) Booking" where a sentence says it ("Booking is not required")
    informative = [c for c in informative if question.asks != "yes-no" or not heads(c.text) or not any(
        o.document == c.document and not heads(o.text) and set(text_terms(c.text)) <= set(text_terms(o.text)) for o in informative)]
    if not informative or (informative[0] is not cands[0] and cands[0].overlap > 0 and not informative[0].overlap
                           and set(question.key_terms) - EVENT_TERMS - corpus.identity_terms(cands[0].document)):
        # the best line only restates the question ("4. Election of the Bureau" for "Who will be elected to the Bureau?",
        # not only the meeting's name "Harbour talks") and the next shares none of its words
        return _no_detail(corpus, question, cands[0], person)
    cands = informative
    best = extract.first_keyed(corpus, cands)
    place = question.asks in ("which", "what") and question.head in PLACE_NOUNS
    hosted = question.cues if place else frozenset()  # "Which city hosts it?": "in Oslo", "Oslo hosts", not "Oslo Road"
    # "When did the meeting open?" asks when it was held ("Held on 4 May at 10.00"), not its "Opening" item's time
    opens = set(question.key_terms) - corpus.identity_terms(best.document) <= OPENING  # "When does the session open?"
    opening = opens and all(f.kind != "PERSON" for f in question.focus)
    wants = question.expects[0] if question.expects[:1] in (("DURATION",), ("DATE",)) else "PLACE" if question.asks == "where" else None
    meeting = bool(wants) and not question.future and scoping.of_meeting(question, corpus, best.document)
    if stated := meeting and scoping.stating(cands, best, wants):
        best = stated  # "When was the Harbour Board meeting?": the line giving its day, not a line naming it
    elif question.hard_type and not best.typed:
        typed = [c for c in cands[:8] if c.typed]
        if typed and (typed[0].overlap >= 0.5 * best.overlap or opens and (opening or typed[0].document == best.document) and (
                extract.HELD.search(typed[0].text) or scoping.states_meeting(typed[0], "DATE"))):
            best = typed[0]  # "When did Ann Smith open it?": not her sentence, the day people gathered for it
        else:
            return _no_detail(corpus, question, best, person)
    elif (question.asks in ("who", "whom", "whose", "where") or set(question.expects) & {"SYMBOL", "ITEM"} or place) \
            and not verify.names_kind(best, place, hosted) and not question.describes:
        # "Who chaired?", "Which document?", "Under which item?", "Where is X?": a line with a name, a
        # symbol, an item number or a room beats a heading that shares the question's words ("X" over
        # "18:00 Room 4"); "which country" needs a place, and "where" more than a heading or an agenda's item
        typed = [c for c in cands[:8] if verify.names_kind(c, place, hosted)  # not a line without the item asked about
                 and (verify.names_all(question, verify.under(corpus, c)) or not verify.names_all(question, best.text))]
        if typed and typed[0].overlap >= 0.5 * best.overlap and (
                typed[0].overlap > 0 or scoping.of_meeting(question, corpus, best.document)):
            best = typed[0]  # (one holding none of the question's words is a guess: "the Commission" for who opens)
        elif place or question.head in ("document", "documents", "symbol", "symbols") or (
                question.asks in ("who", "whom")
                and (corpus.is_listed(best.document, best.text) or verify.only_of(question, best.text))) or (
                question.asks == "where" and (heads(best.text) and " | " not in best.text  # (a row has a place column)
                                              or scoping.of_meeting(question, corpus, best.document) and not read_dateline(best.text)
                                              or best.text.strip() in dict(schedule.agenda_items(corpus, best.document)))):
            # "Which document goes with item 4?" with none listed; "Who chairs?" with only "3. Election of the Vice-Chair"
            return _no_detail(corpus, question, best, person)
    if meeting and not stated and not scoping.states_meeting(best, wants) and (
            wants == "DURATION" or wants == "PLACE" and not scoping.locates(best)):
        return _no_detail(corpus, question, best, person)  # not "at the Harbour Board's fair", "Members: Ann, Bergen"
    if question.asks in ("who", "whom") and not question.describes and verify.names_no_one(text, best.text, best.typed):
        if not (named := next((c for c in cands[:8] if c.document == best.document and any(e.kind == "PERSON" for e in c.typed)
                               and verify.verb_terms(text) <= same_sense(set(text_terms(c.text)))), None)):
            return _no_detail(corpus, question, best, person)
        best = named  # a line naming who did it: "The meeting opened with Ann Smith in the Chair."
    if question.asks in ("who", "whom") and not question.describes and best.typed and is_heading(best.text) \
            and not any(e.kind == "PERSON" for e in best.typed) and not re.search(r":\s*\S", best.text):
        # "Who delivered the statement for the Office?": the person under the heading "Statement
        # by the representative of the Office" beats the heading; a field ("Apologies: ...") is no heading
        people = [c for c in cands[:8] if any(e.kind == "PERSON" for e in c.typed)]
        under = [c for c in people if c.document == best.document and c.row is not None and best.row is not None
                 and c.row == best.row + 1]  # the paragraph the heading heads
        if under or (people and people[0].overlap >= best.overlap):
            best = (under or people)[0]
    if (question.hard_type or "SYMBOL" in question.expects) and verify.listed_without(corpus, question, best) \
            and not (opening and (extract.HELD.search(best.text) or scoping.states_meeting(best, "DATE"))):
        return _no_detail(corpus, question, best, person)
    if (year := next((n for n in plan.years if not verify.holds(corpus.document_words(best.document), n)), None)):
        return _declined(text, verify.Verdict("name here", year, corpus.titles.get(best.document) or best.document),
                         best.row, Topic(best.document, person))
    verdict = verify.supported(question, corpus, encoder, best.document, best.row, best.text, best.dense)
    if not verdict.answered:
        return _declined(text, verdict, best.row, Topic(best.document, person))
    found = confidence.evidence(best, ranked)  # the chance it is right, learned (confidence.py)
    return dataclasses.replace(_answer(corpus, question, best, person, context), evidence=found,
                               confidence=round(confidence.probability(found), 4))


def _specific(question: Question, corpus: Corpus, documents: Sequence[str], ignore: frozenset[str] = frozenset()) -> bool:
    """Whether the question asks about something particular (then the sentences of the tied
    documents compete), rather than what every meeting has ("Who opened the meeting?");
    ``ignore``: terms that do not count ("day 2" of "What is on at 10h00 on day 2?")."""
    return bool(set(question.key_terms) - EVENT_TERMS - question.type_nouns - ignore)


def _reports(corpus: Corpus, cand: extract.Candidate, person: str) -> bool:
    """Whether a candidate quotes or reports ``person``: itself, the quotation it is part of
    (attributed in its last sentence), or the sentence before it when it goes on "He said..."."""
    text = corpus.index.passages[cand.row].text
    start, end = corpus.quote_unit(cand.row, cand.start)
    if reports(text[start:end], person) or speaks(text[text.rfind("\n", 0, cand.start or 0) + 1:], person):
        return True
    if re.match(r"^[\"“'‘]?(He|She|They)\b", cand.text):
        previous = [s for s in corpus.sentences(cand.row) if s.end <= start]
        return bool(previous) and reports(previous[-1].text, person)
    return False


def _answer(corpus: Corpus, question: Question, best: extract.Candidate, person: str | None, context: Topic | None) -> Outcome:
    index = corpus.index
    text, start, end = best.text, best.start, best.end
    if best.row is not None:
        start, end = corpus.quote_unit(best.row, best.start)
        text = index.passages[best.row].text[start:end]
    if best.row is not None:  # "It is the room", "Post questions there": what it is; "Should we sign?": the reply
        start, end = corpus.widened(best.row, start, end, question.asks == "where" and bool(PLACE_PRONOUN.search(text)))
        text = index.passages[best.row].text[start:end]
    if best.row is not None and (items := corpus.list_after(best.row, start, end)):
        text = f"{text}\n{items}"  # "with an emphasis on:" and the items below it
    span = None
    if best.typed or question.describes:
        shift = best.text and text.find(best.text)
        known = find_person(list(index.speakers), question.describes) if question.describes else None
        bold = extract.bold_span(question, best, known.name if known else None)
        if bold is not None and shift is not None and shift >= 0:
            span = (bold[0] + shift, bold[1] + shift)
    if question.asks in ("who", "whom") and not question.describes and best.row is not None and QUOTATION.search(text) \
            and person_named(text, None, [s.name for s in index.speakers]) is None and (said := quoted_by(
                index.speakers, best.document, index.passages[best.row].position, index.passages[best.row].text[:end])):
        text, span = f"{said}: {text}", (0, len(said))  # "Who said ...?": words whose speaker is named before them
    text, span = schedule.resolve_relative_date(text, span, corpus.dates.get(best.document))
    if best.row is not None:
        text = schedule.with_day(corpus, best.row, start, text)
    found_person = person or (context.person if context and question.pronoun else None)
    if found_person is None and "PERSON" in question.expects:  # the person the answer names, for "him" next
        found_person = person_named(text, span, [s.name for s in index.speakers])
    if not best.typed and (heading := verify.heading_needed(question, corpus, best.document, best.row, start, text)):
        text, span = f"{heading}\n{text}", span and (span[0] + len(heading) + 1, span[1] + len(heading) + 1)
    row = best.row if best.row is not None else corpus.rows.get((best.document, 0))
    whole = best.row is not None and start == 0 and end == len(index.passages[best.row].text)
    return Outcome(question.text, "passage", text, row, None if whole or best.row is None else start,
                   None if whole or best.row is None else end, span, topic=Topic(best.document, found_person))


def _speakers(corpus: Corpus, question: Question, document: str, exclude: tuple[str, ...]) -> Outcome | None:
    """"Who spoke?": the people the document quotes or reports acting, in order of first mention
    (``None`` when it reports none: a list of speakers may still name them)."""
    people = [s for s in corpus.index.speakers
              if (s.quotes or s.actions) and any(d == document for d, _ in s.passages)
              and not any(mentions(s.name, x) for x in exclude)]
    if not people:  # a programme's "Speakers: ..." may say it; else nothing does
        return None if set(text_terms(question.text)) & SPEAKING & corpus.document_terms.get(document, set()) \
            else _declined(question.text, verify.Verdict("detail", question.text, corpus.titles.get(document)), corpus.rows.get((document, 0)))
    names = [p.name for p in people]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    lead = "Also reported speaking: " if exclude else "Reported speaking: "
    first_row = corpus.rows.get((document, min(pos for d, pos in people[0].passages if d == document)))
    return Outcome(question.text, "speakers", lead + listed + ".", first_row, topic=Topic(document, None),
                   confidence=1.0)
