"""Answering questions from the index: hybrid retrieval, meeting facts, the sentence that
answers, and an honest "not in the briefing"."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.encoder import Encoder
from embeddings.errors import EncoderError
from embeddings.lexical import tokenize
from knowledge.errors import InvalidQuestionError, ModelUnavailableError
from knowledge.facts import Fact
from knowledge.index import KnowledgeIndex
from knowledge.passages import Passage, split_sentences
from knowledge.speakers import Speaker, find_person, open_quote

TOP_K = 5
MAX_QUESTION_CHARS = 1000
"""Longer texts are not questions; the model reads only the first ~256 tokens anyway."""

DENSE_WEIGHT = 0.5
"""Weight of the z-scored dense similarity in the fused ranking; the z-scored BM25 score gets
the rest. BM25 finds names, numbers and rare words, the embedding finds paraphrases. 0.5 is
best on SQuAD (part A, both halves of its articles) and among the best on the made-up
meetings (README)."""

MIN_DENSE = 0.23
"""Evidence that a question is about the briefing: the best dense similarity among the top
three passages reaches this, or :data:`MIN_DENSE_WITH_WORDS` while the best passage holds at
least :data:`MIN_COVERAGE` of the question's content words (typos corrected).

Chosen on the labelled made-up meetings (tests/knowledge/meetings_questions.jsonl), never on
single questions: there off-topic questions reach at most 0.16 similarity and 0.33 coverage,
answerable ones at least 0.30 similarity; each cut sits between the two groups. The seed
questions and their paraphrases are held out and checked with the same values (README)."""

MIN_DENSE_WITH_WORDS = 0.15
MIN_COVERAGE = 0.5

SMALL_TALK = re.compile(
    r"^(hi|hello|hey|hiya|good (morning|afternoon|evening|day)|thanks?( you)?( very much| a lot)?|thank you|"
    r"thx|ok(ay)?|cool|great|bye|goodbye|see you|cheers|yes|no|how are you)\W*$",
    re.IGNORECASE,
)

_SAY = re.compile(r"\b(say|said|says|state[sd]?|quote[sd]?|tell|told|according to|remark|comment|warn(ed)?|urge[sd]?)\b", re.I)
_DATE_Q = re.compile(
    r"^(when\b|on what (date|day)|what (date|day)|which (date|day))|\b(what|which) (date|day)\b|\bday of the week\b|\bweekday\b",
    re.I,
)
_PLACE_Q = re.compile(r"^where\b|\b(which|what) (city|town|venue|place|location)\b|\bvenue\b", re.I)
_DURATION_Q = re.compile(r"\bhow long\b|\bhow many days\b|\bduration\b", re.I)
_PHOTO_Q = re.compile(r"\bphoto\w*|\b(picture|image)s?\b", re.I)
_GENERIC = {
    "meet", "meeting", "event", "take", "place", "held", "hold", "happen", "start", "begin", "last", "long",
    "day", "date", "week", "weekday", "city", "venue", "locat", "location", "took", "photo", "photograph",
    "pictur", "imag", "it", "wa", "is", "did", "do", "what", "when", "where", "which", "who", "how", "mani",
}
_VENUE_TERMS = {"gather", "conven", "met", "meet", "held", "host", "assembl", "took", "take", "open", "start", "begin", "happen"}
_QUESTION_WORDS = {"what", "did", "does", "do", "who", "whom", "when", "where", "which", "how", "why", "say", "said", "tell", "mani"}


@dataclass(frozen=True)
class Source:
    """A retrieved passage with where it comes from."""

    document: str
    title: str | None
    date: str | None
    passage: int
    score: float
    text: str
    section: str | None = None
    """The page ("p. 3") or section heading, where the document's format tells."""


