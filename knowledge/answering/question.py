"""Step 1: what a question asks, what would answer it, and what it turns on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from embeddings.lexical import fold, tokenize, terms as text_terms
from knowledge.language.nlp import item_numbers, parse
from knowledge.language.times import ClockTime, question_times
from knowledge.language.names import same_word
from knowledge.language.vocabulary import TITLE_WORDS
from knowledge.answering.kinds import (AMOUNT_NOUNS, DATE_NOUNS, DUE_NOUNS, GENERIC_NOUNS, GENERIC_PEOPLE, GENERIC_TERMS,
                                       GENERIC_VENUES, ITEM_NOUNS, ORDINAL_NOUNS, ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS, ROLE_NOUNS,
                                       SYMBOL_NOUNS, TIME_NOUNS, TIME_UNITS, VENUE_NOUNS, SAYING_VERBS, ELSE, FUTURE,
                                       PRONOUNS, AHEAD)

_WH = {"who", "whom", "whose", "when", "where", "why", "how", "what", "which"}
_CUE_VERBS = dict.fromkeys(("where", "when", "how"), ("hold", "convene", "host", "kick", "commence")) | {"who": ("give", "deliver", "present")}
"""Verbs that tie the answer to the question without being in it ("Who is giving the talk?": "Talk - Ana Holm")."""
_AFFILIATION = ("work", "belong", "serve")  # they only tie a person to the organisation asked for
_HOW = {w: f"how {w}" for w in ("many", "much", "long", "old", "often", "far", "large", "big")}


@dataclass(frozen=True)
class Focus:
    """A name or number the question turns on: the evidence must hold it."""

    text: str
    kind: str  # PERSON, ORG, PLACE, DATE, NUMBER or NAME (any other proper noun)


@dataclass(frozen=True)
class Question:
    """What one question asks.

    Attributes:
        text: The question as asked.
        asks: The question word(s): ``who``, ``when``, ``where``, ``how many``, ``how much``,
            ``how long``, ``what``, ``which``, ``why``, ``how`` or ``yes-no``.
        expects: Kinds of answer that satisfy it (see :data:`knowledge.language.nlp.KINDS`),
            the likeliest first; empty when any statement may (``what``, ``why``, ``how``).
        head: The noun of "which X", "what X" or "how many X", if any.
        focus: Names and numbers the question turns on.
        key_terms: Stemmed content words other than the focus, question and meeting words:
            what the question asks about ("born", "budget", "weather").
        describes: For "Who is X?" and "What is X's role?", the person or body X.
        saying: Asks what someone said.
        future: Looks ahead ("will", "next", "upcoming"): never answered with a past date.
        pronoun: Uses he/she/they (a follow-up, resolved against the previous exchange).
        excluding: Asks for someone or something *else* than the previous answer.
    """

    text: str
    asks: str
    expects: tuple[str, ...]
    head: str | None
    focus: tuple[Focus, ...]
    key_terms: tuple[str, ...]
    key_words: tuple[str, ...] = ()
    """The words as asked behind :attr:`key_terms`, in the same order."""
    qualifiers: tuple[str, ...] = ()
    """Nationalities and groups ("Saudi", "Omani"): they narrow down, like names, but the evidence
    may word them otherwise ("Saudi Arabia"), so they are not checked."""
    describes: str | None = None
    saying: bool = False
    future: bool = False
    pronoun: bool = False
    excluding: bool = False
    cues: frozenset[str] = frozenset()
    """Key terms that favour a sentence but that an answer need not repeat ("held" in "Where was
    the meeting held?": "The meeting took place in Oslo" answers too)."""
    items: tuple[str, ...] = ()
    """Numbers of the agenda items the question names ("under item 5": ``("5",)``)."""
    relative: str | None = None
    """``"now"``/``"next"`` ("What's next?"): the programme row the clock gives; ``"after"``/``"before"``
    ("What comes after lunch?"): the row next to :attr:`anchor`'s; else ``None``."""
    anchor: str | None = None
    """The row "after" or "before" refers to ("lunch", "coffee break")."""
    at: ClockTime | None = None
    """The time of day a question about a programme gives ("What is on at 15h00?"), unless it asks
    when: then the time is the answer, not the question."""

    @property
    def hard_type(self) -> bool:
        """Whether the answer must hold an item of :attr:`expects` (a date, number, time...), not just be likelier with one."""
        return bool(set(self.expects) & {"DATE", "TIME", "NUMBER", "AMOUNT", "DURATION", "ORDINAL"}) or \
            self.expects == ("VENUE",)

    joined: tuple[str, ...] = ()
    """Nouns naming another kind of answer joined to :attr:`head` ("time" of "what date and time"):
    they too say what is wanted, and the answer need not repeat them."""

    @property
    def type_nouns(self) -> frozenset[str]:
        """Stemmed nouns of the question that only say what kind of answer it wants ("which
        building", "what date"): the answer need not repeat them."""
        return self._head_nouns() | frozenset(t for noun in self.joined for t in text_terms(noun))

    def _head_nouns(self) -> frozenset[str]:
        if self.head and self.head in ROLE_NOUNS:
            return frozenset(text_terms(self.head))  # "What is X's position?", "Which post?" ask for a role
        if not self.head or not self.expects or (self.expects == ("VENUE",) and self.head not in GENERIC_VENUES):
            return frozenset()  # "which hotel": the answer must be a hotel
        if self.expects == ("SYMBOL",):  # "which document number": a symbol says the number
            return frozenset(text_terms(f"{self.head} number symbol code"))
        if self.head in DUE_NOUNS:
            return frozenset()  # "the deadline": the answer says so
        if self.head in PERSON_NOUNS and self.head not in GENERIC_PEOPLE:
            return frozenset()  # "which minister": the answer must be the minister
        if self.head in DATE_NOUNS | TIME_NOUNS:  # "what day of the week", "the hours on the second day": all say "a date"
            return frozenset(t for w in re.findall(r"\w+", self.text.lower()) if w in DATE_NOUNS | TIME_NOUNS
                             for t in text_terms(w))
        return frozenset(text_terms(self.head))


_FILLERS = frozenset("actually exactly precisely specifically basically ever".split())  # "Who actually opened it?"
_BY_HEAD = ((PERSON_NOUNS, ("PERSON", "ORG")), (ORG_NOUNS, ("ORG", "PLACE")), (VENUE_NOUNS, ("VENUE",)),
            (PLACE_NOUNS, ("PLACE", "ORG")), (DATE_NOUNS, ("DATE",)), (DUE_NOUNS, ("DATE", "TIME")),
            (TIME_NOUNS, ("TIME",)),  # a clock time; a year or a day does not answer
            (ORDINAL_NOUNS, ("ORDINAL", "NUMBER")), (AMOUNT_NOUNS, ("AMOUNT", "NUMBER")),
            (SYMBOL_NOUNS, ("SYMBOL",)), (ITEM_NOUNS, ("ITEM",)))


def _expects(asks: str, head: str | None) -> tuple[str, ...]:
    if head in TIME_NOUNS and asks == "when":  # "at what time" (read as "when"): a clock time
        return ("TIME",)
    if head and asks in ("what", "which") and any(same_word(head, n) for n in SYMBOL_NOUNS):
        return ("SYMBOL",)  # "which draft resoluton" (sic): a typo in the noun is forgiven
    if head in ITEM_NOUNS and asks in ("what", "which"):
        return ("ITEM",)
    if head and asks in ("what", "which"):
        for nouns, kinds in _BY_HEAD:
            if head in nouns:
                return kinds
    if asks == "how many" and head in TIME_UNITS:
        return ("DURATION", "NUMBER")
    return {
        "who": ("PERSON", "ORG"), "whose": ("PERSON", "ORG"), "when": ("DATE", "TIME"),
        "where": ("PLACE", "VENUE", "ORG"),
        "how many": ("NUMBER", "AMOUNT"),
        "how large": ("NUMBER", "AMOUNT"), "how big": ("NUMBER", "AMOUNT"),
        "how much": ("AMOUNT",) if head is None else ("AMOUNT", "NUMBER"),
        "how long": ("DURATION", "DATE"),
        "how old": ("NUMBER", "DURATION"),
        "how often": ("FREQUENCY", "DURATION", "NUMBER", "DATE"),
    }.get(asks, ())


def analyse(text: str) -> Question:
    """Read one question (already tidied by ``normalise_question``)."""
    doc = parse(text)
    tokens = list(doc)
    asks, head, wh_index = "yes-no", None, None
    for i, token in enumerate(tokens):
        word = token.lower_
        if word in _WH:
            wh_index = i
            asks = word
            if word == "how" and i + 1 < len(tokens) and tokens[i + 1].lower_ in _HOW:
                asks = _HOW[tokens[i + 1].lower_]
                if asks in ("how many", "how much", "how large", "how big"):  # "How large is the budget?": budget
                    head = _copula_subject(tokens, i + 1) if asks in ("how large", "how big") else _noun_after(tokens, i + 2)
            elif word in ("what", "which", "whose"):
                nxt = _noun_after(tokens, i + 1, adjacent=True)
                if token.dep_ == "det" and token.head.pos_ in ("NOUN", "PROPN"):  # "which document number": a document
                    head = next((c.lower_ for c in token.head.children if c.dep_ == "compound" and c.lower_ in SYMBOL_NOUNS
                                 and token.head.lower_ in ("number", "symbol", "code")), token.head.lower_)
                elif nxt:
                    head = nxt
                else:  # "What is the title of...", "Which of the institutes..."
                    head = _copula_subject(tokens, i)
            break
    if asks == "what" and head in ("time",):
        asks = "when"
    if wh_index is None and tokens and tokens[0].lower_ in ("list", "name"):
        asks, head = "which", _noun_after(tokens, 1)
    focus = _focus(doc, text)
    describes = _describes(doc, text, asks, head, focus)
    if asks == "who" and head is None and not describes and wh_index is not None:
        head = _role_asked(tokens, wh_index, {w for f in focus for w in f.text.split()})
    joined = tuple(c.lower_ for t in tokens if t.lower_ == head for c in t.children
                   if c.dep_ == "conj" and any(c.lower_ in nouns for nouns, _ in _BY_HEAD))
    # a "verb" in a noun's place is a noun misread ("Who chaired the Harbour Board call?")
    saying = any(t.lemma_.lower() in SAYING_VERBS or t.lower_ in SAYING_VERBS for t in tokens if t.pos_ in ("VERB", "AUX")
                 and t.dep_ not in ("dobj", "pobj", "nsubj", "compound")) \
        or bool(re.search(r"\baccording to\b", text, re.I))
    focus_words = {w for f in focus for w in text_terms(f.text)}
    ahead = {t.i for t in tokens if t.dep_ == "amod" and AHEAD.fullmatch(t.text)}
    content = [t.text for t in tokens if t.pos_ in ("NOUN", "VERB", "ADJ", "PROPN", "ADV", "NUM")
               and not t.is_stop and t.lower_ not in _WH and t.lower_ not in _HOW and t.lower_ not in _FILLERS
               and not (t.pos_ == "VERB" and (t.lemma_.lower() in SAYING_VERBS or t.lower_ in SAYING_VERBS))
               and t.i not in ahead]  # "the following meeting" asks for the next one, not for "following"
    qualifiers = tuple(ent.text for ent in doc.ents if ent.label_ == "NORP")
    covered_norp = {t.i for ent in doc.ents if ent.label_ == "NORP" for t in ent}
    focus = tuple(f for f in focus if not any(t.i in covered_norp and t.text in f.text.split() for t in tokens
                                              if len(f.text.split()) == 1))
    surface = {}
    for word in content + ([head] if head else []):
        for t in text_terms(word):
            surface.setdefault(t, word)
    focus_words |= {w for q in qualifiers for w in text_terms(q)}
    acted = {t for w in tokens if w.pos_ == "VERB" or w.lower_ == "press" and w.dep_ != "compound" and not {  # "was released";
             w.head.lemma_, w.head.head.lemma_} & SAYING_VERBS  # "open to the press" asks of the media; not "press
             for t in text_terms(w.text)} & GENERIC_NOUNS  # release", nor "told the press" (whom it was said to)
    key = [t for t in text_terms(" ".join(content)) if t not in focus_words and (t not in GENERIC_TERMS or t in acted)]
    cues: set[str] = set()
    # "Where was it held?": "Held in the Grand Hotel"; "When does it kick off?"; "Which city hosts it?" asks where
    if verbs := ("host",) if head in PLACE_NOUNS else _CUE_VERBS.get(asks):
        cues = {t for w in tokens if w.pos_ == "VERB" and w.lemma_.lower() in verbs for t in text_terms(w.text)}
        key += [t for t in cues if t not in key]
    if head in ORG_NOUNS and focus:  # "Which ministry does Ann Smith work for?": her title names it, not "work"
        cues |= {t for w in tokens if w.lemma_.lower() in _AFFILIATION and (w.pos_ == "VERB" or w.dep_ == "ROOT")
                 for t in text_terms(w.text)}  # the tagger reads "work" in "does Ann Smith work for" as a noun
        key = [t for t in key if t not in cues]
    if describes:
        roles = {t for terms in tokenize(sorted(ROLE_NOUNS)) for t in terms}
        key = [t for t in key if t not in roles]
    if head:
        head_terms = text_terms(head)
        key = [t for t in key if t not in head_terms] + [t for t in head_terms if t not in GENERIC_TERMS]
    written = question_times(text) if asks in ("what", "which", "who", "whom", "where") else []
    at = written[0].start if written else None
    if written:  # the time is checked against the programme's own spans, not as words or as a name
        said = set(text_terms(written[0].text))
        key, focus = [t for t in key if t not in said], tuple(f for f in focus if f.text not in written[0].text)
    relative = None if at is not None else _relative(tokens, asks, key)
    anchor = None
    if relative:  # the clock and the programme answer it, not these words
        key = []
    elif at is None and (found := _anchor(tokens, asks)):
        (relative, anchor), key = found, [t for t in key if t not in text_terms(f"{found[1]} come happen follow precede")]
    return Question(
        text=text, asks=asks,
        expects=tuple(dict.fromkeys(k for noun in (head, *joined) for k in _expects(asks, noun))) if not describes else (),
        head=head,
        joined=joined,
        focus=focus,
        key_terms=tuple(dict.fromkeys(key)),
        key_words=tuple(surface.get(t, t) for t in dict.fromkeys(key)),
        qualifiers=qualifiers,
        describes=describes,
        saying=saying,
        future=bool(FUTURE.search(text) or ahead),
        pronoun=bool(PRONOUNS.search(text)),
        excluding=bool(ELSE.search(text)),
        items=item_numbers(text),
        cues=frozenset(cues),
        at=at,
        relative=relative,
        anchor=anchor,
    )


def _anchor(tokens, asks: str) -> tuple[str, str] | None:
    """``("after", "lunch")`` for "What comes after lunch?": "after" or "before" on the verb
    the what/who word is the subject of; not "What did he say after the vote?"."""
    if asks not in ("what", "who"):
        return None
    for token in tokens:
        if token.lower_ in ("after", "before") and token.dep_ == "prep" and any(
                c.dep_ == "nsubj" and c.lower_ in ("what", "who") for c in token.head.children):
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                words = [t.text for t in objects[0].subtree if t.dep_ != "det" and not t.is_punct]
                if words:
                    return token.lower_, " ".join(words)
    return None


_NOW = re.compile(r"\b(?:now|currently|at the moment|at present)\b", re.I)
_RELATIVE_TERMS = frozenset(text_terms("now right next currently moment present"))


def _relative(tokens, asks: str, key: list[str]) -> str | None:
    """``"now"`` or ``"next"`` when a what/who question asks for the programme's present or next
    row: "next" alone ("What comes next?"), not before a noun ("the next meeting"), and no other
    key word but a verb ("Who is speaking now?"; "Who is the chair now?" asks about a role)."""
    if asks not in ("what", "who"):
        return None
    # a verb ("speaking") may stay, and where "next" is ("next on the agenda"): that names the programme
    verbs = {t for token in tokens if token.pos_ in ("VERB", "AUX") or (
        token.dep_ == "pobj" and token.head.head.lower_ in ("next", "now")) for t in text_terms(token.text)}
    if any(t not in GENERIC_TERMS | _RELATIVE_TERMS | verbs for t in key) or len(set(key) - _RELATIVE_TERMS) > 1:
        return None
    if any(t.lower_ == "next" and t.dep_ != "amod" for t in tokens):
        return "next"
    return "now" if _NOW.search(" ".join(t.text for t in tokens)) else None


def _noun_after(tokens, start: int, *, adjacent: bool = False) -> str | None:
    """The first noun from ``start`` (skipping numbers and adjectives: "which three countries")."""
    for token in tokens[start : start + 4]:
        if token.pos_ in ("NOUN", "PROPN"):
            return token.lower_
        if adjacent and token.pos_ not in ("NUM", "ADJ", "DET"):
            return None
    return None


def _copula_subject(tokens, wh: int) -> str | None:
    """"What is/was the <noun> of ...", "What is X's <noun>?", "What are the meeting hours?" -> the (last) noun."""
    rest = tokens[wh + 1 : wh + 8]
    if rest and rest[0].lemma_ == "be":
        for at, token in enumerate(rest[1:], 1):
            if token.pos_ == "NOUN":  # of a run of nouns, the last naming a kind of answer ("meeting hours")
                run = [t.lower_ for t in rest[at : next((j for j, t in enumerate(rest) if j > at and t.pos_ != "NOUN"), len(rest))]]
                return next((w for w in reversed(run) if any(w in kind for kind, _ in _BY_HEAD)), run[0])
            if token.pos_ not in ("DET", "ADJ", "PRON", "PROPN", "PART") and token.text not in ("'s", "’s"):
                break
    return None


_FOCUS_KINDS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
                "DATE": "DATE", "CARDINAL": "NUMBER", "MONEY": "NUMBER", "PERCENT": "NUMBER", "QUANTITY": "NUMBER",
                "EVENT": "NAME", "WORK_OF_ART": "NAME", "LAW": "NAME", "PRODUCT": "NAME", "ORDINAL": "NUMBER"}


