"""Step 4: does the evidence support the question? A typed :class:`Verdict`: answered, or what is missing.

Every name and number of the question must be in the answering document (accents, case and a
typo aside); every key word must be there too, or the answer must paraphrase the question
closely (dense similarity); a question asking for a date, a number or a time must get one; a
question asking what someone said must find them quoted or reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from embeddings.lexical import fold, tokenize, terms as text_terms
from knowledge.answering.corpus import Corpus
from knowledge.language.names import acronym_spans, held_in, holds as _holds, mentions, same_word
from knowledge.language.nlp import SYMBOL, Entity, entities, parse
from knowledge.language.clauses import indirect
from knowledge.language.countries import countries_of
from knowledge.language.vocabulary import TITLE_WORDS
from knowledge.reading.passages import is_heading
from knowledge.answering.kinds import DUE_BY, DUE_NOUNS, same_sense
from knowledge.answering import extract
from knowledge.answering.question import GENERIC_TERMS, Focus, Question

PARAPHRASE = 0.55
"""Dense similarity of question and answer above which key words of the question missing from
the document count as paraphrased ("headed" for "Head of"). Tuned on the first six real-dev
releases (README)."""

ROLE_TERMS = frozenset(text_terms(" ".join(TITLE_WORDS)))
"""Titles and roles as terms ("chair", "rapporteur"): a field labelled so names a person."""
_HOSTING = frozenset(text_terms("host sponsor"))  # verbs that are a field's role too ("Host: ..." for "Who hosts?")


@dataclass(frozen=True)
class Verdict:
    """What the check found: answered (``missing`` is ``None``), or declined with what is missing.

    ``missing`` is one of ``"name"`` (no document mentions ``what``, a name or number of the
    question), ``"name here"`` (the release meant, titled ``title``, does not mention ``what``),
    ``"quote"`` (the briefing does not quote ``what``, a person), ``"detail"`` (the release meant
    does not say what ``what``, the question, asks), ``"nothing"`` (no sentence comes close), and
    for "What's on now?" and "What's next?": ``"no programme"`` (no document gives times of day),
    ``"another day"`` (the programme is for ``what``, a date, not today), and ``"after"`` or
    ``"before"`` (no row comes after or before ``what``: the time now, or a row).
    :meth:`sentence` is the one place the decline wording is made."""

    missing: str | None = None
    what: str = ""
    title: str | None = None

    @property
    def answered(self) -> bool:
        return self.missing is None

    def sentence(self) -> str:
        """The decline as a sentence for the person asking; empty when answered."""
        titled = f"\u201c{short_title(self.title)}\u201d" if self.title else ""
        if self.missing == "name":
            return f"None of the documents mentions {self.what}."
        if self.missing == "name here":
            return f"The document {titled} doesn't mention {self.what}."
        if self.missing == "quote":
            return f"The briefing doesn't quote {self.what}{' in ' + titled if titled else ''}."
        if self.missing == "detail":
            return f"{'The document ' + titled if titled else 'The briefing'} doesn't say {indirect(self.what)}."
        if self.missing == "nothing":
            return f"The documents don't say {indirect(self.what)}."
        if self.missing == "no programme":
            return "None of the documents gives a programme with times of day."
        if self.missing == "another day":
            return (f"The programme{' of ' + titled if titled else ''} is for {self.what}, not today: ask what is "
                    "on at a time instead, such as \u201cWhat is on at 10h00?\u201d")
        if self.missing in ("after", "before"):
            return f"Nothing in the programme{' of ' + titled if titled else ''} comes {self.missing} {self.what}."
        return ""


ANSWERED = Verdict()
ITEM_TERMS = frozenset(text_terms("item items"))


def short_title(title: str, words: int = 10) -> str:
    """A release title cut to ``words`` words (default 10) with an ellipsis, for a decline."""
    parts = title.split()
    return title if len(parts) <= words else " ".join(parts[:words]) + "\u2026"


def names_known(question: Question, all_words: set[str]) -> Verdict:
    """Every name and number the question turns on is in some document (``all_words``)."""
    for focus in question.focus:
        if not holds(all_words, focus.text):
            return Verdict("name", focus.text)
    return ANSWERED


def is_number(item: str) -> bool:
    """Whether a name the question gives is a bare number ("2017", "1,500"), without letters."""
    return any(ch.isdigit() for ch in item) and not any(ch.isalpha() for ch in item)


def qualified(question: Question, near: set[str]) -> bool:
    """Whether the nationality a question asks a member (or their words) by ("Which <adjective>
    member spoke?") is among the folded words ``near``, as the adjective or as its country; true
    for other questions."""
    if not ("PERSON" in question.expects or question.saying) or not question.qualifiers:
        return True
    return all(any(holds(near, n) for n in (q, *names)) for q in question.qualifiers if (names := countries_of(q)))


def supported(question: Question, corpus: Corpus, encoder, document: str, row: int | None, text: str,
              dense: float) -> Verdict:
    """The answer ``text`` (at ``row`` of ``document``; ``dense``: its similarity to the question) is
    supported: the question's names are near it, and its key words are there or paraphrased,
    unless what is missing leaves the question unanswered (:func:`unsupported`)."""
    title = corpus.titles.get(document)
    for focus in question.focus:
        if not backs(corpus, focus, document, row):
            return Verdict("name here", focus.text, title or document)
    if not qualified(question, corpus.near_words(document, row)):
        return Verdict("detail", question.text, title)
    missing = [t for t in missing_key_terms(question, corpus, document, row)  # "item 5" is found by its number
               if t not in question.type_nouns and t not in question.cues and not (question.items and t in ITEM_TERMS)]
    surface = dict(zip(question.key_terms, question.key_words))
    said = same_sense(set(text_terms(text)), near=True)  # "agreed" for "decided", "gathered" for "attended"
    said |= set(text_terms(question.head)) if question.head in DUE_NOUNS and DUE_BY.search(text) else set()  # "by 6 May"
    missing = [t for t in missing if not paraphrased(surface.get(t, t), text, encoder, corpus) and t not in said]
    if missing and (question.items or pairs_person_with(question, text, " ".join(corpus.header(document))) or (
            question.asks in ("who", "whom") and question.focus and corpus.is_listed(document, text)
            and names_all(question, text))):
        # "Austria | Dr. Anna Huber" says who represents Austria; "A/79/1 - Report" listed under
        # item 4 says which document goes with it; "3. Treasurer's report (Ms. Holm)" says who
        # gives it: the verb only links the two
        verbs = {t for token in parse(question.text) if token.pos_ == "VERB" for t in text_terms(token.text)} \
            - set(text_terms(question.head or ""))  # "Who are the group chairs?": the role, even misread as a verb
        missing = [t for t in missing if t not in verbs]
    if missing and not question.describes and unsupported(question, missing, dense, corpus.index.idf,
                                                          corpus.identity_terms(document)):
        return Verdict("detail", question.text, title)
    return ANSWERED


def backs(corpus: Corpus, focus: Focus, document: str, row: int | None) -> bool:
    """Whether a name the question gives backs an answer from ``row``: a body's name ("the Lakes
    Board") anywhere in the document (long minutes may name it pages later), another name near it."""
    words = corpus.document_words(document) if focus.kind == "ORG" else corpus.near_words(document, row)
    return holds(words, focus.text)


def names_first(text: str, person: str) -> bool:
    """Whether ``text`` names ``person`` before any other person."""
    last = person.split()[-1]
    at = next((m.start() for m in re.finditer(r"\w+", text) if mentions(m.group(), last)), None)
    return at is not None and not any(e.kind == "PERSON" and e.start < at and not mentions(e.text, person)
                                      for e in entities(text))


def only_of(question: Question, text: str) -> bool:
    """Whether ``text`` names a person the question gives and no one else ("Mr X presented his
    report" for "Who took the floor on Mr X's report?"): it is about them, not who is asked for."""
    named = [f.text for f in question.focus if f.kind == "PERSON"]
    people = [[mentions(e.text, n) for n in named] for e in entities(text) if e.kind == "PERSON"]
    return bool(named) and bool(people) and all(any(hits) for hits in people)


def names_all(question: Question, text: str) -> bool:
    """Whether ``text`` itself holds every name the question gives (not only its neighbours)."""
    held = set(re.findall(r"\w+", fold(text)))
    return all(holds(held, f.text) for f in question.focus)


def pairs_person_with(question: Question, text: str, title: str | None = None) -> bool:
    """Whether ``text`` is a table row ("Lakeland | Dr. Anna Huber") or a list's entry ("Dr. Anna
    HUBER Lakeland") that pairs a person with a name the who-question gives (its other names may
    name the meeting, in ``title``: the document's title or heading block): the row's
    structure states the relation the question's verb asks about ("represents", "sat for",
    "attends for"), which the row never writes."""
    from knowledge.language.nlp import entities
    from knowledge.reading.cleaning import NAME_LINE

    *labels, text = text.split("\n")  # a row may be read with its group's label ("Members:")
    entry = "|" in text or NAME_LINE.match(text)  # "Mr. LUND Norway": a summary record's list, one a line
    if question.asks not in ("who", "whom") or not question.focus or not entry or not all(
            introduces_only(label) for label in labels):
        return False

    row, titled = set(re.findall(r"\w+", fold(text))), set(re.findall(r"\w+", fold(title or "")))
    in_row = [holds(row, f.text) for f in question.focus]
    return any(in_row) and all(r or holds(titled, f.text) for r, f in zip(in_row, question.focus)) \
        and any(e.kind == "PERSON" for e in entities(text))


def adds_nothing(question: Question, text: str, title: str | None) -> bool:
    """Whether ``text`` only repeats the question and its document's title: a heading such as
    "Address by the Secretary General" for "Which Secretary General addressed the committee?",
    or the title line of an agenda. It names the subject without answering. An acronym of the
    question or the title covers the words it stands for ("UN": "United Nations"); unless the question asks
    when, a date in the line adds nothing either ("Harbour talks, Oslo, 3 May 2027"), and a line that
    is only a document symbol ("LC/C/SR.12") adds nothing unless a symbol is asked for."""
    if "SYMBOL" not in question.expects and (found := SYMBOL.fullmatch(text.strip())) and re.search(r"\d", found.group(0)):
        return True
    asked = set(text_terms(question.text)) | set(text_terms(title or ""))
    for acronym in set(re.findall(r"\b[A-Z]{2,8}\b", f"{question.text} {title or ''}")):  # the title's too
        for span in acronym_spans(acronym, text):
            asked |= set(text_terms(span))
    if not {"DATE", "TIME"} & set(question.expects):  # a heading's date line tells nothing else
        from knowledge.language.nlp import entities

        for e in entities(text):
            if e.kind in ("DATE", "TIME") and not re.fullmatch(r"\d{4}", e.text):  # "the 2019 meeting" tells which
                asked |= set(text_terms(e.text))
    return not set(text_terms(text)) - asked


def heading_needed(question: Question, corpus: Corpus, document: str, row: int | None, start: int | None,
                   text: str) -> str:
    """The heading line right above ``text`` (at ``start`` in passage ``row``), when ``text`` only
    repeats the question and the heading adds a name it lacks ("The chair reported on the
    elections." under "Peru, May 2027" for "Which elections did the chair report on?"); else ``""``."""
    title = corpus.titles.get(document)
    if row is None or is_heading(text) or not adds_nothing(question, text, title):
        return ""  # (a heading under a heading, "Harbour talks" under "Oslo, 3 May", says nothing)
    passage = corpus.index.passages[row]
    before = passage.text[: start or 0]
    if before.strip():  # a line above in the same passage, when the text starts a line
        heading = before.rstrip(" ").removesuffix("\n").rsplit("\n", 1)[-1] if before.rstrip(" ").endswith("\n") else ""
    else:
        heading = corpus.index.passages[row - 1].text.rsplit("\n", 1)[-1] if passage.position else ""
    from knowledge.language.nlp import entities

    # a name the question lacks ("Peru"), not any new word ("Contents" over a table of contents)
    return heading if is_heading(heading) and any(not adds_nothing(question, e.text, title) for e in entities(heading)) else ""


def introduces_only(text: str) -> bool:
    """Whether ``text`` ends in a colon: it announces what follows ("Coming events:",
    "... would visit the following ports:") and says nothing itself. A label read with the line
    it labels ("Chairman: Mr. Lund") does not end in one."""
    return text.rstrip().endswith(":")


def holds(text_words: set[str], item: str) -> bool:
    """:func:`knowledge.language.names.holds`, dates compared by their numbers."""
    return _holds(text_words, item, is_date=bool(re.search(r"\d", item) and re.search(r"[A-Za-z]{3}", item) and _is_date(item)))


def _is_date(text: str) -> bool:
    from knowledge.language.nlp import entities

    return any(e.kind == "DATE" for e in entities(text))


def missing_key_terms(question: Question, corpus: Corpus, document: str, row: int | None = None) -> list[str]:
    """Key terms of the question the evidence does not hold (one typo allowed in terms of 5+
    letters): the document, or in a long one the answer's passage and its surroundings."""
    held = corpus.near_terms(document, row)
    return [t for t in question.key_terms if not held_in(t, held) and not any(same_word(t, h) for h in held)]


WORD_PARAPHRASE = 0.58
"""Dense similarity between a question's word and a word or phrase of up to three words of the
answer above which the answer counts as saying it otherwise ("victims": "vulnerable human
beings", 0.60; "founded": "organizations", 0.53, is not). Set on the shipped briefing's
questions (README)."""


RELATIVE = 5
"""Letters a name's word shares with the question's to be only its relative ("chair-"), set
beforehand. A relative outside a name often is a paraphrase ("succeeded" for "successful", "signed"
for "signer": SQuAD lost three answers when every relative was refused)."""
_DETERMINERS = frozenset("the a an this that these those its their his her our your my".split())


def _in_name(text: str, at: int) -> bool:
    """Whether the capitalised word at ``at`` continues a name: after an acronym or a capitalised
    word (a number between) that is no title nor determiner ("the Norway 2027 Chairmanship"; not
    "the Chair", "The Chair opened it", nor "Chairperson:" opening a line)."""
    if not text[at : at + 1].isupper():
        return False
    before = re.search(r"([^\W\d_][\w'’-]*)\s+(?:\d+\s+)?$", text[max(0, at - 60) : at])
    return bool(before) and before.group(1)[:1].isupper() and before.group(1).lower().rstrip(".") not in TITLE_WORDS \
        and before.group(1).lower() not in _DETERMINERS


def paraphrased(word: str, text: str, encoder, corpus: Corpus) -> bool:
    """Whether ``text`` says ``word`` in other words (see :data:`WORD_PARAPHRASE`). A name's word
    that begins as ``word`` does is no paraphrase ("the OSCE Chairmanship", a state's term, for
    "chaired"): the model puts them near for the word pieces they share."""
    stem = fold(word)[:RELATIVE]
    words = [m.group(0) for m in re.finditer(r"[^\W\d_][\w-]+", text) if len(m.group(0)) > 2 and not (
        len(stem) == RELATIVE and fold(m.group(0)).startswith(stem) and _in_name(text, m.start()))]
    grams = list(dict.fromkeys(words + [" ".join(words[i : i + n]) for n in (2, 3) for i in range(len(words) - n + 1)]))
    if not grams:
        return False
    vectors = corpus.sentence_vectors(encoder, [word] + grams)
    return float((vectors[1:] @ vectors[0]).max()) >= WORD_PARAPHRASE


CLOSE_PARAPHRASE = 0.7
"""Dense similarity above which even the noun a question asks about ("the budget") may be
worded otherwise in the answer."""
NON_CONTENT_HEADS = frozenset(t for terms in tokenize(["name kind type part thing one way sort"]) for t in terms)


def unsupported(question: Question, missing: list[str], dense: float, idf: dict[str, float],
                naming: frozenset[str] = frozenset()) -> bool:
    """Whether the key words the document lacks leave the question unanswered: the noun (or verb) it
    asks about is missing (unless the answer paraphrases the question very closely), or most of
    its key words by weight are and the answer is no close paraphrase."""
    head = set(text_terms(question.head)) - NON_CONTENT_HEADS if question.head else set()
    if question.asks == "when" or (question.asks == "how" and _PROCEDURE.match(question.text)):  # "When did it
        head |= set(text_terms(_when_verb(question.text)))  # close?", "How do I register?": the verb is asked
    if head & set(missing) and dense < CLOSE_PARAPHRASE:
        return True
    keys = [t for t in question.key_terms if t not in question.type_nouns]
    keys = [t for t in keys if t not in naming] or keys  # "harbour forum" names the meeting, asks nothing
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(t, default) for t in keys) or 1.0
    share = sum(idf.get(t, default) for t in missing) / total
    # "Is it open to the press?" asks whether all of it holds: "opened the meeting" says nothing of the press
    return (share > 0.5 or question.asks == "yes-no") and dense < PARAPHRASE