@dataclass(frozen=True)
class Answer:
    """The reply to one question.

    Attributes:
        question: The question as asked (whitespace tidied).
        answered: Whether the briefing holds an answer.
        text: What to show as the answer (the sentence(s) that answer, or a stated fact);
            empty when not answered.
        sources: The top retrieved passages, best first, whether or not answered; when
            answered, the first is the passage the answer comes from.
        highlight: ``(start, end)`` of the answer inside ``sources[0].text`` when the answer
            is a part of that passage; ``None`` otherwise.
        kind: ``"passage"``, ``"fact"``, ``"declined"`` or ``"small_talk"``.
    """

    question: str
    answered: bool
    text: str
    sources: tuple[Source, ...]
    highlight: tuple[int, int] | None = None
    kind: str = "passage"

    @property
    def best(self) -> Source | None:
        return self.sources[0] if self.sources else None


def normalise_question(question: str) -> str:
    """Tidy a question once at the edge; refuse one that is empty or too long.

    Raises:
        InvalidQuestionError: Nothing to ask, or more than :data:`MAX_QUESTION_CHARS` characters.
    """
    text = unicodedata.normalize("NFC", question)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = re.sub(r"\s+", " ", text).strip()
    if not any(ch.isalnum() for ch in text):
        raise InvalidQuestionError("The question is empty; ask something about the meeting, e.g. \"Who opened the meeting?\"")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestionError(
            f"The question is {len(text):,} characters long; keep it under {MAX_QUESTION_CHARS:,}."
        )
    return text