def _focus(doc, text: str) -> tuple[Focus, ...]:
    """Named entities, other proper nouns and numbers of the question."""
    found: list[Focus] = []
    covered: set[int] = set()
    ends: dict[int, int] = {}  # an entity's last token -> its focus
    for ent in doc.ents:
        kind = _FOCUS_KINDS.get(ent.label_)
        if kind not in (None, "DATE") and re.fullmatch(r"\d+(?:st|nd|rd|th)|[\d.,]+", ent.text, re.I):
            kind = "NUMBER"  # "the 112th meeting": a number, though the tagger may call it a place
        if kind is None or (kind == "DATE" and not re.search(r"\d", ent.text)):
            continue
        words = [t for t in ent if not t.is_stop and t.lower_ not in _WH and (t.pos_ in ("PROPN", "NUM") or t.text[:1].isupper() or t.like_num)]
        if not words:
            continue
        ends[ent[-1].i] = len(found)
        found.append(Focus(" ".join(t.text for t in words), kind))
        covered.update(t.i for t in ent)
    words, aux = [t for t in doc if t.is_alpha], any(t.pos_ == "AUX" and t.lemma_ != "be" for t in doc)  # not "Who is ... session?"
    verb = words[-1].i if words and words[-1].is_lower and aux and not any(t.pos_ == "VERB" for t in doc) else None  # "did ... meet"
    run: list = []
    for token in list(doc) + [None]:
        proper = token is not None and token.i not in covered and token.lower_ not in _WH and not token.is_stop and token.i != verb and (
            token.pos_ == "PROPN" or (token.i > 0 and token.text[:1].isupper() and token.pos_ in ("NOUN", "ADJ")) or token.like_num)
        if proper:
            run.append(token)
            continue
        if run:
            kind = "NUMBER" if all(t.like_num for t in run) else "NAME"
            i, name = run[0].i, " ".join(t.text for t in run)
            if i - 2 in ends and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ + doc[i - 1].whitespace_:
                joined = found[ends[i - 2]]  # "HB-NORD" read as an organisation and a word: the organisation
                found[ends[i - 2]] = Focus(f"{joined.text}-{name}", joined.kind)
            else:
                found.append(Focus(name, kind))
            run = []
    return tuple(f for f in found if re.search(r"\w", f.text))