_PROCEDURE = re.compile(r"\s*how\s+(?:do|can|could|should|may|must)\s+(?:i|we|you|one)\b", re.I)
"""A question for a procedure ("How do I register?"), named by its verb; not "How did the war end?"."""


def _when_verb(question: str) -> str:
    """The verb of "When did/does/will <subject> <verb> ...?" ("rise", "close"), which the tagger
    may misread as a noun or an adverb: the first verb after the subject, else the last word
    when it follows the subject's noun; ``""`` for another form ("When is the vote?")."""
    tokens = [t for t in parse(question) if not t.is_punct]
    if len(tokens) < 4 or tokens[1].lower_ not in ("did", "does", "do", "will", "would", "shall"):
        return ""
    verbs = [t for t in tokens[3:] if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound")]
    if verbs:
        return verbs[0].text
    last = tokens[-1]
    return last.text if last.text.islower() and tokens[-2].pos_ in ("NOUN", "PROPN") else ""


def names_the_doer(text: str, question: str) -> bool:
    """Whether ``text`` is a record's field whose label names the one who does what the question's
    verb says: "Speakers: Mr AHL" for "Who spoke?", "Chair: Ms HOLM" for "Who chaired?"."""
    label, colon, rest = text.rsplit("\n", 1)[-1].partition(":")
    if not colon or not rest.strip() or len(label) > 40:
        return False
    verbs, labels = verb_terms(question), set(text_terms(label))
    # the doer's noun ("Speakers": spoke), or the verb's word as a role ("Chair:"), not "Present:"
    return any(held_in(v, labels) and (v not in labels or v in ROLE_TERMS or v in _HOSTING) for v in verbs)


def verb_terms(question: str) -> set[str]:
    """The terms of the verbs of ``question`` ("represented": "repres")."""
    return {t for token in parse(question) if token.pos_ == "VERB" for t in text_terms(token.text)}


def names_no_one(question: str, text: str, typed: tuple[Entity, ...]) -> bool:
    """Whether a line answers "who" only with the role the question's verb gives its doer ("The PRESIDENT thanked the
    Board." for "Who presided?"). A person named answers; a body too, unless it stands apart from that role."""
    asked = {t.lower_ for t in parse(question)}  # a doer's noun is not the verb itself (a show "Harbour Live" for "live")
    doers = [t for t in parse(text) if t.pos_ in ("NOUN", "PROPN") and t.lower_.endswith(("er", "or", "ive", "ant", "ent", "ist", "man",
             "woman", "person", "ee")) and t.lower_ not in asked and set(text_terms(t.text)) & verb_terms(question) - GENERIC_TERMS]
    bodies = [e for e in typed if e.kind == "ORG"]
    return not any(e.kind == "PERSON" for e in typed) and any(not bodies or t.dep_.startswith("nsubj") and not any(
        min(x.idx for x in t.subtree) <= e.start < max(x.idx + len(x) for x in t.subtree) for e in bodies) for t in doers)


def listed_without(corpus: Corpus, question: Question, best: extract.Candidate) -> bool:
    """Whether what the question asks about is a line of its own in the answer's document (an
    agenda item, a table row, a heading) without what is asked, while the answer, which has it,
    is about something else: "When is the closing?" with "5. Closing of the session" listed
    without a time and "The session opens at 10h00" the only time."""
    wanted = set(question.key_terms) - question.type_nouns - question.cues - GENERIC_TERMS \
        - corpus.identity_terms(best.document)  # the meeting's own name is no line's subject
    lacking = wanted - set(text_terms(under(corpus, best)))
    if not lacking:
        return False
    listed = [line for line, terms in corpus.listed_lines(best.document) if lacking <= terms]
    return bool(listed) and not any(extract.typed_items(question, line) for line in listed)


def under(corpus: Corpus, cand: extract.Candidate) -> str:
    """A candidate's text with the heading it comes under ("18:00 Room 4" under its entry's title)."""
    return cand.text if cand.row is None else f"{corpus.heading_of(cand.row, cand.start or 0)}\n{cand.text}"


def names_kind(cand: extract.Candidate, place: bool, hosting: frozenset[str] = frozenset()) -> bool:
    """Whether a candidate names what the question asks for: for "which country", a place or a
    nationality ("the Norwegian Chairmanship"); an organisation, which "which country" also
    accepts in the text, does not suffice alone. With ``hosting`` (the terms of "host"),
    the place must be where something is ("in Oslo"; see :func:`~knowledge.answering.extract.typed_items`)
    or the one hosting ("Norway will host")."""
    if not place:
        return cand.fits
    if hosting:
        return bool(cand.features) and cand.features[extract.FEATURES.index("answer kind")] >= 1.0 or any(
            e.kind == "PLACE" and hosting & set(text_terms(cand.text[e.end : e.end + 25])) for e in cand.typed)
    return any(e.kind == "PLACE" for e in cand.typed) or any(e.label_ == "NORP" for e in parse(cand.text).ents)