def _zscore(matrix: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Each row of ``matrix`` standardised by its mean and spread (over ``rows`` only, if given)."""
    reference = matrix if rows is None else matrix[:, rows]
    mean = reference.mean(axis=1, keepdims=True)
    std = reference.std(axis=1, keepdims=True)
    return np.where(std > 1e-9, (matrix - mean) / np.where(std > 1e-9, std, 1.0), 0.0)


@dataclass(frozen=True)
class Evidence:
    """Why a question was (not) answered: the figures the decision used."""

    dense: float
    coverage: float

    @property
    def on_topic(self) -> bool:
        return self.dense >= MIN_DENSE or (self.dense >= MIN_DENSE_WITH_WORDS and self.coverage >= MIN_COVERAGE)


def rank(index: KnowledgeIndex, vectors: np.ndarray, questions: Sequence[str], *, mode: str = "hybrid") -> tuple[np.ndarray, np.ndarray]:
    """Scores of every passage for every question: ``(fused, dense)``, each ``(n_questions, n_passages)``.

    In an index with an HNSW graph, only candidates are scored (see :func:`_candidate_dense`):
    other passages get ``-inf`` fused and ``nan`` dense scores.

    Args:
        mode: ``"hybrid"`` (z-scored dense and BM25, weighted by :data:`DENSE_WEIGHT`),
            ``"dense"`` or ``"lexical"``, the last two for comparison.
    """
    lexical = index.lexical.scores(questions) if mode != "dense" else None
    if index.store.approximate is None:
        dense = index.store.similarities(vectors)
        stats_rows = None
    else:
        dense = _candidate_dense(index, vectors, lexical)
        stats_rows = index.sample_rows
    unscored = np.isnan(dense)
    if mode == "dense":
        return np.where(unscored, -np.inf, dense), dense
    if mode == "lexical":
        return lexical, dense
    fused = DENSE_WEIGHT * _zscore(np.where(unscored, 0.0, dense), stats_rows) + (1 - DENSE_WEIGHT) * _zscore(lexical)
    for i, question in enumerate(questions):
        fused[i] += _boosts(index, question)
    fused[unscored] = -np.inf
    return fused, dense


CANDIDATES = 100
"""Passages scored per question and retriever when the index searches through an HNSW graph."""


def _candidate_dense(index: KnowledgeIndex, vectors: np.ndarray, lexical: np.ndarray | None) -> np.ndarray:
    """Exact dense similarities of each question's candidates, ``nan`` elsewhere.

    Candidates are the graph's nearest passages, BM25's best and the fixed sample of rows whose
    similarities stand in for all rows' when z-scoring (see ``KnowledgeIndex.sample_rows``).
    """
    store = index.store
    dense = np.full((len(vectors), len(store)), np.nan, dtype=np.float32)
    for i, (rows, scores) in enumerate(store.nearest_rows(vectors, CANDIDATES)):
        dense[i, rows] = scores
        others = index.sample_rows if lexical is None else np.union1d(index.sample_rows, _top(lexical[i], CANDIDATES))
        dense[i, others] = store.similarities_at(vectors[i], others)
    return dense


QUOTE_BOOST = 1.5
"""Added to the fused score of passages quoting a person the question asks about ("What did
X say...?"): the quote, not the introduction of X, is what was said."""
FOCUS_BOOST = 0.5
"""Added to passages holding the verb a "Who <verb>...?" question turns on ("Who opened...",
"Who chaired..."): the verb names the fact asked for, the rest only the setting."""


def _boosts(index: KnowledgeIndex, question: str) -> np.ndarray:
    bonus = np.zeros(len(index.passages), dtype=np.float32)
    tokens, known = index.lexical.terms(question)
    if _SAY.search(question):
        rows = {r for t in known if t in index.name_terms for r in index.quoted_rows.get(t, ())}
        bonus[sorted(rows)] += QUOTE_BOOST
    focus = _focus(question)
    if focus:
        bonus[index.term_rows.get(focus, [])] += FOCUS_BOOST
    return bonus


_AUX = r"(?:is|are|was|were|did|does|do|will|would|has|have|had|can|could|should)"


def _focus(question: str) -> str | None:
    """The word a question turns on, where its form tells: the verb of "Who opened...?", the
    noun of "What is the aim of...?", the closing verb of "What did X propose?"."""
    q = question.strip().rstrip("?!. ")
    patterns = (
        rf"^who\s+(?!{_AUX}\b)(\w+)",
        r"^what\s+(?:is|are|was|were)\s+(?:the|a|an)\s+(\w+)",
        r"^what\s+(?:did|does|do|will|would)\s+.+?\s(\w+)(?:\s+(?:on|about|to|for|with|at))?$",
    )
    for pattern in patterns:
        m = re.match(pattern, q, re.I)
        if m:
            terms = tokenize([m.group(1)])[0]
            if terms and terms[0] not in _QUESTION_WORDS:
                return terms[0]
    return None


def answer_questions(
    index: KnowledgeIndex,
    encoder: Encoder,
    questions: Sequence[str],
    *,
    top_k: int = TOP_K,
    mode: str = "hybrid",
) -> list[Answer]:
    """Answer several questions with one encoder call (batched), in order.

    Args:
        index: The index snapshot to answer from.
        encoder: The encoder that made the index.
        questions: Questions as typed; each is tidied with :func:`normalise_question`.
        top_k: Passages returned as sources per question.
        mode: ``"hybrid"`` (the bot's), or ``"dense"``/``"lexical"`` retrieval alone, without
            facts or sentence picking: the baselines the evaluation compares against.

    Raises:
        InvalidQuestionError: A question is empty or too long (checked before any work).
        ModelUnavailableError: The model could not be loaded.
    """
    tidy = [normalise_question(q) for q in questions]
    if not tidy:
        return []
    try:
        vectors = encoder.encode(tidy)
    except EncoderError as exc:
        raise ModelUnavailableError(str(exc)) from exc
    if not index.passages:
        return [Answer(q, False, "", (), kind="declined") for q in tidy]
    fused, dense = rank(index, vectors, tidy, mode=mode)
    answers = []
    for i, question in enumerate(tidy):
        order = _top(fused[i], top_k)
        sources = [_source(index.passages[r], float(fused[i, r])) for r in order]
        if mode != "hybrid":
            answered = float(dense[i, order[0]]) >= MIN_DENSE
            answers.append(Answer(question, answered, sources[0].text if answered else "", tuple(sources),
                                  kind="passage" if answered else "declined"))
            continue
        answers.append(_answer_one(index, question, order, dense[i], sources))
    return answers


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the ``k`` highest scores, best first, without sorting the whole row."""
    if k < len(scores):
        part = np.argpartition(-scores, k - 1)[:k]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")


def _answer_one(index: KnowledgeIndex, question: str, order: np.ndarray, dense: np.ndarray, sources: list[Source]) -> Answer:
    if SMALL_TALK.match(question.strip()):
        return Answer(question, False, "", tuple(sources), kind="small_talk")
    best = index.passages[int(order[0])]
    people = _people_answer(index, question, sources)
    if people is not None:
        return people
    evidence = Evidence(float(max(dense[order[:3]])), _coverage(index, question, int(order[0])))
    fact = _fact_answer(index, question, best.document) if _about_the_meeting(index, question, best.document) else None
    if fact is not None:
        text, passage = fact
        if evidence.on_topic or _only_generic(index, question):
            if passage is not None:
                sources = [_source(passage, sources[0].score)] + [s for s in sources if (s.document, s.passage) != (passage.document, passage.position)][: len(sources) - 1]
            return Answer(question, True, text, tuple(sources), kind="fact")
    if not evidence.on_topic:
        return Answer(question, False, "", tuple(sources), kind="declined")
    span = best_sentences(question, best.text, index.idf)
    text = best.text[span[0] : span[1]] if span else best.text
    return Answer(question, True, text, tuple(sources), span if span and text != best.text else None, "passage")


_WHO_SPOKE = re.compile(r"^(who|which people|which persons)\b.*\b(spoke|speak|speakers?|talked|addressed|took the floor|presented)\b|\b(list|name)\b.*\bspeakers\b", re.I)
_WHO_IS = re.compile(r"^\s*who\s+(is|was|'s)\b", re.I)


def speaker_line(speaker: Speaker) -> str:
    """``Name, role, first action.``"""
    parts = [speaker.name]
    if speaker.role:
        parts.append(speaker.role)
    if speaker.actions:
        parts.append(speaker.actions[0])
    return ", ".join(parts) + "."


def _people_answer(index: KnowledgeIndex, question: str, sources: list[Source]) -> Answer | None:
    """Questions about people, answered from the directory: who spoke, who is X, what X said."""
    speakers = list(index.speakers)
    if not speakers:
        return None
    if _WHO_SPOKE.search(question) and not find_person(speakers, question):
        first = speakers[0]
        text = "\n".join(speaker_line(s) for s in speakers)
        return _cited(question, text, index.passage(*first.passages[0]), sources, "speakers")
    person = find_person(speakers, question)
    if person is None:
        return None
    if _WHO_IS.search(question) and person.role:
        return _cited(question, speaker_line(person), index.passage(*person.passages[0]), sources, "speaker")
    if _SAY.search(question) and person.quotes:
        wanted = {t for t in _terms(question) if t not in _QUESTION_WORDS} - _terms(person.name)
        scores = [sum(index.idf.get(t, 1.0) for t in wanted & _terms(q[0])) for q in person.quotes]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        quote, document, position = person.quotes[best]
        following = [q for q in person.quotes[best + 1 :] if (q[1], q[2]) == (document, position) and re.match(r"^(He|She)\b", q[0])]
        text = " ".join([quote] + [q[0] for q in following[:1]])
        passage = index.passage(document, position)
        start = passage.text.find(quote)
        span = (start, start + len(text)) if start >= 0 and passage.text[start : start + len(text)] == text else None
        answer = _cited(question, text, passage, sources, "quote")
        return Answer(answer.question, True, text, answer.sources, span if text != passage.text else None, "quote")
    return None


def _cited(question: str, text: str, passage: Passage, sources: list[Source], kind: str) -> Answer:
    """An answer citing ``passage`` first, then the other retrieved passages."""
    first = _source(passage, sources[0].score if sources else 0.0)
    rest = [s for s in sources if (s.document, s.passage) != (first.document, first.passage)]
    return Answer(question, True, text, tuple([first] + rest)[: max(len(sources), 1)], None, kind)


def _terms(text: str) -> set[str]:
    return set(tokenize([text])[0])


def _coverage(index: KnowledgeIndex, question: str, row: int) -> float:
    tokens, known = index.lexical.terms(question)
    wanted = {t for t in tokens if t not in _QUESTION_WORDS}
    if not wanted:
        return 0.0
    corrected = {k for k in known if k not in _QUESTION_WORDS}
    return len(corrected & index.passage_terms[row]) / len(wanted)


def _about_the_meeting(index: KnowledgeIndex, question: str, document: str) -> bool:
    """Whether a when/where/how-long question is about the meeting itself rather than about
    something in it ("When will the plan be published?"): its words, beyond question and
    meeting words, all appear in the document's title, event name or opening passage."""
    f = index.facts[document]
    passages = index.by_document.get(document, [])
    lead = passages[0].text if passages else ""
    about = _terms(" ".join(filter(None, [f.title, f.event.value if f.event else None, lead])))
    tokens, known = index.lexical.terms(question)
    rest = [t for t in tokens if t not in _GENERIC and t not in _QUESTION_WORDS and t not in _VENUE_TERMS]
    corrected = set(known)
    return all(t in about or (t not in index.idf and corrected & about) for t in rest) if rest else True


def _only_generic(index: KnowledgeIndex, question: str) -> bool:
    """A question like "When was it?" with nothing but question and meeting words."""
    tokens, _ = index.lexical.terms(question)
    return all(t in _GENERIC or t in _QUESTION_WORDS for t in tokens)


def human_date(iso: str) -> str:
    """``2015-05-28`` -> ``Thursday, 28 May 2015``."""
    day = dt.date.fromisoformat(iso)
    return f"{day:%A}, {day.day} {day:%B %Y}"


def _fact_answer(index: KnowledgeIndex, question: str, document: str) -> tuple[str, Passage | None] | None:
    f = index.facts[document]

    def at(fact: Fact) -> Passage | None:
        passages = index.by_document.get(document, [])
        if fact.passage is None:
            return passages[0] if passages else None
        return passages[fact.passage]

    if _DATE_Q.search(question) and f.date is not None and not _SAY.search(question):
        label = f.event.value if f.event else (f.title or "The meeting")
        return f"{label}: {human_date(f.date.value)}.", at(f.date)
    if _PLACE_Q.search(question) and f.place is not None:
        return f.place.sentence or f.place.value, at(f.place)
    if _DURATION_Q.search(question) and f.duration is not None:
        return f.duration.sentence or f.duration.value, at(f.duration)
    if _PHOTO_Q.search(question) and f.photo_credit is not None:
        return f"Photo credit: {f.photo_credit.value}", at(f.photo_credit)
    return None


def best_sentences(question: str, text: str, idf: dict[str, float] | None = None) -> tuple[int, int] | None:
    """Span of the sentence(s) of ``text`` that answer ``question`` best.

    The sentence sharing the most content words (stemmed, accents folded; each weighted by
    ``idf``, so a rare word counts more than a name every passage repeats) with the question
    wins; ties go to the earlier one. A quotation cut by the sentence splitter is kept whole,
    and a following sentence that goes on with "He"/"She"/"They" is included when the
    question asks what someone said or it matches the question too: it reports the same
    person. ``None`` when the passage has one sentence or nothing matches.
    """
    wanted = {t for t in _terms(question) if t not in _QUESTION_WORDS}
    spans: list[tuple[int, int]] = []
    start = 0
    for sentence in split_sentences(text):
        begin = text.find(sentence, start)
        if begin < 0:
            return None
        spans.append((begin, begin + len(sentence)))
        start = begin + len(sentence)
    if len(spans) < 2 or not wanted:
        return None
    weight = (lambda t: idf.get(t, 1.0)) if idf else (lambda t: 1.0)
    matched = [wanted & _terms(text[a:b]) for a, b in spans]
    scores = [sum(weight(t) for t in m) for m in matched]
    first = last = max(range(len(spans)), key=lambda i: (scores[i], -i))
    if scores[first] == 0:
        return None
    while open_quote(text[spans[first][0] : spans[last][1]]):
        if open_quote(text[: spans[first][0]]) and first > 0:
            first -= 1
        elif last + 1 < len(spans):
            last += 1
        else:
            break
    if last + 1 < len(spans):
        nxt = text[spans[last + 1][0] : spans[last + 1][1]]
        if re.match(r"^(He|She|They)\b", nxt) and (_SAY.search(question) or matched[last + 1]):
            last += 1
    return spans[first][0], spans[last][1]


def _source(passage: Passage, score: float) -> Source:
    return Source(passage.document, passage.title, passage.date, passage.position, round(score, 4), passage.text,
                  passage.section)