_ROLES = {t: noun for noun in PERSON_NOUNS - GENERIC_PEOPLE for t in text_terms(noun)}


def _role_asked(tokens, wh: int, named: set[str]) -> str | None:
    """The role of "Who is the rapporteur?", "Who are the group's chairs?" (as :data:`PERSON_NOUNS`
    writes it): the answer must be that role's holder, so the role must be near it."""
    if wh + 1 >= len(tokens) or tokens[wh + 1].lemma_ != "be":
        return None
    for token in tokens[wh + 2 : wh + 8]:
        if token.pos_ in ("ADP", "PUNCT", "SCONJ") or token.dep_ in ("acl", "relcl"):
            return None
        # "Who is the Secretary General?" names an office (a name, not a role noun); "the group
        # chairs" may be misread as a verb, unlike "is chairing"
        if token.text not in named and (token.pos_ != "VERB" or token.dep_ == "attr"):  # "the group chairs" (misread as a verb), not "is chairing"
            if role := next((_ROLES[t] for t in text_terms(token.text) if t in _ROLES), None):
                return role
    return None


def _describes(doc, text: str, asks: str, head: str | None, focus: tuple[Focus, ...]) -> str | None:
    """The person or body of "Who is X?", "What is X's position?", if the question is one.

    "Who is <a name>?" asks for a description; "Who is <the role>?" ("Who was Guest of Honour
    at...") asks for a person, so the name must be a person's or short and without article."""
    m = re.match(r"^\s*who\s+(?:is|was|'s|are|were)\s+(.+)$", text, re.I)
    if asks == "who" and m:
        rest = re.split(r"[,(;:?]|\s+(?:who|that|at|in|of|as)\s+", m.group(1))[0].strip(" .!?")
        people = [f.text for f in focus if f.kind == "PERSON" and fold(f.text) in fold(rest) and all(  # "Dr X", not "from X"
            {w.lower(), w.lower().rstrip(".")} & TITLE_WORDS for w in rest[: fold(rest).find(fold(f.text))].split())]
        if people:
            return people[0]
        words = rest.split()
        first = next((t for t in doc if t.idx >= m.start(1)), None)
        roles = PERSON_NOUNS | {w.rstrip(".") for w in TITLE_WORDS}
        if (1 <= len(words) <= 4 and first is not None
                and first.pos_ not in ("VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "SCONJ", "NUM")
                and not any(w.lower().strip("'’s") in roles for w in words)):
            return rest  # "who is kakha shengelia"; not "who was chosen", "who was INTERPOL's President"
        return None
    names = [f.text for f in focus if f.kind in ("PERSON", "NAME")]
    owned = [f.text for f in focus if re.search(re.escape(f.text) + r"['’]s\s+(?:\w+\s+)?" + re.escape(head or "-"), text)]
    if (names or owned) and head in ROLE_NOUNS and asks in ("what", "which"):
        return (owned or names)[0]
    return None
