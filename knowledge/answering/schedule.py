"""Programmes and answers in time: the clock's row ("What's on now?", "What's next?"), the row next
to another ("What comes after lunch?"), the days of a programme of several ("on Thursday", "on day
2"), and "today" in a release read against its date.

A programme of several days writes each day as a line of its own above that day's rows
("Thursday, 4 March 2027"; see :meth:`knowledge.answering.corpus.Corpus.programme_days`). Its
rows are then read with their day: a question that names a day gets that day's rows, the clock
uses today's, and an answer from such a programme says its day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import takewhile

from embeddings.lexical import terms as text_terms
from knowledge.answering import verify
from knowledge.answering.corpus import Corpus
from knowledge.answering.kinds import AHEAD, FUTURE, NEXT_MEETING, same_sense
from knowledge.answering.question import Question
from knowledge.answering.scope import Scope
from knowledge.answering.sections import titles
from knowledge.answering.types import Outcome, Topic
from knowledge.language.dates import human_date
from knowledge.language.names import words
from knowledge.language.nlp import item_numbers, names_person
from knowledge.language.times import ClockTime
from knowledge.reading.cleaning import parse_date_line
from knowledge.reading.passages import LINE_CHARS

_NTH_DAY = re.compile(r"\b(?:day\s+(\d)|(first|second|third|fourth|fifth|last)\s+day)\b", re.I)
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_RELATIVE_DAY = re.compile(r"\b(?:today|tomorrow|yesterday)\b", re.I)
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def asked_day(corpus: Corpus, document: str, question: str, now: dt.datetime | None = None) -> str | None:
    """The day (ISO) of ``document``'s programme that ``question`` names: by its weekday
    ("on Thursday"), its date ("on 4 March", "March 4"), its place ("day 2", "the last day")
    or the clock ("today", "tomorrow": ``now``, default the machine's); ``None`` when it names
    none of them, or the programme has one day."""
    days = corpus.programme_days(document)
    if not days:
        return None
    if m := _RELATIVE_DAY.search(question):
        today = (now or dt.datetime.now().astimezone()).date()
        day = (today + dt.timedelta(days=_RELATIVE_DAYS[m.group().lower()])).isoformat()
        return day if day in days else None
    if m := _NTH_DAY.search(question):
        n = len(days) if (m.group(2) or "").lower() == "last" else int(m.group(1) or _NTH.get(m.group(2).lower(), 0))
        return days[n - 1] if 1 <= n <= len(days) else None
    said = set(words(question))
    named = []
    for iso in days:
        day = dt.date.fromisoformat(iso)
        month = {f"{day:%B}".lower(), f"{day:%b}".lower()}
        if f"{day:%A}".lower() in said or (str(day.day) in said and month & said):
            named.append(iso)
    return named[0] if len(named) == 1 else None


def day_scope(corpus: Corpus, scope: Scope, ranked: Sequence[str], question: str, now: dt.datetime | None,
              *, named: bool) -> tuple[Scope, str] | None:
    """The day the question names in the first document of ``scope`` that has it, else (when
    the question names no meeting, ``named`` false) in the best-ranked programme of several days
    that has it, then scoped to that programme alone; ``None`` when none has it."""
    first = scope.documents[:1]
    others = [] if named or scope.from_context else [d for d in ranked if d not in first]
    for document in (*first, *others):
        if day := asked_day(corpus, document, question, now):
            return (scope if document in first else Scope((document,), (1.0,))), day
    return None


def day_words(question: str) -> frozenset[str]:
    """The terms of "day 2", "the last day" or "tomorrow" in ``question``: a row of that day need
    not repeat them."""
    from embeddings.lexical import terms as text_terms

    found = [*_NTH_DAY.finditer(question), *_RELATIVE_DAY.finditer(question)]
    return frozenset(t for m in found for t in text_terms(m.group()))


def clock_time(corpus: Corpus, document: str, relative: str, now: dt.datetime | None
               ) -> tuple[ClockTime, str | None] | verify.Verdict:
    """The time of ``document``'s programme that "now" or "next" means at ``now`` (default: the
    machine's clock), with the day of a programme of several: now's own time, or the first row
    starting after it that day. Declined when the programme is for other days, or nothing
    starts later. A programme without a date is taken to be today's."""
    now = now or dt.datetime.now().astimezone()
    title = corpus.titles.get(document)
    today = now.date().isoformat()
    days = corpus.programme_days(document) or tuple(filter(None, [corpus.dates.get(document)]))
    if days and today not in days:
        shown = human_date(days[0]) if len(days) == 1 else f"{human_date(days[0])} to {human_date(days[-1])}"
        return verify.Verdict("another day", shown, title)
    day = today if corpus.programme_days(document) else None
    clock = ClockTime(now.hour, now.minute)
    if relative == "now":
        return clock, day
    starts = sorted({span.start.minutes: span.start for _, span, _ in corpus.timed_lines(document, day)}.items())
    later = [start for minutes, start in starts if minutes > clock.minutes]
    return (later[0], day) if later else verify.Verdict("after", f"{clock} (the time now)", title)


def next_to(corpus: Corpus, documents: Sequence[str], anchor: str, after: bool, question: str,
            now: dt.datetime | None = None) -> tuple[str, ClockTime, str | None] | verify.Verdict | None:
    """The document, start time and day of the programme row after (or before) the first row
    that holds every word of ``anchor`` (on the day ``question`` names, if it names one), in
    the first of ``documents`` that has one; a decline when that row is the programme's last
    (or first) that day, or when only other days have such a row; ``None`` when no row holds
    the anchor (then the question is an ordinary one)."""
    from embeddings.lexical import terms as text_terms

    wanted = set(text_terms(anchor)) - day_words(question)  # "after lunch tomorrow": lunch's row, that day
    if not wanted:  # "What comes after that?": no row to look for
        return None
    for document in documents:
        day = asked_day(corpus, document, question, now)
        lines = corpus.timed_lines(document, day)
        at = next((i for i, (line, _, _) in enumerate(lines) if wanted <= set(text_terms(line))), None)
        if at is None:
            if day and any(wanted <= set(text_terms(line)) for line, _, _ in corpus.timed_lines(document)):
                return verify.Verdict("detail", question, corpus.titles.get(document))  # lunch, but another day
            continue
        other = at + 1 if after else at - 1
        if not 0 <= other < len(lines):
            return verify.Verdict("after" if after else "before", anchor, corpus.titles.get(document))
        return document, lines[other][1].start, lines[other][2]
    return None


_PROGRAMME_WORDS = frozenset("programm program schedul plan agenda happen on".split())
"""Stems of "What is the programme for Thursday?", "What happens on day 2?": the day's whole programme."""


def day_programme(corpus: Corpus, document: str, day: str, question: str, key_terms: Sequence[str]
                  ) -> Outcome | None:
    """The rows of ``day`` in ``document``'s programme of several days, under its date, when the
    question asks what that day holds and nothing more ("What's on tomorrow?"); else ``None``."""
    from embeddings.lexical import terms as text_terms

    if set(key_terms) - day_words(question) - _PROGRAMME_WORDS - set(text_terms(human_date(day))):
        return None
    rows = [(row, corpus.index.passages[row].text[a:b].strip())
            for row in (corpus.rows[(document, p.position)] for p in corpus.passages_of(document))
            for a, b, _ in corpus.timetable(row) if corpus.day_of(row, a) == day]
    if not rows:
        return None
    text = "\n".join([human_date(day), *(line for _, line in rows)])
    return Outcome(question, "passage", text, rows[0][0], span=(0, len(human_date(day))), topic=Topic(document),
                   confidence=1.0)


_AGENDA_WORDS = frozenset("agenda item programm program schedul discuss topic".split())
"""Stems of "What is on the agenda?", "What are the items?", "What will be discussed?"."""
MAX_LISTED = 25
"""Most agenda items listed in one answer (about a phone screen); more end in an ellipsis."""


AIM_REACH = 2
"""Passages read for the sentence that says what a meeting is for, to answer "What is it about?":
a release says it first ("Sailors met in Oslo to discuss ..."); an aim written later is
often another's (a fund's, a programme's)."""


def agenda(corpus: Corpus, document: str, question: Question, text: str) -> Outcome | None:
    """The items of ``document``'s agenda, one per line (a programme's timed rows where it lists
    no items), when the question asks what the agenda or programme holds and nothing more
    ("What is on the agenda?", "What is the schedule?"), or what the meeting is about (an agenda's
    items, else the sentence that gives its aim: :meth:`~knowledge.answering.corpus.Corpus.aim`);
    else ``None``, also for a document listing fewer than two. A question naming another heading
    gets the lines under it (:func:`section`)."""
    if (listed := section(corpus, document, question, text)) is not None:
        return listed
    asked = set(question.key_terms)
    about = question.asks == "what" and re.search(r"\babout\W*$", text)  # "What is the meeting about?" (no other word)
    count = re.match(r"\W*how\s+many\s+(?:agenda\s+)?items\b", text, re.I)  # "How many items are on the agenda?"
    if question.asks not in ("what", "which") and not count or question.at is not None or question.anchor or question.items \
            or not (asked & _AGENDA_WORDS or about) or asked - corpus.identity_terms(document) - _AGENDA_WORDS - _PROGRAMME_WORDS:
        return None
    items = agenda_items(corpus, document)
    if len(items) < 2 and not about:  # "What is the schedule?" of a programme: its rows, under their days
        items = programme_rows(corpus, document) if corpus.has_timetable(document) else []
    if len(items) < 2 and about and (aim := corpus.aim(document, AIM_REACH)):
        return Outcome(text, "passage", aim[1], aim[0], topic=Topic(document), confidence=1.0)
    if len(items) < 2:
        return None
    counted = [f"{len(items)} items:"] if count else []
    return listing(text, document, counted + [line for line, _ in items], items[0][1])


_LIST_WORDS = frozenset(t for w in ("item", "point", "list", "all") for t in text_terms(w))
"""Words of "What are the action items/points?", "List all the actions": no more than the heading."""


def section(corpus: Corpus, document: str, question: Question, text: str) -> Outcome | None:
    """The lines under a heading of ``document`` that the question names and nothing more ("What are
    the action items?" of minutes with "Actions" over one action a line; "What are the next steps?"),
    when there are two or more, or one short line (an item); for "who", the people listed one a line
    under it ("Apologies" over "Ann Smith"); else ``None`` (a paragraph under it answers as a sentence)."""
    asked = set(question.key_terms) - corpus.identity_terms(document)
    who = question.asks in ("who", "whom") and not question.describes  # "Who sent apologies?": the people under "Apologies"
    if question.asks not in ("what", "which") and not who or not asked or question.focus or question.items or question.at is not None:
        return None
    wide = same_sense(asked)  # "What did they resolve?": "Resolutions"
    extra = _LIST_WORDS | (verify.verb_terms(text) if who else set())
    passages = corpus.passages_of(document)
    for at, passage in enumerate(passages):
        lines = passage.text.split("\n")
        for i, line in enumerate(lines):
            named = set(text_terms(line))  # (the words first: telling a heading may parse the line)
            if not (named and named <= wide and asked - same_sense(named) <= extra and titles(line)):
                continue
            under = lines[i + 1 :]
            row = corpus.rows[(document, passage.position)]
            if not under and at + 1 < len(passages):  # the heading alone, its lines the next passage's
                row = corpus.rows[(document, passages[at + 1].position)]
                under = _headed(corpus, document, passages[at + 1 :], line)
            if who:
                under = list(takewhile(names_person, under))
            if len(under) >= 2 or under and (who or len(under[0]) <= LINE_CHARS):  # (one item, not a paragraph)
                return listing(text, document, under, row)
    return None


def _headed(corpus: Corpus, document: str, following: Sequence, heading: str) -> list[str]:
    """The lines of the ``following`` passages that ``heading`` (a passage of its own) heads: those
    up to the first passage under another heading, or that is a heading itself (a one-line title)."""
    lines: list[str] = []
    for n, passage in enumerate(following):
        if corpus.heading_of(corpus.rows[(document, passage.position)]) != heading or (
                n and "\n" not in passage.text and titles(passage.text)):
            break
        lines += passage.text.split("\n")
    return lines


def ahead_first(corpus: Corpus, cands: list, text: str) -> list:
    """For a question about what is still to come, its candidates (:class:`~knowledge.answering.extract.Candidate`)
    with those under a heading that puts a meeting ahead ("Future meetings"; not "5. Next meeting
    host", an item) first, in the document's order. For "When is the next meeting?" only lines that
    look ahead ("will meet", "the next session") follow: a lead on the meeting held ("held the round
    table on the programme for 2021-2025") says nothing of the next."""
    cands = [c for c in cands if c.row is not None] or cands
    ahead = sorted((c for c in cands if c.typed and AHEAD.search(heading := corpus.heading_of(c.row, c.start or 0))
                    and not item_numbers(heading[:12])), key=lambda c: (c.row, c.start or 0))
    return ahead + [c for c in cands if c not in ahead and (not NEXT_MEETING.search(text) or FUTURE.search(c.text))]


def listing(question: str, document: str, lines: list[str], row: int) -> Outcome:
    """An answer that lists ``lines`` of ``document`` (cited by passage ``row``), one per line,
    at most :data:`MAX_LISTED`, then an ellipsis."""
    shown = lines[:MAX_LISTED] + (["…"] if len(lines) > MAX_LISTED else [])
    return Outcome(question, "passage", "\n".join(shown), row, topic=Topic(document), confidence=1.0)


def papers(question: Question, under: Sequence, text: str) -> Outcome | None:
    """For "Which documents go with item 5?" (a plural noun of papers), the lines of ``under`` (the
    candidates under the item, :class:`~knowledge.answering.extract.Candidate`) that give a
    document symbol, in their order; ``None`` for a singular noun or fewer than two."""
    if question.head not in ("documents", "papers", "symbols"):
        return None
    lines = sorted({(c.row, c.start or 0): c for c in under if any(e.kind == "SYMBOL" for e in c.typed)}.items())
    if len(lines) < 2:
        return None
    return listing(text, lines[0][1].document, [c.text for _, c in lines], lines[0][1].row)


ROW_TIME_REACH = 24
"""Characters into a line within which a programme's row gives its time ("Tuesday, 4 June 2027,
10:00", "Day 2 - 09h30"); further in, a sentence gives it ("The meeting closed at 8.40pm")."""


def programme_rows(corpus: Corpus, document: str) -> list[tuple[str, int]]:
    """The timed rows of ``document``'s timetable in order ("11h30 | Coffee break"), each day's
    date first in a programme of several, with their passages' rows (passages with one timed
    line are prose, not a timetable)."""
    rows, day = [], None
    for passage in corpus.passages_of(document):
        row = corpus.rows[(document, passage.position)]
        # a row opens with its time or is a table's ("Monday 10:00 Opening"), not "... closed at 8.40pm"
        lines = [(a, b, span) for a, b, span in corpus.timetable(row) if span.char_start <= ROW_TIME_REACH
                 or "|" in passage.text[a:b]]
        if len(lines) < 2:
            continue
        for start, end, _ in lines:
            if (on := corpus.day_of(row, start)) and on != day:
                day = on
                rows.append((human_date(on), row))
            if text := passage.text[start:end].strip():
                rows.append((text, row))
    return rows


def agenda_items(corpus: Corpus, document: str) -> list[tuple[str, int]]:
    """The lines of ``document`` that open with an agenda item's number ("Item 2 ...", "3. ..."),
    each once where first listed, with its passage's row."""
    items: dict[str, int] = {}
    for p in corpus.passages_of(document):
        for line in p.text.split("\n"):
            if item_numbers(line.strip()[:12]):
                items.setdefault(line.strip(), corpus.rows[(document, p.position)])
    return list(items.items())


def with_day(corpus: Corpus, row: int, offset: int, text: str) -> str:
    """``text`` (a unit of passage ``row`` from ``offset``) followed by its day in brackets when
    it is a row of a programme of several days and does not say the day itself."""
    day = corpus.day_of(row, offset)
    if day is None or any(parse_date_line(line) == dt.date.fromisoformat(day) for line in text.split("\n")):
        return text
    return f"{text} ({human_date(day)})"


def resolve_relative_date(text: str, span: tuple[int, int] | None, iso: str | None) -> tuple[str, tuple[int, int] | None]:
    """"... gathered in Oslo today ..." -> the same, then "(today: Wednesday, 3 March 2027, the
    release's date)", with the date in bold, when the release is dated."""
    if not iso:
        return text, span
    word = None
    if span is not None:
        word = text[span[0] : span[1]].lower()
    if word not in _RELATIVE_DAYS:
        m = re.search(r"\b(today|yesterday|tomorrow)\b", text, re.I)
        if not m or (span is not None):
            return text, span
        word = m.group(1).lower()
    try:
        day = dt.date.fromisoformat(iso) + dt.timedelta(days=_RELATIVE_DAYS[word])
    except ValueError:
        return text, span
    shown = f"{day:%A}, {day.day} {day:%B %Y}"
    note = f" ({word}: {shown}, going by the document's date)"
    begin = len(text) + len(f" ({word}: ")
    return text + note, (begin, begin + len(shown))
